"""A stream's first pass: every batch validated once and spilled, and what spans the whole file
gathered from all of them (the past rulings the plan learns the ruling chance from, the
counterparty histories, the ids repeated across batches).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from rightsguard._vocabulary import say
from rightsguard.decide._ruling import rulings_of
from rightsguard.engine._batch import score_batch
from rightsguard.engine._ids import id_hashes, spread_ids
from rightsguard.engine._job import Counts, Job
from rightsguard.engine._parts import Part, Room
from rightsguard.io._attach import attach_evidence
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._in_order import in_order
from rightsguard.io._validation import PROBLEMS, ValidationResult
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._rules import DEFAULT_RULES, evidence_exprs
from rightsguard.scoring._scorer import expected_completeness_of
from rightsguard.scoring._time_open import data_moment


@dataclass(frozen=True)
class Spanning:
    """What the first pass learned of the whole file, and the batches it spilled."""

    rulings: pl.DataFrame
    """Every past ruling of the file, in order (:func:`rulings_of`)."""
    history: pl.DataFrame | None
    parts: list[Part]
    per_part: list[int]
    """How many of the past rulings each part holds, in order."""
    refused: list[Path]
    """The refused rows, spilled batch by batch, with their problems as text."""
    spread: pl.Series
    """Hashes of the ids found in more than one batch."""


@dataclass(frozen=True)
class Checked:
    """One batch after the first pass: its validation, spilled parts, rulings, history keys
    and distinct id hashes."""

    validation: ValidationResult
    coverage: EvidenceCoverage | None
    part: Part | None
    refused: Path | None
    rulings: pl.DataFrame | None
    keys: pl.DataFrame | None
    ids: np.ndarray


def first_pass(raw_batches: Iterator[pl.DataFrame], job: Job, spill: Path) -> tuple[Counts, Spanning]:
    """Validate every batch once and spill its rows; keep what spans the file.

    A batch that names no counterparty is scored here already (its disputes'
    history is unknown whatever the rest of the file holds); only the chance
    of winning a ruling and the options wait for the whole file. Refused rows
    are spilled too when the run keeps them.
    """
    model, lang, keep_refused = job.model, job.options.lang, job.rejected_output is not None
    spill.mkdir()
    room = Room()
    numbered = ((spill / f"{number:06d}", raw) for number, raw in enumerate(raw_batches))

    def checked(item: tuple[Path, pl.DataFrame]) -> Checked:
        stem, raw = item
        ids = id_hashes(raw, job.options.reading.mapping)
        validation = job.options.reading.validated(raw)
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
            return Checked(validation, coverage, None, refused, None, None, ids)
        named = (  # only the columns the history reads
            accepted.lazy()
            .filter(pl.col("counterparty").is_not_null())
            .select("dispute_id", "counterparty", "opened_at", "closed_at", "resolution")
            .collect()
        )
        spilled = (
            score_batch(accepted, model, lang, past_reasons=False)
            if not named.height
            else accepted.with_columns(
                *evidence_exprs(model.rules or DEFAULT_RULES),
                expected_completeness_of(model, accepted.columns),
            )
        )
        part = Part(spilled, stem.with_suffix(".arrow"), room, scored=not named.height)
        return Checked(
            validation, coverage, part, refused, rulings_of(spilled), named if named.height else None, ids
        )

    result = Counts()
    rulings: list[pl.DataFrame] = []
    keys: list[pl.DataFrame] = []
    parts: list[Part] = []
    refused: list[Path] = []
    hashes = spill / "id_hashes.u64"
    with open(hashes, "wb") as ids:
        for batch in in_order(checked, numbered):
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
        else pl.DataFrame(schema={"completeness": pl.Float64, "won": pl.Boolean, "recorded": pl.Boolean})
    )
    history = (
        with_history(pl.concat(keys), job.options.history).select("dispute_id", *HISTORY_COLUMNS)
        if keys
        else None
    )
    job.report(say("progress_first_pass", lang, rows=result.rows_in, rulings=past.height))
    return result, Spanning(past, history, parts, [r.height for r in rulings], refused, spread)
