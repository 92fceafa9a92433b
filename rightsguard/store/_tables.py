"""The store's tables: a public interface, each column documented in docs/store.md.

The store is one DuckDB file. Its schema carries a version in ``meta``;
:func:`migrate` creates the tables of a new store and moves an older one
forward, one step per version, in a transaction.
"""

from __future__ import annotations

import duckdb

from rightsguard._errors import said
from rightsguard._schema import SCHEMA

SCHEMA_VERSION = 6
"""The version of the tables this code reads and writes."""

DISPUTE_COLUMNS: tuple[str, ...] = tuple(SCHEMA)
"""The canonical columns a ``disputes`` row holds: the latest state the exports showed."""


_STEPS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE exports (
    export_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL UNIQUE,
    export_moment TIMESTAMP,
    moment_source VARCHAR NOT NULL,
    n_rows INTEGER NOT NULL,
    n_accepted INTEGER NOT NULL,
    n_rejected INTEGER NOT NULL,
    shop VARCHAR,
    ingested_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE disputes (
    dispute_id VARCHAR,
    order_id VARCHAR,
    shop VARCHAR,
    counterparty VARCHAR,
    paid_at TIMESTAMP,
    opened_at TIMESTAMP,
    deadline_at TIMESTAMP,
    closed_at TIMESTAMP,
    reason VARCHAR,
    reason_raw VARCHAR,
    category VARCHAR,
    goods_received BOOLEAN,
    refund_type VARCHAR,
    amount DOUBLE,
    paid_amount DOUBLE,
    seller_response_hours DOUBLE,
    instant_response BOOLEAN,
    after_sale BOOLEAN,
    evidence_listing_comparison BOOLEAN,
    evidence_carrier_receipt BOOLEAN,
    evidence_purchase_voucher BOOLEAN,
    evidence_packing_record BOOLEAN,
    evidence_delivery_proof BOOLEAN,
    evidence_signature_proof BOOLEAN,
    evidence_chat_log BOOLEAN,
    outcome VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    state_moment TIMESTAMP NOT NULL,
    export_id INTEGER NOT NULL,
    PRIMARY KEY (dispute_id))""",
        """CREATE TABLE status_history (
    dispute_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    export_id INTEGER NOT NULL,
    PRIMARY KEY (dispute_id, status))""",
        """CREATE TABLE rejected_rows (
    export_id INTEGER NOT NULL,
    source_row BIGINT,
    problems VARCHAR NOT NULL,
    row_text VARCHAR NOT NULL)""",
        """CREATE TABLE evidence (
    key VARCHAR NOT NULL,
    voucher VARCHAR,
    file VARCHAR,
    held_on DATE,
    source VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE models (
    model_id VARCHAR PRIMARY KEY,
    fitted_at TIMESTAMP NOT NULL,
    method VARCHAR NOT NULL,
    train_from TIMESTAMP,
    train_to TIMESTAMP,
    n_train INTEGER NOT NULL,
    roc_auc DOUBLE,
    brier DOUBLE,
    calibration_error DOUBLE)""",
        """CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    made_at TIMESTAMP NOT NULL,
    as_of TIMESTAMP,
    model_id VARCHAR NOT NULL,
    n_open INTEGER NOT NULL)""",
        """CREATE TABLE predictions (
    run_id VARCHAR NOT NULL,
    dispute_id VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL,
    model_id VARCHAR NOT NULL,
    p_negotiated DOUBLE,
    p_win_ruling DOUBLE,
    recommendation VARCHAR,
    cost_refund_now DOUBLE,
    cost_negotiate DOUBLE,
    cost_escalate DOUBLE,
    expected_cost DOUBLE,
    PRIMARY KEY (run_id, dispute_id))""",
        """CREATE TABLE decisions (
    dispute_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    option VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    note VARCHAR,
    PRIMARY KEY (dispute_id, run_id))""",
    ],
    2: [  # open disputes are scored as they stand: how long each had been open is kept
        "ALTER TABLE predictions ADD COLUMN hours_open DOUBLE"
    ],
    3: [  # what releases after version 1 added to its tables without a step of their own
        "ALTER TABLE disputes ADD COLUMN IF NOT EXISTS item VARCHAR",
        "ALTER TABLE disputes ADD COLUMN IF NOT EXISTS sku VARCHAR",
        "ALTER TABLE runs ADD COLUMN IF NOT EXISTS shop VARCHAR",
    ],
    4: [  # where each case stands: every export's own status words kept, and the stage they mean
        "ALTER TABLE disputes ADD COLUMN stage VARCHAR",
        "ALTER TABLE disputes ADD COLUMN stage_since TIMESTAMP",
        "ALTER TABLE disputes ADD COLUMN refund_status VARCHAR",
        "ALTER TABLE disputes ADD COLUMN cs_status VARCHAR",
        "ALTER TABLE disputes ADD COLUMN liable_party VARCHAR",
        "ALTER TABLE disputes ADD COLUMN proof_due_at TIMESTAMP",
        "UPDATE disputes SET stage = 'closed' WHERE outcome IS NOT NULL",
        "ALTER TABLE predictions ADD COLUMN stage VARCHAR",
        """CREATE TABLE status_states (
    dispute_id VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    stage VARCHAR,
    refund_status VARCHAR,
    cs_status VARCHAR,
    liable_party VARCHAR,
    deadline_at TIMESTAMP,
    proof_due_at TIMESTAMP,
    closed_at TIMESTAMP,
    first_seen TIMESTAMP NOT NULL,
    export_id INTEGER NOT NULL,
    PRIMARY KEY (dispute_id, state))""",
        """INSERT INTO status_states (dispute_id, state, status, stage, first_seen, export_id)
    SELECT dispute_id, status, status, CASE WHEN status <> 'open' THEN 'closed' END, first_seen, export_id
    FROM status_history""",
        "DROP TABLE status_history",
        "ALTER TABLE status_states RENAME TO status_history",
    ],
    5: [
        r"""CREATE MACRO evidence_source_name(path) AS (
    WITH named AS (
        SELECT regexp_replace(regexp_replace(path, '[/\\]+$', ''), '^.*[/\\]', '') AS base
    )
    SELECT lower(coalesce(
        nullif(regexp_replace(regexp_replace(base, '\.[^.]*$', ''),
            '(?:[ _.\-]*(?:v\d+|\(\d+\)|（\d+）|副本|copy|最新|新版|\d{8}))+$', '', 'i'), ''),
        base)) || CASE WHEN regexp_matches(base, '\.[A-Za-z0-9]{1,5}$') THEN '' ELSE '/' END
    FROM named)""",
        "ALTER TABLE evidence ADD COLUMN shop VARCHAR",
        "ALTER TABLE evidence ADD COLUMN source_name VARCHAR",
        "ALTER TABLE evidence ADD COLUMN content_hash VARCHAR",
        "UPDATE evidence SET source_name = evidence_source_name(source)",
        "ALTER TABLE disputes ADD COLUMN refund_scope VARCHAR",
    ],
    6: [  # each export's own rows, so that an export can be forgotten and what it showed rebuilt
        """CREATE TABLE observations (
    export_id INTEGER NOT NULL,
    dispute_id VARCHAR NOT NULL,
    order_id VARCHAR,
    shop VARCHAR,
    counterparty VARCHAR,
    paid_at TIMESTAMP,
    opened_at TIMESTAMP,
    deadline_at TIMESTAMP,
    closed_at TIMESTAMP,
    reason VARCHAR,
    reason_raw VARCHAR,
    category VARCHAR,
    item VARCHAR,
    sku VARCHAR,
    goods_received BOOLEAN,
    refund_type VARCHAR,
    amount DOUBLE,
    paid_amount DOUBLE,
    seller_response_hours DOUBLE,
    instant_response BOOLEAN,
    after_sale BOOLEAN,
    evidence_listing_comparison BOOLEAN,
    evidence_carrier_receipt BOOLEAN,
    evidence_purchase_voucher BOOLEAN,
    evidence_packing_record BOOLEAN,
    evidence_delivery_proof BOOLEAN,
    evidence_signature_proof BOOLEAN,
    evidence_chat_log BOOLEAN,
    stage VARCHAR,
    stage_since TIMESTAMP,
    refund_status VARCHAR,
    cs_status VARCHAR,
    liable_party VARCHAR,
    proof_due_at TIMESTAMP,
    refund_scope VARCHAR,
    outcome VARCHAR,
    PRIMARY KEY (export_id, dispute_id))"""
    ],
}
"""The statements that move a store from the version before to each version, frozen as each
version shipped: a store made by any release reaches the same tables. A new column is a new
step, never an edit of an earlier one (``tests/test_store_files.py`` opens a store file of each
version)."""

TABLES: tuple[str, ...] = (
    "exports",
    "disputes",
    "status_history",
    "observations",
    "rejected_rows",
    "evidence",
    "models",
    "runs",
    "predictions",
    "decisions",
)
"""The tables an analyst reads."""


class StoreVersionError(ValueError):
    """Raised for a store written by a newer rightsguard than this one."""


def version_of(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version (0 for a new, empty store)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, path: object) -> int:
    """Bring the store to :data:`SCHEMA_VERSION`, a step at a time; returns the version found.

    Raises
    ------
    StoreVersionError
        When the store is newer than this code.
    """
    found = version_of(con)
    if found > SCHEMA_VERSION:
        raise said(StoreVersionError, "err_store_newer", path=path, found=found, version=SCHEMA_VERSION)
    for step in range(found + 1, SCHEMA_VERSION + 1):
        con.begin()
        try:
            for statement in _STEPS[step]:
                con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(step)])
            con.commit()
        except Exception:
            con.rollback()
            raise
    return found
