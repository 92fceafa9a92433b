"""Where each case stands: the export's own status words read and kept, each stage learned from
how a store's closed cases moved, and advice that follows the stage."""

import warnings
from datetime import datetime

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES, VOUCHERS, evidence_column
from rightsguard.scoring._quality import measure
from rightsguard.scoring._stages import MIN_SNAPSHOTS, StageTimes
from rightsguard.store._connect import open_store
from rightsguard.store._runs import _disputes
from rightsguard.store._stages import learned_stage_times

from conftest import SAMPLE

WEEKLY = sorted((SAMPLE / "weekly").glob("退款报表_*"))
LEARNED_FROM_WEEK = 5
"""The week from which the store holds four weeks of exports to learn the stages from."""

HEADER = (
    "退款编号,订单编号,退款的申请时间,买家退款原因,客服介入状态,退款状态,买家退款金额,超时时间,举证超时\n"
)
ROWS = {
    "awaiting_seller": "不需客服介入,买家已经申请退款，等待卖家同意",
    "awaiting_return": "不需客服介入,卖家已经同意退款，等待买家退货",
    "return_arrived": "无需客服介入,买家已经退货，等待卖家确认收货",
    "seller_refused": "不需客服介入,卖家拒绝退款",
    "cs_requested": "需要客服介入,卖家拒绝退款",
    "cs_intervening": "客服已经介入,卖家拒绝退款",
    "awaiting_evidence": "客服介入中，待卖家举证,卖家拒绝退款",
    "closed": "不需客服介入,退款成功",
    "other": "不需客服介入,退款暂停中",
}
"""退款状态 and 客服介入状态 as exports word each stage (the last: words no stage matches)."""

UNKNOWN_SERVICE = "客服已处理待确认,卖家拒绝退款"
"""Customer service in words no pattern knows: never taken for the refund's own stage."""


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def test_each_stage_is_read_from_the_exports_own_words_and_unknown_words_are_kept_as_written(tmp_path):
    lines = [
        f"r{i},o{i},2026-10-01 10:00:00,质量问题,{words},30,2026-10-05 10:00:00,2026-10-04 09:00:00"
        for i, words in enumerate([*ROWS.values(), UNKNOWN_SERVICE])
    ]
    path = tmp_path / "退款报表_20261002.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")

    loaded = rg.load_disputes(path)

    assert loaded["stage"].cast(pl.String).to_list() == [*ROWS, "other"]
    assert loaded.filter(pl.col("stage") == "other").select("refund_status", "cs_status").row(0) == (
        "退款暂停中",
        "不需客服介入",
    )
    evidence = loaded.filter(pl.col("stage") == "awaiting_evidence")
    assert evidence["proof_due_at"].to_list() == [datetime(2026, 10, 4, 9)]
    assert loaded.filter(pl.col("stage") == "closed")["outcome"].cast(pl.String).to_list() == ["agreed"]
    assert loaded.filter(pl.col("stage") != "closed")["outcome"].null_count() == len(ROWS)


def test_a_run_names_the_status_words_it_does_not_know_and_scores_those_cases_by_time_open():
    export = pl.read_csv(SAMPLE / "taobao_export_gbk.csv", encoding="gbk", infer_schema=False).tail(1500)
    waiting = pl.col("退款状态") == "买家已经申请退款，等待卖家同意"
    paused = export.with_columns(
        pl.when(waiting).then(pl.lit("退款暂停中")).otherwise("退款状态").alias("退款状态")
    )

    run = _quiet(rg.score, paused, fitting=rg.FitOptions(method="logistic"), lang="zh")

    n = paused.filter(pl.col("退款状态") == "退款暂停中").height
    assert n > 0
    assert any(
        f"{n} 个待处理售后的状态文字无法识别（'退款暂停中 / 不需客服介入' ({n})）" in note
        for note in run.notes
    )
    unknown = run.scored.filter(pl.col("stage") == "other")
    assert unknown.height == n and unknown["refund_status"].unique().to_list() == ["退款暂停中"]
    assert unknown["explanation"].str.contains("已持续 .* 天仍未结束").any()


def _decided(stage: str, deadline: datetime | None = None, due: datetime | None = None) -> dict:
    return {
        "amount": 200.0,
        "p_negotiated": 0.0 if stage in PLATFORM_STAGES else 0.9,
        "p_win_ruling": 0.7,
        "negotiated_refund_share": 0.3,
        "paid_amount": 200.0,
        "stage": stage,
        "deadline_at": deadline,
        "proof_due_at": due,
        "resolution": "open",
        "reason": "quality",
        "goods_received": True,
        **{evidence_column(v): True for v in VOUCHERS},
    }


@pytest.mark.parametrize(
    ("stage", "step"),
    [
        ("awaiting_seller", "answer the buyer before 2026-11-02 10:00; "),
        ("return_arrived", "check the returned goods and confirm them before 2026-11-02 10:00; "),
        ("cs_intervening", "customer service has the case: no more negotiating; "),
        (
            "awaiting_evidence",
            "customer service has the case: no more negotiating; evidence due by 2026-11-01 18:00; ",
        ),
    ],
)
def test_the_next_step_begins_with_what_the_stage_asks_and_its_deadline(stage, step):
    case = _decided(stage, deadline=datetime(2026, 11, 2, 10), due=datetime(2026, 11, 1, 18))

    decided = rg.Policy().decide(pl.DataFrame([case]))

    assert decided["next_step"][0].startswith(step)


def test_with_customer_service_negotiating_is_not_offered_and_without_a_deadline_the_step_says_so():
    frame = pl.DataFrame([_decided("awaiting_seller"), _decided("cs_requested")])

    decided = rg.Policy().decide(frame).to_dicts()

    assert decided[0]["recommendation"] == "negotiate" and decided[0]["cost_negotiate"] is not None
    assert decided[0]["next_step"].startswith("the export gives no deadline for this stage; negotiate")
    assert decided[1]["recommendation"] == "escalate" and decided[1]["cost_negotiate"] is None
    assert decided[1]["next_step"].startswith("customer service has the case: no more negotiating; answer")


def _snapshots(lingering: int) -> pl.DataFrame:
    """Negotiated cases wait for the seller up to their close at 48-240 hours; escalated ones are
    refused after a day. ``lingering`` negotiated cases of each age."""
    rows = []
    for i, close in enumerate(np.linspace(48, 240, 20)):
        for age in np.arange(6, 300, 24.0):
            for k in range(lingering):
                rows.append(
                    (f"n{i}-{k}", "agreed", float(age), "awaiting_seller" if age < close else "closed")
                )
            stage = "awaiting_seller" if age < 24 else "seller_refused" if age < close * 2 else "closed"
            rows.append((f"e{i}", "platform_buyer", float(age), stage))
    return pl.DataFrame(rows, schema=["dispute_id", "outcome", "hours", "stage"], orient="row")


def test_stage_shares_move_the_odds_towards_the_kind_that_stays_in_a_stage():
    learned = StageTimes.learn(_snapshots(1))

    shift = learned.log_odds_shift(
        np.array(["awaiting_seller", "awaiting_seller", "seller_refused", "cs_intervening"]),
        np.array([100.0, 2.0, 100.0, 100.0]),
    )

    assert set(learned.stages) == {"awaiting_seller", "seller_refused"}
    assert shift[0] > 2  # still waiting for the seller after four days: negotiated ones do
    assert abs(shift[1]) < shift[0]  # at two hours both kinds wait
    assert shift[2] < -2  # refused: only escalated ones were
    assert np.isnan(shift[3])  # never learned: customer service's stages are certain


def test_a_stage_seen_too_few_times_is_not_learned():
    few = _snapshots(1).filter(~((pl.col("stage") == "seller_refused") & (pl.col("dispute_id") != "e0")))

    assert few.filter(pl.col("stage") == "seller_refused").height < MIN_SNAPSHOTS
    assert StageTimes.learn(few).stages == ("awaiting_seller",)


@pytest.fixture(scope="module")
def weekly_runs(tmp_path_factory):
    """The weekly sample ingested week by week into one store, each week from the fifth scored
    as the store then stood, its stages learned from the weeks before; and the last store."""
    store = tmp_path_factory.mktemp("stages") / "shop.duckdb"
    runs = {}
    for week, path in enumerate(WEEKLY, start=1):
        rg.store.ingest(path, store=store)
        if week < LEARNED_FROM_WEEK:
            continue
        with open_store(store) as opened:
            disputes, stages = _disputes(opened, None), learned_stage_times(opened, None)
        fitting = rg.FitOptions(
            method="logistic", n_splits=2, stage_times=stages
        )  # open cases: the final model
        runs[path.name] = _quiet(rg.score, disputes, fitting=fitting)
    return runs, store


def test_open_cases_score_within_two_points_of_their_truth_given_stage_and_age(weekly_runs):
    runs, _ = weekly_runs
    truth = pl.read_csv(SAMPLE / "weekly" / "truth.csv", schema_overrides={"dispute_id": pl.String})
    weeks = pl.concat(
        run.scored.filter(pl.col("resolution") == "open")
        .select("dispute_id", "stage", "p_negotiated", "recommendation")
        .join(truth.filter(pl.col("report") == name).select("dispute_id", "p_now", "ended"), on="dispute_id")
        for name, run in runs.items()
    ).filter(pl.col("ended") != "open")  # the few still open at the generator's end
    y = (weeks["ended"] == "negotiated").to_numpy().astype(int)
    ours, best = measure(y, weeks["p_negotiated"].to_numpy()), measure(y, weeks["p_now"].to_numpy())

    assert weeks.height >= 200 and 0 < y.sum() < len(y)
    assert ours.roc_auc >= best.roc_auc - 0.02
    assert ours.calibration_error <= best.calibration_error + 0.02
    with_service = weeks.filter(pl.col("stage").cast(pl.String).is_in(PLATFORM_STAGES))
    assert with_service.height >= 50 and (with_service["recommendation"] != "negotiate").all()


def test_a_model_fitted_on_a_store_scores_an_export_by_stage_streamed_as_in_memory(weekly_runs, tmp_path):
    """One engine: the stages the model carries condition a streamed file as they do memory."""
    _, store = weekly_runs
    with open_store(store) as opened:
        disputes, stages = _disputes(opened, None), learned_stage_times(opened, None)
    model = _quiet(
        rg.scoring.fit_model, disputes, fitting=rg.FitOptions(method="logistic", stage_times=stages)
    )
    week = rg.load_disputes(WEEKLY[-1])
    week.write_parquet(tmp_path / "week.parquet")

    in_memory = _quiet(rg.score, week, model=model).scored
    _quiet(
        rg.score,
        tmp_path / "week.parquet",
        model=model,
        output=tmp_path / "scored.parquet",
        batch_size=150,
        keep_private=True,
    )

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert streamed.drop("p_negotiated").equals(in_memory.drop("p_negotiated", "why"))  # a file holds no why
    assert (streamed["p_negotiated"] - in_memory["p_negotiated"]).abs().max() < 1e-12
    assert model.levels_.stage_times == stages and stages.learned
    staged = in_memory.filter(
        pl.col("stage").cast(pl.String).is_in(stages.stages) & (pl.col("resolution") == "open")
    )
    assert (
        staged.height
        and staged["explanation"].str.contains(r"(awaiting the seller|refused by the seller), open").any()
    )


def test_another_platforms_statuses_map_onto_stages_through_a_mapping_and_unknown_ones_stay_raw():
    mapping = rg.ColumnMapping(
        columns={
            "dispute_id": "Case",
            "opened_at": "Opened",
            "reason": "Reason",
            "stage": "Status",
            "refund_status": "Status",
        },
        values={"stage": {"Awaiting merchant": "awaiting_seller", "Under platform review": "cs_intervening"}},
        unmapped={"stage": "other"},
    )
    frame = pl.DataFrame(
        {
            "Case": ["a", "b", "c"],
            "Opened": ["2026-10-01 10:00:00"] * 3,
            "Reason": ["quality"] * 3,
            "Status": ["Awaiting merchant", "Under platform review", "On hold"],
        }
    )

    loaded = rg.load_disputes(frame, mapping=mapping)

    assert loaded["stage"].cast(pl.String).to_list() == ["awaiting_seller", "cs_intervening", "other"]
    assert loaded["refund_status"].to_list() == ["Awaiting merchant", "Under platform review", "On hold"]
