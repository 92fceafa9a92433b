"""How one export's rows enter the store's latest state: ``disputes`` and ``status_history``.

Both ``ingest`` and ``forget`` (which replays the exports that remain) merge
through here, from a temporary table ``incoming``: the export's canonical
columns, with ``_moment`` (the export's moment) and ``_export`` (its id).
A dispute's state is the one shown by the export with the latest moment,
whatever order the exports come in; a state's first moment is the earliest
export that showed it; ``stage_since`` is the first moment an export showed
the dispute in its current stage.
"""

from __future__ import annotations

import duckdb

from rightsguard.store._tables import DISPUTE_COLUMNS

_COLUMNS = ", ".join(DISPUTE_COLUMNS)


def keep_observations(con: duckdb.DuckDBPyConnection) -> None:
    """Keep ``incoming``'s rows as its export's own, in ``observations``."""
    con.execute(f"INSERT INTO observations (export_id, {_COLUMNS}) SELECT _export, {_COLUMNS} FROM incoming")


def merge_incoming(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Merge ``incoming`` into ``disputes`` and ``status_history``; return (new disputes, status
    changes)."""
    new, changed = con.execute("""
        SELECT count(*) FILTER (WHERE d.dispute_id IS NULL),
               count(*) FILTER (WHERE d.dispute_id IS NOT NULL AND i._moment >= d.state_moment
                                AND coalesce(i.outcome, 'open') <> coalesce(d.outcome, 'open'))
        FROM incoming i LEFT JOIN disputes d USING (dispute_id)""").fetchone()  # type: ignore[misc]
    newer = "excluded.state_moment >= disputes.state_moment"
    updates = ",\n".join(
        f"{c} = CASE WHEN {newer} THEN excluded.{c} ELSE disputes.{c} END"
        for c in DISPUTE_COLUMNS
        if c != "dispute_id"
    )
    con.execute(f"""
        INSERT INTO disputes ({_COLUMNS}, first_seen, last_seen, state_moment, export_id)
        SELECT {_COLUMNS}, _moment, _moment, _moment, _export FROM incoming
        ON CONFLICT (dispute_id) DO UPDATE SET
        {updates},
        export_id = CASE WHEN {newer} THEN excluded.export_id ELSE disputes.export_id END,
        first_seen = least(disputes.first_seen, excluded.first_seen),
        last_seen = greatest(disputes.last_seen, excluded.last_seen),
        state_moment = greatest(disputes.state_moment, excluded.state_moment)""")
    con.execute("""
        INSERT INTO status_history (dispute_id, state, status, stage, refund_status, cs_status,
                                    liable_party, deadline_at, proof_due_at, closed_at, first_seen, export_id)
        SELECT dispute_id,
               concat_ws('|', coalesce(outcome, 'open'), coalesce(stage, ''), coalesce(refund_status, ''),
                         coalesce(cs_status, ''), coalesce(liable_party, '')),
               coalesce(outcome, 'open'), stage, refund_status, cs_status, liable_party,
               deadline_at, proof_due_at, closed_at, _moment, _export
        FROM incoming
        ON CONFLICT (dispute_id, state) DO UPDATE SET
        export_id = CASE WHEN excluded.first_seen < status_history.first_seen
                         THEN excluded.export_id ELSE status_history.export_id END,
        deadline_at = CASE WHEN excluded.first_seen < status_history.first_seen
                           THEN excluded.deadline_at ELSE status_history.deadline_at END,
        proof_due_at = CASE WHEN excluded.first_seen < status_history.first_seen
                               THEN excluded.proof_due_at ELSE status_history.proof_due_at END,
        closed_at = CASE WHEN excluded.first_seen < status_history.first_seen
                         THEN excluded.closed_at ELSE status_history.closed_at END,
        first_seen = least(status_history.first_seen, excluded.first_seen)""")
    con.execute("""
        UPDATE disputes SET stage_since = since.first_seen
        FROM (SELECT h.dispute_id, min(h.first_seen) AS first_seen
              FROM status_history h JOIN disputes d USING (dispute_id)
              WHERE h.stage IS NOT DISTINCT FROM d.stage
                AND h.dispute_id IN (SELECT dispute_id FROM incoming)
              GROUP BY 1) since
        WHERE disputes.dispute_id = since.dispute_id""")
    return int(new), int(changed)
