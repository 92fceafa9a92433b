"""What a scoring run returns, whichever way it ran (in memory or file to file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._errors import said
from rightsguard._vocabulary import check_language, say, text, translate
from rightsguard.decide._backtest import Backtest
from rightsguard.decide._options import OPTIONS
from rightsguard.decide._policy import Policy
from rightsguard.decide._ruling import RulingChance
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._plan_file import PlanOrigin
from rightsguard.scoring._explain import scale_factors
from rightsguard.scoring._quality import Quality
from rightsguard.scoring._reasons import render_why
from rightsguard.scoring._rules import DEFAULT_RULES
from rightsguard.scoring._scored_by import heldout

if TYPE_CHECKING:
    from rightsguard.engine._tally import RunTally
    from rightsguard.scoring._model import NegotiationModel
    from rightsguard.scoring._recalibrate import Recalibration
    from rightsguard.scoring._scorer import LinearScorer


@dataclass(frozen=True)
class ScoringRun:
    """Everything one scoring run produced.

    Attributes
    ----------
    scored : polars.DataFrame or None
        The accepted disputes plus :data:`SCORE_COLUMNS`, in input order; None
        when the run streamed them to ``output`` in batches.
    model : NegotiationModel
        The supplied model, or the one fitted on all labelled disputes.
    ruling : RulingChance
        The chance of winning a ruling, learned or prior.
    policy : Policy
    quality : Quality or None
        Held-out quality: out of fold, or, for a supplied model, on labelled
        disputes opened after its training period.
    coverage : EvidenceCoverage or None
        What the evidence inventory covered, when one was given.
    warnings : list of str
        Reasons to distrust the scores (also emitted as Python warnings of
        their categories).
    notes : list of str
        Which method was kept, what the inventory covered and what the user
        could supply to make the decision better.
    analyst_notes : list of str
        Those of ``notes`` in an analyst's words (held-out figures, recalibration, what the
        scores are conditioned on): a page shows them apart from the seller's.
    n_rows, n_accepted, n_blank : int
        Rows read (blank lines excluded), rows scored, blank lines skipped:
        ``n_rows = n_accepted + n_rejected``.
    rejected : polars.DataFrame or None
        Rows refused by validation, with ``source_row`` and ``problems``
        (None when streamed: they went to ``rejected_output``).
    n_rejected : int
    output, rejected_output : pathlib.Path or None
        Where the scored and the refused rows were written, if anywhere.
    recommendations : dict
        Open disputes per recommended option (past disputes are scored too,
        but nothing is to be done about them).
    unknown_effect : UnknownEffect
        Open disputes with vouchers nobody recorded, and how many of them
        pricing those vouchers as unknown (not missing) gave other advice.
    backtest : Backtest
        The plan replayed over the past disputes: money and rulings against
        the shop, following the plan, always negotiating and as happened.
    changes : list of str
        What changed since the last run, when the disputes come from a store
        that logged one (the page opens with it).
    origin : PlanOrigin or None
        The logged run and its store, when the disputes come from a store: the
        plan carries it, so that ``record`` ties the seller's choices to it.
    decisions : polars.DataFrame or None
        From a store: each case's latest recorded choice (``dispute_id``,
        ``option``, ``recorded_at``), which the next plan shows.
    lang : str
        The language of its sentences, and of its display in a notebook.
    tally, as_of, recalibration
        What its notes and warnings are told from: its counts, the data's moment and the
        recalibration it applied (:meth:`in_language` tells them again).
    retold
        For a store's run, how the store's own notes are told around the run's in a language.
    """

    scored: pl.DataFrame | None
    model: NegotiationModel | LinearScorer
    ruling: RulingChance
    policy: Policy
    quality: Quality | None
    coverage: EvidenceCoverage | None
    warnings: list[str]
    notes: list[str]
    n_rows: int = 0
    n_accepted: int = 0
    n_rejected: int = 0
    n_blank: int = 0
    rejected: pl.DataFrame | None = None
    output: Path | None = None
    rejected_output: Path | None = None
    recommendations: dict[str, int] = field(default_factory=dict)
    unknown_effect: UnknownEffect = field(default_factory=UnknownEffect)
    backtest: Backtest = field(default_factory=Backtest)
    changes: list[str] = field(default_factory=list)
    analyst_notes: list[str] = field(default_factory=list)
    lang: str = "en"
    origin: PlanOrigin | None = None
    decisions: pl.DataFrame | None = None
    tally: RunTally | None = field(default=None, repr=False, compare=False)
    as_of: datetime | None = None
    recalibration: Recalibration | None = None
    retold: Callable[[ScoringRun, str], ScoringRun] | None = field(default=None, repr=False, compare=False)

    @property
    def supplied_model(self) -> bool:
        """Whether the disputes were scored by a model passed in, not fitted here."""
        return self.scored is None or not bool(self.scored.select(heldout().any()).item())

    def in_language(self, lang: str) -> ScoringRun:
        """The run shown in ``lang``, scored and decided once: each explanation said again from
        the dispute's reasons (``why``), each next step from its decision and evidence, and the
        notes and warnings told again from the run's counts.

        The refused rows' problems stay in the words they were found in. A store's run tells
        its own notes again too (what changed, the track record, the run it logged).

        Raises
        ------
        ValueError
            For a run that streamed its disputes to a file (no reasons kept: score again with
            ``lang=``).
        """
        check_language(lang)
        if lang == self.lang:
            return self
        if self.scored is None or self.tally is None:
            raise said(ValueError, "err_in_language_streamed", path=self.output, asked=lang)
        rules = self.model.rules or DEFAULT_RULES
        scored = self.scored.with_columns(
            render_why(self.scored["why"], lang, scale_factors(self.model.levels_)),
            self.policy.next_step(self.scored, rules, lang),
        )
        _, found, told, analyst = self.tally.told(
            self.model, self.coverage, self.recalibration, lang, self.as_of
        )
        shown = replace(
            self,
            scored=scored,
            warnings=[w.message for w in found],
            notes=told,
            analyst_notes=analyst,
            lang=lang,
        )
        return shown if self.retold is None else self.retold(shown, lang)

    def in_memory(self) -> pl.DataFrame:
        """The scored disputes, refused (ValueError) for a run that streamed them to a file."""
        if self.scored is None:
            raise ValueError(
                f"the run streamed its disputes to {self.output}; read that file "
                "back (pl.read_parquet), or score without output= to keep them"
            )
        return self.scored

    def _repr_html_(self) -> str:
        """What a notebook shows of a run: its counts, the open disputes' options, its warnings
        and notes (``rg.summarise(run)`` has the full figures)."""
        lang = self.lang
        names = dict(
            zip(OPTIONS, pl.select(translate(pl.lit(pl.Series(OPTIONS)), lang)).to_series().to_list())
        )
        options = text("list_separator", lang).join(
            f"{escape(names[o])} {n:,}" for o, n in sorted(self.recommendations.items())
        )
        where = (
            say("run_written_to", lang, path=f"<code>{escape(str(self.output))}</code>")
            if self.scored is None
            else text("run_in_scored", lang)
        )
        items = "".join(f"<li>{escape(line)}</li>" for line in [*self.changes, *self.warnings, *self.notes])
        return (
            "<div><strong>ScoringRun</strong>: "
            + say(
                "run_summary",
                lang,
                scored=self.n_accepted,
                where=where,
                refused=self.n_rejected,
                options=options or text("run_no_options", lang),
            )
            + "</div>"
            + (f"<ul>{items}</ul>" if items else "")
        )

    def __repr__(self) -> str:
        where = f"written to {self.output}" if self.scored is None else "in .scored"
        return (
            f"ScoringRun({self.n_accepted:,} disputes scored ({where}), "
            f"{self.n_rejected:,} refused, {len(self.warnings)} warning(s); "
            f"recommendations {self.recommendations})"
        )
