"""The command line and the spreadsheet-safe export."""

import polars as pl
import pytest

from rightsguard import write_table
from rightsguard._cli import main

from conftest import SAMPLE


def test_score_fits_saves_and_reuses_a_model(tmp_path, capsys):
    out, model = tmp_path / "scored.parquet", tmp_path / "model.skops"

    assert main(["score", str(SAMPLE / "taobao_export_gbk.csv"), "-o", str(out),
                 "--save-model", str(model)]) == 0
    first = pl.read_parquet(out)
    assert first.height == 1200 and "fold 5/5" in capsys.readouterr().err

    again = tmp_path / "again.csv"
    assert main(["score", str(SAMPLE / "taobao_export.xlsx"), "-o", str(again),
                 "--model", str(model)]) == 0
    assert "warning: 1163 labelled dispute(s) were opened within the supplied model's training " \
           "period" in capsys.readouterr().err  # the model saw these disputes
    second = pl.read_csv(again, infer_schema=False)
    assert second.height == 1200
    assert second["dispute_id"].to_list() == first["dispute_id"].to_list()


def test_lenient_scoring_writes_the_rejected_rows(tmp_path):
    source = tmp_path / "disputes.csv"
    rows = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False)
    rows.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("-5"))
                      .otherwise(pl.col("amount")).alias("amount")).write_csv(source)
    out = tmp_path / "scored.csv"

    assert main(["score", str(source), "-o", str(out), "--lenient"]) == 0

    rejected = pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)
    assert rejected["source_row"].to_list() == ["4"]
    assert pl.read_csv(out, infer_schema=False).height == rows.height - 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_that_would_run_as_a_formula_is_neutralised(tmp_path, suffix):
    frame = pl.DataFrame({
        "reason_raw": ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "质量问题"],
        "amount": [-5.0, 1.0, 2.0, 3.0, 4.0],
        "missing_vouchers": [["=cmd"], [], ["chat_log"], [], []],
    })

    path = write_table(frame, tmp_path / f"out{suffix}")

    back = (pl.read_csv(path, infer_schema=False) if suffix == ".csv"
            else pl.read_excel(path, infer_schema_length=0))
    assert back["reason_raw"].to_list() == [
        '\'=HYPERLINK("http://x","click")', "'+1+1", "'-2+3", "'@SUM(A1)", "质量问题"]
    vouchers = back["missing_vouchers"].to_list()
    assert (vouchers[0], vouchers[2]) == ("'=cmd", "chat_log")
    assert back["amount"].to_list()[0] in ("-5.0", "-5")


def test_score_with_the_evidence_folder_gives_all_three_options(tmp_path, capsys):
    out = tmp_path / "scored.parquet"

    assert main(["score", str(SAMPLE / "taobao_export_gbk.csv"), "--evidence",
                 str(SAMPLE / "taobao_evidence"), "-o", str(out)]) == 0

    scored = pl.read_parquet(out)
    assert set(scored["recommendation"].cast(pl.String)) == {"refund_now", "negotiate", "escalate"}
    err = capsys.readouterr().err
    assert "evidence inventory covers" in err and "refund now" in err


def test_without_evidence_the_command_says_what_to_supply(tmp_path, capsys):
    assert main(["score", str(SAMPLE / "taobao_export_gbk.csv"), "-o",
                 str(tmp_path / "s.parquet")]) == 0

    assert "evidence is unknown for" in capsys.readouterr().err


def test_a_user_error_prints_one_paragraph_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("dispute_id,opened_at,reason\n1,not a date,quality\n", encoding="utf-8")

    assert main(["score", str(bad), "-o", str(tmp_path / "out.csv")]) == 2

    err = capsys.readouterr().err
    assert "\nrightsguard: 1 problem(s) in 1 row(s) of the dispute data:" in err
    assert "Traceback" not in err and "--debug" in err
