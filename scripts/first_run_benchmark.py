"""Benchmark what a new user meets: a fresh clone, its install, --help and the first reports.

In a fresh clone of this repository (uv's package cache as it is, warm after
any earlier install), it times the commands as a user types them, each in its
own process, and prints each against its target:

- ``uv sync --frozen`` (with ``--compile-bytecode`` where ``PYTHONDONTWRITEBYTECODE`` is set, as
  the README says): the main job's install, and the environment's size;
- ``uv run --frozen rightsguard --help``;
- the README's main job, ``uv run --frozen rightsguard report data/sample/disputes.csv -o report``,
  first on the fresh install (the first run, target: install and report within 60 s),
  then again;
- the Chinese report on the sample export with its evidence (target: 10 s).

Run: uv run --frozen python scripts/first_run_benchmark.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORT_REPORT = [
    "uv",
    "run",
    "--frozen",
    "rightsguard",
    "report",
    "data/sample/taobao_export_gbk.csv",
    "--evidence",
    "data/sample/taobao_evidence",
    "--evidence",
    "data/sample/taobao_evidence_ledger.csv",
    "--lang",
    "zh",
    "-o",
    "report_zh",
]


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="rightsguard-first-run-"))
    clone = workdir / "rightsguard"
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        # where Python may not cache compiled modules, the README compiles them at install
        compiled = ["--compile-bytecode"] if os.environ.get("PYTHONDONTWRITEBYTECODE") else []
        install = timed(["uv", "sync", "--frozen", "--quiet", *compiled], clone)
        size = sum(p.stat().st_size for p in (clone / ".venv").rglob("*") if p.is_file())
        helped = timed(["uv", "run", "--frozen", "rightsguard", "--help"], clone)
        main_job = [
            "uv",
            "run",
            "--frozen",
            "rightsguard",
            "report",
            "data/sample/disputes.csv",
            "-o",
            "report",
        ]
        first = timed(main_job, clone)
        again = timed(main_job, clone)
        chinese = timed(EXPORT_REPORT, clone)
        print(
            f"install (uv sync --frozen {' '.join(compiled)}, package cache warm): {install:.1f} s, "
            f"environment {size / 1e6:,.0f} MB"
        )
        print(f"rightsguard --help: {helped:.2f} s")
        print(
            f"first run, install and the README's report: {install + first:.1f} s "
            f"(target 60 s; the report alone {first:.1f} s)"
        )
        print(f"the README's report again: {again:.1f} s")
        print(f"zh report on the sample export with its evidence: {chinese:.1f} s (target 10 s)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def timed(command: list[str], where: Path) -> float:
    """Wall seconds of ``command`` run in ``where``; its output is dropped, a failure raised."""
    started = time.perf_counter()
    subprocess.run(command, cwd=where, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
