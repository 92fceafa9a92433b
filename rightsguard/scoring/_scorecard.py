"""The logistic model read as a scorecard: points per factor level, and its raw coefficients."""

from __future__ import annotations

import polars as pl

from rightsguard._vocabulary import text
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS, FactorPhrases
from rightsguard.scoring._features import Feature


def scorecard_table(
    estimator, feature_means, level_points: tuple, named: dict[str, FactorPhrases], n_train: int, lang: str
) -> pl.DataFrame:
    """Points per factor level against the average past dispute (see ``NegotiationModel.scorecard``).

    Parameters
    ----------
    estimator, feature_means
        The fitted logistic regression and the training means of its features.
    level_points
        ``(factor, level code, disputes, points)`` per level, learned at fit.
    named
        Each factor's phrases in ``lang`` (:func:`factor_phrases`).
    n_train
        Training disputes, the base row's count.
    """
    base = estimator.intercept_[0] + feature_means @ estimator.coef_[0]
    rows = [("base", text("scorecard_base", lang), n_train, float(base * POINTS_PER_LOG_ODDS))]
    rows += [
        (factor, named[factor].phrases[code], disputes, points)
        for factor, code, disputes, points in level_points
    ]
    return pl.DataFrame(
        rows,
        schema={"factor": pl.String, "level": pl.String, "disputes": pl.Int64, "points": pl.Float64},
        orient="row",
    ).with_columns(
        (pl.col("points") / POINTS_PER_LOG_ODDS).exp().alias("odds_ratio"), pl.col("points").round(1)
    )


def coefficient_table(estimator, feature_means, features: list[Feature]) -> pl.DataFrame:
    """The logistic coefficient and training mean of every feature, after the intercept."""
    return pl.DataFrame(
        {
            "factor": ["base", *(f.factor for f in features)],
            "feature": ["intercept", *(f.name for f in features)],
            "coefficient": [float(estimator.intercept_[0]), *estimator.coef_[0]],
            "training_mean": [1.0, *feature_means],
        }
    ).with_columns(pl.col("coefficient").exp().alias("odds_ratio"))
