"""Why one dispute scored as it did: each factor, its level and its points."""

from __future__ import annotations

import numpy as np
import polars as pl

from rightsguard._errors import said
from rightsguard._vocabulary import VALUES, say, stage_names
from rightsguard.engine._aged import days_in_stage, standing
from rightsguard.engine._result import ScoringRun
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS, factor_phrases
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._rules import DEFAULT_RULES
from rightsguard.scoring._time_open import data_moment


def explain(run: ScoringRun, dispute_id: str, lang: str = "en") -> pl.DataFrame:
    """Each factor of one dispute's score: its level and the points it adds, largest first.

    Points are against the average past dispute (20 points double the odds of
    a negotiated outcome), by the run's model: the one that scored the open
    disputes. An open dispute also has the points of where it stands (its
    stage, or the time it has been open), which its score is conditioned on;
    with customer service, its points are null: it ends in a ruling. A past
    dispute's own ``p_negotiated`` came from a model that never saw it, so its
    points here can differ a little from that score.

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
    moment = data_moment(scored)
    row_open = scored.filter(wanted & (pl.col("resolution") == "open"))
    if row_open.height and moment is not None:
        stands = standing(row_open, run.model.levels_, moment)
        stage = row_open["stage"].cast(pl.String)[0]
        days = int(days_in_stage(row_open, moment)[0])
        shift = None if stands.platform[0] else round(float(stands.shift[0]) * POINTS_PER_LOG_ODDS, 1)
        if stands.platform[0] or stands.staged[0]:
            key = ("why_platform_stage" if stands.platform[0] else "why_stage") + (
                "" if row_open["stage_since"][0] is not None else "_open"
            )
            factors.append("stage")
            levels.append(say(key, lang, stage=stage_names(lang)[stage], days=days))
            points.append(shift)
        elif run.model.levels_.time_open.learned:
            factors.append("time open")
            levels.append(say("why_time_open", lang, days=int(stands.hours[0] // 24)))
            points.append(shift)
    return pl.DataFrame(
        {"factor": [VALUES[lang].get(f, f) for f in factors], "level": levels, "points": points},
        schema={"factor": pl.String, "level": pl.String, "points": pl.Float64},
    ).sort(pl.col("points").abs(), descending=True)
