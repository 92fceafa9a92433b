"""A fitted logistic model's scoring half, as polars expressions.

A logistic :class:`~rightsguard.scoring.NegotiationModel` scores a dispute from its
features, coefficients, intercept and training means: nothing else.
:class:`LinearScorer` is that half of the model, as polars expressions (no
matrix of every feature is built); the model scores through its
:meth:`~rightsguard.scoring.NegotiationModel.linear_scorer`, so there is one scoring
formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import polars as pl

from rightsguard._schema import VOUCHERS
from rightsguard.scoring._explain import explain, scale_factors
from rightsguard.scoring._features import Feature, FeatureLevels, build_features, feature_frame
from rightsguard.scoring._held import expected_completeness
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._rules import AUDIT_COLUMNS, DEFAULT_RULES, EvidenceRules
from rightsguard.scoring._scored_by import SUPPLIED_MODEL, ScoredBy

PROBABILITY_COLUMNS: tuple[str, ...] = (
    *AUDIT_COLUMNS,
    "expected_completeness",
    "negotiated_refund_share",
    "suggested_offer",
    "offer_settlements",
    "p_negotiated",
    "scored_by",
    "fold",
    "explanation",
    "why",
)
"""Columns :func:`score_probabilities` adds to its input."""

Progress = Callable[[str], None]
"""Called with a short message on each step of a long run."""


class Scorer(Protocol):
    """What scoring a batch reads of a fitted model (a NegotiationModel or a LinearScorer)."""

    @property
    def levels_(self) -> FeatureLevels: ...

    @property
    def rules(self) -> EvidenceRules | None: ...

    @property
    def metadata_(self) -> dict: ...

    def score_and_explain(self, X: pl.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """P(negotiated) and the factor contributions."""


def features_of(
    X: pl.DataFrame | pl.LazyFrame, levels: FeatureLevels, rules: EvidenceRules | None
) -> pl.DataFrame:
    """The feature frame a model with ``levels`` and ``rules`` reads from canonical disputes.

    Raises
    ------
    ValueError
        When ``X`` lacks a source feature column the model learned from.
    """
    return feature_frame(_readable(X, levels), build_features(levels, rules or DEFAULT_RULES), levels.extras)


def _readable(X: pl.DataFrame | pl.LazyFrame, levels: FeatureLevels) -> pl.DataFrame:
    """Canonical disputes with their history, refused when they lack a learned extra column."""
    X = with_history_unless_there(as_frame(X))
    missing = [c for c in levels.extras if c not in X.columns]
    if missing:
        raise ValueError(
            f"the model reads the source's own feature column(s) {', '.join(missing)}, which "
            "these disputes lack: load them with the mapping the model was fitted with"
        )
    return X


@dataclass(frozen=True, eq=False)
class LinearScorer:
    """A fitted logistic model's scoring half: its numbers, levels and rules.

    Attributes
    ----------
    coef, intercept
        Log-odds per unit of each derived feature, and at all-zero features.
    feature_means
        Training mean of each derived feature, the explanations' baseline.
    levels_, rules, metadata_
        As on the :class:`~rightsguard.scoring.NegotiationModel` it came from.
    """

    coef: np.ndarray
    intercept: float
    feature_means: np.ndarray
    levels_: FeatureLevels
    rules: EvidenceRules | None
    metadata_: dict

    @property
    def method(self) -> str:
        """Always ``"logistic"``: the only model with a scoring half of its own."""
        return "logistic"

    def contributions(self, X: pl.DataFrame | pl.LazyFrame) -> tuple[list[str], np.ndarray]:
        """Log-odds each factor adds to a dispute's score, against the average past dispute."""
        _, factors, values = self.score_and_explain(X)
        return factors, values

    def score_and_explain(self, X: pl.DataFrame | pl.LazyFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """P(negotiated) and each factor's log-odds against the average past dispute.

        Each factor's contribution is its features' weighted distance from
        the training means, summed in one polars expression per factor (no
        matrix of every feature is built); the log-odds are the average
        dispute's plus the contributions.
        """
        features = build_features(self.levels_, self.rules or DEFAULT_RULES)
        factors = list(dict.fromkeys(f.factor for f in features))
        weighted: dict[str, list[pl.Expr]] = {factor: [] for factor in factors}
        offset = dict.fromkeys(factors, 0.0)
        for feature, weight, mean in zip(features, self.coef, self.feature_means):
            if weight:
                weighted[feature.factor].append(feature.expr * float(weight))
                offset[feature.factor] += float(weight) * float(mean)
        contributions = feature_frame(
            _readable(X, self.levels_),
            [
                Feature(
                    factor,
                    factor,
                    factor,
                    pl.sum_horizontal(weighted[factor] or [pl.lit(0.0)]) - offset[factor],
                )
                for factor in factors
            ],
            self.levels_.extras,
        ).to_numpy()
        average = self.intercept + float((self.coef * self.feature_means).sum())
        probability = 1 / (1 + np.exp(-(average + contributions.sum(axis=1))))
        return probability, factors, contributions


def scored_frame(
    frame: pl.DataFrame,
    model: Scorer,
    source: str = SUPPLIED_MODEL,
    lang: str = "en",
    fold: int | None = None,
    *,
    past_reasons: bool = True,
) -> pl.DataFrame:
    """Audited disputes with their history, scored and explained by ``model``.

    Parameters
    ----------
    source, fold
        What the ``scored_by`` and ``fold`` columns record.
    past_reasons
        Whether the past disputes keep their structured reasons (``why``; else null): a
        stream writes none to its file, and only an open dispute's are added to later.
    """
    probability, factors, contributions = model.score_and_explain(frame)
    rules = model.rules or DEFAULT_RULES
    reasons = explain(frame, factors, contributions, model.levels_, rules)
    return frame.with_columns(
        expected_completeness_of(model, frame.columns),
        model.levels_.refund_shares.share(),
        *model.levels_.refund_shares.offer(),
        pl.Series("p_negotiated", probability),
        pl.lit(source, ScoredBy).alias("scored_by"),
        pl.lit(fold, pl.Int8).alias("fold"),
        reasons.said(lang, scale_factors(model.levels_)),
        reasons.why(None if past_reasons else frame["resolution"] == "open"),
    )


def expected_completeness_of(model: Scorer, columns: list[str]) -> pl.Expr:
    """``expected_completeness``, the share of required vouchers a ruling would see, as
    ``model`` prices unknown vouchers (its learned rates); a past dispute's vouchers gathered
    late count when ``columns`` list them (``late_vouchers``)."""
    rules = model.rules or DEFAULT_RULES
    return expected_completeness(
        model.levels_.held_rates, dict(zip(VOUCHERS, rules.required_exprs())), late="late_vouchers" in columns
    )


def with_history_unless_there(X: pl.DataFrame) -> pl.DataFrame:
    """``X`` with its counterparties' history, computed from ``X`` unless already there."""
    return X if set(HISTORY_COLUMNS) <= set(X.columns) else with_history(X)


def as_frame(X: object) -> pl.DataFrame:
    """Canonical disputes as a DataFrame, refusing anything but polars frames."""
    if isinstance(X, pl.LazyFrame):
        return X.collect()
    if not isinstance(X, pl.DataFrame):
        raise TypeError(
            f"NegotiationModel takes canonical disputes as a polars DataFrame; got "
            f"{type(X).__name__}. Load them with rightsguard.load_disputes"
        )
    return X
