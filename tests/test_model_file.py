"""A saved logistic model read straight from its file: the same numbers load_model reads, the
same refusals, and no scikit-learn on the way from a file to its scores."""

import json
import re
import subprocess
import sys
import zipfile

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

from rightsguard import ModelFileError, UntrustedModelError
from rightsguard.scoring import NegotiationModel, labels_of, load_model, save_model
from rightsguard.scoring._model_file import load_scorer
from rightsguard.scoring._quality import roc_auc
from rightsguard.scoring._scorer import LinearScorer


@pytest.fixture(scope="module")
def labelled(sample_disputes):
    return sample_disputes.filter(pl.col("resolution") != "open").head(1500)


@pytest.fixture(scope="module")
def logistic_file(labelled, tmp_path_factory):
    model = NegotiationModel().fit(labelled, labels_of(labelled))
    return save_model(model, tmp_path_factory.mktemp("model") / "model.skops")


def _rewritten(path, tmp_path, change):
    """A copy of a model file whose schema.json went through ``change``."""
    copy = tmp_path / path.name
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for member in source.namelist():
            data = source.read(member)
            if member == "schema.json":
                data = json.dumps(change(json.loads(data))).encode()
            target.writestr(member, data)
    return copy


def test_the_reader_reads_every_number_load_model_reads(logistic_file, sample_disputes):
    whole = load_model(logistic_file).linear_scorer()

    read = load_scorer(logistic_file)

    assert isinstance(read, LinearScorer)
    np.testing.assert_array_equal(read.coef, whole.coef)
    np.testing.assert_array_equal(read.feature_means, whole.feature_means)
    assert read.intercept == whole.intercept
    assert (read.levels_, read.rules, read.metadata_) == (whole.levels_, whole.rules, whole.metadata_)
    p_read, factors, points = read.score_and_explain(sample_disputes)
    p_whole, factors_whole, points_whole = whole.score_and_explain(sample_disputes)
    np.testing.assert_array_equal(p_read, p_whole)
    assert factors == factors_whole
    np.testing.assert_array_equal(points, points_whole)


def test_a_boosting_model_is_loaded_whole(labelled, tmp_path):
    path = save_model(
        NegotiationModel(method="boosting").fit(labelled, labels_of(labelled)), tmp_path / "b.skops"
    )

    assert isinstance(load_scorer(path), NegotiationModel)


@pytest.mark.parametrize("number", [np.nan, 1e308])
def test_numbers_no_fit_makes_are_refused_by_the_reader_too(labelled, tmp_path, number):
    model = NegotiationModel().fit(labelled, labels_of(labelled))
    model.estimator_.coef_.flat[2] = number
    path = save_model(model, tmp_path / "damaged.skops")

    with pytest.raises(
        ModelFileError, match=re.escape(f"the model's coefficients hold values no fit makes ({number:g})")
    ):
        load_scorer(path)


def test_a_file_naming_another_class_anywhere_is_refused_as_load_model_refuses_it(logistic_file, tmp_path):
    def smuggled(schema):
        levels = schema["content"]["content"]["levels_"]["content"]["content"]
        levels["held_rates"]["__module__"], levels["held_rates"]["__class__"] = "os", "system"
        return schema

    path = _rewritten(logistic_file, tmp_path, smuggled)

    with pytest.raises(UntrustedModelError, match=re.escape("untrusted type(s): os.system")):
        load_scorer(path)


def test_a_file_that_is_not_a_model_is_named_by_the_reader(tmp_path):
    (tmp_path / "text.skops").write_text("not a zip")

    with pytest.raises(ModelFileError, match="text.skops: not a rightsguard model file"):
        load_scorer(tmp_path / "text.skops")


def test_scoring_a_file_with_a_saved_logistic_model_imports_no_scikit_learn(logistic_file, tmp_path):
    code = (
        "import sys\n"
        "from rightsguard._cli import main\n"
        f"status = main(['score', 'data/sample/disputes.csv', '--model', {str(logistic_file)!r}, "
        f"'-o', {str(tmp_path / 'scored.parquet')!r}])\n"
        "print(status, sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'scipy'}))\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.split("\n")[-2] == "0 []"
    assert pl.read_parquet(tmp_path / "scored.parquet").height == 5000


@pytest.mark.parametrize("n", [7, 500, 20_000])
def test_the_auc_is_scikit_learns_with_ties(n):
    rng = np.random.default_rng(n)
    y = rng.random(n) < 0.3
    p = np.round(rng.random(n) + 0.3 * y, 1)  # rounded: many ties

    assert roc_auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)
