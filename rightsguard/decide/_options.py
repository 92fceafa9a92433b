"""The seller's three options and the amount each is priced on."""

from __future__ import annotations

import polars as pl

OPTIONS: tuple[str, ...] = ("refund_now", "negotiate", "escalate")
"""The seller's options, in the order of the seed's preference when costs tie."""


Option = pl.Enum(OPTIONS)


def stake() -> pl.Expr:
    """The amount a dispute's options are priced on: the refund asked (``amount``), or, where
    it is blank, what the buyer paid (``paid_amount``); the next step says so."""
    return pl.coalesce(pl.col("amount"), pl.col("paid_amount"))
