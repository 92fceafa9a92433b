"""How often the shop holds each voucher: the price of a voucher nobody recorded.

A voucher whose status was never recorded (no inventory covers the dispute)
is neither held nor missing. Every quantity that depends on it (the
negotiation features, the share of required vouchers held and through it the
chance of winning a ruling) takes its expectation: the voucher counts as the
chance that the shop holds it, given the dispute's reason and goods status.

That chance is learned from the disputes whose required vouchers are all
recorded (held or not: those an inventory covers), where the voucher is
required: per reason and goods status, shrunk toward the voucher's overall
rate by :data:`SHRINKAGE` pseudo-disputes. Disputes with some voucher
unrecorded are left out, because a source may record a voucher only when it
is held (a refund export shows a waybill, never its absence): counting those
records would make every unrecorded voucher look held. With fewer than
:data:`MIN_KNOWN` known records of a voucher its chance is the documented
prior :data:`PRIOR_HELD_RATE`. The rates use no outcome, so learning them
from every dispute leaks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rightsguard._schema import VOUCHERS, evidence_column
from rightsguard.scoring._cells import by_cell, cell_code

PRIOR_HELD_RATE = 0.5
"""The chance a voucher is held when too few disputes record it: no knowledge either way."""
MIN_KNOWN = 30
"""Known records (held or not) of a voucher needed before its rate is learned."""
SHRINKAGE = 20.0
"""Pseudo-disputes at the voucher's overall rate added to each reason and goods status."""


@dataclass(frozen=True)
class HeldRates:
    """The chance that the shop holds each voucher, by reason and goods status.

    Attributes
    ----------
    overall
        Per voucher: ``(voucher, rate, known records, "learned" or "prior")``.
    cells
        Per voucher, reason and goods status seen: ``(voucher, reason,
        goods_received, rate)``, the cell's rate shrunk toward the overall one.
    """

    overall: tuple[tuple[str, float, int, str], ...] = tuple(
        (v, PRIOR_HELD_RATE, 0, "prior") for v in VOUCHERS
    )
    cells: tuple[tuple[str, str, bool | None, float], ...] = ()

    @classmethod
    def learn(cls, frame: pl.DataFrame, required: dict[str, pl.Expr]) -> HeldRates:
        """Learn the rates from disputes' evidence flags where each voucher is required.

        Parameters
        ----------
        frame
            Canonical disputes (``reason``, ``goods_received``, the evidence flags).
        required
            Per voucher, whether a dispute requires it (the rules' expressions).
        """
        covered = frame.lazy().filter(
            ~pl.any_horizontal(required[v] & pl.col(evidence_column(v)).is_null() for v in VOUCHERS)
        )
        known = pl.concat(
            [
                covered.filter(required[v]).select(
                    pl.lit(v).alias("voucher"),
                    pl.col("reason").cast(pl.String),
                    "goods_received",
                    pl.col(evidence_column(v)).cast(pl.Float64).alias("held"),
                )
                for v in VOUCHERS
            ]
        ).collect()
        totals = known.group_by("voucher").agg(pl.len().alias("n"), pl.col("held").sum())
        overall, rate_of = [], {}
        for voucher in VOUCHERS:
            row = totals.filter(pl.col("voucher") == voucher)
            n = int(row["n"].sum())
            learned = n >= MIN_KNOWN
            rate = float(row["held"].sum()) / n if learned else PRIOR_HELD_RATE
            overall.append((voucher, rate, n, "learned" if learned else "prior"))
            rate_of[voucher] = rate
        learned_vouchers = [v for v, _, _, source in overall if source == "learned"]
        cells = (
            known.filter(pl.col("voucher").is_in(learned_vouchers))
            .group_by("voucher", "reason", "goods_received")
            .agg(pl.len().alias("n"), pl.col("held").sum())
            .with_columns(prior=pl.col("voucher").replace_strict(rate_of))
            .select(
                "voucher",
                "reason",
                "goods_received",
                (pl.col("held") + SHRINKAGE * pl.col("prior")) / (pl.col("n") + SHRINKAGE),
            )
            .sort("voucher", "reason", "goods_received", nulls_last=True)
        )
        return cls(tuple(overall), tuple(cells.rows()))

    def rate(self, voucher: str) -> pl.Expr:
        """The chance each dispute holds ``voucher``, from its reason and goods status."""
        overall = next(rate for v, rate, _, _ in self.overall if v == voucher)
        cells = {
            code: rate
            for v, reason, goods, rate in self.cells
            if v == voucher and (code := cell_code(reason, goods)) is not None
        }
        if not cells:
            return pl.lit(overall, pl.Float64)
        return by_cell(cells, overall)

    def expected_held(self, voucher: str) -> pl.Expr:
        """1 for a voucher held, 0 for one recorded as not held, its rate when unknown."""
        flag = pl.col(evidence_column(voucher)).cast(pl.Float64)
        return flag.fill_null(self.rate(voucher))

    def describe(self) -> pl.DataFrame:
        """The overall rate of each voucher, where it comes from, from how many disputes, and
        its 95% Wilson interval (``low``, ``high``; null for a prior)."""
        rates = pl.DataFrame(
            list(self.overall),
            orient="row",
            schema={"voucher": pl.String, "held_rate": pl.Float64, "n_known": pl.Int64, "source": pl.String},
        )
        z, n, rate = 1.959964, pl.col("n_known"), pl.col("held_rate")
        centre = (rate + z**2 / (2 * n)) / (1 + z**2 / n)
        spread = z * (rate * (1 - rate) / n + z**2 / (4 * n**2)).sqrt() / (1 + z**2 / n)
        learned = pl.col("source") == "learned"
        return rates.with_columns(
            pl.when(learned).then(centre - spread).alias("low"),
            pl.when(learned).then(centre + spread).alias("high"),
        )


def expected_completeness(rates: HeldRates, required: dict[str, pl.Expr], *, late: bool = False) -> pl.Expr:
    """The share of required vouchers held, each unknown one counted as its rate (1.0 when none
    is required): the expectation of :func:`~rightsguard.evidence.audit_evidence`'s completeness.

    With ``late``, the vouchers of a past dispute listed in ``late_vouchers`` (gathered after
    its decision moment, so not held then) count as held: the share a ruling saw.
    """
    needed = pl.sum_horizontal(required[v].cast(pl.Float64) for v in VOUCHERS)
    held = pl.sum_horizontal(
        pl.when(required[v] & pl.col("late_vouchers").list.contains(v) if late else pl.lit(False))
        .then(1.0)
        .when(required[v])
        .then(rates.expected_held(v))
        .otherwise(0.0)
        for v in VOUCHERS
    )
    return pl.when(needed > 0).then(held / needed).otherwise(1.0).alias("expected_completeness")


@dataclass(frozen=True)
class CompletenessLaw:
    """What the share of required vouchers held may be, per dispute, given what was recorded.

    Attributes
    ----------
    recorded
        Per dispute, the share of its required vouchers held as recorded (those unrecorded not
        held): the share itself where none is unrecorded.
    unsure
        The disputes with an unrecorded required voucher (rows of ``recorded``).
    shares, chances
        For those, per count of unrecorded vouchers held (columns, 0 to 7), the share of
        required vouchers held and its chance; the chances of a row sum to 1.
    """

    recorded: np.ndarray
    unsure: np.ndarray
    shares: np.ndarray
    chances: np.ndarray


def completeness_distribution(
    disputes: pl.DataFrame, rates: HeldRates, required: dict[str, pl.Expr]
) -> CompletenessLaw:
    """What the share of required vouchers held may be, given what was recorded.

    Each unrecorded required voucher is held with its rate, independently: the count of them
    held follows a Poisson binomial law, worked out for the disputes that have one (the others
    hold what was recorded). A past dispute's vouchers gathered late (``late_vouchers``) count as
    held, as in :func:`expected_completeness`.
    """
    late = "late_vouchers" in disputes.columns
    parts = disputes.select(
        pl.sum_horizontal(required[v].cast(pl.Int32) for v in VOUCHERS).alias("needed"),
        pl.sum_horizontal(
            (
                required[v]
                & (
                    pl.col(evidence_column(v)).fill_null(False)
                    | (pl.col("late_vouchers").list.contains(v) if late else pl.lit(False))
                )
            ).cast(pl.Int32)
            for v in VOUCHERS
        ).alias("held"),
        *(
            pl.when(required[v] & pl.col(evidence_column(v)).is_null())
            .then(rates.rate(v))
            .otherwise(0.0)
            .alias(v)
            for v in VOUCHERS
        ),
    )
    needed, held = parts["needed"].to_numpy(), parts["held"].to_numpy()
    recorded = np.where(needed > 0, np.minimum(held, needed) / np.maximum(needed, 1), 1.0)
    rates_of = parts.select(VOUCHERS).to_numpy()
    unsure = np.flatnonzero((rates_of > 0).any(axis=1))
    chances = np.zeros((unsure.size, len(VOUCHERS) + 1))
    chances[:, 0] = 1.0
    for q in rates_of[unsure].T[:, :, None]:  # one step per voucher, every such dispute at once
        chances[:, 1:] = chances[:, 1:] * (1 - q) + chances[:, :-1] * q
        chances[:, :1] *= 1 - q
    needed, held = needed[unsure, None], held[unsure, None]
    counts = np.minimum(held + np.arange(len(VOUCHERS) + 1), needed)
    shares = np.where(needed > 0, counts / np.maximum(needed, 1), 1.0)
    return CompletenessLaw(recorded, unsure, shares, chances)
