"""Attaching the shop's evidence inventory to disputes: which vouchers each holds, as of when.

The inventory is read by :mod:`rightsguard.io._evidence`; here its keys meet the
disputes (by ``dispute_id`` or ``order_id``), its dates meet their decision moments,
and its rule of absence (:data:`~rightsguard.io._absence.ABSENCE_RULES`) meets the days
they opened.
"""

from __future__ import annotations

import polars as pl

from rightsguard._schema import VOUCHERS, evidence_column
from rightsguard.io._coverage import DECISION_WINDOW_HOURS, EvidenceCoverage
from rightsguard.io._evidence import EvidenceInventory

UNRECOGNISED_FILES = "unrecognised_files"
"""The files of a dispute's evidence whose names say no voucher: the next step names them."""
LATE_VOUCHERS = "late_vouchers"
"""The vouchers a past dispute's ledger dates after its decision moment: not held when it was
decided (no feature counts them), held by its ruling (the chance of winning one counts them)."""


def attach_evidence(
    disputes: pl.DataFrame, inventory: EvidenceInventory
) -> tuple[pl.DataFrame, EvidenceCoverage]:
    """Set the voucher flags of the disputes the inventory covers.

    A covered dispute holds a voucher when the inventory lists it (or the
    dispute already showed it, a waybill in the export, say) and does not
    hold it otherwise; an uncovered dispute keeps its flags. Matching is by
    ``dispute_id`` or ``order_id``, exact text. A dispute no key names that
    opened within a dated ledger's days (:meth:`EvidenceInventory.ledger_periods`)
    is covered holding nothing, unless files naming no voucher sit under its key.

    Evidence counts as of the moment it matters: for a past (closed)
    dispute, a ledger voucher dated after its decision moment (its opening
    plus :data:`DECISION_WINDOW_HOURS`) was gathered once the outcome was in
    play and does not count for it (it would leak the outcome into its
    features and into the ruling chance learned from it). An open dispute
    counts what is held now. A voucher with no date (folder files) counts
    from the dispute's opening, as the coverage note says. A voucher gathered
    late still counts for the ruling (customer service sees it): it is listed
    in :data:`LATE_VOUCHERS`. The files whose names say no voucher are listed in
    :data:`UNRECOGNISED_FILES`, for the next step to name.

    Returns
    -------
    disputes : polars.DataFrame
        The same rows and columns, flags updated, plus :data:`LATE_VOUCHERS` and
        :data:`UNRECOGNISED_FILES`.
    coverage : EvidenceCoverage
    """
    rows = disputes.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
        "dispute_id",
        "order_id",
        (pl.col("opened_at") + pl.duration(hours=DECISION_WINDOW_HOURS)).dt.date().alias("_by"),
        (pl.col("resolution").cast(pl.String) == "open").alias("_open"),
    )
    holdings = inventory.holdings.select("key", "voucher", "held_on")
    listed = pl.concat(
        [
            rows.join(holdings, left_on=side, right_on="key", how="inner")
            for side in ("dispute_id", "order_id")
        ]
    )
    in_time = pl.col("held_on").is_null() | pl.col("_open") | (pl.col("held_on") <= pl.col("_by"))
    late = listed.filter(pl.col("voucher").is_not_null() & ~in_time).height
    per_row = listed.group_by("_row").agg(
        *(((pl.col("voucher") == v) & in_time).any().alias(v) for v in VOUCHERS),
        *(((pl.col("voucher") == v) & ~in_time).any().alias(f"late:{v}") for v in VOUCHERS),
    )
    joined = rows.select("_row").join(per_row, on="_row", how="left", maintain_order="left")
    listed_key = joined[VOUCHERS[0]].is_not_null()
    held = joined.select(pl.col(v).fill_null(False) for v in VOUCHERS)
    gathered_late = joined.select(
        pl.concat_list(pl.when(pl.col(f"late:{v}") & ~pl.col(v)).then(pl.lit(v)) for v in VOUCHERS)
        .list.drop_nulls()
        .alias(LATE_VOUCHERS)
    ).to_series()
    unnamed = inventory.unrecognised.select("key", "name")
    files = rows.select("_row").join(
        pl.concat(
            [
                rows.join(unnamed, left_on=side, right_on="key", how="inner")
                for side in ("dispute_id", "order_id")
            ]
        )
        .group_by("_row")
        .agg(pl.col("name").unique().sort().alias(UNRECOGNISED_FILES)),
        on="_row",
        how="left",
        maintain_order="left",
    )[UNRECOGNISED_FILES]
    periods = inventory.ledger_periods()
    absent = ~listed_key & files.is_null() & _within_a_ledger(disputes, periods)
    covered = listed_key | absent
    updated = disputes.with_columns(
        *(
            pl.when(pl.lit(covered))
            .then(pl.lit(held[v]) | pl.col(evidence_column(v)).fill_null(False))
            .otherwise(pl.col(evidence_column(v)))
            .alias(evidence_column(v))
            for v in VOUCHERS
        ),
        pl.lit(gathered_late).fill_null(pl.lit([], pl.List(pl.String))),
        pl.lit(files).fill_null(pl.lit([], pl.List(pl.String))),
    )
    known = pl.concat([disputes["dispute_id"], disputes["order_id"].drop_nulls()])
    keys = pl.concat([inventory.holdings["key"], inventory.unrecognised["key"]]).unique()
    unmatched = keys.filter(~keys.is_in(known.implode())).sort().to_list()
    sources = tuple(
        sorted(
            set(inventory.holdings["source"])
            | set(inventory.unrecognised["source"])
            | set(inventory.rejected["source"])
        )
    )
    example = next(iter(known.head(1).to_list()), None)
    return updated, EvidenceCoverage(
        disputes.height,
        int(listed_key.sum()),
        unmatched,
        inventory.unrecognised,
        inventory.rejected,
        sources,
        example,
        late,
        int(inventory.holdings["held_on"].is_null().sum()),
        int(absent.sum()),
        tuple(periods.iter_rows()),
    )


def _within_a_ledger(disputes: pl.DataFrame, periods: pl.DataFrame) -> pl.Series:
    """Whether each dispute opened within the days of one of the ledgers' periods."""
    day = pl.col("opened_at").dt.date()
    within = pl.any_horizontal(
        pl.lit(False), *(day.is_between(first, last) for _, first, last in periods.iter_rows())
    )
    return disputes.select(within.fill_null(False)).to_series()
