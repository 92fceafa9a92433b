"""A run's notes, warnings and counts of advice, told from its tally in the reader's language."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._vocabulary import say, text, translate
from rightsguard.decide._backtest import Backtest
from rightsguard.decide._policy import Policy
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.scoring._held import PRIOR_HELD_RATE, HeldRates
from rightsguard.scoring._methods import method_note
from rightsguard.scoring._trust import RunWarning, ScoreTrustWarning, TrustTally

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel
    from rightsguard.scoring._recalibrate import Recalibration
    from rightsguard.scoring._scorer import LinearScorer

UNKNOWN_EVIDENCE_NOTE = 0.5
"""Above this share of disputes with unrecorded vouchers, the run says what to supply."""


def open_recommendations(scored: pl.DataFrame) -> dict[str, int]:
    """Open disputes per recommended option."""
    is_open = pl.col("resolution") == "open"
    chosen = scored.select(pl.col("recommendation").filter(is_open).cast(pl.String)).to_series()
    return dict(chosen.value_counts().iter_rows())


def coverage_warnings(coverage: EvidenceCoverage | None, lang: str) -> list[RunWarning]:
    """A warning when the evidence covers few of the disputes."""
    low = None if coverage is None else coverage.low_coverage(lang)
    return [RunWarning(ScoreTrustWarning, low)] if low else []


def analyst_notes(
    tally: TrustTally,
    model: NegotiationModel | LinearScorer,
    recalibration: Recalibration | None,
    lang: str,
    as_of: datetime | None = None,
) -> list[str]:
    """The notes in an analyst's words: which method was kept and by what held-out figure, and
    how scores were recalibrated (what the open cases' scores are conditioned on is the
    tally's :class:`~rightsguard.engine._open_stages.OpenStages` to say)."""
    found = []
    chosen = method_note(model.metadata_, lang)
    if chosen:
        found.append(chosen)
    held = held_rates_note(model.levels_.held_rates, lang)
    if held:
        found.append(held)
    if recalibration is not None:
        found.append(
            say(
                "note_recalibrated",
                lang,
                n=recalibration.n_window,
                start=recalibration.window_from,
                end=recalibration.window_to,
                intercept=recalibration.intercept,
                slope=recalibration.slope,
            )
        )
    return found


def held_rates_note(rates: HeldRates, lang: str) -> str | None:
    """How often the shop holds each voucher it has records of, with n and 95% interval, the
    price of a voucher nobody recorded; None when every rate is the prior."""
    described = rates.describe().filter(pl.col("source") == "learned")
    if not described.height:
        return None
    named = described.with_columns(translate(pl.col("voucher"), lang).alias("name"))
    rates_told = text("voucher_separator", lang).join(
        say("held_rate", lang, name=name, rate=rate, low=low, high=high, n=n)
        for name, rate, low, high, n in named.select("name", "held_rate", "low", "high", "n_known").rows()
    )
    return say("note_held_rates", lang, rates=rates_told, prior=PRIOR_HELD_RATE)


def notes(
    tally: TrustTally,
    model: NegotiationModel | LinearScorer,
    coverage: EvidenceCoverage | None,
    recalibration: Recalibration | None,
    unknown: UnknownEffect,
    backtest: Backtest,
    policy: Policy,
    lang: str,
    as_of: datetime | None = None,
) -> list[str]:
    """The run's notes: the analyst's (:func:`analyst_notes`) first, then what the inventory
    covered, the costs and where each came from, the plan replayed in money, what the
    unrecorded vouchers changed and what to supply for a better decision."""
    found = analyst_notes(tally, model, recalibration, lang, as_of)
    if coverage is not None:
        found += coverage.describe(lang)
    found.append(policy.describe(model.levels_.refund_shares, lang))
    found += backtest.describe(policy, lang)
    priced = unknown.describe(lang)
    if priced:
        found.append(priced)
    if tally.unknown_evidence_share() > UNKNOWN_EVIDENCE_NOTE:
        found.append(say("note_unknown_evidence", lang, share=tally.unknown_evidence_share()))
    return found
