"""Inputs are never destroyed, outputs are whole or absent, and one bad value breaks nothing."""

import re
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard.io._writers import FORMULA_START, BatchWriter

from conftest import SAMPLE


def test_score_refuses_to_overwrite_its_input_and_leaves_it_byte_identical(tmp_path, capsys):
    source = tmp_path / "a.csv"
    source.write_bytes((SAMPLE / "disputes.csv").read_bytes())
    before = source.read_bytes()

    assert main(["score", str(source), "-o", str(tmp_path / "." / "a.csv")]) == 2

    assert source.read_bytes() == before
    assert "would overwrite the input" in capsys.readouterr().err


def test_a_lenient_run_refuses_a_rejected_file_that_would_overwrite_the_input(tmp_path, capsys):
    source = tmp_path / "X_rejected.csv"
    source.write_bytes((SAMPLE / "disputes.csv").read_bytes())

    assert main(["score", str(source), "-o", str(tmp_path / "X.csv"), "--lenient"]) == 2
    assert "X_rejected.csv: writing here would overwrite the input" in capsys.readouterr().err


def test_a_report_refuses_a_folder_holding_the_users_own_files(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")

    assert main(["report", str(SAMPLE / "disputes.csv"), "-o", str(folder)]) == 2

    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert "holds files rightsguard did not write" in capsys.readouterr().err


def test_a_killed_score_leaves_no_partial_output(tmp_path, sample_disputes):
    model = rg.scoring.save_model(
        rg.scoring.NegotiationModel().fit(
            *(lambda d: (d, rg.scoring.labels_of(d)))(sample_disputes.filter(pl.col("resolution") != "open"))
        ),
        tmp_path / "m.skops",
    )
    big = tmp_path / "big.parquet"
    pl.concat([sample_disputes.with_columns(pl.col("dispute_id") + f"-{i}") for i in range(6)]).write_parquet(
        big
    )
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "rightsguard._cli", "score", str(big), "-o", str(out), "--model", str(model)],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.csv.*.tmp")) and process.poll() is None:
        assert time.monotonic() < deadline, "the output was never started"
        time.sleep(0.005)

    process.send_signal(signal.SIGKILL)
    process.wait()

    assert process.returncode == -signal.SIGKILL and not out.exists()


def test_concurrent_writers_leave_one_complete_workbook(tmp_path):
    path = tmp_path / "shared.xlsx"
    frames = [
        pl.DataFrame(
            {"dispute_id": [f"{seed}-{i}" for i in range(20_000)], "reason_raw": ["质量问题"] * 20_000}
        )
        for seed in range(4)
    ]

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda frame: rg.write_table(frame, path), frames))

    back = pl.read_excel(path)
    assert back.height == 20_000 and back["dispute_id"].str.split("-").list.first().n_unique() == 1
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-Infinity"])
def test_one_non_finite_amount_is_a_named_problem_and_the_rest_score(tmp_path, value):
    rows = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False).head(1500)
    bad = rows.with_columns(
        pl.when(pl.int_range(pl.len()) == 6).then(pl.lit(value)).otherwise(pl.col("amount")).alias("amount")
    )
    source = tmp_path / "d.csv"
    bad.write_csv(source)

    with pytest.raises(
        rg.SchemaError,
        match=rf"column 'amount': cannot be read as a number: "
        rf"1 row\(s\), lines 8; values '{value}'",
    ):
        rg.load_disputes(source)
    result = rg.load_disputes_lenient(source)
    scored = rg.score(result.accepted, fitting=rg.FitOptions(method="logistic")).scored
    assert result.rejected["source_row"].to_list() == [7]
    assert scored.height == rows.height - 1 and scored["p_negotiated"].is_finite().all()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_non_finite_amount_in_a_typed_table_is_a_named_problem(sample_disputes, value):
    typed = sample_disputes.head(1500).with_columns(
        pl.when(pl.int_range(pl.len()) == 2).then(value).otherwise(pl.col("amount")).alias("amount")
    )

    with pytest.raises(rg.SchemaError, match=r"column 'amount': not a finite number: 1 row\(s\), rows 3"):
        rg.load_disputes(typed)
    accepted = rg.load_disputes_lenient(typed).accepted
    assert rg.score(accepted, fitting=rg.FitOptions(method="logistic")).n_accepted == (typed.height - 1)


HOSTILE = ["<!--<script>", "</script><b>x", "\"quote' \\back\\", "\u202eRTL\u202c", "=cmd|' /C calc'!A0"]


def test_a_report_on_hostile_text_in_every_column_shows_every_chart(tmp_path):
    from chromium import CHROMIUM_FLAGS, chromium

    disputes = rg.load_disputes(SAMPLE / "disputes.csv").tail(2000)  # the newest: some still open
    n = disputes.height
    hostile = disputes.with_columns(
        pl.Series([HOSTILE[i % len(HOSTILE)] for i in range(n)]).alias(c)
        for c in ("shop", "category", "reason_raw", "order_id")
    )
    out = tmp_path / "report"

    page = rg.write_report(rg.score(hostile, fitting=rg.FitOptions(method="logistic")), out)

    dom = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    expected = set(re.findall(r'<div class="chart" id="([^"]+)">', page.read_text(encoding="utf-8")))
    rendered = {
        i
        for i, a in re.findall(r'<div class="chart[^"]*" id="([^"]+)"([^>]*)>', dom)
        if 'data-rendered="yes"' in a
    }
    assert len(expected) == 10 and rendered == expected
    plan = dom.split('id="plan-table"', 1)[1]
    assert "&lt;/script&gt;&lt;b&gt;x" in plan and "<b>x" not in plan  # the plan's cells are text


def _refusal(path) -> tuple[float, int, str]:
    """Seconds, peak Python memory (MB) and message of refusing ``path``.

    The workbook is refused before any spreadsheet reader (native code) runs,
    so every byte allocated is Python's and tracemalloc sees it.
    """
    tracemalloc.start()
    start = time.monotonic()
    with pytest.raises(rg.UnreadableFileError) as error:
        rg.load_disputes(path)
    seconds = time.monotonic() - start
    peak = tracemalloc.get_traced_memory()[1] // 2**20
    tracemalloc.stop()
    return seconds, peak, str(error.value)


def test_a_stray_cell_in_the_last_row_is_refused_quickly(tmp_path):
    import xlsxwriter

    path = tmp_path / "last_row.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["dispute_id", "opened_at", "reason"])
    sheet.write_row(1, 0, ["a", "2026-01-01", "quality"])
    sheet.write(1_048_575, 0, "x")
    book.close()

    seconds, peak, err = _refusal(path)

    assert path.stat().st_size < 10_000
    assert "row 1,048,576 holds a cell but only 3 rows hold any data" in err
    assert seconds < 5 and peak < 500


def workbook_with_sheet_edit(path, old: bytes, new: bytes):
    """A one-row workbook whose worksheet XML has ``old`` replaced by ``new`` (once)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, ["dispute_id", "opened_at", "reason"])
    book.close()
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_within_bounds(tmp_path, monkeypatch):
    monkeypatch.setenv("RIGHTSGUARD_XLSX_MAX_MB", "20")  # the default 300 MB, scaled down for speed
    filler = b"<!-- " + b" " * 60_000_000 + b" -->"
    path = workbook_with_sheet_edit(tmp_path / "bomb.xlsx", b"<sheetData>", b"<sheetData>" + filler)

    seconds, peak, err = _refusal(path)

    assert path.stat().st_size < 200_000
    assert "decompresses to more than 20 MB" in err and "RIGHTSGUARD_XLSX_MAX_MB" in err
    assert seconds < 5 and peak < 500


def test_entity_declarations_are_refused(tmp_path):
    path = workbook_with_sheet_edit(
        tmp_path / "entities.xlsx", b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    )

    with pytest.raises(rg.UnreadableFileError, match="declares XML entities"):
        rg.load_disputes(path)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_a_bad_model_file_is_named_with_what_is_wrong(tmp_path, content):
    path = tmp_path / "shop.skops"
    path.write_bytes(content)

    with pytest.raises(
        rg.ModelFileError,
        match=r"shop.skops: not a rightsguard model file, or a "
        r"damaged one",
    ):
        rg.scoring.load_model(path)


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(rg.ModelFileError, match=r"nothing.skops: no such model file"):
        rg.scoring.load_model(tmp_path / "nothing.skops")


def test_links_stay_text_in_the_workbook(tmp_path):
    path = rg.write_table(
        pl.DataFrame({"reason_raw": ["http://example.com/x", "www.example.com"]}), tmp_path / "links.xlsx"
    )

    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<hyperlink" not in sheet
    assert pl.read_excel(path)["reason_raw"].to_list() == ["http://example.com/x", "www.example.com"]


@pytest.mark.parametrize(
    "text", ["＝1+1", "＋cmd", "－2", "＠SUM(A1)", "\u200b=1+1", "\ufeff@x", " =1", "\u2060+1"]
)
def test_full_width_and_invisible_formula_prefixes_are_neutralised(tmp_path, text):
    assert re.match(FORMULA_START, text)
    back = pl.read_csv(rg.write_table(pl.DataFrame({"t": [text]}), tmp_path / "t.csv"), infer_schema=False)
    assert back["t"].to_list() == ["'" + text]


def test_a_huge_number_in_an_unread_column_is_ignored_and_in_a_read_one_is_named(tmp_path):
    import xlsxwriter

    path = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["dispute_id", "opened_at", "reason", "支付宝交易号"])
    sheet.write_row(1, 0, ["2025000000000007919", "2026-01-01", "quality"])
    sheet.write_number(1, 3, 2.0**64)  # a 28-digit trade number re-saved by Excel: not read
    sheet.write_number(2, 0, 2025000000000015838)  # an id typed as a number among text ids: read
    sheet.write_row(2, 1, ["2026-01-02", "damaged"])
    book.close()

    result = rg.load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["2025000000000007919"]
    assert result.rejected["problems"].to_list() == [
        [
            "source: malformed or excluded row ('dispute_id' was stored by Excel as a number and has "
            "lost digits; export ids as text)"
        ]
    ]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_file_written_in_batches_is_whole_or_absent(tmp_path, suffix):
    batches = [
        pl.DataFrame({"dispute_id": [f"{k}-{i}" for i in range(1000)], "amount": [float(k)] * 1000})
        for k in range(5)
    ]
    path = tmp_path / f"out{suffix}"

    with BatchWriter(path, keep_private=False, empty=batches[0].clear()) as writer:
        for batch in batches:
            writer.write(batch)
    with (
        pytest.raises(RuntimeError, match="batch 3 failed"),
        BatchWriter(tmp_path / f"failed{suffix}", keep_private=False, empty=batches[0].clear()) as writer,
    ):
        for k, batch in enumerate(batches):
            if k == 3:
                raise RuntimeError("batch 3 failed")
            writer.write(batch)

    written = pl.read_parquet(path) if suffix == ".parquet" else pl.read_csv(path)
    assert written.equals(pl.concat(batches))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out{suffix}"]


def test_what_a_killed_run_left_is_removed_by_the_next_and_named(tmp_path, capsys):
    import os
    import subprocess

    from rightsguard._cli import main

    gone = subprocess.Popen(["true"])  # a process that has ended: its pid names no live run
    gone.wait()
    output = tmp_path / "scored.parquet"
    staged = tmp_path / f".scored.parquet.{gone.pid}-0123456789ab.tmp"
    staged.write_bytes(b"\0" * 1000)
    spill = tmp_path / f".scored.parquet.{gone.pid}-ba9876543210.spill"
    (spill / "first").mkdir(parents=True)
    (spill / "first" / "batch.arrow").write_bytes(b"\0" * 1000)
    working = tmp_path / f".scored.parquet.{os.getppid()}-0123456789ab.tmp"  # a run still working
    working.write_bytes(b"")
    other = tmp_path / f".other.parquet.{gone.pid}-0123456789ab.tmp"  # a killed run's, of another output
    other.write_bytes(b"")

    status = main(
        ["score", "--method", "logistic", "data/sample/disputes.csv", "-o", str(output), "--lang", "zh"]
    )

    assert status == 0
    assert not staged.exists() and not spill.exists() and not other.exists()
    assert working.exists()
    told = capsys.readouterr().err
    assert f"已删除中断的运行在 {output} 旁留下的 3 个文件：{other.name}, {staged.name}, {spill.name}" in told


def test_direction_controls_are_marked_and_long_values_cut_where_people_read_them(tmp_path):
    """An order id holding U+202E would read backwards on the page and in the workbook: both
    show a visible mark instead, and the page cuts a 450-character title, which the CSV keeps
    whole."""
    import openpyxl

    disputes = rg.load_disputes(SAMPLE / "disputes.csv").tail(600)
    reversed_id = "ORD\u202e1234"
    title = "保温杯" * 150
    shown = disputes.with_columns(
        pl.lit(reversed_id).alias("order_id"), pl.lit("甲店\u2066").alias("shop"), pl.lit(title).alias("item")
    )
    out = tmp_path / "report"

    page = rg.write_report(rg.score(shown, fitting=rg.FitOptions(method="logistic")), out)

    html = page.read_text(encoding="utf-8")
    assert not set(html) & set("\u202e\u2066")
    assert "U+202E" in html  # the plan's cells are JSON there: ⟨ is \u27e8
    assert title not in html and title[:400] + "…" in html
    book = openpyxl.load_workbook(out / "action_list.xlsx")
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert not [c for c in cells if set(c) & set("\u202e\u2066")]
    assert any("ORD⟨U+202E⟩1234" in c for c in cells) and any("甲店⟨U+2066⟩" in c for c in cells)
    kept = pl.read_csv(out / "action_list.csv", infer_schema=False)
    assert reversed_id in kept["订单编号" if "订单编号" in kept.columns else "Order id"].to_list()


@pytest.mark.parametrize("flag", ["-o", "--save-model"])
def test_an_output_where_no_file_can_be_made_is_refused_before_any_work(tmp_path, capsys, monkeypatch, flag):
    """/proc takes no file, whatever its mode bits say (root passes them): the refusal comes
    before the data are read or a model is fitted."""
    from rightsguard._cli import main
    from rightsguard.engine import _run

    def no_work(*args, **kwargs):
        raise AssertionError("scored before the outputs were checked")

    monkeypatch.setattr(_run, "score", no_work)
    outputs = {"-o": "/proc/rightsguard/out.parquet", "--save-model": "/proc/rightsguard/model.skops"}
    command = ["score", str(SAMPLE / "disputes.csv"), "-o", str(tmp_path / "out.parquet")]
    command += [flag, outputs[flag]] if flag == "--save-model" else []
    if flag == "-o":
        command[3] = outputs["-o"]

    assert main(command) == 2
    assert f"{outputs[flag]}: the folder /proc cannot be written" in capsys.readouterr().err
