"""Plain-words explanations: the factors that raised and lowered each score.

Contributions come from :meth:`NegotiationModel.contributions` (log-odds
against the average past dispute) and are written in scorecard points, where
20 points double the odds of a negotiated outcome. A voucher the dispute does
not require is never named, since nothing can be done about it.

Each factor's value is described by one of a few fixed phrases (response
times and amounts in ranges), so that explanations can be counted and
compared, and so that writing them for a million disputes is a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rightsguard._schema import REASONS, REFUND_TYPES, VOUCHERS, evidence_column
from rightsguard.scoring._features import FeatureLevels, extra_factor
from rightsguard.scoring._model import POINTS_PER_LOG_ODDS
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules

TOP = 2
"""Factors named on each side."""
NOTABLE_POINTS = 1.0
"""Contributions smaller than this are not worth naming."""

RESPONSE_BREAKS = (1.0, 6.0, 24.0, 72.0)
RESPONSE_PHRASES = ("first reply within 1 h", "first reply within 6 h", "first reply after 6-24 h",
                    "first reply after 1-3 days", "first reply after 3+ days")
AMOUNT_BREAKS = (50.0, 200.0, 1000.0, 5000.0)
AMOUNT_PHRASES = ("amount under ¥50", "amount ¥50-200", "amount ¥200-1,000",
                  "amount ¥1,000-5,000", "amount over ¥5,000")
PAYMENT_BREAKS = (3.0, 15.0, 30.0)
PAYMENT_PHRASES = ("dispute within 3 days of payment", "dispute 3-15 days after payment",
                   "dispute 15-30 days after payment", "dispute 30+ days after payment")
COMPLETENESS_PHRASES = ("no required evidence held", "under half the required evidence held",
                        "half or more of the required evidence held", "all required evidence held")


@dataclass(frozen=True)
class _Phrases:
    """A factor's phrases and the expression picking one per dispute (null: none)."""

    phrases: tuple[str, ...]
    code: pl.Expr


def _yes_no(column: str, phrases: tuple[str, str, str]) -> _Phrases:
    value = pl.col(column)
    return _Phrases(phrases, pl.when(value).then(0).when(~value).then(1).otherwise(2))


def _bucket(column: str | pl.Expr, breaks: tuple[float, ...], phrases: tuple[str, ...],
            unknown: str) -> _Phrases:
    value = pl.col(column) if isinstance(column, str) else column
    code = pl.when(value.is_null()).then(len(breaks) + 1)
    for i, edge in enumerate(breaks):
        code = code.when(value < edge).then(i)
    return _Phrases((*phrases, unknown), code.otherwise(len(breaks)))


def _levels(column: str, values: tuple[str, ...], prefix: str, others: str,
            unknown: str) -> _Phrases:
    """Phrases for learned text levels: one per level, then the pooled rest, then unknown."""
    value = pl.col(column).cast(pl.String)
    return _Phrases(
        (*(f"{prefix}{v}" for v in values), others, unknown),
        pl.when(value.is_null()).then(len(values) + 1).otherwise(
            value.replace_strict({v: i for i, v in enumerate(values)}, default=len(values),
                                 return_dtype=pl.Int32)))


def _history_phrases() -> _Phrases:
    closed, negotiated = pl.col("history_closed"), pl.col("history_negotiated")
    return _Phrases(
        ("first dispute with this counterparty", "counterparty's past disputes mostly negotiated",
         "counterparty's past disputes mostly escalated", "counterparty's earlier disputes still open",
         "counterparty not recorded"),
        pl.when(pl.col("counterparty").is_null()).then(4)
        .when(pl.col("history_disputes") == 0).then(0)
        .when(closed == 0).then(3)
        .when(negotiated * 2 >= closed).then(1).otherwise(2))


def _reason_phrases(details: tuple[str, ...]) -> _Phrases:
    """A canonical reason, or the learned wording behind ``other``."""
    reason = pl.col("reason")
    code = reason.to_physical().cast(pl.Int32)
    if details:
        detail = pl.col("reason_raw").replace_strict(
            {w: len(REASONS) + i for i, w in enumerate(details)}, default=None,
            return_dtype=pl.Int32)
        code = pl.when(reason == "other").then(pl.coalesce(detail, code)).otherwise(code)
    return _Phrases((*(f"reason {r.replace('_', ' ')}" for r in REASONS),
                     *(f"reason '{w}'" for w in details)), code)


def factor_phrases(levels: FeatureLevels, rules: EvidenceRules = DEFAULT_RULES
                   ) -> dict[str, _Phrases]:
    """Per factor, its phrases and how each dispute picks one."""
    goods = pl.col("goods_received")
    completeness = pl.col("evidence_completeness")
    categories = levels.categories
    phrases = {
        "reason": _reason_phrases(levels.reason_details),
        "counterparty history": _history_phrases(),
        "goods status": _Phrases(("goods received", "goods not received", "goods status unknown"),
                                 pl.when(goods).then(0).when(~goods).then(1).otherwise(2)),
        "refund type": _Phrases(
            (*(f"refund type {t.replace('_', ' ')}" for t in REFUND_TYPES), "refund type unknown"),
            pl.col("refund_type").to_physical().cast(pl.Int32).fill_null(len(REFUND_TYPES))),
        "evidence completeness": _Phrases(
            COMPLETENESS_PHRASES,
            pl.when(completeness <= 0).then(0).when(completeness < 0.5).then(1)
            .when(completeness < 1).then(2).otherwise(3)),
        "response time": _bucket("seller_response_hours", RESPONSE_BREAKS, RESPONSE_PHRASES,
                                 "response time not recorded"),
        "amount": _bucket("amount", AMOUNT_BREAKS, AMOUNT_PHRASES, "amount not recorded"),
        "instant response": _yes_no("instant_response", (
            "instant reply", "no instant reply", "instant reply not recorded")),
        "after sale": _yes_no("after_sale", (
            "after the sale (售后)", "during the sale (售中)", "sale stage not recorded")),
        "days since payment": _bucket(
            (pl.col("opened_at") - pl.col("paid_at")).dt.total_seconds() / 86_400, PAYMENT_BREAKS,
            PAYMENT_PHRASES, "payment date not recorded"),
        "category": _levels("category", categories, "category ", "another category",
                            "category unknown"),
    }
    for column, values in levels.extra_levels:
        name = extra_factor(column)
        phrases[name] = _levels(column, values, f"{name} ", f"another {name}", f"{name} not recorded")
    for column, mean, _ in levels.extra_scales:
        name = extra_factor(column)
        value = pl.col(column)
        phrases[name] = _Phrases((f"{name} below average", f"{name} above average",
                                  f"{name} not recorded"),
                                 pl.when(value.is_null()).then(2).when(value < mean).then(0)
                                 .otherwise(1))
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    for voucher in VOUCHERS:
        flag = pl.col(evidence_column(voucher))
        name = voucher.replace("_", " ")
        phrases[name] = _Phrases(
            (f"{name} held", f"{name} missing", f"{name} not recorded"),
            pl.when(~required[voucher]).then(None).when(flag).then(0).when(~flag).then(1)
            .otherwise(2),
        )
    return phrases


def explain(
    frame: pl.DataFrame, factors: list[str], contributions: np.ndarray,
    levels: FeatureLevels = FeatureLevels(), rules: EvidenceRules = DEFAULT_RULES,
) -> pl.Series:
    """Write, per dispute, the top factors raising and lowering its score.

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
    polars.Series
        ``explanation`` strings such as ``"raised by: reason changed mind
        (+33 pts), delivery proof held (+9 pts); lowered by: first reply
        after 1-3 days (-12 pts)"``.
    """
    table = factor_phrases(levels, rules)
    chosen = [table[f] for f in factors]
    offsets = np.cumsum([0] + [len(p.phrases) for p in chosen])
    vocabulary = pl.Series([p for c in chosen for p in c.phrases] + [None], dtype=pl.String)
    # row-major (disputes, factors) arrays, small types, filled in place: at a million
    # disputes the cost is in allocating memory, not in arithmetic
    codes = np.ascontiguousarray(frame.select(
        p.code.cast(pl.Int32).fill_null(-1).alias(f) for f, p in zip(factors, chosen)
    ).to_numpy())
    unnamed = codes < 0
    ids = codes + offsets[:-1].astype(np.int32)
    ids[unnamed] = len(vocabulary) - 1
    points = contributions.astype(np.float32)
    points *= POINTS_PER_LOG_ODDS
    points[unnamed] = 0.0
    rows = np.arange(points.shape[0])
    slots = {"up": _top(points, TOP, largest=True), "down": _top(points, TOP, largest=False)}
    parts, sides = {}, {}
    for side, index in slots.items():
        label_ids = ids[rows, index]
        rounded = np.clip(points[rows, index].round(), -_MAX, _MAX)
        notable = rounded >= NOTABLE_POINTS if side == "up" else rounded <= -NOTABLE_POINTS
        for k in range(TOP):
            parts[f"{side}{k}"] = vocabulary.gather(label_ids[k])
            parts[f"{side}{k}_points"] = _POINTS_TEXT.gather((rounded[k] + _MAX).astype(np.int64))
            parts[f"{side}{k}_notable"] = notable[k]
        sides[side] = pl.concat_str(
            [pl.when(f"{side}{k}_notable").then(pl.concat_str(f"{side}{k}", f"{side}{k}_points"))
             for k in range(TOP)],
            separator=", ", ignore_nulls=True,
        )
    nothing = pl.col("up0_notable").not_() & pl.col("down0_notable").not_()
    return pl.DataFrame(parts).select(
        pl.when(nothing).then(pl.lit("no factor stands out: an average dispute")).otherwise(
            pl.concat_str(
                pl.when("up0_notable").then(pl.lit("raised by: ") + sides["up"]),
                pl.when("down0_notable").then(pl.lit("lowered by: ") + sides["down"]),
                separator="; ", ignore_nulls=True,
            )
        ).alias("explanation")
    ).to_series()

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
_POINTS_TEXT = pl.Series([f" ({'+' if v > 0 else ''}{v} pts)" for v in range(-_MAX, _MAX + 1)])
"""Text for each whole number of points, looked up rather than formatted per dispute."""
