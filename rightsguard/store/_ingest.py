"""``ingest``: weekly exports and the shop's evidence into the store, each file once.

Each export is one transaction: its row in ``exports``, its disputes merged
into ``disputes``, each state it shows (the export's own 退款状态, 客服介入状态 and
责任方, the stage they mean, their deadlines) added once to ``status_history``,
and its refused rows, with their problems, in ``rejected_rows``. A killed
ingest leaves the store as it was. The same content twice changes nothing
(files are known by their SHA-256). Order does not matter: a dispute's state
is the one shown by the export with the latest moment, so an older export
ingested later never overwrites a newer status, and a status's first moment
is the earliest export that showed it. A dispute's ``stage_since`` is the first moment an
export showed it in its current stage.

An export's moment is read from its file name when the name holds a date
(退款报表_20261130.csv, refunds 2026-11-30 0930.xlsx; of a window, 20261101至20261130, its
end) that its data bear out: not in the future, not a day before the newest timestamp the
export holds, nor more than :data:`MAX_DAYS_AFTER_DATA` after it. A name the data contradict
is refused, naming both (a year typed wrong would freeze its cases as they were). Without a
date in the name the moment is that newest timestamp (an opening or a close); ``as_of``
gives it outright. ``moment_source`` says which (``file_name``, ``newest_timestamp`` or
``as_of``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import SOURCE_ROW
from rightsguard.io._load import ReadOptions
from rightsguard.io._readers import read_source
from rightsguard.io._validation import PROBLEMS
from rightsguard.store._connect import WAIT_SECONDS, Store, open_store
from rightsguard.store._evidence import EvidenceIngested, ingest_evidence
from rightsguard.store._merge import keep_observations, merge_incoming
from rightsguard.store._tables import DISPUTE_COLUMNS

_DATE_IN_NAME = re.compile(
    r"(?<!\d)(20\d{2})[-_.]?([01]\d)[-_.]?([0-3]\d)(?:[ T_]?([0-2]\d)[:.]?([0-5]\d))?(?!\d)"
)
MAX_DAYS_AFTER_DATA = 31
"""How long after its newest case an export may be dated by its name: a month of no new case."""


@dataclass(frozen=True)
class Ingested:
    """What one export changed in the store.

    Attributes
    ----------
    path
        The export.
    export_id
        Its id in ``exports`` (the earlier one, when already ingested).
    already
        Whether the same content was ingested before (nothing changed).
    moment, moment_source
        The export's moment and where it came from (``file_name`` or
        ``newest_timestamp``).
    n_rows, n_accepted, n_rejected
        Rows read, merged and refused (kept in ``rejected_rows``).
    problems
        Why rows were refused: one line per rule, naming the column, the rows and the values
        (in the reading options' language).
    new_disputes, status_changes
        Disputes the store had not seen, and disputes whose status moved.
    shop_was, shop_set
        For an export ingested before and given a shop of its own now: the shop
        it had (None: none), and how many of its cases that one shop now names.
    rows_kept
        For an export ingested before the store kept each export's rows (schema
        version 6): its rows, kept now so that it, or another export, can be forgotten.
    """

    path: Path
    export_id: int
    already: bool
    moment: datetime | None = None
    moment_source: str = ""
    n_rows: int = 0
    n_accepted: int = 0
    n_rejected: int = 0
    new_disputes: int = 0
    status_changes: int = 0
    shop_was: str | None = None
    shop_set: int = 0
    rows_kept: int = 0
    problems: tuple[str, ...] = ()


def ingest(
    exports: str | Path | Sequence[str | Path],
    *,
    store: str | Path | None = None,
    reading: ReadOptions | None = None,
    evidence: Sequence[str | Path] = (),
    wait: float | None = None,
    as_of: datetime | None = None,
    init: bool = False,
) -> list[Ingested | EvidenceIngested]:
    """Add weekly exports (and evidence ledgers and folders) to the shop's store.

    Parameters
    ----------
    exports
        Dispute exports in any format the loaders read (one path, or a list of them).
    store
        The store file; ``RIGHTSGUARD_STORE`` or ``rightsguard.duckdb`` by default.
    reading
        How raw rows become disputes (``ReadOptions(shop=...)`` names the shop
        of a single-shop export).
    evidence
        Ledgers and evidence folders, of the shop ``reading`` names; each is known by its
        name and content, and replaces an earlier version of itself
        (:mod:`rightsguard.store._evidence`).
    wait
        Seconds to wait for another process writing the store.
    as_of
        The exports' moment, when neither their names nor their data say it right.
    init
        Keep the store's tables in a DuckDB database that holds other tables (refused without).

    Returns
    -------
    list of Ingested and EvidenceIngested
        One per export, then one per evidence source, in the order given.
    """
    reading = reading or ReadOptions()
    if isinstance(exports, (str, Path)):
        exports = [exports]  # one export, not the letters of its name
    for path in map(Path, exports):
        if path.is_dir():
            raise said(UnreadableFileError, "err_input_folder", path=path)
    with open_store(store, wait=WAIT_SECONDS if wait is None else wait, create=True, init=init) as opened:
        done: list[Ingested | EvidenceIngested] = [
            _ingest_one(opened, Path(path), reading, as_of) for path in exports
        ]
        if evidence:
            done += ingest_evidence(opened, evidence, reading.shop)
    return done


def _refuse_unnamed_shop(store: Store, path: Path, accepted: pl.DataFrame) -> None:
    """Refuse an export whose cases name no shop into a store that keeps shops apart: its cases
    would be counted with no shop's, and no shop's plan would show them.

    Raises
    ------
    UnreadableFileError
        Naming the file and the store's shops (give one with ``--shop``).
    """
    if not accepted.select(pl.col("shop").is_null().any()).item():
        return
    shops = store.get("SELECT DISTINCT shop FROM disputes WHERE shop IS NOT NULL ORDER BY shop")["shop"]
    if shops.len():
        raise said(UnreadableFileError, "err_ingest_no_shop", path=path, shops="、".join(shops.to_list()))


def export_moment(
    path: Path, accepted: pl.DataFrame, as_of: datetime | None = None
) -> tuple[datetime | None, str]:
    """An export's moment and where it came from: ``as_of`` when given, else the last date its
    file name holds when its data bear it out, else its newest timestamp.

    Raises
    ------
    UnreadableFileError
        When ``as_of`` or the name's date is in the future, before the export's newest case,
        or (the name's) more than :data:`MAX_DAYS_AFTER_DATA` after it, naming both.
    """
    newest = (
        accepted.select(pl.max_horizontal(pl.col("opened_at").max(), pl.col("closed_at").max())).item()
        if accepted.height
        else None
    )
    if as_of is not None:
        _check_moment(path, as_of, newest, None)
        return as_of, "as_of"
    named = _named_moment(path)
    if named is None:
        return newest, "newest_timestamp"
    _check_moment(path, named, newest, timedelta(days=MAX_DAYS_AFTER_DATA))
    return named, "file_name"


def _named_moment(path: Path) -> datetime | None:
    """The last date (and time) the file name holds: a window's end; None without one."""
    for found in reversed(list(_DATE_IN_NAME.finditer(path.stem))):
        year, month, day, hour, minute = found.groups()
        try:
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            continue  # digits that are no date
    return None


def _check_moment(
    path: Path, moment: datetime, newest: datetime | None, most_after: timedelta | None
) -> None:
    """Refuse a moment the clock or the export's own data contradict."""
    too_late = newest is not None and most_after is not None and moment > newest + most_after
    if moment > datetime.now() + timedelta(days=1) or (
        newest is not None and (moment < newest - timedelta(days=1) or too_late)
    ):
        raise said(UnreadableFileError, "err_moment_contradicted", path=path, moment=moment, newest=newest)


def _ingest_one(store: Store, path: Path, reading: ReadOptions, as_of: datetime | None) -> Ingested:
    content = hashlib.sha256(path.read_bytes()).hexdigest()
    con = store.connection
    earlier = con.execute(
        "SELECT export_id, shop, export_moment FROM exports WHERE content_hash = ?", [content]
    ).fetchone()
    if earlier:
        export_id, shop = int(earlier[0]), earlier[1]
        kept = _keep_rows_not_kept(store, path, export_id, earlier[2], replace(reading, shop=shop))
        named = None if reading.shop is None else reading.shop.strip()
        if named is None or named == shop:
            return Ingested(path, export_id, already=True, rows_kept=kept)
        moved = _set_shop(store, path, export_id, shop, replace(reading, shop=named))
        return Ingested(path, export_id, True, shop_was=shop, shop_set=moved)
    checked = reading.validated(read_source(path))
    accepted = checked.accepted
    _refuse_unnamed_shop(store, path, accepted)
    moment, source = export_moment(path, accepted, as_of)
    with store.transaction():
        export_id = int(con.execute("SELECT coalesce(max(export_id), 0) + 1 FROM exports").fetchone()[0])  # type: ignore[index]
        con.execute(
            "INSERT INTO exports (export_id, file_name, content_hash, export_moment, moment_source, "
            "n_rows, n_accepted, n_rejected, shop, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
            [
                export_id,
                path.name,
                content,
                moment,
                source,
                checked.n_rows,
                accepted.height,
                checked.rejected.height,
                reading.shop,
            ],
        )
        counts = _merge(store, accepted, moment, export_id)
        _keep_refused(store, checked.rejected, export_id)
    return Ingested(
        path,
        export_id,
        False,
        moment,
        source,
        checked.n_rows,
        accepted.height,
        checked.rejected.height,
        *counts,
        problems=tuple(checked.problems),
    )


def _merge(store: Store, disputes: pl.DataFrame, moment: datetime | None, export_id: int) -> tuple[int, int]:
    """Keep an export's rows and merge its disputes; return (new disputes, status changes)."""
    _put_incoming(store, disputes, moment, export_id)
    keep_observations(store.connection)
    return merge_incoming(store.connection)


def _put_incoming(store: Store, disputes: pl.DataFrame, moment: datetime | None, export_id: int) -> None:
    """An export's canonical rows as the temporary table ``incoming``, with its moment and id."""
    store.put(
        disputes.select(DISPUTE_COLUMNS).with_columns(
            pl.lit(moment, pl.Datetime("us")).alias("_moment"), pl.lit(export_id, pl.Int32).alias("_export")
        ),
        "incoming",
    )


def _keep_rows_not_kept(
    store: Store, path: Path, export_id: int, moment: datetime | None, reading: ReadOptions
) -> int:
    """Keep the rows of an export ingested before the store kept each export's own (nothing
    else changes: its disputes were merged then); returns how many were kept now."""
    con = store.connection
    kept = con.execute("SELECT count(*) FROM observations WHERE export_id = ?", [export_id]).fetchone()
    if kept and kept[0]:
        return 0
    accepted = reading.validated(read_source(path)).accepted
    if not accepted.height:
        return 0
    with store.transaction():
        _put_incoming(store, accepted, moment, export_id)
        keep_observations(con)
    return accepted.height


def _set_shop(store: Store, path: Path, export_id: int, old: str | None, reading: ReadOptions) -> int:
    """Give an export ingested before (under shop ``old``) the shop ``reading`` names: its rows
    that name no shop of their own, where the store still has them under ``old``. Returns how
    many cases moved."""
    unnamed = replace(reading, shop=None).validated(read_source(path)).accepted
    ids = unnamed.filter(pl.col("shop").is_null()).select("dispute_id")
    con = store.connection
    with store.transaction():
        store.put(ids, "reshopped")
        moved = con.execute(
            "UPDATE disputes SET shop = ? WHERE dispute_id IN (SELECT dispute_id FROM reshopped) "
            "AND shop IS NOT DISTINCT FROM ?",
            [reading.shop, old],
        ).fetchone()
        con.execute(
            "UPDATE observations SET shop = ? WHERE export_id = ? AND shop IS NOT DISTINCT FROM ? "
            "AND dispute_id IN (SELECT dispute_id FROM reshopped)",
            [reading.shop, export_id, old],
        )
        con.execute("UPDATE exports SET shop = ? WHERE export_id = ?", [reading.shop, export_id])
    return int(moved[0]) if moved else 0


def _keep_refused(store: Store, rejected: pl.DataFrame, export_id: int) -> None:
    """The refused rows, each with its problems and the row as JSON text."""
    if not rejected.height:
        return
    values = [c for c in rejected.columns if c not in (SOURCE_ROW, PROBLEMS)]
    store.put(
        rejected.select(
            pl.lit(export_id, pl.Int32).alias("export_id"),
            pl.col(SOURCE_ROW).cast(pl.Int64)
            if SOURCE_ROW in rejected.columns
            else pl.lit(None, pl.Int64).alias(SOURCE_ROW),
            pl.col(PROBLEMS).list.join("; ").alias("problems"),
            pl.struct(values).struct.json_encode().alias("row_text"),
        ),
        "refused",
    )
    store.connection.execute("INSERT INTO rejected_rows BY NAME SELECT * FROM refused")
