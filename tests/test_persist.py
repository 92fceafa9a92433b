"""Saving models with skops and refusing files with untrusted types."""

from collections import OrderedDict

import numpy as np
import polars as pl
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from rightsguard import (
    NegotiationModel,
    UntrustedModelError,
    fit_model,
    labels_of,
    load_model,
    save_model,
)


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
