"""``export-store``: the store's tables as Parquet, for Spark and other engines.

``disputes`` and ``status_history`` are partitioned by shop and month
(``shop=<name>/month=<YYYY-MM>/``, Hive style: a dispute with no shop goes
to ``__HIVE_DEFAULT_PARTITION__``), the month of the opening or of the
status first seen; the other tables are one file each. The folder is the
export's own and is replaced whole.
"""

from __future__ import annotations

from pathlib import Path

from rightsguard.io._atomic import atomic_directory
from rightsguard.store._connect import WAIT_SECONDS, open_store, sql_text
from rightsguard.store._tables import TABLES

_PARTITIONED = {
    "disputes": "SELECT *, strftime(opened_at, '%Y-%m') AS month FROM disputes",
    "status_history": (
        "SELECT h.*, d.shop, strftime(h.first_seen, '%Y-%m') AS month "
        "FROM status_history h JOIN disputes d USING (dispute_id)"
    ),
}


def export_store(
    directory: str | Path, store: str | Path | None = None, *, wait: float = WAIT_SECONDS
) -> Path:
    """Write every table of the store under ``directory`` (one folder a table); returns it.

    Raises
    ------
    UnsafeOutputError
        When ``directory`` holds anything but an earlier export.
    """
    directory = Path(directory)
    with open_store(store, wait=wait, read_only=True) as opened, atomic_directory(directory) as staging:
        for table in TABLES:
            target = staging / table
            if table in _PARTITIONED:
                opened.connection.execute(
                    f"COPY ({_PARTITIONED[table]}) TO {sql_text(target)} "
                    "(FORMAT parquet, PARTITION_BY (shop, month), OVERWRITE_OR_IGNORE)"
                )
            else:
                target.mkdir(exist_ok=True)
                opened.connection.execute(
                    f"COPY (SELECT * FROM {table}) TO {sql_text(target / 'data_0.parquet')} (FORMAT parquet)"
                )
    return directory
