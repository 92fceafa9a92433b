"""Benchmark: scoring 1,000,000 disputes and cross-fitting on 100,000.

Targets (one 2-core machine): scoring 1M disputes with a fitted model,
evidence audit included, in under 5 s with peak memory under 2 GB; fitting the
default model with cross-fitting on 100,000 disputes in under 20 s.

Run: uv run --frozen python scripts/benchmark.py
Scoring runs in a fresh process so that its peak memory is its own, and is
timed after a warm-up call on 1,000 disputes (one-time import and first-call
costs are not per-dispute work).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

import rightsguard as rg
from rightsguard.sample._generate import generate_disputes

N_SCORE = 1_000_000
N_FIT = 100_000


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="rightsguard-bench-"))
    try:
        run(workdir)
    finally:
        shutil.rmtree(workdir)


def run(workdir: Path) -> None:
    """Generate the data in ``workdir``, time the fit here and the scoring in a child."""
    data, model_path = workdir / "disputes.parquet", workdir / "model.skops"
    generate_disputes(N_SCORE, seed=7).disputes.write_parquet(data)
    fit_frame = generate_disputes(N_FIT, seed=8).disputes

    start = time.perf_counter()
    model = rg.fit_model(fit_frame)
    fit_seconds = time.perf_counter() - start
    rg.save_model(model, model_path)
    print(f"fit with 5-fold cross-fitting on {N_FIT:,} disputes: {fit_seconds:.1f} s "
          f"(target < 20 s); held-out AUC {model.metadata_['metrics']['roc_auc']:.3f}")

    result = subprocess.run(
        [sys.executable, __file__, "--score", str(data), str(model_path)],
        check=True, capture_output=True, text=True,
    )
    print(result.stdout, end="")


def score_in_this_process(data: str, model_path: str) -> None:
    """Time scoring alone; report this process's peak memory."""
    disputes = pl.read_parquet(data)
    model = rg.load_model(model_path)
    rg.score(disputes.head(1000), model=model)  # warm-up: first-call imports and compilation
    start = time.perf_counter()
    scored = rg.score(disputes, model=model)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert scored.height == N_SCORE
    print(f"score {N_SCORE:,} disputes with a fitted model (audit, probability, explanation, "
          f"recommendation): {seconds:.1f} s (target < 5 s); peak memory {peak_mb:,.0f} MB "
          f"(target < 2,048 MB)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--score":
        score_in_this_process(sys.argv[2], sys.argv[3])
    else:
        main()
