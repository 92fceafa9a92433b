"""The rules a row of disputes can break, each a polars condition over the whole frame with the
wording that names it: required values, readable types, known codes, duplicate ids, plausible
amounts, dates and hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from rightsguard._schema import SCHEMA, SOURCE_PROBLEM
from rightsguard._vocabulary import say, text

FIRST_YEAR = 1990
"""Dates before this year are misread ones (``7/29/13`` read as the year 13), never disputes."""


PLAUSIBLE_CEILING: dict[str, float] = {"amount": 1e9, "paid_amount": 1e9, "seller_response_hours": 24 * 366}
"""Largest plausible value of each numeric column: a refund over ¥1e9 or a first reply after a
year is a typing or export error, not a dispute to score."""


@dataclass(frozen=True)
class Check:
    """One row-level rule: a condition that marks a row bad, and its wording."""

    column: str
    message: str
    failed: pl.Expr
    value: pl.Expr

    def subject(self, lang: str) -> str:
        """What the rule is about, as the aggregated message names it."""
        return (
            text("problem_source", lang)
            if self.column == "source"
            else say("problem_column", lang, column=self.column)
        )


def row_checks(
    targets: dict[str, pl.DataType], typed: set[str], has_duplicates: bool, required: list[str], lang: str
) -> list[Check]:
    """Build the row-level rules that apply to the columns present (with their target types).

    A column already typed (``typed``, from Parquet or a typed frame) cannot be
    unreadable; its raw value is the typed one.
    """
    present = [c for c in targets if c in SCHEMA]
    checks = [
        Check(
            "source", text("rule_source", lang), pl.col(SOURCE_PROBLEM).is_not_null(), pl.col(SOURCE_PROBLEM)
        )
    ]
    for column, dtype in targets.items():
        raw, value = pl.col(f"_raw_{column}"), pl.col(column)
        if isinstance(dtype, pl.Enum):
            allowed = dtype.categories.to_list()
            checks.append(
                Check(
                    column,
                    say("rule_unknown_value", lang, allowed=", ".join(allowed)),
                    value.is_not_null() & ~value.is_in(allowed),
                    value,
                )
            )
        elif dtype != pl.String and column not in typed:
            checks.append(
                Check(
                    column,
                    say("rule_unreadable", lang, kind=type_name(dtype, lang)),
                    pl.col(f"_present_{column}") & value.is_null(),
                    raw,
                )
            )
    for column in ("dispute_id", "order_id"):
        if column in present:
            ids = pl.col(column)
            checks += [
                Check(
                    column,
                    text("rule_scientific", lang),
                    ids.str.contains(r"^[+-]?\d(?:\.\d+)?[eE][+-]?\d+$"),
                    ids,
                ),
                Check(
                    column,
                    text("rule_control", lang),
                    ids.str.contains(r"[\x00-\x1f\x7f\u200b-\u200f\ufeff]"),
                    ids.str.replace_all(r"[\x00-\x1f\x7f\u200b-\u200f\ufeff]", "�"),
                ),
            ]
    for column in required:
        checks.append(
            Check(
                column,
                text("rule_empty", lang),
                ~pl.col(f"_present_{column}"),
                pl.lit(text("value_empty", lang)),
            )
        )
    if has_duplicates:
        checks.append(duplicate_check(present, lang))
    for column in (c for c, t in targets.items() if c not in SCHEMA and t == pl.Float64):
        value = pl.col(column)
        checks.append(
            Check(
                column,
                text("rule_not_finite", lang),
                value.is_nan() | value.is_infinite(),
                pl.col(f"_raw_{column}").cast(pl.String),
            )
        )
    for column, ceiling in PLAUSIBLE_CEILING.items():
        if column in present:
            value = pl.col(column)
            checks += [
                Check(
                    column,
                    text("rule_not_finite", lang),
                    value.is_nan() | value.is_infinite(),
                    pl.col(f"_raw_{column}"),
                ),
                Check(column, text("rule_negative", lang), value < 0, value.cast(pl.String)),
                Check(
                    column,
                    say("rule_too_large", lang, ceiling=ceiling),
                    value.is_finite() & (value > ceiling),
                    pl.col(f"_raw_{column}"),
                ),
            ]
    for column in (c for c, t in SCHEMA.items() if isinstance(t, pl.Datetime) and c in present):
        year = pl.col(column).dt.year()
        checks.append(
            Check(
                column,
                say("rule_year", lang, first=FIRST_YEAR),
                (year < FIRST_YEAR) | (year > datetime.now().year + 1),
                pl.col(f"_raw_{column}"),
            )
        )
    if "closed_at" in present:
        checks.append(
            Check(
                "closed_at",
                text("rule_closed_before", lang),
                pl.col("closed_at") < pl.col("opened_at"),
                pl.format(
                    text("rule_closed_before_value", lang),
                    *(pl.col(c).dt.to_string("%Y-%m-%d %H:%M") for c in ("opened_at", "closed_at")),
                ),
            )
        )
    return checks


def duplicate_check(present: list[str], lang: str) -> Check:
    """Reject repeated dispute ids; an exact copy of an earlier row loses only the copy."""
    raw = [pl.col(f"_raw_{c}") for c in present]
    exact_copy = ~pl.struct(raw).is_first_distinct()
    conflicting = pl.col("dispute_id").is_duplicated() & (pl.struct(raw).n_unique().over("dispute_id") > 1)
    return Check(
        "dispute_id",
        text("rule_duplicate", lang),
        pl.col("dispute_id").is_not_null() & (exact_copy | conflicting),
        pl.col("dispute_id"),
    )


def type_name(dtype: pl.DataType, lang: str) -> str:
    if isinstance(dtype, pl.Datetime):
        return text("kind_datetime", lang)
    if dtype == pl.Boolean:
        return text("kind_yes_no", lang)
    return text("kind_number", lang)
