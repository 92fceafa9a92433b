"""The shop's evidence inventory: ledgers, folders, coverage, and what it changes."""

import warnings

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard.sample._truth import win_chance

from conftest import SAMPLE

EVIDENCE = [SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"]


def two_disputes() -> pl.DataFrame:
    rows = pl.DataFrame(
        {
            "dispute_id": ["d1", "d2", "d3"],
            "order_id": ["o1", "o2", "o3"],
            "opened_at": ["2026-10-01"] * 3,
            "reason": ["damaged"] * 3,
            "goods_received": ["true"] * 3,
            "evidence_chat_log": [None, None, "true"],
        }
    )
    return rg.validate(rows).accepted_or_raise()


def test_a_ledger_in_gbk_marks_held_not_held_and_leaves_uncovered_unknown(tmp_path):
    ledger = tmp_path / "凭证台账.csv"
    ledger.write_bytes(
        "订单编号,凭证类型,文件名,日期\no1,快递破损证明,a.jpg,2026-10-02\no2,,,\n".encode("gbk")
    )

    attached, coverage = rg.evidence.attach_evidence(two_disputes(), rg.evidence.load_evidence(ledger))

    assert attached["evidence_carrier_receipt"].to_list() == [True, False, None]
    assert attached["evidence_chat_log"].to_list() == [False, False, True]
    assert (coverage.n_disputes, coverage.n_covered, coverage.unmatched_keys) == (3, 2, [])


def test_a_ledger_formula_saved_without_its_value_is_refused_not_read_as_holding_nothing(tmp_path):
    from test_readers import without_saved_formula_values, write_workbook

    ledger = tmp_path / "ledger.xlsx"
    write_workbook(
        ledger, {0: ["订单编号", "凭证类型"], 1: ["o1", '=IF(1,"聊天记录","")'], 2: ["o2", "发货底单"]}
    )
    without_saved_formula_values(ledger)

    inventory = rg.evidence.load_evidence(ledger)

    assert inventory.holdings["key"].to_list() == ["o2"]
    assert inventory.rejected["problem"].to_list() == [
        "'凭证类型' holds a formula saved without its value (the file was written by a program "
        "that does not calculate); open it in Excel or WPS and save it again"
    ]


def test_a_ledger_without_a_key_or_kind_column_is_refused_by_name(tmp_path):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("编号,说明\n1,x\n", encoding="utf-8")

    with pytest.raises(
        rg.UnreadableFileError,
        match=r"ledger.csv: an evidence ledger needs a key "
        r"column .* found 编号, 说明",
    ):
        rg.evidence.load_evidence(ledger)


def test_ids_stay_exact_and_an_excel_number_id_is_rejected_not_matched(tmp_path):
    import xlsxwriter

    path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["订单编号", "退款编号", "凭证类型"])
    sheet.write_row(1, 0, ["o1", None, "聊天记录"])
    sheet.write_row(2, 0, [None, 2025000000000015838, "发票"])
    book.close()

    inventory = rg.evidence.load_evidence(path)

    assert inventory.holdings["key"].to_list() == ["o1"]
    assert inventory.rejected.height == 1 and "lost digits" in inventory.rejected["problem"][0]


@pytest.fixture(scope="module")
def runs():
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        fitting = rg.FitOptions(method="logistic")  # what auto keeps here, fitted once
        return (rg.score(export, fitting=fitting), rg.score(export, evidence=EVIDENCE, fitting=fitting))


def test_the_inventory_raises_the_held_out_auc_to_near_the_truth(runs):
    without, with_evidence = runs
    truth = pl.read_csv(SAMPLE / "taobao_truth.csv", schema_overrides={"dispute_id": pl.String})
    past = with_evidence.scored.filter(pl.col("resolution") != "open").join(truth, on="dispute_id")
    best = rg.scoring.measure(rg.scoring.labels_of(past), past["p_negotiated_right"].to_numpy())

    # a sixth of the ledger's vouchers are dated after their dispute's decision moment and do
    # not count for past disputes, so the lift is smaller than all the vouchers would give
    assert with_evidence.quality.roc_auc >= without.quality.roc_auc + 0.02
    assert with_evidence.quality.roc_auc >= best.roc_auc - 0.02


def test_with_the_inventory_all_three_options_occur_and_without_it_evidence_is_called_unknown(runs):
    without, with_evidence = runs

    assert set(with_evidence.scored["recommendation"].cast(pl.String)) == {
        "refund_now",
        "negotiate",
        "escalate",
    }
    # the inventory began a third of the way in: two in three told, named by key or absent
    assert with_evidence.coverage.share > 0.6
    assert with_evidence.coverage.n_absent > 0.1 * with_evidence.scored.height  # kept nothing
    assert any(n.startswith("evidence is unknown for") and "--evidence" in n for n in without.notes)
    assert not any(n.startswith("evidence is unknown for") for n in with_evidence.notes)


def test_the_learned_chance_of_winning_a_ruling_matches_the_generator(runs):
    _, with_evidence = runs
    ruling = with_evidence.ruling
    levels = np.array([0.0, 0.5, 1.0])

    learned = ruling.probability(levels)

    assert ruling.source == "learned" and ruling.n_rulings > 300
    np.testing.assert_allclose(learned, win_chance(levels), atol=0.08)


def test_a_covered_dispute_keeps_the_voucher_its_export_shows(tmp_path):
    """A waybill in the export is a held delivery proof, whatever the ledger lists."""
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("退款编号,凭证类型\nd3,发票\n", encoding="utf-8")

    attached, _ = rg.evidence.attach_evidence(two_disputes(), rg.evidence.load_evidence(ledger))

    assert attached["evidence_chat_log"].to_list() == [None, None, True]
    assert attached["evidence_purchase_voucher"].to_list() == [None, None, True]


def test_evidence_covering_no_dispute_is_refused_naming_the_folder_probably_meant(tmp_path, capsys):
    from rightsguard._cli import main

    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    with pytest.raises(
        rg.UnreadableFileError,
        match=r"covers none of the 3,000 disputes.*such as "
        r"\d+\. Did you mean .*taobao_evidence\?",
    ):
        rg.score(export, evidence=SAMPLE)  # the folder above the evidence folder
    assert (
        main(
            [
                "score",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "--evidence",
                str(SAMPLE),
                "-o",
                str(tmp_path / "s.parquet"),
                "--lang",
                "zh",
            ]
        )
        == 2
    )
    told = capsys.readouterr().err
    assert "没有对上 3,000 条售后中的任何一条" in told and "Traceback" not in told
    assert not (tmp_path / "s.parquet").exists()


def test_evidence_covering_few_disputes_warns_how_few(tmp_path):
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "订单编号,凭证类型\n" + "".join(f"{o},聊天记录\n" for o in export["order_id"].head(30).to_list()),
        encoding="utf-8",
    )

    with pytest.warns(rg.ScoreTrustWarning, match=r"covers only 30 of 3,000 disputes \(1%\)"):
        run = rg.score(export, evidence=ledger, fitting=rg.FitOptions(method="logistic"))
    assert run.coverage.n_covered == 30


def test_taught_voucher_words_and_unrecognised_files_listed_by_order(tmp_path, capsys):
    from rightsguard._cli import main

    evidence = tmp_path / "evidence"
    for key, names in {"o1": ["微信截图1.png"], "o2": ["IMG_0231.jpg", "发货底单.jpg"]}.items():
        (evidence / key).mkdir(parents=True)
        for name in names:
            (evidence / key / name).write_bytes(b"")
    words = tmp_path / "words.toml"
    words.write_text('chat_log = "微信截图"\n', encoding="utf-8")
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    source = tmp_path / "export.parquet"
    export.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("o1"))
        .when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("o2"))
        .otherwise("order_id")
        .alias("order_id")
    ).write_parquet(source)
    out = tmp_path / "scored.parquet"

    assert (
        main(
            [
                "score",
                str(source),
                "--evidence",
                str(evidence),
                "--voucher-words",
                str(words),
                "-o",
                str(out),
                "--method",
                "logistic",
            ]
        )
        == 0
    )

    scored = pl.read_parquet(out)
    assert scored["evidence_chat_log"].head(2).to_list() == [True, False]
    listed = pl.read_csv(tmp_path / "scored_unrecognised.csv")
    assert listed.select("key", "name").rows() == [("o2", "IMG_0231.jpg")]
    assert "listed by order in" in capsys.readouterr().err
    words.write_text('chat_logs = "微信"\nchat_log = "[unclosed"\n', encoding="utf-8")
    assert (
        main(
            ["score", str(source), "--evidence", str(evidence), "--voucher-words", str(words), "-o", str(out)]
        )
        == 2
    )
    told = capsys.readouterr().err
    assert "chat_logs (not a voucher" in told and "not a regular expression" in told


def test_a_voucher_dated_after_a_past_disputes_decision_moment_does_not_count_for_it(tmp_path):
    """Evidence gathered once the outcome was in play would leak it; an open dispute counts
    what is held now."""
    disputes = rg.validate(
        pl.DataFrame(
            {
                "dispute_id": ["past", "open"],
                "order_id": ["o1", "o2"],
                "opened_at": ["2026-10-01 10:00:00"] * 2,
                "closed_at": ["2026-10-20", None],
                "reason": ["damaged"] * 2,
                "goods_received": ["true"] * 2,
                "outcome": ["platform_seller", None],
            }
        )
    ).accepted_or_raise()
    ledger = tmp_path / "ledger.csv"
    rows = "".join(
        f"{key},聊天记录,,{date}\n"
        for key, date in [("o1", "2026-10-03"), ("o1", "2026-10-09"), ("o2", "2026-10-09")]
    )
    ledger.write_text(
        "订单编号,凭证类型,文件名,日期\n"
        + rows.replace("o1,聊天记录,,2026-10-03", "o1,发货底单,,2026-10-03"),
        encoding="utf-8",
    )

    attached, coverage = rg.evidence.attach_evidence(disputes, rg.evidence.load_evidence(ledger))

    assert attached["evidence_delivery_proof"].to_list() == [True, False]  # within opening + 48 h
    assert attached["evidence_chat_log"].to_list() == [False, True]  # late for the past one only
    assert coverage.n_late == 1
    assert any(
        "1 ledger voucher(s) dated after their past dispute's decision moment (opening + "
        "48 h) were not counted" in line
        for line in coverage.describe()
    )
