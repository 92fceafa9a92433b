"""Model features as polars expressions over canonical disputes.

Only the columns in :data:`FEATURE_SOURCES` are ever read, so a column decided
by the outcome (``closed_at``, ``outcome``, a resolution time, 责任方,
satisfaction, restitution, …) cannot become a feature, whatever else the frame
holds. Unknown values are encoded explicitly (an ``unknown`` level or an
indicator), never dropped.

Each feature belongs to a *factor*, the unit in which scores are explained and
the scorecard is read (``reason``, ``goods status``, ``delivery proof``, …).

Some levels are learned from the training data (:class:`FeatureLevels`): the
frequent categories, the frequent wordings behind reason ``other``, the levels
and scales of a source's own feature columns (``extra_*``), and the share of
negotiated disputes that smooths a counterparty's history.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from rightsguard._schema import EXTRA_PREFIX, REASONS, REFUND_TYPES, VOUCHERS, evidence_column, is_extra
from rightsguard.scoring._held import HeldRates, expected_completeness
from rightsguard.scoring._known_at_open import FEATURE_SOURCES
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules
from rightsguard.scoring._settlements import RefundShares
from rightsguard.scoring._stages import StageTimes
from rightsguard.scoring._time_open import TimeOpen

HISTORY_SMOOTHING = 3.0
"""Pseudo-disputes at the overall negotiated share added to a counterparty's closed history."""


@dataclass(frozen=True)
class FeatureLevels:
    """What a model learns from its training data about the features' levels.

    Attributes
    ----------
    categories
        Category (industry) levels with a feature of their own.
    reason_details
        Frequent wordings behind reason ``other``, each with a feature of its own.
    extra_levels
        Per categorical ``extra_*`` column, its frequent levels.
    extra_scales
        Per numeric ``extra_*`` column, its training mean and standard deviation.
    negotiated_share
        Share of negotiated training disputes, the prior of a counterparty's history.
    unrecorded_flags
        Vouchers whose "not recorded" indicator is a feature: those for which
        it varies among training disputes of the same reason and goods status.
        Elsewhere the indicator only copies which vouchers the reason requires
        (a refund export records no voucher but the waybill), so it is folded
        into the reason rather than crediting a voucher for being absent from
        the records.
    held_rates
        How often the shop holds each voucher, the expectation a voucher
        whose status was never recorded counts as.
    refund_shares
        The share of the amount the shop's negotiated settlements refund (a
        cost of negotiating, not a feature).
    time_open
        How long negotiated and escalated disputes stayed open, which an open
        dispute's score is conditioned on (never a feature).
    stage_times
        How often closed cases of each kind were in each stage by age (given
        to the model, learned from a store's history), which an open
        dispute's score is conditioned on (never a feature).
    """

    categories: tuple[str, ...] = ()
    reason_details: tuple[str, ...] = ()
    extra_levels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extra_scales: tuple[tuple[str, float, float], ...] = ()
    negotiated_share: float = 0.5
    unrecorded_flags: tuple[str, ...] = VOUCHERS
    held_rates: HeldRates = HeldRates()
    refund_shares: RefundShares = RefundShares()
    time_open: TimeOpen = TimeOpen()
    stage_times: StageTimes = StageTimes()

    @property
    def extras(self) -> tuple[str, ...]:
        """The ``extra_*`` columns the features read."""
        return tuple(c for c, _ in self.extra_levels) + tuple(c for c, _, _ in self.extra_scales)

    @classmethod
    def learn(
        cls,
        frame: pl.DataFrame,
        negotiated_share: float,
        min_count: int = 30,
        rules: EvidenceRules = DEFAULT_RULES,
        stage_times: StageTimes = StageTimes(),
    ) -> FeatureLevels:
        """Learn the levels from training disputes (``min_count`` rows make a level)."""
        extras = [c for c in frame.columns if is_extra(c)]
        text = [c for c in extras if frame.schema[c] == pl.String]
        numeric = [c for c in extras if frame.schema[c].is_numeric()]
        stats = (
            frame.select(
                *(pl.col(c).mean().alias(f"{c}:mean") for c in numeric),
                *(pl.col(c).std().alias(f"{c}:std") for c in numeric),
            ).row(0, named=True)
            if numeric
            else {}
        )
        return cls(
            categories=frequent_levels(frame["category"], min_count),
            reason_details=frequent_levels(
                frame.filter(pl.col("reason") == "other")["reason_raw"], min_count
            ),
            extra_levels=tuple((c, frequent_levels(frame[c], min_count)) for c in text),
            extra_scales=tuple(
                (c, float(stats[f"{c}:mean"] or 0.0), float(stats[f"{c}:std"] or 1.0) or 1.0) for c in numeric
            ),
            negotiated_share=float(negotiated_share),
            unrecorded_flags=_informative_unrecorded(frame, rules),
            held_rates=HeldRates.learn(frame, dict(zip(VOUCHERS, rules.required_exprs()))),
            refund_shares=RefundShares.learn(frame),
            time_open=TimeOpen.learn(frame),
            stage_times=stage_times,
        )


def _informative_unrecorded(frame: pl.DataFrame, rules: EvidenceRules) -> tuple[str, ...]:
    """Vouchers whose "not recorded" state varies within some reason and goods status."""
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    unrecorded = frame.select(
        "reason",
        "goods_received",
        *(pl.when(required[v]).then(pl.col(evidence_column(v)).is_null()).alias(v) for v in VOUCHERS),
    )
    varies = (
        unrecorded.group_by("reason", "goods_received")
        .agg(pl.col(VOUCHERS).drop_nulls().n_unique() > 1)
        .select(pl.col(VOUCHERS).any())
    )
    return tuple(v for v in VOUCHERS if varies[v].item())


@dataclass(frozen=True)
class Feature:
    """One numeric model input.

    Attributes
    ----------
    name
        Column name in the feature frame.
    factor
        The factor it belongs to, for explanations and the scorecard.
    level
        What a value of 1 means (or the unit, for continuous features).
    expr
        How it is computed from canonical columns.
    monotone
        +1 when more of it must never lower the score (held evidence).
    """

    name: str
    factor: str
    level: str
    expr: pl.Expr
    monotone: int = 0


def _indicator(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).cast(pl.Float64)


def build_features(
    levels: FeatureLevels = FeatureLevels(), rules: EvidenceRules = DEFAULT_RULES
) -> list[Feature]:
    """List the features, given the levels learned at fit time.

    Parameters
    ----------
    levels
        Levels learned from the training data; a category or wording without
        a feature of its own shares the baseline.
    rules
        Evidence rules deciding which vouchers a dispute requires.
    """
    reason = pl.col("reason")
    goods = pl.col("goods_received")
    refund = pl.col("refund_type")
    features = [Feature(f"reason={r}", "reason", r, _indicator(reason == r)) for r in REASONS]
    features += [
        Feature(
            f"reason_detail={w}", "reason", w, _indicator((reason == "other") & (pl.col("reason_raw") == w))
        )
        for w in levels.reason_details
    ]
    features += [
        Feature("goods=received", "goods status", "received", _indicator(goods)),
        Feature("goods=not_received", "goods status", "not received", _indicator(~goods)),
        Feature("goods=unknown", "goods status", "unknown", _indicator(goods.is_null())),
    ]
    features += [
        Feature(f"refund_type={t}", "refund type", t.replace("_", " "), _indicator(refund == t))
        for t in REFUND_TYPES
    ]
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    for voucher in VOUCHERS:
        flag = pl.col(evidence_column(voucher))
        factor = voucher.replace("_", " ")
        held = pl.when(required[voucher]).then(levels.held_rates.expected_held(voucher))
        features += [
            Feature(
                f"{voucher}=held",
                factor,
                "held (unknown: the shop's rate of holding it)",
                held.fill_null(0.0),
                1,
            )
        ]
        if voucher in levels.unrecorded_flags:
            features.append(
                Feature(
                    f"{voucher}=unknown",
                    factor,
                    "not recorded",
                    _indicator(required[voucher] & flag.is_null()),
                )
            )
    features += [
        Feature(
            "evidence_completeness",
            "evidence completeness",
            "share of required vouchers held (unknown ones at the shop's rate)",
            expected_completeness(levels.held_rates, required),
            1,
        ),
        Feature(
            "log_response_hours",
            "response time",
            "log(1 + hours to first reply)",
            pl.col("seller_response_hours").cast(pl.Float64).log1p().fill_null(0.0),
        ),
        Feature(
            "response_hours=unknown",
            "response time",
            "not recorded",
            _indicator(pl.col("seller_response_hours").is_null()),
        ),
        Feature("log_amount", "amount", "log(1 + amount in CNY)", amount_at_open().log1p().fill_null(0.0)),
        Feature("amount=unknown", "amount", "not recorded", _indicator(amount_at_open().is_null())),
        Feature("instant_response=yes", "instant response", "yes", _indicator(pl.col("instant_response"))),
        Feature(
            "instant_response=unknown",
            "instant response",
            "not recorded",
            _indicator(pl.col("instant_response").is_null()),
        ),
        Feature("after_sale=yes", "after sale", "after the sale (售后)", _indicator(pl.col("after_sale"))),
        Feature(
            "after_sale=unknown", "after sale", "not recorded", _indicator(pl.col("after_sale").is_null())
        ),
        Feature(
            "log_days_since_payment",
            "days since payment",
            "log(1 + days from payment to dispute)",
            _days_since_payment().log1p().fill_null(0.0),
        ),
        Feature(
            "days_since_payment=unknown",
            "days since payment",
            "not recorded",
            _indicator(_days_since_payment().is_null()),
        ),
    ]
    features += [
        Feature(f"category={c}", "category", c, _indicator(pl.col("category") == c))
        for c in levels.categories
    ]
    return features + _history_features(levels.negotiated_share) + _extra_features(levels)


def _history_features(prior: float) -> list[Feature]:
    """Features of the counterparty's history (see :mod:`rightsguard.scoring._history`)."""
    prior = min(max(prior, 0.01), 0.99)
    smoothed = (pl.col("history_negotiated") + HISTORY_SMOOTHING * prior) / (
        pl.col("history_closed") + HISTORY_SMOOTHING
    )
    return [
        Feature(
            "log_history_disputes",
            "counterparty history",
            "log(1 + the counterparty's earlier disputes)",
            pl.col("history_disputes").cast(pl.Float64).log1p().fill_null(0.0),
        ),
        Feature(
            "history_negotiated_rate",
            "counterparty history",
            "log-odds of its smoothed negotiated share, against the overall share",
            ((smoothed / (1 - smoothed)).log() - math.log(prior / (1 - prior))).fill_null(0.0),
        ),
        Feature(
            "counterparty=unknown",
            "counterparty history",
            "not recorded",
            _indicator(pl.col("counterparty").is_null()),
        ),
    ]


def extra_factor(column: str) -> str:
    """The factor name of a source's own feature column: its name without the prefix."""
    return column.removeprefix(EXTRA_PREFIX).replace("_", " ")


def _extra_features(levels: FeatureLevels) -> list[Feature]:
    """Indicators for the frequent levels of text extras; standardised numeric extras."""
    features = []
    for column, values in levels.extra_levels:
        factor = extra_factor(column)
        features += [Feature(f"{column}={v}", factor, v, _indicator(pl.col(column) == v)) for v in values]
        features.append(
            Feature(f"{column}=unknown", factor, "not recorded", _indicator(pl.col(column).is_null()))
        )
    for column, mean, std in levels.extra_scales:
        factor = extra_factor(column)
        features += [
            Feature(
                column,
                factor,
                f"standard deviations from the mean ({mean:.3g})",
                ((pl.col(column).cast(pl.Float64) - mean) / std).fill_null(0.0),
            ),
            Feature(f"{column}=unknown", factor, "not recorded", _indicator(pl.col(column).is_null())),
        ]
    return features


def amount_at_open() -> pl.Expr:
    """The amount at stake as known when the dispute opened: what the buyer paid, else the
    amount asked. An export's refund amount is the application as finally agreed (a buyer
    lowers it to settle for part), so where the amount paid is known it is the one read."""
    return pl.coalesce(pl.col("paid_amount"), pl.col("amount")).cast(pl.Float64)


def _days_since_payment() -> pl.Expr:
    """Days from payment to the dispute's opening, never negative."""
    seconds = (pl.col("opened_at") - pl.col("paid_at")).dt.total_seconds()
    return (seconds / 86_400).clip(lower_bound=0.0)


def feature_frame(frame: pl.DataFrame, features: list[Feature], extras: tuple[str, ...] = ()) -> pl.DataFrame:
    """Compute the feature frame (Float64 columns) for canonical disputes with their history.

    Only :data:`FEATURE_SOURCES` and the learned ``extras`` are visible to the
    feature expressions: one that read any other column would fail here
    rather than leak.
    """
    return (
        frame.lazy()
        .select(*FEATURE_SOURCES, *extras)
        .select(f.expr.alias(f.name) for f in features)
        .collect()
    )


def frequent_levels(values: pl.Series, min_count: int = 30, top: int = 25) -> tuple[str, ...]:
    """The values common enough to be learned: at least ``min_count`` rows, the ``top`` commonest."""
    counts = (
        values.drop_nulls()
        .cast(pl.String)
        .value_counts(name="len")
        .filter(pl.col("len") >= min_count)
        .sort(["len", values.name], descending=[True, False])
        .head(top)
    )
    return tuple(counts[values.name].to_list())
