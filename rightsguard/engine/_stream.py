"""Scoring file to file in batches, with memory bounded by the batch, not the file.

:func:`stream_file` scores a file of any length with a fitted model and writes
the same rows and columns :func:`~rightsguard.score` would in memory, batch by
batch; :func:`~rightsguard.score` runs it for a file, a fitted model and a
Parquet or CSV output.
Two passes keep it identical to scoring in memory, each row validated once:

1. **Validation, and what spans the file**: each batch is read and
   validated, its refused rows spilled to a temporary Arrow file beside the
   output, its accepted rows audited, scored and explained unless they name
   counterparties, and kept in memory up to a bound (``_parts``), spilled
   beside the output past it; the pass keeps the past rulings and their
   evidence (the chance of winning a ruling is learned from all of them, past
   rulings out of fold as in memory), each batch's distinct id hashes and,
   when the file names counterparties, each dispute's history as of its
   opening.
2. **Each spilled batch**: scored if it was not yet (with the whole file's
   history), priced, decided and written; the refused rows go to their own
   file first.

An id found in more than one batch would escape the duplicate rule, which
sees one batch at a time: the first pass is then run again with the rows of
those ids held back and validated together at the end (files without such
ids are read once).

Three batches are worked on at once in threads (polars and numpy release the
interpreter) while another thread writes the output, so that a two-core
machine is kept busy.

Parquet and UTF-8 CSV are read in batches; other sources (xlsx, GBK or
GB18030 exports, CSVs the batches would misread), which are small by nature,
are read whole once by the in-memory reader and spooled to an Arrow file in
the spill folder, then go through the same passes. Two differences
from memory, both for rows whose id is found in more than one batch: they are
written after the others, and the past rulings among them can fall in other
folds for the held-out chance of winning. A streamed CSV's problems name data
rows, not text lines. Memory grows only with what spans the file (a few
numbers per past ruling, eight bytes per dispute for its id hash, and more
per dispute when counterparties are named), never with its width, beyond the
batches held between the passes; the spill takes about as much disk as the
scored disputes past those would hold in memory.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from rightsguard._errors import SchemaError
from rightsguard._vocabulary import say
from rightsguard.engine._batch import empty_scored
from rightsguard.engine._first_pass import first_pass
from rightsguard.engine._ids import NO_IDS, raw_batches
from rightsguard.engine._job import Counts, Job
from rightsguard.engine._options import RunOptions
from rightsguard.engine._parts import Part
from rightsguard.engine._plan import ScoringPlan
from rightsguard.engine._result import ScoringRun
from rightsguard.engine._tally import RunTally
from rightsguard.io._batches import SPOOL_SUFFIX, NotStreamable, spool, streamable
from rightsguard.io._evidence import EvidenceInventory
from rightsguard.io._in_order import in_order
from rightsguard.io._scratch import clear_and_tell, scratch_folder
from rightsguard.io._writers import BatchWriter
from rightsguard.scoring._rules import AUDIT_COLUMNS, DEFAULT_RULES, audit_list_texts
from rightsguard.scoring._scorer import LinearScorer, Progress
from rightsguard.scoring._threads import thread_budget
from rightsguard.scoring._trust import warn

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel


def stream_file(
    source: Path,
    output: Path,
    model: NegotiationModel | LinearScorer,
    options: RunOptions,
    *,
    rejected_output: Path | None,
    inventory: EvidenceInventory | None,
    progress: Progress,
) -> ScoringRun | None:
    """Score a dispute file with a fitted model, batch by batch, into a Parquet or CSV file.

    What :func:`rightsguard.score` runs for a file, a fitted model and a
    streamed output. ``rejected_output`` receives the refused rows (with their
    ``problems``); when None, any refused row stops the run before anything is
    written. ``output`` is written atomically (nothing appears unless every
    batch succeeded). The evidence ``inventory`` is attached to each batch as
    it is validated, as in memory; its coverage is summed over the batches.

    Returns
    -------
    ScoringRun or None
        The run, with ``scored`` None; None when the file cannot be read in
        batches (the progress says why), to be scored in memory instead.

    Warns
    -----
    ScoreTrustWarning, InSampleWarning
        As in memory, from the same checks of the same counts.

    Raises
    ------
    SchemaError
        When rows are refused and ``rejected_output`` is None, listing every
        problem of the file before anything is written.
    """
    lang, policy = options.lang, options.policy
    clear_and_tell([output, *([rejected_output] if rejected_output else [])], lang, progress)
    progress(say("progress_streaming", lang, path=source))
    try:
        with threadpool_limits(thread_budget()):  # idle BLAS threads would spin on the cores
            job = Job(model, options, rejected_output, inventory, progress)
            counts, plan, tally = _score_file(source, output, job)
    except NotStreamable as error:
        progress(say("progress_in_memory", lang, error=error))
        return None
    quality, found, told, analyst = plan.told(tally, counts.coverage)
    warn(found, stacklevel=3)
    return ScoringRun(
        None,
        model,
        plan.ruling,
        policy,
        quality,
        counts.coverage,
        [w.message for w in found],
        told,
        n_rows=counts.rows_in,
        n_accepted=counts.accepted,
        n_rejected=counts.rejected,
        n_blank=counts.blank_lines,
        output=output,
        rejected_output=rejected_output if counts.rejected else None,
        recommendations=tally.recommendations,
        unknown_effect=tally.unknown,
        backtest=tally.backtest,
        analyst_notes=analyst,
        lang=lang,
    )


def _score_file(source: Path, output: Path, job: Job) -> tuple[Counts, ScoringPlan, RunTally]:
    output.parent.mkdir(parents=True, exist_ok=True)
    lang, report, rejected_output = job.options.lang, job.report, job.rejected_output
    with scratch_folder(output) as spill:
        if not streamable(source):
            report(say("progress_spooling", lang, path=source))
            source = spool(source, Path(spill) / f"source{SPOOL_SUFFIX}")
        result, spanning = first_pass(
            raw_batches(source, job.options.batch_size, NO_IDS, job.options.reading.mapping),
            job,
            Path(spill) / "first",
        )
        if spanning.spread.len():  # judged together, as in memory: a second reading holds them
            spread = spanning.spread
            del spanning  # its batches
            report(say("progress_ids_spread", lang, ids=spread.len()))
            shutil.rmtree(Path(spill) / "first")
            result, spanning = first_pass(
                raw_batches(source, job.options.batch_size, spread, job.options.reading.mapping),
                job,
                Path(spill) / "second",
            )
        if result.problems and rejected_output is None:
            raise SchemaError(result.problems, result.rows_in, lang=lang, in_rows=True)
        if result.coverage is not None:
            result.coverage.refuse_if_empty(lang)  # before anything is written
        if rejected_output is not None and not spanning.refused:
            Path(rejected_output).unlink(missing_ok=True)  # never an earlier run's refusals
        with ExitStack() as refusing:  # the refused rows' file is renamed into place last
            if rejected_output is not None and spanning.refused:
                refused = refusing.enter_context(
                    BatchWriter(rejected_output, job.options.keep_private, empty=pl.DataFrame())
                )
                for path in spanning.refused:
                    refused.write(pl.read_ipc(path))
                    path.unlink()
            plan, past_chances = ScoringPlan.learned(
                job.model, job.options, spanning.rulings, result.as_of, spanning.history, past_reasons=False
            )
            per_part = np.split(past_chances, np.cumsum(spanning.per_part)[:-1]) if spanning.parts else []
            with BatchWriter(output, job.options.keep_private, empty=empty_scored(job.model, lang)) as sink:
                tally = _second_pass(plan, zip(spanning.parts, per_part), job, sink, result)
    return result, plan, tally


def _second_pass(
    plan: ScoringPlan, parts: Iterable[tuple[Part, np.ndarray]], job: Job, sink: BatchWriter, result: Counts
) -> RunTally:
    """Score what waited for the file's history, price and decide every batch, write it.

    For a CSV the audit lists are written as text here, by bit mask, rather
    than joined dispute by dispute in the writer.
    """
    model, lang, report = job.model, job.options.lang, job.report
    csv = sink.path.suffix.lower() == ".csv"
    as_text = audit_list_texts(model.rules or DEFAULT_RULES) if csv else []

    def decided(item: tuple[Part, np.ndarray]) -> tuple[RunTally, pl.DataFrame]:
        """The decided batch's tally, and the batch as written."""
        part, past_chances = item
        spilled = part.take()
        if not part.scored:
            spilled = plan.scored(spilled.drop(*AUDIT_COLUMNS, "expected_completeness"))
        scored = plan.decided(spilled, past_chances)
        return plan.tally().add(scored), sink.prepared(scored.with_columns(as_text))

    tally = plan.tally()
    batches = in_order(decided, parts)
    for number, (counted, written) in enumerate(batches, 1):  # merged in order: the sums of one tally
        tally.merge(counted)
        sink.put(written)
        result.written += written.height
        report(say("progress_batch", lang, number=number, accepted=result.written, rejected=result.rejected))
    return tally
