"""A counterparty's history, as of the moment each dispute opens.

For every dispute with a known ``counterparty`` (the business, or a buyer's
salted key), three counts are computed from the other disputes of the same
counterparty:

- ``history_disputes``: how many were opened strictly before this one;
- ``history_closed``: how many had closed strictly before this one opened;
- ``history_negotiated``: how many of those closed by negotiation.

Only outcomes recorded before the dispute opened are read, so a dispute's
history never holds its own outcome or any later one: the same holds inside
cross-fitting, where a held-out dispute's history may include training
disputes that closed before it opened (outcomes the shop knew at that moment),
never the reverse. Disputes opened or closed at the same moment as the
opening are left out, which is the safe side for sources that record dates
without times.
"""

from __future__ import annotations

import polars as pl

HISTORY_COLUMNS: tuple[str, ...] = ("history_disputes", "history_closed", "history_negotiated")
"""The counts :func:`with_history` adds."""


def with_history(disputes: pl.DataFrame, past: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add :data:`HISTORY_COLUMNS` to canonical disputes, in their order.

    Parameters
    ----------
    disputes
        Canonical disputes (``counterparty``, ``opened_at``, ``closed_at``,
        ``resolution``); their own earlier disputes count as history.
    past
        Other canonical disputes that count as history without being
        scored (for instance those a supplied model was trained on); one
        with the id of a dispute in ``disputes`` counts once.

    Returns
    -------
    polars.DataFrame
        ``disputes`` with the three counts (UInt32; null where the
        counterparty is unknown).
    """
    keys = ["dispute_id", "counterparty", "opened_at", "closed_at", "resolution"]
    events = (
        disputes.select(keys)
        if past is None
        else pl.concat([disputes.select(keys), past.select(keys)], how="vertical_relaxed").unique(
            "dispute_id", keep="first", maintain_order=True
        )
    )
    events = events.filter(pl.col("counterparty").is_not_null())
    opened = (
        events.group_by("counterparty", "opened_at")
        .len("_same")
        .sort("opened_at")
        .with_columns(
            (pl.col("_same").cum_sum().over("counterparty") - pl.col("_same")).alias("history_disputes")
        )
        .drop("_same")
    )
    closed = (
        events.filter(pl.col("closed_at").is_not_null() & (pl.col("resolution") != "open"))
        .group_by("counterparty", "closed_at")
        .agg(pl.len().alias("_n"), (pl.col("resolution") == "negotiated").sum().alias("_negotiated"))
        .sort("closed_at")
        .with_columns(
            pl.col("_n").cum_sum().over("counterparty").alias("history_closed"),
            pl.col("_negotiated").cum_sum().over("counterparty").alias("history_negotiated"),
        )
        .drop("_n", "_negotiated")
    )
    indexed = disputes.with_row_index("_position")
    probe = (
        indexed.select("_position", "counterparty", "opened_at")
        .filter(pl.col("counterparty").is_not_null())
        .sort("opened_at")
    )
    counts = (
        probe.join(opened, on=["counterparty", "opened_at"], how="left")
        .join_asof(
            closed,
            left_on="opened_at",
            right_on="closed_at",
            by="counterparty",
            strategy="backward",
            allow_exact_matches=False,
            check_sortedness=False,
        )
        .select("_position", "history_disputes", *(pl.col(c).fill_null(0) for c in HISTORY_COLUMNS[1:]))
    )
    return (
        indexed.drop(HISTORY_COLUMNS, strict=False)
        .join(counts, on="_position", how="left")
        .sort("_position")
        .drop("_position")
        .with_columns(pl.col(c).cast(pl.UInt32) for c in HISTORY_COLUMNS)
    )
