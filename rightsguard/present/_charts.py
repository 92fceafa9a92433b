"""Charts of scored disputes, each aggregated in polars before altair sees it.

Every function takes the output of :func:`rightsguard.score` (or what it is
derived from) and returns an altair chart whose data has at most a few hundred
rows, however many disputes there are. ``lang="zh"`` gives Chinese labels.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from rightsguard._vocabulary import check_language, goods_status, say, text, translate
from rightsguard.decide._options import OPTIONS
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._sweep import threshold_sweep
from rightsguard.present._chart_parts import MIN_DISPUTES, closed, in_scope, keyed, rate_with_interval, scoped
from rightsguard.present._colours import OPTION_COLOURS, STATUS_OPACITY, VOUCHER_COLOURS
from rightsguard.present._items import SKU_COLUMNS, sku_table
from rightsguard.present._readable import readable_columns

LABEL_CHARACTERS = 60
"""Characters of a SKU's label a chart shows (its title is cut after them)."""


def negotiation_rate_by_reason(scored: pl.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """Heat map of the negotiated share of past disputes by reason and goods status.

    Each cell shows its share and its number of closed disputes; cells with
    fewer than :data:`MIN_DISPUTES` are grey and show only the count.
    """
    check_language(lang)
    data = (
        scored.group_by(translate(pl.col("reason"), lang).alias("reason"), goods_status(lang).alias("goods"))
        .agg(*rate_with_interval())
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
            scoped("title_reason", "past", lang), subtitle=say("masked_note", lang, minimum=MIN_DISPUTES)
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
        .agg(*rate_with_interval())
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
            scoped("title_completeness", "past", lang),
            subtitle=say("dropped_note", lang, minimum=MIN_DISPUTES),
        ),
        width=420,
        height=260,
    )


def missing_vouchers_by_reason(scored: pl.DataFrame, *, scope: str = "open", lang: str = "en") -> alt.Chart:
    """Vouchers missing or not recorded, by reason: what to collect and what to check.

    Parameters
    ----------
    scope
        ``"open"`` (the disputes still to act on) or ``"all"``.
    """
    check_language(lang)
    chosen = in_scope(scored, scope)
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
            color=keyed(alt.Color, "voucher", VOUCHER_COLOURS, lang, text("voucher", lang)),
            opacity=keyed(alt.Opacity, "status", STATUS_OPACITY, lang, text("status", lang)),
            tooltip=[
                alt.Tooltip("reason:N", title=text("reason", lang)),
                alt.Tooltip("voucher_name:N", title=text("voucher", lang)),
                alt.Tooltip("status_name:N", title=text("status", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
        .properties(title=scoped("title_missing", scope, lang), width=420, height=320)
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
        in_scope(scored, scope)
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
            color=keyed(alt.Color, "recommendation", OPTION_COLOURS, lang, text("recommendation", lang)),
            tooltip=[
                alt.Tooltip("reason:N", title=text("reason", lang)),
                alt.Tooltip("option_name:N", title=text("recommendation", lang)),
                alt.Tooltip("disputes:Q", title=text("disputes", lang)),
            ],
        )
        .properties(title=scoped("title_recommendation", scope, lang), width=420, height=320)
    )


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
    past = scored.filter(closed())
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
            color=keyed(alt.Color, "option", OPTION_COLOURS, lang, text("recommendation", lang)),
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
            scoped("title_sweep", "past", lang),
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
        .agg(pl.len().alias("disputes"), *rate_with_interval())
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
                scoped("title_time", "all", lang), subtitle=say("dropped_note", lang, minimum=MIN_DISPUTES)
            ),
            width=460,
            height=240,
        )
    )


def sku_chart(scored: pl.DataFrame, *, top: int = 15, lang: str = "en") -> alt.Chart:
    """Cases of the SKUs with the most, coloured by the share of their closed cases settled
    by negotiation (:func:`rightsguard.plan.sku_table`'s figures)."""
    check_language(lang)
    header = {c: text(f"skus_{c}", lang) for c in SKU_COLUMNS}
    table = readable_columns(
        sku_table(scored, lang)
        .sort(header["disputes"], descending=True)
        .head(top)
        .select(
            pl.format("{} {}", header["sku"], pl.col(header["item"]).fill_null("")).alias("label"),
            pl.col(header["disputes"]).alias("disputes"),
            pl.col(header["negotiated_share"]).alias("share"),
        ),
        LABEL_CHARACTERS,
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
