"""``score``: the one function analysts import, and the run it returns.

One pass: read the disputes (a file or a frame), attach the shop's evidence
inventory, audit the evidence, score the probability of a negotiated outcome
(out of fold for past disputes), learn the chance of winning a ruling, price
the three options and write the next step. The run keeps what the summary and
the report need (the model, the ruling chance, the held-out quality, the
evidence coverage and every reason to distrust the scores), so that nothing
is scored or fitted twice. Given a fitted model, a file and an output, the
run streams file to file in batches (:mod:`rightsguard.engine._stream`),
which gives exactly what scoring in memory gives.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import CANONICAL_SCHEMA, SOURCE_ROW
from rightsguard._vocabulary import say
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import rulings_of
from rightsguard.engine._batch import SCORE_COLUMNS
from rightsguard.engine._options import RunOptions
from rightsguard.engine._plan import ScoringPlan
from rightsguard.engine._result import ScoringRun
from rightsguard.engine._stream import stream_file
from rightsguard.io._batches import STREAMED
from rightsguard.io._load import Evidence, ReadOptions, Source, frame_or_path, inventory_of, with_evidence
from rightsguard.io._readers import read_source
from rightsguard.io._validation import ValidationResult
from rightsguard.io._writers import write_table
from rightsguard.scoring._canonical import canonical
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._scorer import LinearScorer, Progress
from rightsguard.scoring._time_open import data_moment
from rightsguard.scoring._trust import RunWarning, warn

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel


def score(
    disputes: Source,
    *,
    model: NegotiationModel | LinearScorer | None = None,
    evidence: Evidence | None = None,
    output: str | Path | None = None,
    lenient: bool = False,
    reading: ReadOptions | None = None,
    fitting: FitOptions | None = None,
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
    history: pl.DataFrame | None = None,
    recalibrate: bool = False,
    keep_private: bool = False,
    batch_size: int = 100_000,
    progress: Progress | None = None,
) -> ScoringRun:
    """Read, audit, score, explain and decide every dispute.

    Parameters
    ----------
    disputes
        A dispute file (canonical CSV, Parquet or xlsx, a Taobao export in any
        encoding the loaders read, or a ``reading.mapping``'s source) or a
        frame (polars or pandas): canonical disputes as
        :func:`rightsguard.load_disputes` returns them, or raw rows, validated
        as it would. Labelled and open disputes together. Never modified.
    model
        A fitted :class:`NegotiationModel` to score every dispute with (its
        own evidence rules are then used). When None, models are fitted here
        (``fitting``): out of fold for labelled disputes, on all labelled
        ones for open ones.
    evidence
        The shop's evidence inventory, or ledger files and evidence folders
        (see :func:`rightsguard.evidence.load_evidence`).
    output
        Where to write the scored disputes (``.parquet``, ``.csv`` or
        ``.xlsx``). With a fitted ``model``, a file source, a Parquet or CSV
        output and no recalibration (which needs the whole file's window), the
        run streams file to file in batches, the evidence attached to each
        (memory bounded by ``batch_size``), and ``scored`` is None.
    lenient
        Keep the valid rows and return the refused ones with their reasons
        (written beside ``output`` as ``<name>_rejected.csv``, which is
        otherwise removed: it is always this run's); without it, any refused
        row stops the run before anything is written.
    reading
        How raw rows become canonical disputes (mapping, salt, empty reasons).
    fitting
        How models are fitted here: method (``"auto"`` keeps the better of
        logistic regression and gradient boosting by held-out ROC AUC), rules,
        folds, seed and the minimum count of a learned category.
    policy
        The costs of the refund / negotiate / escalate decision.
    lang
        ``"en"`` or ``"zh"``: the language of ``next_step``, ``explanation``,
        warnings and notes.
    history
        Other canonical disputes (say, earlier files of the same shop) that
        count in each counterparty's history without being scored.
    recalibrate
        With a supplied ``model``, recalibrate its probabilities on the
        labelled disputes opened after its training period (out of fold for
        those), for when outcomes have drifted since it was fitted.
    keep_private
        Keep the counterparty key in ``output`` (left out by default).
    batch_size
        Disputes read or scored at once: the bound on memory.
    progress
        Called with a short message at each stage (the CLI prints them).

    Returns
    -------
    ScoringRun
        ``run.scored`` holds the input columns plus :data:`SCORE_COLUMNS`, one
        row per accepted row, in input order: the evidence audit,
        ``p_negotiated`` with ``scored_by`` and ``fold``, the ``explanation``,
        ``p_win_ruling``, the expected cost of each option, the
        ``recommendation`` and ``next_step``.

    Warns
    -----
    ScoreTrustWarning
        For each reason to distrust the scores (near-chance AUC, no Brier
        skill, a method worse than the other, few labels, drift, most
        reasons ``other``).
    InSampleWarning
        When a supplied model's training period covers labelled disputes.

    Raises
    ------
    SchemaError
        When rows are refused and not ``lenient``, listing every problem.
    UnreadableFileError
        When the file cannot be read.
    """
    report = progress or (lambda message: None)
    options = RunOptions(
        reading=replace(reading or ReadOptions(), lang=lang),  # the run's language throughout
        fitting=fitting or FitOptions(),
        policy=Policy.of(policy),
        lang=lang,
        history=None if history is None else canonical(history),
        recalibrate=recalibrate,
        keep_private=keep_private,
        lenient=lenient,
        batch_size=batch_size,
    )
    target = None if output is None else Path(output)
    inventory = None if evidence is None else inventory_of(evidence)
    paths = streamed_paths(disputes, target, recalibrate=recalibrate)
    if model is not None and paths is not None:
        streamed = stream_file(
            *paths,
            model,
            options,
            rejected_output=rejected_beside(paths[1]) if lenient else None,
            inventory=inventory,
            progress=report,
        )
        if streamed is not None:
            return write_beside(streamed, paths[1], lang, report, keep_private=keep_private)
    loaded = _loaded(disputes, options.reading)
    if loaded.rejected.height and not lenient:
        loaded.accepted_or_raise()
    run, found = _in_memory(loaded, options, model=model, evidence=inventory, report=report)
    if target is not None:
        write_table(run.in_memory(), target, keep_private=keep_private)
        run = write_beside(run, target, lang, report, keep_private=keep_private)
    warn(found, stacklevel=2)
    return run


def streamed_paths(
    disputes: object, output: str | Path | None, *, recalibrate: bool
) -> tuple[Path, Path] | None:
    """The file and the output :func:`score` with a fitted model streams between, in batches:
    from a file to a Parquet or CSV output, unless recalibrating (which needs the whole file's
    window); None when it scores in memory."""
    if output is None or not isinstance(disputes, (str, Path)) or recalibrate:
        return None
    return (Path(disputes), Path(output)) if Path(output).suffix.lower() in STREAMED else None


def rejected_beside(output: Path) -> Path:
    """Where the rows refused by validation go: ``<output name>_rejected.csv`` beside it."""
    return output.with_name(f"{output.stem}_rejected.csv")


def write_beside(
    run: ScoringRun, output: Path, lang: str, report: Progress, *, keep_private: bool = False
) -> ScoringRun:
    """The files beside a run's ``output``, always this run's: its refused rows (a stream has
    written them already; the counterparty key only with ``keep_private``, as in ``output``) and
    the evidence files recognised as no voucher, by order; an earlier run's are removed when this
    one has none. Returns the run with the paths it wrote."""
    refused = rejected_beside(output)
    if run.rejected is not None:
        write_table(run.rejected, refused, keep_private=keep_private)
    elif not run.n_rejected:
        refused.unlink(missing_ok=True)
    listed = output.with_name(f"{output.stem}_unrecognised.csv")
    if run.coverage is None or not run.coverage.unrecognised.height:
        listed.unlink(missing_ok=True)
    else:
        write_table(run.coverage.unrecognised.sort("key", "name"), listed)
        report(say("progress_unrecognised", lang, count=run.coverage.unrecognised.height, path=listed))
    return replace(run, output=output, rejected_output=refused if run.n_rejected else None)


def _loaded(disputes: object, reading: ReadOptions) -> ValidationResult:
    """Disputes validated from a file or a frame (polars or pandas); a canonical polars frame
    (as :func:`rightsguard.load_disputes` returns) passes as it is.

    Raises
    ------
    TypeError
        When ``disputes`` is none of these, naming what it takes.
    """
    disputes = frame_or_path(disputes, "rg.score")
    if isinstance(disputes, Path):
        return reading.validated(read_source(disputes))  # the run's tally warns of unmapped reasons
    if all(disputes.schema.get(c) == t for c, t in CANONICAL_SCHEMA.items()):
        return ValidationResult(canonical(disputes), disputes.clear().select(), [])
    return reading.validated(
        disputes.with_row_index(SOURCE_ROW, offset=1) if SOURCE_ROW not in disputes.columns else disputes
    )


def _in_memory(
    loaded: ValidationResult,
    options: RunOptions,
    *,
    model: NegotiationModel | LinearScorer | None,
    evidence: Evidence | None,
    report: Progress,
) -> tuple[ScoringRun, list[RunWarning]]:
    """The run in memory: one batch, with what spans the input learned from all of it."""
    fitting, policy, lang = options.fitting, options.policy, options.lang
    frame, coverage = loaded.accepted, None
    if evidence is not None:
        frame, coverage = with_evidence(frame, evidence)
        coverage.refuse_if_empty(lang)

    from rightsguard.scoring._score import score_probabilities  # scikit-learn: only to fit here

    probabilities = score_probabilities(
        frame,
        model=model,
        fitting=fitting,
        history=options.history,
        recalibrate=options.recalibrate,
        batch_size=options.batch_size,
        lang=lang,
        progress=report,
    )
    plan, past_chances = ScoringPlan.learned(
        probabilities.model, options, rulings_of(probabilities.scored), data_moment(frame)
    )
    scored = plan.decided(probabilities.scored, past_chances)
    tally = plan.tally().add(scored)
    quality, found, told, analyst = plan.told(tally, coverage, probabilities.recalibration)
    run = ScoringRun(
        scored.select(*frame.columns, *SCORE_COLUMNS),
        probabilities.model,
        plan.ruling,
        policy,
        quality,
        coverage,
        [w.message for w in found],
        told,
        n_rows=loaded.n_rows,
        n_accepted=loaded.accepted.height,
        n_rejected=loaded.rejected.height,
        n_blank=loaded.blank_lines,
        rejected=loaded.rejected if loaded.rejected.height else None,
        recommendations=tally.recommendations,
        unknown_effect=tally.unknown,
        backtest=tally.backtest,
        analyst_notes=analyst,
        lang=lang,
        tally=tally,
        as_of=plan.as_of,
        recalibration=probabilities.recalibration,
    )
    return run, found
