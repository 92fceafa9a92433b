"""The chance that customer service rules for the seller if a dispute is escalated.

Learned from the shop's own past rulings (``platform_seller`` against
``platform_buyer``) and the evidence the shop held in each, when there are
enough of them; otherwise a documented prior that rises with evidence
completeness. Either way the chance is a function of the evidence held, so
that collecting a voucher visibly changes the decision.

The learned model is a one-variable logistic regression on evidence
completeness (the share of the required vouchers held): rulings are few in a
shop's history, and this is the one signal the platform's rules say decides
them. Past rulings are scored out of fold, like the negotiation probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from rightsguard._vocabulary import say

MIN_RULINGS_PER_SIDE = 15
"""Rulings for and against the seller each needed before the chance is learned."""
PRIOR_WITHOUT_EVIDENCE = 0.10
"""Prior chance of winning a ruling holding none of the required vouchers."""
PRIOR_WITH_ALL_EVIDENCE = 0.85
"""Prior chance of winning a ruling holding every required voucher."""

_RULINGS = ("platform_seller", "platform_buyer")


@dataclass(frozen=True)
class RulingChance:
    """P(a ruling goes to the seller | evidence completeness).

    Attributes
    ----------
    intercept, slope
        Log-odds at no evidence and their rise from no to complete evidence.
    source
        ``"learned"`` from the shop's rulings or ``"prior"``.
    n_rulings
        Past rulings it was learned from (0 for the prior).
    """

    intercept: float
    slope: float
    source: str
    n_rulings: int

    @classmethod
    def prior(cls) -> RulingChance:
        """The documented prior: 10% with no required voucher, 85% with all of them."""
        low, high = _logit(PRIOR_WITHOUT_EVIDENCE), _logit(PRIOR_WITH_ALL_EVIDENCE)
        return cls(low, high - low, "prior", 0)

    @classmethod
    def fit(cls, audited: pl.DataFrame) -> RulingChance:
        """Learn from the past rulings among audited disputes, or fall back to the prior.

        Parameters
        ----------
        audited
            Disputes with ``outcome`` and ``evidence_completeness``.
        """
        return cls.from_rulings(rulings_of(audited))

    @classmethod
    def from_rulings(cls, rulings: pl.DataFrame) -> RulingChance:
        """Learn from past rulings (``evidence_completeness``, ``won``), or fall back to the prior."""
        if min(rulings["won"].sum(), (~rulings["won"]).sum()) < MIN_RULINGS_PER_SIDE:
            return cls.prior()
        model = _fitted(rulings["evidence_completeness"].to_numpy(), rulings["won"].to_numpy())
        return cls(float(model.intercept_[0]), float(model.coef_[0, 0]), "learned", rulings.height)

    def probability(self, completeness: np.ndarray) -> np.ndarray:
        """The chance of winning a ruling at each evidence completeness."""
        return 1 / (1 + np.exp(-(self.intercept + self.slope * np.asarray(completeness, float))))

    def describe(self, lang: str = "en") -> str:
        """One line on where the chance comes from, in ``lang``."""
        low, high = self.probability(np.array([0.0, 1.0]))
        origin = (say("ruling_learned", lang, count=self.n_rulings) if self.source == "learned"
                  else say("ruling_prior", lang, minimum=MIN_RULINGS_PER_SIDE))
        return say("ruling_chance", lang, low=low, high=high, origin=origin)


def heldout_win_chance(audited: pl.DataFrame, chance: RulingChance, n_splits: int = 5,
                       random_state: int = 0) -> pl.Series:
    """Each dispute's chance of winning a ruling, out of fold for past rulings.

    A past ruling is never given a chance computed from a model that learned
    its outcome; every other dispute gets ``chance``.
    """
    p = chance.probability(audited["evidence_completeness"].to_numpy())
    if chance.source == "learned":
        is_ruling = audited["outcome"].cast(pl.String).is_in(_RULINGS).fill_null(False).to_numpy()
        p[is_ruling] = past_ruling_chances(rulings_of(audited), n_splits, random_state)
    return pl.Series("p_win_ruling", p)


def past_ruling_chances(rulings: pl.DataFrame, n_splits: int = 5,
                        random_state: int = 0) -> np.ndarray:
    """The chance of each past ruling (in order), from models fitted on the other folds."""
    completeness = rulings["evidence_completeness"].to_numpy()
    won = rulings["won"].to_numpy()
    p = np.empty(len(won))
    folds = StratifiedKFold(n_splits, shuffle=True, random_state=random_state)
    for train, test in folds.split(np.zeros(len(won)), won):
        p[test] = _fitted(completeness[train], won[train]).predict_proba(completeness[test, None])[:, 1]
    return p


def rulings_of(audited: pl.DataFrame) -> pl.DataFrame:
    """The past rulings among audited disputes: ``dispute_id``, completeness and whether won."""
    return audited.filter(pl.col("outcome").cast(pl.String).is_in(_RULINGS)).select(
        "dispute_id", "evidence_completeness", (pl.col("outcome") == "platform_seller").alias("won"))


def _fitted(completeness: np.ndarray, won: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=10.0).fit(completeness[:, None], won)


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))
