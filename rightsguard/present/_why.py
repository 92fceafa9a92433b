"""Why one dispute scored as it did: each factor, its level and its points."""

from __future__ import annotations

import numpy as np
import polars as pl

from rightsguard._errors import said
from rightsguard._vocabulary import VALUES, say
from rightsguard.engine._result import ScoringRun
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS, factor_phrases
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._rules import DEFAULT_RULES
from rightsguard.scoring._time_open import data_moment


def explain(run: ScoringRun, dispute_id: str, lang: str = "en") -> pl.DataFrame:
    """Each factor of one dispute's score: its level and the points it adds, largest first.

    Points are against the average past dispute (20 points double the odds of
    a negotiated outcome), by the run's model: the one that scored the open
    disputes. An open dispute also has the points of the time it has been
    open, which its score is conditioned on. A past dispute's own ``p_negotiated`` came from a model that
    never saw it, so its points here can differ a little from that score.

    Parameters
    ----------
    run
        What :func:`rightsguard.score` returned, in memory.
    dispute_id
        The dispute to explain.
    lang
        ``"en"`` or ``"zh"``: the language of the factors and levels.

    Returns
    -------
    polars.DataFrame
        ``factor``, ``level`` and ``points``, one row per factor.

    Raises
    ------
    TypeError
        When ``run`` is not a run (its scored frame, say).
    ValueError
        When the run holds no such dispute, naming it.
    """
    if not isinstance(run, ScoringRun):
        raise said(TypeError, "err_api_run", function="explain", kind=type(run).__name__)
    scored = run.in_memory()
    wanted = pl.col("dispute_id") == str(dispute_id)
    if not scored.select(wanted.any()).item():
        raise ValueError(
            f"the run holds no dispute {dispute_id!r}; its ids look like "
            f"{scored['dispute_id'].head(1).to_list()}"
        )
    row = with_history(scored.drop(HISTORY_COLUMNS, strict=False)).filter(wanted)
    factors, contributions = run.model.contributions(row)
    table = factor_phrases(run.model.levels_, run.model.rules or DEFAULT_RULES, lang)
    codes = row.select(table[f].code.cast(pl.Int32).alias(f) for f in factors).row(0)
    levels = [None if code is None else table[f].phrases[code] for f, code in zip(factors, codes)]
    points = list(np.round(contributions[0] * POINTS_PER_LOG_ODDS, 1))
    hours = _hours_open(scored, wanted)
    if hours is not None and run.model.levels_.time_open.learned:
        factors.append("time open")
        levels.append(say("why_time_open", lang, days=int(hours // 24)))
        points.append(
            round(
                float(run.model.levels_.time_open.log_odds_shift(np.array([hours]))[0]) * POINTS_PER_LOG_ODDS,
                1,
            )
        )
    return pl.DataFrame(
        {"factor": [VALUES[lang].get(f, f) for f in factors], "level": levels, "points": points},
        schema={"factor": pl.String, "level": pl.String, "points": pl.Float64},
    ).sort(pl.col("points").abs(), descending=True)


def _hours_open(scored: pl.DataFrame, wanted: pl.Expr) -> float | None:
    """How long the dispute had been open at the data's moment; None for a past dispute."""
    row = scored.filter(wanted & (pl.col("resolution") == "open"))
    moment = data_moment(scored)
    if not row.height or moment is None or row["opened_at"][0] is None:
        return None
    return max((moment - row["opened_at"][0]).total_seconds() / 3600, 0.0)
