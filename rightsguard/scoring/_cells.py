"""A dispute's cell, its reason and goods status, as one number: what learned rates and shares
are looked up by, for every dispute at once, without writing a key of text per dispute."""

from __future__ import annotations

import polars as pl

from rightsguard._schema import REASONS

_REASON_CODES = {reason: code for code, reason in enumerate(REASONS)}


def cell_code(reason: str, goods: bool | None) -> int | None:
    """The number of the cell of ``reason`` and ``goods`` (received, not, unknown); None for a
    reason the schema does not know, which no dispute has."""
    code = _REASON_CODES.get(reason)
    return None if code is None else code * 3 + {False: 0, True: 1, None: 2}[goods]


def cell_of() -> pl.Expr:
    """Each dispute's cell number (:func:`cell_code`), from ``reason`` and ``goods_received``."""
    goods = pl.col("goods_received")
    reason = pl.col("reason").cast(pl.Enum(REASONS)).to_physical().cast(pl.Int32)
    return reason * 3 + pl.when(goods).then(1).when(~goods).then(0).otherwise(2)


N_CELLS = len(REASONS) * 3
"""How many cells there are: numbers 0 to ``N_CELLS - 1``."""


def by_cell(values: dict[int, float], default: float) -> pl.Expr:
    """Each dispute's value of its cell, from ``values`` per cell number (``default`` for the
    others): a gather from a table of every cell, cheaper than a lookup by key."""
    table = pl.Series([values.get(cell, default) for cell in range(N_CELLS)], dtype=pl.Float64)
    return pl.lit(table).gather(cell_of())
