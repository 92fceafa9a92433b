"""The ``rightsguard`` command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

from rightsguard._export import write_table
from rightsguard._load import load_disputes
from rightsguard._persist import load_model, save_model
from rightsguard._report import write_report
from rightsguard._sample_files import write_sample
from rightsguard._score import fit_model, score


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="rightsguard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="load and validate disputes, print a summary")
    summary.add_argument("input", type=Path, nargs="+", help="dispute files")
    summary.set_defaults(run=_summary)

    scoring = commands.add_parser(
        "score", help="score disputes: probability of negotiation, evidence gaps, recommendation")
    scoring.add_argument("input", type=Path, help="disputes: CSV, Parquet, xlsx or a Taobao export")
    scoring.add_argument("-o", "--output", type=Path, required=True,
                         help="result file: .parquet, .csv or .xlsx")
    scoring.add_argument("--model", type=Path, help="score with this saved model (.skops)")
    scoring.add_argument("--save-model", type=Path,
                         help="also fit a model on all labelled disputes and save it here")
    scoring.add_argument("--method", choices=["logistic", "boosting"], default="logistic")
    scoring.add_argument("--lenient", action="store_true",
                         help="score the valid rows and write rejected rows beside the output")
    scoring.set_defaults(run=_score)

    report = commands.add_parser(
        "report", help="write an offline HTML report with charts and an action list")
    report.add_argument("input", type=Path, help="disputes: CSV, Parquet, xlsx or a Taobao export")
    report.add_argument("-o", "--output", type=Path, required=True, help="report folder")
    report.add_argument("--model", type=Path, help="score with this saved model (.skops)")
    report.add_argument("--lang", choices=["en", "zh"], default="en", help="chart labels")
    report.add_argument("--lenient", action="store_true",
                        help="report on the valid rows; write rejected rows into the folder")
    report.set_defaults(run=_report)

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


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _score(args: argparse.Namespace) -> int:
    _progress(f"loading {args.input}")
    disputes = _load_for_job(args.input, args.lenient, args.output)
    model = load_model(args.model) if args.model else None
    scored = score(disputes, model=model, method=args.method, progress=_progress)
    write_table(scored, args.output)
    counts = dict(scored["recommendation"].value_counts().iter_rows())
    _progress(f"wrote {scored.height} scored disputes to {args.output}: "
              f"{counts.get('negotiate', 0)} negotiate, {counts.get('escalate', 0)} escalate")
    if args.save_model:
        fitted = fit_model(disputes, method=args.method)
        save_model(fitted, args.save_model)
        _progress(f"saved the model fitted on all labelled disputes to {args.save_model}")
    return 0


def _report(args: argparse.Namespace) -> int:
    _progress(f"loading {args.input}")
    disputes = _load_for_job(args.input, args.lenient, args.output / "disputes.csv")
    model = load_model(args.model) if args.model else None
    _progress(f"scoring {disputes.height} disputes and drawing the charts")
    page = write_report(disputes, args.output, title=f"Dispute report: {args.input.name}",
                        model=model, lang=args.lang)
    _progress(f"wrote {page} (charts in {args.output / 'charts'}, action list in "
              f"{args.output / 'action_list.csv'} and .xlsx)")
    return 0


def _load_for_job(path: Path, lenient: bool, output: Path) -> pl.DataFrame:
    """Load strictly, or leniently with the rejected rows written beside ``output``."""
    if not lenient:
        return load_disputes(path)
    result = load_disputes(path, strict=False)
    if result.rejected.height:
        rejected = output.with_name(f"{output.stem}_rejected.csv")
        write_table(result.rejected, rejected)
        _progress(f"{result.rejected.height} of {result.n_rows} rows rejected; see {rejected}")
    return result.accepted


def _make_sample(args: argparse.Namespace) -> int:
    for path in write_sample(args.output):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
