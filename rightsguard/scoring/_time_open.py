"""What a dispute still open after days says of how it will end.

A model scores a dispute as it stood when it opened. A dispute still open
days later is not that dispute any more: negotiations mostly end within
days, rulings take weeks, so the longer it stays open the likelier it goes
to the platform. :class:`TimeOpen` learns, from the closed disputes, how
long each kind stayed open (the share of negotiated ones, and of escalated
ones, still open after each number of hours: their survival curves); an
open dispute's odds of a negotiated outcome are then multiplied by the
ratio of the two curves at its age (Bayes' rule, taking how long a dispute
stays open to depend on its features only through how it ends). Its age is
counted to the data's moment (:func:`data_moment`: exports are snapshots, so
"now" is theirs, not the clock's). Past disputes keep their score at
opening, the moment their features describe.

The curves are learned from the training disputes whose opening and closing
are both known, at least :data:`MIN_CLOSED` of each kind; with fewer the
scores are left as at opening. Each curve counts half a dispute still open
at every age, so a curve never reaches zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._schema import NEGOTIATED_OUTCOMES

MIN_CLOSED = 25
"""Closed disputes of each kind, with both moments known, needed to learn the curves."""
GRID_HOURS = tuple(float(h) for h in range(0, 24 * 120 + 1, 12))
"""The ages (hours) at which the curves are kept: every 12 hours up to 120 days; an older
dispute counts as 120 days old."""


def data_moment(frame: pl.DataFrame) -> datetime | None:
    """The data's moment: its newest opening or closing (None when it has neither)."""
    return frame.select(pl.max_horizontal(pl.col("opened_at").max(), pl.col("closed_at").max())).item()


@dataclass(frozen=True)
class TimeOpen:
    """How long negotiated and escalated disputes stayed open: survival curves on a grid.

    Attributes
    ----------
    negotiated, escalated
        The share of each kind still open at each age of :data:`GRID_HOURS`
        (empty when not learned).
    n_negotiated, n_escalated
        Closed disputes of each kind the curves were learned from.
    """

    negotiated: tuple[float, ...] = ()
    escalated: tuple[float, ...] = ()
    n_negotiated: int = 0
    n_escalated: int = 0

    @property
    def learned(self) -> bool:
        """Whether the curves were learned (else open disputes keep their score at opening)."""
        return bool(self.negotiated)

    @classmethod
    def learn(cls, frame: pl.DataFrame) -> TimeOpen:
        """Learn the curves from the closed disputes among ``frame``."""
        hours = (pl.col("closed_at") - pl.col("opened_at")).dt.total_seconds() / 3600
        outcome = pl.col("outcome").cast(pl.String)
        closed = (
            frame.filter(outcome.is_not_null())
            .select(hours.alias("hours"), outcome.is_in(NEGOTIATED_OUTCOMES).alias("negotiated"))
            .drop_nulls()
        )
        negotiated = np.sort(closed.filter("negotiated")["hours"].to_numpy())
        escalated = np.sort(closed.filter(~pl.col("negotiated"))["hours"].to_numpy())
        if min(len(negotiated), len(escalated)) < MIN_CLOSED:
            return cls()
        return cls(_survival(negotiated), _survival(escalated), len(negotiated), len(escalated))

    def log_odds_shift(self, hours: np.ndarray) -> np.ndarray:
        """The change in log-odds of a negotiated outcome for disputes open ``hours`` (NaN:
        unknown, no change)."""
        if not self.learned:
            return np.zeros(len(hours))
        grid = np.asarray(GRID_HOURS)
        ratio = np.log(np.interp(hours, grid, self.negotiated)) - np.log(
            np.interp(hours, grid, self.escalated)
        )
        return np.where(np.isnan(hours), 0.0, ratio)


def _survival(hours: np.ndarray) -> tuple[float, ...]:
    """The share still open at each grid age, counting half a dispute still open."""
    grid = np.asarray(GRID_HOURS)
    still_open = len(hours) - np.searchsorted(hours, grid, side="right")
    return tuple(float(s) for s in (still_open + 0.5) / (len(hours) + 1.0))
