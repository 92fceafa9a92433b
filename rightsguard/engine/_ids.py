"""Ids found in more than one batch of a streamed file, which the duplicate rule must see together.

Each batch's distinct id hashes are kept as it is checked; :func:`spread_ids`
finds those in more than one batch, and :func:`raw_batches` reads the file
again holding the rows of those ids back, to be validated together last.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from rightsguard._schema import PROVENANCE_COLUMNS
from rightsguard.io._batches import read_batches
from rightsguard.io._mapping import ColumnMapping
from rightsguard.io._taobao import HEADERS

NO_IDS = pl.Series("_id", [], dtype=pl.UInt64)
"""No id hash: nothing held back."""


def raw_batches(
    source: Path, batch_size: int, held: pl.Series, mapping: ColumnMapping | None = None
) -> Iterator[pl.DataFrame]:
    """Each batch as read, in file order; rows whose id hash is ``held`` come last, together."""
    if not held.len():
        yield from read_batches(source, batch_size)
        return
    kept = []
    for batch in read_batches(source, batch_size):
        column = id_column(batch.columns, mapping)
        is_held = id_hash(pl.col(column)).is_in(held.implode()) if column else pl.lit(False)
        kept.append(batch.filter(is_held))
        yield batch.filter(~is_held)
    kept = [k for k in kept if k.height]
    if kept:
        yield pl.concat(kept)


def spread_ids(hashes: Path) -> pl.Series:
    """Hashes of the ids found in more than one batch, from a file of each batch's distinct
    id hashes one after the other.

    Eight bytes a dispute, once: the hashes are read whole, sorted in place
    and compared with their neighbours, with no hash table over the file.
    """
    every = np.fromfile(hashes, dtype=np.uint64)
    hashes.unlink()
    every.sort()
    spread = every[1:][every[1:] == every[:-1]]
    return pl.Series("_id", np.unique(spread), dtype=pl.UInt64)


def id_column(columns: list[str], mapping: ColumnMapping | None = None) -> str | None:
    """The column naming each row: the one a ``mapping`` reads ``dispute_id`` from (None when it
    numbers the rows, whose ids never repeat), else ``dispute_id`` or a Taobao export's name for
    it, else the first column that is not provenance."""
    if mapping is not None:
        return mapping.columns.get("dispute_id")
    named = [c for c in columns if c not in PROVENANCE_COLUMNS]
    return next((c for c in ("dispute_id", *HEADERS["dispute_id"]) if c in named), named[0])


def id_hashes(raw: pl.DataFrame, mapping: ColumnMapping | None) -> np.ndarray:
    """The distinct id hashes of a raw batch (none when the ids are numbered rows)."""
    column = id_column(raw.columns, mapping)
    if column is None:
        return np.empty(0, dtype=np.uint64)
    return raw.select(id_hash(pl.col(column)).drop_nulls().unique()).to_series().to_numpy()


def id_hash(column: pl.Expr) -> pl.Expr:
    """The row's id as text, hashed into ``_id``: eight bytes a row to find the ids that repeat.

    Two ids sharing a hash are only held back and validated together, which
    changes nothing but their place in the output."""
    return column.cast(pl.String).hash(seed=0).alias("_id")
