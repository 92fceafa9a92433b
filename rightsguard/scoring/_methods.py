"""Choosing the model's method by its held-out score, and saying so.

Logistic regression reads as a scorecard; gradient boosting can find what a
line misses, or overfit a small shop's few hundred disputes. Which ranks
better is an empirical question, answered on the same out-of-fold disputes:
``"auto"`` fits both in the same folds and keeps the one with the higher
held-out ROC AUC (logistic on a tie, as the readable one). The difference of
the two AUCs comes with a 95% interval from DeLong's paired variance (the two
methods score the same disputes, so their errors are correlated); a method
worse than the other by more than that interval is a reason to distrust it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rightsguard._vocabulary import VALUES, say

METHODS = ("auto", "logistic", "boosting")
"""What a run may ask for: the better by held-out score, or one of the two."""


def candidates(method: str) -> tuple[str, ...]:
    """The methods a run fits in its folds: both for ``auto``, and for ``boosting`` (whose
    check against the logistic model costs little); only itself for ``logistic``.

    Raises
    ------
    ValueError
        When ``method`` is not one of :data:`METHODS`.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    return {
        "auto": ("logistic", "boosting"),
        "boosting": ("boosting", "logistic"),
        "logistic": ("logistic",),
    }[method]


@dataclass(frozen=True)
class MethodComparison:
    """Two methods' held-out ROC AUC on the same disputes, and the one kept.

    Attributes
    ----------
    asked, picked : str
        The method asked for (``auto`` or one of the two) and the one kept.
    auc : dict
        Held-out ROC AUC per method.
    difference, low, high : float
        The kept method's AUC minus the other's, and its 95% interval.
    n : int
        Disputes both were measured on.
    """

    asked: str
    picked: str
    auc: dict[str, float]
    difference: float
    low: float
    high: float
    n: int

    @property
    def other(self) -> str:
        """The method not kept."""
        return next(m for m in self.auc if m != self.picked)

    @property
    def clearly_worse(self) -> bool:
        """Whether the kept method ranks worse than the other by more than the interval."""
        return self.high < 0

    def as_metadata(self) -> dict:
        """Plain values, as a saved model's metadata holds them."""
        return {
            "asked": self.asked,
            "picked": self.picked,
            "auc": dict(self.auc),
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "n": self.n,
        }

    @classmethod
    def from_metadata(cls, metadata: dict) -> MethodComparison | None:
        """The comparison a model's metadata holds, or None."""
        saved = metadata.get("method_comparison")
        return None if not saved else cls(**saved)

    def values(self, lang: str) -> dict[str, object]:
        """What the vocabulary's sentences about the comparison read, names in ``lang``."""
        return {
            "asked": VALUES[lang][self.asked],
            "picked": VALUES[lang][self.picked],
            "other": VALUES[lang][self.other],
            "auc": self.auc[self.picked],
            "other_auc": self.auc[self.other],
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "n": self.n,
        }


def method_problems(metadata: dict, lang: str = "en") -> list[str]:
    """A sentence when the kept method ranks worse than the other by more than the interval."""
    comparison = MethodComparison.from_metadata(metadata)
    if comparison is None or not comparison.clearly_worse:
        return []
    return [say("trust_method_worse", lang, **comparison.values(lang))]


def method_note(metadata: dict, lang: str = "en") -> str | None:
    """Which method was kept, with both held-out figures; None without a comparison."""
    comparison = MethodComparison.from_metadata(metadata)
    return None if comparison is None else say("note_method", lang, **comparison.values(lang))


def compare(asked: str, y: np.ndarray, probabilities: dict[str, np.ndarray]) -> MethodComparison | None:
    """Keep the asked method (or, for ``auto``, the better by held-out AUC) and measure the
    difference; None when only one method was fitted.

    Parameters
    ----------
    asked
        One of :data:`METHODS`.
    y
        1 for negotiated, 0 for escalated, of the held-out disputes.
    probabilities
        Each fitted method's out-of-fold probabilities of the same disputes.
    """
    if len(probabilities) < 2:
        return None
    y = np.asarray(y, dtype=int)
    auc = {method: _auc(y, p) for method, p in probabilities.items()}
    picked = max(auc, key=lambda m: (auc[m], m == "logistic")) if asked == "auto" else asked
    other = next(m for m in auc if m != picked)
    difference, half = _delong_difference(y, probabilities[picked], probabilities[other])
    return MethodComparison(
        asked, picked, auc, difference, difference - half, difference + half, int(y.shape[0])
    )


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    ranks = _midranks(p)
    positives = int(y.sum())
    negatives = y.shape[0] - positives
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _delong_difference(y: np.ndarray, first: np.ndarray, second: np.ndarray) -> tuple[float, float]:
    """AUC(first) - AUC(second) and the half-width of its 95% interval (DeLong et al., 1988)."""
    positive, negative = y == 1, y == 0
    m, n = int(positive.sum()), int(negative.sum())
    v10, v01, aucs = [], [], []
    for p in (first, second):
        x, z = p[positive], p[negative]
        whole = _midranks(np.concatenate([x, z]))
        v10.append((whole[:m] - _midranks(x)) / n)  # each positive's share of negatives below it
        v01.append(1 - (whole[m:] - _midranks(z)) / m)  # each negative's share of positives above
        aucs.append(float(v10[-1].mean()))
    s10, s01 = np.cov(np.vstack(v10)), np.cov(np.vstack(v01))
    variance = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    return aucs[0] - aucs[1], 1.96 * float(np.sqrt(max(variance, 0.0)))


def _midranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing their average rank."""
    return pl.Series(values, dtype=pl.Float64).rank("average").to_numpy()
