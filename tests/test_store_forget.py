"""Forgetting an export: the store becomes what it would be had the export never been ingested.

The oracle is a second store into which the export was never ingested: its disputes and status
history must equal the forgetting store's, with each row's export told by its file name (ids
differ between the stores)."""

import gzip
import shutil

import duckdb
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard.store._forget import forget
from rightsguard.store._tables import TABLES

from conftest import ROOT, SAMPLE

WEEKS = [
    SAMPLE / "weekly" / name
    for name in (
        "退款报表_20260815.csv",
        "退款报表_20260822.csv",
        "退款报表_20260829.xlsx",
        "退款报表_20260905.csv",
    )
]


def _state(store) -> dict[str, pl.DataFrame]:
    """The store's disputes and status history, each row's export named by its file."""
    files = rg.store.read_store("exports", store).select("export_id", "file_name")
    return {
        table: rg.store.read_store(table, store).join(files, on="export_id").drop("export_id").sort(pl.all())
        for table in ("disputes", "status_history")
    }


@pytest.fixture(scope="module")
def all_four(tmp_path_factory):
    """A store of the four weeks, ingested once; each test works on a copy."""
    return _store_of(WEEKS, tmp_path_factory.mktemp("forget") / "all.duckdb")


def _store_of(exports, path):
    rg.store.ingest(exports, store=path)
    return path


def _copy(store, path):
    shutil.copyfile(store, path)
    return path


def test_forgetting_a_middle_export_leaves_the_store_it_never_ingested(all_four, tmp_path):
    """The second week is forgotten after the fourth came in: the cases it showed are rebuilt from
    the weeks around it, first moments, stages and their starts included."""
    store = _copy(all_four, tmp_path / "all.duckdb")
    never = _store_of([WEEKS[0], *WEEKS[2:]], tmp_path / "never.duckdb")

    done = forget(WEEKS[1].name, store=store)

    assert (done.export_id, done.n_rows, done.refused) == (2, 520, 0)
    assert done.removed == 0 and done.rebuilt == 520  # every case of week 2 shows again later
    for table, frame in _state(never).items():
        assert _state(store)[table].equals(frame), table
    assert rg.store.read_store("exports", store)["file_name"].to_list() == [
        w.name for w in WEEKS if w != WEEKS[1]
    ]


def test_forgetting_the_newest_export_removes_the_cases_only_it_showed(all_four, tmp_path):
    store = _copy(all_four, tmp_path / "all.duckdb")
    before = _state(_store_of(WEEKS[:3], tmp_path / "three.duckdb"))

    done = forget(WEEKS[3], store=store)  # the file itself, known by its content

    assert done.removed == 53 and done.removed + done.rebuilt == done.n_rows == 515
    for table, frame in before.items():
        assert _state(store)[table].equals(frame), table


def test_an_export_forgotten_and_ingested_again_gives_the_store_it_was(all_four, tmp_path):
    store = _copy(all_four, tmp_path / "all.duckdb")
    whole = _state(store)

    forget("#1", store=store)
    rg.store.ingest(WEEKS[0], store=store)

    for table, frame in whole.items():
        assert _state(store)[table].equals(frame), table


def test_a_name_no_export_has_or_two_exports_share_is_refused_and_nothing_changes(tmp_path):
    store = _store_of(WEEKS[:2], tmp_path / "s.duckdb")
    other = tmp_path / "other" / WEEKS[0].name  # the same name, other content
    other.parent.mkdir()
    rg.load_disputes(WEEKS[0]).slice(1).drop("resolution").write_csv(other)
    rg.store.ingest(other, store=store)
    before = _state(store)

    with pytest.raises(
        rg.UnreadableFileError, match=r"no export answers to '退款报表_20991231.csv'.*#2 退款报表_20260822"
    ):
        forget("退款报表_20991231.csv", store=store)
    with pytest.raises(rg.UnreadableFileError, match=r"more than one export \(#3 .*; #1 "):
        forget(WEEKS[0].name, store=store)

    for table, frame in before.items():
        assert _state(store)[table].equals(frame), table


def test_a_store_of_the_release_before_forgets_once_its_exports_are_ingested_again(tmp_path, capsys):
    """Version 5 kept no export's own rows: forgetting is refused, naming them, until they are
    ingested again, which keeps their rows and changes nothing else."""
    store = tmp_path / "store_v5.duckdb"
    with (
        gzip.open(ROOT / "tests" / "stores" / "store_v5_0c4b0fc.duckdb.gz") as packed,
        open(store, "wb") as out,
    ):
        shutil.copyfileobj(packed, out)

    assert main(["forget", WEEKS[3].name, "--store", str(store), "--lang", "zh"]) == 2
    said = capsys.readouterr().err
    assert "没有保存第 6 版之前导入的导出的行（#1 退款报表_20260815.csv; #2 退款报表_20260822.csv" in said
    with duckdb.connect(str(store), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    state = _state(store)

    assert main(["ingest", *map(str, WEEKS), "--store", str(store), "--shop", "戊店", "--lang", "zh"]) == 0
    assert "现已保存它的 541 行" in capsys.readouterr().err
    assert _state(store)["disputes"].equals(state["disputes"])
    assert main(["forget", WEEKS[3].name, "--store", str(store), "--lang", "zh"]) == 0
    assert "只有它显示过的 53 个售后已移除，462 个按其余导出重建" in capsys.readouterr().err
    assert (
        rg.store.read_store("decisions", store).height == counts["decisions"] == 3
    )  # the shop's history stays
    assert rg.store.read_store("runs", store).height == counts["runs"]
