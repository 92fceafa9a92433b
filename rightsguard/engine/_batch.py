"""One batch of validated disputes scored and decided with a fitted model.

The step memory, a stream (:mod:`rightsguard.engine._stream`) and :mod:`rightsguard.spark` share:
the evidence audit, the counterparty history, the probability and its
explanation, the chance of winning a ruling and the priced options.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._schema import CANONICAL_SCHEMA, VOUCHERS
from rightsguard.decide._policy import DECISION_COLUMNS, DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import RulingChance, past_rulings_mask
from rightsguard.engine._aged import conditioned_on_where_it_stands
from rightsguard.scoring._held import completeness_distribution
from rightsguard.scoring._history import with_history
from rightsguard.scoring._rules import DEFAULT_RULES, evidence_exprs
from rightsguard.scoring._scorer import PROBABILITY_COLUMNS, Scorer, scored_frame
from rightsguard.scoring._time_open import data_moment

SCORE_COLUMNS: tuple[str, ...] = (
    *PROBABILITY_COLUMNS,
    "p_win_ruling",
    "p_win_ruling_low",
    "p_win_ruling_high",
    *DECISION_COLUMNS,
)
"""Columns :func:`~rightsguard.score` adds to its input."""


def score_accepted(
    accepted: pl.DataFrame,
    model: Scorer,
    ruling: RulingChance,
    policy: Policy,
    lang: str,
    *,
    history: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Audit, score, explain and decide validated disputes with a fitted model.

    Parameters
    ----------
    accepted
        Canonical disputes, as validation accepts them.
    history
        ``dispute_id`` and the history counts, computed over the whole file;
        when None, each counterparty's history is counted within ``accepted``.

    Returns
    -------
    polars.DataFrame
        ``accepted``'s columns plus :data:`~rightsguard.SCORE_COLUMNS`.
    """
    return decide_scored(
        score_batch(accepted, model, lang, history=history),
        model,
        ruling,
        policy,
        lang,
        as_of=data_moment(accepted),
    )


def empty_scored(model: Scorer, lang: str) -> pl.DataFrame:
    """No dispute, in the columns and types of a scored batch: what an output of no row holds.

    Its disputes have the canonical columns and the source's own feature columns the model
    reads (text or numbers, as validation types them).
    """
    levels = model.levels_
    extras = {c: pl.String for c, _ in levels.extra_levels} | {
        c: pl.Float64 for c, _, _ in levels.extra_scales
    }
    return score_accepted(
        pl.DataFrame(schema={**CANONICAL_SCHEMA, **extras}), model, RulingChance.prior(), DEFAULT_POLICY, lang
    )


def score_batch(
    accepted: pl.DataFrame,
    model: Scorer,
    lang: str,
    *,
    history: pl.DataFrame | None = None,
    past_reasons: bool = True,
) -> pl.DataFrame:
    """The first half of :func:`score_accepted`: the audit, probability and explanation.

    Returns ``accepted``'s columns plus :data:`~rightsguard.PROBABILITY_COLUMNS`;
    nothing here depends on the chance of winning a ruling or the policy. Without
    ``past_reasons``, the past disputes' ``why`` is null (:func:`scored_frame`).
    """
    audited = accepted.with_columns(*evidence_exprs(model.rules or DEFAULT_RULES))
    audited = with_history(audited) if history is None else audited.join(history, on="dispute_id", how="left")
    return scored_frame(audited, model, lang=lang, past_reasons=past_reasons).select(
        *accepted.columns, *PROBABILITY_COLUMNS
    )


def decide_scored(
    scored: pl.DataFrame,
    model: Scorer,
    ruling: RulingChance,
    policy: Policy,
    lang: str,
    *,
    as_of: datetime | None = None,
    past_chances: np.ndarray | None = None,
) -> pl.DataFrame:
    """The second half of :func:`score_accepted`: the open disputes' scores as of the data's
    moment ``as_of``, the chance of winning a ruling and the options.

    ``past_chances`` are the held-out chances of the past rulings among
    ``scored``, in order; they replace ``ruling``'s chance for those disputes (NaN: those
    the fit left out, which keep it).
    """
    disputes = [c for c in scored.columns if c not in PROBABILITY_COLUMNS]
    scored = conditioned_on_where_it_stands(scored, model.levels_, as_of, lang)
    rules = model.rules or DEFAULT_RULES
    law = completeness_distribution(
        scored, model.levels_.held_rates, dict(zip(VOUCHERS, rules.required_exprs()))
    )
    p = ruling.averaged(law)
    low, high = ruling.range_over(law)
    if past_chances is not None:  # NaN: a ruling the fit left out keeps its averaged chance
        past = np.flatnonzero(past_rulings_mask(scored))
        held_out = past[np.isfinite(past_chances)]
        p[held_out] = low[held_out] = high[held_out] = past_chances[np.isfinite(past_chances)]
    scored = scored.with_columns(
        pl.Series("p_win_ruling", p, dtype=pl.Float64),
        pl.Series("p_win_ruling_low", low, dtype=pl.Float64),
        pl.Series("p_win_ruling_high", high, dtype=pl.Float64),
    )
    return policy.decide(scored, rules, lang).select(*disputes, *SCORE_COLUMNS)
