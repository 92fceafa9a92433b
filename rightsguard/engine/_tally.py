"""What a run adds up over its decided disputes, whichever path decided them.

Memory adds its one batch, a stream each batch as it is written, Spark each
batch it reads back: :class:`RunTally` is the one accumulator of all three, and
:meth:`RunTally.told` turns it into the run's quality, warnings and notes.

A new per-run statistic is a class with an ``add(decided, ...)`` that sums
over batches and a ``merge(other)`` that adds another tally's sums (as
:class:`~rightsguard.decide._backtest.Backtest` does); it is added and merged
here, once, and every path counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._counts import add_counts
from rightsguard.decide._backtest import Backtest
from rightsguard.decide._policy import Policy
from rightsguard.decide._ruling import RulingChance
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.engine._open_stages import OpenStages
from rightsguard.engine._run_notes import analyst_notes, coverage_warnings, notes, open_recommendations
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.scoring._quality import Quality
from rightsguard.scoring._trust import RunWarning, TrustTally

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel
    from rightsguard.scoring._recalibrate import Recalibration
    from rightsguard.scoring._scorer import LinearScorer


@dataclass
class RunTally:
    """A run's counts, added up batch by batch over its decided disputes.

    Attributes
    ----------
    trust
        The counts the trust checks read (labels, probabilities, reasons).
    ruling, policy
        The chance of winning a ruling the run learned, and its costs.
    unknown
        What pricing unknown vouchers as unknown changed.
    backtest
        The plan replayed over the past disputes.
    recommendations
        Open disputes per recommended option.
    stages
        Where the open disputes stand.
    """

    trust: TrustTally
    ruling: RulingChance
    policy: Policy
    unknown: UnknownEffect = field(default_factory=UnknownEffect)
    backtest: Backtest = field(default_factory=Backtest)
    recommendations: dict[str, int] = field(default_factory=dict)
    stages: OpenStages = field(default_factory=OpenStages)

    def add(self, decided: pl.DataFrame) -> RunTally:
        """Count one batch of decided disputes."""
        add_counts(self.recommendations, open_recommendations(decided))
        self.trust.add(decided)
        self.unknown.add(decided, self.ruling, self.policy)
        self.backtest.add(decided, self.policy)
        self.stages.add(decided)
        return self

    def merge(self, other: RunTally) -> RunTally:
        """Add the counts of ``other``, a tally of other batches of the same run; returns itself.

        A stream counts each batch in the thread that decided it and merges the tallies in the
        batches' order, so that the sums are those of counting them one after the other.
        """
        add_counts(self.recommendations, other.recommendations)
        self.trust.merge(other.trust)
        self.unknown.merge(other.unknown)
        self.backtest.merge(other.backtest)
        self.stages.merge(other.stages)
        return self

    def told(
        self,
        model: NegotiationModel | LinearScorer,
        coverage: EvidenceCoverage | None,
        recalibration: Recalibration | None,
        lang: str,
        as_of: datetime | None,
    ) -> tuple[Quality | None, list[RunWarning], list[str], list[str]]:
        """The run's held-out quality, its reasons to distrust the scores, its notes and those
        of them in an analyst's words."""
        quality = self.trust.quality()
        found = [*self.trust.warnings(quality, lang), *coverage_warnings(coverage, lang)]
        told = notes(
            self.trust, model, coverage, recalibration, self.unknown, self.backtest, self.policy, lang, as_of
        )
        staged = self.stages.notes(model.levels_, as_of, lang)
        analyst = analyst_notes(self.trust, model, recalibration, lang, as_of)
        return quality, found, [*told, *staged], [*analyst, *staged]
