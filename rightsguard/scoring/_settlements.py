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

The share is of the amount asked, the base the options are priced on. An
agreement the export calls 全部退款 (``refund_scope``) refunded all that was
asked, whatever the buyer paid. One it calls 部分退款 refunded part: the
amount its row shows (the application as finally agreed) out of what the buyer
paid (买家实际支付金额), the most an ask can be, as the ask itself is no longer
shown. Without that column an agreement is partial when it refunded less than
:data:`PARTIAL_BELOW` of what was paid, and a buyer who asked for part of the
payment and got it all looks partial: the column is read wherever an export
has it.

Where the shop has settled similar disputes (the same reason and goods
status, an amount in the same band) for part at least
:data:`MIN_OFFER_SETTLEMENTS` times, the plan suggests an offer: the median
share of what was paid those partial agreements refunded, times what this
buyer paid, and never more than they ask. Only agreements that really were
partial count, never the gap between what was paid and what was asked. It is
absent where there are too few.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rightsguard.scoring._cells import by_cell, cell_code, cell_of

DEFAULT_REFUND_SHARE = 0.5
"""The share of the amount a settlement refunds when the shop has too few settlements."""
MIN_SETTLEMENTS = 30
"""Closed negotiated disputes needed before the share is learned."""
AMOUNT_BANDS = (50.0, 200.0, 1000.0)
"""Edges (CNY) of the amount bands within which agreements count as similar."""
MIN_OFFER_SETTLEMENTS = 20
"""Agreements of similar disputes needed before an offer is suggested."""
PARTIAL_BELOW = 0.95
"""An agreement refunding less than this share of the amount settled for part of it."""
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
    offers
        ``(reason, goods_received, amount band, median share, agreements)``
        where enough similar agreements refunded part of the amount.
    """

    overall: float = DEFAULT_REFUND_SHARE
    n_settlements: int = 0
    cells: tuple[tuple[str, bool | None, float], ...] = ()
    offers: tuple[tuple[str, bool | None, int, float, int], ...] = ()

    @property
    def source(self) -> str:
        """``"learned"`` from the shop's settlements, or ``"default"``."""
        return "learned" if self.n_settlements else "default"

    @classmethod
    def learn(cls, frame: pl.DataFrame) -> RefundShares:
        """Learn from the closed negotiated disputes among ``frame`` (``outcome`` withdrawn or
        agreed), or fall back to the default when there are too few."""
        scope = _scope(frame)
        settled = frame.filter(pl.col("outcome").cast(pl.String).is_in(["withdrawn", "agreed"])).select(
            pl.col("reason").cast(pl.String),
            "goods_received",
            _band().alias("band"),
            pl.when(pl.col("outcome") == "agreed")
            .then(pl.when(scope == "full").then(1.0).otherwise(_paid_share()))
            .otherwise(0.0)
            .alias("refunded"),
            _paid_share().alias("of_paid"),
            (
                (pl.col("outcome") == "agreed")
                & pl.when(scope.is_not_null())
                .then(scope == "partial")
                .otherwise(_paid_share() < PARTIAL_BELOW)
            ).alias("partial"),
        )
        if settled.height < MIN_SETTLEMENTS:
            return cls()
        overall = float(settled["refunded"].mean())  # type: ignore[arg-type]
        by_reason = (pl.col("refunded").sum().over("reason") + SHRINKAGE * overall) / (
            pl.len().over("reason") + SHRINKAGE
        )
        cells = (
            settled.with_columns(by_reason.alias("prior"))
            .group_by("reason", "goods_received")
            .agg(
                (
                    (pl.col("refunded").sum() + SHRINKAGE * pl.col("prior").first()) / (pl.len() + SHRINKAGE)
                ).alias("share")
            )
            .sort("reason", "goods_received", nulls_last=True)
        )
        offers = (
            settled.filter("partial")
            .group_by("reason", "goods_received", "band")
            .agg(pl.col("of_paid").median().alias("share"), pl.len().alias("n"))
            .filter(pl.col("n") >= MIN_OFFER_SETTLEMENTS)
            .sort("reason", "goods_received", "band", nulls_last=True)
        )
        return cls(overall, settled.height, tuple(cells.rows()), tuple(offers.rows()))

    def offer(self) -> list[pl.Expr]:
        """Each dispute's ``suggested_offer`` (CNY, whole yuan, at most what is asked; null where
        none) and the ``offer_settlements`` it rests on."""
        paid = pl.coalesce(pl.col("paid_amount"), pl.col("amount"))
        if not self.offers:
            return [
                pl.lit(None, pl.Float64).alias("suggested_offer"),
                pl.lit(None, pl.Int64).alias("offer_settlements"),
            ]
        bands = len(AMOUNT_BANDS) + 1
        key = cell_of() * bands + _band()  # null where no amount: no offer
        known = [
            (code * bands + band, share, n)
            for reason, goods, band, share, n in self.offers
            if (code := cell_code(reason, goods)) is not None and band is not None
        ]
        share = key.replace_strict(
            [k for k, _, _ in known],
            [s for _, s, _ in known],
            default=pl.lit(None, pl.Float64),
            return_dtype=pl.Float64,
        )
        count = key.replace_strict(
            [k for k, _, _ in known],
            [n for *_, n in known],
            default=pl.lit(None, pl.Int64),
            return_dtype=pl.Int64,
        )
        return [
            pl.when(share.is_not_null())
            .then(pl.min_horizontal(share * paid, pl.col("amount")).round(0))
            .alias("suggested_offer"),
            pl.when(share.is_not_null()).then(count).alias("offer_settlements"),
        ]

    def share(self) -> pl.Expr:
        """Each dispute's share, from its reason and goods status (``negotiated_refund_share``)."""
        if not self.cells:
            return pl.lit(self.overall, pl.Float64).alias("negotiated_refund_share")
        lookup = {
            code: share
            for reason, goods, share in self.cells
            if (code := cell_code(reason, goods)) is not None
        }
        return by_cell(lookup, self.overall).alias("negotiated_refund_share")


def _paid_share() -> pl.Expr:
    """An agreement's refund as a share of what the buyer paid; all of it where unknown."""
    return (pl.col("amount") / pl.col("paid_amount")).clip(0.0, 1.0).fill_nan(None).fill_null(1.0)


def _scope(frame: pl.DataFrame) -> pl.Expr:
    """``partial`` or ``full`` as the export's 部分退款/全部退款 says; null where it says neither."""
    if "refund_scope" not in frame.columns:
        return pl.lit(None, pl.String)
    said = pl.col("refund_scope").str.to_lowercase()
    return (
        pl.when(said.str.contains("部分|partial"))
        .then(pl.lit("partial"))
        .when(said.str.contains("全部|full"))
        .then(pl.lit("full"))
    )


def _band() -> pl.Expr:
    """The amount band (0 to len(AMOUNT_BANDS)) of what was paid, else asked; null if neither."""
    amount = pl.coalesce(pl.col("paid_amount"), pl.col("amount"))
    band = pl.lit(len(AMOUNT_BANDS), pl.Int64)
    for i, edge in reversed(list(enumerate(AMOUNT_BANDS))):
        band = pl.when(amount < edge).then(pl.lit(i, pl.Int64)).otherwise(band)
    return pl.when(amount.is_not_null()).then(band)
