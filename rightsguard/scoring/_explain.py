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

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from rightsguard._schema import REASONS, REFUND_TYPES, VOUCHERS, evidence_column
from rightsguard._vocabulary import VALUES, phrases
from rightsguard.scoring._features import FeatureLevels, amount_at_open, extra_factor
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
    """A factor's phrases and the expression picking one per dispute (null: none)."""

    phrases: tuple[str, ...]
    code: pl.Expr


def _yes_no(column: str, words: tuple[str, ...]) -> FactorPhrases:
    value = pl.col(column)
    return FactorPhrases(words, pl.when(value).then(0).when(~value).then(1).otherwise(2))


def _bucket(column: str | pl.Expr, breaks: tuple[float, ...], words: tuple[str, ...]) -> FactorPhrases:
    """Ranges split at ``breaks``, the last phrase for a missing value."""
    value = pl.col(column) if isinstance(column, str) else column
    code: Then | ChainedThen = pl.when(value.is_null()).then(len(breaks) + 1)
    for i, edge in enumerate(breaks):
        code = code.when(value < edge).then(i)
    return FactorPhrases(words, code.otherwise(len(breaks)))


def _levels(
    column: str, values: tuple[str, ...], named: list[str], others: str, unknown: str
) -> FactorPhrases:
    """Phrases for learned text levels: one per level, then the pooled rest, then unknown."""
    value = pl.col(column).cast(pl.String)
    return FactorPhrases(
        (*named, others, unknown),
        pl.when(value.is_null())
        .then(len(values) + 1)
        .otherwise(
            value.replace_strict(
                {v: i for i, v in enumerate(values)}, default=len(values), return_dtype=pl.Int32
            )
        ),
    )


def _history_phrases(lang: str) -> FactorPhrases:
    closed, negotiated = pl.col("history_closed"), pl.col("history_negotiated")
    return FactorPhrases(
        phrases("history", lang),
        pl.when(pl.col("counterparty").is_null())
        .then(4)
        .when(pl.col("history_disputes") == 0)
        .then(0)
        .when(closed == 0)
        .then(3)
        .when(negotiated * 2 >= closed)
        .then(1)
        .otherwise(2),
    )


def _reason_phrases(details: tuple[str, ...], lang: str) -> FactorPhrases:
    """A canonical reason, or the learned wording behind ``other``."""
    reason = pl.col("reason")
    code = reason.to_physical().cast(pl.Int32)
    if details:
        detail = pl.col("reason_raw").replace_strict(
            {w: len(REASONS) + i for i, w in enumerate(details)}, default=None, return_dtype=pl.Int32
        )
        code = pl.when(reason == "other").then(pl.coalesce(detail, code)).otherwise(code)
    canonical, wording = phrases("reason", lang)
    return FactorPhrases(
        (*(canonical.format(VALUES[lang][r]) for r in REASONS), *(wording.format(w) for w in details)), code
    )


def factor_phrases(
    levels: FeatureLevels, rules: EvidenceRules = DEFAULT_RULES, lang: str = "en"
) -> dict[str, FactorPhrases]:
    """Per factor, its phrases in ``lang`` and how each dispute picks one."""
    goods = pl.col("goods_received")
    completeness = pl.col("evidence_completeness")
    category, other_category, unknown_category = phrases("category", lang)
    table = {
        "reason": _reason_phrases(levels.reason_details, lang),
        "counterparty history": _history_phrases(lang),
        "goods status": FactorPhrases(
            phrases("goods", lang), pl.when(goods).then(0).when(~goods).then(1).otherwise(2)
        ),
        "refund type": FactorPhrases(
            phrases("refund_type", lang),
            pl.col("refund_type").to_physical().cast(pl.Int32).fill_null(len(REFUND_TYPES)),
        ),
        "evidence completeness": FactorPhrases(
            phrases("completeness", lang),
            pl.when(completeness <= 0)
            .then(0)
            .when(completeness < 0.5)
            .then(1)
            .when(completeness < 1)
            .then(2)
            .otherwise(3),
        ),
        "response time": _bucket("seller_response_hours", RESPONSE_BREAKS, phrases("response", lang)),
        "amount": _bucket(amount_at_open(), AMOUNT_BREAKS, phrases("amount", lang)),
        "instant response": _yes_no("instant_response", phrases("instant", lang)),
        "after sale": _yes_no("after_sale", phrases("after_sale", lang)),
        "days since payment": _bucket(
            (pl.col("opened_at") - pl.col("paid_at")).dt.total_seconds() / 86_400,
            PAYMENT_BREAKS,
            phrases("payment", lang),
        ),
        "category": _levels(
            "category",
            levels.categories,
            [category.format(c) for c in levels.categories],
            other_category,
            unknown_category,
        ),
    }
    level, other_level, unknown_level = phrases("extra_level", lang)
    for column, values in levels.extra_levels:
        name = extra_factor(column)
        table[name] = _levels(
            column,
            values,
            [level.format(name=name, value=v) for v in values],
            other_level.format(name=name),
            unknown_level.format(name=name),
        )
    for column, mean, _ in levels.extra_scales:
        name = extra_factor(column)
        value = pl.col(column)
        table[name] = FactorPhrases(
            tuple(p.format(name=name) for p in phrases("extra_scale", lang)),
            pl.when(value.is_null()).then(2).when(value < mean).then(0).otherwise(1),
        )
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    for voucher in VOUCHERS:
        flag = pl.col(evidence_column(voucher))
        table[voucher.replace("_", " ")] = FactorPhrases(
            tuple(p.format(VALUES[lang][voucher]) for p in phrases("voucher", lang)),
            pl.when(~required[voucher]).then(None).when(flag).then(0).when(~flag).then(1).otherwise(2),
        )
    return table


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
    table = factor_phrases(levels, rules)
    codes = frame.select(table[f].code.cast(pl.Int32).fill_null(-1).alias(f) for f in factors).to_numpy()
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


def explain(
    frame: pl.DataFrame,
    factors: list[str],
    contributions: np.ndarray,
    levels: FeatureLevels = FeatureLevels(),
    rules: EvidenceRules = DEFAULT_RULES,
    lang: str = "en",
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
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    polars.Series
        ``explanation`` strings such as ``"raised by: reason changed mind
        (+33 pts), delivery proof held (+9 pts); lowered by: first reply
        after 1-3 days (-12 pts)"``.
    """
    table = factor_phrases(levels, rules, lang)
    raised, lowered, between_sides, between_factors, points_text, average = phrases("why", lang)
    chosen = [table[f] for f in factors]
    offsets = np.cumsum([0] + [len(p.phrases) for p in chosen])
    vocabulary = pl.Series([p for c in chosen for p in c.phrases] + [None], dtype=pl.String)
    # row-major (disputes, factors) arrays, small types, filled in place: at a million
    # disputes the cost is in allocating memory, not in arithmetic
    codes = np.ascontiguousarray(
        frame.select(p.code.cast(pl.Int32).fill_null(-1).alias(f) for f, p in zip(factors, chosen)).to_numpy()
    )
    unnamed = codes < 0
    ids = codes + offsets[:-1].astype(np.int32)
    ids[unnamed] = len(vocabulary) - 1
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
    # many disputes share an explanation: write each distinct one once, then gather
    distinct, which = _distinct_rows(picked)
    parts, sides = {}, {}
    for side, (label_ids, rounded, notable) in picked.items():
        for k in range(TOP):
            parts[f"{side}{k}"] = vocabulary.gather(label_ids[k, distinct])
            parts[f"{side}{k}_points"] = _points_text(points_text).gather(rounded[k, distinct] + _MAX)
            parts[f"{side}{k}_notable"] = notable[k, distinct]
        sides[side] = pl.concat_str(
            [
                pl.when(f"{side}{k}_notable").then(pl.concat_str(f"{side}{k}", f"{side}{k}_points"))
                for k in range(TOP)
            ],
            separator=between_factors,
            ignore_nulls=True,
        )
    nothing = pl.col("up0_notable").not_() & pl.col("down0_notable").not_()
    return (
        pl.DataFrame(parts)
        .select(
            pl.when(nothing)
            .then(pl.lit(average))
            .otherwise(
                pl.concat_str(
                    pl.when("up0_notable").then(pl.lit(raised) + sides["up"]),
                    pl.when("down0_notable").then(pl.lit(lowered) + sides["down"]),
                    separator=between_sides,
                    ignore_nulls=True,
                )
            )
            .alias("explanation")
        )
        .to_series()
        .gather(which)
    )


def _distinct_rows(
    picked: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, pl.Series]:
    """The first dispute of each distinct explanation, and each dispute's explanation among them.

    An explanation is fixed by its notable (phrase, points) pairs; a pair is
    coded as one number and two pairs share a column (codes stay far below 2**62).
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


@functools.cache
def _points_text(template: str) -> pl.Series:
    """Text for each whole number of points, looked up rather than formatted per dispute."""
    return pl.Series([template.format(v) for v in range(-_MAX, _MAX + 1)])
