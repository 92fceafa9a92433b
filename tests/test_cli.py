"""The command line and the spreadsheet-safe export."""

from pathlib import Path

import polars as pl
import pytest

from rightsguard import write_table
from rightsguard._cli import main
from rightsguard.sample._bundle import EXPORT_ROWS

from conftest import SAMPLE


def test_score_fits_saves_and_reuses_a_model(tmp_path, capsys):
    out, model = tmp_path / "scored.parquet", tmp_path / "model.skops"

    assert (
        main(
            [
                "score",
                "--method",
                "logistic",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "-o",
                str(out),
                "--save-model",
                str(model),
            ]
        )
        == 0
    )
    first = pl.read_parquet(out)
    assert first.height == EXPORT_ROWS and "fold 5/5" in capsys.readouterr().err

    again = tmp_path / "again.csv"
    assert main(["score", str(SAMPLE / "taobao_export.xlsx"), "-o", str(again), "--model", str(model)]) == 0
    labelled = first.filter(pl.col("resolution") != "open").height
    assert (
        f"warning: {labelled:,} labelled dispute(s) were opened within the supplied model's "
        "training period" in capsys.readouterr().err
    )  # the model saw these disputes
    second = pl.read_csv(again, infer_schema=False)
    assert second.height == EXPORT_ROWS
    assert second["dispute_id"].to_list() == first["dispute_id"].to_list()


def test_lenient_scoring_writes_the_rejected_rows(tmp_path):
    source = tmp_path / "disputes.csv"
    rows = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False)
    rows.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("-5")).otherwise(pl.col("amount")).alias("amount")
    ).write_csv(source)
    out = tmp_path / "scored.csv"

    assert main(["score", str(source), "-o", str(out), "--lenient", "--method", "logistic"]) == 0

    rejected = pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)
    assert rejected["source_row"].to_list() == ["4"]
    assert pl.read_csv(out, infer_schema=False).height == rows.height - 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_that_would_run_as_a_formula_is_neutralised(tmp_path, suffix):
    frame = pl.DataFrame(
        {
            "reason_raw": ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "质量问题"],
            "amount": [-5.0, 1.0, 2.0, 3.0, 4.0],
            "missing_vouchers": [["=cmd"], [], ["chat_log"], [], []],
        }
    )

    path = write_table(frame, tmp_path / f"out{suffix}")

    back = (
        pl.read_csv(path, infer_schema=False)
        if suffix == ".csv"
        else pl.read_excel(path, infer_schema_length=0)
    )
    assert back["reason_raw"].to_list() == [
        '\'=HYPERLINK("http://x","click")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "质量问题",
    ]
    vouchers = back["missing_vouchers"].to_list()
    assert (vouchers[0], vouchers[2]) == ("'=cmd", "chat_log")
    assert back["amount"].to_list()[0] in ("-5.0", "-5")


def test_score_with_the_evidence_folder_gives_all_three_options(tmp_path, capsys):
    out = tmp_path / "scored.parquet"

    assert (
        main(
            [
                "score",
                "--method",
                "logistic",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "--evidence",
                str(SAMPLE / "taobao_evidence"),
                "-o",
                str(out),
            ]
        )
        == 0
    )

    scored = pl.read_parquet(out)
    assert set(scored["recommendation"].cast(pl.String)) == {"refund_now", "negotiate", "escalate"}
    err = capsys.readouterr().err
    assert "evidence inventory covers" in err and "refund now" in err


def test_without_evidence_the_command_says_what_to_supply(tmp_path, capsys):
    assert (
        main(
            [
                "score",
                "--method",
                "logistic",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "-o",
                str(tmp_path / "s.parquet"),
            ]
        )
        == 0
    )

    assert "evidence is unknown for" in capsys.readouterr().err


def test_a_user_error_prints_one_paragraph_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("dispute_id,opened_at,reason\n1,not a date,quality\n", encoding="utf-8")

    assert main(["score", str(bad), "-o", str(tmp_path / "out.csv")]) == 2

    err = capsys.readouterr().err
    assert "\nrightsguard: 1 problem(s) in 1 row(s) of the dispute data:" in err
    assert "Traceback" not in err and "add --lenient" in err


def test_the_shipped_nyc_mapping_works_from_the_command_line(tmp_path):
    from conftest import NYC

    out = tmp_path / "out.parquet"

    assert (
        main(
            [
                "score",
                str(NYC),
                "--mapping",
                "nyc-mediated-complaints",
                "--lenient",
                "-o",
                str(out),
                "--method",
                "logistic",
            ]
        )
        == 0
    )

    assert pl.read_parquet(out).height == 3918
    assert (tmp_path / "out_rejected.csv").exists()


def test_a_mapping_file_and_a_rules_file_are_read(tmp_path):
    source = tmp_path / "cases.csv"
    rows = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False).select(
        pl.col("dispute_id").alias("Case"),
        pl.col("opened_at").alias("Start"),
        pl.col("reason").alias("Kind"),
        pl.col("outcome").alias("Result"),
        pl.col("goods_received"),
        pl.col("amount"),
    )
    rows.write_csv(source)
    mapping = tmp_path / "cases.toml"
    mapping.write_text(
        '[columns]\ndispute_id = "Case"\nopened_at = "Start"\nreason = "Kind"\n'
        'outcome = "Result"\ngoods_received = "goods_received"\namount = "amount"\n',
        encoding="utf-8",
    )
    rules = tmp_path / "rules.csv"
    rules.write_text("goods_received,reason,voucher,provider\n,,chat_log,seller\n", encoding="utf-8")
    out = tmp_path / "out.parquet"

    assert (
        main(
            [
                "score",
                str(source),
                "--mapping",
                str(mapping),
                "--rules",
                str(rules),
                "-o",
                str(out),
                "--method",
                "logistic",
            ]
        )
        == 0
    )

    required = pl.read_parquet(out)["required_vouchers"]
    assert required.list.len().max() == 1 and required.explode().unique().to_list() == ["chat_log"]


def test_version_and_plain_help(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("rightsguard 0.1.0")
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    help_text = capsys.readouterr().out
    assert "--evidence" in help_text and "--mapping" in help_text and "``" not in help_text


def test_a_corrupt_workbook_prints_one_paragraph(tmp_path, capsys):
    bad = tmp_path / "export.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")

    assert main(["score", str(bad), "-o", str(tmp_path / "out.csv")]) == 2

    err = capsys.readouterr().err
    assert "export.xlsx: not a readable xlsx workbook" in err and "Traceback" not in err


def test_help_and_import_load_no_numerical_or_chart_library():
    import subprocess
    import sys

    code = (
        "import sys\nfrom rightsguard._cli import main\nimport rightsguard\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sklearn', 'altair', 'polars', 'xlsxwriter', 'skops') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip().splitlines()[-1] == "[]"


def _wrong_calls(tmp: Path) -> list[list[str]]:
    """Everyday mistakes, each a command line that must end in one paragraph and status 2."""
    disputes = str(SAMPLE / "disputes.csv")
    (tmp / "folder").mkdir()
    (tmp / "a_file").write_text("not a folder")
    (tmp / "bad.json").write_text('{"columns": ')
    pl.DataFrame({"dispute_id": ["1"], "reason": [["damaged"]]}).write_parquet(tmp / "list.parquet")
    return [
        ["score", str(tmp / "folder"), "-o", str(tmp / "x.parquet")],
        ["score", str(tmp / ("a" * 300 + ".csv")), "-o", str(tmp / "x.parquet")],
        ["score", disputes, "-o", str(tmp / ("b" * 300 + ".parquet"))],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--save-model", str(tmp / "folder")],
        ["score", disputes, "-o", str(tmp / "folder")],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--mapping", str(tmp / "bad.json")],
        ["score", str(tmp / "list.parquet"), "-o", str(tmp / "y.parquet")],
        ["score", disputes, "-o", str(tmp / "x.txt")],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--model", disputes],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--rules", disputes],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--salt-file", str(tmp / "none")],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--evidence", str(tmp / "none")],
        ["report", disputes, "-o", str(tmp / "a_file")],
        ["make-sample", "-o", str(tmp / "a_file")],
        ["summary", str(SAMPLE / "taobao_evidence")],
        ["summary", str(tmp / "list.parquet")],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--min-category-count", "-5"],
        ["score", disputes, "-o", str(tmp / "x.parquet"), "--lang", "fr"],
        ["score", disputes],
    ]


def test_everyday_mistakes_exit_2_with_no_traceback(tmp_path, capsys):
    for call in _wrong_calls(tmp_path):
        try:
            status = main(call)
        except SystemExit as exit_:  # argparse refuses its own options this way
            status = exit_.code
        told = capsys.readouterr().err
        assert status == 2, (call, told)
        assert "Traceback" not in told and told.strip(), call
    assert not (tmp_path / "x.parquet").exists()


def test_the_closing_line_tells_past_and_open_apart_and_counts_the_open_options(tmp_path, capsys):
    out = tmp_path / "scored.parquet"
    assert main(["score", str(SAMPLE / "disputes.csv"), "-o", str(out), "--method", "logistic"]) == 0

    scored = pl.read_parquet(out)
    opened = scored.filter(pl.col("resolution") == "open")
    counts = dict(opened["recommendation"].cast(pl.String).value_counts().iter_rows())
    told = capsys.readouterr().err
    assert (
        f"wrote 5,000 scored disputes ({5000 - opened.height:,} past, {opened.height:,} open)"
        f" to {out}; of the open: {counts.get('refund_now', 0):,} refund now, "
        f"{counts.get('negotiate', 0):,} negotiate, {counts.get('escalate', 0):,} escalate"
    ) in told


def test_the_command_speaks_the_systems_language_unless_told(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")

    assert main(["salt", str(tmp_path / "a.salt")]) == 0
    assert "已在" in capsys.readouterr().err
    assert main(["salt", str(tmp_path / "b.salt"), "--lang", "en"]) == 0
    assert "wrote a new counterparty salt" in capsys.readouterr().err


def test_the_summary_speaks_the_readers_language(capsys):
    import re

    assert main(["summary", str(SAMPLE / "taobao_export_gbk.csv"), "--lang", "zh"]) == 0

    told = capsys.readouterr().out
    assert "taobao_export_gbk.csv：3,000 行，接受 3,000 行，拒收 0 行" in told
    assert "退款原因" in told and "协商解决" in told and "处理中" in told
    words = set(re.findall(r"[A-Za-z]{3,}", told.replace(str(SAMPLE / "taobao_export_gbk"), "")))
    assert words <= {"str", "csv"}, words  # polars' column types and the file's suffix


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "这不是淘宝/天猫的退款报表，也不是 rightsguard 的标准表"),
        ("en", "this is not a Taobao/Tmall refund report (退款报表) nor a table of rightsguard's columns"),
    ],
)
def test_another_platforms_export_is_told_it_is_not_a_taobao_report_and_how_to_map_it(
    tmp_path, capsys, lang, said
):
    export = tmp_path / "京东售后.csv"
    export.write_text(
        "服务单号,订单号,申请时间,审核状态,商品名称,退款金额\n"
        "JD1001,88001,2026-11-01 10:00:00,审核通过,保温杯,59.00\n",
        encoding="utf-8",
    )

    status = main(["score", str(export), "-o", str(tmp_path / "out.csv"), "--lang", lang])

    err = capsys.readouterr().err
    assert status == 2
    assert said in err and "服务单号, 订单号, 申请时间" in err and "--mapping" in err
    assert "'dispute_id'" not in err
