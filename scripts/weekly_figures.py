"""The store's own figures on the bundled weekly sample: validation by time and the track record.

Ingests the eight weekly reports of ``data/sample/weekly`` in turn into a new store and
reports from it after each (``rg.store.ingest`` then ``rg.store.score_store``, the default method), as a
shop would. Prints, per week, the open cases and whether the drift alarm fired, then the last
report's validation by time and the track record after the eight weeks.

Run: uv run --frozen python scripts/weekly_figures.py
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import rightsguard as rg

WEEKLY = Path(__file__).resolve().parents[1] / "data" / "sample" / "weekly"


def main() -> None:
    store = Path(tempfile.mkdtemp()) / "shop.duckdb"
    exports = sorted(p for p in WEEKLY.iterdir() if p.name.startswith("退款报表_"))
    for export in exports:
        rg.store.ingest([export], store=store)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rg.ScoreTrustWarning)
            run = rg.store.score_store(store)
        alarm = rg.store.track_record(store).drift
        print(f"{export.name}: {sum(run.recommendations.values())} open, drift alarm {alarm}")
    print("validation by time, last report:")
    for note in run.analyst_notes:
        print(" ", note)
    print("track record:")
    for line in rg.store.track_record(store).describe("en"):
        print(" ", line)


if __name__ == "__main__":
    main()
