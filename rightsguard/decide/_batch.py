"""One batch of validated disputes scored and decided with a fitted model.

The step :func:`rightsguard.score_file` and :mod:`rightsguard.spark` share:
the evidence audit, the counterparty history, the probability and its
explanation, the chance of winning a ruling and the priced options.
"""

from __future__ import annotations

import polars as pl

from rightsguard.decide._policy import DECISION_COLUMNS, Policy
from rightsguard.decide._ruling import RulingChance
from rightsguard.scoring._history import with_history
from rightsguard.scoring._rules import DEFAULT_RULES, evidence_exprs
from rightsguard.scoring._scorer import PROBABILITY_COLUMNS, Scorer, scored_frame

SCORE_COLUMNS: tuple[str, ...] = (*PROBABILITY_COLUMNS, "p_win_ruling", *DECISION_COLUMNS)
"""Columns :func:`~rightsguard.score` adds to its input."""


def score_accepted(accepted: pl.DataFrame, model: Scorer, ruling: RulingChance,
                   policy: Policy, lang: str, *, history: pl.DataFrame | None = None,
                   past_chances: pl.DataFrame | None = None) -> pl.DataFrame:
    """Audit, score, explain and decide validated disputes with a fitted model.

    Parameters
    ----------
    accepted
        Canonical disputes, as validation accepts them.
    history
        ``dispute_id`` and the history counts, computed over the whole file;
        when None, each counterparty's history is counted within ``accepted``.
    past_chances
        ``dispute_id`` and ``p_win_ruling`` of past rulings (out of fold),
        which replace ``ruling``'s chance for those disputes.

    Returns
    -------
    polars.DataFrame
        ``accepted``'s columns plus :data:`~rightsguard.SCORE_COLUMNS`.
    """
    rules = model.rules or DEFAULT_RULES
    audited = accepted.with_columns(*evidence_exprs(rules))
    audited = (with_history(audited) if history is None
               else audited.join(history, on="dispute_id", how="left"))
    scored = scored_frame(audited, model, lang=lang)
    scored = scored.with_columns(pl.Series(
        "p_win_ruling", ruling.probability(scored["evidence_completeness"].to_numpy()),
        dtype=pl.Float64))
    if past_chances is not None:
        scored = scored.join(past_chances, on="dispute_id", how="left", suffix="_past").with_columns(
            pl.coalesce("p_win_ruling_past", "p_win_ruling").alias("p_win_ruling"))
    return policy.decide(scored, rules, lang).select(*accepted.columns, *SCORE_COLUMNS)
