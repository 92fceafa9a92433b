"""Model features as polars expressions over canonical disputes.

Only the columns in :data:`FEATURE_SOURCES` are ever read, so a column decided
by the outcome (``closed_at``, ``outcome``, a resolution time, 责任方,
satisfaction, restitution, …) cannot become a feature, whatever else the frame
holds. Unknown values are encoded explicitly (an ``unknown`` level or an
indicator), never dropped.

Each feature belongs to a *factor*, the unit in which scores are explained and
the scorecard is read (``reason``, ``goods status``, ``delivery proof``, …).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rightsguard._schema import REASONS, REFUND_TYPES, VOUCHERS, evidence_column
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules, completeness_expr

KNOWN_AT_OPEN: dict[str, str] = {
    "reason": "the buyer chooses it when opening the dispute",
    "goods_received": "the buyer states the goods status when opening the dispute",
    "refund_type": "the buyer asks for a refund only, a return or an exchange when opening",
    "amount": "the buyer enters the amount asked when opening the dispute",
    "seller_response_hours": "the seller's first reply comes in the first hours, long before "
                             "a ruling or an agreement",
    "instant_response": "是否零秒响应 records whether the seller's reply was instant, at the start",
    "after_sale": "售中或售后 is fixed by whether the order was complete when the dispute opened",
    "paid_at": "the order was paid before the dispute could open",
    "opened_at": "the moment the dispute opens",
    "category": "the item's category is fixed when it is listed",
    **{evidence_column(v): "vouchers the shop holds (shipping, purchase, packing, chat records) "
                           "exist before or while the dispute opens; they are not decided by "
                           "its outcome" for v in VOUCHERS},
}
"""Each column features may read, with why its value is known when a dispute opens."""

FEATURE_SOURCES: tuple[str, ...] = tuple(KNOWN_AT_OPEN)
"""The only canonical columns features are computed from."""


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
    categories: tuple[str, ...] = (), rules: EvidenceRules = DEFAULT_RULES
) -> list[Feature]:
    """List the features, given the category levels learned at fit time.

    Parameters
    ----------
    categories
        Category (industry) levels that get a feature of their own; every
        other category, and an unknown one, share the baseline.
    rules
        Evidence rules deciding which vouchers a dispute requires.
    """
    reason = pl.col("reason")
    goods = pl.col("goods_received")
    refund = pl.col("refund_type")
    features = [Feature(f"reason={r}", "reason", r, _indicator(reason == r)) for r in REASONS]
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
        features += [
            Feature(f"{voucher}=held", factor, "held", _indicator(required[voucher] & flag), 1),
            Feature(f"{voucher}=unknown", factor, "not recorded",
                    _indicator(required[voucher] & flag.is_null())),
        ]
    completeness = completeness_expr(rules)
    features += [
        Feature("evidence_completeness", "evidence completeness", "share of required vouchers held",
                completeness, 1),
        Feature("log_response_hours", "response time", "log(1 + hours to first reply)",
                pl.col("seller_response_hours").cast(pl.Float64).log1p().fill_null(0.0)),
        Feature("response_hours=unknown", "response time", "not recorded",
                _indicator(pl.col("seller_response_hours").is_null())),
        Feature("log_amount", "amount", "log(1 + amount in CNY)",
                pl.col("amount").cast(pl.Float64).log1p().fill_null(0.0)),
        Feature("amount=unknown", "amount", "not recorded", _indicator(pl.col("amount").is_null())),
        Feature("instant_response=yes", "instant response", "yes",
                _indicator(pl.col("instant_response"))),
        Feature("instant_response=unknown", "instant response", "not recorded",
                _indicator(pl.col("instant_response").is_null())),
        Feature("after_sale=yes", "after sale", "after the sale (售后)",
                _indicator(pl.col("after_sale"))),
        Feature("after_sale=unknown", "after sale", "not recorded",
                _indicator(pl.col("after_sale").is_null())),
        Feature("log_days_since_payment", "days since payment", "log(1 + days from payment to dispute)",
                _days_since_payment().log1p().fill_null(0.0)),
        Feature("days_since_payment=unknown", "days since payment", "not recorded",
                _indicator(_days_since_payment().is_null())),
    ]
    features += [
        Feature(f"category={c}", "category", c, _indicator(pl.col("category") == c))
        for c in categories
    ]
    return features


def _days_since_payment() -> pl.Expr:
    """Days from payment to the dispute's opening, never negative."""
    seconds = (pl.col("opened_at") - pl.col("paid_at")).dt.total_seconds()
    return (seconds / 86_400).clip(lower_bound=0.0)


def feature_frame(frame: pl.DataFrame | pl.LazyFrame, features: list[Feature]) -> pl.DataFrame:
    """Compute the feature frame (Float64 columns) for canonical disputes.

    Only :data:`FEATURE_SOURCES` are visible to the feature expressions: one
    that read any other column would fail here rather than leak.
    """
    lazy = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    return lazy.select(FEATURE_SOURCES).select(f.expr.alias(f.name) for f in features).collect()


def frequent_categories(frame: pl.DataFrame, min_count: int = 30, top: int = 25) -> tuple[str, ...]:
    """Category levels common enough to be learned: at least ``min_count`` rows."""
    if "category" not in frame.columns:
        return ()
    counts = (
        frame.filter(pl.col("category").is_not_null())
        .group_by("category").len()
        .filter(pl.col("len") >= min_count)
        .sort(["len", "category"], descending=[True, False])
        .head(top)
    )
    return tuple(counts["category"].to_list())
