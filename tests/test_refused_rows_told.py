"""A seller whose export holds a row that is no dispute (a 合计 line an ERP added at the end) is
told which row, why, and what to do: ``ingest`` lists the problems it kept, a strict ``report``
says how to set the row aside, and a lenient one says where the row went."""

import re

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard._vocabulary import text

from conftest import SAMPLE

WEEK = SAMPLE / "weekly" / "退款报表_20260815.csv"


@pytest.fixture
def with_totals(tmp_path):
    """The weekly export with a totals line after its last case: the line of the file it is on."""
    source = WEEK.read_text(encoding="utf-8")
    width = source.splitlines()[0].count(",") + 1
    path = tmp_path / "退款报表_20260815.csv"
    path.write_text(source.rstrip("\n") + "\n合计" + "," * (width - 1) + "\n", encoding="utf-8")
    return path, len(source.rstrip("\n").splitlines()) + 1


def test_ingest_tells_why_each_row_was_refused_and_keeps_the_same_problems(with_totals, tmp_path, capsys):
    path, line = with_totals
    store = tmp_path / "shop.duckdb"

    code = main(["ingest", str(path), "--store", str(store), "--lang", "en"])

    told = capsys.readouterr().err
    assert code == 0 and re.search(r"[\d,]+ merged, 1 refused", told)
    assert f"refused: column 'dispute_id': required value is empty: 1 row(s), lines {line}" in told
    kept = rg.store.read_store("rejected_rows", store)
    assert kept.height == 1 and "dispute_id: required value is empty" in kept["problems"][0]


@pytest.mark.parametrize(
    ("command", "output", "lang"),
    [("report", "report", "en"), ("report", "report", "zh"), ("score", "scored.parquet", "en")],
)
def test_a_strict_run_says_how_to_set_the_refused_rows_aside(
    with_totals, tmp_path, capsys, command, output, lang
):
    path, line = with_totals

    code = main([command, str(path), "-o", str(tmp_path / output), "--lang", lang])

    told = capsys.readouterr().err
    assert code == 2 and str(line) in told
    assert told.rstrip().endswith(text("err_lenient_hint", lang)) and "--lenient" in told
    assert not (tmp_path / output).exists()


def test_a_refusal_no_row_can_pass_keeps_the_debug_hint(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    pl.DataFrame({"dispute_id": ["a1"], "amount": [10.0]}).write_csv(path)

    code = main(["report", str(path), "-o", str(tmp_path / "report"), "--lang", "en"])

    told = capsys.readouterr().err
    assert code == 2 and "missing" in told
    assert told.rstrip().endswith(text("err_debug_hint", "en")) and "--lenient" not in told


def test_a_lenient_report_says_where_the_refused_rows_went(with_totals, tmp_path, capsys):
    path, line = with_totals
    report = tmp_path / "report"

    code = main(["report", str(path), "-o", str(report), "--lenient", "--lang", "en"])

    refused = report / "disputes_rejected.csv"
    assert code == 0 and f"1 rows rejected; see {refused}" in capsys.readouterr().err
    rows = pl.read_csv(refused, infer_schema=False)
    assert rows.height == 1 and "dispute_id: required value is empty" in rows["problems"][0]
