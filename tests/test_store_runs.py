"""Runs logged from the store and the track record they make: each run logs the disputes open
then, a re-run gives the same advice, and the record counts what was predicted before its outcome."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES
from rightsguard.sample._weekly import write_weekly


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    return write_weekly(tmp_path_factory.mktemp("weekly"))


@pytest.fixture(scope="module")
def weekly_runs(weekly, tmp_path_factory):
    """The weekly sequence as a seller runs it: ingest, score, follow some of the advice."""
    import warnings

    from rightsguard.store._decisions import _choices
    from rightsguard.store._runs import score_store

    paths, _ = weekly
    store = tmp_path_factory.mktemp("runs") / "shop.duckdb"
    english = {option: name for name, option in _choices().items() if name.isascii()}
    runs = []
    for week, path in enumerate(paths[:6]):  # six weeks: enough closures to measure
        rg.store.ingest([path], store=store)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rg.ScoreTrustWarning)
            run = score_store(store, fitting=rg.FitOptions(method="logistic"))
        runs.append(run)
        plan = rg.action_plan(run)
        followed = plan.with_row_index("i").select(
            pl.col("dispute_id").alias("Dispute id"),
            pl.when(pl.col("i") % 3 == 0)
            .then(pl.lit("negotiate"))
            .otherwise(pl.col("recommendation").cast(pl.String))
            .alias("Action taken"),
        )
        followed.with_columns(pl.col("Action taken").replace_strict(english)).write_csv(
            store.with_name(f"plan{week}.csv")
        )
        rg.store.record(store.with_name(f"plan{week}.csv"), store=store)
    return store, runs


def _counted_by_hand(store) -> pl.DataFrame:
    """The track record's rule, by hand: the settled runs (90% of their cases closed), each of
    their predictions made before its case closed, against the case's outcome."""
    history = rg.store.read_store("status_history", store)
    closes = (
        history.filter(~pl.col("status").is_in(["open", "escalated_unknown"]))
        .group_by("dispute_id")
        .agg(pl.col("first_seen").min().alias("closed"))
    )
    made = (
        rg.store.read_store("predictions", store)
        .join(rg.store.read_store("runs", store).select("run_id", "as_of"), on="run_id")
        .join(rg.store.read_store("disputes", store).select("dispute_id", "outcome"), on="dispute_id")
        .join(closes, on="dispute_id", how="left")
    )
    settled = (
        made.group_by("run_id").agg(pl.col("outcome").is_not_null().mean() >= 0.9).filter("outcome")["run_id"]
    )
    return made.filter(
        pl.col("run_id").is_in(settled.implode()),
        pl.col("outcome").is_not_null(),
        pl.col("as_of") < pl.col("closed"),
    )


def test_the_track_record_counts_every_prediction_of_a_settled_run_made_before_its_outcome(weekly_runs):
    from rightsguard.store._track import track_record

    store, runs = weekly_runs
    record = track_record(store)
    counted = _counted_by_hand(store)

    assert record.predictions.height == counted.height > 100
    assert record.predictions["run_id"].n_unique() == counted["run_id"].n_unique() >= 3
    assert rg.store.read_store("runs", store).height == 6  # the latest runs have not settled yet
    assert record.quality is not None and 0.55 < record.quality.roc_auc < 0.97  # stages help; 1 would leak
    assert record.money["followed"].to_list() == [True, False]
    assert (
        record.money["disputes"].sum() == record.predictions.filter(pl.col("decision").is_not_null()).height
    )
    assert any(n.startswith("track record over") for n in runs[-1].notes)
    by_stage = record.by_stage.filter(pl.col("stage").is_in(PLATFORM_STAGES))
    assert by_stage["predictions"].sum() > 20  # predicted with customer service: none negotiated, none said
    assert by_stage["predicted"].max() == 0.0 and by_stage["negotiated"].max() == 0.0
    assert record.by_stage["predictions"].sum() == record.predictions.height
    told = record.for_analyst()[-1]
    assert told.startswith("by the stage each case stood in: ") and "customer service intervening" in told


def test_each_run_logs_exactly_the_disputes_open_then_and_the_record_is_computed_by_hand(weekly_runs):
    from sklearn.metrics import brier_score_loss, roc_auc_score

    from rightsguard.store._track import track_record

    store, runs = weekly_runs
    logged = rg.store.read_store("runs", store).sort("made_at")
    predictions = rg.store.read_store("predictions", store)
    for run_id, run in zip(logged["run_id"], runs):
        open_then = set(run.scored.filter(pl.col("resolution") == "open")["dispute_id"])
        assert set(predictions.filter(pl.col("run_id") == run_id)["dispute_id"]) == open_then

    last = _counted_by_hand(store)
    y = last["outcome"].is_in(["withdrawn", "agreed"]).to_numpy()
    p = last["p_negotiated"].to_numpy()

    record = track_record(store)
    assert record.quality.n == last.height
    assert record.quality.roc_auc == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert record.quality.brier == pytest.approx(brier_score_loss(y, p), abs=1e-12)


def test_open_disputes_are_logged_with_their_age_and_the_alarm_fires_only_on_real_drift(
    weekly_runs, tmp_path
):
    import shutil

    import duckdb

    from rightsguard.scoring._time_open import data_moment
    from rightsguard.store._track import track_record

    store, runs = weekly_runs
    logged = rg.store.read_store("runs", store).sort("made_at")
    predictions = rg.store.read_store("predictions", store)
    for run_id, run in zip(logged["run_id"], runs):
        moment = data_moment(run.scored)
        wanted = run.scored.filter(pl.col("resolution") == "open").select(
            "dispute_id", ((moment - pl.col("opened_at")).dt.total_seconds() / 3600).alias("h")
        )
        found = predictions.filter(pl.col("run_id") == run_id).join(wanted, on="dispute_id")
        assert found.height == wanted.height
        assert (found["hours_open"] - found["h"]).abs().max() < 1e-6

    honest = track_record(store)
    drifted = tmp_path / "drifted.duckdb"
    shutil.copy(store, drifted)
    with duckdb.connect(str(drifted)) as con:  # the shop's buyers now settle far less
        con.execute("UPDATE predictions SET p_negotiated = 0.5 + p_negotiated / 2")

    assert not honest.drift  # scored as they stand, the open disputes' outcomes come as predicted
    assert track_record(drifted).drift


def test_a_dispute_filled_in_twice_keeps_its_last_row_and_store_errors_are_named(weekly_runs, tmp_path):
    store, _ = weekly_runs
    predicted = rg.store.read_store("predictions", store)["dispute_id"][0]
    plan = tmp_path / "plan.csv"
    plan.write_text(
        f"Dispute id,Action taken\n{predicted},refund now\n{predicted},escalate\n", encoding="utf-8"
    )

    rg.store.record(plan, store=store)

    chosen = rg.store.read_store("decisions", store).filter(pl.col("dispute_id") == predicted)
    assert chosen.sort("recorded_at")["option"][-1] == "escalate"
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database at all" * 100)
    with pytest.raises(rg.UnreadableFileError, match="damaged.duckdb: not a rightsguard store"):
        rg.store.read_store("disputes", damaged)


def test_the_same_weeks_report_run_twice_gives_the_same_advice(weekly_runs, tmp_path):
    """A report made again on the same store (a seller re-running Monday's command) logs a
    second run of the same moment; the track record counts that moment once, so no threshold,
    calibration or advice moves."""
    import shutil
    import warnings

    from rightsguard.store._runs import score_store

    store, runs = weekly_runs
    again_store = shutil.copy(store, tmp_path / "again.duckdb")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        last = score_store(again_store, fitting=rg.FitOptions(method="logistic"))
        again = score_store(again_store, fitting=rg.FitOptions(method="logistic"))

    open_last = last.scored.filter(pl.col("resolution") == "open")
    open_again = again.scored.filter(pl.col("resolution") == "open")
    assert rg.store.track_record(again_store).quality is not None  # there was a record to move
    assert open_last.height > 0 and open_last["recommendation"].equals(open_again["recommendation"])
    assert (open_last["p_negotiated"] - open_again["p_negotiated"]).abs().max() < 1e-12


def test_the_fit_holds_no_lock_on_the_store(tmp_path, monkeypatch):
    """While a report fits its models, another process ingests into the same store at once (it
    waited for the whole fit, then was refused, when the fit ran inside the store's lock)."""
    import subprocess
    import sys

    import rightsguard.store._runs as runs

    weekly = "data/sample/weekly"
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(f"{weekly}/退款报表_20260815.csv", store=store)
    fitting = runs.score
    answered = []

    def score_while_another_ingests(*args, **kwargs):
        week_2 = f"{weekly}/退款报表_20260822.csv"
        other = f"import rightsguard as rg; rg.store.ingest('{week_2}', store='{store}', wait=1)"
        answered.append(subprocess.run([sys.executable, "-c", other], capture_output=True, text=True))
        return fitting(*args, **kwargs)

    monkeypatch.setattr(runs, "score", score_while_another_ingests)
    rg.store.score_store(store, fitting=rg.FitOptions(method="logistic"))

    assert answered[0].returncode == 0, answered[0].stderr[-500:]
    assert rg.store.read_store("exports", store).height == 2
    assert rg.store.read_store("runs", store).height == 1
