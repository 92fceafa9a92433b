"""Where the store's closed cases stood at each export that showed them: what open cases'
stages are learned from (:class:`~rightsguard.scoring._stages.StageTimes`).

A case is shown by every export from the first that listed it to the last; its stage at
each is the latest state ``status_history`` had seen by then (an export showing the same
state again adds no row there). Only closed cases count: their end is known. Past
``most`` closed cases (an agency's store), they are learned from a sample of that many,
the same each time (by the hash of their ids), as models are fitted on a sample.
"""

from __future__ import annotations

import polars as pl

from rightsguard.scoring._stages import StageTimes
from rightsguard.store._connect import Store


def stage_snapshots(store: Store, shop: str | None, most: int | None = None) -> pl.DataFrame:
    """One row per closed case (of ``shop``, or all; at most ``most`` of them) and export moment
    that showed it: ``dispute_id``, ``outcome``, ``hours`` (its age then) and ``stage`` (then)."""
    return store.get(
        """
        WITH closed AS (
            SELECT dispute_id, outcome, opened_at, shop, first_seen, last_seen FROM disputes
            WHERE outcome IS NOT NULL AND (? IS NULL OR shop = ?)
            ORDER BY hash(dispute_id), dispute_id LIMIT ?),
        moments AS (
            SELECT DISTINCT export_moment AS moment, shop FROM exports WHERE export_moment IS NOT NULL),
        seen AS (
            SELECT c.dispute_id, c.outcome, c.opened_at, m.moment FROM closed c JOIN moments m
            ON m.moment BETWEEN c.first_seen AND c.last_seen AND (m.shop IS NULL OR m.shop = c.shop)),
        states AS (SELECT h.dispute_id, h.first_seen, h.stage FROM status_history h
                   SEMI JOIN closed c USING (dispute_id))
        SELECT DISTINCT s.dispute_id, s.outcome,
               epoch(s.moment - s.opened_at) / 3600.0 AS hours, h.stage
        FROM seen s ASOF LEFT JOIN states h ON s.dispute_id = h.dispute_id AND s.moment >= h.first_seen
        ORDER BY 1, 3""",
        [shop, shop, most],
    )


def learned_stage_times(store: Store, shop: str | None, most: int | None = None) -> StageTimes:
    """The stage shares learned from the store's closed cases (of ``shop``, or all; a sample of
    ``most`` past that many)."""
    return StageTimes.learn(stage_snapshots(store, shop, most))
