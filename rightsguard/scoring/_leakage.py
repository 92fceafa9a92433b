"""A source's own feature columns vetted for leakage at fit: a column whose values alone rank the
outcomes almost perfectly was decided by them, and is refused.
"""

from __future__ import annotations

import polars as pl

from rightsguard.scoring._features import FeatureLevels
from rightsguard.scoring._quality import roc_auc

LEAKAGE_AUC = 0.9
"""A source feature column whose levels alone rank the outcomes this well is refused."""


def separating_extras(frame: pl.DataFrame, negotiated: pl.Series, levels: FeatureLevels) -> dict[str, float]:
    """The ``extra_*`` columns whose values alone rank the outcomes with ROC AUC ≥ :data:`LEAKAGE_AUC`.

    A text column's learned levels (the rest pooled) are scored by their own
    negotiated share in ``frame``; a numeric column by its value, either way
    round. A column that separates the outcomes this well was almost surely
    decided by them (a satisfaction or refund column).
    """
    if not levels.extras:
        return {}
    labelled = frame.select(*levels.extras).with_columns(negotiated.alias("_y"))
    scores = {
        column: pl.col("_y")
        .mean()
        .over(pl.when(pl.col(column).is_in(values)).then(pl.col(column)).otherwise(pl.lit("")))
        for column, values in levels.extra_levels
    }
    scores |= {column: pl.col(column).fill_null(mean) for column, mean, _ in levels.extra_scales}
    found = {}
    for column, score in scores.items():
        scored = labelled.select(score.alias("s"), "_y")
        both = 0 < scored["_y"].sum() < scored.height
        auc = roc_auc(scored["_y"].to_numpy(), scored["s"].to_numpy()) if both else 0.5
        auc = max(auc, 1 - auc)
        if auc >= LEAKAGE_AUC:
            found[column] = auc
    return found


class LeakageError(ValueError):
    """Raised when a feature column would carry the outcome into the score."""
