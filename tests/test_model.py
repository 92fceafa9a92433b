"""The estimator: its contract, its scorecard, no leakage, monotone evidence."""

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from rightsguard import OUTCOME_COLUMNS
from rightsguard.scoring import NegotiationModel, labels_of
from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS
from rightsguard.scoring._features import build_features
from rightsguard.scoring._known_at_open import FEATURE_SOURCES, KNOWN_AT_OPEN


@pytest.fixture(scope="module")
def labelled(sample_disputes) -> pl.DataFrame:
    return sample_disputes.filter(pl.col("resolution") != "open")


@pytest.fixture(scope="module")
def fitted(labelled) -> NegotiationModel:
    return NegotiationModel().fit(labelled, labels_of(labelled))


def test_init_only_stores_parameters():
    model = NegotiationModel(method="nonsense", C=-1)

    assert model.get_params() == {
        "method": "nonsense",
        "C": -1,
        "rules": None,
        "min_category_count": 30,
        "validation_folds": None,
        "random_state": 0,
        "stage_times": None,
    }
    assert not [a for a in vars(model) if a.endswith("_")]
    assert clone(model).get_params() == model.get_params()


def test_fit_validates_its_parameters_and_input(labelled):
    with pytest.raises(ValueError, match="method must be one of logistic, boosting; got 'nonsense'"):
        NegotiationModel(method="nonsense").fit(labelled, labels_of(labelled))
    with pytest.raises(TypeError, match="takes canonical disputes as a polars DataFrame; got ndarray"):
        NegotiationModel().fit(np.zeros((3, 3)), np.array([0, 1, 0]))
    with pytest.raises(TypeError, match=r"pass the labels as y: rightsguard.scoring.labels_of\(disputes\)"):
        NegotiationModel().fit(labelled, None)
    with pytest.raises(ValueError, match=r"labels must be 'negotiated' or 'escalated'; got \['1'\]"):
        NegotiationModel().fit(labelled.head(2), np.array(["negotiated", "1"]))
    with pytest.raises(ValueError, match="still open and have no label"):
        labels_of(
            pl.concat(
                [
                    labelled.head(5),
                    labelled.head(1).with_columns(
                        pl.lit("open").cast(labelled.schema["resolution"]).alias("resolution")
                    ),
                ]
            )
        )


def test_predicting_before_fit_is_refused(labelled):
    with pytest.raises(NotFittedError, match="is not fitted yet"):
        NegotiationModel().predict_proba(labelled)


def test_fit_returns_self_with_fitted_attributes(labelled):
    model = NegotiationModel()

    assert model.fit(labelled, labels_of(labelled)) is model
    assert model.metadata_["n_train"] == labelled.height
    assert list(model.model_features_) == model.metadata_["features"]
    proba = model.predict_proba(labelled)
    assert proba.shape == (labelled.height, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_the_estimator_follows_scikit_learn_conventions(labelled, fitted):
    from sklearn.base import is_classifier

    assert list(fitted.classes_) == ["escalated", "negotiated"]
    assert list(fitted.feature_names_in_) == list(FEATURE_SOURCES)
    assert fitted.n_features_in_ == len(FEATURE_SOURCES)
    assert is_classifier(fitted) and not hasattr(fitted, "score")
    predicted = fitted.predict(labelled.head(50))
    assert set(predicted) <= set(fitted.classes_)
    proba = fitted.predict_proba(labelled.head(50))
    assert list(predicted) == list(fitted.classes_[(proba[:, 1] >= 0.5).astype(int)])


def test_metadata_including_held_out_metrics_is_set_in_fit(labelled):
    model = NegotiationModel(validation_folds=3).fit(labelled, labels_of(labelled))

    metrics = model.metadata_["metrics"]
    assert metrics["validation"] == "3-fold out of fold" and metrics["n_heldout"] == labelled.height
    assert 0.6 < metrics["roc_auc"] < 0.9
    assert metrics["period"].startswith(model.metadata_["train_from"])


def test_every_feature_source_says_why_it_is_known_when_a_dispute_opens():
    read = set(FEATURE_SOURCES)

    assert read == set(KNOWN_AT_OPEN) and all(len(KNOWN_AT_OPEN[c]) > 20 for c in read)
    assert not read & OUTCOME_COLUMNS
    assert not read & {"closed_at", "deadline_at", "outcome", "resolution"}
    assert {"instant_response", "after_sale", "paid_at"} <= read
    assert {f.factor for f in build_features()} >= {"instant response", "after sale", "days since payment"}


LEAKY = {
    "closed_at": lambda y: pl.lit(None, pl.Datetime("us")),
    "resolution_hours": lambda y: pl.Series(np.where(y == 1, 30.0, 200.0)),
    "责任方": lambda y: pl.Series(np.where(y == 1, "", "卖家")),
    "satisfaction": lambda y: pl.Series(np.where(y == 1, "Yes", "No")),
    "restitution": lambda y: pl.Series(np.where(y == 1, 100.0, 0.0)),
    "客服介入状态": lambda y: pl.Series(np.where(y == 1, "不需客服介入", "客服已经介入")),
}


def test_outcome_decided_columns_never_become_features(labelled, fitted):
    y = (labelled["resolution"] == "negotiated").to_numpy().astype(int)
    leaky = labelled.with_columns(make(y).alias(name) for name, make in LEAKY.items())

    refit = NegotiationModel().fit(leaky, labels_of(leaky))

    assert not OUTCOME_COLUMNS & set(FEATURE_SOURCES)
    assert not set(LEAKY) & set(FEATURE_SOURCES)
    assert refit.features(leaky).equals(fitted.features(labelled))
    np.testing.assert_allclose(refit.predict_proba(leaky), fitted.predict_proba(labelled))


def test_a_feature_reading_an_outcome_column_cannot_be_computed(labelled):
    from polars.exceptions import ColumnNotFoundError

    from rightsguard.scoring._features import Feature, feature_frame

    leaky = Feature("days_to_close", "leak", "days", pl.col("closed_at").dt.day().cast(pl.Float64))

    with pytest.raises(ColumnNotFoundError, match="closed_at"):
        feature_frame(labelled, [leaky])


def test_unknown_values_are_scored_not_dropped(labelled, fitted):
    blank = labelled.head(20).with_columns(
        pl.lit(None, pl.Boolean).alias("goods_received"),
        pl.lit(None, pl.Float64).alias("amount"),
        pl.lit(None, pl.Float64).alias("seller_response_hours"),
        pl.col("^evidence_.*$").map_batches(lambda s: pl.Series([None] * len(s), dtype=pl.Boolean)),
    )

    proba = fitted.predict_proba(blank)[:, 1]

    assert proba.shape == (20,) and np.isfinite(proba).all()


def test_scorecard_reads_as_points_per_factor_level(fitted):
    card = fitted.scorecard()
    points = dict(zip(card["level"], card["points"]))

    assert card.columns == ["factor", "level", "disputes", "points", "odds_ratio"]
    assert points["reason changed mind"] > 20 > -20 > points["reason counterfeit"]
    for voucher in ("delivery proof", "signature proof", "purchase voucher", "chat log"):
        assert points[f"{voucher} held"] > points[f"{voucher} missing"], voucher
    assert points["first reply within 1 h"] > points["first reply after 1-3 days"]
    assert card.filter(pl.col("factor") != "base")["disputes"].min() >= 1


def test_scorecard_and_explanations_share_the_average_dispute_as_baseline(fitted, labelled):
    card = fitted.scorecard()
    factors, values = fitted.contributions(labelled)
    p = fitted.predict_proba(labelled)[:, 1]
    base = card.filter(pl.col("factor") == "base")["points"].item()

    # a score is the base plus its factors' points, as the explanations give them
    np.testing.assert_allclose(
        base + values.sum(axis=1) * POINTS_PER_LOG_ODDS, np.log(p / (1 - p)) * POINTS_PER_LOG_ODDS, atol=0.06
    )
    held = labelled.select(pl.col("evidence_chat_log").fill_null(False)).to_series().to_numpy()
    explained = values[held, factors.index("chat log")] * POINTS_PER_LOG_ODDS
    scorecard = card.filter(pl.col("level") == "chat log held")["points"].item()
    assert explained == pytest.approx(np.full(held.sum(), scorecard), abs=0.06)


def test_not_recorded_flags_that_copy_the_reason_are_folded_into_it(labelled):
    # as in a refund export: nothing but the waybill is ever recorded
    export_like = labelled.with_columns(
        pl.lit(None, pl.Boolean).alias(c)
        for c in labelled.columns
        if c.startswith("evidence_") and c != "evidence_delivery_proof"
    )
    model = NegotiationModel().fit(export_like, labels_of(export_like))
    card = model.scorecard()

    assert model.levels_.unrecorded_flags == ("delivery_proof",)
    assert "chat_log=unknown" not in model.model_features_
    assert "delivery_proof=unknown" in model.model_features_
    assert card.filter(pl.col("level") == "chat log not recorded")["points"].item() == 0.0
    assert "chat_log=unknown" in NegotiationModel().fit(labelled, labels_of(labelled)).model_features_


def test_coefficients_list_every_feature_with_its_training_mean(fitted):
    table = fitted.coefficients()

    assert table["feature"].to_list() == ["intercept", *fitted.model_features_]
    assert table["training_mean"].to_list()[1:] == pytest.approx(list(fitted.feature_means_))


def test_boosting_never_lowers_the_score_for_more_evidence(labelled):
    model = NegotiationModel(method="boosting").fit(labelled.head(2000), labels_of(labelled.head(2000)))
    base = labelled.slice(2000, 500)

    for column in [c for c in labelled.columns if c.startswith("evidence_")]:
        without = model.predict_proba(base.with_columns(pl.lit(False).alias(column)))[:, 1]
        with_it = model.predict_proba(base.with_columns(pl.lit(True).alias(column)))[:, 1]
        assert (with_it >= without - 1e-9).all(), column


def test_boosting_has_no_scorecard_but_explains(labelled):
    model = NegotiationModel(method="boosting").fit(labelled.head(1500), labels_of(labelled.head(1500)))

    with pytest.raises(ValueError, match="a scorecard needs the logistic model"):
        model.scorecard()
    factors, values = model.contributions(labelled.head(10))
    assert values.shape == (10, len(factors)) and "reason" in factors


@pytest.mark.parametrize(("setting", "threads"), [(None, 1), ("3", 3), ("0", 1), ("many", 1)])
def test_numerical_work_uses_one_thread_unless_told_otherwise(monkeypatch, setting, threads):
    from rightsguard.scoring._threads import thread_budget

    if setting is None:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OMP_NUM_THREADS", setting)

    assert thread_budget() == threads
