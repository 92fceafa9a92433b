"""``score``: the one function analysts import.

It audits each dispute's evidence, scores its probability of a negotiated
outcome, explains the score and recommends negotiate or escalate. Past
(labelled) disputes are scored out of fold: by a model fitted on the other
folds, never on themselves. Open disputes are scored by the model fitted on
all labelled disputes. A fitted model can be passed instead.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime

import numpy as np
import polars as pl
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from rightsguard._evidence import (
    AUDIT_COLUMNS,
    DEFAULT_RULES,
    EvidenceRules,
    evidence_exprs,
    voucher_text_exprs,
)
from rightsguard._explain import explain
from rightsguard._model import NegotiationModel, labels_of
from rightsguard._policy import DEFAULT_POLICY, Policy
from rightsguard._quality import Quality, measure, quality_of
from rightsguard._schema import CANONICAL_SCHEMA
from rightsguard._validation import SchemaError

MIN_PER_CLASS = 25
"""Labelled disputes of each kind (negotiated, escalated) needed to fit and check."""

SCORE_COLUMNS: tuple[str, ...] = (
    *AUDIT_COLUMNS, "p_negotiated", "scored_by", "recommendation", "next_step", "explanation",
)
"""Columns :func:`score` adds to its input."""

Progress = Callable[[str], None]


def score(
    disputes: pl.DataFrame | pl.LazyFrame,
    *,
    model: NegotiationModel | None = None,
    method: str = "logistic",
    rules: EvidenceRules = DEFAULT_RULES,
    policy: Policy = DEFAULT_POLICY,
    n_splits: int = 5,
    random_state: int = 0,
    batch_size: int = 250_000,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Audit, score, explain and recommend for every dispute.

    Parameters
    ----------
    disputes
        Canonical disputes (see :func:`rightsguard.load_disputes`), labelled
        and open. Never modified.
    model
        A fitted :class:`NegotiationModel` to score every dispute with. When
        None, models are fitted here: out of fold for labelled disputes, on
        all labelled disputes for open ones.
    method
        ``"logistic"`` or ``"boosting"``, when fitting here.
    rules
        Voucher rules for the evidence audit (and the model's features).
    policy
        The negotiate-or-escalate policy.
    n_splits
        Folds for out-of-fold scores.
    random_state
        Seed of the fold split.
    batch_size
        Disputes scored at once by a fitted model, to bound memory.
    progress
        Called with a short message at each stage (the CLI prints them).

    Returns
    -------
    polars.DataFrame
        The input columns plus :data:`SCORE_COLUMNS`, one row per input row,
        in input order. ``scored_by`` tells which model scored each row.

    Raises
    ------
    ValueError
        When fitting here and there are too few labelled disputes.
    """
    frame = _canonical(disputes)
    report = progress or (lambda message: None)
    texts = voucher_text_exprs(rules)
    audited = frame.with_columns(*evidence_exprs(rules),
                                 *(e.alias(f"_{k}") for k, e in texts.items()))
    if model is not None:
        check_is_fitted(model)
        _warn_if_in_training_period(frame, model)
        report(f"scoring {frame.height} disputes with the supplied model")
        scored = _in_batches(audited, model, "supplied model", batch_size, rules, report)
    else:
        scored = _cross_fitted(audited, NegotiationModel(method=method, rules=rules),
                               n_splits, random_state, batch_size, rules, report)
    recommended = policy.recommend(pl.col("_present"), pl.col("_to_collect"))
    return scored.with_columns(recommended).select(*frame.columns, *SCORE_COLUMNS)


def fit_model(
    disputes: pl.DataFrame | pl.LazyFrame, *, method: str = "logistic",
    rules: EvidenceRules = DEFAULT_RULES, n_splits: int = 5, random_state: int = 0,
) -> NegotiationModel:
    """Fit a model on all labelled disputes and record its held-out quality.

    Open disputes are left out. The quality stored in ``metadata_["metrics"]``
    comes from ``n_splits``-fold out-of-fold scores of the same method.

    Raises
    ------
    ValueError
        When there are too few labelled disputes of either kind.
    """
    labelled = _canonical(disputes).filter(pl.col("resolution") != "open")
    quality = quality_of(score(labelled, method=method, rules=rules, n_splits=n_splits,
                               random_state=random_state))
    model = NegotiationModel(method=method, rules=rules).fit(labelled)
    model.metadata_["metrics"] = {
        "validation": f"{n_splits}-fold out of fold", "n_heldout": quality.n,
        "roc_auc": quality.roc_auc, "brier": quality.brier,
        "calibration_error": quality.calibration_error,
    }
    return model


def evaluate_by_time(
    disputes: pl.DataFrame | pl.LazyFrame, cutoff: datetime, *, method: str = "logistic",
    rules: EvidenceRules = DEFAULT_RULES,
) -> tuple[NegotiationModel, Quality]:
    """Fit on disputes opened before ``cutoff`` and measure on those opened after.

    This is how a shop would use the model: trained on its past, applied to
    what comes next.

    Returns
    -------
    model : NegotiationModel
        Fitted on the earlier period.
    quality : Quality
        Measured on the later period only.
    """
    labelled = _canonical(disputes).filter(pl.col("resolution") != "open")
    earlier = labelled.filter(pl.col("opened_at") < cutoff)
    later = labelled.filter(pl.col("opened_at") >= cutoff)
    _check_enough(earlier, splits=1)
    model = NegotiationModel(method=method, rules=rules).fit(earlier)
    return model, measure(labels_of(later), model.predict_proba(later)[:, 1])


def _cross_fitted(audited: pl.DataFrame, template: NegotiationModel, n_splits: int,
                  random_state: int, batch_size: int, rules: EvidenceRules,
                  report: Progress) -> pl.DataFrame:
    indexed = audited.with_row_index("_position")
    labelled = indexed.filter(pl.col("resolution") != "open")
    unlabelled = indexed.filter(pl.col("resolution") == "open")
    _check_enough(labelled, n_splits)
    y = labels_of(labelled)
    parts = []
    folds = StratifiedKFold(n_splits, shuffle=True, random_state=random_state)
    for k, (train, test) in enumerate(folds.split(np.zeros(len(y)), y), start=1):
        report(f"fold {k}/{n_splits}: fitting on {len(train)} disputes, scoring {len(test)}")
        fitted = clone(template).fit(labelled[train], y[train])
        parts.append(_scored(labelled[test], fitted, f"out of fold {k}/{n_splits}", rules))
    if unlabelled.height:
        report(f"fitting on all {labelled.height} labelled disputes for {unlabelled.height} open ones")
        final = clone(template).fit(labelled, y)
        parts.append(_in_batches(unlabelled, final, "fitted on all labelled", batch_size, rules,
                                 report))
    return pl.concat(parts).sort("_position").drop("_position")


def _in_batches(frame: pl.DataFrame, model: NegotiationModel, source: str, batch_size: int,
                rules: EvidenceRules, report: Progress) -> pl.DataFrame:
    batches = []
    for start in range(0, frame.height, batch_size):
        if frame.height > batch_size:
            report(f"scoring disputes {start + 1}-{min(start + batch_size, frame.height)} "
                   f"of {frame.height}")
        batches.append(_scored(frame.slice(start, batch_size), model, source, rules))
    return pl.concat(batches) if batches else frame.clear().with_columns(
        pl.lit(None, pl.Float64).alias("p_negotiated"), pl.lit(None, pl.String).alias("scored_by"),
        pl.lit(None, pl.String).alias("explanation"))


def _scored(frame: pl.DataFrame, model: NegotiationModel, source: str,
            rules: EvidenceRules) -> pl.DataFrame:
    probability, factors, contributions = model.score_and_explain(frame)
    return frame.with_columns(
        pl.Series("p_negotiated", probability),
        pl.lit(source).alias("scored_by"),
        explain(frame, factors, contributions, model.categories_, rules),
    )


class InSampleWarning(UserWarning):
    """Some disputes may have been scored by a model that was trained on them."""


def _warn_if_in_training_period(frame: pl.DataFrame, model: NegotiationModel) -> None:
    """Warn when labelled disputes fall in the supplied model's training period."""
    start, end = model.metadata_.get("train_from"), model.metadata_.get("train_to")
    if start is None or end is None:
        return
    inside = frame.filter(
        (pl.col("resolution") != "open")
        & pl.col("opened_at").is_between(datetime.fromisoformat(start), datetime.fromisoformat(end))
    ).height
    if inside:
        warnings.warn(
            f"{inside} labelled dispute(s) were opened within the supplied model's training period "
            f"({start[:10]} to {end[:10]}); if the model was trained on them, their scores are "
            "in-sample and flatter the model. Measure quality on later disputes only",
            InSampleWarning, stacklevel=3,
        )


def _canonical(disputes: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The disputes as a DataFrame, refused unless they have the canonical schema."""
    frame = disputes.collect() if isinstance(disputes, pl.LazyFrame) else disputes
    wrong = [
        f"'{c}' ({'missing' if c not in frame.columns else frame.schema[c]}, expected {t})"
        for c, t in CANONICAL_SCHEMA.items()
        if c not in frame.columns or frame.schema[c] != t
    ]
    if wrong:
        raise SchemaError(
            [f"score needs canonical disputes; {len(wrong)} column(s) differ: {', '.join(wrong)}. "
             "Load the data with rightsguard.load_disputes first"],
            frame.height,
        )
    return frame


def _check_enough(labelled: pl.DataFrame, splits: int) -> None:
    counts = dict(labelled["resolution"].cast(pl.String).value_counts().iter_rows())
    negotiated, escalated = counts.get("negotiated", 0), counts.get("escalated", 0)
    if min(negotiated, escalated) < MIN_PER_CLASS:
        raise ValueError(
            f"too few labelled disputes to fit a model: need at least {MIN_PER_CLASS} negotiated "
            f"and {MIN_PER_CLASS} escalated ones, got {negotiated} negotiated and {escalated} "
            f"escalated. With fewer, a fitted model (and its {splits}-fold held-out check) would "
            "be noise, not a probability; pass a model fitted on more disputes with model=..."
        )
