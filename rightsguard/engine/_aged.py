"""Open disputes scored as they stand at the data's moment, not as they opened.

The one place every path (in memory, streamed, Spark) turns the model's score at opening
into the score of a dispute still open: in a customer-service stage it has no chance of
a negotiated end (:mod:`rightsguard.scoring._stages`); in a stage the model learned, its
odds move by that stage's shares at its age; where the source does not say its stage, by
how long it has been open (:class:`~rightsguard.scoring._time_open.TimeOpen`). A stage said
but not learned keeps the score at opening: how long such a case has been open says
little once it is known not to be with customer service, where slow cases go. Its
explanation names the stage and its days in it (since the stage began, where a store
knows it; else since opening).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._schema import PLATFORM_STAGES
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS, scale_factors
from rightsguard.scoring._features import FeatureLevels
from rightsguard.scoring._reasons import (
    STAGE,
    STAGE_KINDS,
    render_why,
    with_reasons_added,
    with_rows_replaced,
)

MIN_POINTS_SHOWN = 1
"""The smallest effect (points) of where a dispute stands that its explanation names."""


def days_in_stage(scored: pl.DataFrame, as_of: datetime) -> pl.Series:
    """Whole days each dispute has been in its stage at ``as_of`` (since it opened, where the
    stage's beginning is not known)."""
    return (
        scored.select(pl.coalesce(_hours_since("stage_since", as_of), _hours_since("opened_at", as_of)) / 24)
        .to_series()
        .fill_null(0.0)
        .floor()
        .cast(pl.Int64)
    )


def _hours_since(column: str, as_of: datetime) -> pl.Expr:
    return ((pl.lit(as_of, pl.Datetime("us")) - pl.col(column)).dt.total_seconds() / 3600).clip(
        lower_bound=0.0
    )


@dataclass(frozen=True)
class Standing:
    """Where each dispute stands at the data's moment, and what that does to its log-odds.

    Attributes
    ----------
    is_open, platform, staged
        Open; with customer service (no chance of a negotiated end); in a
        stage the model learned. A dispute in a stage not learned keeps its
        score at opening; one whose stage is not said is conditioned on time open.
    hours
        Hours open (NaN for a past dispute).
    shift
        The change in log-odds of a negotiated end (0 where nothing is known).
    """

    is_open: np.ndarray
    platform: np.ndarray
    staged: np.ndarray
    hours: np.ndarray
    shift: np.ndarray


def standing(scored: pl.DataFrame, levels: FeatureLevels, as_of: datetime) -> Standing:
    """Where each of ``scored``'s disputes stands at ``as_of``, by the model's ``levels``."""
    is_open = (scored["resolution"] == "open").fill_null(False).to_numpy()
    stage = scored["stage"].cast(pl.String).fill_null("").to_numpy().astype(str)
    hours = scored.select(_hours_since("opened_at", as_of)).to_series().fill_null(np.nan).to_numpy()
    hours = np.where(is_open, hours, np.nan)
    by_stage = levels.stage_times.log_odds_shift(stage, hours)
    said = ~np.isin(stage, ("", "other"))
    by_time = np.where(said, 0.0, levels.time_open.log_odds_shift(hours))
    shift = np.where(np.isnan(by_stage), by_time, by_stage)
    return Standing(is_open, is_open & np.isin(stage, PLATFORM_STAGES), ~np.isnan(by_stage), hours, shift)


def conditioned_on_where_it_stands(
    scored: pl.DataFrame, levels: FeatureLevels, as_of: datetime | None, lang: str
) -> pl.DataFrame:
    """The open disputes' ``p_negotiated`` given their stage and how long each has been open
    at ``as_of`` (:func:`standing`).

    Their reasons gain where each stands (the stage and its days, or the days open) with its
    points, when they reach :data:`MIN_POINTS_SHOWN` (always where customer service has the
    case), and are said again. Past disputes, and every dispute when
    the moment is unknown, are returned as they were.
    """
    rows = np.flatnonzero((scored["resolution"] == "open").fill_null(False).to_numpy())
    if as_of is None or not rows.size:
        return scored
    still_open = scored[rows]
    stands = standing(still_open, levels, as_of)
    platform, hours, shift = stands.platform, stands.hours, stands.shift
    p = still_open["p_negotiated"].to_numpy()
    with np.errstate(divide="ignore"):
        aged = 1 / (1 + np.exp(-(np.log(p) - np.log1p(-p) + shift)))
    moved = np.where(platform, 0.0, aged)
    points = np.round(shift * POINTS_PER_LOG_ODDS).astype(np.int64)
    since = still_open["stage_since"].is_not_null().to_numpy()
    staged = stands.staged
    kind = np.select(  # which words say where it stands; -1: too little to name
        [platform & since, platform, np.abs(points) < MIN_POINTS_SHOWN, staged & since, staged],
        [
            STAGE_KINDS.index("platform_since"),
            STAGE_KINDS.index("platform_open"),
            -1,
            STAGE_KINDS.index("staged_since"),
            STAGE_KINDS.index("staged_open"),
        ],
        STAGE_KINDS.index("time_open"),
    )
    timed = kind == STAGE_KINDS.index("time_open")
    added = (
        pl.DataFrame(
            {
                "row": np.arange(len(rows)),
                "factor": np.full(len(rows), STAGE),
                "level": kind,
                "value": still_open["stage"].cast(pl.String),
                "points": points,
                "days": np.where(
                    timed, np.floor(np.nan_to_num(hours) / 24), days_in_stage(still_open, as_of)
                ),
                "_timed": timed,
                "_platform": platform,
            }
        )
        .select(
            "row",
            "factor",
            "level",
            pl.when(~pl.col("_timed")).then("value").alias("value"),
            pl.when(~pl.col("_platform")).then("points").alias("points"),
            "days",
        )
        .filter(pl.col("level") >= 0)
    )
    why = with_reasons_added(still_open["why"], added)
    return scored.with_columns(
        scored["p_negotiated"].clone().scatter(rows, moved),
        with_rows_replaced(scored["why"], rows, why),
        with_rows_replaced(scored["explanation"], rows, render_why(why, lang, scale_factors(levels))),
    )
