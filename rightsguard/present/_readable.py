"""Text from the data as a page or a workbook shows it: no control character can reorder what
is read, and no value can fill the screen.

A bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE, say) in a buyer's wording, a
title or a file name would make the text after it read backwards: a seller could read another
amount or id than the one written. Each is shown as a visible mark, ``⟨U+202E⟩``. A value longer
than :data:`MAX_SHOWN` characters is cut on the page, with ``…``; the data files (CSV, Parquet)
keep every value whole.
"""

from __future__ import annotations

import polars as pl

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The characters that change the direction text is laid out in."""

MAX_SHOWN = 400
"""Characters of one value a page shows."""

WORKBOOK_MAX = 32_000
"""Characters of one cell a workbook holds (a spreadsheet refuses more than 32,767)."""


def _mark(character: str) -> str:
    return f"⟨U+{ord(character):04X}⟩"


def readable(value: str, limit: int | None = MAX_SHOWN) -> str:
    """``value`` with each direction control shown as a mark, cut after ``limit`` characters
    (``None``: whole, for the sentences rightsguard writes itself)."""
    for character in BIDI_CONTROLS:
        value = value.replace(character, _mark(character))
    return value if limit is None or len(value) <= limit else value[:limit] + "…"


def readable_columns(frame: pl.DataFrame, limit: int = MAX_SHOWN) -> pl.DataFrame:
    """Every text column of ``frame`` as :func:`readable` shows it, in one pass of polars."""
    marked = pl.col(pl.String)
    for character in BIDI_CONTROLS:
        marked = marked.str.replace_all(character, _mark(character), literal=True)
    cut = pl.when(marked.str.len_chars() > limit).then(marked.str.slice(0, limit) + "…").otherwise(marked)
    return frame.with_columns(cut)
