"""The command line's small commands: summary (what a file holds, per reason and outcome),
salt (a new counterparty salt file) and sample (the bundled sample written out).
"""

from __future__ import annotations

import argparse

from rightsguard._cli_shared import check_paths, load_options, tell
from rightsguard._errors import UnreadableFileError, said
from rightsguard._vocabulary import say, text


def summary_command(args: argparse.Namespace) -> int:
    import polars as pl

    from rightsguard._schema import RESOLUTIONS
    from rightsguard._vocabulary import translate
    from rightsguard.io._load import load_disputes_lenient

    options = load_options(args)
    for path in args.input:
        check_paths(path, [], [], lang=args.lang)
        result = load_disputes_lenient(path, **options)
        print(
            say(
                "summary_counts",
                args.lang,
                path=path,
                rows=result.n_rows,
                accepted=result.accepted.height,
                rejected=result.rejected.height,
            )
        )
        for problem in result.problems:
            print(say("summary_rejected", args.lang, problem=problem))
        counts = (
            result.accepted.select(
                translate(pl.col("reason"), args.lang).alias(text("reason", args.lang)),
                translate(pl.col("resolution"), args.lang).alias("resolution"),
            )
            .group_by(text("reason", args.lang), "resolution")
            .len()
            .pivot("resolution", index=text("reason", args.lang), values="len")
            .fill_null(0)
            .sort(text("reason", args.lang))
        )
        shown = [
            c
            for c in pl.select(translate(pl.lit(pl.Series(RESOLUTIONS)), args.lang)).to_series()
            if c in counts.columns
        ]
        counts = counts.select(text("reason", args.lang), *shown)
        with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True):
            print(counts)
    return 0


def salt_command(args: argparse.Namespace) -> int:
    from rightsguard.io._counterparty import new_salt_file

    tell(args.lang, "progress_salt", path=new_salt_file(args.output))
    return 0


def sample_command(args: argparse.Namespace) -> int:
    from rightsguard.sample._bundle import write_sample

    if args.output.exists() and not args.output.is_dir():
        raise said(UnreadableFileError, "err_sample_file", path=args.output)
    for path in write_sample(args.output):
        print(f"wrote {path}")
    return 0
