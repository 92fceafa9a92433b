"""Old store files are users too: a store made by each earlier release opens, moves forward
keeping every row, and works through the whole weekly cycle.

``tests/stores/`` holds one store file of each schema version, made by the release named in its
file name (see its README). Their tables are what each release wrote, not what today's code
would write, so a change of the tables without a migration step fails here.
"""

import gzip
import shutil

import duckdb
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard._schema import SCHEMA
from rightsguard.store._connect import open_store
from rightsguard.store._tables import SCHEMA_VERSION, TABLES

from conftest import ROOT, fill_plan

STORES = sorted((ROOT / "tests" / "stores").glob("store_v*.duckdb.gz"))
NEXT_WEEK = ROOT / "data" / "sample" / "weekly" / "退款报表_20260926.csv"


def _unpacked(packed, tmp_path):
    path = tmp_path / packed.name.removesuffix(".gz")
    with gzip.open(packed) as source, open(path, "wb") as target:
        shutil.copyfileobj(source, target)
    return path


def _counts(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in present}


def _columns(path) -> dict[str, dict[str, str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
        ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        found.setdefault(table, {})[column] = kind
    return found


def test_there_is_a_store_file_of_every_earlier_schema_version():
    versions = {int(p.name.split("_")[1].removeprefix("v")) for p in STORES}

    assert versions == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("packed", STORES, ids=lambda p: p.name.split(".")[0])
def test_an_old_store_moves_forward_keeping_every_row_and_reaches_todays_tables(packed, tmp_path):
    old = _unpacked(packed, tmp_path)
    before = _counts(old)
    fresh = tmp_path / "fresh.duckdb"
    rg.store.ingest([NEXT_WEEK], store=fresh)

    with open_store(old) as store:
        version = store.get("SELECT value FROM meta WHERE key = 'schema_version'").item()

    assert version == str(SCHEMA_VERSION)
    assert {t: n for t, n in _counts(old).items() if t in before} == before
    assert {t: set(c.items()) for t, c in _columns(old).items() if t in TABLES} == {
        t: set(c.items()) for t, c in _columns(fresh).items() if t in TABLES
    }
    assert set(SCHEMA) <= set(_columns(old)["disputes"])


@pytest.mark.parametrize("packed", STORES, ids=lambda p: p.name.split(".")[0])
def test_an_old_store_goes_through_a_whole_week(packed, tmp_path):
    store = _unpacked(packed, tmp_path)
    decided_before = _counts(store)["decisions"]
    runs_before = _counts(store)["runs"]

    with duckdb.connect(str(store), read_only=True) as con:
        shops = [
            r[0] for r in con.execute("SELECT DISTINCT shop FROM disputes WHERE shop IS NOT NULL").fetchall()
        ]
    shop = ["--shop", shops[0]] if shops else []
    assert main(["ingest", str(NEXT_WEEK), "--store", str(store), *shop, "--lang", "zh"]) == 0
    # the oldest store draws the whole report; the others write the seller's workbook (no charts)
    if "_v1_" in packed.name:
        report = tmp_path / "report"
        command = ["report", "--store", str(store), "-o", str(report), "--method", "logistic", "--lang", "zh"]
        assert main(command) == 0
        plan = pl.read_csv(report / "action_list.csv", infer_schema=False)
    else:
        book = tmp_path / "plan.xlsx"
        command = ["score", "--store", str(store), "-o", str(book), "--method", "logistic", "--lang", "zh"]
        assert main(command) == 0
        plan = pl.read_excel(book, sheet_name="处理计划", infer_schema_length=0)
    fill_plan(plan, {0: "协商"}, tmp_path / "filled.csv")
    assert main(["record", str(tmp_path / "filled.csv"), "--store", str(store)]) == 0

    decisions = rg.store.read_store("decisions", store)
    runs = rg.store.read_store("runs", store)
    assert runs.height == runs_before + 1
    assert decisions.height == decided_before + 1
    assert runs.sort("made_at")["as_of"][-1] is not None  # no value lands in another's column
    assert rg.store.track_record(store).predictions.height >= 0


def test_what_a_seller_recorded_in_the_release_before_is_kept(tmp_path):
    store = _unpacked(next(p for p in STORES if "_v2_340165b" in p.name), tmp_path)

    with open_store(store):
        pass
    decisions = rg.store.read_store("decisions", store)

    assert decisions.height == 6
    assert "买家同意退一半" in decisions["note"].to_list()
    assert set(decisions["option"]) == {"negotiate", "refund_now", "escalate"}


def test_a_store_of_another_version_is_read_only_once_a_command_has_moved_it(tmp_path, capsys):
    """``read_store`` and ``export-store`` check the version: an older store is read after a
    command that writes it has moved it forward, and a newer one is refused by name."""
    old = _unpacked(STORES[-1], tmp_path)
    found = int(STORES[-1].name.split("_")[1].removeprefix("v"))

    with pytest.raises(
        ValueError, match=rf"version {found}, older than this rightsguard reads \({SCHEMA_VERSION}\)"
    ):
        rg.store.read_store("disputes", old)
    assert main(["export-store", str(tmp_path / "tables"), "--store", str(old), "--lang", "en"]) == 2
    assert "reading does not move them forward" in capsys.readouterr().err
    with open_store(old):  # what every writing command does first
        pass
    assert rg.store.read_store("disputes", old).height == _counts(old)["disputes"]
    with duckdb.connect(str(old)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ValueError, match="version 99, newer than this rightsguard reads"):
        rg.store.read_store("runs", old)
