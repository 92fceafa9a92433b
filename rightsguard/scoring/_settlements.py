"""What a negotiated settlement costs the shop: the share of the amount it refunds.

A negotiation settles in one of two ways: the buyer withdraws (nothing is
refunded) or the two agree on a refund (the amount the export shows as
refunded, 退款成功). The shop's own share is learned from its closed
negotiated disputes, per reason and goods status: each reason's share is
shrunk toward the shop's overall share, and each goods status within it
toward the reason's, by :data:`SHRINKAGE` pseudo-settlements each time; with fewer than
:data:`MIN_SETTLEMENTS` settlements it is :data:`DEFAULT_REFUND_SHARE`. A
dispute scored out of fold gets the share its fold's model learned, so no
past dispute's own settlement prices its options.

An agreement counts as refunding the whole amount the export shows: an
export records the amount of the refund application as finally agreed, so
a partial refund agreed by changing the application is already that amount.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

DEFAULT_REFUND_SHARE = 0.5
"""The share of the amount a settlement refunds when the shop has too few settlements."""
MIN_SETTLEMENTS = 30
"""Closed negotiated disputes needed before the share is learned."""
SHRINKAGE = 20.0
"""Pseudo-settlements added to each reason (at the overall share) and to each goods status
within it (at the reason's share)."""


@dataclass(frozen=True)
class RefundShares:
    """The share of the amount a negotiated settlement refunds, by reason and goods status.

    Attributes
    ----------
    overall
        The shop's share over all its settlements (or the default).
    n_settlements
        Closed negotiated disputes it was learned from (0: the default).
    cells
        ``(reason, goods_received, share)`` per reason and goods status seen,
        shrunk toward the reason's share, itself shrunk toward ``overall``.
    """

    overall: float = DEFAULT_REFUND_SHARE
    n_settlements: int = 0
    cells: tuple[tuple[str, bool | None, float], ...] = ()

    @property
    def source(self) -> str:
        """``"learned"`` from the shop's settlements, or ``"default"``."""
        return "learned" if self.n_settlements else "default"

    @classmethod
    def learn(cls, frame: pl.DataFrame) -> RefundShares:
        """Learn from the closed negotiated disputes among ``frame`` (``outcome`` withdrawn or
        agreed), or fall back to the default when there are too few."""
        settled = frame.filter(pl.col("outcome").cast(pl.String).is_in(["withdrawn", "agreed"])
                               ).select(pl.col("reason").cast(pl.String), "goods_received",
                                        (pl.col("outcome") == "agreed").cast(pl.Float64)
                                        .alias("refunded"))
        if settled.height < MIN_SETTLEMENTS:
            return cls()
        overall = float(settled["refunded"].mean())  # type: ignore[arg-type]
        by_reason = ((pl.col("refunded").sum().over("reason") + SHRINKAGE * overall)
                     / (pl.len().over("reason") + SHRINKAGE))
        cells = (settled.with_columns(by_reason.alias("prior"))
                 .group_by("reason", "goods_received")
                 .agg(((pl.col("refunded").sum() + SHRINKAGE * pl.col("prior").first())
                       / (pl.len() + SHRINKAGE)).alias("share"))
                 .sort("reason", "goods_received", nulls_last=True))
        return cls(overall, settled.height, tuple(cells.rows()))

    def share(self) -> pl.Expr:
        """Each dispute's share, from its reason and goods status (``negotiated_refund_share``)."""
        if not self.cells:
            return pl.lit(self.overall, pl.Float64).alias("negotiated_refund_share")
        key = pl.concat_str(pl.col("reason").cast(pl.String),
                            pl.col("goods_received").cast(pl.String).fill_null("?"),
                            separator="|")
        lookup = {f"{reason}|{'?' if goods is None else str(goods).lower()}": share
                  for reason, goods, share in self.cells}
        return key.replace_strict(lookup, default=self.overall, return_dtype=pl.Float64
                                  ).alias("negotiated_refund_share")
