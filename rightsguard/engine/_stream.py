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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from rightsguard._errors import SchemaError
from rightsguard._vocabulary import say
from rightsguard.decide._backtest import Backtest
from rightsguard.decide._policy import Policy
from rightsguard.decide._ruling import RulingChance, learned_ruling_chances, rulings_of
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.engine._batch import decide_scored, empty_scored, score_batch
from rightsguard.engine._ids import NO_IDS, id_hashes, raw_batches, spread_ids
from rightsguard.engine._parts import Part, Room
from rightsguard.engine._result import ScoringRun, coverage_warnings, notes, open_recommendations
from rightsguard.io._batches import SPOOL_SUFFIX, NotStreamable, spool, streamable
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._evidence import EvidenceInventory, attach_evidence
from rightsguard.io._load import ReadOptions
from rightsguard.io._scratch import clear_and_tell, scratch_folder
from rightsguard.io._validation import PROBLEMS, ValidationResult
from rightsguard.io._writers import BatchWriter
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._rules import AUDIT_COLUMNS, DEFAULT_RULES, audit_list_texts, evidence_exprs
from rightsguard.scoring._scorer import Progress, Scorer, expected_completeness_of
from rightsguard.scoring._threads import thread_budget
from rightsguard.scoring._time_open import data_moment
from rightsguard.scoring._trust import TrustTally, warn

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class _Counts:
    """What the passes read and wrote, added up batch by batch."""

    rows_in: int = 0
    accepted: int = 0
    rejected: int = 0
    blank_lines: int = 0
    problems: list[str] = field(default_factory=list)
    """Validation problems, aggregated per batch and rule."""
    recommendations: dict[str, int] = field(default_factory=dict)
    """Open disputes per recommended option."""
    written: int = 0
    batches: int = 0
    coverage: EvidenceCoverage | None = None
    unknown: UnknownEffect = field(default_factory=UnknownEffect)
    backtest: Backtest = field(default_factory=Backtest)
    as_of: datetime | None = None
    """The file's moment: its newest opening or closing, to which open disputes' ages count."""


@dataclass(frozen=True)
class _Job:
    """Everything a stream is asked, handed down whole: what it reads, learns and writes."""

    model: Scorer
    rejected_output: Path | None
    reading: ReadOptions
    inventory: EvidenceInventory | None
    fitting: FitOptions
    history: pl.DataFrame | None
    """Other canonical disputes that count in each counterparty's history, as in memory."""
    policy: Policy
    lang: str
    batch_size: int
    keep_private: bool
    report: Progress


def stream_file(
    source: Path,
    output: Path,
    model: NegotiationModel,
    *,
    rejected_output: Path | None,
    options: ReadOptions,
    inventory: EvidenceInventory | None,
    fitting: FitOptions,
    history: pl.DataFrame | None,
    policy: Policy,
    lang: str,
    batch_size: int,
    keep_private: bool,
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
    clear_and_tell([output, *([rejected_output] if rejected_output else [])], lang, progress)
    progress(say("progress_streaming", lang, path=source))
    tally = TrustTally(model.metadata_)
    try:
        with threadpool_limits(thread_budget()):  # idle BLAS threads would spin on the cores
            job = _Job(
                model,
                rejected_output,
                options,
                inventory,
                fitting,
                history,
                policy,
                lang,
                batch_size,
                keep_private,
                progress,
            )
            counts, ruling = _score_file(source, output, job, tally)
    except NotStreamable as error:
        progress(say("progress_in_memory", lang, error=error))
        return None
    quality = tally.quality()
    found = [*tally.warnings(quality, lang), *coverage_warnings(counts.coverage, lang)]
    warn(found, stacklevel=3)
    return ScoringRun(
        None,
        model,
        ruling,
        policy,
        quality,
        counts.coverage,
        [w.message for w in found],
        notes(
            tally, model, counts.coverage, None, counts.unknown, counts.backtest, policy, lang, counts.as_of
        ),
        n_rows=counts.rows_in,
        n_accepted=counts.accepted,
        n_rejected=counts.rejected,
        n_blank=counts.blank_lines,
        output=output,
        rejected_output=rejected_output if counts.rejected else None,
        recommendations=counts.recommendations,
        unknown_effect=counts.unknown,
        backtest=counts.backtest,
        lang=lang,
    )


def _score_file(source: Path, output: Path, job: _Job, tally: TrustTally) -> tuple[_Counts, RulingChance]:
    output.parent.mkdir(parents=True, exist_ok=True)
    lang, report, rejected_output = job.lang, job.report, job.rejected_output
    with scratch_folder(output) as spill:
        if not streamable(source):
            report(say("progress_spooling", lang, path=source))
            source = spool(source, Path(spill) / f"source{SPOOL_SUFFIX}")
        result, spanning = _first_pass(
            raw_batches(source, job.batch_size, NO_IDS, job.reading.mapping), job, Path(spill) / "first"
        )
        if spanning.spread.len():  # judged together, as in memory: a second reading holds them
            spread = spanning.spread
            del spanning  # its batches
            report(say("progress_ids_spread", lang, ids=spread.len()))
            shutil.rmtree(Path(spill) / "first")
            result, spanning = _first_pass(
                raw_batches(source, job.batch_size, spread, job.reading.mapping), job, Path(spill) / "second"
            )
        if result.problems and rejected_output is None:
            raise SchemaError(result.problems, result.rows_in, lang=lang)
        if result.coverage is not None:
            result.coverage.refuse_if_empty(lang)  # before anything is written
        if rejected_output is not None and not spanning.refused:
            Path(rejected_output).unlink(missing_ok=True)  # never an earlier run's refusals
        with ExitStack() as refusing:  # the refused rows' file is renamed into place last
            if rejected_output is not None and spanning.refused:
                refused = refusing.enter_context(
                    BatchWriter(rejected_output, job.keep_private, empty=pl.DataFrame())
                )
                for path in spanning.refused:
                    refused.write(pl.read_ipc(path))
                    path.unlink()
            with BatchWriter(output, job.keep_private, empty=empty_scored(job.model, lang)) as sink:
                _second_pass(spanning, job, sink, result, tally)
    return result, spanning.ruling


def _second_pass(
    spanning: _Spanning, job: _Job, sink: BatchWriter, result: _Counts, tally: TrustTally
) -> None:
    """Score what waited for the file's history, price and decide every batch, write it.

    For a CSV the audit lists are written as text here, by bit mask, rather
    than joined dispute by dispute in the writer.
    """
    model, policy, lang, report = job.model, job.policy, job.lang, job.report
    csv = sink.path.suffix.lower() == ".csv"
    as_text = audit_list_texts(model.rules or DEFAULT_RULES) if csv else []

    def decided(item: tuple[Part, np.ndarray]) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The decided batch, and the batch as written."""
        part, past_chances = item
        spilled = part.take()
        if not part.scored:
            spilled = score_batch(
                spilled.drop(*AUDIT_COLUMNS, "expected_completeness"), model, lang, history=spanning.history
            )
        scored = decide_scored(
            spilled, model, spanning.ruling, policy, lang, as_of=result.as_of, past_chances=past_chances
        )
        return scored, scored.with_columns(as_text)

    batches = _in_order(decided, zip(spanning.parts, spanning.past_chances))
    for number, (scored, written) in enumerate(batches, 1):
        for option, count in open_recommendations(scored).items():
            result.recommendations[option] = result.recommendations.get(option, 0) + count
        tally.add(scored)
        result.unknown.add(scored, spanning.ruling, policy)
        result.backtest.add(scored, policy)
        sink.write(written)
        result.written += scored.height
        report(say("progress_batch", lang, number=number, accepted=result.written, rejected=result.rejected))


BATCHES_IN_FLIGHT = 3
"""Batches worked on at once, in threads: while one waits on polars, others run numpy."""


def _in_order(work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``work`` on each item, :data:`BATCHES_IN_FLIGHT` at a time in threads, results in order.

    polars and numpy release the interpreter while they compute, so batches
    in threads use the cores that one batch at a time leaves idle.
    """
    with ThreadPoolExecutor(BATCHES_IN_FLIGHT) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) == BATCHES_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@dataclass(frozen=True)
class _Spanning:
    """What the first pass learned of the whole file, and the batches it spilled."""

    ruling: RulingChance
    history: pl.DataFrame | None
    parts: list[Part]
    past_chances: list[np.ndarray]
    """Per part, the held-out chance of each past ruling in it, in order."""
    refused: list[Path]
    """The refused rows, spilled batch by batch, with their problems as text."""
    spread: pl.Series
    """Hashes of the ids found in more than one batch."""


@dataclass(frozen=True)
class _Checked:
    """One batch after the first pass: its validation, spilled parts, rulings, history keys
    and distinct id hashes."""

    validation: ValidationResult
    coverage: EvidenceCoverage | None
    part: Part | None
    refused: Path | None
    rulings: pl.DataFrame | None
    keys: pl.DataFrame | None
    ids: np.ndarray


def _first_pass(raw_batches: Iterator[pl.DataFrame], job: _Job, spill: Path) -> tuple[_Counts, _Spanning]:
    """Validate every batch once and spill its rows; keep what spans the file.

    A batch that names no counterparty is scored here already (its disputes'
    history is unknown whatever the rest of the file holds); only the chance
    of winning a ruling and the options wait for the whole file. Refused rows
    are spilled too when the run keeps them.
    """
    model, lang, keep_refused = job.model, job.lang, job.rejected_output is not None
    spill.mkdir()
    room = Room()
    numbered = ((spill / f"{number:06d}", raw) for number, raw in enumerate(raw_batches))

    def checked(item: tuple[Path, pl.DataFrame]) -> _Checked:
        stem, raw = item
        ids = id_hashes(raw, job.reading.mapping)
        validation = job.reading.validated(raw)
        refused = None
        if keep_refused and validation.rejected.height:
            refused = stem.with_suffix(".refused.arrow")
            validation.rejected.with_columns(pl.col(PROBLEMS).list.join("; ")).write_ipc(
                refused, compression="uncompressed"
            )
        accepted, coverage = validation.accepted, None
        if job.inventory is not None:
            accepted, coverage = attach_evidence(accepted, job.inventory)
        if not accepted.height:
            return _Checked(validation, coverage, None, refused, None, None, ids)
        named = accepted.filter(pl.col("counterparty").is_not_null())
        spilled = (
            score_batch(accepted, model, lang)
            if not named.height
            else accepted.with_columns(
                *evidence_exprs(model.rules or DEFAULT_RULES),
                expected_completeness_of(model, accepted.columns),
            )
        )
        part = Part(spilled, stem.with_suffix(".arrow"), room, scored=not named.height)
        keys = named.select("dispute_id", "counterparty", "opened_at", "closed_at", "resolution")
        return _Checked(
            validation, coverage, part, refused, rulings_of(spilled), keys if named.height else None, ids
        )

    result = _Counts()
    rulings: list[pl.DataFrame] = []
    keys: list[pl.DataFrame] = []
    parts: list[Part] = []
    refused: list[Path] = []
    hashes = spill / "id_hashes.u64"
    with open(hashes, "wb") as ids:
        for batch in _in_order(checked, numbered):
            validation = batch.validation
            result.batches += 1
            result.rows_in += validation.n_rows
            result.accepted += validation.accepted.height
            result.rejected += validation.rejected.height
            result.blank_lines += validation.blank_lines
            result.problems += validation.problems
            moment = data_moment(validation.accepted)
            if moment is not None and (result.as_of is None or moment > result.as_of):
                result.as_of = moment
            if batch.coverage is not None:
                result.coverage = (
                    batch.coverage if result.coverage is None else result.coverage.merge(batch.coverage)
                )
            batch.ids.tofile(ids)
            if batch.refused is not None:
                refused.append(batch.refused)
            if batch.part is not None and batch.rulings is not None:
                parts.append(batch.part)
                rulings.append(batch.rulings)
            if batch.keys is not None:
                keys.append(batch.keys)
    spread = spread_ids(hashes)
    past = (
        pl.concat(rulings)
        if rulings
        else pl.DataFrame(schema={"completeness": pl.Float64, "won": pl.Boolean})
    )
    chance, p = learned_ruling_chances(past, job.fitting.n_splits, job.fitting.random_state)
    history = (
        with_history(pl.concat(keys), job.history).select("dispute_id", *HISTORY_COLUMNS) if keys else None
    )
    job.report(say("progress_first_pass", lang, rows=result.rows_in, rulings=past.height))
    past_chances = np.split(p, np.cumsum([r.height for r in rulings])[:-1]) if rulings else []
    return result, _Spanning(chance, history, parts, past_chances, refused, spread)
