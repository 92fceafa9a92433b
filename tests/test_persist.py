"""Saving models with skops and refusing files with untrusted types."""

import re
import zipfile
from collections import OrderedDict

import numpy as np
import polars as pl
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from rightsguard import ModelFileError, UntrustedModelError
from rightsguard.scoring import NegotiationModel, fit_model, labels_of, load_model, save_model


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


@pytest.mark.parametrize("number", [np.nan, np.inf, 1e308])
@pytest.mark.parametrize("part", ["coef_", "intercept_"])
def test_a_model_file_whose_numbers_no_fit_makes_is_refused_by_name(tmp_path, sample_disputes, number, part):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(1500)
    model = NegotiationModel().fit(labelled, labels_of(labelled))
    getattr(model.estimator_, part).flat[0] = number
    path = save_model(model, tmp_path / "damaged.skops")

    name = {"coef_": "coefficients", "intercept_": "intercept"}[part]
    with pytest.raises(
        ModelFileError,
        match=rf"damaged.skops: the model's {name} hold values "
        rf"no fit makes \({re.escape(f'{number:g}')}\)",
    ):
        load_model(path)


def test_a_model_file_holds_one_copy_of_its_numbers(tmp_path, sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open").head(1500)
    path = save_model(NegotiationModel().fit(labelled, labels_of(labelled)), tmp_path / "m.skops")

    with zipfile.ZipFile(path) as archive:
        members = archive.namelist()
    assert "schema.json" in members
    assert [m for m in members if m != "schema.json" and not m.endswith(".npy")] == []


def test_a_file_that_is_not_a_model_is_named(tmp_path):
    (tmp_path / "text.skops").write_text("not a zip")
    with pytest.raises(ModelFileError, match="text.skops: not a rightsguard model file"):
        load_model(tmp_path / "text.skops")


@pytest.mark.parametrize("output", ["scored.csv", "scored.parquet", "scored.xlsx"])
def test_every_output_refuses_a_model_file_with_untrusted_types(tmp_path, capsys, output):
    from rightsguard._cli import main

    evil = tmp_path / "evil.skops"
    sio.dump(OrderedDict(payload=Payload()), evil)

    status = main(["score", "data/sample/disputes.csv", "--model", str(evil), "-o", str(tmp_path / output)])

    assert status == 2
    assert "untrusted type(s): test_persist.Payload" in capsys.readouterr().err
    assert not (tmp_path / output).exists()
