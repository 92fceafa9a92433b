"""The command line's store commands: ``ingest``, ``record``, ``export-store``, ``forget``, and scoring
from the store for ``score --store`` and ``report --store``.

The shared helpers (progress lines, loader options) are the command line's own, in
:mod:`rightsguard._cli`, imported when a command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard._errors import UnreadableFileError, said
from rightsguard._vocabulary import say

if TYPE_CHECKING:
    from rightsguard.engine._result import ScoringRun


def add_store_commands(commands: argparse._SubParsersAction, lang: str) -> None:
    """Add ``ingest``, ``record``, ``export-store`` and ``forget`` to the command line, their help in
    ``lang``."""
    from rightsguard._cli_language import language_argument
    from rightsguard._cli_shared import load_arguments
    from rightsguard._vocabulary import text

    def helped(key: str) -> str:
        return text(f"help_{key}", lang)

    ingesting = commands.add_parser("ingest", help=helped("ingest"), description=helped("ingest"))
    ingesting.add_argument("input", type=Path, nargs="*", help=helped("ingest_input"))
    ingesting.add_argument("--store", type=Path, help=helped("store"))
    ingesting.add_argument("--evidence", type=Path, action="append", help=helped("ingest_evidence"))
    ingesting.add_argument("--as-of", type=_moment(lang), help=helped("as_of"))
    ingesting.add_argument("--init", action="store_true", help=helped("init"))
    load_arguments(ingesting, lang)
    ingesting.set_defaults(run=_ingest)

    recording = commands.add_parser("record", help=helped("record"), description=helped("record"))
    recording.add_argument("plan", type=Path, help=helped("record_plan"))
    recording.add_argument("--store", type=Path, help=helped("store"))
    language_argument(recording, lang)
    recording.set_defaults(run=_record)

    exporting = commands.add_parser(
        "export-store", help=helped("export_store"), description=helped("export_store")
    )
    exporting.add_argument("output", type=Path, help=helped("export_output"))
    exporting.add_argument("--store", type=Path, help=helped("store"))
    language_argument(exporting, lang)
    exporting.set_defaults(run=_export_store)

    forgetting = commands.add_parser("forget", help=helped("forget"), description=helped("forget"))
    forgetting.add_argument("export", help=helped("forget_export"))
    forgetting.add_argument("--store", type=Path, help=helped("store"))
    language_argument(forgetting, lang)
    forgetting.set_defaults(run=_forget)


def _tell_store(lang: str, store: Path, *, creating: bool = True) -> None:
    """Say which store a command works on, and that it is new when no file was there and the
    command ``creating`` one (it ingests)."""
    from rightsguard._cli_shared import tell

    tell(lang, "progress_store_new" if creating and not store.exists() else "progress_store", path=store)


def _moment(lang: str) -> Callable[[str], datetime]:
    """A reader of a moment (``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM``), for argparse (which then
    names the option in its refusal, in ``lang``)."""

    def read(value: str) -> datetime:
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(say("help_not_a_moment", lang, value=value)) from None

    return read


def scored_from_store(
    args: argparse.Namespace, outputs: list[Path], *, output: Path | None, folders: bool, keep_private: bool
) -> ScoringRun:
    """Ingest the input (if any) and the evidence into the store, then score the store."""
    from rightsguard._cli_shared import load_options, progress
    from rightsguard.decide._policy import DEFAULT_POLICY, Policy
    from rightsguard.io._load import ReadOptions
    from rightsguard.io._writers import check_writable, refuse_overwriting_inputs, write_table
    from rightsguard.scoring._fitting import FitOptions
    from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules
    from rightsguard.store._connect import store_path
    from rightsguard.store._ingest import ingest
    from rightsguard.store._runs import score_store

    if args.model is not None:
        raise said(UnreadableFileError, "err_store_model")
    store = store_path(args.store)
    check_writable(outputs, folders=folders)
    refuse_overwriting_inputs([store, *([args.input] if args.input else [])], outputs)
    _tell_store(args.lang, store, creating=args.input is not None or bool(args.evidence))
    if args.input is not None or args.evidence:
        ingest(
            [args.input] if args.input else [],
            store=store,
            evidence=args.evidence or (),
            reading=ReadOptions(**load_options(args)),
        )
    fitting = FitOptions(
        method=args.method,
        min_category_count=args.min_category_count,
        rules=EvidenceRules.from_csv(args.rules) if args.rules else DEFAULT_RULES,
    )
    run = score_store(
        store,
        shop=args.shop,
        fitting=fitting,
        policy=Policy.from_file(args.policy) if args.policy else DEFAULT_POLICY,
        lang=args.lang,
        recalibrate=args.recalibrate,
        absence=args.absence,
        progress=progress,
    )
    if output is not None:
        write_table(run.in_memory(), output, keep_private=keep_private)
    for note in [*run.changes, *run.notes]:
        progress(note)
    return run


def _ingest(args: argparse.Namespace) -> int:
    from rightsguard._cli_shared import load_options, tell
    from rightsguard._vocabulary import text
    from rightsguard.io._load import ReadOptions
    from rightsguard.store._connect import store_path
    from rightsguard.store._evidence import EvidenceIngested
    from rightsguard.store._ingest import ingest

    if not args.input and not args.evidence:
        raise said(UnreadableFileError, "err_ingest_nothing")
    for path in [*args.input, *(args.evidence or [])]:
        if not path.exists():
            raise said(UnreadableFileError, "err_os_missing", path=path)
    store = store_path(args.store)
    _tell_store(args.lang, store)
    for done in ingest(
        args.input,
        store=store,
        reading=ReadOptions(**load_options(args)),
        evidence=args.evidence or (),
        as_of=args.as_of,
        init=args.init,
    ):
        if isinstance(done, EvidenceIngested):
            tell(
                args.lang,
                f"progress_evidence_{done.outcome}",
                path=done.path,
                name=done.name,
                rows=done.n_rows,
                was=done.replaced,
                gained=done.gained,
                lost=done.lost,
            )
        elif done.already and done.shop_set:
            shop_was = done.shop_was or text("no_shop", args.lang)
            tell(
                args.lang, "progress_shop_set", path=done.path, n=done.shop_set, shop=args.shop, was=shop_was
            )
        elif done.already and done.rows_kept:
            tell(args.lang, "progress_rows_kept", path=done.path, export=done.export_id, n=done.rows_kept)
        elif done.already:
            tell(args.lang, "progress_ingested_before", path=done.path, export=done.export_id)
        else:
            tell(
                args.lang,
                "progress_ingested",
                path=done.path,
                export=done.export_id,
                moment=done.moment,
                source=text(f"moment_{done.moment_source}", args.lang),
                rows=done.n_rows,
                accepted=done.n_accepted,
                rejected=done.n_rejected,
                new=done.new_disputes,
                changed=done.status_changes,
            )
            for problem in done.problems:
                tell(args.lang, "progress_ingested_refused", problem=problem)
    return 0


def record_typed_plans(directory: Path, store: Path, lang: str) -> bool:
    """Record into ``store`` what the seller typed in the plans of a report folder about to be
    replaced, saying so; whether there was anything to record. A plan open in a spreadsheet is
    left for :func:`~rightsguard.io._atomic.check_plans` to refuse."""
    from rightsguard._cli_shared import tell
    from rightsguard.io._plan_file import filled_plans, open_plan_locks
    from rightsguard.store._connect import store_path
    from rightsguard.store._decisions import record

    typed = filled_plans(directory) if not open_plan_locks(directory) else {}
    for plan in typed:
        done = record(plan, store=store_path(store))
        tell(
            lang, "progress_recorded_before_report", path=plan, filled=done.n_filled, recorded=done.n_recorded
        )
    return bool(typed)


def _record(args: argparse.Namespace) -> int:
    from rightsguard._cli_shared import tell
    from rightsguard.store._connect import store_path
    from rightsguard.store._decisions import record

    if not args.plan.is_file():
        raise said(UnreadableFileError, "err_no_plan", path=args.plan)
    done = record(args.plan, store=store_path(args.store))
    tell(args.lang, "progress_recorded", path=args.plan, filled=done.n_filled, recorded=done.n_recorded)
    if done.unmatched:
        tell(args.lang, "progress_unmatched", count=len(done.unmatched), shown=", ".join(done.unmatched[:5]))
    return 0


def _export_store(args: argparse.Namespace) -> int:
    from rightsguard._cli_shared import tell
    from rightsguard.store._connect import store_path
    from rightsguard.store._export import export_store

    tell(args.lang, "progress_exported_store", path=export_store(args.output, store_path(args.store)))
    return 0


def _forget(args: argparse.Namespace) -> int:
    from rightsguard._cli_shared import tell
    from rightsguard.store._connect import store_path
    from rightsguard.store._forget import forget

    store = store_path(args.store)
    _tell_store(args.lang, store, creating=False)
    done = forget(args.export, store=store)
    tell(
        args.lang,
        "progress_forgotten",
        export=done.export_id,
        name=done.file_name,
        moment=done.moment,
        rows=done.n_rows,
        removed=done.removed,
        rebuilt=done.rebuilt,
        refused=done.refused,
    )
    return 0
