"""The shop's memory: weekly exports, evidence, runs, predictions and what the seller did, in one
DuckDB file (docs/store.md).

>>> import rightsguard as rg
>>> rg.store.ingest(["退款报表_20261130.csv"], store="shop.duckdb")  # doctest: +SKIP
>>> run = rg.store.score_store("shop.duckdb")  # doctest: +SKIP
"""

from rightsguard._lazy import lazy_names

_HOMES: dict[str, str] = {
    "ingest": "rightsguard.store._ingest",
    "forget": "rightsguard.store._forget",
    "score_store": "rightsguard.store._runs",
    "record": "rightsguard.store._decisions",
    "track_record": "rightsguard.store._track",
    "read_store": "rightsguard.store._connect",
    "export_store": "rightsguard.store._export",
}
"""Each public name and the module that defines it."""

__all__ = list(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
