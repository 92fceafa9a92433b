"""What a seller typed survives: a report never replaces a typed plan it cannot record, nor one
open in a spreadsheet, and both plan files come back from a spreadsheet program with their ids
and their run."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.store._runs import score_store

from conftest import fill_plan, type_into_workbook


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    from rightsguard.sample._weekly import write_weekly

    return write_weekly(tmp_path_factory.mktemp("weekly"), weeks=2)[0]


def test_report_records_a_typed_plan_before_replacing_it_and_never_touches_an_open_one(
    weekly, tmp_path, capsys
):
    from rightsguard._cli import main

    store, out = tmp_path / "shop.duckdb", tmp_path / "report"
    rg.store.ingest(weekly[:2], store=store)
    week = ["report", "--store", str(store), "-o", str(out), "--method", "logistic", "--lang", "zh"]
    assert main(week) == 0
    plan = pl.read_excel(out / "action_list.xlsx", sheet_name="处理计划", infer_schema_length=0)
    type_into_workbook(
        out / "action_list.xlsx", {plan["退款编号"][0]: "协商", plan["退款编号"][1]: "直接退款"}
    )
    typed = (out / "action_list.xlsx").read_bytes()
    (out / "~$action_list.xlsx").write_bytes(b"owner")  # Excel has it open

    assert main(week) == 2
    assert (out / "action_list.xlsx").read_bytes() == typed
    assert "正在表格软件中打开" in capsys.readouterr().err
    assert rg.store.read_store("decisions", store).height == 0

    (out / "~$action_list.xlsx").unlink()  # closed
    assert main(week) == 0

    assert "已先记录" in capsys.readouterr().err
    decided = rg.store.read_store("decisions", store)
    assert dict(zip(decided["dispute_id"], decided["option"])) == {
        plan["退款编号"][0]: "negotiate",
        plan["退款编号"][1]: "refund_now",
    }
    assert decided["run_id"].unique().to_list() == [
        rg.store.read_store("runs", store).sort("made_at")["run_id"][0]
    ]


def test_a_workbook_recorded_after_the_next_run_is_tied_to_the_run_it_names(weekly, tmp_path):
    """The same week scored twice gives the same advice, so only the workbook's own record of its
    run tells the two apart: its choices go to the run the seller saw, not to the newer one."""
    from rightsguard._cli import main

    store = tmp_path / "shop.duckdb"
    rg.store.ingest(weekly[:2], store=store)
    books = [tmp_path / "seen.xlsx", tmp_path / "later.xlsx"]
    for book in books:
        command = ["score", "--store", str(store), "-o", str(book), "--method", "logistic", "--lang", "zh"]
        assert main(command) == 0
    plan = pl.read_excel(books[0], sheet_name="处理计划", infer_schema_length=0)
    type_into_workbook(books[0], {plan["退款编号"][0]: "协商"})

    assert main(["record", str(books[0]), "--store", str(store), "--lang", "zh"]) == 0

    first, second = rg.store.read_store("runs", store).sort("made_at")["run_id"]
    assert rg.store.read_store("decisions", store)["run_id"].to_list() == [first]
    assert first != second


def test_a_typed_plan_with_no_store_to_record_it_is_never_replaced(weekly, tmp_path, capsys):
    from rightsguard._cli import main

    out = tmp_path / "report"
    once = ["report", str(weekly[0]), "-o", str(out), "--method", "logistic", "--lang", "zh"]
    assert main(once) == 0
    plan = pl.read_csv(out / "action_list.csv", infer_schema=False)
    fill_plan(plan, {3: "申请客服介入"}, out / "action_list.csv")
    typed = (out / "action_list.csv").read_bytes()

    rg.store.ingest(weekly[:1], store=tmp_path / "s.duckdb")

    assert main(once) == 2
    assert main(["export-store", str(out), "--store", str(tmp_path / "s.duckdb"), "--lang", "zh"]) == 2

    assert (out / "action_list.csv").read_bytes() == typed
    told = capsys.readouterr().err
    assert told.count("1 条你填写的处理结果或备注还没有记录") == 2 and "rightsguard record" in told


def _saved_by_libreoffice(path, folder, filter_name: str, *read_as: str):
    """The file opened and saved again by LibreOffice, as a seller's spreadsheet program does."""
    import shutil
    import subprocess

    out = folder / "saved"
    out.mkdir(exist_ok=True)
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            *read_as,
            "--convert-to",
            filter_name,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / path.name


def _right_edges(html: str, headers: tuple[str, ...]) -> dict[str, int]:
    """Where each header's column ends (pixels from the sheet's left) in the table LibreOffice
    rendered it in, from the column widths it laid out."""
    import re

    start = html.rfind("<table", 0, html.index(headers[0]))
    table = html[start : html.index("</table>", start)]
    widths = [
        int(width)
        for span, width in re.findall(r'<colgroup(?: span="(\d+)")? width="(\d+)"', table)
        for _ in range(int(span or 1))
    ]
    first_row = table[table.index("<tr") : table.index("</tr>")]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", first_row, re.S)
    ]
    return {h: sum(widths[: cells.index(h) + 1]) for h in headers}


def test_both_plan_files_survive_a_libreoffice_round_trip_with_their_ids_and_run(weekly, tmp_path):
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(weekly[:2], store=store)
    run = score_store(store, fitting=rg.FitOptions(method="logistic"), lang="zh")
    rg.write_report(run, tmp_path / "report", lang="zh")
    open_ids = sorted(run.scored.filter(pl.col("resolution") == "open")["dispute_id"])
    book, csv = tmp_path / "report" / "action_list.xlsx", tmp_path / "report" / "action_list.csv"
    type_into_workbook(book, {open_ids[0]: "协商"})
    plan = pl.read_csv(csv, infer_schema=False)
    plan.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("申请客服介入")).alias("处理结果")
    ).write_csv(csv, include_bom=True)
    typed_in_csv = plan["退款编号"][0].strip('="')

    saved_book = _saved_by_libreoffice(book, tmp_path, "xlsx")
    rendered = _saved_by_libreoffice(book, tmp_path, "html").with_suffix(".html")
    edges = _right_edges(rendered.read_text(encoding="utf-8"), ("退款编号", "建议", "处理结果", "备注"))
    assert max(edges.values()) <= 1366, edges  # typed where the id and the advice are, on the first screen
    saved_csv = _saved_by_libreoffice(
        csv, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1", "--infilter=CSV:44,34,76,1"
    )  # read as UTF-8, as Excel does
    from rightsguard.io._plan_file import read_plan

    assert sorted(read_plan(saved_book).rows["dispute_id"]) == open_ids
    assert sorted(read_plan(saved_csv).rows["dispute_id"]) == open_ids
    assert read_plan(saved_book).origin.run_id == run.origin.run_id
    assert rg.store.record(saved_book, store=store).n_recorded == 1
    assert rg.store.record(saved_csv, store=store).n_recorded == 1
    decided = rg.store.read_store("decisions", store)
    assert dict(zip(decided["dispute_id"], decided["option"])) == {
        open_ids[0]: "negotiate",
        typed_in_csv: "escalate",
    }
