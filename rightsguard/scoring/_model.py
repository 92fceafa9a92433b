"""The negotiation-likelihood model, a scikit-learn estimator over polars frames.

``NegotiationModel`` fits on labelled canonical disputes and predicts the probability that a
dispute is (or was) resolved by negotiation. Logistic regression is the default: its
coefficients read as points per factor (:meth:`NegotiationModel.scorecard`). Gradient boosting
with monotonic constraints is the option, calibrated by cross-validation; under it, holding
more of the required evidence never lowers the score.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import polars as pl
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils import ClassifierTags, Tags
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from rightsguard.scoring._explain import factor_phrases, level_points
from rightsguard.scoring._features import Feature, FeatureLevels, build_features, feature_frame
from rightsguard.scoring._known_at_open import FEATURE_SOURCES
from rightsguard.scoring._leakage import LEAKAGE_AUC, LeakageError, separating_extras
from rightsguard.scoring._quality import measure
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules, completeness_expr
from rightsguard.scoring._scorecard import coefficient_table, scorecard_table
from rightsguard.scoring._scorer import LinearScorer, as_frame, features_of, with_history_unless_there
from rightsguard.scoring._stages import StageTimes
from rightsguard.scoring._threads import thread_budget

METHODS = ("logistic", "boosting")


LABELS = np.array(["escalated", "negotiated"], dtype=object)
"""The two labels, in the order of ``classes_`` and ``predict_proba``'s columns."""


def labels_of(frame: pl.DataFrame) -> np.ndarray:
    """The label of each closed dispute: ``"negotiated"`` or ``"escalated"``.

    Raises
    ------
    ValueError
        When any dispute is still open (it has no label yet).
    """
    resolution = frame["resolution"].cast(pl.String)
    if (resolution == "open").any():
        raise ValueError(
            f"{(resolution == 'open').sum()} dispute(s) are still open and have no label; "
            "fit on closed disputes only"
        )
    return resolution.to_numpy().astype(object)


class NegotiationModel(BaseEstimator):
    """Probability that a dispute is resolved by negotiation.

    Parameters
    ----------
    method : {"logistic", "boosting"}
        Logistic regression (default, readable as a scorecard) or
        histogram gradient boosting with monotonic constraints on held
        evidence, calibrated by cross-validation.
    C : float
        Inverse regularisation strength of the logistic regression.
    rules : EvidenceRules or None
        Voucher rules; the seed's rules when None.
    min_category_count : int
        A category (industry), a wording behind reason ``other`` or a level
        of a source's own feature column needs this many training disputes
        to become a feature of its own.
    validation_folds : int or None
        When set, ``fit`` also scores the training disputes out of fold with
        this many folds and records the held-out quality in
        ``metadata_["metrics"]``.
    random_state : int
        Seed for boosting, its calibration folds and the validation folds.
    stage_times : StageTimes or None
        How the shop's closed cases moved through the stages (from a store's
        history), kept in ``levels_`` to condition open cases on their stage.

    Attributes
    ----------
    classes_ : ndarray of str
        ``["escalated", "negotiated"]``, the order of ``predict_proba``'s columns.
    feature_names_in_ : ndarray of str
        The columns the model reads: :data:`FEATURE_SOURCES` and the source's
        own ``extra_*`` columns it learned from.
    n_features_in_ : int
    model_features_ : ndarray of str
        Names of the numeric features derived from those columns.
    estimator_ : sklearn estimator
        The fitted classifier over the derived features.
    levels_ : FeatureLevels
        Categories, reason wordings, extra columns' levels and the negotiated
        share learned from the training data.
    feature_means_ : ndarray
        Mean of each derived feature over the training data, the reference
        point of explanations and the scorecard.
    level_points_ : tuple
        Logistic model only: per factor level, the training disputes at it and
        their mean points (see :meth:`scorecard`).
    metadata_ : dict
        Training size, period, negotiated share and reason mix, rightsguard
        version and, with ``validation_folds``, the held-out metrics.

    Notes
    -----
    A counterparty's history (:mod:`rightsguard.scoring._history`) is
    computed from ``X`` itself when ``X`` lacks the history columns; to count
    disputes outside ``X``, add them with :func:`with_history` first (as
    :func:`rightsguard.score` does).

    Deviations from scikit-learn's conventions: ``X`` must be a polars frame
    of canonical disputes (not an array), because features are polars
    expressions over named columns; there is no ``score`` method, since
    :func:`rightsguard.score` is the scoring entry point and accuracy is not a
    measure rightsguard reports.
    """

    def __init__(
        self,
        method: str = "logistic",
        C: float = 1.0,
        rules: EvidenceRules | None = None,
        min_category_count: int = 30,
        validation_folds: int | None = None,
        random_state: int = 0,
        stage_times: StageTimes | None = None,
    ) -> None:
        self.method = method
        self.C = C
        self.rules = rules
        self.min_category_count = min_category_count
        self.validation_folds = validation_folds
        self.random_state = random_state
        self.stage_times = stage_times

    def fit(self, X: pl.DataFrame, y: np.ndarray | pl.Series) -> NegotiationModel:
        """Fit on labelled canonical disputes.

        Parameters
        ----------
        X : polars.DataFrame
            Canonical disputes, all closed.
        y : array-like of {"negotiated", "escalated"}
            The label of each dispute: :func:`labels_of` gives it.
        """
        X = with_history_unless_there(as_frame(X))
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}; got {self.method!r}")
        y = _as_labels(y, X.height)
        rules = self.rules or DEFAULT_RULES
        self.levels_ = FeatureLevels.learn(
            X, y.mean(), self.min_category_count, rules, self.stage_times or StageTimes()
        )
        leaking = separating_extras(X, pl.Series(y.astype(bool)), self.levels_)
        if leaking:
            raise LeakageError(
                "source feature column(s) that separate negotiated from escalated disputes almost "
                "perfectly, so they were surely decided by the outcome: "
                + ", ".join(f"'{c}' (ROC AUC {auc:.2f} on its own)" for c, auc in leaking.items())
                + f"; the limit is {LEAKAGE_AUC}. Remove them from the mapping's features"
            )
        features = self._features()
        values = feature_frame(X, features, self.levels_.extras).to_numpy()
        self.classes_ = LABELS.copy()
        self.feature_names_in_ = np.array([*FEATURE_SOURCES, *self.levels_.extras], dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.model_features_ = np.array([f.name for f in features], dtype=object)
        self.feature_means_ = values.mean(axis=0)
        with threadpool_limits(thread_budget()):
            self.estimator_ = self._make_estimator(features).fit(values, y)
        opened = X["opened_at"]
        reasons = X["reason"].cast(pl.String).value_counts(normalize=True, name="share")
        self.metadata_: dict[str, Any] = {
            "rightsguard_version": _version(),
            "method": self.method,
            "n_train": int(X.height),
            "negotiated_share": float(y.mean()),
            "train_from": _iso(opened.min()),
            "train_to": _iso(opened.max()),
            "reason_mix": dict(reasons.iter_rows()),
            "features": [f.name for f in features],
        }
        if self.method == "logistic":
            _, factors, contributions = self.linear_scorer().score_and_explain(X)
            self.level_points_ = level_points(
                X.with_columns(completeness_expr(rules).alias("evidence_completeness")),
                factors,
                contributions,
                self.levels_,
                rules,
            )
        if self.validation_folds:
            self.metadata_["metrics"] = self._heldout_metrics(X, y)
        return self

    def _heldout_metrics(self, X: pl.DataFrame, y: np.ndarray) -> dict:
        """Held-out quality of this configuration, from out-of-fold scores on ``X``."""
        folds = StratifiedKFold(self.validation_folds, shuffle=True, random_state=self.random_state)
        p = np.empty(X.height)
        for train, test in folds.split(np.zeros(len(y)), y):
            fold_model = clone(self).set_params(validation_folds=None)
            p[test] = fold_model.fit(X[train], LABELS[y[train]]).predict_proba(X[test])[:, 1]
        return {
            "validation": f"{self.validation_folds}-fold out of fold",
            "period": f"{self.metadata_['train_from']} to {self.metadata_['train_to']}",
            **measure(y, p).as_metrics(),
        }

    def _features(self) -> list[Feature]:
        return build_features(self.levels_, self.rules or DEFAULT_RULES)

    def _make_estimator(self, features: list[Feature]):
        if self.method == "logistic":
            return LogisticRegression(C=self.C, max_iter=2000)
        boosting = HistGradientBoostingClassifier(
            monotonic_cst=[f.monotone for f in features],
            random_state=self.random_state,
            max_iter=200,
            learning_rate=0.05,
            early_stopping=True,
        )
        return CalibratedClassifierCV(boosting, method="isotonic", cv=3)

    def features(self, X: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
        """The feature frame this model reads from canonical disputes.

        Raises
        ------
        ValueError
            When ``X`` lacks a source feature column the model learned from.
        """
        check_is_fitted(self)
        return features_of(X, self.levels_, self.rules)

    def predict_proba(self, X: pl.DataFrame | pl.LazyFrame) -> np.ndarray:
        """Return ``[P(escalated), P(negotiated)]`` for each dispute."""
        check_is_fitted(self)
        values = self.features(X).to_numpy()
        if values.shape[0] == 0:  # scikit-learn's estimators refuse an empty batch
            return np.empty((0, 2))
        with threadpool_limits(thread_budget()):
            return self.estimator_.predict_proba(values)

    def predict(self, X: pl.DataFrame | pl.LazyFrame) -> np.ndarray:
        """``"negotiated"`` where negotiation is more likely than not, else ``"escalated"``."""
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]

    def contributions(self, X: pl.DataFrame | pl.LazyFrame) -> tuple[list[str], np.ndarray]:
        """Log-odds each factor adds to a dispute's score, against the average past dispute.

        Exact for the logistic model. For boosting, a factor's contribution is
        the change in log-odds when its features are set to their training
        means.

        Returns
        -------
        factors : list of str
            Factor names, one per column of ``values``.
        values : ndarray of shape (n_disputes, n_factors)
        """
        _, factors, values = self.score_and_explain(X)
        return factors, values

    def score_and_explain(self, X: pl.DataFrame | pl.LazyFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
        """P(negotiated) and the factor contributions, computing the features once."""
        check_is_fitted(self)
        if self.method == "logistic":
            return self.linear_scorer().score_and_explain(X)
        features = self._features()
        values = self.features(X).to_numpy()
        with threadpool_limits(thread_budget()):
            return self._ablated(values, features)

    def _ablated(
        self, values: np.ndarray, features: list[Feature]
    ) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Boosting's probability and each factor's effect: the change when set to its means."""
        factors = list(dict.fromkeys(f.factor for f in features))
        membership = np.array([[f.factor == factor for factor in factors] for f in features], dtype=float)
        if values.shape[0] == 0:  # scikit-learn's estimators refuse an empty batch
            return np.empty(0), factors, np.empty((0, len(factors)))
        probability = self.estimator_.predict_proba(values)[:, 1]
        full = _logit(probability)
        out = np.empty((values.shape[0], len(factors)))
        for j in range(len(factors)):
            ablated = values.copy()
            columns = membership[:, j].astype(bool)
            ablated[:, columns] = self.feature_means_[columns]
            out[:, j] = full - _logit(self.estimator_.predict_proba(ablated)[:, 1])
        return probability, factors, out

    def linear_scorer(self) -> LinearScorer:
        """The logistic model's scoring half, which scores without scikit-learn."""
        self._check_scorecard()
        return LinearScorer(
            self.estimator_.coef_[0].copy(),
            float(self.estimator_.intercept_[0]),
            self.feature_means_.copy(),
            self.levels_,
            self.rules,
            self.metadata_,
        )

    def scorecard(self, lang: str = "en") -> pl.DataFrame:
        """Points per factor level, against the average past dispute (logistic model only).

        The baseline is the one explanations use: a dispute's log-odds are the
        average past dispute's (the ``base`` row) plus the points of its
        factors' levels, 20 points doubling the odds. A level that fixes its
        factor's features (a reason, a voucher held) gets exactly the points
        explanations name; a range (an amount, a reply time) gets the mean
        points of the training disputes in it.

        Parameters
        ----------
        lang
            Language of the ``level`` names.

        Returns
        -------
        polars.DataFrame
            ``factor``, ``level``, ``disputes`` (training disputes at that
            level), ``points`` and ``odds_ratio`` (the odds against the
            average past dispute's).
        """
        self._check_scorecard()
        return scorecard_table(
            self.estimator_,
            self.feature_means_,
            self.level_points_,
            factor_phrases(self.levels_, self.rules or DEFAULT_RULES, lang),
            int(self.metadata_["n_train"]),
            lang,
        )

    def coefficients(self) -> pl.DataFrame:
        """The logistic model's coefficient per derived feature (logistic model only).

        Returns
        -------
        polars.DataFrame
            ``factor``, ``feature``, ``coefficient`` (log-odds per unit of the
            feature), ``odds_ratio`` and ``training_mean``, plus a first row
            for the intercept.
        """
        self._check_scorecard()
        return coefficient_table(self.estimator_, self.feature_means_, self._features())

    def _check_scorecard(self) -> None:
        check_is_fitted(self)
        if self.method != "logistic":
            raise ValueError("a scorecard needs the logistic model; this one uses boosting")

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags(multi_class=False)
        tags.input_tags.two_d_array = False
        return tags


def _as_labels(y: object, n: int) -> np.ndarray:
    """Labels as 0 (escalated) / 1 (negotiated), refusing anything else."""
    if y is None:
        raise TypeError("pass the labels as y: rightsguard.scoring.labels_of(disputes) gives them")
    labels = np.asarray(y.to_numpy() if isinstance(y, pl.Series) else y).astype(str)
    if labels.shape[0] != n:
        raise ValueError(f"X has {n} rows but y has {labels.shape[0]} labels")
    unknown = sorted(str(v) for v in set(np.unique(labels)) - set(LABELS))
    if unknown:
        raise ValueError(f"labels must be 'negotiated' or 'escalated'; got {unknown}")
    if len(np.unique(labels)) < 2:
        raise ValueError("training disputes must include both negotiated and escalated ones")
    return (labels == "negotiated").astype(np.int8)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _iso(moment: object) -> str | None:
    """A moment as ISO text; None when there is none."""
    return moment.isoformat() if isinstance(moment, datetime) else None


def _version() -> str:
    from importlib.metadata import version

    return version("rightsguard")
