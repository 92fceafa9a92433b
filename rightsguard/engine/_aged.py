"""Open disputes scored as they stand at the data's moment, not as they opened.

The one place every path (in memory, streamed, Spark) turns the model's
score at opening into the score of a dispute still open after days, with
the curves the model learned (:class:`~rightsguard.scoring._time_open.TimeOpen`).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._vocabulary import phrases, say
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS
from rightsguard.scoring._time_open import TimeOpen

MIN_POINTS_SHOWN = 1
"""The smallest effect (points) of the time open that a dispute's explanation names."""


def conditioned_on_time_open(
    scored: pl.DataFrame, time_open: TimeOpen, as_of: datetime | None, lang: str
) -> pl.DataFrame:
    """The open disputes' ``p_negotiated`` given how long each has been open at ``as_of``.

    Their explanation gains the days open and its points when they reach
    :data:`MIN_POINTS_SHOWN`. Past disputes, and every dispute when the
    curves were not learned or the moment is unknown, are returned as they
    were.
    """
    if not time_open.learned or as_of is None or not scored.height:
        return scored
    is_open = (scored["resolution"] == "open").fill_null(False).to_numpy()
    hours = (
        scored.select(
            ((pl.lit(as_of, pl.Datetime("us")) - pl.col("opened_at")).dt.total_seconds() / 3600).clip(
                lower_bound=0.0
            )
        )
        .to_series()
        .fill_null(float("nan"))
        .to_numpy()
    )
    shift = time_open.log_odds_shift(np.where(is_open, hours, np.nan))
    p = scored["p_negotiated"].to_numpy()
    with np.errstate(divide="ignore"):
        moved = 1 / (1 + np.exp(-(np.log(p) - np.log1p(-p) + shift)))
    points = np.round(shift * POINTS_PER_LOG_ODDS).astype(np.int64)
    separator, points_text = phrases("why", lang)[2], phrases("why", lang)[4]
    template = say("why_time_open", lang, days="{}") + points_text.replace("{:+d}", "{}")
    told = pl.format(
        template,
        (pl.col("_hours") / 24).floor().cast(pl.Int64),
        pl.when(pl.col("_points") > 0).then(pl.lit("+")).otherwise(pl.lit(""))
        + pl.col("_points").cast(pl.String),
    )
    return (
        scored.with_columns(pl.Series("_hours", hours), pl.Series("_points", points))
        .with_columns(
            pl.Series("p_negotiated", moved, dtype=pl.Float64),
            pl.when(pl.col("_points").abs() >= MIN_POINTS_SHOWN)
            .then(pl.concat_str(pl.col("explanation"), pl.lit(separator), told))
            .otherwise(pl.col("explanation"))
            .alias("explanation"),
        )
        .drop("_hours", "_points")
    )
