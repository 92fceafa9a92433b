"""The ``rightsguard`` command line.

Each command imports what it uses when it runs, so that ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard._cli_store import add_store_commands, scored_from_store
from rightsguard._errors import SchemaError, UnreadableFileError

if TYPE_CHECKING:
    from rightsguard.decide._result import ScoringRun
    from rightsguard.io._mapping import ColumnMapping

MAPPING_HELP = ("how a foreign table maps onto disputes: the name of a shipped mapping "
                "(rightsguard.mappings.SHIPPED, e.g. nyc-mediated-complaints) or a TOML or JSON file")
USER_ERRORS = (SchemaError, UnreadableFileError, OSError, ValueError)
"""Errors about what the user gave or the machine refused (a missing file, a full disk): one
paragraph, exit status 2, no traceback."""


WARNED = 3
"""Exit status of a job that finished with warnings when ``--fail-on-warning`` was given."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _warnings_told(getattr(args, "lang", "en")) as told:
            status = args.run(args)
    except USER_ERRORS as error:
        if args.debug:
            raise
        print(f"rightsguard: {error}\n(run with --debug to see where it failed)", file=sys.stderr)
        return 2
    return WARNED if status == 0 and told and getattr(args, "fail_on_warning", False) else status


@contextmanager
def _warnings_told(lang: str) -> Iterator[list[str]]:
    """Print each warning raised inside once, as a progress line in ``lang`` (never in Python's
    ``file:line: Category`` form); yield the list of rightsguard's own warnings told."""
    told: list[str] = []
    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = str(message)
        if text in seen:
            return
        seen.add(text)
        if category.__module__.startswith("rightsguard"):
            told.append(text)
        _tell(lang, "progress_warning", message=text)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        yield told


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rightsguard",
        description="Score buyer disputes, audit their evidence and recommend refunding now, "
                    "negotiating or escalating.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    parser.add_argument("--version", action="version", version=f"rightsguard {version('rightsguard')}")
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help="load and validate disputes, print a summary")
    summary.add_argument("input", type=Path, nargs="+", help="dispute files")
    _load_arguments(summary)
    summary.add_argument("--lang", choices=["en", "zh"], default=_system_language())
    summary.set_defaults(run=_summary)

    scoring = commands.add_parser(
        "score", help="score disputes: probability of negotiation, evidence gaps, recommendation")
    _job_arguments(scoring, output_help="result file: .parquet, .csv or .xlsx")
    scoring.add_argument("--save-model", type=Path,
                         help="also save the model that scored the open disputes (fitted on all "
                              "labelled disputes, with the run's rules and evidence)")
    scoring.add_argument("--keep-counterparty", action="store_true",
                         help="keep the counterparty key in the result file (left out by default)")
    scoring.set_defaults(run=_score)

    report = commands.add_parser(
        "report", help="write an offline HTML report with charts and an action list")
    _job_arguments(report, output_help="report folder")
    report.set_defaults(run=_report)

    add_store_commands(commands)

    salt = commands.add_parser(
        "salt", help="create the shop's secret counterparty salt in a new file (kept for good)")
    salt.add_argument("output", type=Path, help="the salt file to create (it must not exist)")
    salt.add_argument("--lang", choices=["en", "zh"], default=_system_language())
    salt.set_defaults(run=_salt)

    sample = commands.add_parser("make-sample", help="regenerate the bundled sample data")
    sample.add_argument("-o", "--output", type=Path, default=Path("data/sample"))
    sample.set_defaults(run=_make_sample)
    return parser


def _job_arguments(command: argparse.ArgumentParser, output_help: str) -> None:
    command.add_argument("input", type=Path, nargs="?",
                         help="disputes: CSV, Parquet, xlsx or a Taobao export (with --store: "
                              "an export to ingest first, or none)")
    command.add_argument("--store", type=Path,
                         help="score every dispute the shop's store holds (ingesting INPUT "
                              "first) and log the open ones' predictions in it")
    command.add_argument("-o", "--output", type=Path, required=True, help=output_help)
    command.add_argument("--evidence", type=Path, action="append",
                         help="the shop's evidence ledger (CSV, xlsx) or folder "
                              "(ROOT/<order or dispute id>/<files>); may be repeated")
    command.add_argument("--voucher-words", type=Path,
                         help="a TOML file teaching voucher names: voucher = \"pattern\" lines "
                              "(chat_log = \"微信截图|wechat\"), tried before the built-in words")
    command.add_argument("--model", type=Path, help="score with this saved model (.skops)")
    command.add_argument("--method", choices=["auto", "logistic", "boosting"], default="auto",
                         help="when fitting here: auto (default) keeps the better of logistic "
                              "regression and gradient boosting by held-out ROC AUC and says both "
                              "figures; boosting is also checked against logistic")
    command.add_argument("--recalibrate", action="store_true",
                         help="with --model, recalibrate its probabilities on the labelled "
                              "disputes opened after its training period (for drift); with "
                              "--store, on the predictions made before their outcome")
    _load_arguments(command)
    command.add_argument("--min-category-count", type=_at_least_one, default=30,
                         help="disputes a category, reason wording or source feature level needs "
                              "to get a feature of its own (default 30)")
    command.add_argument("--policy", type=Path,
                         help="the costs of the options as a TOML file of parameter = value "
                              "lines (ruling_against_penalty, negotiated_refund_share, ...); "
                              "defaults for the rest")
    command.add_argument("--rules", type=Path,
                         help="evidence rules table (CSV: goods_received, reason, voucher, provider)")
    command.add_argument("--lang", choices=["en", "zh"], default=_system_language(),
                         help="language of next steps, charts and the page")
    command.add_argument("--lenient", action="store_true",
                         help="use the valid rows; write the rejected rows beside the output")
    command.add_argument("--fail-on-warning", action="store_true",
                         help=f"exit with status {WARNED} when the scores come with a warning "
                              "(the outputs are still written)")


def _system_language() -> str:
    """``zh`` where the system speaks Chinese (LC_ALL, LC_MESSAGES or LANG say zh_…), else ``en``."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _at_least_one(text: str) -> int:
    """A whole number of at least 1, for argparse (which then names the option in its refusal)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _load_arguments(command: argparse.ArgumentParser) -> None:
    """Options of how disputes are read, shared by every command that loads them."""
    command.add_argument("--mapping", help=MAPPING_HELP)
    command.add_argument("--salt-file", type=Path,
                         help="file holding the shop's secret counterparty salt (16+ characters); "
                              "with it a buyer's member name becomes a one-way key for the buyer's "
                              "history. Default: the RIGHTSGUARD_COUNTERPARTY_SALT variable, if set")
    command.add_argument("--shop", help="the shop a single-shop export comes from (Taobao "
                                        "exports name none), shown in the plan and reports")
    command.add_argument("--empty-reason", choices=["reject", "unknown"], default="reject",
                         help="reject rows without a reason (default) or keep them as 'unknown'")


def _load_options(args: argparse.Namespace) -> dict:
    """The loader's keyword arguments from the shared options."""
    from rightsguard.io._counterparty import read_salt

    return {"mapping": _mapping(args.mapping), "salt": read_salt(args.salt_file),
            "empty_reason": args.empty_reason, "shop": args.shop}


def _summary(args: argparse.Namespace) -> int:
    import polars as pl

    from rightsguard._schema import RESOLUTIONS
    from rightsguard._vocabulary import say, text, translate
    from rightsguard.io._load import load_disputes_lenient

    options = _load_options(args)
    for path in args.input:
        check_paths(path, [], [], lang=args.lang)
        result = load_disputes_lenient(path, **options)
        print(say("summary_counts", args.lang, path=path, rows=result.n_rows,
                  accepted=result.accepted.height, rejected=result.rejected.height))
        for problem in result.problems:
            print(say("summary_rejected", args.lang, problem=problem))
        counts = result.accepted.select(
            translate(pl.col("reason"), args.lang).alias(text("reason", args.lang)),
            translate(pl.col("resolution"), args.lang).alias("resolution"),
        ).group_by(text("reason", args.lang), "resolution").len().pivot(
            "resolution", index=text("reason", args.lang), values="len").fill_null(0).sort(
            text("reason", args.lang))
        shown = [c for c in pl.select(translate(pl.lit(pl.Series(RESOLUTIONS)), args.lang)
                                      ).to_series() if c in counts.columns]
        counts = counts.select(text("reason", args.lang), *shown)
        with pl.Config(tbl_rows=20, tbl_hide_dataframe_shape=True):
            print(counts)
    return 0


def _tell(lang: str, key: str, **values: object) -> None:
    """Print a progress line of the vocabulary in ``lang``."""
    from rightsguard._vocabulary import say  # imported where needed: --help loads no polars

    _progress(say(key, lang, **values))


def _text(key: str, lang: str) -> str:
    from rightsguard._vocabulary import text

    return text(key, lang)


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _scored(args: argparse.Namespace, outputs: list[Path], *, output: Path | None = None,
            folders: bool = False, keep_private: bool = False) -> ScoringRun:
    """Refuse outputs that would destroy an input, then score once (file to file in batches
    where :func:`rightsguard.score` can)."""
    from rightsguard.decide._policy import DEFAULT_POLICY, Policy
    from rightsguard.decide._run import score
    from rightsguard.io._evidence import load_evidence, voucher_words_from_file
    from rightsguard.io._load import ReadOptions
    from rightsguard.scoring._fitting import FitOptions
    from rightsguard.scoring._persist import load_model
    from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules

    if args.store is not None:
        return scored_from_store(args, outputs, output=output, folders=folders,
                                  keep_private=keep_private)
    if args.input is None:
        raise UnreadableFileError("give a dispute file, or --store PATH to score the shop's store")
    inputs = [args.input, *(args.evidence or []), *([args.model] if args.model else []),
              *([args.rules] if args.rules else []), *([args.salt_file] if args.salt_file else []),
              *([args.policy] if args.policy else []),
              *([args.voucher_words] if args.voucher_words else [])]
    check_paths(args.input, outputs, inputs, folders=folders, lang=args.lang)
    fitting = FitOptions(method=args.method, min_category_count=args.min_category_count,
                         rules=EvidenceRules.from_csv(args.rules) if args.rules else DEFAULT_RULES)
    reading = ReadOptions(**_load_options(args))
    policy = Policy.from_file(args.policy) if args.policy else DEFAULT_POLICY
    model = load_model(args.model) if args.model else None
    evidence = args.evidence
    if evidence and args.voucher_words:
        evidence = load_evidence(evidence, words=voucher_words_from_file(args.voucher_words))
    _tell(args.lang, "progress_loading", path=args.input)
    run = score(args.input, model=model, evidence=evidence, output=output,
                lenient=args.lenient, reading=reading, fitting=fitting, policy=policy,
                lang=args.lang, recalibrate=args.recalibrate, keep_private=keep_private,
                progress=_progress)
    for note in run.notes:
        _progress(note)
    return run


def _tell_refused(args: argparse.Namespace, run: ScoringRun) -> None:
    """How many rows validation refused, and where they went."""
    if run.rejected_output is not None:
        _tell(args.lang, "progress_rejected", count=run.n_rejected, path=run.rejected_output)
    elif run.n_rejected:
        _tell(args.lang, "progress_rejected_of", count=run.n_rejected, rows=run.n_rows)


def check_paths(source: Path, outputs: list[Path], inputs: list[Path], *,
                folders: bool = False, lang: str = "en") -> None:
    """Before any work: the input is a file, each output can be written and destroys no input;
    outputs are files unless ``folders`` (a report's). What interrupted runs left beside the
    outputs is removed, and named."""
    from rightsguard.io._scratch import clear_and_tell
    from rightsguard.io._writers import check_writable, refuse_overwriting_inputs

    if source.is_dir():
        raise UnreadableFileError(f"{source}: is a folder; give a dispute file (CSV, xlsx, Parquet "
                                  "or a Taobao export)")
    check_writable(outputs, folders=folders)
    refuse_overwriting_inputs(inputs, outputs)
    clear_and_tell(outputs, lang, _progress)


def _score(args: argparse.Namespace) -> int:
    from rightsguard.decide._run import rejected_beside, write_beside
    from rightsguard.scoring._persist import save_model

    outputs = [args.output, rejected_beside(args.output),
               *([args.save_model] if args.save_model else [])]
    workbook = args.output.suffix.lower() == ".xlsx"  # what a seller opens: the plan first
    run = _scored(args, outputs, output=None if workbook else args.output,
                  keep_private=args.keep_counterparty)
    if workbook:
        _people_workbook(run, args)
        run = write_beside(run, args.output, args.lang, _progress)
    _tell_refused(args, run)
    _tell_wrote(args, run.n_accepted, run.recommendations)
    if args.save_model:  # the model that scored the open disputes: its rules, evidence, numbers
        save_model(run.model, args.save_model)
        _tell(args.lang, "progress_saved_model", path=args.save_model)
    return 0


def _people_workbook(run: ScoringRun, args: argparse.Namespace) -> None:
    """The xlsx output as a seller opens it: summary, plan, per shop, then the data."""
    from rightsguard._schema import PRIVATE_COLUMNS
    from rightsguard.present._plan import action_plan, write_plan_xlsx
    from rightsguard.present._summary import summarise

    scored = run.in_memory()
    data = scored if args.keep_counterparty else scored.drop(PRIVATE_COLUMNS, strict=False)
    write_plan_xlsx(action_plan(scored), args.output, lang=args.lang, summary=summarise(run),
                    disputes=data)


def _tell_wrote(args: argparse.Namespace, count: int, options: dict[str, int]) -> None:
    """What was written: the disputes, past and open told apart, and the open ones' options."""
    open_ = sum(options.values())
    _tell(args.lang, "progress_wrote", count=count, past=count - open_, open=open_,
          path=args.output, **{o: options.get(o, 0) for o in ("refund_now", "negotiate", "escalate")})


def _report(args: argparse.Namespace) -> int:
    from rightsguard._vocabulary import say
    from rightsguard.io._writers import check_replaceable
    from rightsguard.present._report import write_report

    check_replaceable(args.output)  # before the work, not after it
    run = _scored(args, [args.output], folders=True)
    _tell_refused(args, run)
    _tell(args.lang, "progress_drawing")
    name = (args.input or args.store).name
    track = None
    if args.store is not None:
        from rightsguard.store._connect import store_path
        from rightsguard.store._track import track_record

        track = track_record(store_path(args.store))
    page = write_report(run, args.output, title=say("report_title_of", args.lang, name=name),
                        lang=args.lang, track=track)
    _tell(args.lang, "progress_report", page=page, charts=args.output / "charts",
          csv=args.output / "action_list.csv")
    return 0


def _mapping(name: str | None) -> ColumnMapping | None:
    """A shipped mapping by name, or one read from a TOML or JSON file."""
    from rightsguard.io._mapping import ColumnMapping
    from rightsguard.mappings import SHIPPED

    if name is None:
        return None
    if name in SHIPPED:
        return SHIPPED[name]
    if not Path(name).is_file():
        raise UnreadableFileError(f"{name}: neither a shipped mapping ({', '.join(SHIPPED)}) nor "
                                  "a mapping file")
    return ColumnMapping.from_file(name)


def _salt(args: argparse.Namespace) -> int:
    from rightsguard.io._counterparty import new_salt_file

    _tell(args.lang, "progress_salt", path=new_salt_file(args.output))
    return 0


def _make_sample(args: argparse.Namespace) -> int:
    from rightsguard.sample._files import write_sample

    if args.output.exists() and not args.output.is_dir():
        raise UnreadableFileError(f"{args.output}: is a file; make-sample writes a folder")
    for path in write_sample(args.output):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
