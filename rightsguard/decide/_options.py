"""The seller's three options and the amount each is priced on."""

from __future__ import annotations

import polars as pl

from rightsguard._schema import PLATFORM_STAGES, Stage, Timestamp

OPTIONS: tuple[str, ...] = ("refund_now", "negotiate", "escalate")
"""The seller's options, in the order of the seed's preference when costs tie."""


Option = pl.Enum(OPTIONS)


def stake() -> pl.Expr:
    """The amount a dispute's options are priced on: the refund asked (``amount``), or, where
    it is blank, what the buyer paid (``paid_amount``); the next step says so."""
    return pl.coalesce(pl.col("amount"), pl.col("paid_amount"))


def negotiable() -> pl.Expr:
    """Whether negotiating with the buyer is still an option: not once customer service has the
    case (:data:`~rightsguard._schema.PLATFORM_STAGES`), which then ends in a ruling; every
    case of a frame that says no stage."""
    with_platform = pl.col("^stage$").is_in(PLATFORM_STAGES).fill_null(False)
    return ~pl.any_horizontal(with_platform, pl.lit(False))  # a frame without stages: every case


def with_stage(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame``, with null (not said) for its disputes' stage and deadlines where it has no
    such columns (or only nulls, of no type): what the stage's next step reads."""
    typed = {"stage": Stage, "deadline_at": Timestamp, "proof_due_at": Timestamp}
    return frame.with_columns(
        pl.lit(None, t).alias(c) if c not in frame.columns else pl.col(c).cast(t)
        for c, t in typed.items()
        if c not in frame.columns or frame.schema[c] == pl.Null
    )
