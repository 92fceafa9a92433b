"""How models are fitted when no fitted model is given: one group of options, used everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from rightsguard.scoring._methods import candidates
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules


@dataclass(frozen=True)
class FitOptions:
    """The options of fitting, as :func:`rightsguard.score`, :func:`rightsguard.fit_model` and
    :func:`rightsguard.evaluate_by_time` read them.

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

    def __post_init__(self) -> None:
        candidates(self.method)  # refuses an unknown method by name
        if self.min_category_count < 1:
            raise ValueError(f"min_category_count must be at least 1; got {self.min_category_count}")
        if self.n_splits < 2:
            raise ValueError(f"n_splits must be at least 2; got {self.n_splits}")
