"""Recalibration of a supplied model on the newest labelled disputes, for drift.

When the share of negotiated outcomes moves after a model's training period,
its ranking may still hold while its probabilities drift. Recalibration keeps
the model and refits only a line on its log-odds (Platt scaling):
``logit(p') = intercept + slope * logit(p)``, learned from the labelled
disputes opened after the training period (the *window*). Window disputes are
recalibrated out of fold, by lines fitted on the other folds, so that none is
scored by a line that saw its outcome; every other dispute gets the line
fitted on the whole window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from rightsguard.scoring._reasons import RECALIBRATED, render_why, with_reasons_added, with_rows_replaced


@dataclass(frozen=True)
class Recalibration:
    """A line on the model's log-odds, and what it was learned from.

    Attributes
    ----------
    intercept, slope
        ``logit(p') = intercept + slope * logit(p)``.
    n_window
        Labelled disputes it was fitted on.
    window_from, window_to
        ISO dates of the window's first and last opening.
    """

    intercept: float
    slope: float
    n_window: int
    window_from: str
    window_to: str


def with_recalibration_told(
    scored: pl.DataFrame, recalibrated: np.ndarray, lang: str, scales: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """``scored`` with the recalibrated ``p_negotiated``, and the reasons of each dispute whose
    chance it moved (in whole points) gaining the recalibration, said again in ``lang``
    ("recalibrated for drift: 62% → 55%"): the points the explanation lists add up to the
    model's chance, not the new one. ``scales`` are the model's numeric factors of the source's
    own."""
    before, after = (
        (pl.Series(p, dtype=pl.Float64) * 100).round(0).cast(pl.Int64).to_numpy()
        for p in (scored["p_negotiated"], recalibrated)
    )
    rows = np.flatnonzero(before != after)
    added = pl.DataFrame(
        {"row": np.arange(len(rows)), "level": before[rows], "points": after[rows]}
    ).with_columns(
        pl.lit(RECALIBRATED).alias("factor"),
        pl.lit(None, pl.String).alias("value"),
        pl.lit(None, pl.Int32).alias("days"),
    )
    why = with_reasons_added(scored["why"][rows], added)
    return scored.with_columns(
        pl.Series("p_negotiated", recalibrated, dtype=pl.Float64),
        with_rows_replaced(scored["why"], rows, why),
        with_rows_replaced(scored["explanation"], rows, render_why(why, lang, scales)),
    )


def _line(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    fitted = LogisticRegression(C=1e4, max_iter=1000).fit(_logit(p)[:, None], y)
    return float(fitted.intercept_[0]), float(fitted.coef_[0, 0])


def recalibrate(
    p_window: np.ndarray, y_window: np.ndarray, p_rest: np.ndarray, n_splits: int = 5, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """Recalibrate window disputes out of fold and the rest on the whole window.

    Parameters
    ----------
    p_window, y_window
        The model's probabilities and the labels (1 negotiated) of the window.
    p_rest
        The model's probabilities of every other dispute.

    Returns
    -------
    window, rest : ndarray
        The recalibrated probabilities.
    line : (intercept, slope)
        The line fitted on the whole window.
    """
    window = np.empty_like(p_window)
    folds = KFold(n_splits, shuffle=True, random_state=random_state)  # folds never depend on labels
    for train, test in folds.split(p_window):
        intercept, slope = _line(p_window[train], y_window[train])
        window[test] = _expit(intercept + slope * _logit(p_window[test]))
    intercept, slope = _line(p_window, y_window)
    return window, _expit(intercept + slope * _logit(p_rest)), (intercept, slope)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))
