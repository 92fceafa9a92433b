"""The shop's store: weekly exports ingested once, in any order, each status kept once."""

import random
import subprocess
import sys
import textwrap

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.sample._files import STATUS
from rightsguard.sample._stages import STAGE_WORDS
from rightsguard.sample._weekly import write_weekly
from rightsguard.store._connect import StoreBusyError, open_store
from rightsguard.store._tables import SCHEMA_VERSION, TABLES


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    return write_weekly(tmp_path_factory.mktemp("weekly"))


def tables(path) -> dict[str, pl.DataFrame]:
    with open_store(path) as store:
        return {
            "disputes": store.get(
                "SELECT dispute_id, coalesce(outcome, 'open') AS status, "
                "first_seen, last_seen FROM disputes ORDER BY dispute_id"
            ),
            "history": store.get(
                "SELECT dispute_id, status, stage, cs_status, refund_status, first_seen FROM status_history "
                "ORDER BY dispute_id, status, stage"
            ),
            "exports": store.get(
                "SELECT file_name, export_moment, moment_source, n_rows FROM exports ORDER BY export_moment"
            ),
        }


def expected(truth: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """What the store must hold, from the generator's truth."""
    latest = (
        truth.sort("moment")
        .group_by("dispute_id")
        .agg(
            pl.col("status").last(),
            pl.col("moment").min().alias("first_seen"),
            pl.col("moment").max().alias("last_seen"),
        )
        .sort("dispute_id")
    )
    words = {**{s: w for s, w in STAGE_WORDS.items()}, **{o: w[:2] for o, w in STATUS.items()}}
    said = pl.when(pl.col("status") == "open").then(pl.col("stage")).otherwise(pl.col("status"))
    history = (
        truth.group_by("dispute_id", "status", "stage")
        .agg(pl.col("moment").min().alias("first_seen"))
        .select(
            "dispute_id",
            "status",
            "stage",
            said.replace_strict({k: w[0] for k, w in words.items()}).alias("cs_status"),
            said.replace_strict({k: w[1] for k, w in words.items()}).alias("refund_status"),
            "first_seen",
        )
        .sort("dispute_id", "status", "stage")
    )
    return {"disputes": latest, "history": history}


def test_weekly_exports_in_order_give_each_disputes_latest_status_and_each_status_once(weekly, tmp_path):
    """Each export's own 客服介入状态 and 退款状态, with the stage they mean, kept once per
    dispute and state, first seen when the generator first showed it."""
    paths, truth = weekly
    store = tmp_path / "shop.duckdb"

    done = rg.store.ingest(paths, store=store)
    found, wanted = tables(store), expected(truth)

    assert [d.moment_source for d in done] == ["file_name"] * len(paths)
    assert found["disputes"].equals(wanted["disputes"].cast(found["disputes"].schema))
    assert found["history"].equals(wanted["history"].cast(found["history"].schema))
    moved = truth.group_by("dispute_id").agg(pl.col("status").n_unique() > 1).filter("status")
    assert moved.height > 100  # statuses do move between the weeks
    staged = truth.filter(pl.col("status") == "open").group_by("dispute_id").agg(pl.col("stage").n_unique())
    assert staged.filter(pl.col("stage") > 1).height > 30  # and open cases move between stages
    assert sum(d.status_changes for d in done) == moved.height


def test_ingesting_again_changes_nothing_and_out_of_order_gives_the_same_store(weekly, tmp_path):
    paths, _ = weekly
    in_order, shuffled = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    rg.store.ingest(paths, store=in_order)
    before = tables(in_order)

    again = rg.store.ingest(paths, store=in_order)
    backwards = list(paths)
    random.Random(4).shuffle(backwards)
    rg.store.ingest(backwards, store=shuffled)

    assert all(d.already for d in again)
    after = tables(in_order)
    assert all(after[name].equals(before[name]) for name in before)
    other = tables(shuffled)
    assert other["disputes"].equals(before["disputes"])
    assert other["history"].equals(before["history"])


def test_refused_rows_are_kept_with_their_problems(tmp_path):
    export = tmp_path / "退款报表_20261101.csv"
    export.write_text(
        "退款编号,订单编号,退款的申请时间,买家退款原因,客服介入状态,退款状态,买家退款金额\n"
        "r1,o1,2026-10-30 10:00:00,质量问题,不需客服介入,退款成功,30\n"
        "r2,o2,not a date,质量问题,不需客服介入,退款成功,-5\n",
        encoding="utf-8",
    )

    done = rg.store.ingest([export], store=tmp_path / "s.duckdb")

    assert (done[0].n_rows, done[0].n_accepted, done[0].n_rejected) == (2, 1, 1)
    with open_store(tmp_path / "s.duckdb", create=True) as store:
        refused = store.get("SELECT source_row, problems, row_text FROM rejected_rows")
    assert refused["source_row"].to_list() == [2]
    assert "opened_at" in refused["problems"][0] and "not a date" in refused["row_text"][0]


def test_a_failed_ingest_leaves_the_store_as_it_was(weekly, tmp_path, monkeypatch):
    paths, _ = weekly
    store = tmp_path / "s.duckdb"
    rg.store.ingest(paths[:2], store=store)
    before = tables(store)

    from rightsguard.store import _ingest

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(_ingest, "_keep_refused", fail)  # after the disputes were merged
    with pytest.raises(OSError, match="disk full"):
        rg.store.ingest(paths[2:3], store=store)

    after = tables(store)
    assert all(after[name].equals(before[name]) for name in before)


def test_a_second_writer_is_refused_naming_the_store(tmp_path):
    store = tmp_path / "s.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import time, duckdb
        con = duckdb.connect({str(store)!r})
        print("held", flush=True)
        time.sleep(30)
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError, match=r"s\.duckdb: the store is in use by another"):
            with open_store(store, wait=0.5):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_a_new_store_holds_every_table_at_the_current_version(tmp_path):
    with open_store(tmp_path / "s.duckdb", create=True) as store:
        names = set(store.get("SELECT table_name FROM information_schema.tables")["table_name"])
        version = store.get("SELECT value FROM meta WHERE key = 'schema_version'").item()

    assert set(TABLES) <= names and version == str(SCHEMA_VERSION)


def test_a_version_1_store_moves_forward_keeping_its_rows(tmp_path):
    import duckdb

    from rightsguard.store._tables import _STEPS

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # a store as rightsguard wrote it before version 2
        for statement in _STEPS[1]:
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute(
            "INSERT INTO predictions VALUES ('r1', 'd1', '2026-11-01', 'm1', 0.25, 0.6, "
            "'negotiate', 10, 20, 30, 20)"
        )

    with open_store(path) as store:
        version = store.get("SELECT value FROM meta WHERE key = 'schema_version'").item()
        kept = store.get("SELECT dispute_id, p_negotiated, hours_open FROM predictions")

    assert version == str(SCHEMA_VERSION) == "6"
    assert kept.rows() == [("d1", 0.25, None)]  # unknown for a prediction made before


def test_reports_from_the_store_log_predictions_and_say_what_changed(weekly, tmp_path, capsys):
    from rightsguard._cli import main

    paths, truth = weekly
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(paths[:4], store=store)

    assert (
        main(
            [
                "score",
                "--store",
                str(store),
                "-o",
                str(tmp_path / "first.parquet"),
                "--lang",
                "en",
                "--method",
                "logistic",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "report",
                str(paths[4]),
                "--store",
                str(store),
                "-o",
                str(tmp_path / "report"),
                "--lang",
                "en",
                "--method",
                "logistic",
            ]
        )
        == 0
    )

    told = capsys.readouterr().err
    runs = rg.store.read_store("runs", store).sort("made_at")
    predictions = rg.store.read_store("predictions", store)
    scored = pl.read_parquet(tmp_path / "first.parquet")
    assert "the first run logged in this store" in told
    assert f"since run {runs['run_id'][0]} (as of {runs['as_of'][0]})" in told
    assert runs["n_open"].to_list() == [
        predictions.filter(pl.col("run_id") == r).height for r in runs["run_id"]
    ]
    assert runs["n_open"][0] == scored.filter(pl.col("resolution") == "open").height
    assert (
        scored["dispute_id"].n_unique()
        == truth.filter(pl.col("report").is_in([p.name for p in paths[:4]]))["dispute_id"].n_unique()
    )
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Track record: predictions made before their outcome</h2>" in page
    assert rg.store.read_store("models", store).height == 2


def test_the_plan_offers_a_drop_down_of_actions_and_record_stores_them_once(weekly, tmp_path, capsys):
    import zipfile

    from rightsguard._cli import main

    paths, _ = weekly
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(paths[:3], store=store)
    assert (
        main(
            [
                "score",
                "--store",
                str(store),
                "-o",
                str(tmp_path / "plan.xlsx"),
                "--lang",
                "zh",
                "--method",
                "logistic",
            ]
        )
        == 0
    )
    with zipfile.ZipFile(tmp_path / "plan.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet2.xml").decode()
    assert '<dataValidation type="list"' in sheet and "未处理" in sheet

    plan = pl.read_excel(tmp_path / "plan.xlsx", sheet_name="处理计划")
    ids = plan["退款编号"].head(3).to_list()
    filled = plan.with_columns(
        pl.when(pl.col("退款编号") == ids[0])
        .then(pl.lit("协商"))
        .when(pl.col("退款编号") == ids[1])
        .then(pl.lit("未处理"))
        .when(pl.col("退款编号") == ids[2])
        .then(pl.lit("escalate"))
        .alias("处理结果"),
        pl.when(pl.col("退款编号") == ids[0]).then(pl.lit("买家同意撤销")).alias("备注"),
    )
    filled.write_csv(tmp_path / "filled.csv")

    assert main(["record", str(tmp_path / "filled.csv"), "--store", str(store)]) == 0
    assert main(["record", str(tmp_path / "filled.csv"), "--store", str(store)]) == 0
    decisions = rg.store.read_store("decisions", store).sort("dispute_id")
    assert dict(zip(decisions["dispute_id"], decisions["option"])) == {
        ids[0]: "negotiate",
        ids[1]: "not_handled",
        ids[2]: "escalate",
    }
    assert decisions.filter(pl.col("dispute_id") == ids[0])["note"].item() == "买家同意撤销"
    told = capsys.readouterr().err
    assert "3 action(s) filled in, 3 stored" in told and "3 action(s) filled in, 0 stored" in told


def test_an_action_that_is_no_choice_is_refused_naming_its_row(tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("退款编号,处理结果\nr1,协商\nr2,先等等\n", encoding="utf-8")

    with pytest.raises(rg.UnreadableFileError, match=r"row 3: '先等等'.*直接退款"):
        rg.store.record(plan, store=tmp_path / "s.duckdb")


def test_a_subprocess_killed_during_ingest_leaves_the_store_exactly_as_before(weekly, tmp_path):
    paths, _ = weekly
    store = tmp_path / "s.duckdb"
    rg.store.ingest(paths[:2], store=store)
    before = tables(store)
    ingesting = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import time
        import rightsguard as rg
        from rightsguard.store import _ingest

        def stall(*args, **kwargs):  # the disputes are merged, the transaction still open
            print("merged", flush=True)
            time.sleep(60)

        _ingest._keep_refused = stall
        rg.store.ingest([{str(paths[2])!r}], store={str(store)!r})
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert ingesting.stdout.readline().strip() == "merged"
    finally:
        ingesting.kill()  # SIGKILL: no clean-up runs
        ingesting.wait()

    after = tables(store)
    assert all(after[name].equals(before[name]) for name in before)
