"""Model quality from held-out probabilities: ROC AUC, Brier score, calibration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.metrics import brier_score_loss, roc_auc_score


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
    """

    n: int
    roc_auc: float
    brier: float
    calibration: pl.DataFrame
    calibration_error: float

    def summary(self) -> pl.DataFrame:
        """The headline figures as a one-row frame."""
        return pl.DataFrame({
            "disputes": [self.n], "roc_auc": [self.roc_auc], "brier": [self.brier],
            "calibration_error": [self.calibration_error],
        })

    def _repr_html_(self) -> str:
        return (
            f"<div><strong>model quality</strong> on {self.n} held-out disputes: "
            f"ROC AUC {self.roc_auc:.3f}, Brier {self.brier:.3f}, "
            f"calibration error {self.calibration_error:.3f}</div>"
            + self.calibration._repr_html_()
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
            (1.96 * (pl.col("observed_rate") * (1 - pl.col("observed_rate"))
                     / pl.col("disputes")).sqrt()).alias("half_width_95"),
        )
    )


def measure(y: np.ndarray, p: np.ndarray, bins: int = 10) -> Quality:
    """Measure held-out probabilities ``p`` against outcomes ``y`` (1 = negotiated)."""
    y = np.asarray(y)
    p = np.asarray(p, dtype=float)
    if len(np.unique(y)) < 2:
        raise ValueError("quality needs both negotiated and escalated disputes among those measured")
    table = calibration_table(y, p, bins)
    return Quality(
        n=int(y.shape[0]),
        roc_auc=float(roc_auc_score(y, p)),
        brier=float(brier_score_loss(y, p)),
        calibration=table,
        calibration_error=float(table["gap"].abs().mean()),
    )


def quality_of(scored: pl.DataFrame, bins: int = 10) -> Quality:
    """Quality of :func:`rightsguard.score` output on its out-of-fold disputes.

    Only disputes scored out of fold count: a probability from a model that
    saw the dispute would flatter the model.
    """
    heldout = scored.filter(pl.col("scored_by").str.starts_with("out of fold"))
    if heldout.height == 0:
        raise ValueError("no out-of-fold scores to measure: score() was given a fitted model, "
                         "so measure that model on disputes it was not trained on")
    y = (heldout["resolution"].cast(pl.String) == "negotiated").to_numpy()
    return measure(y, heldout["p_negotiated"].to_numpy(), bins)
