"""Every option of a run in one object, made once by ``score`` and handed down whole to the path
that runs it (memory or a stream), so that no path can drop one on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.io._load import ReadOptions
from rightsguard.scoring._fitting import FitOptions


@dataclass(frozen=True)
class RunOptions:
    """What a run is asked, whichever path runs it.

    Attributes
    ----------
    reading
        How raw rows become canonical disputes, in the run's language.
    fitting
        How models are fitted (and the folds of the past rulings' held-out chances).
    policy
        The options' costs and the guard on escalating.
    lang
        The language of every sentence the run writes.
    history
        Other canonical disputes that count in each counterparty's history.
    recalibrate
        Recalibrate a supplied model on the labelled disputes after its training period.
    keep_private
        Keep the counterparty key in the outputs.
    lenient
        Keep the valid rows and return the refused ones, rather than stop.
    batch_size
        Disputes read or scored at once: the bound on memory.
    """

    reading: ReadOptions = field(default_factory=ReadOptions)
    fitting: FitOptions = field(default_factory=FitOptions)
    policy: Policy = DEFAULT_POLICY
    lang: str = "en"
    history: pl.DataFrame | None = None
    recalibrate: bool = False
    keep_private: bool = False
    lenient: bool = False
    batch_size: int = 100_000
