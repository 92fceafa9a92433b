"""Charts of scored disputes, each aggregated in polars before altair sees it.

Every function takes the output of :func:`rightsguard.score` (or what it is
derived from) and returns an altair chart whose data has at most a few hundred
rows, however many disputes there are. ``lang="zh"`` gives Chinese labels.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from rightsguard._vocabulary import VALUES, check_language, goods_status, text, translate
from rightsguard.decide._policy import DEFAULT_POLICY, OPTIONS, Policy, threshold_sweep
from rightsguard.scoring._quality import calibration_table
from rightsguard.scoring._scored_by import heldout

OPTION_COLOURS = ("#31a354", "#2b8cbe", "#e6550d")
"""Refund now, negotiate, escalate: the same colour for the same option in every language."""


def _option_scale(lang: str) -> alt.Scale:
    """Colours keyed by option, in the fixed order of :data:`OPTIONS`."""
    return alt.Scale(domain=[VALUES[lang][o] for o in OPTIONS], range=list(OPTION_COLOURS))

Z95 = 1.96
SCORECARD_WIDTH = 360


def _rate_with_interval() -> list[pl.Expr]:
    """Negotiated share among closed disputes with its Wilson 95% interval."""
    closed = pl.col("resolution").cast(pl.String) != "open"
    n = closed.sum()
    k = (pl.col("resolution").cast(pl.String) == "negotiated").sum()
    rate = k / n
    centre = (rate + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * ((rate * (1 - rate) / n + Z95**2 / (4 * n**2)).sqrt()) / (1 + Z95**2 / n)
    return [n.alias("closed"), rate.alias("rate"), (centre - half).alias("low"),
            (centre + half).alias("high")]


def negotiation_rate_by_reason(scored: pl.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Heat map of the negotiated share by reason and goods status."""
    check_language(lang)
    data = (
        scored.group_by(translate(pl.col("reason"), lang).alias("reason"),
                        goods_status(lang).alias("goods"))
        .agg(*_rate_with_interval())
        .filter(pl.col("closed") > 0)
        .sort("reason", "goods")
    )
    base = alt.Chart(data).encode(
        x=alt.X("goods:N", title=text("goods", lang)),
        y=alt.Y("reason:N", title=text("reason", lang), sort="-x"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("rate:Q", title=text("rate", lang), scale=alt.Scale(scheme="blues",
                                                                             domain=[0, 1])),
        tooltip=[alt.Tooltip("reason:N"), alt.Tooltip("goods:N"), alt.Tooltip("rate:Q", format=".0%"),
                 alt.Tooltip("closed:Q", title=text("disputes", lang))],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("rate:Q", format=".0%"),
        color=alt.condition(alt.datum.rate > 0.6, alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(title=text("title_reason", lang), width=260, height=360)


def negotiation_rate_by_completeness(scored: pl.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Negotiated share at each level of evidence completeness, with 95% bands."""
    check_language(lang)
    data = (
        scored.group_by((pl.col("evidence_completeness") * 10).round(0).truediv(10)
                        .alias("completeness"))
        .agg(*_rate_with_interval())
        .filter(pl.col("closed") > 0)
        .sort("completeness")
    )
    x = alt.X("completeness:Q", title=text("completeness", lang), axis=alt.Axis(format=".0%"))
    band = alt.Chart(data).mark_area(opacity=0.25).encode(x=x, y="low:Q", y2="high:Q")
    line = alt.Chart(data).mark_line(point=True).encode(
        x=x, y=alt.Y("rate:Q", title=text("rate", lang), axis=alt.Axis(format=".0%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("completeness:Q", format=".0%"), alt.Tooltip("rate:Q", format=".0%"),
                 alt.Tooltip("low:Q", format=".0%"), alt.Tooltip("high:Q", format=".0%"),
                 alt.Tooltip("closed:Q", title=text("disputes", lang))],
    )
    return (band + line).properties(title=text("title_completeness", lang), width=420, height=260)


def score_distribution(scored: pl.DataFrame, *, bins: int = 20, lang: str = "en") -> alt.Chart:
    """Distribution of P(negotiated) within each actual outcome (share per bin)."""
    check_language(lang)
    data = (
        scored.group_by(
            (pl.col("p_negotiated") * bins).floor().clip(0, bins - 1).truediv(bins).alias("bin"),
            translate(pl.col("resolution"), lang).alias("outcome"),
        )
        .len("disputes")
        .with_columns((pl.col("disputes") / pl.col("disputes").sum().over("outcome")).alias("share"))
        .sort("outcome", "bin")
    )
    return alt.Chart(data).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("bin:Q", title=text("probability", lang), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("share:Q", title=text("share", lang), axis=alt.Axis(format=".0%")),
        color=alt.Color("outcome:N", title=text("outcome", lang)),
        tooltip=["outcome:N", alt.Tooltip("bin:Q", format=".2f"), "disputes:Q",
                 alt.Tooltip("share:Q", format=".1%")],
    ).properties(title=text("title_distribution", lang), width=420, height=240)


def calibration_chart(scored: pl.DataFrame, *, bins: int = 10, lang: str = "en") -> alt.LayerChart:
    """Reliability diagram from the out-of-fold scores, with 95% intervals."""
    check_language(lang)
    measured = scored.filter(heldout())
    y = (measured["resolution"].cast(pl.String) == "negotiated").to_numpy()
    data = calibration_table(y, measured["p_negotiated"].to_numpy(), bins).with_columns(
        (pl.col("observed_rate") - pl.col("half_width_95")).clip(0, 1).alias("low"),
        (pl.col("observed_rate") + pl.col("half_width_95")).clip(0, 1).alias("high"),
    )
    axis = alt.Scale(domain=[0, 1])
    diagonal = alt.Chart(pl.DataFrame({"p": [0.0, 1.0]})).mark_line(
        strokeDash=[4, 4], color="gray").encode(x=alt.X("p:Q", scale=axis), y=alt.Y("p:Q", scale=axis))
    x = alt.X("mean_predicted:Q", title=text("predicted", lang), scale=axis)
    bars = alt.Chart(data).mark_rule().encode(x=x, y="low:Q", y2="high:Q")
    points = alt.Chart(data).mark_circle(size=60).encode(
        x=x, y=alt.Y("observed_rate:Q", title=text("observed", lang), scale=axis),
        tooltip=[alt.Tooltip("mean_predicted:Q", format=".2f"),
                 alt.Tooltip("observed_rate:Q", format=".2f"), "disputes:Q"],
    )
    return (diagonal + bars + points).properties(title=text("title_calibration", lang),
                                                 width=300, height=300)


def missing_vouchers_by_reason(scored: pl.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Counts of vouchers missing or not recorded, by reason."""
    check_language(lang)
    parts = [
        scored.select(pl.col("reason"), pl.col(column).alias("voucher"))
        .explode("voucher").drop_nulls("voucher")
        .with_columns(pl.lit(status).alias("status"))
        for column, status in (("missing_vouchers", "missing"), ("unknown_vouchers", "not recorded"))
    ]
    data = (
        pl.concat(parts)
        .group_by("reason", "voucher", "status").len("disputes")
        .with_columns(translate(pl.col("reason"), lang), translate(pl.col("voucher"), lang),
                      translate(pl.col("status"), lang))
        .sort("reason", "voucher", "status")
    )
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("reason:N", title=text("reason", lang), sort="-x"),
        x=alt.X("sum(disputes):Q", title=text("disputes", lang)),
        color=alt.Color("voucher:N", title=text("voucher", lang)),
        opacity=alt.Opacity("status:N", title=text("status", lang), scale=alt.Scale(range=[1, 0.45])),
        tooltip=["reason:N", "voucher:N", "status:N", "disputes:Q"],
    ).properties(title=text("title_missing", lang), width=420, height=320)


def recommendation_mix(scored: pl.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Recommendations (refund now / negotiate / escalate) by reason."""
    check_language(lang)
    data = (
        scored.group_by("reason", "recommendation").len("disputes")
        .with_columns(translate(pl.col("reason"), lang), translate(pl.col("recommendation"), lang))
        .sort("reason", "recommendation")
    )
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("reason:N", title=text("reason", lang), sort="-x"),
        x=alt.X("disputes:Q", title=text("disputes", lang)),
        color=alt.Color("recommendation:N", title=text("recommendation", lang),
                        scale=_option_scale(lang)),
        tooltip=["reason:N", "recommendation:N", "disputes:Q"],
    ).properties(title=text("title_recommendation", lang), width=420, height=320)


def threshold_sweep_chart(scored: pl.DataFrame, policy: Policy = DEFAULT_POLICY, *,
                          lang: str = "en") -> alt.LayerChart:
    """Past disputes given each option as the minimum chance of winning to escalate varies.

    Replays the policy over past (closed) disputes. Hovering picks a value and
    shows its counts (in HTML); the policy's own value is always marked, so
    the static PNG reads on its own.
    """
    check_language(lang)
    past = scored.filter(pl.col("resolution").cast(pl.String) != "open")
    data = threshold_sweep(past, policy).unpivot(
        index="min_win_probability", on=list(OPTIONS), variable_name="option",
        value_name="disputes",
    ).with_columns(translate(pl.col("option"), lang))
    pick = alt.selection_point(fields=["min_win_probability"], on="pointerover", nearest=True,
                               empty=False)
    x = alt.X("min_win_probability:Q", title=text("threshold", lang), scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format=".0%"))
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=x, y=alt.Y("disputes:Q", title=text("past_disputes", lang)),
        color=alt.Color("option:N", title=text("recommendation", lang), scale=_option_scale(lang)),
        tooltip=[alt.Tooltip("min_win_probability:Q", format=".0%"), "option:N", "disputes:Q"],
    ).add_params(pick)
    hover = alt.Chart(data).mark_rule(color="gray").encode(x=x).transform_filter(pick)
    current = alt.Chart(pl.DataFrame({"min_win_probability": [policy.min_win_probability]})
                        ).mark_rule(strokeDash=[6, 3], color="firebrick").encode(x=x)
    return (lines + hover + current).properties(title=text("title_sweep", lang), width=420,
                                                height=260)


def disputes_over_time(scored: pl.DataFrame, *, every: str = "1mo", lang: str = "en"
                       ) -> alt.LayerChart:
    """Disputes opened per period (bars) and their negotiated share (line)."""
    check_language(lang)
    data = (
        scored.group_by(pl.col("opened_at").dt.truncate(every).alias("month"))
        .agg(pl.len().alias("disputes"), *_rate_with_interval())
        .sort("month")
    )
    x = alt.X("month:T", title=text("month", lang))
    bars = alt.Chart(data).mark_bar(opacity=0.4).encode(
        x=x, y=alt.Y("disputes:Q", title=text("disputes", lang)))
    line = alt.Chart(data).mark_line(point=True, color="darkorange").encode(
        x=x, y=alt.Y("rate:Q", title=text("rate", lang), axis=alt.Axis(format=".0%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("month:T"), "disputes:Q", alt.Tooltip("rate:Q", format=".0%")],
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(
        title=text("title_time", lang), width=460, height=240)


def scorecard_chart(scorecard: pl.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Points per factor level from :meth:`NegotiationModel.scorecard`, against the average dispute.

    Pass the scorecard in the chart's language (``model.scorecard(lang)``):
    its levels are already named in it. Each bar is labelled with the
    training disputes at its level.
    """
    check_language(lang)
    data = scorecard.filter(pl.col("factor") != "base").with_columns(
        translate(pl.col("factor"), lang).alias("factor_name"),
        (pl.col("points") > 0).alias("raises"),
        pl.format("n={}", pl.col("disputes")).alias("n"),
    )
    y = alt.Y("level:N", title=text("level", lang), sort=alt.EncodingSortField("points", order="descending"))
    bars = alt.Chart(data).mark_bar().encode(
        y=y, x=alt.X("points:Q", title=text("points", lang)),
        color=alt.Color("raises:N", legend=None,
                        scale=alt.Scale(domain=[True, False], range=["#2b8cbe", "#e34a33"])),
        tooltip=[alt.Tooltip("factor_name:N", title=text("factor", lang)),
                 alt.Tooltip("level:N", title=text("level", lang)),
                 alt.Tooltip("points:Q", title=text("points", lang)),
                 alt.Tooltip("disputes:Q", title=text("disputes", lang))],
    )
    counts = alt.Chart(data).mark_text(align="left", fontSize=9, color="#555555").encode(
        y=y, x=alt.value(SCORECARD_WIDTH + 6), text="n:N")
    return (bars + counts).properties(title=text("title_scorecard", lang), width=SCORECARD_WIDTH)
