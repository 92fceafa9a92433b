"""Charts of scored disputes, each aggregated in polars before altair sees it.

Every function takes the output of :func:`rightsguard.score` (or what it is
derived from) and returns an altair chart whose data has at most a few hundred
rows, however many disputes there are. ``lang="zh"`` gives Chinese labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import polars as pl

from rightsguard._vocabulary import VALUES, check_language, goods_status, say, text, translate
from rightsguard.decide._policy import DEFAULT_POLICY, OPTIONS, Policy, threshold_sweep
from rightsguard.present._colours import OPTION_COLOURS, OUTCOME_COLOURS, STATUS_OPACITY, VOUCHER_COLOURS
from rightsguard.present._items import SKU_COLUMNS, sku_table
from rightsguard.scoring._quality import calibration_table
from rightsguard.scoring._scored_by import heldout

MIN_DISPUTES = 10
"""A share from fewer closed disputes is masked: shown grey or left out, never as a rate."""

Z95 = 1.96
SCORECARD_WIDTH = 360


def _keyed(
    channel: type,
    field: str,
    keys: Mapping[str, Any],
    lang: str,
    title: str,
    names: Mapping[str, str] | None = None,
):
    """A colour or opacity channel over canonical values, its legend in ``lang``.

    The scale's domain is the canonical values, so a value keeps its colour
    whatever language (or count) its label shows; ``names`` overrides the
    vocabulary's display names.
    """
    names = names or {k: VALUES[lang][k] for k in keys}
    label = " : ".join(f"datum.value === {json.dumps(k)} ? {json.dumps(names[k])}" for k in keys)
    return channel(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=list(keys), range=list(keys.values())),
        legend=alt.Legend(labelExpr=f"{label} : datum.value"),
    )


def _scoped(title: str, scope: str, lang: str) -> str:
    """A chart title saying which disputes it counts."""
    return say("scoped_title", lang, scope=text(f"scope_{scope}", lang), title=text(title, lang))


def _closed() -> pl.Expr:
    return pl.col("resolution").cast(pl.String) != "open"


def _open() -> pl.Expr:
    return pl.col("resolution").cast(pl.String) == "open"


def _rate_with_interval() -> list[pl.Expr]:
    """Negotiated share among closed disputes with its Wilson 95% interval, null below the minimum."""
    n = _closed().sum()
    k = (pl.col("resolution").cast(pl.String) == "negotiated").sum()
    rate = k / n
    centre = (rate + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * ((rate * (1 - rate) / n + Z95**2 / (4 * n**2)).sqrt()) / (1 + Z95**2 / n)
    shown = n >= MIN_DISPUTES
    return [
        n.alias("closed"),
        pl.when(shown).then(rate).alias("rate"),
        pl.when(shown).then(centre - half).alias("low"),
        pl.when(shown).then(centre + half).alias("high"),
    ]


def negotiation_rate_by_reason(scored: pl.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """Heat map of the negotiated share of past disputes by reason and goods status.

    Each cell shows its share and its number of closed disputes; cells with
    fewer than :data:`MIN_DISPUTES` are grey and show only the count.
    """
    check_language(lang)
    data = (
        scored.group_by(translate(pl.col("reason"), lang).alias("reason"), goods_status(lang).alias("goods"))
        .agg(*_rate_with_interval())
        .filter(pl.col("closed") > 0)
        .with_columns(
            pl.when(pl.col("rate").is_not_null())
            .then(pl.format("{}%\nn={}", (pl.col("rate") * 100).round(0).cast(pl.Int64), "closed"))
            .otherwise(pl.format("n={}", "closed"))
            .alias("label")
        )
        .sort("reason", "goods")
    )
    base = alt.Chart(data).encode(
        x=alt.X("goods:N", title=text("goods", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("reason:N", title=text("reason", lang)),
    )
    tooltip = [
        alt.Tooltip("reason:N", title=text("reason", lang)),
        alt.Tooltip("goods:N", title=text("goods", lang)),
        alt.Tooltip("rate:Q", format=".0%", title=text("rate", lang)),
        alt.Tooltip("closed:Q", title=text("disputes", lang)),
    ]
    masked = base.mark_rect(color="#eeeeee").encode(tooltip=tooltip).transform_filter("datum.rate === null")
    cells = (
        base.mark_rect()
        .encode(
            color=alt.Color(
                "rate:Q",
                title=text("rate", lang),
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=tooltip,
        )
        .transform_filter("datum.rate !== null")
    )
    labels = base.mark_text(fontSize=10, lineBreak="\n").encode(
        text="label:N", color=alt.condition("datum.rate > 0.6", alt.value("white"), alt.value("black"))
    )
    return (masked + cells + labels).properties(
        title=alt.Title(
            _scoped("title_reason", "past", lang), subtitle=say("masked_note", lang, minimum=MIN_DISPUTES)
        ),
        width=300,
        height=420,
    )


def negotiation_rate_by_completeness(scored: pl.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """Negotiated share of past disputes at each level of evidence completeness, with 95% bands.

    Points are sized by their number of closed disputes; levels with fewer
    than :data:`MIN_DISPUTES` are left out.
    """
    check_language(lang)
    data = (
        scored.group_by((pl.col("evidence_completeness") * 10).round(0).truediv(10).alias("completeness"))
        .agg(*_rate_with_interval())
        .filter(pl.col("rate").is_not_null())
        .sort("completeness")
    )
    x = alt.X(
        "completeness:Q",
        title=text("completeness", lang),
        axis=alt.Axis(format=".0%"),
        scale=alt.Scale(domain=[0, 1]),
    )
    y = alt.Y("rate:Q", title=text("rate", lang), axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1]))
    band = alt.Chart(data).mark_area(opacity=0.25).encode(x=x, y="low:Q", y2="high:Q")
    line = alt.Chart(data).mark_line().encode(x=x, y=y)
    points = (
        alt.Chart(data)
        .mark_circle(opacity=1)
        .encode(
            x=x,
            y=y,
            size=alt.Size("closed:Q", title=text("disputes", lang)),
            tooltip=[
                alt.Tooltip("completeness:Q", format=".0%", title=text("completeness", lang)),
                alt.Tooltip("rate:Q", format=".0%", title=text("rate", lang)),
                alt.Tooltip("low:Q", format=".0%"),
                alt.Tooltip("high:Q", format=".0%"),
                alt.Tooltip("closed:Q", title=text("disputes", lang)),
            ],
        )
    )
    return (band + line + points).properties(
        title=alt.Title(
            _scoped("title_completeness", "past", lang),
            subtitle=say("dropped_note", lang, minimum=MIN_DISPUTES),
        ),
        width=420,
        height=260,
    )


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
            color=_keyed(alt.Color, "outcome", OUTCOME_COLOURS, lang, text("outcome", lang), names),
            tooltip=[
                alt.Tooltip("outcome_name:N", title=text("outcome", lang)),
                alt.Tooltip("bin:Q", format=".2f", title=text("probability", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
                alt.Tooltip("share:Q", format=".1%", title=text("share", lang)),
            ],
        )
        .properties(title=_scoped("title_distribution", "all", lang), width=420, height=240)
    )


def calibration_chart(scored: pl.DataFrame, *, bins: int = 10, lang: str = "en") -> alt.LayerChart:
    """Reliability diagram of past disputes' out-of-fold scores, with 95% intervals, sized by n."""
    check_language(lang)
    measured = scored.filter(heldout())
    y = (measured["resolution"].cast(pl.String) == "negotiated").to_numpy()
    return _reliability(
        y, measured["p_negotiated"].to_numpy(), bins, _scoped("title_calibration", "past", lang), lang
    )


def track_record_chart(predictions: pl.DataFrame, *, bins: int = 10, lang: str = "en") -> alt.LayerChart:
    """Reliability diagram of the predictions made before their outcome (a store's track
    record: ``rg.track_record(store).predictions``), with 95% intervals, sized by n."""
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


def missing_vouchers_by_reason(scored: pl.DataFrame, *, scope: str = "open", lang: str = "en") -> alt.Chart:
    """Vouchers missing or not recorded, by reason: what to collect and what to check.

    Parameters
    ----------
    scope
        ``"open"`` (the disputes still to act on) or ``"all"``.
    """
    check_language(lang)
    chosen = _in_scope(scored, scope)
    parts = [
        chosen.select(pl.col("reason"), pl.col(column).alias("voucher"))
        .explode("voucher")
        .drop_nulls("voucher")
        .with_columns(pl.lit(status).alias("status"))
        for column, status in (("missing_vouchers", "missing"), ("unknown_vouchers", "not recorded"))
    ]
    data = (
        pl.concat(parts)
        .group_by("reason", "voucher", "status")
        .len("disputes")
        .with_columns(
            translate(pl.col("reason"), lang),
            translate(pl.col("voucher"), lang).alias("voucher_name"),
            translate(pl.col("status"), lang).alias("status_name"),
        )
        .sort("reason", "voucher", "status")
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("reason:N", title=text("reason", lang), sort="-x"),
            x=alt.X("sum(disputes):Q", title=text("disputes", lang)),
            color=_keyed(alt.Color, "voucher", VOUCHER_COLOURS, lang, text("voucher", lang)),
            opacity=_keyed(alt.Opacity, "status", STATUS_OPACITY, lang, text("status", lang)),
            tooltip=[
                alt.Tooltip("reason:N", title=text("reason", lang)),
                alt.Tooltip("voucher_name:N", title=text("voucher", lang)),
                alt.Tooltip("status_name:N", title=text("status", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
        .properties(title=_scoped("title_missing", scope, lang), width=420, height=320)
    )


def recommendation_mix(scored: pl.DataFrame, *, scope: str = "open", lang: str = "en") -> alt.Chart:
    """Recommended options (refund now / negotiate / escalate) by reason.

    Parameters
    ----------
    scope
        ``"open"`` (the plan's disputes, as the summary counts them) or ``"all"``.
    """
    check_language(lang)
    data = (
        _in_scope(scored, scope)
        .group_by("reason", "recommendation")
        .len("disputes")
        .with_columns(
            translate(pl.col("reason"), lang),
            pl.col("recommendation").cast(pl.String),
            translate(pl.col("recommendation"), lang).alias("option_name"),
        )
        .sort("reason", "recommendation")
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("reason:N", title=text("reason", lang), sort="-x"),
            x=alt.X("disputes:Q", title=text("disputes", lang)),
            color=_keyed(alt.Color, "recommendation", OPTION_COLOURS, lang, text("recommendation", lang)),
            tooltip=[
                alt.Tooltip("reason:N", title=text("reason", lang)),
                alt.Tooltip("option_name:N", title=text("recommendation", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
        .properties(title=_scoped("title_recommendation", scope, lang), width=420, height=320)
    )


def _in_scope(scored: pl.DataFrame, scope: str) -> pl.DataFrame:
    if scope not in ("open", "all"):
        raise ValueError(f"scope must be 'open' or 'all'; got {scope!r}")
    return scored.filter(_open()) if scope == "open" else scored


def threshold_sweep_chart(
    scored: pl.DataFrame, policy: Policy = DEFAULT_POLICY, *, lang: str = "en"
) -> alt.LayerChart:
    """Past disputes given each option as the minimum chance of winning to escalate varies.

    Replays the policy over past (closed) disputes. Hovering picks a value and
    shows its counts (in HTML); the policy's own value is always marked, so
    the static PNG reads on its own. The subtitle explains the plateaus: the
    chance of winning takes few values, so most thresholds move no dispute.
    """
    check_language(lang)
    past = scored.filter(_closed())
    data = (
        threshold_sweep(past, policy)
        .unpivot(index="min_win_probability", on=list(OPTIONS), variable_name="option", value_name="disputes")
        .with_columns(translate(pl.col("option"), lang).alias("option_name"))
    )
    pick = alt.selection_point(fields=["min_win_probability"], on="pointerover", nearest=True, empty=False)
    x = alt.X(
        "min_win_probability:Q",
        title=text("threshold", lang),
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format=".0%"),
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("disputes:Q", title=text("past_disputes", lang)),
            color=_keyed(alt.Color, "option", OPTION_COLOURS, lang, text("recommendation", lang)),
            tooltip=[
                alt.Tooltip("min_win_probability:Q", format=".0%", title=text("threshold", lang)),
                alt.Tooltip("option_name:N", title=text("recommendation", lang)),
                alt.Tooltip("disputes:Q", title=text("past_disputes", lang)),
            ],
        )
        .add_params(pick)
    )
    hover = alt.Chart(data).mark_rule(color="gray").encode(x=x).transform_filter(pick)
    current = (
        alt.Chart(pl.DataFrame({"min_win_probability": [policy.min_win_probability]}))
        .mark_rule(strokeDash=[6, 3], color="firebrick")
        .encode(x=x)
    )
    chances = past["p_win_ruling"].drop_nulls().n_unique()
    return (lines + hover + current).properties(
        title=alt.Title(
            _scoped("title_sweep", "past", lang),
            subtitle=say("sweep_plateau", lang, values=chances).split("\n"),
        ),
        width=420,
        height=260,
    )


def disputes_over_time(scored: pl.DataFrame, *, every: str = "1mo", lang: str = "en") -> alt.LayerChart:
    """Disputes opened per period (bars) and the negotiated share of those closed (line).

    The share's points are sized by the closed disputes behind them; periods
    with fewer than :data:`MIN_DISPUTES` show no share.
    """
    check_language(lang)
    data = (
        scored.group_by(pl.col("opened_at").dt.truncate(every).alias("month"))
        .agg(pl.len().alias("disputes"), *_rate_with_interval())
        .sort("month")
    )
    x = alt.X("month:T", title=text("month", lang), axis=alt.Axis(format="%Y-%m"))
    bars = (
        alt.Chart(data).mark_bar(opacity=0.4).encode(x=x, y=alt.Y("disputes:Q", title=text("disputes", lang)))
    )
    y = alt.Y("rate:Q", title=text("rate", lang), axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1]))
    line = alt.Chart(data).mark_line(color="darkorange").encode(x=x, y=y)
    points = (
        alt.Chart(data)
        .mark_circle(color="darkorange", opacity=1)
        .encode(
            x=x,
            y=y,
            size=alt.Size("closed:Q", title=text("closed_disputes", lang)),
            tooltip=[
                alt.Tooltip("month:T", format="%Y-%m", title=text("month", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
                alt.Tooltip("closed:Q", title=text("closed_disputes", lang)),
                alt.Tooltip("rate:Q", format=".0%", title=text("rate", lang)),
            ],
        )
    )
    return (
        alt.layer(bars, line + points)
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title(
                _scoped("title_time", "all", lang), subtitle=say("dropped_note", lang, minimum=MIN_DISPUTES)
            ),
            width=460,
            height=240,
        )
    )


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


def sku_chart(scored: pl.DataFrame, *, top: int = 15, lang: str = "en") -> alt.Chart:
    """Cases of the SKUs with the most, coloured by the share of their closed cases settled
    by negotiation (:func:`rightsguard.sku_table`'s figures)."""
    check_language(lang)
    header = {c: text(f"skus_{c}", lang) for c in SKU_COLUMNS}
    table = (
        sku_table(scored, lang)
        .sort(header["disputes"], descending=True)
        .head(top)
        .select(
            pl.format("{} {}", header["sku"], pl.col(header["item"]).fill_null("")).alias("label"),
            pl.col(header["disputes"]).alias("disputes"),
            pl.col(header["negotiated_share"]).alias("share"),
        )
    )
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("disputes:Q", title=header["disputes"]),
            y=alt.Y("label:N", title=header["sku"], sort="-x"),
            color=alt.Color(
                "share:Q",
                title=header["negotiated_share"],
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=header["item"]),
                alt.Tooltip("disputes:Q", title=header["disputes"]),
                alt.Tooltip("share:Q", format=".0%", title=header["negotiated_share"]),
            ],
        )
        .properties(title=text("title_skus", lang), width=420)
    )
