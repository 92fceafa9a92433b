"""Probabilities for every dispute, never from a model that saw the dispute.

:func:`score_probabilities` audits each dispute's evidence, scores its
probability of a negotiated outcome and explains the score. Past (labelled)
disputes are scored out of fold: by a model fitted on the other folds. Open
disputes are scored by the model fitted on all labelled disputes. A fitted
model can be passed instead; its own evidence rules are then used throughout.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from rightsguard._vocabulary import say
from rightsguard.scoring._canonical import canonical
from rightsguard.scoring._explain import scale_factors
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._history import with_history
from rightsguard.scoring._methods import MethodComparison, candidates, compare, method_problems
from rightsguard.scoring._model import NegotiationModel, labels_of
from rightsguard.scoring._quality import Quality, measure
from rightsguard.scoring._reasons import WHY
from rightsguard.scoring._recalibrate import Recalibration, recalibrate, with_recalibration_told
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules, evidence_exprs
from rightsguard.scoring._scored_by import ALL_LABELLED, OUT_OF_FOLD, SUPPLIED_MODEL, ScoredBy
from rightsguard.scoring._scorer import PROBABILITY_COLUMNS, LinearScorer, Progress, scored_frame
from rightsguard.scoring._trust import ScoreTrustWarning, quality_problems

MIN_PER_CLASS = 25
"""Labelled disputes of each kind (negotiated, escalated) needed to fit and check."""


@dataclass(frozen=True)
class Probabilities:
    """Disputes with their audit, probability and explanation, and the model behind them.

    Attributes
    ----------
    scored : polars.DataFrame
        The input columns plus :data:`PROBABILITY_COLUMNS`, in input order.
    model : NegotiationModel or None
        The supplied model, or the one fitted on all labelled disputes.
    rules : EvidenceRules
        The rules the audit used (the model's own when one was supplied).
    recalibration : Recalibration or None
        The line a supplied model's probabilities were recalibrated with.
    """

    scored: pl.DataFrame
    model: NegotiationModel | LinearScorer
    rules: EvidenceRules
    recalibration: Recalibration | None = None


def score_probabilities(
    frame: pl.DataFrame,
    *,
    model: NegotiationModel | LinearScorer | None = None,
    fitting: FitOptions | None = None,
    history: pl.DataFrame | None = None,
    recalibrate: bool = False,
    batch_size: int = 250_000,
    lang: str = "en",
    progress: Progress | None = None,
) -> Probabilities:
    """Audit, score and explain canonical disputes.

    Parameters
    ----------
    frame
        Canonical disputes (checked by :func:`canonical`).
    model
        A fitted model to score every dispute with; when None, models are
        fitted here: out of fold for labelled disputes, on all labelled ones
        for open disputes (and to be returned).
    fitting
        How models are fitted here (:class:`FitOptions`); a supplied model
        brings its own rules, and recalibration uses its folds and seed.
    history
        Other canonical disputes (earlier files of the same shop, say) that
        count in each counterparty's history without being scored.
    recalibrate
        With a supplied model, recalibrate its probabilities on the labelled
        disputes opened after its training period (out of fold for those
        disputes; see :mod:`rightsguard.scoring._recalibrate`).
    batch_size
        Disputes scored at once by a fitted model, to bound memory.
    lang
        Language of the explanations, ``"en"`` or ``"zh"``.
    progress
        Called with a short message at each stage.

    Raises
    ------
    ValueError
        When ``recalibrate`` is asked without a supplied model, or with too
        few labelled disputes after its training period.
    """
    report = progress or (lambda message: None)
    fitting = fitting or FitOptions()
    rules = fitting.rules
    if recalibrate and model is None:
        raise ValueError(
            "recalibrate needs a supplied model (model=...): a model fitted here "
            "already learns from these disputes' own period"
        )
    if model is not None:
        if isinstance(model, NegotiationModel):
            check_is_fitted(model)
        rules = model.rules or DEFAULT_RULES
    audited = with_history(
        frame.with_columns(*evidence_exprs(rules)), None if history is None else canonical(history)
    )
    recalibration = None
    if model is not None:
        report(say("progress_supplied", lang, count=frame.height))
        scored = _in_batches(audited, model, SUPPLIED_MODEL, batch_size, lang, report)
        if recalibrate:
            scored, recalibration = _recalibrated(scored, model, fitting.n_splits, fitting.random_state, lang)
            report(
                say(
                    "progress_recalibrated",
                    lang,
                    count=recalibration.n_window,
                    start=recalibration.window_from,
                    end=recalibration.window_to,
                )
            )
    else:
        scored, model = _cross_fitted(audited, fitting, batch_size, lang, report)
    return Probabilities(scored.select(*frame.columns, *PROBABILITY_COLUMNS), model, rules, recalibration)


def fit_model(
    disputes: pl.DataFrame | pl.LazyFrame, *, fitting: FitOptions | None = None
) -> NegotiationModel:
    """Fit a model on all labelled disputes and record its held-out quality.

    Open disputes are left out of the fit but count in their counterparties'
    history. The quality stored in ``metadata_["metrics"]`` comes from
    out-of-fold scores of the same configuration (:class:`FitOptions`); with
    method ``"auto"`` (or ``"boosting"``) both methods are scored in the same
    folds and the comparison is kept in ``metadata_["method_comparison"]``.

    Raises
    ------
    ValueError
        When there are too few labelled disputes of either kind.

    Warns
    -----
    ScoreTrustWarning
        When the held-out quality is near chance or has no Brier skill.
    """
    fitting = fitting or FitOptions()
    labelled = with_history(canonical(disputes)).filter(pl.col("resolution") != "open")
    check_enough(labelled, fitting.n_splits)
    y = labels_of(labelled)
    folds = _fold_models(labelled, y, fitting, "en", lambda message: None)
    rows = fitting.training_rows(np.arange(labelled.height), 0)
    model = clone(folds.template).fit(labelled[rows], y[rows])
    _record_heldout(model, folds, y, fitting.n_splits)
    for problem in [*quality_problems(model.metadata_["metrics"]), *method_problems(model.metadata_)]:
        warnings.warn(problem, ScoreTrustWarning, stacklevel=2)
    return model


def evaluate_by_time(
    disputes: pl.DataFrame | pl.LazyFrame, cutoff: datetime, *, fitting: FitOptions | None = None
) -> tuple[NegotiationModel, Quality]:
    """Fit on disputes opened before ``cutoff`` and measure on those opened after.

    This is how a shop would use the model: trained on its past, applied to
    what comes next. Each dispute's counterparty history counts only the
    outcomes known when it opened, whichever side of the cutoff it is on.
    With method ``"auto"`` the method is chosen in folds of the earlier
    period only, so the later one stays unseen.

    Returns
    -------
    model : NegotiationModel
        Fitted on the earlier period.
    quality : Quality
        Measured on the later period only.
    """
    earlier, later = _split_by_time(disputes, cutoff)
    model = fit_model(earlier, fitting=fitting)
    y = labels_of(later) == "negotiated"
    return model, measure(y, model.predict_proba(later)[:, 1])


def quality_by_time(disputes: pl.DataFrame, cutoff: datetime, method: str, fitting: FitOptions) -> Quality:
    """:func:`evaluate_by_time`'s quality for a method already chosen: one model of ``method``
    fitted on the disputes opened before ``cutoff`` (no folds: it records no held-out figure),
    measured on those opened after."""
    earlier, later = _split_by_time(disputes, cutoff)
    y = labels_of(earlier)
    rows = fitting.training_rows(np.arange(earlier.height), 0)
    model = NegotiationModel(
        method=method,
        rules=fitting.rules,
        min_category_count=fitting.min_category_count,
        random_state=fitting.random_state,
    ).fit(earlier[rows], y[rows])
    return measure(labels_of(later) == "negotiated", model.predict_proba(later)[:, 1])


def _split_by_time(
    disputes: pl.DataFrame | pl.LazyFrame, cutoff: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The labelled disputes opened before ``cutoff`` and those opened after, each with its
    counterparty's history as of its opening."""
    labelled = with_history(canonical(disputes)).filter(pl.col("resolution") != "open")
    return labelled.filter(pl.col("opened_at") < cutoff), labelled.filter(pl.col("opened_at") >= cutoff)


@dataclass(frozen=True)
class _Folds:
    """Out-of-fold models of the kept method, their test rows, and the methods' comparison."""

    template: NegotiationModel
    models: list[NegotiationModel]
    tests: list[np.ndarray]
    probability: np.ndarray
    comparison: MethodComparison | None


def _fold_models(
    labelled: pl.DataFrame, y: np.ndarray, fitting: FitOptions, lang: str, report: Progress
) -> _Folds:
    """Fit each candidate method (:func:`candidates`) in the same folds and keep one."""
    methods = candidates(fitting.method)
    n_splits = fitting.n_splits
    templates = {
        m: NegotiationModel(
            method=m,
            rules=fitting.rules,
            min_category_count=fitting.min_category_count,
            random_state=fitting.random_state,
            stage_times=fitting.stage_times,
        )
        for m in methods
    }
    split = list(
        StratifiedKFold(n_splits, shuffle=True, random_state=fitting.random_state).split(np.zeros(len(y)), y)
    )
    models: dict[str, list[NegotiationModel]] = {m: [] for m in methods}
    p = {m: np.empty(len(y)) for m in methods}
    for k, (every, test) in enumerate(split, start=1):
        train = fitting.training_rows(every, k)
        report(say("progress_fold", lang, fold=k, folds=n_splits, train=len(train), test=len(test)))
        for m in methods:
            fitted = clone(templates[m]).fit(labelled[train], y[train])
            models[m].append(fitted)
            p[m][test] = fitted.predict_proba(labelled[test])[:, 1]
    comparison = compare(fitting.method, y == "negotiated", p)
    kept = comparison.picked if comparison else methods[0]
    if comparison is not None:
        report(say("progress_method", lang, **comparison.values(lang)))
    return _Folds(templates[kept], models[kept], [test for _, test in split], p[kept], comparison)


def _record_heldout(model: NegotiationModel, folds: _Folds, y: np.ndarray, n_splits: int) -> None:
    """Store the kept method's held-out quality and the comparison in the model's metadata."""
    model.metadata_["metrics"] = {
        "validation": f"{n_splits}-fold out of fold",
        "period": f"{model.metadata_['train_from']} to {model.metadata_['train_to']}",
        **measure(y, folds.probability).as_metrics(),
    }
    if folds.comparison is not None:
        model.metadata_["method_comparison"] = folds.comparison.as_metadata()


def _cross_fitted(
    audited: pl.DataFrame, fitting: FitOptions, batch_size: int, lang: str, report: Progress
) -> tuple[pl.DataFrame, NegotiationModel]:
    indexed = audited.with_row_index("_position")
    labelled = indexed.filter(pl.col("resolution") != "open")
    unlabelled = indexed.filter(pl.col("resolution") == "open")
    check_enough(labelled, fitting.n_splits)
    y = labels_of(labelled)
    folds = _fold_models(labelled, y, fitting, lang, report)
    parts = [
        scored_frame(labelled[test], fitted, OUT_OF_FOLD, lang, k)
        for k, (fitted, test) in enumerate(zip(folds.models, folds.tests), start=1)
    ]
    rows = fitting.training_rows(np.arange(labelled.height), 0)
    report(
        say("progress_final_open", lang, count=len(rows), open=unlabelled.height)
        if unlabelled.height
        else say("progress_final", lang, count=len(rows))
    )
    final = clone(folds.template).fit(labelled[rows], y[rows])
    _record_heldout(final, folds, y, fitting.n_splits)
    parts.append(_in_batches(unlabelled, final, ALL_LABELLED, batch_size, lang, report))
    return pl.concat(parts).sort("_position").drop("_position"), final


def _in_batches(
    frame: pl.DataFrame,
    model: NegotiationModel | LinearScorer,
    source: str,
    batch_size: int,
    lang: str,
    report: Progress,
) -> pl.DataFrame:
    batches = []
    for start in range(0, frame.height, batch_size):
        if frame.height > batch_size:
            report(
                say(
                    "progress_batch_rows",
                    lang,
                    first=start + 1,
                    last=min(start + batch_size, frame.height),
                    count=frame.height,
                )
            )
        batches.append(scored_frame(frame.slice(start, batch_size), model, source, lang))
    return (
        pl.concat(batches)
        if batches
        else frame.clear().with_columns(
            pl.lit(None, pl.Float64).alias("expected_completeness"),
            pl.lit(None, pl.Float64).alias("negotiated_refund_share"),
            pl.lit(None, pl.Float64).alias("suggested_offer"),
            pl.lit(None, pl.Int64).alias("offer_settlements"),
            pl.lit(None, pl.Float64).alias("p_negotiated"),
            pl.lit(None, ScoredBy).alias("scored_by"),
            pl.lit(None, pl.Int8).alias("fold"),
            pl.lit(None, pl.String).alias("explanation"),
            pl.lit(None, WHY).alias("why"),
        )
    )


def _recalibrated(
    scored: pl.DataFrame, model: NegotiationModel | LinearScorer, n_splits: int, random_state: int, lang: str
) -> tuple[pl.DataFrame, Recalibration]:
    """Recalibrate on the labelled disputes opened after the model's training period."""
    end = model.metadata_.get("train_to")
    in_window = pl.col("resolution") != "open"
    if end is not None:
        in_window = in_window & (pl.col("opened_at") > datetime.fromisoformat(str(end)))
    mask = scored.select(in_window.alias("window"))["window"].to_numpy()
    window = scored.filter(mask)
    try:
        check_enough(window, n_splits)
    except ValueError as error:
        raise ValueError(
            f"cannot recalibrate on the disputes opened after the model's training "
            f"period (to {str(end)[:10]}): {error}"
        ) from error
    p = scored["p_negotiated"].to_numpy().copy()
    p[mask], p[~mask], (intercept, slope) = recalibrate(
        p[mask], labels_of(window) == "negotiated", p[~mask], n_splits, random_state
    )
    opened = window["opened_at"]
    line = Recalibration(intercept, slope, window.height, str(opened.min())[:10], str(opened.max())[:10])
    return with_recalibration_told(scored, p, lang, scale_factors(model.levels_)), line


def check_enough(labelled: pl.DataFrame, splits: int) -> None:
    """Refuse to fit when either kind of labelled dispute is too rare to learn from."""
    counts = dict(labelled["resolution"].cast(pl.String).value_counts().iter_rows())
    negotiated, escalated = counts.get("negotiated", 0), counts.get("escalated", 0)
    if min(negotiated, escalated) < MIN_PER_CLASS:
        raise ValueError(
            f"too few labelled disputes to fit a model: need at least {MIN_PER_CLASS} negotiated "
            f"and {MIN_PER_CLASS} escalated ones, got {negotiated} negotiated and {escalated} "
            f"escalated. With fewer, a fitted model (and its {splits}-fold held-out check) would "
            "be noise, not a probability; pass a model fitted on more disputes with model=..."
        )
