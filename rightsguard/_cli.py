"""The ``rightsguard`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from rightsguard._load import load_disputes
from rightsguard._sample_files import write_sample


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="rightsguard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="load and validate disputes, print a summary")
    summary.add_argument("input", type=Path, nargs="+", help="dispute files")
    summary.set_defaults(run=_summary)

    sample = commands.add_parser("make-sample", help="regenerate the bundled sample data")
    sample.add_argument("-o", "--output", type=Path, default=Path("data/sample"))
    sample.set_defaults(run=_make_sample)

    args = parser.parse_args(argv)
    return args.run(args)


def _summary(args: argparse.Namespace) -> int:
    for path in args.input:
        result = load_disputes(path, strict=False)
        print(f"{path}: {result.n_rows} rows, {result.accepted.height} accepted, "
              f"{result.rejected.height} rejected")
        for problem in result.problems:
            print(f"  rejected: {problem}")
        counts = result.accepted.group_by("reason", "resolution").len().pivot(
            "resolution", index="reason", values="len").fill_null(0).sort("reason")
        with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True):
            print(counts)
    return 0


def _make_sample(args: argparse.Namespace) -> int:
    for path in write_sample(args.output):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
