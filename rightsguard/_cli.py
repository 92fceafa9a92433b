"""The ``rightsguard`` command line.

Each command imports what it uses when it runs, so that ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard._cli_language import argparse_speaks, language_argument, language_asked
from rightsguard._cli_shared import check_paths, load_arguments, load_options, progress, tell
from rightsguard._cli_small import salt_command, sample_command, summary_command
from rightsguard._cli_store import add_store_commands, scored_from_store
from rightsguard._errors import SchemaError, UnreadableFileError, in_language, said
from rightsguard._vocabulary import say, text
from rightsguard.io._absence import ABSENCE_RULES

if TYPE_CHECKING:
    from rightsguard.engine._result import ScoringRun

USER_ERRORS = (SchemaError, UnreadableFileError, OSError, ValueError)
"""Errors about what the user gave or the machine refused (a missing file, a full disk): one
paragraph, exit status 2, no traceback."""


WARNED = 3
"""Exit status of a job that finished with warnings when ``--fail-on-warning`` was given."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    asked = language_asked(argv)
    with argparse_speaks(asked):
        args = _parser(asked).parse_args(argv)
    lang = getattr(args, "lang", asked)
    try:
        with _warnings_told(lang) as told:
            status = args.run(args)
    except USER_ERRORS as error:
        if args.debug:
            raise
        print(f"rightsguard: {in_language(error, lang)}\n{text(_hint(error, args), lang)}", file=sys.stderr)
        return 2
    return WARNED if status == 0 and told and getattr(args, "fail_on_warning", False) else status


def _hint(error: Exception, args: argparse.Namespace) -> str:
    """What to try after a refusal: setting the refused rows aside when the command could have
    (``--lenient``), else seeing where it failed (``--debug``)."""
    lenient_helps = (
        isinstance(error, SchemaError) and error.in_rows and getattr(args, "lenient", True) is False
    )
    return "err_lenient_hint" if lenient_helps else "err_debug_hint"


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
        tell(lang, "progress_warning", message=text)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        yield told


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang``."""

    def helped(key: str) -> str:
        return text(f"help_{key}", lang)

    parser = argparse.ArgumentParser(prog="rightsguard", description=helped("description"))
    parser.add_argument("--debug", action="store_true", help=helped("debug"))
    parser.add_argument("--version", action="version", version=f"rightsguard {version('rightsguard')}")
    commands = parser.add_subparsers(dest="command", required=True)

    summary = commands.add_parser("summary", help=helped("summary"), description=helped("summary"))
    summary.add_argument("input", type=Path, nargs="+", help=helped("summary_input"))
    load_arguments(summary, lang)
    summary.set_defaults(run=summary_command)

    scoring = commands.add_parser("score", help=helped("score"), description=helped("score"))
    _job_arguments(scoring, helped("score_output"), lang)
    scoring.add_argument("--save-model", type=Path, help=helped("save_model"))
    scoring.add_argument("--keep-counterparty", action="store_true", help=helped("keep_counterparty"))
    scoring.set_defaults(run=_score)

    report = commands.add_parser("report", help=helped("report"), description=helped("report"))
    _job_arguments(report, helped("report_output"), lang)
    report.set_defaults(run=_report)

    add_store_commands(commands, lang)

    salt = commands.add_parser("salt", help=helped("salt"), description=helped("salt"))
    salt.add_argument("output", type=Path, help=helped("salt_output"))
    language_argument(salt, lang)
    salt.set_defaults(run=salt_command)

    sample = commands.add_parser("make-sample", help=helped("make_sample"), description=helped("make_sample"))
    sample.add_argument(
        "-o", "--output", type=Path, default=Path("data/sample"), help=helped("sample_output")
    )
    sample.set_defaults(run=sample_command)
    for command in commands.choices.values():  # --debug after the command, as the hint suggests
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=helped("debug"))
    return parser


def _job_arguments(command: argparse.ArgumentParser, output_help: str, lang: str) -> None:
    def helped(key: str) -> str:
        return text(f"help_{key}", lang)

    command.add_argument("input", type=Path, nargs="?", help=helped("input"))
    command.add_argument("--store", type=Path, help=helped("store_score"))
    command.add_argument("-o", "--output", type=Path, required=True, help=output_help)
    command.add_argument("--evidence", type=Path, action="append", help=helped("evidence"))
    command.add_argument("--voucher-words", type=Path, help=helped("voucher_words"))
    command.add_argument("--absence", choices=ABSENCE_RULES, default="ledger_period", help=helped("absence"))
    command.add_argument("--model", type=Path, help=helped("model"))
    command.add_argument(
        "--method", choices=["auto", "logistic", "boosting"], default="auto", help=helped("method")
    )
    command.add_argument("--recalibrate", action="store_true", help=helped("recalibrate"))
    load_arguments(command, lang)
    command.add_argument(
        "--min-category-count", type=_at_least_one(lang), default=30, help=helped("min_category_count")
    )
    command.add_argument("--policy", type=Path, help=helped("policy"))
    command.add_argument("--rules", type=Path, help=helped("rules"))
    command.add_argument("--lenient", action="store_true", help=helped("lenient"))
    command.add_argument(
        "--fail-on-warning", action="store_true", help=say("help_fail_on_warning", lang, status=WARNED)
    )


def _at_least_one(lang: str) -> Callable[[str], int]:
    """A reader of a whole number of at least 1, for argparse (which then names the option in
    its refusal, in ``lang``)."""

    def read(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise argparse.ArgumentTypeError(say("help_at_least_one", lang, value=value))
        return number

    return read


def _scored(
    args: argparse.Namespace,
    outputs: list[Path],
    *,
    output: Path | None = None,
    folders: bool = False,
    keep_private: bool = False,
) -> ScoringRun:
    """Refuse outputs that would destroy an input, then score once (file to file in batches
    where :func:`rightsguard.score` can)."""
    from rightsguard.decide._policy import DEFAULT_POLICY, Policy
    from rightsguard.engine._run import score, streamed_paths
    from rightsguard.io._evidence import VOUCHER_WORDS, load_evidence, voucher_words_from_file
    from rightsguard.io._load import ReadOptions
    from rightsguard.scoring._fitting import FitOptions
    from rightsguard.scoring._model_file import load_scorer
    from rightsguard.scoring._persist import load_model
    from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules

    if args.store is not None:
        return scored_from_store(args, outputs, output=output, folders=folders, keep_private=keep_private)
    if args.input is None:
        raise said(UnreadableFileError, "err_no_input")
    inputs = [
        args.input,
        *(args.evidence or []),
        *([args.model] if args.model else []),
        *([args.rules] if args.rules else []),
        *([args.salt_file] if args.salt_file else []),
        *([args.policy] if args.policy else []),
        *([args.voucher_words] if args.voucher_words else []),
    ]
    check_paths(args.input, outputs, inputs, folders=folders, lang=args.lang)
    fitting = FitOptions(
        method=args.method,
        min_category_count=args.min_category_count,
        rules=EvidenceRules.from_csv(args.rules) if args.rules else DEFAULT_RULES,
    )
    reading = ReadOptions(**load_options(args))
    policy = Policy.from_file(args.policy) if args.policy else DEFAULT_POLICY
    streamed = streamed_paths(args.input, output, recalibrate=args.recalibrate) is not None
    # a streamed run needs only the model's scoring half, read without scikit-learn
    load = load_scorer if streamed and not getattr(args, "save_model", None) else load_model
    model = load(args.model) if args.model else None
    evidence = args.evidence
    if evidence:
        words = voucher_words_from_file(args.voucher_words) if args.voucher_words else VOUCHER_WORDS
        evidence = load_evidence(evidence, words=words, absence=args.absence)
    tell(args.lang, "progress_loading", path=args.input)
    run = score(
        args.input,
        model=model,
        evidence=evidence,
        output=output,
        lenient=args.lenient,
        reading=reading,
        fitting=fitting,
        policy=policy,
        lang=args.lang,
        recalibrate=args.recalibrate,
        keep_private=keep_private,
        progress=progress,
    )
    for note in run.notes:
        progress(note)
    return run


def _tell_refused(args: argparse.Namespace, run: ScoringRun, written: Path | None = None) -> None:
    """How many rows validation refused, and where they went (``written``: the file a command
    wrote them to, when the run did not)."""
    where = run.rejected_output or (written if run.n_rejected else None)
    if where is not None:
        tell(args.lang, "progress_rejected", count=run.n_rejected, path=where)
    elif run.n_rejected:
        tell(args.lang, "progress_rejected_of", count=run.n_rejected, rows=run.n_rows)


def _score(args: argparse.Namespace) -> int:
    from rightsguard.engine._run import rejected_beside, write_beside
    from rightsguard.scoring._persist import save_model

    if args.output.suffix.lower() not in (".parquet", ".csv", ".xlsx"):  # before any work, not after it
        raise said(ValueError, "err_output_type", path=args.output, suffix=args.output.suffix.lower())
    outputs = [args.output, rejected_beside(args.output), *([args.save_model] if args.save_model else [])]
    workbook = args.output.suffix.lower() == ".xlsx"  # what a seller opens: the plan first
    run = _scored(
        args, outputs, output=None if workbook else args.output, keep_private=args.keep_counterparty
    )
    if workbook:
        _people_workbook(run, args)
        run = write_beside(run, args.output, args.lang, progress, keep_private=args.keep_counterparty)
    _tell_refused(args, run)
    _tell_wrote(args, run.n_accepted, run.recommendations)
    if args.save_model:  # the model that scored the open disputes: its rules, evidence, numbers
        from rightsguard.scoring._model import NegotiationModel

        assert isinstance(run.model, NegotiationModel), "a run that saves its model loads it whole"
        save_model(run.model, args.save_model)
        tell(args.lang, "progress_saved_model", path=args.save_model)
    return 0


def _people_workbook(run: ScoringRun, args: argparse.Namespace) -> None:
    """The xlsx output as a seller opens it: summary, plan, per shop, then the data."""
    from rightsguard._schema import PRIVATE_COLUMNS
    from rightsguard.present._plan import action_plan
    from rightsguard.present._plan_workbook import write_plan_xlsx
    from rightsguard.present._summary import summarise

    scored = run.in_memory()
    data = scored if args.keep_counterparty else scored.drop(PRIVATE_COLUMNS, strict=False)
    write_plan_xlsx(
        action_plan(run),
        args.output,
        lang=args.lang,
        summary=summarise(run),
        disputes=data,
        origin=run.origin,
    )


def _tell_wrote(args: argparse.Namespace, count: int, options: dict[str, int]) -> None:
    """What was written: the disputes, past and open told apart, and the open ones' options."""
    open_ = sum(options.values())
    tell(
        args.lang,
        "progress_wrote",
        count=count,
        past=count - open_,
        open=open_,
        path=args.output,
        **{o: options.get(o, 0) for o in ("refund_now", "negotiate", "escalate")},
    )


def _report(args: argparse.Namespace) -> int:
    from rightsguard._cli_store import record_typed_plans
    from rightsguard._vocabulary import say
    from rightsguard.io._atomic import check_plans, check_replaceable
    from rightsguard.present._report import REJECTED_FILE, write_report

    check_replaceable(args.output)  # before the work, not after it
    recorded = args.store is not None and record_typed_plans(args.output, args.store, args.lang)
    check_plans(args.output, recorded=recorded)
    run = _scored(args, [args.output], folders=True)
    tell(args.lang, "progress_drawing")
    name = (args.input or args.store).name
    track = None
    if args.store is not None:
        from rightsguard.store._connect import store_path
        from rightsguard.store._track import track_record

        track = track_record(store_path(args.store), shop=args.shop)
    page = write_report(
        run,
        args.output,
        title=say("report_title_of", args.lang, name=name),
        lang=args.lang,
        track=track,
        plans_recorded=recorded,
    )
    _tell_refused(args, run, args.output / REJECTED_FILE)
    tell(
        args.lang,
        "progress_report",
        page=page,
        charts=args.output / "charts",
        csv=args.output / "action_list.csv",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
