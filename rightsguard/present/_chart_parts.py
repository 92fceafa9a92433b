"""What every chart shares: colours and orders keyed by canonical value, titles scoped to the
disputes they count, closed and open disputes, and rates with their 95% interval.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import altair as alt
import polars as pl

from rightsguard._vocabulary import VALUES, say, text

Z95 = 1.96
"""The normal quantile of a two-sided 95% interval."""

MIN_DISPUTES = 10
"""A share from fewer closed disputes is masked: shown grey or left out, never as a rate."""


def keyed(
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


def scoped(title: str, scope: str, lang: str) -> str:
    """A chart title saying which disputes it counts."""
    return say("scoped_title", lang, scope=text(f"scope_{scope}", lang), title=text(title, lang))


def closed() -> pl.Expr:
    return pl.col("resolution").cast(pl.String) != "open"


def open() -> pl.Expr:
    return pl.col("resolution").cast(pl.String) == "open"


def rate_with_interval() -> list[pl.Expr]:
    """Negotiated share among closed disputes with its Wilson 95% interval, null below the minimum."""
    n = closed().sum()
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


def in_scope(scored: pl.DataFrame, scope: str) -> pl.DataFrame:
    if scope not in ("open", "all"):
        raise ValueError(f"scope must be 'open' or 'all'; got {scope!r}")
    return scored.filter(open()) if scope == "open" else scored
