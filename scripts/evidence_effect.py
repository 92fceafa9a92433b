"""What the shop's evidence inventory changes on the sample export, end to end from the files.

Loads ``data/sample/taobao_export_gbk.csv``, scores it without and with the
evidence folder and ledger beside it, and prints the held-out ROC AUC (against
the generator's true probabilities), how many disputes each option gets, and
the learned chance of winning a ruling (against the generator's known chance).

Run: uv run --frozen python scripts/evidence_effect.py
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import polars as pl

import rightsguard as rg
from rightsguard.sample._truth import win_chance

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def main() -> None:
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    truth = pl.read_csv(SAMPLE / "taobao_truth.csv", schema_overrides={"dispute_id": pl.String})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        runs = {
            "export alone": rg.score(export),
            "export + evidence folder and ledger": rg.score(
                export, evidence=[SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"]
            ),
        }
    past = export.filter(pl.col("resolution") != "open").join(truth, on="dispute_id")
    best = rg.scoring.measure(rg.scoring.labels_of(past), past["p_negotiated"].to_numpy())
    print(f"true probabilities: held-out ROC AUC {best.roc_auc:.3f}")
    for name, run in runs.items():
        counts = dict(run.scored["recommendation"].cast(pl.String).value_counts().iter_rows())
        print(
            f"{name}: held-out ROC AUC {run.quality.roc_auc:.3f}; "
            + ", ".join(f"{o} {counts.get(o, 0):,}" for o in rg.OPTIONS)
        )
        print(f"  {run.ruling.describe()}")
    print(
        "generator's chance of winning: "
        + ", ".join(f"{p:.0%}" for p in win_chance(np.array([0.0, 1.0])))
        + " (no required evidence, all of it)"
    )


if __name__ == "__main__":
    main()
