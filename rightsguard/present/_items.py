"""What sells badly: disputes per SKU (商家编码), else per item (宝贝标题).

One row per SKU: its item title, its disputes and the open ones, the reason
buyers give most, the negotiated share of its closed disputes and the money
at stake in its open ones (the recommended options' expected cost). An
export that names neither SKU nor item is refused by name: the table would
be empty, not informative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard._vocabulary import text, translate

if TYPE_CHECKING:
    from rightsguard.engine._result import ScoringRun

SKU_COLUMNS: tuple[str, ...] = (
    "sku",
    "item",
    "disputes",
    "open",
    "top_reason",
    "negotiated_share",
    "money_at_stake",
)
"""The per-SKU table's columns; their headers are the ``skus_<column>`` words."""


def sku_table(scored: pl.DataFrame | ScoringRun, lang: str = "en") -> pl.DataFrame:
    """One row per SKU (or item, where the SKU is blank), the most money at stake first.

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them.
    lang
        Language of the headers and reasons.

    Raises
    ------
    ValueError
        When no dispute names a SKU or an item (the export left out 商家编码
        and 宝贝标题).
    """
    scored = scored_disputes(scored, "sku_table")
    known = scored.filter(pl.col("sku").is_not_null() | pl.col("item").is_not_null())
    if not known.height:
        raise ValueError(
            "no dispute names a SKU or an item: export with 商家编码 (or 商品编码) "
            "and 宝贝标题 for the per-SKU table"
        )
    resolution = pl.col("resolution").cast(pl.String)
    closed = resolution != "open"
    table = known.group_by(pl.coalesce("sku", "item").alias("sku")).agg(
        pl.col("item").drop_nulls().mode().sort().first().alias("item"),
        pl.len().alias("disputes"),
        (~closed).sum().alias("open"),
        translate(pl.col("reason"), lang).mode().sort().first().alias("top_reason"),
        ((resolution == "negotiated").sum() / closed.sum()).round(3).alias("negotiated_share"),
        pl.col("expected_cost").filter(~closed).sum().round(2).alias("money_at_stake"),
    )
    return (
        table.sort(["money_at_stake", "disputes", "sku"], descending=[True, True, False])
        .select(SKU_COLUMNS)
        .rename({c: text(f"skus_{c}", lang) for c in SKU_COLUMNS})
    )
