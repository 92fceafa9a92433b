"""The scoring plan: what spans the whole input, learned once, then applied to each batch.

Whichever path runs (memory as one batch, a stream batch by batch, Spark per Arrow batch), what
no batch can learn alone is learned first from all of the input: the model (with what it carries:
held rates, settlements, time and stage curves), the chance of winning a ruling, the data's moment
and, where counterparties are named, their history. :class:`ScoringPlan` holds it with the run's
options, and is the one thing each path asks to score, decide, count and tell a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from rightsguard.decide._ruling import RulingChance, learned_ruling_chances
from rightsguard.engine._batch import decide_scored, score_batch
from rightsguard.engine._options import RunOptions
from rightsguard.engine._tally import RunTally
from rightsguard.scoring._scorer import LinearScorer
from rightsguard.scoring._trust import TrustTally

if TYPE_CHECKING:
    from rightsguard.io._coverage import EvidenceCoverage
    from rightsguard.scoring._model import NegotiationModel
    from rightsguard.scoring._quality import Quality
    from rightsguard.scoring._recalibrate import Recalibration
    from rightsguard.scoring._trust import RunWarning


@dataclass(frozen=True)
class ScoringPlan:
    """What spans the input, and the run's options: applied alike to every batch of every path.

    Attributes
    ----------
    model
        The fitted model every batch is scored with.
    ruling
        The chance of winning a ruling, learned from every past ruling of the input.
    options
        The run's options, handed down whole.
    as_of
        The data's moment: its newest opening or closing, to which open cases' ages count.
    history
        Each named counterparty's history as of each dispute's opening, over the whole input
        (None: counted within the batch).
    """

    model: NegotiationModel | LinearScorer
    ruling: RulingChance
    options: RunOptions
    as_of: datetime | None
    history: pl.DataFrame | None = None
    past_reasons: bool = True
    """Whether past disputes keep their structured reasons (``why``): not where the run writes
    its disputes to a file and keeps none (a stream)."""

    @classmethod
    def learned(
        cls,
        model: NegotiationModel | LinearScorer,
        options: RunOptions,
        rulings: pl.DataFrame,
        as_of: datetime | None,
        history: pl.DataFrame | None = None,
        *,
        past_reasons: bool = True,
    ) -> tuple[ScoringPlan, np.ndarray]:
        """The plan, learned from what each path gathered of its whole input.

        Parameters
        ----------
        rulings
            Every past ruling of the input, in order
            (:func:`~rightsguard.decide._ruling.rulings_of`).
        as_of, history
            The data's moment and the counterparties' history, as gathered.
        past_reasons
            As the attribute.

        Returns
        -------
        plan, past_chances
            The plan, and each past ruling's chance from a model that never saw it (in the
            order of ``rulings``; NaN: left out of the fit), with the folds of the run's
            :class:`~rightsguard.FitOptions`.
        """
        fitting = options.fitting
        ruling, past_chances = learned_ruling_chances(rulings, fitting.n_splits, fitting.random_state)
        return cls(model, ruling, options, as_of, history, past_reasons), past_chances

    def scored(self, accepted: pl.DataFrame) -> pl.DataFrame:
        """A batch of validated disputes audited, scored and explained."""
        return score_batch(
            accepted, self.model, self.options.lang, history=self.history, past_reasons=self.past_reasons
        )

    def decided(self, scored: pl.DataFrame, past_chances: np.ndarray | None = None) -> pl.DataFrame:
        """A scored batch as it stands at the data's moment, priced and decided; ``past_chances``
        are its past rulings' held-out chances, in order (NaN: keep the averaged one)."""
        return decide_scored(
            scored,
            self.model,
            self.ruling,
            self.options.policy,
            self.options.lang,
            as_of=self.as_of,
            past_chances=past_chances,
        )

    def tally(self) -> RunTally:
        """An empty tally of the run's counts, for the decided batches to be added to."""
        return RunTally(TrustTally(self.model.metadata_), self.ruling, self.options.policy)

    def told(
        self, tally: RunTally, coverage: EvidenceCoverage | None, recalibration: Recalibration | None = None
    ) -> tuple[Quality | None, list[RunWarning], list[str], list[str]]:
        """The run's held-out quality, warnings, notes and analyst's notes, from its tally."""
        return tally.told(self.model, coverage, recalibration, self.options.lang, self.as_of)
