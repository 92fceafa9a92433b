"""``forget``: take an export out of the store and rebuild what it showed from the others.

An export ingested by mistake (another shop's, a wrong day's) would otherwise stay
for good: its cases, its statuses, the moment it dated. Forgetting it removes its
row in ``exports``, its own rows (``observations``) and its refused rows, then
rebuilds every dispute it showed, in ``disputes`` and ``status_history``, by
merging again what the remaining exports showed of them
(:func:`~rightsguard.store._merge.merge_incoming`, the path ``ingest`` takes). A
dispute no other export showed is gone. The store is then what it would be had
the export never been ingested. Runs, predictions and recorded choices are the
shop's history and stay.

The rebuild needs the rows of every export that may have shown those disputes:
a store that holds exports ingested before it kept each export's rows (schema
version 6) refuses, naming them; ingesting them again keeps their rows and
changes nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rightsguard._errors import UnreadableFileError, said
from rightsguard.store._connect import WAIT_SECONDS, Store, open_store
from rightsguard.store._merge import merge_incoming

_SHOWN = 8
"""How many of the store's exports a refusal names."""


@dataclass(frozen=True)
class Forgotten:
    """What forgetting an export changed.

    Attributes
    ----------
    export_id, file_name, moment
        The export forgotten.
    n_rows
        Its rows the store kept.
    removed
        Disputes no other export showed: gone from the store.
    rebuilt
        Disputes rebuilt from what the other exports showed.
    refused
        Its refused rows, removed from ``rejected_rows``.
    """

    export_id: int
    file_name: str
    moment: datetime | None
    n_rows: int
    removed: int
    rebuilt: int
    refused: int


def forget(
    export: str | Path | int, *, store: str | Path | None = None, wait: float | None = None
) -> Forgotten:
    """Remove an export from the store and rebuild the disputes it showed from the other exports.

    Parameters
    ----------
    export
        The export: its file (known by its content), its file name as ingested, or its id
        in ``exports`` (``3`` or ``"#3"``).
    store
        The store file; ``RIGHTSGUARD_STORE`` or ``rightsguard.duckdb`` by default.
    wait
        Seconds to wait for another process writing the store.

    Returns
    -------
    Forgotten

    Raises
    ------
    UnreadableFileError
        When no export, or more than one, answers to ``export`` (naming the store's exports),
        or when the store holds exports whose rows it did not keep (naming them).
    """
    with open_store(store, wait=WAIT_SECONDS if wait is None else wait) as opened:
        export_id = _which_export(opened, export)
        _refuse_rows_not_kept(opened)
        return _forget(opened, export_id)


def _which_export(store: Store, export: str | Path | int) -> int:
    """The id of the one export that ``export`` names."""
    con = store.connection
    if isinstance(export, int):
        found = con.execute("SELECT export_id FROM exports WHERE export_id = ?", [export]).fetchall()
    elif Path(export).is_file():
        content = hashlib.sha256(Path(export).read_bytes()).hexdigest()
        found = con.execute("SELECT export_id FROM exports WHERE content_hash = ?", [content]).fetchall()
    else:
        named = str(export).strip()
        found = con.execute(
            "SELECT export_id FROM exports WHERE file_name = ? OR ltrim(?, '#') = export_id::VARCHAR",
            [Path(named).name, named],
        ).fetchall()
    if len(found) == 1:
        return int(found[0][0])
    ids = [row[0] for row in found]
    listed = store.get(
        "SELECT export_id, file_name, export_moment FROM exports "
        + ("WHERE list_contains(?, export_id) " if ids else "")
        + f"ORDER BY export_moment DESC NULLS LAST, export_id DESC LIMIT {_SHOWN}",
        [ids] if ids else None,
    )
    exports = "; ".join(f"#{i} {name} ({moment})" for i, name, moment in listed.iter_rows())
    if ids:
        raise said(
            UnreadableFileError, "err_forget_ambiguous", export=export, path=store.path, exports=exports
        )
    raise said(
        UnreadableFileError, "err_forget_unknown", export=export, path=store.path, exports=exports or "-"
    )


def _refuse_rows_not_kept(store: Store) -> None:
    """Refuse while any export's rows were not kept: the disputes it showed could not be rebuilt."""
    missing = store.get("""
        SELECT export_id, file_name FROM exports e
        WHERE n_accepted > 0 AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.export_id = e.export_id)
        ORDER BY export_id""")
    if missing.height:
        exports = "; ".join(f"#{i} {name}" for i, name in missing.head(_SHOWN).iter_rows())
        raise said(UnreadableFileError, "err_forget_rows_not_kept", path=store.path, exports=exports)


def _forget(store: Store, export_id: int) -> Forgotten:
    """Remove the export and rebuild its disputes, in one transaction."""
    con = store.connection
    file_name, moment = con.execute(
        "SELECT file_name, export_moment FROM exports WHERE export_id = ?", [export_id]
    ).fetchone()  # type: ignore[misc]
    with store.transaction():
        con.execute(
            "CREATE OR REPLACE TEMP TABLE affected AS "
            "SELECT dispute_id FROM observations WHERE export_id = ?",
            [export_id],
        )
        n_rows = _count(store, "SELECT count(*) FROM affected")
        refused = _count(store, "SELECT count(*) FROM rejected_rows WHERE export_id = ?", [export_id])
        for table in ("observations", "rejected_rows", "exports"):
            con.execute(f"DELETE FROM {table} WHERE export_id = ?", [export_id])
        for table in ("status_history", "disputes"):
            con.execute(f"DELETE FROM {table} WHERE dispute_id IN (SELECT dispute_id FROM affected)")
        remaining = con.execute("""
            SELECT DISTINCT o.export_id, x.export_moment FROM observations o
            JOIN exports x USING (export_id) WHERE o.dispute_id IN (SELECT dispute_id FROM affected)
            ORDER BY x.export_moment, o.export_id""").fetchall()
        for other, _ in remaining:  # one merge per export, as ingest made them (in any order)
            con.execute(
                """CREATE OR REPLACE TEMP TABLE incoming AS
                SELECT o.* EXCLUDE (export_id), x.export_moment AS _moment, o.export_id AS _export
                FROM observations o JOIN exports x USING (export_id)
                WHERE o.export_id = ? AND o.dispute_id IN (SELECT dispute_id FROM affected)""",
                [other],
            )
            merge_incoming(con)
        rebuilt = _count(
            store, "SELECT count(*) FROM disputes WHERE dispute_id IN (SELECT dispute_id FROM affected)"
        )
    return Forgotten(export_id, file_name, moment, n_rows, n_rows - rebuilt, rebuilt, refused)


def _count(store: Store, query: str, parameters: list | None = None) -> int:
    """The one number ``query`` gives."""
    found = store.connection.execute(query, parameters).fetchone()
    return int(found[0]) if found else 0
