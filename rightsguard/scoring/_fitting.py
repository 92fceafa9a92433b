"""How models are fitted when no fitted model is given: one group of options, used everywhere."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rightsguard.scoring._methods import candidates
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules
from rightsguard.scoring._stages import StageTimes


@dataclass(frozen=True)
class FitOptions:
    """The options of fitting, as :func:`rightsguard.score`, :func:`rightsguard.scoring.fit_model` and
    :func:`rightsguard.scoring.evaluate_by_time` read them.

    Parameters
    ----------
    method
        ``"auto"`` (default: both methods in the same folds, the better by
        held-out ROC AUC kept and both figures said), ``"logistic"`` or
        ``"boosting"``.
    rules
        Voucher rules for the audit and the features.
    min_category_count
        Training disputes a category, a wording behind reason ``other`` or a
        level of a source feature column (``extra_*``) needs to get a feature
        of its own.
    n_splits, random_state
        Folds and seed of the out-of-fold scores.
    stage_times
        How the shop's closed cases moved through the stages, learned from a
        store's history (:class:`~rightsguard.scoring._stages.StageTimes`): the
        model carries it and conditions open cases on their stage. One export
        shows no closed case's stages, so by default none is learned.
    max_training
        Closed disputes a model is fitted on at most; past it, a seeded random
        sample of those it may learn from (a fold's model, of the other
        folds). A model of some eighty features learns nothing more from more,
        and an agency's millions fit in seconds; every dispute is still scored
        by a model that never saw it. None: no limit.

    Raises
    ------
    ValueError
        Naming an unknown method, a count below 1 or fewer than 2 folds.
    """

    method: str = "auto"
    rules: EvidenceRules = DEFAULT_RULES
    min_category_count: int = 30
    n_splits: int = 5
    random_state: int = 0
    max_training: int | None = 250_000
    stage_times: StageTimes = StageTimes()

    def __post_init__(self) -> None:
        candidates(self.method)  # refuses an unknown method by name
        if self.min_category_count < 1:
            raise ValueError(f"min_category_count must be at least 1; got {self.min_category_count}")
        if self.n_splits < 2:
            raise ValueError(f"n_splits must be at least 2; got {self.n_splits}")
        if self.max_training is not None and self.max_training < 100:
            raise ValueError(f"max_training must be at least 100; got {self.max_training}")

    def training_rows(self, rows: np.ndarray, draw: int) -> np.ndarray:
        """``rows`` a model may learn from, in order: all of them, or past :attr:`max_training`
        a random sample of that many (seeded by ``random_state`` and the ``draw``)."""
        if self.max_training is None or len(rows) <= self.max_training:
            return rows
        rng = np.random.default_rng([self.random_state, draw])
        return np.sort(rng.choice(rows, self.max_training, replace=False))
