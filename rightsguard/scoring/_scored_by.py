"""How each dispute was scored: the typed field that tells held-out scores apart.

Quality measures, charts and summaries read this field, never a display
string: only ``out_of_fold`` scores come from a model that did not see the
dispute's outcome.
"""

from __future__ import annotations

import polars as pl

OUT_OF_FOLD = "out_of_fold"
"""A labelled dispute scored by a model fitted on the other folds."""
ALL_LABELLED = "all_labelled"
"""An open dispute scored by the model fitted on every labelled dispute."""
SUPPLIED_MODEL = "supplied_model"
"""Scored by a model the user passed in (its training data is unknown here)."""

ScoredBy = pl.Enum([OUT_OF_FOLD, ALL_LABELLED, SUPPLIED_MODEL])


def heldout() -> pl.Expr:
    """True where the score comes from a model that never saw the dispute's outcome."""
    return pl.col("scored_by") == OUT_OF_FOLD
