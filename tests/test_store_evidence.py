"""The store keeps each evidence source once, known by its name and content: the same ledger by
another path changes nothing, a newer version replaces the older one whole (a voucher deleted
from it is no longer held), and each shop keeps its own."""

import gzip
import shutil
import warnings

import duckdb
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main

from conftest import ROOT, SAMPLE

WEEK = SAMPLE / "weekly" / "退款报表_20260815.csv"


@pytest.fixture(scope="module")
def ids() -> list[str]:
    """Three dispute ids of the week's export, oldest first."""
    return rg.load_disputes(WEEK).sort("opened_at")["dispute_id"].head(3).to_list()


def write_ledger(path, rows: list[tuple[str, str, str]]) -> None:
    pl.DataFrame(rows, schema=["退款编号", "凭证类型", "日期"], orient="row").write_csv(path)


def held(store) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT key, voucher, source_name, shop FROM evidence ORDER BY key, voucher"
        ).fetchall()


def flag(run: rg.ScoringRun, dispute: str, voucher: str) -> bool | None:
    return run.scored.filter(pl.col("dispute_id") == dispute)[f"evidence_{voucher}"].item()


def test_the_same_ledger_by_another_path_or_saved_as_xlsx_changes_nothing(ids, tmp_path):
    store = tmp_path / "shop.duckdb"
    ledger = tmp_path / "凭证台账.csv"
    write_ledger(ledger, [(ids[0], "聊天记录", "2025-01-01"), (ids[1], "进货发票", "2025-01-01")])
    elsewhere = tmp_path / "copies"
    elsewhere.mkdir()
    shutil.copy(ledger, elsewhere / "凭证台账.csv")
    pl.read_csv(ledger, infer_schema=False).write_excel(elsewhere / "凭证台账(1).xlsx")

    first = rg.store.ingest(WEEK, store=store, evidence=[ledger])[-1]
    again = rg.store.ingest([], store=store, evidence=[(elsewhere / "凭证台账.csv").resolve()])[-1]
    as_xlsx = rg.store.ingest([], store=store, evidence=[elsewhere / "凭证台账(1).xlsx"])[-1]

    assert (first.outcome, first.name, first.n_rows) == ("added", "凭证台账", 2)
    assert (again.outcome, again.replaced) == ("unchanged", str(ledger))
    assert as_xlsx.outcome == "unchanged"
    assert len(held(store)) == 2


def test_a_newer_version_replaces_the_older_whole_and_a_deleted_voucher_is_no_longer_held(
    ids, tmp_path, capsys
):
    store = tmp_path / "shop.duckdb"
    write_ledger(
        tmp_path / "ledger.csv",
        [
            (ids[0], "聊天记录", "2025-01-01"),
            (ids[1], "进货发票", "2025-01-01"),
            (ids[1], "聊天记录", "2025-01-01"),
        ],
    )
    write_ledger(  # the second case's invoice was a mistake; a third case is filed
        tmp_path / "ledger_v2.csv",
        [
            (ids[0], "聊天记录", "2025-01-01"),
            (ids[1], "聊天记录", "2025-01-01"),
            (ids[2], "签收证明", "2025-01-01"),
        ],
    )
    assert main(["ingest", str(WEEK), "--store", str(store), "--evidence", str(tmp_path / "ledger.csv")]) == 0
    capsys.readouterr()

    assert main(["ingest", "--store", str(store), "--evidence", str(tmp_path / "ledger_v2.csv")]) == 0

    told = capsys.readouterr().err
    assert "a newer version of evidence source ledger (ingested from" in told
    assert "1 voucher(s) held now that were not, 1 no longer held" in told
    assert [(k, v) for k, v, _, _ in held(store)] == sorted(
        [(ids[0], "chat_log"), (ids[1], "chat_log"), (ids[2], "signature_proof")]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.store.score_store(store, fitting=rg.FitOptions(method="logistic"))
    assert flag(run, ids[1], "chat_log") is True
    assert flag(run, ids[1], "purchase_voucher") is not True  # deleted from the ledger


def test_each_shop_keeps_its_own_ledger_of_the_same_name(ids, tmp_path):
    store = tmp_path / "agency.duckdb"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_ledger(tmp_path / "a" / "凭证台账.csv", [(ids[0], "聊天记录", "2025-01-01")])
    write_ledger(tmp_path / "b" / "凭证台账.csv", [(ids[1], "进货发票", "2025-01-01")])

    rg.store.ingest(
        WEEK, store=store, reading=rg.ReadOptions(shop="甲店"), evidence=[tmp_path / "a" / "凭证台账.csv"]
    )
    second = rg.store.ingest(
        [], store=store, reading=rg.ReadOptions(shop="乙店"), evidence=[tmp_path / "b" / "凭证台账.csv"]
    )

    assert second[-1].outcome == "added"
    assert [(key, shop) for key, _, _, shop in held(store)] == [(ids[0], "甲店"), (ids[1], "乙店")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.store.score_store(store, shop="甲店", fitting=rg.FitOptions(method="logistic"))
    assert flag(run, ids[0], "chat_log") is True
    assert flag(run, ids[1], "purchase_voucher") is not True  # 乙店's voucher is not 甲店's


def test_a_version_4_stores_ledger_is_known_by_its_name_and_replaced_by_its_next_version(ids, tmp_path):
    store = tmp_path / "store.duckdb"
    with (
        gzip.open(ROOT / "tests" / "stores" / "store_v4_9a1b631.duckdb.gz") as packed,
        open(store, "wb") as out,
    ):
        shutil.copyfileobj(packed, out)
    with duckdb.connect(str(store), read_only=True) as con:
        key, day = con.execute(
            "SELECT key, held_on FROM evidence WHERE voucher = 'chat_log' LIMIT 1"
        ).fetchone()
    write_ledger(tmp_path / "凭证台账_v2.csv", [(key, "聊天记录", str(day))])  # one of its 40 rows kept

    done = rg.store.ingest([], store=store, evidence=[tmp_path / "凭证台账_v2.csv"])[-1]

    assert (done.outcome, done.name, done.replaced) == ("replaced", "凭证台账", "凭证台账.csv")
    assert (done.gained, done.lost) == (0, 39)
    assert [(k, v) for k, v, _, _ in held(store)] == [(key, "chat_log")]
