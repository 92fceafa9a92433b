"""Disputes per reason: how many, how many still open, how the closed ones ended."""

from __future__ import annotations

import polars as pl

from rightsguard._schema import CANONICAL_SCHEMA
from rightsguard._vocabulary import check_language, text, translate

REASON_COLUMNS: tuple[str, ...] = (
    "reason",
    "disputes",
    "open",
    "negotiated",
    "escalated",
    "negotiated_share",
)
"""The per-reason table's columns; their headers are the ``reasons_<column>`` words."""


def reason_table(disputes: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """One row per reason, the commonest first: all its disputes, the open ones, the closed ones
    by how they ended and the negotiated share of the closed ones.

    Parameters
    ----------
    disputes
        Canonical disputes (loaded, or scored).
    lang
        Language of the headers and reasons.

    Raises
    ------
    ValueError
        When ``disputes`` lacks the canonical ``reason`` or ``resolution``.
    """
    check_language(lang)
    missing = [c for c in ("reason", "resolution") if c not in disputes.columns]
    if missing:
        raise ValueError(
            f"reason_table takes canonical disputes (rg.load_disputes); these lack {', '.join(missing)}"
        )
    resolution = pl.col("resolution").cast(pl.String)
    table = disputes.group_by(pl.col("reason").cast(CANONICAL_SCHEMA["reason"])).agg(
        pl.len().alias("disputes"),
        (resolution == "open").sum().alias("open"),
        (resolution == "negotiated").sum().alias("negotiated"),
        (resolution == "escalated").sum().alias("escalated"),
    )
    closed = pl.col("negotiated") + pl.col("escalated")
    return (
        table.with_columns(
            pl.when(closed > 0).then((pl.col("negotiated") / closed).round(3)).alias("negotiated_share"),
            translate(pl.col("reason"), lang),
        )
        .sort(["disputes", "reason"], descending=[True, False])
        .select(REASON_COLUMNS)
        .rename({c: text(f"reasons_{c}", lang) for c in REASON_COLUMNS})
    )
