"""The shop's evidence in the store: each ledger or folder kept once, known by what it holds.

A source is known by its shop, its name and its content. Its name is the file's or folder's
own name, wherever it lies and however it was typed, without the marks of a version
(``凭证台账_v2.csv``, ``凭证台账(1).xlsx``, ``凭证台账 - 副本.csv`` and ``凭证台账_20261201.csv``
are all ``凭证台账``; the store's ``evidence_source_name`` macro says it, one definition for
every version of the store). Its content is the SHA-256 of the vouchers it lists (keys, kinds,
files and dates, in order), so a ledger saved again from Excel is the same ledger.

Ingesting a source whose content the shop's store already holds changes nothing. One that
shares its name with a source held replaces it whole, so a voucher deleted from the newer
ledger no longer counts as held. Each change is returned (:class:`EvidenceIngested`): what
was added, replaced or left as it was, and which vouchers came and went.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rightsguard.io._evidence import load_evidence
from rightsguard.store._connect import Store

_HELD = ("key", "voucher", "file", "held_on")


@dataclass(frozen=True)
class EvidenceIngested:
    """What one evidence source changed in the store.

    Attributes
    ----------
    path
        The ledger or folder as given.
    name
        The name it is known by in the store (its own, without version marks).
    outcome
        ``"added"`` (a new source), ``"replaced"`` (an earlier version of it) or
        ``"unchanged"`` (the store held this content already).
    n_rows
        The rows it lists (vouchers, and keys checked that hold nothing).
    replaced
        The path the replaced (or identical) version was ingested from.
    gained, lost
        ``(key, voucher)`` pairs held now and not before, and held before and not now.
    """

    path: Path
    name: str
    outcome: str
    n_rows: int
    replaced: str | None = None
    gained: int = 0
    lost: int = 0


def ingest_evidence(store: Store, paths: Sequence[str | Path], shop: str | None) -> list[EvidenceIngested]:
    """Each ledger or folder into the store's ``evidence``, as the module says, in one
    transaction; one :class:`EvidenceIngested` per path, in order."""
    done = []
    with store.transaction():
        for path in map(Path, paths):
            done.append(_ingest_source(store, path, shop))
    return done


def _ingest_source(store: Store, path: Path, shop: str | None) -> EvidenceIngested:
    held = load_evidence(path).holdings.select(_HELD).sort(_HELD, nulls_last=True)
    digest = hashlib.sha256(held.write_csv().encode("utf-8")).hexdigest()
    con = store.connection
    row = con.execute("SELECT evidence_source_name(?)", [str(path)]).fetchone()
    name = row[0] if row else path.name
    same = con.execute(
        "SELECT any_value(source) FROM evidence WHERE shop IS NOT DISTINCT FROM ? AND content_hash = ?",
        [shop, digest],
    ).fetchone()
    if same and same[0] is not None:
        return EvidenceIngested(path, name, "unchanged", held.height, replaced=same[0])
    before = store.get(
        "SELECT key, voucher, source FROM evidence WHERE shop IS NOT DISTINCT FROM ? AND source_name = ?",
        [shop, name],
    )
    pairs = ["key", "voucher"]
    now = held.select(pairs).drop_nulls().unique()
    was = before.select(pairs).drop_nulls().unique()
    store.put(
        held.with_columns(
            pl.lit(str(path)).alias("source"),
            pl.lit(shop, pl.String).alias("shop"),
            pl.lit(name).alias("source_name"),
            pl.lit(digest).alias("content_hash"),
        ),
        "held",
    )
    con.execute("DELETE FROM evidence WHERE shop IS NOT DISTINCT FROM ? AND source_name = ?", [shop, name])
    con.execute("INSERT INTO evidence BY NAME SELECT *, now() AS ingested_at FROM held")
    return EvidenceIngested(
        path,
        name,
        "replaced" if before.height else "added",
        held.height,
        replaced=before["source"][0] if before.height else None,
        gained=now.join(was, on=pairs, how="anti").height,
        lost=was.join(now, on=pairs, how="anti").height,
    )
