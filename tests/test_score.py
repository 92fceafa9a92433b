"""score(): one row per dispute, honest probabilities, sensible recommendations."""

from datetime import datetime

import numpy as np
import polars as pl
import pytest
from sklearn.model_selection import StratifiedKFold

import rightsguard as rg
from rightsguard import CANONICAL_SCHEMA, SCORE_COLUMNS, FitOptions, SchemaError, score, validate
from rightsguard.engine._aged import conditioned_on_where_it_stands
from rightsguard.scoring import NegotiationModel, measure, quality_of
from rightsguard.scoring._model import labels_of
from rightsguard.scoring._reasons import WHY
from rightsguard.scoring._scorer import scored_frame
from rightsguard.scoring._time_open import data_moment


@pytest.fixture(scope="module")
def scored(sample_scored) -> pl.DataFrame:
    return sample_scored


def test_one_row_per_input_row_in_input_order(sample_disputes, scored):
    assert scored.height == sample_disputes.height
    assert scored.columns == [*sample_disputes.columns, *SCORE_COLUMNS]
    assert scored.select(sample_disputes.columns).equals(sample_disputes)
    assert scored["p_negotiated"].is_between(0, 1).all()


def test_quality_meets_the_bars_against_the_known_truth(scored, truth):
    heldout = scored.filter(pl.col("resolution") != "open").join(truth, on="dispute_id")
    y = labels_of(heldout)
    model = quality_of(scored)
    best = measure(y, heldout["p_negotiated_right"].to_numpy())

    assert model.n == heldout.height
    assert model.roc_auc >= best.roc_auc - 0.02
    assert model.calibration_error <= 0.03
    assert model.calibration.height == 10


def test_labelled_disputes_are_scored_by_models_that_never_saw_them(sample_disputes, scored):
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    y = labels_of(labelled)
    train, test = next(StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), y))
    fold_model = NegotiationModel().fit(labelled[train], y[train])

    expected = fold_model.predict_proba(labelled[test])[:, 1]
    got = scored.join(
        labelled[test].select("dispute_id"), on="dispute_id", how="semi", maintain_order="right"
    )

    np.testing.assert_allclose(got["p_negotiated"].to_numpy(), expected)
    assert got["scored_by"].unique().to_list() == ["out_of_fold"]
    assert got["fold"].unique().to_list() == [1]


def as_they_stand(
    disputes: pl.DataFrame, p: np.ndarray, model: NegotiationModel, moment: datetime
) -> np.ndarray:
    """The estimator's probabilities, the open disputes' as they stand at ``moment``."""
    frame = disputes.select(
        "opened_at",
        "resolution",
        "stage",
        "stage_since",
        pl.Series("p_negotiated", p),
        pl.lit("").alias("explanation"),
        pl.lit([], WHY).alias("why"),
    )
    return conditioned_on_where_it_stands(frame, model.levels_, moment, "en")["p_negotiated"].to_numpy()


def test_open_disputes_agree_with_the_estimator_fitted_on_all_labelled(sample_disputes, scored):
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    open_ = sample_disputes.filter(pl.col("resolution") == "open")

    model = NegotiationModel().fit(labelled, labels_of(labelled))
    expected = as_they_stand(open_, model.predict_proba(open_)[:, 1], model, data_moment(sample_disputes))
    got = scored.filter(pl.col("resolution") == "open")

    np.testing.assert_allclose(got["p_negotiated"].to_numpy(), expected)
    assert got["scored_by"].unique().to_list() == ["all_labelled"]


def test_a_supplied_model_scores_every_dispute_as_the_estimator_does(sample_disputes):
    earlier = sample_disputes.head(3000).filter(pl.col("resolution") != "open")
    model = NegotiationModel().fit(earlier, labels_of(earlier))
    later = sample_disputes.slice(3000)

    result = score(later, model=model, batch_size=700).scored

    expected = as_they_stand(later, model.predict_proba(later)[:, 1], model, data_moment(later))
    np.testing.assert_allclose(result["p_negotiated"].to_numpy(), expected)
    assert result["scored_by"].unique().to_list() == ["supplied_model"]


def test_scoring_the_training_period_with_a_supplied_model_warns(sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    model = NegotiationModel().fit(labelled.head(1000), labels_of(labelled.head(1000)))

    with pytest.warns(rg.InSampleWarning, match=r"1,000 labelled dispute\(s\) were opened within"):
        score(labelled.head(1500), model=model)


def test_too_few_labelled_disputes_is_refused_not_guessed(sample_disputes):
    few = sample_disputes.head(40)

    with pytest.raises(
        ValueError,
        match=r"need at least 25 negotiated and 25 escalated ones, "
        r"got \d+ negotiated and \d+ escalated",
    ):
        score(few)


def test_raw_rows_are_validated_as_the_loader_would():
    with pytest.raises(
        SchemaError, match="missing column\\(s\\): 'opened_at'; required are dispute_id, opened_at, reason"
    ):
        score(pl.DataFrame({"dispute_id": ["1"], "reason": ["quality"]}))


def test_fitting_refuses_raw_rows_and_sends_them_to_the_loader():
    with pytest.raises(
        SchemaError, match="scoring needs canonical disputes.*'opened_at' \\(missing.*load_disputes"
    ):
        rg.scoring.fit_model(pl.DataFrame({"dispute_id": ["1"], "reason": ["quality"]}))


def hand_checked() -> pl.DataFrame:
    """Three open disputes whose scores a seller could predict by hand."""
    base = {
        "opened_at": datetime(2026, 10, 30),
        "order_id": None,
        "shop": "shop_a",
        "closed_at": None,
        "category": "apparel",
        "outcome": None,
    }
    none = dict.fromkeys(c for c in CANONICAL_SCHEMA if c.startswith("evidence_"))
    rows = [
        {
            **base,
            **none,
            "dispute_id": "hand-1",
            "reason": "not_received",
            "reason_raw": "快递一直未送到",
            "goods_received": False,
            "refund_type": "refund_only",
            "amount": 60.0,
            "seller_response_hours": 0.5,
            "evidence_delivery_proof": True,
            "evidence_signature_proof": True,
            "evidence_chat_log": True,
        },
        {
            **base,
            **none,
            "dispute_id": "hand-2",
            "reason": "counterfeit",
            "reason_raw": "假冒品牌",
            "goods_received": True,
            "refund_type": "return_refund",
            "amount": 2500.0,
            "seller_response_hours": 60.0,
            "evidence_purchase_voucher": True,
            "evidence_chat_log": True,
        },
        {
            **base,
            **none,
            "dispute_id": "hand-3",
            "reason": "quality",
            "reason_raw": "质量问题",
            "goods_received": True,
            "refund_type": "return_refund",
            "amount": 900.0,
            "seller_response_hours": 30.0,
            "evidence_purchase_voucher": False,
            "evidence_chat_log": False,
        },
    ]
    return validate(
        pl.DataFrame(
            rows,
            schema_overrides={"opened_at": pl.Datetime("us"), "closed_at": pl.Datetime("us")},
            infer_schema_length=None,
        )
    ).accepted_or_raise()


def test_hand_checked_disputes_read_sensibly(sample_disputes):
    result = (
        score(pl.concat([sample_disputes, hand_checked()]), fitting=FitOptions(method="logistic"))
        .scored.filter(pl.col("dispute_id").str.starts_with("hand-"))
        .sort("dispute_id")
    )
    first, second, third = result.iter_rows(named=True)

    assert first["p_negotiated"] > 0.75
    assert first["recommendation"] == "negotiate"
    assert "delivery proof held" in first["explanation"]
    assert "signature proof held" in first["explanation"]

    assert second["p_negotiated"] < 0.35
    assert second["evidence_completeness"] == 1.0
    assert second["recommendation"] == "escalate"
    assert "reason counterfeit" in second["explanation"].split("lowered by:")[1]
    assert second["next_step"] == (
        "escalate: ask customer service to intervene, with purchase voucher, chat log"
    )

    assert third["p_negotiated"] < 0.35
    assert third["recommendation"] == "negotiate"
    assert third["missing_vouchers"] == ["purchase_voucher", "chat_log"]
    assert third["next_step"] == (
        "negotiate: ask the buyer to revoke or agree; meanwhile collect purchase voucher, chat log"
    )
    assert "first reply after 1-3 days" in third["explanation"].split("lowered by:")[1]


def test_a_supplied_model_audits_and_explains_with_its_own_rules(sample_disputes):
    table = rg.evidence.DEFAULT_RULES.table.filter(pl.col("voucher") != "chat_log")
    rules = rg.evidence.EvidenceRules.from_frame(table)
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    model = NegotiationModel(rules=rules).fit(labelled, labels_of(labelled))
    changed_mind = sample_disputes.filter(
        (pl.col("reason") == "changed_mind") & pl.col("goods_received")
    ).head(20)

    with pytest.warns(rg.InSampleWarning):
        result = score(changed_mind, model=model).scored

    assert result["required_vouchers"].to_list() == [[]] * 20  # the default rules want a chat log
    assert result["evidence_completeness"].to_list() == [1.0] * 20
    assert not result["explanation"].str.contains("chat log").any()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_written_once_per_distinct_case_are_those_each_dispute_gets_alone(sample_disputes, lang):
    """Explanations and next steps are written per distinct case and gathered: the same text
    as scoring and deciding each dispute on its own."""
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    model = NegotiationModel().fit(labelled, labels_of(labelled))
    audited = (
        rg.evidence.audit_evidence(sample_disputes)
        .pipe(rg.scoring.with_history)
        .with_columns(pl.lit(0.6).alias("p_win_ruling"))
    )

    together = rg.DEFAULT_POLICY.decide(scored_frame(audited, model, lang=lang), lang=lang)

    rows = np.random.default_rng(0).choice(audited.height, 40, replace=False)
    alone = pl.concat(
        rg.DEFAULT_POLICY.decide(scored_frame(audited[int(i) : int(i) + 1], model, lang=lang), lang=lang)
        for i in rows
    )
    assert together[rows].select("explanation", "next_step").equals(alone.select("explanation", "next_step"))
    assert together["explanation"].n_unique() > 50 and together["next_step"].n_unique() > 3


def test_past_a_training_limit_models_learn_from_a_sample_and_never_from_what_they_score(sample_disputes):
    fitting = FitOptions(method="logistic", max_training=600)
    told = []

    run = score(sample_disputes.head(2000), fitting=fitting, progress=told.append)

    past = run.scored.filter(pl.col("resolution") != "open")
    assert run.model.metadata_["n_train"] == 600
    assert past["scored_by"].unique().to_list() == ["out_of_fold"]
    assert [m for m in told if m.startswith("fold ")] == [
        f"fold {k}/5: fitting on 600 disputes, scoring {n:,}"
        for k, n in enumerate(np.bincount(past["fold"].to_numpy())[1:], start=1)
    ]
    rows = np.arange(4000)
    drawn = fitting.training_rows(rows, 3)
    assert np.array_equal(drawn, fitting.training_rows(rows, 3))
    assert len(drawn) == 600 and np.all(np.diff(drawn) > 0)
    assert np.array_equal(FitOptions(max_training=None).training_rows(rows, 3), rows)
    with pytest.raises(ValueError, match="max_training must be at least 100; got 5"):
        FitOptions(max_training=5)
