"""Canonical disputes, checked: what every scoring step takes."""

from __future__ import annotations

import polars as pl

from rightsguard._errors import SchemaError
from rightsguard._schema import CANONICAL_SCHEMA


def canonical(disputes: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The disputes as a DataFrame, refused unless they have the canonical schema."""
    frame = disputes.collect() if isinstance(disputes, pl.LazyFrame) else disputes
    wrong = [
        f"'{c}' ({'missing' if c not in frame.columns else frame.schema[c]}, expected {t})"
        for c, t in CANONICAL_SCHEMA.items()
        if c not in frame.columns or frame.schema[c] != t
    ]
    if wrong:
        raise SchemaError(
            [
                f"scoring needs canonical disputes; {len(wrong)} column(s) differ: {', '.join(wrong)}. "
                "Load the data with rightsguard.load_disputes first"
            ],
            frame.height,
        )
    return frame
