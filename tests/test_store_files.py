"""The store opens only its own files: an export named as the store, another program's DuckDB
database or a mistyped name are refused untouched, and any folder name works."""

import duckdb
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard.store._connect import open_store

SAMPLE_WEEK = "data/sample/weekly/退款报表_20260815.csv"


def test_an_export_named_as_the_store_is_refused_and_left_as_it_was(tmp_path, capsys):
    export = tmp_path / "退款报表.csv"
    export.write_bytes(open(SAMPLE_WEEK, "rb").read())
    before = export.read_bytes()

    assert main(["ingest", SAMPLE_WEEK, "--store", str(export), "--lang", "en"]) == 2

    assert export.read_bytes() == before
    assert "it is no DuckDB database" in capsys.readouterr().err


def test_another_programs_duckdb_database_is_refused_and_gains_no_table(tmp_path):
    theirs = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(theirs)) as con:
        con.execute("CREATE TABLE sales (day DATE, total DOUBLE)")

    with pytest.raises(
        rg.UnreadableFileError,
        match=r"theirs.duckdb: a DuckDB database of other "
        r"tables \(sales\), not a rightsguard store; nothing was changed: .* --init",
    ):
        rg.store.ingest([SAMPLE_WEEK], store=theirs)

    with duckdb.connect(str(theirs)) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("sales",)]


def test_init_keeps_the_stores_tables_beside_a_databases_own_and_refuses_a_name_taken(tmp_path, capsys):
    theirs = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(theirs)) as con:
        con.execute("CREATE TABLE sales AS SELECT DATE '2026-11-30' AS day, 12.5 AS total")
    taken = tmp_path / "taken.duckdb"
    with duckdb.connect(str(taken)) as con:
        con.execute("CREATE TABLE runs (race VARCHAR)")

    assert main(["ingest", SAMPLE_WEEK, "--store", str(theirs), "--init", "--lang", "en"]) == 0
    assert main(["ingest", SAMPLE_WEEK, "--store", str(taken), "--init", "--lang", "en"]) == 2

    assert rg.store.read_store("disputes", theirs).height == 541
    with duckdb.connect(str(theirs)) as con:
        assert con.execute("SELECT total FROM sales").fetchall() == [(12.5,)]
    assert "its own tables runs have the names of the store's; nothing was changed" in capsys.readouterr().err
    with duckdb.connect(str(taken)) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("runs",)]


def test_ingest_says_when_it_makes_a_new_store(tmp_path, capsys):
    store = tmp_path / "shop.duckdb"

    assert main(["ingest", SAMPLE_WEEK, "--store", str(store), "--lang", "zh"]) == 0
    assert main(["ingest", SAMPLE_WEEK, "--store", str(store), "--lang", "zh"]) == 0

    said = capsys.readouterr().err
    assert said.count(f"店铺数据库：{store}（新建：之前没有这个文件）") == 1
    assert said.count(f"店铺数据库：{store}\n") == 1


def test_a_mistyped_store_is_refused_and_only_ingest_creates_one(tmp_path, capsys):
    mistyped = tmp_path / "rightsguard.duckbd"

    assert main(["report", "--store", str(mistyped), "-o", str(tmp_path / "r"), "--lang", "en"]) == 2
    assert main(["export-store", str(tmp_path / "t"), "--store", str(mistyped), "--lang", "en"]) == 2

    assert not mistyped.exists()
    assert capsys.readouterr().err.count("no such store; ingest an export first") == 2


def test_a_failed_first_ingest_leaves_no_store_behind(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(rg.SchemaError):
        rg.store.ingest([broken], store=tmp_path / "new.duckdb")

    assert not (tmp_path / "new.duckdb").exists()


def test_a_store_in_a_folder_with_a_quote_in_its_name_works_end_to_end(tmp_path):
    folder = tmp_path / "Bob's shop"
    store = folder / "shop.duckdb"
    rg.store.ingest([SAMPLE_WEEK], store=store)

    assert (
        main(
            [
                "score",
                "--store",
                str(store),
                "-o",
                str(folder / "plan.csv"),
                "--method",
                "logistic",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    assert main(["export-store", str(folder / "tables"), "--store", str(store)]) == 0

    scored = pl.read_csv(folder / "plan.csv", infer_schema=False)
    assert (
        rg.store.read_store("predictions", store).height
        == scored.filter(pl.col("resolution") == "open").height
        > 0
    )
    assert (folder / "tables" / "runs" / "data_0.parquet").exists()
    with open_store(store) as opened:
        assert opened.get("SELECT count(*) AS n FROM disputes").item() > 500


def test_an_export_naming_no_shop_is_refused_by_a_store_that_keeps_shops_apart(tmp_path, capsys):
    store = tmp_path / "agency.duckdb"
    assert main(["ingest", SAMPLE_WEEK, "--store", str(store), "--shop", "甲店", "--lang", "zh"]) == 0
    before = rg.store.read_store("exports", store).height
    capsys.readouterr()

    later = "data/sample/weekly/退款报表_20260822.csv"
    assert main(["ingest", later, "--store", str(store), "--lang", "zh"]) == 2

    err = capsys.readouterr().err
    assert "没有写店铺" in err and "甲店" in err and "--shop" in err
    assert rg.store.read_store("exports", store).height == before
    assert main(["ingest", later, "--store", str(store), "--shop", "甲店", "--lang", "zh"]) == 0


def test_a_damaged_store_is_said_to_be_damaged_with_what_to_do_and_is_left_as_it_was(tmp_path, capsys):
    store = tmp_path / "shop.duckdb"
    assert main(["ingest", SAMPLE_WEEK, "--store", str(store)]) == 0
    with open(store, "r+b") as file:  # a disk fault in the middle of the file
        file.seek(300_000)
        file.write(b"\xff" * 5000)
    damaged = store.read_bytes()
    capsys.readouterr()

    assert main(["report", "--store", str(store), "-o", str(tmp_path / "report"), "--lang", "zh"]) == 2

    told = capsys.readouterr().err
    assert "数据库文件已损坏" in told and "请放回它的备份" in told and "Traceback" not in told
    assert store.read_bytes() == damaged


@pytest.mark.parametrize(
    ("duckdb_said", "refusal"),
    [
        ('IO Error: Could not write file "shop.duckdb": No space left on device', "err_store_full"),
        ("Corrupt database file: computed checksum 1 does not match stored checksum 2", "err_store_damaged"),
        ('IO Error: Cannot open file "shop.duckdb": Permission denied', "err_store_read_only"),
        ('IO Error: Cannot open file "shop.duckdb": Read-only file system', "err_store_read_only"),
        ("Catalog Error: Table with name x does not exist!", "err_store_refused"),
    ],
)
def test_each_fault_duckdb_names_is_said_plainly(duckdb_said, refusal):
    from rightsguard._vocabulary import text
    from rightsguard.store._connect import refusal_of

    assert refusal_of(duckdb.IOException(duckdb_said)) == refusal
    for lang in ("en", "zh"):
        assert text(refusal, lang)


def test_a_rollback_that_fails_never_hides_the_error_that_ended_the_transaction(tmp_path):
    """On a full disk DuckDB aborts the transaction itself, and the rollback then fails with
    'no transaction is active': the refusal must still be about the disk."""
    from rightsguard.store._connect import Store

    class Aborted:
        def begin(self):
            pass

        def commit(self):
            raise AssertionError("not reached")

        def rollback(self):
            raise duckdb.TransactionException("cannot rollback - no transaction is active")

    store = Store(tmp_path / "s.duckdb", Aborted())

    with pytest.raises(duckdb.IOException, match="No space left on device"):
        with store.transaction():
            raise duckdb.IOException("Could not write file: No space left on device")
