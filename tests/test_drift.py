"""Drift after a model's training period: reported, and recalibrated out of fold on request."""

import warnings
from datetime import datetime

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES, resolution_expr

CUTOFF = datetime(2026, 1, 1)


@pytest.fixture(scope="module")
def drifted(sample_disputes) -> tuple[rg.scoring.NegotiationModel, pl.DataFrame]:
    """A model of the earlier disputes, and later ones where a third of settlements now escalate."""
    earlier = sample_disputes.filter(pl.col("opened_at") < CUTOFF)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        model = rg.scoring.fit_model(earlier, fitting=rg.FitOptions(method="logistic"))
    later = sample_disputes.filter(pl.col("opened_at") >= CUTOFF)
    flip = (pl.col("resolution") == "negotiated") & (pl.col("dispute_id").hash(7) % 3 == 0)
    later = later.with_columns(
        pl.when(flip)
        .then(pl.lit("platform_buyer"))
        .otherwise(pl.col("outcome").cast(pl.String))
        .cast(rg.CANONICAL_SCHEMA["outcome"])
        .alias("outcome")
    ).with_columns(resolution_expr())
    return model, later


def _gap(run: rg.ScoringRun) -> float:
    labelled = run.scored.filter(pl.col("resolution") != "open")
    observed = (labelled["resolution"] == "negotiated").mean()
    return abs(labelled["p_negotiated"].mean() - observed)


def test_drift_is_reported_with_the_way_to_recalibrate(drifted):
    model, later = drifted
    with pytest.warns(rg.ScoreTrustWarning, match=r"negotiated share .*--recalibrate"):
        rg.score(later, model=model)


def test_recalibration_on_the_newest_window_brings_probabilities_back(drifted):
    model, later = drifted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        plain = rg.score(later, model=model)
        recalibrated = rg.score(later, model=model, recalibrate=True)

    assert _gap(plain) > 0.1
    assert _gap(recalibrated) < 0.03
    assert recalibrated.quality.calibration_error < plain.quality.calibration_error / 2
    assert abs(recalibrated.quality.roc_auc - plain.quality.roc_auc) < 0.02  # ranking kept
    labelled = later.filter(pl.col("resolution") != "open").height
    assert any(f"recalibrated on {labelled:,} labelled disputes" in n for n in recalibrated.notes)
    # each explanation the line moved says from what to what: its points add up to the model's chance
    told = (
        plain.scored.filter(pl.col("resolution") != "open")  # open ones are then conditioned on their stage
        .select("dispute_id", (pl.col("p_negotiated") * 100).round(0).cast(pl.Int64).alias("was"))
        .join(
            recalibrated.scored.select(
                "dispute_id",
                (pl.col("p_negotiated") * 100).round(0).cast(pl.Int64).alias("now"),
                "explanation",
            ),
            on="dispute_id",
        )
    )
    moved = told.filter(pl.col("now") != pl.col("was"))
    assert moved.height > 100
    said = pl.format("; recalibrated for drift: {}% → {}%", "was", "now")
    assert moved.select(pl.col("explanation").str.ends_with(said).all()).item()
    assert not told.filter(pl.col("now") == pl.col("was"))["explanation"].str.contains("recalibrated").any()


def test_window_disputes_are_recalibrated_without_their_own_outcome(drifted):
    model, later = drifted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        before = rg.score(later, model=model, recalibrate=True).scored
        first = later["dispute_id"][0]
        flipped = later.with_columns(
            pl.when(pl.col("dispute_id") == first)
            .then(
                pl.when(pl.col("resolution") == "negotiated")
                .then(pl.lit("platform_buyer"))
                .otherwise(pl.lit("agreed"))
            )
            .otherwise(pl.col("outcome").cast(pl.String))
            .cast(rg.CANONICAL_SCHEMA["outcome"])
            .alias("outcome")
        ).with_columns(resolution_expr())
        after = rg.score(flipped, model=model, recalibrate=True).scored

    changed = after["p_negotiated"].to_numpy() != before["p_negotiated"].to_numpy()
    is_open = (later["resolution"] == "open").to_numpy()
    with_platform = later["stage"].cast(pl.String).is_in(PLATFORM_STAGES).to_numpy()
    assert is_open.any() and not changed[0]  # its line was fitted on the other folds
    assert changed[is_open & ~with_platform].all()  # the whole window's line saw the new outcome
    assert not changed[is_open & with_platform].any()  # with customer service: no chance, whatever the line


def test_recalibration_needs_a_supplied_model_and_enough_new_labels(sample_disputes, drifted):
    model, later = drifted
    with pytest.raises(ValueError, match="recalibrate needs a supplied model"):
        rg.score(sample_disputes, recalibrate=True)
    with pytest.raises(ValueError, match=r"cannot recalibrate .*too few labelled disputes"):
        rg.score(later.head(30), model=model, recalibrate=True)


def test_the_calibration_noise_bound_is_what_chance_gives_calibrated_predictions():
    from rightsguard.scoring._quality import calibration_noise, measure

    rng = np.random.default_rng(7)
    p = rng.uniform(0.05, 0.95, 270)
    by_chance = [measure((rng.random(p.size) < p).astype(int), p).calibration_error for _ in range(400)]
    shifted = measure((rng.random(p.size) < p * 0.6).astype(int), p).calibration_error

    assert calibration_noise(p) == pytest.approx(np.quantile(by_chance, 0.99), rel=0.15)
    assert np.mean(np.array(by_chance) > calibration_noise(p)) < 0.03
    assert shifted > calibration_noise(p)  # a real drift stands out of the noise
