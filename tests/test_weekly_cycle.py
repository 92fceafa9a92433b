"""The seller's week as it is lived: ingest, report, fill the plan, record, again and again,
and nothing of what they typed is lost."""

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard.scoring._quality import measure
from rightsguard.store._runs import score_store
from rightsguard.store._track import TrackRecord

from conftest import fill_plan, type_into_workbook


@pytest.mark.parametrize("lang, few", [("en", "too few cases to tell"), ("zh", "个数太少")])
@pytest.mark.parametrize("n", [1, 2])
def test_a_money_group_of_one_or_two_cases_is_said_too_few_to_tell(lang, few, n):
    money = pl.DataFrame(
        {
            "followed": [True, False],
            "disputes": [n, 5],
            "expected": [120.0 * n, 400.0],
            "realised": [100.0 * n, 380.0],
            "gap_low": [None if n == 1 else -30.0, -12.0],
            "gap_high": [None if n == 1 else 10.0, 4.0],
        }
    )
    quality = measure(np.array([0, 1] * 10), np.linspace(0.2, 0.8, 20))
    record = TrackRecord(quality, (0.1, 0.3), None, False, money, pl.DataFrame())

    followed, not_followed = record.describe(lang)[1:]

    assert few in followed and f"¥{120 * n:,}" in followed
    assert few not in not_followed and "¥-12" in not_followed and "¥4" in not_followed


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    from rightsguard.sample._weekly import write_weekly

    return write_weekly(tmp_path_factory.mktemp("weekly"))[0]


def _plan_of_week(store, paths, out, *lang):
    """Ingest the weeks, then write the plan workbook as ``score --store -o plan.xlsx`` does."""
    from rightsguard._cli import main

    rg.store.ingest(paths, store=store)
    assert (
        main(
            [
                "score",
                "--store",
                str(store),
                "-o",
                str(out),
                "--method",
                "logistic",
                "--lang",
                *(lang or ("zh",)),
            ]
        )
        == 0
    )
    return pl.read_excel(out, sheet_name="处理计划", infer_schema_length=0)


def test_record_checks_every_row_first_and_names_an_action_with_no_id(weekly, tmp_path):
    store = tmp_path / "shop.duckdb"
    plan = _plan_of_week(store, weekly[:2], tmp_path / "plan.xlsx")
    typed = plan.with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(None).otherwise(pl.col("退款编号")).alias("退款编号")
    )
    fill_plan(typed, {0: "协商", 2: "直接退款"}, tmp_path / "filled.csv")

    with pytest.raises(rg.UnreadableFileError, match=r"1 row\(s\) have an action but no 退款编号.*rows 4"):
        rg.store.record(tmp_path / "filled.csv", store=store)
    assert rg.store.read_store("decisions", store).height == 0


def test_a_note_with_no_action_is_never_lost_record_asks_for_the_action(weekly, tmp_path):
    store = tmp_path / "shop.duckdb"
    plan = _plan_of_week(store, weekly[:2], tmp_path / "plan.xlsx")
    noted = plan.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("买家说周一再联系")).otherwise(None).alias("备注")
    )
    fill_plan(noted, {0: "协商"}, tmp_path / "filled.csv")

    with pytest.raises(rg.UnreadableFileError, match=r"1 row\(s\) have a note but no action \(rows 3\)"):
        rg.store.record(tmp_path / "filled.csv", store=store)
    assert rg.store.read_store("decisions", store).height == 0


@pytest.mark.parametrize("mangle", ["scientific", "rounded"])
def test_ids_a_spreadsheet_turned_into_numbers_are_refused_with_exit_2(weekly, tmp_path, capsys, mangle):
    from rightsguard._cli import main

    store = tmp_path / "shop.duckdb"
    plan = _plan_of_week(store, weekly[:2], tmp_path / "plan.xlsx")
    ids = plan["退款编号"]
    broken = (
        pl.format("{}.{}E+18", ids.str.slice(0, 1), ids.str.slice(1, 14))
        if mangle == "scientific"
        else pl.concat_str(ids.str.slice(0, 15), pl.lit("0000"))
    )
    fill_plan(plan.with_columns(broken.alias("退款编号")), {0: "协商", 1: "协商"}, tmp_path / "filled.csv")

    assert main(["record", str(tmp_path / "filled.csv"), "--store", str(store), "--lang", "zh"]) == 2

    told = capsys.readouterr().err
    assert "退款编号" in told and "变成了数字" in told and "2: " in told
    assert rg.store.read_store("decisions", store).height == 0


def test_the_plan_csv_keeps_long_ids_as_text_for_spreadsheets(weekly, tmp_path):
    from rightsguard.io._plan_file import read_plan

    store = tmp_path / "shop.duckdb"
    rg.store.ingest(weekly[:2], store=store)
    run = score_store(store, fitting=rg.FitOptions(method="logistic"), lang="zh")
    rg.write_report(run, tmp_path / "report", lang="zh")

    lines = (tmp_path / "report" / "action_list.csv").read_text(encoding="utf-8-sig").splitlines()
    first_id = run.scored.filter(pl.col("resolution") == "open")["dispute_id"]
    assert lines[1].split(",")[1].startswith('"=""20') and lines[1].split(",")[1].endswith('"""')
    assert set(read_plan(tmp_path / "report" / "action_list.csv").rows["dispute_id"]) == set(first_id)


def test_a_plan_is_tied_to_its_own_run_and_a_plan_from_another_store_is_refused(weekly, tmp_path):
    store, other = tmp_path / "shop.duckdb", tmp_path / "other.duckdb"
    last_week = _plan_of_week(store, weekly[:2], tmp_path / "week2.xlsx")
    rg.store.ingest(weekly[:1], store=other)
    _plan_of_week(store, weekly[2:3], tmp_path / "week3.xlsx")  # this week's run, made after
    book = tmp_path / "week2.xlsx"
    type_into_workbook(book, {last_week["退款编号"][0]: "协商"})

    done = rg.store.record(book, store=store)

    runs = rg.store.read_store("runs", store).sort("made_at")
    assert done.run_id == runs["run_id"][0] != runs["run_id"][1]
    assert rg.store.read_store("decisions", store)["run_id"].to_list() == [runs["run_id"][0]]
    with pytest.raises(rg.UnreadableFileError, match=r"another store \(shop.duckdb\), not .*other"):
        rg.store.record(book, store=other)
    assert rg.store.read_store("decisions", other).height == 0


def test_the_next_plan_shows_each_open_cases_recorded_choice(weekly, tmp_path):
    store = tmp_path / "shop.duckdb"
    plan = _plan_of_week(store, weekly[:2], tmp_path / "plan.xlsx")
    fill_plan(plan, {0: "协商", 1: "未处理"}, tmp_path / "filled.csv")
    rg.store.record(tmp_path / "filled.csv", store=store)

    again = _plan_of_week(store, [], tmp_path / "again.xlsx")

    shown = dict(zip(again["退款编号"], again["上次处理"]))
    assert shown[plan["退款编号"][0]].startswith("协商；") and "月" in shown[plan["退款编号"][0]]
    assert shown[plan["退款编号"][1]].startswith("未处理；")
    assert sum(v is not None for v in shown.values()) == 2
