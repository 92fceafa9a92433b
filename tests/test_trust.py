"""Scores say when they cannot be trusted."""

import warnings
from datetime import datetime

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import resolution_expr


@pytest.fixture(scope="module")
def shuffled(sample_disputes) -> pl.DataFrame:
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    return labelled.with_columns(
        pl.Series(
            "outcome",
            np.random.default_rng(1).permutation(labelled["outcome"].to_numpy()),
            dtype=labelled.schema["outcome"],
        )
    ).with_columns(resolution_expr())


@pytest.fixture(scope="module")
def near_chance(shuffled) -> tuple[rg.ScoringRun, list[str]]:
    """The shuffled labels scored once (logistic regression), with the warnings it raised."""
    with pytest.warns(rg.ScoreTrustWarning) as caught:
        run = rg.score(shuffled, fitting=rg.FitOptions(method="logistic"))
    return run, [str(w.message) for w in caught]


def test_shuffled_labels_make_score_and_the_summary_warn(near_chance):
    run, messages = near_chance

    assert any("includes 0.5: the score may rank disputes no better than chance" in m for m in messages)
    assert any("for always predicting the negotiated share" in w for w in rg.summarise(run).warnings)


def test_shuffled_labels_make_fit_model_warn(shuffled):
    with pytest.warns(rg.ScoreTrustWarning, match=r"held-out ROC AUC 0\.\d+ \(95% interval"):
        rg.scoring.fit_model(shuffled)


def test_a_good_dataset_raises_no_trust_warning(sample_disputes):
    with warnings.catch_warnings():
        warnings.simplefilter("error", rg.ScoreTrustWarning)
        run = rg.score(sample_disputes, fitting=rg.FitOptions(method="logistic"))

    assert run.warnings == []


def test_most_reasons_other_and_few_labels_are_named(sample_disputes):
    few = sample_disputes.head(250).with_columns(
        pl.lit("other").cast(rg.CANONICAL_SCHEMA["reason"]).alias("reason")
    )

    with pytest.warns(rg.ScoreTrustWarning) as caught:
        rg.score(few)

    messages = [str(w.message) for w in caught]
    assert any(m.startswith("250 of 250 disputes (100%) have reason 'other'") for m in messages)
    assert any(m.startswith("only ") and "escalated past disputes" in m for m in messages)


def test_the_report_of_a_near_chance_run_shows_its_warnings(near_chance, tmp_path):
    run, _ = near_chance

    html = rg.write_report(run, tmp_path / "report").read_text(encoding="utf-8")

    assert "<h2>Warnings</h2>" in html and "no better than chance" in html


def test_a_chinese_drift_warning_names_its_period_in_chinese():
    from rightsguard.scoring._trust import TrustTally

    scored = pl.DataFrame(
        {
            "resolution": ["open"] * 300,
            "reason": ["damaged"] * 300,
            "reason_raw": ["破损"] * 300,
            "scored_by": ["supplied_model"] * 300,
            "opened_at": [datetime(2026, 3, 1)] * 300,
            "p_negotiated": [0.5] * 300,
            "unknown_vouchers": [[]] * 300,
        },
        schema_overrides={"unknown_vouchers": pl.List(pl.String)},
    )
    tally = TrustTally(
        {
            "train_from": "2025-01-01T00:00:00",
            "train_to": "2025-06-30T00:00:00",
            "reason_mix": {"quality": 1.0},
            "negotiated_share": 0.6,
        }
    ).add(scored)

    drift = [w.message for w in tally.warnings(None, "zh") if "稳定性指数" in w.message]
    assert drift and "2025-01-01 至 2025-06-30" in drift[0] and " to " not in drift[0]
