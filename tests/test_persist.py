"""Saving models with skops and refusing files with untrusted types."""

import json
import subprocess
import sys
import zipfile
from collections import OrderedDict

import numpy as np
import polars as pl
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from rightsguard import (
    ModelFileError,
    NegotiationModel,
    UntrustedModelError,
    fit_model,
    labels_of,
    load_model,
    load_scorer,
    save_model,
)
from rightsguard.scoring._scorer import SCORER_MEMBER, LinearScorer


@pytest.mark.parametrize("method", ["logistic", "boosting"])
def test_a_saved_model_predicts_as_before(tmp_path, sample_disputes, method):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(1500)
    model = NegotiationModel(method=method).fit(labelled, labels_of(labelled))

    loaded = load_model(save_model(model, tmp_path / "model.skops"))

    np.testing.assert_allclose(loaded.predict_proba(labelled), model.predict_proba(labelled))
    assert loaded.metadata_ == model.metadata_


def test_metadata_records_version_features_period_and_heldout_metrics(tmp_path, sample_disputes):
    model = load_model(save_model(fit_model(sample_disputes), tmp_path / "model.skops"))

    meta = model.metadata_
    assert meta["rightsguard_version"] == "0.1.0"
    assert meta["n_train"] == sample_disputes.filter(pl.col("resolution") != "open").height
    assert meta["train_from"].startswith("2025-01-01")
    assert "delivery_proof=held" in meta["features"]
    assert meta["metrics"]["validation"] == "5-fold out of fold"
    assert 0.5 < meta["metrics"]["roc_auc"] < 1


class Payload:
    """A type no rightsguard model holds."""

    def __init__(self):
        self.command = "rm -rf /"


def test_files_with_untrusted_types_are_refused(tmp_path):
    path = tmp_path / "evil.skops"
    sio.dump(OrderedDict(payload=Payload()), path)

    with pytest.raises(UntrustedModelError, match=r"untrusted type\(s\): test_persist.Payload"):
        load_model(path)


def test_other_estimators_are_not_mistaken_for_a_model(tmp_path):
    path = tmp_path / "other.skops"
    sio.dump(LogisticRegression(), path)

    with pytest.raises(UntrustedModelError, match="holds a LogisticRegression, not a NegotiationModel"):
        load_model(path)


def test_an_unfitted_model_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match="only a fitted NegotiationModel can be saved"):
        save_model(NegotiationModel(), tmp_path / "model.skops")


def test_a_logistic_model_file_scores_without_scikit_learn_exactly_as_the_model(
        tmp_path, sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(1500)
    model = NegotiationModel().fit(labelled, labels_of(labelled))
    path = save_model(model, tmp_path / "model.skops")

    scorer = load_scorer(path)

    assert isinstance(scorer, LinearScorer)
    p, factors, contributions = scorer.score_and_explain(sample_disputes)
    p_model, factors_model, contributions_model = model.score_and_explain(sample_disputes)
    assert factors == factors_model
    np.testing.assert_allclose(p, model.predict_proba(sample_disputes)[:, 1], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(contributions, contributions_model)
    assert scorer.metadata_ == model.metadata_ and scorer.levels_ == model.levels_
    loads = subprocess.run(
        [sys.executable, "-c", "import sys, rightsguard as rg; rg.load_scorer(sys.argv[1]); "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops')))",
         str(path)], capture_output=True, text=True, check=True)
    assert loads.stdout.strip() == "[]"


def test_a_boosting_model_file_is_loaded_whole_for_scoring(tmp_path, sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(800)
    model = NegotiationModel(method="boosting").fit(labelled, labels_of(labelled))

    assert isinstance(load_scorer(save_model(model, tmp_path / "model.skops")), NegotiationModel)


def test_damaged_numbers_in_a_model_file_are_named(tmp_path, sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(1500)
    path = save_model(NegotiationModel().fit(labelled, labels_of(labelled)), tmp_path / "m.skops")
    damaged = tmp_path / "damaged.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for member in source.namelist():
            text = source.read(member)
            if member == SCORER_MEMBER:
                saved = json.loads(text)
                saved["coef"] = saved["coef"][:-1]
                text = json.dumps(saved)
            target.writestr(member, text)

    with pytest.raises(ModelFileError, match=r"damaged.skops: the model's numbers are damaged.*"
                                             r"coefficients"):
        load_scorer(damaged)
    (tmp_path / "text.skops").write_text("not a zip")
    with pytest.raises(ModelFileError, match="text.skops: not a rightsguard model file"):
        load_scorer(tmp_path / "text.skops")
