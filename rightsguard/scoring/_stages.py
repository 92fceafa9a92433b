"""What the stage an open dispute has reached says of how it will end.

An export says where each open case stands now (:mod:`rightsguard.io._stages`), and that
is known now, so an open case's score conditions on it. Two parts:

- **Customer service has the case** (:data:`~rightsguard._schema.PLATFORM_STAGES`): it
  ends in a ruling, by what a ruling is (a buyer who withdraws then is recorded as a
  ruling for the seller), so its chance of a negotiated end is 0. No learning needed.
- **Any other stage**: :class:`StageTimes` learns, from the shop's closed cases, how
  often a case that ended each way was in that stage at each age: at every export that
  showed it (a store keeps each export's status: :func:`rightsguard.store._stages.stage_snapshots`),
  its stage and its age then. An open case's odds of a negotiated end are multiplied by
  the ratio of the two kinds' shares in its stage at its age (Bayes' rule, taking where a
  case stands to depend on its features only through how it ends), as time open does
  for a case whose stage is unknown. A closed case in one export shows only its end, so
  one export teaches nothing here: its open cases are conditioned on time open alone.

The shares are kept on a grid of ages (:data:`GRID_HOURS`, log-spaced), each age's counts
smoothed with its neighbours' and shrunk towards the kind's share over all ages by
:data:`PRIOR_WEIGHT` snapshots, so a sparse age moves a score little; that share counts half a
snapshot in the stage, so a stage one kind was never seen in lowers its odds a great deal,
never infinitely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from rightsguard._schema import NEGOTIATED_OUTCOMES, PLATFORM_STAGES, STAGES

MIN_SNAPSHOTS = 5
"""Snapshots of closed cases in a stage, and of each kind in all, needed to learn its shares."""
GRID_HOURS = tuple(float(h) for h in np.geomspace(1.0, 24 * 120, 48))
"""The ages (hours) the shares are kept at: 48 steps from an hour to 120 days."""
SMOOTHING = 1.5
"""Standard deviation, in grid steps, of the kernel each age's counts are smoothed with."""
PRIOR_WEIGHT = 4.0
"""Snapshots' worth of the kind's share over all ages that each age's share starts from."""
LEARNED_STAGES = tuple(s for s in STAGES if s not in (*PLATFORM_STAGES, "closed", "other"))
"""The stages whose shares are learned: those in which a case may still be negotiated."""


@dataclass(frozen=True)
class StageTimes:
    """How often closed cases of each kind were in each stage, by age.

    Attributes
    ----------
    stages
        The stages learned (each with :data:`MIN_SNAPSHOTS`).
    negotiated, escalated
        Per learned stage, the share of each kind's snapshots at each age of
        :data:`GRID_HOURS` that showed it in that stage.
    n_negotiated, n_escalated
        Closed cases of each kind the shares were learned from.
    """

    stages: tuple[str, ...] = ()
    negotiated: tuple[tuple[float, ...], ...] = ()
    escalated: tuple[tuple[float, ...], ...] = ()
    n_negotiated: int = 0
    n_escalated: int = 0

    @property
    def learned(self) -> bool:
        """Whether any stage's shares were learned."""
        return bool(self.stages)

    @classmethod
    def learn(cls, snapshots: pl.DataFrame) -> StageTimes:
        """Learn the shares from snapshots of closed cases.

        Parameters
        ----------
        snapshots
            One row per closed case and export that showed it (before or after
            its close): ``dispute_id``, ``outcome``, ``hours`` (its age then) and
            ``stage`` (then; ``closed`` once closed, null where not said).
        """
        known = snapshots.filter(pl.col("stage").is_not_null() & pl.col("hours").is_not_null()).select(
            "dispute_id",
            pl.col("outcome").cast(pl.String).is_in(NEGOTIATED_OUTCOMES).alias("negotiated"),
            pl.col("stage").cast(pl.String),
            pl.col("hours").clip(GRID_HOURS[0], GRID_HOURS[-1]),
        )
        step = np.log(GRID_HOURS[1] / GRID_HOURS[0])
        position = np.rint(np.log(known["hours"].to_numpy() / GRID_HOURS[0]) / step).astype(np.int64)
        kinds = known["negotiated"].to_numpy()
        stage = known["stage"].to_numpy()
        shares: dict[bool, list[tuple[float, ...]]] = {True: [], False: []}
        learned = []
        totals = {
            kind: _smoothed(np.bincount(position[kinds == kind], minlength=len(GRID_HOURS)))
            for kind in (True, False)
        }
        if min(int((kinds == kind).sum()) for kind in (True, False)) < MIN_SNAPSHOTS:
            return cls()
        for name in LEARNED_STAGES:
            counts = {kind: (kinds == kind) & (stage == name) for kind in (True, False)}
            if sum(int(c.sum()) for c in counts.values()) < MIN_SNAPSHOTS:
                continue
            learned.append(name)
            for kind, rows in counts.items():
                here = _smoothed(np.bincount(position[rows], minlength=len(GRID_HOURS)))
                overall = (rows.sum() + 0.5) / ((kinds == kind).sum() + 1)
                share = (here + PRIOR_WEIGHT * overall) / (totals[kind] + PRIOR_WEIGHT)
                shares[kind].append(tuple(float(s) for s in share))
        cases = known.unique("dispute_id")
        return cls(
            tuple(learned),
            tuple(shares[True]),
            tuple(shares[False]),
            int(cases["negotiated"].sum()),
            int((~cases["negotiated"]).sum()),
        )

    def log_odds_shift(self, stage: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """The change in log-odds of a negotiated end for open cases in ``stage`` after ``hours``:
        NaN where the stage was not learned or the age is unknown."""
        shift = np.full(len(stage), np.nan)
        grid = np.log(np.asarray(GRID_HOURS))
        age = np.log(np.clip(np.nan_to_num(hours, nan=1.0), GRID_HOURS[0], GRID_HOURS[-1]))
        for name, negotiated, escalated in zip(self.stages, self.negotiated, self.escalated):
            here = (stage == name) & ~np.isnan(hours)
            ratio = np.log(np.interp(age, grid, negotiated)) - np.log(np.interp(age, grid, escalated))
            shift = np.where(here, ratio, shift)
        return shift


def _smoothed(counts: np.ndarray) -> np.ndarray:
    """Counts on the grid smoothed with a Gaussian kernel of :data:`SMOOTHING` steps."""
    offsets = np.arange(-4, 5)
    kernel = np.exp(-0.5 * (offsets / SMOOTHING) ** 2)
    kernel /= kernel.sum()
    return np.convolve(counts.astype(float), kernel, mode="same")
