"""Model quality from held-out probabilities: ROC AUC, Brier score, calibration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard.scoring._scored_by import heldout


@dataclass(frozen=True)
class Quality:
    """How well held-out probabilities rank and match outcomes.

    Attributes
    ----------
    n : int
        Disputes measured.
    roc_auc : float
        Chance that a negotiated dispute scores above an escalated one.
    brier : float
        Mean squared gap between probability and outcome (lower is better).
    calibration : polars.DataFrame
        Per bin: disputes, mean predicted probability, observed negotiated
        rate, the gap and its 95% interval half-width.
    calibration_error : float
        Mean absolute gap over the bins.
    roc_auc_interval : tuple of float
        95% interval of the ROC AUC (Hanley and McNeil's standard error).
    brier_constant : float
        Brier score of always predicting the observed negotiated share: a
        model that does not beat it carries no information.
    """

    n: int
    roc_auc: float
    brier: float
    calibration: pl.DataFrame
    calibration_error: float
    roc_auc_interval: tuple[float, float]
    brier_constant: float

    def as_metrics(self) -> dict[str, float | int]:
        """The headline figures as plain numbers (what a saved model stores)."""
        return {
            "n_heldout": self.n,
            "roc_auc": self.roc_auc,
            "roc_auc_low": self.roc_auc_interval[0],
            "roc_auc_high": self.roc_auc_interval[1],
            "brier": self.brier,
            "brier_constant": self.brier_constant,
            "calibration_error": self.calibration_error,
        }

    def summary(self) -> pl.DataFrame:
        """The headline figures as a one-row frame."""
        return pl.DataFrame(
            {
                "disputes": [self.n],
                "roc_auc": [self.roc_auc],
                "brier": [self.brier],
                "calibration_error": [self.calibration_error],
            }
        )

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>model quality</strong> on {self.n} held-out disputes: "
            f"ROC AUC {self.roc_auc:.3f}, Brier {self.brier:.3f}, "
            f"calibration error {self.calibration_error:.3f}</div>" + self.calibration._repr_html_()
        )


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pl.DataFrame:
    """Reliability table over equal-count bins of predicted probability."""
    frame = pl.DataFrame({"y": np.asarray(y, dtype=float), "p": np.asarray(p, dtype=float)})
    rank = pl.col("p").rank("ordinal") - 1
    return (
        frame.with_columns((rank * bins // pl.len()).cast(pl.Int32).alias("bin"))
        .group_by("bin")
        .agg(
            pl.len().alias("disputes"),
            pl.col("p").mean().alias("mean_predicted"),
            pl.col("y").mean().alias("observed_rate"),
        )
        .sort("bin")
        .with_columns(
            (pl.col("observed_rate") - pl.col("mean_predicted")).alias("gap"),
            (
                1.96 * (pl.col("observed_rate") * (1 - pl.col("observed_rate")) / pl.col("disputes")).sqrt()
            ).alias("half_width_95"),
        )
    )


def calibration_noise(
    p: np.ndarray, bins: int = 10, level: float = 0.99, draws: int = 2000, seed: int = 0
) -> float:
    """The calibration error that perfectly calibrated probabilities ``p`` exceed by chance
    only with probability ``1 - level``.

    Binned as :func:`calibration_table` bins (equal counts), each bin's gap
    between observed rate and mean prediction is, for calibrated
    probabilities, about normal with variance ``sum(p (1 - p)) / n**2`` over
    its ``n`` disputes; the error (the bins' mean absolute gap) is drawn
    ``draws`` times from those gaps.
    """
    p = np.asarray(p, dtype=float)
    binned = np.empty(len(p), dtype=np.int64)
    binned[np.argsort(p, kind="stable")] = np.arange(len(p)) * bins // len(p)
    counts = np.bincount(binned, minlength=bins)
    used = counts > 0
    spread = np.sqrt(np.bincount(binned, weights=p * (1 - p), minlength=bins)[used]) / counts[used]
    gaps = np.random.default_rng(seed).standard_normal((draws, int(used.sum()))) * spread
    return float(np.quantile(np.abs(gaps).mean(axis=1), level))


def measure(y: np.ndarray, p: np.ndarray, bins: int = 10) -> Quality:
    """Measure held-out probabilities ``p`` against outcomes ``y``.

    ``y`` holds labels (``"negotiated"`` / ``"escalated"``) or 1 for negotiated.
    """
    y = np.asarray(y)
    if y.dtype.kind in "OUS":
        y = (y == "negotiated").astype(int)
    p = np.asarray(p, dtype=float)
    if len(np.unique(y)) < 2:
        raise ValueError("quality needs both negotiated and escalated disputes among those measured")
    table = calibration_table(y, p, bins)
    auc = roc_auc(y, p)
    base = float(np.mean(y == 1))
    return Quality(
        n=int(y.shape[0]),
        roc_auc=auc,
        brier=float(np.mean((np.asarray(p, float) - np.asarray(y, float)) ** 2)),
        calibration=table,
        calibration_error=float(table.select(pl.col("gap").abs().mean()).item()),
        roc_auc_interval=auc_interval(auc, int((y == 1).sum()), int((y != 1).sum())),
        brier_constant=base * (1 - base),
    )


def roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC of scores ``p`` for boolean labels ``y`` (tied scores count half), from ranks:
    the chance that a positive outranks a negative."""
    y = np.asarray(y, dtype=bool)
    _, at, counts = np.unique(np.asarray(p, float), return_inverse=True, return_counts=True)
    average_rank = (np.cumsum(counts) - (counts - 1) / 2)[at]
    positives = int(y.sum())
    negatives = len(y) - positives
    return float((average_rank[y].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def auc_interval(auc: float, n_positive: int, n_negative: int) -> tuple[float, float]:
    """95% interval of a ROC AUC from Hanley and McNeil's (1982) standard error."""
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    variance = (auc * (1 - auc) + (n_positive - 1) * (q1 - auc**2) + (n_negative - 1) * (q2 - auc**2)) / (
        n_positive * n_negative
    )
    half = 1.96 * float(np.sqrt(max(variance, 0.0)))
    return max(auc - half, 0.0), min(auc + half, 1.0)


def quality_of(scored: object, bins: int = 10) -> Quality:
    """Quality of :func:`rightsguard.score` output (its run, or ``run.scored``) on its
    out-of-fold disputes.

    Only disputes scored out of fold count: a probability from a model that
    saw the dispute would flatter the model.
    """
    measured = scored_disputes(scored, "quality_of").filter(heldout())
    if measured.height == 0:
        raise ValueError(
            "no out-of-fold scores to measure: score() was given a fitted model, "
            "so measure that model on disputes it was not trained on"
        )
    y = (measured["resolution"].cast(pl.String) == "negotiated").to_numpy()
    return measure(y, measured["p_negotiated"].to_numpy(), bins)
