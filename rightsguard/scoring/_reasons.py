"""Why a dispute scored as it did, as structured reasons, and those reasons in words.

Scoring writes no sentence: it gives each dispute its reasons (``why``), a list of
entries in the language of no one, and :func:`render_why` says them in a language. So
a run can be shown in the other language without scoring it again
(:meth:`~rightsguard.ScoringRun.in_language`), and a step that changes a score later
(where an open case stands, recalibration) adds an entry and says the dispute again.

Each entry is a struct of :data:`WHY_FIELDS`:

- **A factor** that raised or lowered the score (its name, as
  :meth:`~rightsguard.scoring.NegotiationModel.contributions` gives it): ``level`` is
  its phrase's place among the factor's phrases (for a reason, a category or a source's
  own level: 0 a value named in ``value``, 1 "another", 2 "unknown"; a reason's 1 is
  the wording in ``value``), ``points`` its signed scorecard points. The factors that
  raised it come first, then those that lowered it, most telling first.
- **Where an open case stands** (``factor`` :data:`STAGE`): ``level`` one of
  :data:`STAGE_KINDS`, ``value`` the stage, ``days`` in it (or open), ``points`` what it
  did to the score (none where customer service has the case).
- **A recalibration** (``factor`` :data:`RECALIBRATED`): ``level`` and ``points`` the
  chance before and after, in whole percent.
"""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

from rightsguard._schema import REASONS, VOUCHERS
from rightsguard._vocabulary import VALUES, phrases, say, stage_names, text

WHY_FIELDS = {
    "factor": pl.String,
    "level": pl.Int16,
    "value": pl.String,
    "points": pl.Int16,
    "days": pl.Int32,
}
"""The fields of one reason."""
WHY = pl.List(pl.Struct(WHY_FIELDS))
"""A dispute's reasons: the type of the ``why`` column."""

STAGE = "where it stands"
"""The factor of an open case's stage (or time open) entry."""
STAGE_KINDS = ("platform_since", "platform_open", "staged_since", "staged_open", "time_open")
"""Kinds of stage entry: with customer service (days in the stage, or open), in a learned stage
(days in it, or open), or open so long where the stage is not said."""
RECALIBRATED = "recalibrated"
"""The factor of a recalibration's entry."""

_SIMPLE = {
    "counterparty history": "history",
    "goods status": "goods",
    "refund type": "refund_type",
    "evidence completeness": "completeness",
    "response time": "response",
    "amount": "amount",
    "instant response": "instant",
    "after sale": "after_sale",
    "days since payment": "payment",
}
"""Factors whose phrases are fixed, and their phrases' key."""
_VOUCHERS = {v.replace("_", " "): v for v in VOUCHERS}


def phrase_of(
    factor: str, level: int, value: str | None, lang: str, scales: frozenset[str] = frozenset()
) -> str:
    """The phrase of one factor's level in ``lang``; ``scales`` are the source's own numeric
    factors (the others of its own are levels)."""
    if factor in _SIMPLE:
        return phrases(_SIMPLE[factor], lang)[level]
    if factor in _VOUCHERS:
        return phrases("voucher", lang)[level].format(VALUES[lang][_VOUCHERS[factor]])
    if factor == "reason":
        canonical, wording = phrases("reason", lang)
        return canonical.format(VALUES[lang][str(value)]) if level == 0 else wording.format(value)
    if factor == "category":
        named, other, unknown = phrases("category", lang)
        return (named.format(value), other, unknown)[level]
    if factor in scales:
        return phrases("extra_scale", lang)[level].format(name=factor)
    named, other, unknown = phrases("extra_level", lang)
    return (named.format(name=factor, value=value), other.format(name=factor), unknown.format(name=factor))[
        level
    ]


def render_why(why: pl.Series, lang: str, scales: frozenset[str] = frozenset()) -> pl.Series:
    """Each dispute's reasons (:data:`WHY`) said in ``lang``: the ``explanation`` column.

    Each distinct phrase is written once and looked up by its reason.
    """
    entries = why.rename("why").to_frame().with_row_index("row").explode("why").unnest("why")
    named = entries.filter(pl.col("factor").is_not_null() & ~pl.col("factor").is_in([STAGE, RECALIBRATED]))
    said = phrases_by_key(named, lang, scales)
    longest = int(why.list.len().fill_null(0).to_numpy().max(initial=0))
    places = (
        why.rename("why")
        .to_frame()
        .select(  # the reasons at each place of the lists, side by side
            pl.col("why")
            .list.get(place, null_on_oob=True)
            .struct.field("factor", "level", "value", "points")
            .name.suffix(f"_{place}")
            for place in range(longest)
        )
    )
    return render_places(places, said, lang, _later(entries, why.len(), lang))


def render_places(
    places: pl.DataFrame, said: dict[str, str], lang: str, later: pl.Series | None = None
) -> pl.Series:
    """Reasons side by side (``factor_0``, ``level_0``, ``value_0``, ``points_0``, … for each
    place) said in ``lang`` with the phrases ``said`` (by :func:`reason_key`); ``later`` is what
    each says after its factors (where it stands, a recalibration)."""
    raised, lowered, between_sides, between_factors, _, average = phrases("why", lang)
    longest = sum(c.startswith("factor_") for c in places.columns)
    pieces = [
        (
            reason_key(
                pl.col(f"factor_{place}"), pl.col(f"level_{place}"), pl.col(f"value_{place}")
            ).replace_strict(said, default=None, return_dtype=pl.String)
            + _points(pl.col(f"points_{place}"), lang)
        ).alias(f"piece_{place}")
        for place in range(longest)
    ]
    places = places.with_columns(*pieces)
    ups = [pl.when(pl.col(f"points_{place}") > 0).then(pl.col(f"piece_{place}")) for place in range(longest)]
    downs = [
        pl.when(pl.col(f"points_{place}") < 0).then(pl.col(f"piece_{place}")) for place in range(longest)
    ]
    up = pl.concat_str(ups or [pl.lit(None, pl.String)], separator=between_factors, ignore_nulls=True)
    down = pl.concat_str(downs or [pl.lit(None, pl.String)], separator=between_factors, ignore_nulls=True)
    factors = (
        pl.when((up == "") & (down == ""))
        .then(pl.lit(average))
        .otherwise(
            pl.concat_str(
                pl.when(up != "").then(pl.lit(raised) + up),
                pl.when(down != "").then(pl.lit(lowered) + down),
                separator=between_sides,
                ignore_nulls=True,
            )
        )
    )
    told = factors if later is None else pl.concat_str(factors, pl.lit(later))
    return places.select(told.alias("explanation")).to_series()


def _later(entries: pl.DataFrame, disputes: int, lang: str) -> pl.Series:
    """What each dispute's reasons say after its factors (where it stands, a recalibration), in
    their order: ``entries`` are the reasons one per row, with the dispute's ``row``."""
    level, value, points, days = (pl.col(f) for f in ("level", "value", "points", "days"))
    later = entries.filter(pl.col("factor").is_in([STAGE, RECALIBRATED])).select(
        "row",
        pl.when(pl.col("factor") == STAGE)
        .then(pl.lit(phrases("why", lang)[2]) + _stage_text(level, value, points, days, lang))
        .otherwise(pl.format(text("explain_recalibrated", lang), level, points))
        .alias("_later"),
    )
    said = later.group_by("row", maintain_order=True).agg(pl.col("_later").str.join(""))
    return _every_dispute(said, disputes).select(pl.col("_later").fill_null("")).to_series()


def lists_of(entries: pl.DataFrame, disputes: int) -> pl.Series:
    """Each of ``disputes`` disputes' reasons, from ``entries`` (:data:`WHY_FIELDS` and ``row``,
    the dispute's place), in their order; a dispute with none has an empty list."""
    lists = (
        entries.with_row_index("_order")
        .sort("row", "_order")
        .group_by("row", maintain_order=True)
        .agg(pl.struct(*WHY_FIELDS).alias("why"))
    )
    return (
        _every_dispute(lists, disputes).select(pl.col("why").fill_null(pl.lit([], WHY)).cast(WHY)).to_series()
    )


def _every_dispute(per_dispute: pl.DataFrame, disputes: int) -> pl.DataFrame:
    """``per_dispute`` (a row for each dispute that has any, by ``row``) with a row for each of
    ``disputes`` disputes in order: nulls for those it had none for."""
    every = pl.DataFrame({"row": np.arange(disputes, dtype=np.uint32)})
    return every.join(
        per_dispute.with_columns(pl.col("row").cast(pl.UInt32)), on="row", how="left", maintain_order="left"
    )


def with_reasons_added(why: pl.Series, added: pl.DataFrame) -> pl.Series:
    """``why`` with the reasons ``added`` (:data:`WHY_FIELDS` and ``row``, the dispute's place
    in ``why``) after each dispute's own, in order."""
    own = (
        why.rename("why")
        .to_frame()
        .with_row_index("row")
        .explode("why")
        .unnest("why")
        .filter(pl.col("factor").is_not_null())
    )
    typed = added.select(pl.col("row").cast(pl.UInt32), *(pl.col(f).cast(t) for f, t in WHY_FIELDS.items()))
    return lists_of(pl.concat([own, typed]), why.len())


def with_rows_replaced(column: pl.Series, rows: np.ndarray, values: pl.Series) -> pl.Series:
    """``column`` with its ``rows`` replaced by ``values``, in order (nested types included,
    which polars cannot scatter)."""
    place = np.arange(column.len())
    place[rows] = column.len() + np.arange(len(rows))
    return pl.concat([column, values.cast(column.dtype)]).gather(place)


def phrases_by_key(reasons: pl.DataFrame, lang: str, scales: frozenset[str] = frozenset()) -> dict[str, str]:
    """The phrase in ``lang`` of each distinct factor level among ``reasons`` (``factor``,
    ``level``, ``value``), by :func:`reason_key`: each written once."""
    keys = reasons.select(
        reason_key(pl.col("factor"), pl.col("level"), pl.col("value")), "factor", "level", "value"
    )
    return {key: phrase_of(f, lvl, v, lang, scales) for key, f, lvl, v in keys.unique("key").iter_rows()}


def reason_key(factor: pl.Expr, level: pl.Expr, value: pl.Expr) -> pl.Expr:
    """One text naming a factor's level (and its value), to look its phrase up by: ``key``."""
    return pl.concat_str(factor, level.cast(pl.String), value.fill_null(""), separator="\x1f").alias("key")


def _points(points: pl.Expr, lang: str) -> pl.Expr:
    """Signed points in ``lang``'s words, such as `` (+12 pts)``: looked up, not formatted."""
    return pl.lit(_points_text(lang)).gather((points.cast(pl.Int32) + _MAX_POINTS).clip(0, 2 * _MAX_POINTS))


@functools.cache
def _points_text(lang: str) -> pl.Series:
    """Text for each whole number of points from -999 to 999."""
    template = phrases("why", lang)[4]
    return pl.Series([template.format(v) for v in range(-_MAX_POINTS, _MAX_POINTS + 1)])


_MAX_POINTS = 999


def _stage_text(kind: pl.Expr, stage: pl.Expr, points: pl.Expr, days: pl.Expr, lang: str) -> pl.Expr:
    """A stage entry's words: the stage and its days, and its points where it has any."""
    names = stage.replace_strict(stage_names(lang), default=None, return_dtype=pl.String)
    points = _points(points, lang)

    def told(key: str) -> str:
        return say(key, lang, stage="{}", days="{}") if "stage" in key else say(key, lang, days="{}")

    return (
        pl.when(kind == STAGE_KINDS.index("platform_since"))
        .then(pl.format(told("why_platform_stage"), names, days))
        .when(kind == STAGE_KINDS.index("platform_open"))
        .then(pl.format(told("why_platform_stage_open"), names, days))
        .when(kind == STAGE_KINDS.index("staged_since"))
        .then(pl.format(told("why_stage"), names, days) + points)
        .when(kind == STAGE_KINDS.index("staged_open"))
        .then(pl.format(told("why_stage_open"), names, days) + points)
        .otherwise(pl.format(told("why_time_open"), days) + points)
    )


def reason_levels(details: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """The reasons' (level, value) by phrase code: each canonical reason, then each wording
    learned behind ``other``."""
    return (*((0, r) for r in REASONS), *((1, w) for w in details))
