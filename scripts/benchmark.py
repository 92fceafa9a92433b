"""Benchmark what users run: the command line end to end, against baselines run in the same process.

For N disputes (1,000,000 by default) it times, each in a fresh process with
its wall time and peak memory:

- ``rightsguard score IN -o OUT --model M`` Parquet → Parquet and CSV → CSV;
- the I/O floor: polars reading the same file and writing one as wide as the
  scored output;
- for CSV, a vectorised pandas + numpy script doing the same audit,
  probability, explanation and pricing (``scripts/pandas_baseline.py``);

and prints each as a ratio to the floor and to pandas. ``--vs REV`` also runs
the command line of git revision REV (a previous release, checked out in a
temporary worktree) on the same files in the same script, and prints ours
as a ratio to it. ``--curve 1e6,5e6,2e7``
adds Parquet → Parquet runs at those sizes, to show that memory stays flat.
``--busy-fit`` times a boosting fit on the NYC complaints while two other
processes keep both cores busy.

Run: uv run --frozen --group dev python scripts/benchmark.py [--rows N] [--vs REV] [--curve N,N,...]
[--busy-fit]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import polars as pl

import rightsguard as rg
from rightsguard.decide._policy import DEFAULT_POLICY
from rightsguard.decide._ruling import RulingChance
from rightsguard.sample._generate import generate_disputes

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--curve", default="", help="comma-separated sizes for the memory curve")
    parser.add_argument("--busy-fit", action="store_true")
    parser.add_argument("--vs", help="a git revision whose command line runs on the same files")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rightsguard-bench-"))
    previous = _worktree(args.vs, workdir) if args.vs else None
    try:
        model = workdir / "model.skops"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted = rg.scoring.fit_model(
                generate_disputes(20_000, seed=8).disputes, fitting=rg.FitOptions(method="logistic")
            )
        rg.scoring.save_model(fitted, model)
        _export_parameters(fitted, workdir / "model.json")
        compare(workdir, int(args.rows), model, previous)
        for rows in (int(float(n)) for n in args.curve.split(",") if n):
            curve_point(workdir, rows, model)
        if args.busy_fit:
            busy_fit()
    finally:
        if previous is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(previous)], cwd=ROOT, check=False)
        shutil.rmtree(workdir)


def _worktree(revision: str, workdir: Path) -> Path:
    """Revision ``revision`` of this repository, checked out beside the benchmark's files."""
    folder = workdir / "previous"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), revision],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return folder


def compare(workdir: Path, rows: int, model: Path, previous: Path | None = None) -> None:
    """The CLI against the I/O floor, the pandas baseline and a ``previous`` release's CLI, at
    ``rows`` disputes."""
    parquet, csv = _make_data(workdir, rows)
    runs = {"parquet rightsguard": _timed(_cli(parquet, workdir / "out.parquet", model))}
    width = str(len(pl.read_parquet_schema(workdir / "out.parquet")))  # the floor writes as many columns
    runs |= {
        "parquet floor": _timed(
            [sys.executable, "-c", _FLOOR, str(parquet), str(workdir / "f.parquet"), width]
        ),
        "csv floor": _timed([sys.executable, "-c", _FLOOR, str(csv), str(workdir / "f.csv"), width]),
        "csv rightsguard": _timed(_cli(csv, workdir / "out.csv", model)),
        "csv pandas": _timed(
            [
                sys.executable,
                str(ROOT / "scripts" / "pandas_baseline.py"),
                str(csv),
                str(workdir / "p.csv"),
                str(workdir / "model.json"),
            ]
        ),
    }
    if previous is not None:
        for kind, source in (("parquet", parquet), ("csv", csv)):
            out = workdir / f"previous.{kind}"
            try:
                runs[f"{kind} previous"] = _timed(_cli(source, out, model), cwd=previous)
            except subprocess.CalledProcessError as failed:  # e.g. it cannot read this model's file
                print(
                    f"  the previous release refused these files (exit {failed.returncode}), as an "
                    "older release refuses a model saved by a newer one: compare it on files and a "
                    "model of its own"
                )
                break
    print(f"\n{rows:,} disputes, file to file (wall seconds, peak memory)")
    for name, (seconds, peak) in runs.items():
        print(f"  {name:<22} {seconds:7.1f} s  {peak:7,.0f} MB")
    for kind in ("parquet", "csv"):
        ours, floor = runs[f"{kind} rightsguard"], runs[f"{kind} floor"]
        line = f"  {kind}: rightsguard is {ours[0] / floor[0]:.1f}x the I/O floor"
        if f"{kind} pandas" in runs:
            line += f", {runs[f'{kind} pandas'][0] / ours[0]:.2f}x as fast as pandas"
        if f"{kind} previous" in runs:
            line += f", {ours[0] / runs[f'{kind} previous'][0]:.2f}x the previous release's time"
        print(line + f"; peak {ours[1]:,.0f} MB")


def curve_point(workdir: Path, rows: int, model: Path) -> None:
    """Parquet to Parquet at ``rows`` disputes: time and peak memory."""
    parquet, _ = _make_data(workdir, rows, csv=False)
    seconds, peak = _timed(_cli(parquet, workdir / "curve.parquet", model))
    print(f"  curve: {rows:>12,} disputes Parquet -> Parquet {seconds:7.1f} s, peak {peak:7,.0f} MB")
    (workdir / "curve.parquet").unlink()


def busy_fit() -> None:
    """A boosting fit on the NYC complaints while two processes spin on both cores."""
    from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS

    path = ROOT / "data" / "nyc_dca_2014_2016" / "Consumer_Services_Mediated_Complaints.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nyc = rg.load_disputes_lenient(path, mapping=NYC_MEDIATED_COMPLAINTS).accepted
        spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(2)]
        for spinner in spinners:
            spinner.start()
        try:
            start = time.perf_counter()
            rg.scoring.fit_model(nyc, fitting=rg.FitOptions(method="boosting"))
            seconds = time.perf_counter() - start
        finally:
            for spinner in spinners:
                spinner.terminate()
    print(f"  boosting fit_model on {nyc.height:,} NYC complaints, both cores busy: {seconds:.1f} s")


def _spin() -> None:
    while True:
        pass


_FLOOR = """
import sys, polars as pl
source, out, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
frame = pl.read_parquet(source) if source.endswith('.parquet') else pl.read_csv(source, infer_schema=False)
extra = [pl.col(c).alias(f'copy_{c}') for c in frame.columns[: width - frame.width]]
wide = frame.with_columns(extra)
wide.write_parquet(out) if out.endswith('.parquet') else wide.write_csv(out)
"""
"""The I/O floor: read the input, write a frame as wide as the scored output (its width the last
argument), its added columns copies of the input's."""


def _cli(source: Path, output: Path, model: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rightsguard._cli",
        "score",
        str(source),
        "-o",
        str(output),
        "--model",
        str(model),
    ]


def _timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command run in ``cwd``, via GNU time.

    ``python -m`` imports the package from its working folder first (before ``PYTHONPATH``):
    the folder says which rightsguard runs, this repository's or a previous release's.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
        )
        seconds = time.perf_counter() - start
        peak_kb = float(Path(report.name).read_text().split()[-1])
    return seconds, peak_kb / 1024


def _make_data(workdir: Path, rows: int, csv: bool = True) -> tuple[Path, Path]:
    """``rows`` generated disputes as Parquet (and CSV), made a million at a time."""
    parts = []
    for k, start in enumerate(range(0, rows, CHUNK)):
        part = workdir / f"part{k:03d}.parquet"
        disputes = generate_disputes(min(CHUNK, rows - start), seed=100 + k).disputes
        disputes.with_columns(pl.format(f"{k:03d}{{}}", "dispute_id").alias("dispute_id")).write_parquet(part)
        parts.append(part)
    parquet, text = workdir / f"disputes{rows}.parquet", workdir / f"disputes{rows}.csv"
    pl.scan_parquet(parts).sink_parquet(parquet)
    if csv:
        pl.scan_parquet(parquet).sink_csv(text)
    for part in parts:
        part.unlink()
    return parquet, text


def _export_parameters(model: rg.scoring.NegotiationModel, path: Path) -> None:
    """What the pandas baseline needs of the fitted model, as JSON."""
    features = model._features()
    chance = RulingChance.prior()
    rules = (model.rules or rg.evidence.DEFAULT_RULES).table
    path.write_text(
        json.dumps(
            {
                "features": [f.name for f in features],
                "factors": [f.factor for f in features],
                "coef": model.estimator_.coef_[0].tolist(),
                "intercept": float(model.estimator_.intercept_[0]),
                "means": model.feature_means_.tolist(),
                "reasons": list(rg.REASONS),
                "refund_types": ["refund_only", "return_refund", "exchange"],
                "vouchers": list(rg.VOUCHERS),
                "categories": list(model.levels_.categories),
                "rules": rules.select("goods_received", "reason", "voucher").to_dicts(),
                "ruling": [chance.intercept, chance.slope],
                "refund_shares": {
                    "overall": model.levels_.refund_shares.overall,
                    "cells": [list(cell) for cell in model.levels_.refund_shares.cells],
                },
                "policy": {
                    k: getattr(DEFAULT_POLICY, k)
                    for k in (
                        "ruling_against_penalty",
                        "negotiation_handling",
                        "escalation_handling",
                        "refund_handling",
                        "escalation_delay",
                        "min_win_probability",
                    )
                },
            }
        )
    )


if __name__ == "__main__":
    main()
