"""Opening the shop's store: where it is, one writer at a time, frames in and out.

The store is a DuckDB file, with no server to start: ``--store PATH``, else
the ``RIGHTSGUARD_STORE`` variable, else :data:`DEFAULT_STORE` in the current
folder (where a seller runs the weekly job). DuckDB lets one process write a
file at a time; a second one waits up to ``wait`` seconds for the first to
finish, then is refused with a message naming the store.

Frames cross between polars and DuckDB as Parquet files in a scratch folder
beside the store (both read and write Parquet natively), so the main install
needs no Arrow library.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard.store._tables import SCHEMA_VERSION, TABLES, StoreVersionError, migrate, version_of

DEFAULT_STORE = Path("rightsguard.duckdb")
"""The store used when neither ``--store`` nor ``RIGHTSGUARD_STORE`` names one."""
STORE_VARIABLE = "RIGHTSGUARD_STORE"
WAIT_SECONDS = 30.0
"""How long a second writer waits for the first before it is refused."""


class StoreBusyError(UnreadableFileError):
    """Raised when another process keeps the store past the wait."""


class StoreError(UnreadableFileError):
    """Raised when DuckDB refuses work on the store (a full disk, a damaged file)."""


_FAULTS = (
    ("err_store_damaged", ("corrupt", "checksum", "invalid block", "not a valid duckdb")),
    ("err_store_full", ("no space left", "disk is full", "disk full", "errno 28")),
    ("err_store_read_only", ("read-only", "read only", "permission denied", "errno 13", "errno 30")),
)
"""What DuckDB's words say of a fault, and the refusal that says it plainly, with what to do."""


def refusal_of(error: BaseException, otherwise: str = "err_store_refused") -> str:
    """The refusal for a DuckDB error: a damaged file, a full disk, a store that cannot be
    written, or (any other) ``otherwise``."""
    words = str(error).lower()
    return next((key for key, signs in _FAULTS if any(sign in words for sign in signs)), otherwise)


def sql_text(value: object) -> str:
    """``value`` as an SQL string literal, its quotes doubled: a path as SQL sees it, whatever
    folder it lies in (``Bob's shop/``)."""
    return "'" + str(value).replace("'", "''") + "'"


def store_path(path: str | Path | None = None) -> Path:
    """The store to use: ``path``, else ``RIGHTSGUARD_STORE``, else :data:`DEFAULT_STORE`."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(STORE_VARIABLE) or DEFAULT_STORE)


class Store:
    """An open store: a DuckDB connection and a scratch folder for frames crossing over."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.connection = connection
        self._scratch = path.with_name(f".{path.name}.scratch")

    def put(self, frame: pl.DataFrame, name: str) -> None:
        """Make ``frame`` a temporary table ``name`` (enums as text)."""
        self._scratch.mkdir(exist_ok=True)
        file = self._scratch / f"{uuid.uuid4().hex}.parquet"
        frame.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String)).write_parquet(file)
        try:
            self.connection.execute(
                f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_parquet(?)", [str(file)]
            )
        finally:
            file.unlink(missing_ok=True)

    def get(self, query: str, parameters: list | None = None) -> pl.DataFrame:
        """The result of a query as a polars frame."""
        self._scratch.mkdir(exist_ok=True)
        file = self._scratch / f"{uuid.uuid4().hex}.parquet"
        try:
            self.connection.execute(f"COPY ({query}) TO {sql_text(file)} (FORMAT parquet)", parameters)
            return pl.read_parquet(file)
        finally:
            file.unlink(missing_ok=True)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A block whose writes are kept whole or not at all: committed when it completes, rolled
        back when anything ends it (a kill's signal too). A rollback that itself fails (DuckDB
        has already aborted, on a full disk) never hides the error that ended the block."""
        self.connection.begin()
        try:
            yield self.connection
            self.connection.commit()
        except BaseException:
            with suppress(duckdb.Error):
                self.connection.rollback()
            raise

    def close(self) -> None:
        """Close the connection and remove the scratch folder."""
        self.connection.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


DUCKDB_MAGIC = b"DUCK"
"""The bytes at offset 8 of every DuckDB database file."""


@contextmanager
def open_store(
    path: str | Path | None = None,
    *,
    wait: float = WAIT_SECONDS,
    read_only: bool = False,
    create: bool = False,
    init: bool = False,
) -> Iterator[Store]:
    """Open (migrating) the store for the time of a ``with`` block; create it if ``create``;
    with ``init``, make a DuckDB database of other tables a store too (its tables are kept).

    A store created here that a failed block left holding no export is
    removed: a failed first ingest leaves no empty store behind.

    Raises
    ------
    StoreBusyError
        When another process holds the store for longer than ``wait`` seconds.
    UnreadableFileError
        When there is no store there (and ``create`` is false), when the file is
        not a DuckDB database (an export named by mistake), or a DuckDB database
        of other tables than a store's (unless ``init``; and with it, when one of
        them has the name of a table of the store's).
    StoreVersionError
        When the store is newer than this code, or (``read_only``) older: a read
        does not move it forward.
    """
    where = store_path(path)
    new = not where.exists()
    if new and (read_only or not create):
        raise said(UnreadableFileError, "err_no_store", path=where)
    if not new:
        _refuse_foreign_file(where)
    where.parent.mkdir(parents=True, exist_ok=True)
    store = Store(where, _connect(where, wait, read_only))
    try:
        _refuse_foreign_tables(store.connection, where, init=init)
        if read_only:
            _refuse_other_version(store.connection, where)
        else:
            migrate(store.connection, where)
        yield store
    except duckdb.Error as error:  # a full disk, a damaged file: said by name, never a traceback
        raise said(StoreError, refusal_of(error), path=where, error=error) from error
    except BaseException:
        if new and _holds_nothing(store.connection):
            store.close()
            where.unlink(missing_ok=True)
            where.with_name(f"{where.name}.wal").unlink(missing_ok=True)
        raise
    finally:
        store.close()


def _holds_nothing(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a store holds no export (or cannot even say so)."""
    try:
        row = con.execute("SELECT count(*) FROM exports").fetchone()
    except duckdb.Error:
        return True
    return not row or not row[0]


def _connect(where: Path, wait: float, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the store, waiting up to ``wait`` seconds for another writer."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(where), read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise said(StoreError, refusal_of(error, "err_not_store"), path=where, error=error) from error
            if time.monotonic() >= deadline:
                raise said(StoreBusyError, "err_store_busy", path=where, wait=wait) from error
            time.sleep(0.2)
        except duckdb.Error as error:
            raise said(StoreError, refusal_of(error, "err_not_store"), path=where, error=error) from error


def _refuse_foreign_file(where: Path) -> None:
    """Refuse a file that is no DuckDB database: an export or a report named as the store."""
    try:
        with where.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        raise said(UnreadableFileError, "err_not_store", path=where, error=error) from error
    if head[8:12] != DUCKDB_MAGIC:
        raise said(
            UnreadableFileError, "err_not_duckdb", path=where, start=head[:12].decode("utf-8", "replace")
        )


def _refuse_other_version(con: duckdb.DuckDBPyConnection, where: Path) -> None:
    """Refuse to read a store whose tables are not this version's: a newer one this code cannot
    read, an older one a read cannot move forward (any command that writes it does)."""
    found = version_of(con)
    if found > SCHEMA_VERSION:
        raise said(StoreVersionError, "err_store_newer", path=where, found=found, version=SCHEMA_VERSION)
    if found < SCHEMA_VERSION:
        raise said(StoreVersionError, "err_store_older_read", path=where, found=found, version=SCHEMA_VERSION)


def _refuse_foreign_tables(con: duckdb.DuckDBPyConnection, where: Path, *, init: bool = False) -> None:
    """Refuse a DuckDB database that holds tables but is no rightsguard store, unless ``init``
    asks to keep a store's tables beside them (and none of them has a store table's name)."""
    if version_of(con):
        return
    tables = [
        name
        for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
    ]
    if tables and not init:
        raise said(UnreadableFileError, "err_foreign_duckdb", path=where, tables=", ".join(tables[:5]))
    taken = sorted(set(tables) & {"meta", *TABLES})
    if taken:
        raise said(UnreadableFileError, "err_store_tables_taken", path=where, tables=", ".join(taken))


def read_store(table: str, store: str | Path | None = None) -> pl.DataFrame:
    """One of the store's tables as a polars frame (docs/store.md documents its columns).

    Raises
    ------
    ValueError
        Naming the tables, for a name that is none of them.
    """
    if table not in TABLES:
        raise ValueError(f"the store has no table {table!r}; its tables are {', '.join(TABLES)}")
    with open_store(store, read_only=True) as opened:
        return opened.get(f"SELECT * FROM {table}")
