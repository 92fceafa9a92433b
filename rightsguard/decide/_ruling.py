"""The chance that customer service rules for the seller if a dispute is escalated.

Learned from the shop's own past rulings (``platform_seller`` against
``platform_buyer``) and the evidence the shop held in each, when there are
enough of them; otherwise a documented prior that rises with evidence
completeness. Either way the chance is a function of the evidence held, so
that collecting a voucher visibly changes the decision.

The chance is learned from the rulings whose required vouchers were all
recorded (held or not), where completeness is known: fitting on the expected
completeness of rulings whose vouchers nobody recorded (regression
calibration) flattens the curve for everyone. Only when too few such rulings
go each way is it fitted on every ruling at its expected completeness
(``expected_completeness``, :mod:`rightsguard.scoring._held`), and its
description says so. A dispute with unrecorded vouchers gets the chance
averaged over what they may be (:meth:`RulingChance.averaged`).

The learned model is a one-variable logistic regression on evidence
completeness (the share of the required vouchers held): rulings are few in a
shop's history, and this is the one signal the platform's rules say decides
them. Past rulings are scored out of fold, like the negotiation probability.
Completeness takes few values, so the regression is fitted on the counts of
won and lost rulings at each value (Newton's method, with scikit-learn's
default penalty at ``C = 10``): a million rulings fit in milliseconds.

The chance never falls as evidence rises: the slope is held at zero or
above. Where the shop's rulings would have it fall (rulings that ignore
evidence, or noise in a few of them), the curve is flat at the shop's rate
of winning, and its description says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from rightsguard._vocabulary import say

if TYPE_CHECKING:
    from rightsguard.scoring._held import CompletenessLaw

MIN_RULINGS_PER_SIDE = 15
"""Rulings for and against the seller each needed before the chance is learned."""
PRIOR_WITHOUT_EVIDENCE = 0.10
"""Prior chance of winning a ruling holding none of the required vouchers."""
PRIOR_WITH_ALL_EVIDENCE = 0.85
"""Prior chance of winning a ruling holding every required voucher."""
PENALTY_C = 10.0
"""The inverse strength of the slope's L2 penalty, as scikit-learn's ``C``."""

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
    held_flat
        Whether the rulings would have had the chance fall with evidence, so it
        was held flat instead.
    n_left_out
        Past rulings left out because some required voucher was unrecorded.
    at_expectation
        Whether it was fitted on every ruling at its expected completeness, too few
        having every required voucher recorded.
    covariance
        The fit's variance of the intercept, covariance of the two and variance of the
        slope (the inverse of the penalised information; zero for the prior, whose
        uncertainty nobody measured).
    """

    intercept: float
    slope: float
    source: str
    n_rulings: int
    held_flat: bool = False
    n_left_out: int = 0
    at_expectation: bool = False
    covariance: tuple[float, float, float] = (0.0, 0.0, 0.0)

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
            Disputes with ``outcome`` and ``expected_completeness`` (scored disputes), else the
            audit's ``evidence_completeness``.
        """
        return cls.from_rulings(rulings_of(audited))

    @classmethod
    def from_rulings(cls, rulings: pl.DataFrame) -> RulingChance:
        """Learn from past rulings (``completeness``, ``won`` and, when given, ``recorded``):
        from those recorded when enough go each way, else from all of them at their expected
        completeness, else the prior."""
        recorded = rulings.filter("recorded") if "recorded" in rulings.columns else rulings
        if _enough(recorded):
            return cls._learned(recorded, n_left_out=rulings.height - recorded.height)
        if _enough(rulings):
            return cls._learned(rulings, at_expectation=recorded.height < rulings.height)
        return cls.prior()

    @classmethod
    def _learned(
        cls, rulings: pl.DataFrame, *, n_left_out: int = 0, at_expectation: bool = False
    ) -> RulingChance:
        values, at = _levels(rulings["completeness"])
        won = np.bincount(at, rulings["won"].to_numpy(), minlength=len(values))
        lost = np.bincount(at, minlength=len(values)) - won
        intercept, slope = _fitted(values, won, lost)
        falls = _falls(values, won, lost)
        covariance = _covariance(values, won + lost, intercept, slope)
        return cls(intercept, slope, "learned", rulings.height, falls, n_left_out, at_expectation, covariance)

    def probability(self, completeness: np.ndarray) -> np.ndarray:
        """The chance of winning a ruling at each evidence completeness."""
        return 1 / (1 + np.exp(-(self.intercept + self.slope * np.asarray(completeness, float))))

    def averaged(self, law: CompletenessLaw) -> np.ndarray:
        """The chance of winning a ruling averaged over what each dispute's evidence may be
        (its ``law``, :func:`~rightsguard.scoring._held.completeness_distribution`'s)."""
        chance = self.probability(law.recorded)
        chance[law.unsure] = (law.chances * self.probability(law.shares)).sum(axis=1)
        return chance

    def interval(self, completeness: np.ndarray, z: float = 1.959964) -> tuple[np.ndarray, np.ndarray]:
        """The 95% interval of the chance at each completeness, from the fit's covariance (on
        the log-odds, so within 0 and 1; a point for the prior)."""
        c = np.asarray(completeness, float)
        var_a, cov, var_b = self.covariance
        spread = z * np.sqrt(np.maximum(var_a + 2 * c * cov + c * c * var_b, 0.0))
        odds = self.intercept + self.slope * c
        return 1 / (1 + np.exp(-(odds - spread))), 1 / (1 + np.exp(-(odds + spread)))

    def range_over(self, law: CompletenessLaw) -> tuple[np.ndarray, np.ndarray]:
        """How low and how high each dispute's chance may be (its ``law``): the curve's 95%
        lower bound with none of its unrecorded vouchers held, and its upper bound with all of
        them (the fewest and most that may be)."""
        low, high = self.interval(law.recorded)
        possible = law.chances > 0
        fewest = possible.argmax(axis=1)
        most = possible.shape[1] - 1 - possible[:, ::-1].argmax(axis=1)
        rows = np.arange(len(law.shares))
        low[law.unsure] = self.interval(law.shares[rows, fewest])[0]
        high[law.unsure] = self.interval(law.shares[rows, most])[1]
        return low, high

    def describe(self, lang: str = "en") -> str:
        """One line on where the chance comes from, in ``lang``."""
        low, high = self.probability(np.array([0.0, 1.0]))
        if self.source != "learned":
            origin = say("ruling_prior", lang, minimum=MIN_RULINGS_PER_SIDE)
        elif self.at_expectation:
            origin = say("ruling_learned_at_expectation", lang, count=self.n_rulings)
        elif self.n_left_out:
            origin = say("ruling_learned_recorded", lang, count=self.n_rulings, left_out=self.n_left_out)
        else:
            origin = say("ruling_learned", lang, count=self.n_rulings)
        told = say("ruling_chance", lang, low=low, high=high, origin=origin)
        return told + say("ruling_held_flat", lang) if self.held_flat else told


def learned_ruling_chances(
    rulings: pl.DataFrame, n_splits: int = 5, random_state: int = 0
) -> tuple[RulingChance, np.ndarray]:
    """The chance of winning a ruling learned from every past ruling of the input, and each past
    ruling's own chance (in order) from a model that never saw its outcome.

    What every path (memory, a stream, Spark) learns from the whole input's rulings, with the
    folds of its :class:`~rightsguard.FitOptions`; under the prior, a past ruling gets the prior.
    A ruling left out of the fit (an unrecorded voucher) gets NaN: the chance averaged over its
    vouchers, from the model that never saw it, is the decision's to compute.
    """
    chance = RulingChance.from_rulings(rulings)
    if chance.source != "learned":
        return chance, chance.probability(rulings["completeness"].to_numpy())
    if not chance.n_left_out:
        return chance, past_ruling_chances(rulings, n_splits, random_state)
    recorded = rulings["recorded"].to_numpy()
    chances = np.full(rulings.height, np.nan)
    chances[recorded] = past_ruling_chances(rulings.filter("recorded"), n_splits, random_state)
    return chance, chances


def past_ruling_chances(rulings: pl.DataFrame, n_splits: int = 5, random_state: int = 0) -> np.ndarray:
    """The chance of each past ruling (in order), from models fitted on the other folds."""
    values, at = _levels(rulings["completeness"])
    won = rulings["won"].to_numpy()
    fold = _stratified_folds(won, n_splits, random_state)
    cell = at + np.multiply(fold, len(values), dtype=np.int64)
    size = n_splits * len(values)
    won_in = np.bincount(cell, won, minlength=size).reshape(n_splits, -1)
    lost_in = np.bincount(cell, ~won, minlength=size).reshape(n_splits, -1)
    fits = np.array(
        [_fitted(values, won_in.sum(0) - won_in[k], lost_in.sum(0) - lost_in[k]) for k in range(n_splits)]
    )
    return 1 / (1 + np.exp(-(fits[fold, 0] + fits[fold, 1] * values[at])))


def rulings_of(audited: pl.DataFrame) -> pl.DataFrame:
    """The past rulings among audited disputes, in order: their completeness, whether won and
    whether every voucher they required was recorded."""
    recorded = (
        pl.col("unknown_vouchers").list.len() == 0 if "unknown_vouchers" in audited.columns else pl.lit(True)
    )
    return (
        audited.lazy()
        .filter(_is_ruling())
        .select(
            pl.col(_completeness_column(audited)).alias("completeness"),
            (pl.col("outcome") == "platform_seller").alias("won"),
            recorded.alias("recorded"),
        )
        .collect()
    )


def _completeness_column(audited: pl.DataFrame) -> str:
    return "expected_completeness" if "expected_completeness" in audited.columns else "evidence_completeness"


def past_rulings_mask(audited: pl.DataFrame) -> np.ndarray:
    """Which disputes are past rulings (those :func:`rulings_of` returns, in the same order)."""
    return audited.select(_is_ruling().fill_null(False)).to_series().to_numpy()


def _is_ruling() -> pl.Expr:
    return pl.col("outcome").is_in(_RULINGS)


def _levels(completeness: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The distinct completeness values (a few) and each ruling's place among them."""
    values = np.sort(completeness.unique().to_numpy())
    return values, np.searchsorted(values, completeness.to_numpy())


def _stratified_folds(won: np.ndarray, n_splits: int, random_state: int) -> np.ndarray:
    """A fold for each ruling, won and lost ones spread evenly over the folds at random."""
    rng = np.random.default_rng(random_state)
    fold = np.empty(len(won), dtype=np.int8 if n_splits < 128 else np.int64)
    for side in (False, True):
        members = rng.permutation(np.flatnonzero(won == side))
        fold[members] = np.arange(len(members)) % n_splits
    return fold


def _enough(rulings: pl.DataFrame) -> bool:
    won = int(rulings["won"].sum())
    return min(won, rulings.height - won) >= MIN_RULINGS_PER_SIDE


def _falls(values: np.ndarray, won: np.ndarray, lost: np.ndarray) -> bool:
    """Whether the rulings, fitted freely, would have the chance fall as evidence rises."""
    return _fitted(values, won, lost, rising=False)[1] < 0


def _fitted(
    values: np.ndarray, won: np.ndarray, lost: np.ndarray, C: float = PENALTY_C, *, rising: bool = True
) -> tuple[float, float]:
    """Intercept and slope of a logistic regression of winning on completeness, from counts.

    ``won[i]`` and ``lost[i]`` rulings were held at completeness ``values[i]``.
    The slope carries an L2 penalty of ``1 / (2C)`` (the intercept none), as in
    scikit-learn's ``LogisticRegression(C=C)``; Newton's method on this convex
    problem converges in a few steps. ``rising`` holds the slope at zero or
    above: where the free fit falls, the constrained optimum of this convex
    problem is the flat line at the shop's rate of winning.
    """
    total = won + lost
    share = won.sum() / total.sum()
    beta = np.array([np.log(share / (1 - share)), 0.0])
    design = np.column_stack([np.ones_like(values), values])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(design @ beta)))
        gradient = design.T @ (total * p - won) + np.array([0.0, beta[1] / C])
        hessian = (design.T * (total * p * (1 - p))) @ design + np.diag([0.0, 1 / C])
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-12:
            break
    if rising and beta[1] < 0:
        return float(np.log(share / (1 - share))), 0.0
    return float(beta[0]), float(beta[1])


def _covariance(
    values: np.ndarray, total: np.ndarray, intercept: float, slope: float
) -> tuple[float, float, float]:
    """The inverse of the penalised information at the fit (the penalty of :func:`_fitted`); a
    curve held flat has no slope to vary."""
    p = 1 / (1 + np.exp(-(intercept + slope * values)))
    weight = total * p * (1 - p)
    if slope == 0.0:
        return 1 / float(weight.sum()), 0.0, 0.0
    design = np.column_stack([np.ones_like(values), values])
    inverse = np.linalg.inv((design.T * weight) @ design + np.diag([0.0, 1 / PENALTY_C]))
    return float(inverse[0, 0]), float(inverse[0, 1]), float(inverse[1, 1])


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))
