"""Charts of the model's quality: scores by outcome, calibration of held-out scores and of the
track record, and the scorecard's points per factor level. Aggregated in polars before altair sees
the data.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import polars as pl

from rightsguard._vocabulary import VALUES, check_language, text, translate
from rightsguard.present._chart_parts import keyed, scoped
from rightsguard.present._colours import OUTCOME_COLOURS
from rightsguard.scoring._quality import calibration_table
from rightsguard.scoring._scored_by import heldout

SCORECARD_WIDTH = 360


def score_distribution(scored: pl.DataFrame, *, bins: int = 20, lang: str = "en") -> alt.Chart:
    """Distribution of P(negotiated) within each actual outcome (share per bin), n in the legend."""
    check_language(lang)
    data = (
        scored.group_by(
            (pl.col("p_negotiated") * bins).floor().clip(0, bins - 1).truediv(bins).alias("bin"),
            pl.col("resolution").cast(pl.String).alias("outcome"),
        )
        .len("disputes")
        .with_columns(
            (pl.col("disputes") / pl.col("disputes").sum().over("outcome")).alias("share"),
            translate(pl.col("outcome"), lang).alias("outcome_name"),
        )
        .sort("outcome", "bin")
    )
    counts = dict(data.group_by("outcome").agg(pl.col("disputes").sum()).iter_rows())
    names = {o: f"{VALUES[lang][o]} (n={counts.get(o, 0):,})" for o in OUTCOME_COLOURS}
    return (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=alt.X("bin:Q", title=text("probability", lang), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("share:Q", title=text("share", lang), axis=alt.Axis(format=".0%")),
            color=keyed(alt.Color, "outcome", OUTCOME_COLOURS, lang, text("outcome", lang), names),
            tooltip=[
                alt.Tooltip("outcome_name:N", title=text("outcome", lang)),
                alt.Tooltip("bin:Q", format=".2f", title=text("probability", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
                alt.Tooltip("share:Q", format=".1%", title=text("share", lang)),
            ],
        )
        .properties(title=scoped("title_distribution", "all", lang), width=420, height=240)
    )


def calibration_chart(scored: pl.DataFrame, *, bins: int = 10, lang: str = "en") -> alt.LayerChart:
    """Reliability diagram of past disputes' out-of-fold scores, with 95% intervals, sized by n."""
    check_language(lang)
    measured = scored.filter(heldout())
    y = (measured["resolution"].cast(pl.String) == "negotiated").to_numpy()
    return _reliability(
        y, measured["p_negotiated"].to_numpy(), bins, scoped("title_calibration", "past", lang), lang
    )


def track_record_chart(predictions: pl.DataFrame, *, bins: int = 10, lang: str = "en") -> alt.LayerChart:
    """Reliability diagram of the predictions made before their outcome (a store's track
    record: ``rg.store.track_record(store).predictions``), with 95% intervals, sized by n."""
    check_language(lang)
    y = predictions["outcome"].cast(pl.String).is_in(["withdrawn", "agreed"]).to_numpy()
    return _reliability(
        y, predictions["p_negotiated"].to_numpy(), bins, text("title_track_record", lang), lang
    )


def _reliability(y: np.ndarray, p: np.ndarray, bins: int, title: str, lang: str) -> alt.LayerChart:
    """Observed against predicted by bins of ``p``, with 95% intervals, sized by n."""
    data = calibration_table(y, p, bins).with_columns(
        (pl.col("observed_rate") - pl.col("half_width_95")).clip(0, 1).alias("low"),
        (pl.col("observed_rate") + pl.col("half_width_95")).clip(0, 1).alias("high"),
    )
    axis = alt.Scale(domain=[0, 1])
    diagonal = (
        alt.Chart(pl.DataFrame({"p": [0.0, 1.0]}))
        .mark_line(strokeDash=[4, 4], color="gray")
        .encode(x=alt.X("p:Q", scale=axis), y=alt.Y("p:Q", scale=axis))
    )
    x = alt.X("mean_predicted:Q", title=text("predicted", lang), scale=axis, axis=alt.Axis(format=".0%"))
    bars = alt.Chart(data).mark_rule().encode(x=x, y="low:Q", y2="high:Q")
    points = (
        alt.Chart(data)
        .mark_circle(opacity=1)
        .encode(
            x=x,
            y=alt.Y("observed_rate:Q", title=text("observed", lang), scale=axis, axis=alt.Axis(format=".0%")),
            size=alt.Size("disputes:Q", title=text("disputes", lang)),
            tooltip=[
                alt.Tooltip("mean_predicted:Q", format=".0%", title=text("predicted", lang)),
                alt.Tooltip("observed_rate:Q", format=".0%", title=text("observed", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
    )
    return (diagonal + bars + points).properties(title=title, width=300, height=300)


def scorecard_chart(scorecard: pl.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """Points per factor level from :meth:`NegotiationModel.scorecard`, against the average dispute.

    Pass the scorecard in the chart's language (``model.scorecard(lang)``):
    its levels are already named in it. Factors are ordered by their widest
    swing, levels within a factor by points; each bar is labelled with the
    training disputes at its level. Factors whose levels all score zero (a
    not-recorded flag folded into the reason, a column the source lacks) are
    left out.
    """
    check_language(lang)
    data = (
        scorecard.filter(pl.col("factor") != "base")
        .with_columns((pl.col("points").max() - pl.col("points").min()).over("factor").alias("swing"))
        .filter(pl.col("points").abs().max().over("factor") >= 0.05)
        .sort(["swing", "factor", "points"], descending=[True, False, True])
        .with_columns(
            translate(pl.col("factor"), lang).alias("factor_name"),
            (pl.col("points") > 0).alias("raises"),
            pl.format("n={}", pl.col("disputes")).alias("n"),
        )
    )
    y = alt.Y("level:N", title=text("level", lang), sort=data["level"].to_list())
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("points:Q", title=text("points", lang)),
            color=alt.Color(
                "raises:N", legend=None, scale=alt.Scale(domain=[True, False], range=["#2b8cbe", "#e34a33"])
            ),
            tooltip=[
                alt.Tooltip("factor_name:N", title=text("factor", lang)),
                alt.Tooltip("level:N", title=text("level", lang)),
                alt.Tooltip("points:Q", title=text("points", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
    )
    counts = (
        alt.Chart(data)
        .mark_text(align="left", fontSize=9, color="#555555")
        .encode(y=y, x=alt.value(SCORECARD_WIDTH + 6), text="n:N")
    )
    return (bars + counts).properties(title=text("title_scorecard", lang), width=SCORECARD_WIDTH)
