"""The model's method chosen by held-out score: auto keeps the better, says both figures, and a
method clearly worse than the other warns."""

import re
import warnings

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

import rightsguard as rg
from rightsguard._cli import main
from rightsguard.scoring._methods import compare


@pytest.fixture(scope="module")
def runs(sample_disputes) -> dict[str, rg.ScoringRun]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            method: rg.score(sample_disputes.head(2500), fitting=rg.FitOptions(method=method))
            for method in ("auto", "logistic", "boosting")
        }


def test_auto_keeps_the_better_method_in_the_same_folds_and_says_both_figures(runs):
    auto, logistic, boosting = runs["auto"], runs["logistic"], runs["boosting"]
    kept = auto.model.metadata_["method_comparison"]

    assert kept["picked"] == "logistic" and auto.model.method == "logistic"
    assert kept["auc"]["logistic"] == pytest.approx(logistic.quality.roc_auc, abs=1e-12)
    assert kept["auc"]["boosting"] == pytest.approx(boosting.quality.roc_auc, abs=1e-12)
    assert kept["auc"]["logistic"] > kept["auc"]["boosting"]
    np.testing.assert_allclose(
        auto.scored["p_negotiated"], logistic.scored["p_negotiated"], rtol=0, atol=1e-12
    )
    assert auto.notes[0] == (
        f"method auto: kept logistic regression (held-out ROC AUC {kept['auc']['logistic']:.3f}) "
        f"over gradient boosting ({kept['auc']['boosting']:.3f}); difference "
        f"{kept['difference']:+.3f}, 95% interval {kept['low']:+.3f} to {kept['high']:+.3f}, "
        f"on {auto.quality.n:,} disputes"
    )
    assert "method_comparison" not in logistic.model.metadata_  # nothing was compared


def test_a_method_worse_than_the_other_by_more_than_its_interval_warns(runs):
    run = runs["boosting"]  # its warnings are emitted as ScoreTrustWarning, as every run's
    kept = run.model.metadata_["method_comparison"]
    assert kept["picked"] == "boosting" and kept["high"] < 0

    assert any(
        re.search(
            r"the model \(gradient boosting\) ranks held-out disputes worse than "
            r"logistic regression",
            p,
        )
        for p in run.warnings
    )
    assert any("use --method auto or logistic regression" in p for p in run.warnings)
    assert not any("ranks held-out disputes worse" in p for p in runs["auto"].warnings)


def test_the_interval_of_the_difference_matches_a_paired_bootstrap():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 3000)
    sharp, blunt = y + rng.normal(0, 1, 3000), y + rng.normal(0, 1.5, 3000)

    comparison = compare("auto", y, {"logistic": blunt, "boosting": sharp})

    draws = rng.integers(0, 3000, (400, 3000))
    differences = [roc_auc_score(y[d], sharp[d]) - roc_auc_score(y[d], blunt[d]) for d in draws]
    low, high = np.percentile(differences, [2.5, 97.5])
    assert comparison.picked == "boosting"
    assert comparison.difference == pytest.approx(roc_auc_score(y, sharp) - roc_auc_score(y, blunt))
    assert (comparison.low, comparison.high) == pytest.approx((low, high), abs=0.006)


def test_a_tie_keeps_the_readable_logistic_model():
    y = np.array([0, 1] * 50)
    same = np.linspace(0, 1, 100)

    assert compare("auto", y, {"boosting": same, "logistic": same}).picked == "logistic"


def test_an_unknown_method_is_refused_by_name(sample_disputes):
    with pytest.raises(ValueError, match="method must be one of auto, logistic, boosting; got 'tree'"):
        rg.FitOptions(method="tree")


def test_the_command_says_which_method_it_kept_in_the_readers_language(sample_disputes, tmp_path, capsys):
    sample_disputes.head(2500).write_parquet(tmp_path / "disputes.parquet")  # the fixture's 2,500

    assert (
        main(["score", str(tmp_path / "disputes.parquet"), "-o", str(tmp_path / "s.parquet"), "--lang", "zh"])
        == 0
    )
    told = capsys.readouterr().err
    assert "方法自动：选用逻辑回归（检验 ROC AUC 0." in told


def test_a_boosting_model_scores_an_empty_batch(sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(800)
    model = rg.scoring.NegotiationModel(method="boosting").fit(labelled, rg.scoring.labels_of(labelled))

    probability, factors, contributions = model.score_and_explain(labelled.clear())

    assert probability.shape == (0,) and contributions.shape == (0, len(factors))
    assert model.predict_proba(labelled.clear()).shape == (0, 2)
