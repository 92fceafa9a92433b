"""Ordinary mistakes at ingest are refused or undone: an export's moment is the one its data bear
out (a window's end, never a year typed wrong, ``--as-of`` when the name says nothing right), and
a shop forgotten once is set by ingesting the export again with it; an output the command cannot
write is refused before any work, and ``--debug`` is heard after the command, where the hint puts it."""

import shutil
from datetime import datetime

import pytest

import rightsguard as rg
from rightsguard._cli import main

from conftest import SAMPLE

WEEK = SAMPLE / "weekly" / "退款报表_20260815.csv"
"""A weekly export whose newest case is dated 2026-08-14 22:08:12."""


def _named(tmp_path, name: str):
    path = tmp_path / name
    shutil.copy(WEEK, path)
    return path


@pytest.mark.parametrize(
    ("name", "moment"),
    [
        ("退款报表_20260801至20260815.csv", datetime(2026, 8, 15)),
        ("退款报表_20260801-20260815.csv", datetime(2026, 8, 15)),  # never 20:26 on the 1st
        ("refunds 2026-08-15 0930.csv", datetime(2026, 8, 15, 9, 30)),
        ("退款报表.csv", datetime(2026, 8, 14, 22, 8, 12)),
    ],
)
def test_a_window_in_the_name_is_dated_at_its_end_and_a_name_without_a_date_by_the_data(
    tmp_path, name, moment
):
    done = rg.store.ingest(_named(tmp_path, name), store=tmp_path / "shop.duckdb")

    assert done[0].moment == moment
    assert done[0].moment_source == ("file_name" if "2026" in name else "newest_timestamp")


@pytest.mark.parametrize("name", ["退款报表_20350101.csv", "退款报表_20260601.csv", "退款报表_20261120.csv"])
def test_a_name_the_data_contradict_is_refused_naming_both_and_nothing_is_kept(tmp_path, name):
    store = tmp_path / "shop.duckdb"

    with pytest.raises(
        rg.UnreadableFileError, match=r"dated 20\d\d-.*newest case is dated 2026-08-14 22:08:12"
    ):
        rg.store.ingest(_named(tmp_path, name), store=store)

    assert not store.exists() or rg.store.read_store("exports", store).height == 0


def test_as_of_dates_an_export_whose_name_says_nothing_right(tmp_path, capsys):
    path, store = _named(tmp_path, "退款报表_20350101.csv"), tmp_path / "shop.duckdb"

    code = main(["ingest", str(path), "--store", str(store), "--as-of", "2026-08-15 09:30", "--lang", "en"])

    assert code == 0 and "moment 2026-08-15 09:30:00, from its --as-of" in capsys.readouterr().err
    exports = rg.store.read_store("exports", store)
    assert exports["moment_source"].to_list() == ["as_of"]
    with pytest.raises(rg.UnreadableFileError, match="newest case is dated 2026-08-14"):
        rg.store.ingest(WEEK, store=tmp_path / "other.duckdb", as_of=datetime(2026, 8, 1))


def test_a_shop_forgotten_at_ingest_is_set_by_ingesting_the_same_export_again_with_it(tmp_path, capsys):
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(WEEK, store=store)

    code = main(["ingest", str(WEEK), "--store", str(store), "--shop", "甲店", "--lang", "en"])

    cases = rg.store.read_store("disputes", store)
    told = capsys.readouterr().err
    assert (
        code == 0 and f"ingested before under no shop; its {cases.height:,} cases are shop 甲店 now" in told
    )
    assert cases["shop"].unique().to_list() == ["甲店"]
    assert rg.store.read_store("exports", store)["shop"].to_list() == ["甲店"]
    again = rg.store.ingest(WEEK, store=store, reading=rg.ReadOptions(shop="甲店"))
    assert again[0].already and again[0].shop_set == 0


def test_a_wrong_output_is_refused_before_any_work_and_debug_is_heard_after_the_command(tmp_path, capsys):
    status = main(["score", str(SAMPLE / "disputes.csv"), "-o", str(tmp_path / "out.txt"), "--lang", "en"])

    told = capsys.readouterr().err
    assert status == 2 and "out.txt: write .parquet, .csv or .xlsx, not '.txt'" in told
    assert "loading" not in told  # refused before reading a row
    with pytest.raises(FileNotFoundError, match="no such dispute file"):
        main(["score", str(tmp_path / "nothere.csv"), "-o", str(tmp_path / "x.csv"), "--debug"])
