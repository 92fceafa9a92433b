"""Explanations: the factors that raised and lowered each score, as reasons said in words.

Contributions come from :meth:`NegotiationModel.contributions` (log-odds
against the average past dispute) and are given in scorecard points, where
20 points double the odds of a negotiated outcome. A voucher the dispute does
not require is never named, since nothing can be done about it.

Each factor's value is one of a few fixed levels (response times and amounts
in ranges), so that explanations can be counted and compared, and so that
saying them for a million disputes is a lookup: :func:`explain` gives each
dispute's reasons (:class:`Reasons`), :mod:`rightsguard.scoring._reasons` says
them in a language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from rightsguard._schema import REASONS, REFUND_TYPES, VOUCHERS, evidence_column
from rightsguard.scoring._features import FeatureLevels, amount_at_open, extra_factor
from rightsguard.scoring._reasons import lists_of, phrase_of, phrases_by_key, reason_levels, render_places
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

POINTS_PER_LOG_ODDS = 20 / math.log(2)
"""Scorecard points per unit of log-odds: 20 points double the odds."""
TOP = 2
"""Factors named on each side."""
NOTABLE_POINTS = 1.0
"""Contributions smaller than this are not worth naming."""

RESPONSE_BREAKS = (1.0, 6.0, 24.0, 72.0)
AMOUNT_BREAKS = (50.0, 200.0, 1000.0, 5000.0)
PAYMENT_BREAKS = (3.0, 15.0, 30.0)


@dataclass(frozen=True)
class FactorPhrases:
    """A factor's phrases, the reason each stands for (``level``, ``value``: see
    :mod:`rightsguard.scoring._reasons`), and the expression picking one per dispute (null:
    none)."""

    phrases: tuple[str, ...]
    keys: tuple[tuple[int, str | None], ...]
    code: pl.Expr


def factor_phrases(
    levels: FeatureLevels, rules: EvidenceRules = DEFAULT_RULES, lang: str = "en"
) -> dict[str, FactorPhrases]:
    """Per factor, its phrases in ``lang``, the reason of each and how each dispute picks one."""
    scales = scale_factors(levels)
    return {
        factor: FactorPhrases(tuple(phrase_of(factor, lvl, v, lang, scales) for lvl, v in keys), keys, code)
        for factor, (keys, code) in factor_codes(levels, rules).items()
    }


def scale_factors(levels: FeatureLevels) -> frozenset[str]:
    """The factors of a source's own numeric columns (its other columns' factors are levels)."""
    return frozenset(extra_factor(c) for c, _, _ in levels.extra_scales)


def factor_codes(
    levels: FeatureLevels, rules: EvidenceRules = DEFAULT_RULES
) -> dict[str, tuple[tuple[tuple[int, str | None], ...], pl.Expr]]:
    """Per factor, the reason (``level``, ``value``) of each of its phrase codes, and the
    expression giving each dispute its code (null: the factor is not named)."""
    goods = pl.col("goods_received")
    completeness = pl.col("evidence_completeness")
    table = {
        "reason": (reason_levels(levels.reason_details), _reason_code(levels.reason_details)),
        "counterparty history": (_fixed(5), _history_code()),
        "goods status": (_fixed(3), pl.when(goods).then(0).when(~goods).then(1).otherwise(2)),
        "refund type": (
            _fixed(len(REFUND_TYPES) + 1),
            pl.col("refund_type").to_physical().cast(pl.Int32).fill_null(len(REFUND_TYPES)),
        ),
        "evidence completeness": (
            _fixed(4),
            pl.when(completeness <= 0)
            .then(0)
            .when(completeness < 0.5)
            .then(1)
            .when(completeness < 1)
            .then(2)
            .otherwise(3),
        ),
        "response time": _bucket("seller_response_hours", RESPONSE_BREAKS),
        "amount": _bucket(amount_at_open(), AMOUNT_BREAKS),
        "instant response": (_fixed(3), _yes_no("instant_response")),
        "after sale": (_fixed(3), _yes_no("after_sale")),
        "days since payment": _bucket(
            (pl.col("opened_at") - pl.col("paid_at")).dt.total_seconds() / 86_400, PAYMENT_BREAKS
        ),
        "category": _levels("category", levels.categories),
    }
    for column, values in levels.extra_levels:
        table[extra_factor(column)] = _levels(column, values)
    for column, mean, _ in levels.extra_scales:
        value = pl.col(column)
        table[extra_factor(column)] = (
            _fixed(3),
            pl.when(value.is_null()).then(2).when(value < mean).then(0).otherwise(1),
        )
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    for voucher in VOUCHERS:
        flag = pl.col(evidence_column(voucher))
        table[voucher.replace("_", " ")] = (
            _fixed(3),
            pl.when(~required[voucher]).then(None).when(flag).then(0).when(~flag).then(1).otherwise(2),
        )
    return table


def _fixed(count: int) -> tuple[tuple[int, str | None], ...]:
    """The reasons of a factor whose ``count`` phrases are fixed: their places."""
    return tuple((level, None) for level in range(count))


def _yes_no(column: str) -> pl.Expr:
    value = pl.col(column)
    return pl.when(value).then(0).when(~value).then(1).otherwise(2)


def _bucket(
    column: str | pl.Expr, breaks: tuple[float, ...]
) -> tuple[tuple[tuple[int, str | None], ...], pl.Expr]:
    """Ranges split at ``breaks``, the last phrase for a missing value."""
    value = pl.col(column) if isinstance(column, str) else column
    code: Then | ChainedThen = pl.when(value.is_null()).then(len(breaks) + 1)
    for i, edge in enumerate(breaks):
        code = code.when(value < edge).then(i)
    return _fixed(len(breaks) + 2), code.otherwise(len(breaks))


def _levels(column: str, values: tuple[str, ...]) -> tuple[tuple[tuple[int, str | None], ...], pl.Expr]:
    """Learned text levels: one phrase per level, then the pooled rest, then unknown."""
    value = pl.col(column).cast(pl.String)
    code = (
        pl.when(value.is_null())
        .then(len(values) + 1)
        .otherwise(
            value.replace_strict(
                {v: i for i, v in enumerate(values)}, default=len(values), return_dtype=pl.Int32
            )
        )
    )
    return (*((0, v) for v in values), (1, None), (2, None)), code


def _history_code() -> pl.Expr:
    closed, negotiated = pl.col("history_closed"), pl.col("history_negotiated")
    return (
        pl.when(pl.col("counterparty").is_null())
        .then(4)
        .when(pl.col("history_disputes") == 0)
        .then(0)
        .when(closed == 0)
        .then(3)
        .when(negotiated * 2 >= closed)
        .then(1)
        .otherwise(2)
    )


def _reason_code(details: tuple[str, ...]) -> pl.Expr:
    """A canonical reason's code, or the learned wording's behind ``other``."""
    reason = pl.col("reason")
    code = reason.to_physical().cast(pl.Int32)
    if details:
        detail = pl.col("reason_raw").replace_strict(
            {w: len(REASONS) + i for i, w in enumerate(details)}, default=None, return_dtype=pl.Int32
        )
        code = pl.when(reason == "other").then(pl.coalesce(detail, code)).otherwise(code)
    return code


def level_points(
    frame: pl.DataFrame,
    factors: list[str],
    contributions: np.ndarray,
    levels: FeatureLevels,
    rules: EvidenceRules = DEFAULT_RULES,
) -> tuple[tuple[str, int, int, float], ...]:
    """Per factor and level, how many disputes of ``frame`` sit there and their mean points.

    The points are those explanations give (against the average past
    dispute): exact for a level that fixes the factor's features, the mean
    over its disputes for a range (amounts, reply times).

    Returns
    -------
    tuple of (factor, level code, disputes, points)
    """
    table = factor_codes(levels, rules)
    codes = frame.select(table[f][1].cast(pl.Int32).fill_null(-1).alias(f) for f in factors).to_numpy()
    points = contributions * POINTS_PER_LOG_ODDS
    rows = []
    for j, factor in enumerate(factors):
        named = codes[:, j] >= 0
        counts = np.bincount(codes[named, j])
        sums = np.bincount(codes[named, j], weights=points[named, j])
        rows += [
            (factor, int(code), int(counts[code]), float(sums[code] / counts[code]))
            for code in np.flatnonzero(counts)
        ]
    return tuple(rows)


@dataclass(frozen=True)
class Reasons:
    """Each dispute's reasons, each distinct set kept once (many disputes share theirs, so each
    is said once and gathered), side by side: its factors at each place, most telling first
    (``factor_0``, ``level_0``, ``value_0``, ``points_0``, …; null where not named)."""

    places: pl.DataFrame
    which: pl.Series
    """Per dispute, the place of its reasons among ``places``."""
    named: pl.DataFrame
    """Every factor level these reasons can name (``factor``, ``level``, ``value``)."""

    def why(self, kept: pl.Series | None = None) -> pl.Series:
        """The ``why`` column: each dispute's reasons (only those ``kept``, when given: null for
        the others, whose lists are not made)."""
        which = self.which if kept is None else pl.select(pl.when(kept).then(self.which)).to_series()
        needed = which.drop_nulls().unique().sort()
        places = self.places[needed.to_numpy()]
        entries = pl.concat(
            [
                places.select(
                    pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
                    *(pl.col(f"{f}_{place}").alias(f) for f in ("factor", "level", "value", "points")),
                    pl.lit(None, pl.Int32).alias("days"),
                ).filter(pl.col("factor").is_not_null())
                for place in range(_places(self.places))
            ]
        )
        lists = lists_of(entries, places.height)  # place by place: regrouped per dispute in order
        at = pl.Series(np.searchsorted(needed.to_numpy(), which.fill_null(0).to_numpy()), dtype=pl.UInt32)
        return lists.gather(pl.select(pl.when(which.is_not_null()).then(at)).to_series()).alias("why")

    def said(self, lang: str, scales: frozenset[str] = frozenset()) -> pl.Series:
        """The ``explanation`` column: each dispute's reasons in ``lang``."""
        said = render_places(self.places, phrases_by_key(self.named, lang, scales), lang)
        return said.gather(self.which).alias("explanation")


def explain(
    frame: pl.DataFrame,
    factors: list[str],
    contributions: np.ndarray,
    levels: FeatureLevels = FeatureLevels(),
    rules: EvidenceRules = DEFAULT_RULES,
) -> Reasons:
    """Per dispute, the top factors raising and lowering its score, as reasons.

    Parameters
    ----------
    frame
        The disputes, with ``evidence_completeness`` and the counterparty
        history already computed.
    factors, contributions
        As returned by :meth:`NegotiationModel.contributions`.
    levels
        The model's learned levels (``levels_``).

    Returns
    -------
    Reasons
        Said in a language, such as ``"raised by: reason changed mind (+33 pts), delivery
        proof held (+9 pts); lowered by: first reply after 1-3 days (-12 pts)"``.
    """
    table = factor_codes(levels, rules)
    chosen = [table[f] for f in factors]
    offsets = np.cumsum([0] + [len(keys) for keys, _ in chosen])
    named = [(f, level, value) for f, (keys, _) in zip(factors, chosen) for level, value in keys]
    vocabulary = pl.DataFrame(
        [*named, (None, None, None)],
        schema={"factor": pl.String, "level": pl.Int16, "value": pl.String},
        orient="row",
    )
    # row-major (disputes, factors) arrays, small types, filled in place: at a million
    # disputes the cost is in allocating memory, not in arithmetic
    codes = np.ascontiguousarray(
        frame.select(
            code.cast(pl.Int32).fill_null(-1).alias(f) for f, (_, code) in zip(factors, chosen)
        ).to_numpy()
    )
    unnamed = codes < 0
    ids = codes + offsets[:-1].astype(np.int32)
    ids[unnamed] = vocabulary.height - 1
    points = contributions.astype(np.float32)
    points *= POINTS_PER_LOG_ODDS
    points[unnamed] = 0.0
    rows = np.arange(points.shape[0])
    slots = {"up": _top(points, TOP, largest=True), "down": _top(points, TOP, largest=False)}
    picked = {}
    for side, index in slots.items():
        rounded = np.clip(points[rows, index].round(), -_MAX, _MAX).astype(np.int64)
        notable = rounded >= NOTABLE_POINTS if side == "up" else rounded <= -NOTABLE_POINTS
        picked[side] = ids[rows, index], rounded, notable
    distinct, which = _distinct_rows(picked)  # many disputes share their reasons: each set once
    places: list[pl.DataFrame] = []
    for label_ids, rounded, notable in picked.values():
        for k in range(TOP):
            place = len(places)
            named_here = vocabulary[
                np.where(notable[k, distinct], label_ids[k, distinct], vocabulary.height - 1)
            ]
            places.append(
                named_here.select(pl.all().name.suffix(f"_{place}")).with_columns(
                    pl.Series(f"points_{place}", np.where(notable[k, distinct], rounded[k, distinct], 0))
                    .cast(pl.Int16)
                    .replace(0, None)
                )
            )
    return Reasons(pl.concat(places, how="horizontal"), which, vocabulary.head(-1))


def _distinct_rows(
    picked: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, pl.Series]:
    """The first dispute of each distinct set of reasons, and each dispute's set among them.

    A set is fixed by its notable (level, points) pairs; a pair is coded as one
    number and two pairs share a column (codes stay far below 2**62).
    """
    span = 2 * _MAX + 1
    codes = [
        np.where(notable[k], label_ids[k].astype(np.int64) * span + rounded[k] + _MAX + 1, 0)
        for label_ids, rounded, notable in picked.values()
        for k in range(TOP)
    ]
    width = max(int(c.max(initial=0)) for c in codes) + 1
    keys = pl.DataFrame(
        {
            f"key{j}": codes[j] * width + (codes[j + 1] if j + 1 < len(codes) else 0)
            for j in range(0, len(codes), 2)
        }
    )
    first = keys.with_row_index("row").unique(subset=keys.columns, keep="first", maintain_order=True)
    which = keys.join(first.with_row_index("distinct"), on=keys.columns, how="left", maintain_order="left")[
        "distinct"
    ]
    return first["row"].to_numpy(), which


def _top(values: np.ndarray, k: int, *, largest: bool) -> np.ndarray:
    """Per row of a (disputes, factors) array, the columns of its ``k`` largest (or smallest) values.

    Returns an array of shape (k, disputes), most extreme first: k argmax
    passes, cheaper than sorting every row.
    """
    remaining = values.copy()
    rows = np.arange(values.shape[0])
    picked = np.empty((k, values.shape[0]), dtype=np.intp)
    for i in range(k):
        picked[i] = remaining.argmax(axis=1) if largest else remaining.argmin(axis=1)
        remaining[rows, picked[i]] = -np.inf if largest else np.inf
    return picked


_MAX = 999


def _places(places: pl.DataFrame) -> int:
    """How many places of reasons a side-by-side frame has."""
    return sum(c.startswith("factor_") for c in places.columns)
