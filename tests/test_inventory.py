"""The shop's evidence inventory: ledgers, folders, coverage, and what it changes."""

import warnings

import numpy as np
import polars as pl
import pytest
from sklearn.linear_model import LogisticRegression

import rightsguard as rg
from rightsguard.decide._ruling import _stratified_folds, past_ruling_chances
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

    attached, coverage = rg.attach_evidence(two_disputes(), rg.load_evidence(ledger))

    assert attached["evidence_carrier_receipt"].to_list() == [True, False, None]
    assert attached["evidence_chat_log"].to_list() == [False, False, True]
    assert (coverage.n_disputes, coverage.n_covered, coverage.unmatched_keys) == (3, 2, [])


def test_a_folder_classifies_files_and_lists_what_it_cannot(tmp_path):
    for key, names in {"d1": ["聊天记录截图.png", "IMG_0001.jpg"], "o9": ["waybill.pdf"]}.items():
        (tmp_path / key).mkdir()
        for name in names:
            (tmp_path / key / name).write_bytes(b"")
    (tmp_path / "d2").mkdir()

    inventory = rg.load_evidence(tmp_path)
    attached, coverage = rg.attach_evidence(two_disputes(), inventory)

    assert inventory.holdings.filter(pl.col("key") == "d1")["voucher"].to_list() == ["chat_log"]
    assert inventory.unrecognised["name"].to_list() == ["IMG_0001.jpg"]
    assert attached["evidence_chat_log"].to_list() == [True, False, True]
    assert coverage.unmatched_keys == ["o9"]
    told = coverage.describe()
    assert "1 inventory key(s) match no dispute: o9" in told
    assert any("d1/IMG_0001.jpg" in line for line in told)
    assert "3 voucher(s) carry no date (folder files): counted as held from their dispute's opening" in told


@pytest.mark.parametrize(
    ("name", "voucher"),
    [
        ("第三方签收底单.jpg", "carrier_receipt"),
        ("快递底单.jpg", "delivery_proof"),
        ("买家签收截图.png", "signature_proof"),
        ("旺旺聊天记录.png", "chat_log"),
    ],
)
def test_voucher_names_a_seller_writes_are_read_as_what_they_are(tmp_path, name, voucher):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / name).write_bytes(b"")

    assert rg.load_evidence(tmp_path).holdings["voucher"].to_list() == [voucher]


def test_a_folder_of_files_whose_names_say_nothing_leaves_its_vouchers_unknown(tmp_path):
    """IMG_0231.jpg may be any voucher: its dispute is not told it holds nothing."""
    folders = {"d1": ["IMG_0231.jpg", "微信图片_20261001.jpg"], "d2": ["IMG_7.jpg", "聊天记录.png"]}
    for key, names in folders.items():
        (tmp_path / key).mkdir()
        for name in names:
            (tmp_path / key / name).write_bytes(b"")

    attached, coverage = rg.attach_evidence(two_disputes(), rg.load_evidence(tmp_path))

    assert attached["evidence_delivery_proof"].to_list() == [None, False, None]
    assert attached["evidence_chat_log"].to_list() == [None, True, True]
    assert coverage.n_covered == 1 and coverage.unmatched_keys == []
    assert attached["unrecognised_files"].to_list() == [
        ["IMG_0231.jpg", "微信图片_20261001.jpg"],
        ["IMG_7.jpg"],
        [],
    ]


def test_the_next_step_names_the_files_to_check_in_both_languages(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "IMG_0231.jpg").write_bytes(b"")
    attached, _ = rg.attach_evidence(two_disputes(), rg.load_evidence(tmp_path))
    priced = attached.with_columns(
        *rg.audit_evidence(attached).select(
            "required_vouchers",
            "present_vouchers",
            "missing_vouchers",
            "unknown_vouchers",
            "evidence_completeness",
        )
    ).with_columns(
        amount=pl.lit(100.0),
        paid_amount=pl.lit(None, pl.Float64),
        p_negotiated=pl.lit(0.5),
        p_win_ruling=pl.lit(0.5),
        negotiated_refund_share=pl.lit(0.5),
    )

    steps = {
        lang: rg.DEFAULT_POLICY.decide(priced, lang=lang)["next_step"].to_list() for lang in ("en", "zh")
    }

    assert steps["en"][0].endswith("; check these files, whose names say no voucher: IMG_0231.jpg")
    assert steps["zh"][0].endswith("；请查看这些文件（文件名看不出是哪种凭证）：IMG_0231.jpg")
    assert "IMG" not in steps["en"][1] + steps["en"][2]


def test_reading_a_folder_never_leaves_it_and_names_each_link_not_followed(tmp_path):
    root, outside = tmp_path / "evidence", tmp_path / "elsewhere"
    (outside / "etc").mkdir(parents=True)
    (outside / "etc" / "Xmessage").write_bytes(b"")
    (outside / "passwd").write_bytes(b"")
    (root / "d1").mkdir(parents=True)
    (root / "d1" / "发货底单.jpg").write_bytes(b"")
    (root / "d1" / "聊天记录.png").symlink_to(outside / "passwd")
    (root / "d1" / "gone.jpg").symlink_to(outside / "missing")
    (root / "d1" / "loop").symlink_to(root / "d1")
    (root / "d2").symlink_to(outside / "etc")
    (root / "d3").symlink_to(root / "d3")  # leads back to itself: reading it raised ELOOP
    (root / "d1" / "self.jpg").symlink_to(root / "d1" / "self.jpg")

    inventory = rg.load_evidence(root)
    attached, coverage = rg.attach_evidence(two_disputes(), inventory)

    assert inventory.holdings.select("key", "voucher").rows() == [("d1", "delivery_proof")]
    assert inventory.unrecognised.height == 0
    assert sorted(inventory.rejected["problem"].to_list()) == [
        "d1/gone.jpg: a broken link",
        "d1/loop: a link to a folder, not followed",
        "d1/self.jpg: a link that leads back to itself, not followed",
        "d1/聊天记录.png: a link leading out of the evidence folder, not followed",
        "d2: a link leading out of the evidence folder, not followed",
        "d3: a link that leads back to itself, not followed",
    ]
    assert attached["evidence_chat_log"].to_list() == [False, None, True]
    assert coverage.n_covered == 1
    (told,) = [line for line in coverage.describe("zh") if "无法读取" in line]  # said in Chinese
    first = inventory.rejected["problem"][0].split(": ")[0]
    phrases = (
        "指向文件夹的链接，未读取",
        "失效的链接",
        "指向自身的循环链接，未读取",
        "指向凭证文件夹之外的链接，未读取",
    )
    assert any(told == f"6 行台账或凭证文件无法读取：{first}: {phrase}" for phrase in phrases), told


def test_file_names_that_are_not_utf8_are_read_as_gb18030_or_reported_as_they_are(tmp_path):
    import os

    key = os.fsencode(tmp_path / "d1")
    os.mkdir(key)
    for raw in ("聊天记录.png".encode("gbk"), b"\xff\xfe.jpg"):
        with open(os.path.join(key, raw), "wb"):
            pass

    inventory = rg.load_evidence(tmp_path)

    assert inventory.holdings.select("key", "voucher", "file").rows() == [("d1", "chat_log", "聊天记录.png")]
    assert inventory.unrecognised["name"].to_list() == ["\\xff\\xfe.jpg"]


def test_a_ledger_formula_saved_without_its_value_is_refused_not_read_as_holding_nothing(tmp_path):
    from test_readers import without_saved_formula_values, write_workbook

    ledger = tmp_path / "ledger.xlsx"
    write_workbook(
        ledger, {0: ["订单编号", "凭证类型"], 1: ["o1", '=IF(1,"聊天记录","")'], 2: ["o2", "发货底单"]}
    )
    without_saved_formula_values(ledger)

    inventory = rg.load_evidence(ledger)

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
        rg.load_evidence(ledger)


def test_ids_stay_exact_and_an_excel_number_id_is_rejected_not_matched(tmp_path):
    import xlsxwriter

    path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["订单编号", "退款编号", "凭证类型"])
    sheet.write_row(1, 0, ["o1", None, "聊天记录"])
    sheet.write_row(2, 0, [None, 2025000000000015838, "发票"])
    book.close()

    inventory = rg.load_evidence(path)

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
    best = rg.measure(rg.labels_of(past), past["p_negotiated_right"].to_numpy())

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


def test_too_few_rulings_fall_back_to_the_documented_prior(sample_disputes):
    audited = rg.audit_evidence(sample_disputes.head(60))

    chance = rg.RulingChance.fit(audited)

    assert chance.source == "prior"
    assert chance.describe().startswith(
        "chance of winning a ruling: 10% with no required evidence, 85% with all of it (a prior"
    )


def test_the_ruling_chance_is_scikit_learns_logistic_regression_fitted_out_of_fold():
    rng = np.random.default_rng(3)
    completeness = rng.choice([0.0, 1 / 3, 2 / 3, 1.0], 4000)
    won = rng.random(4000) < 1 / (1 + np.exp(-(-1.5 + 3 * completeness)))
    rulings = pl.DataFrame(
        {"dispute_id": [str(i) for i in range(4000)], "completeness": completeness, "won": won}
    )

    chance = rg.RulingChance.from_rulings(rulings)
    heldout = past_ruling_chances(rulings, n_splits=5, random_state=0)

    reference = LogisticRegression(C=10.0, tol=1e-10, max_iter=1000)
    fitted = reference.fit(completeness[:, None], won)
    assert chance.intercept == pytest.approx(fitted.intercept_[0], abs=1e-6)
    assert chance.slope == pytest.approx(fitted.coef_[0, 0], abs=1e-6)
    folds = _stratified_folds(won, 5, 0)
    assert np.ptp(np.bincount(folds[won])) <= 1 and np.ptp(np.bincount(folds[~won])) <= 1
    for k in range(5):
        others = reference.fit(completeness[folds != k, None], won[folds != k])
        np.testing.assert_allclose(
            heldout[folds == k], others.predict_proba(completeness[folds == k, None])[:, 1], atol=1e-6
        )


def test_the_ruling_chance_needs_enough_rulings_on_each_side_not_on_either():
    """Many rulings won and few lost (or the reverse) are not enough to learn from."""

    def rulings(won: int, lost: int) -> pl.DataFrame:
        return pl.DataFrame(
            {"completeness": np.linspace(0, 1, won + lost), "won": [True] * won + [False] * lost}
        )

    assert rg.RulingChance.from_rulings(rulings(200, 14)).source == "prior"
    assert rg.RulingChance.from_rulings(rulings(14, 200)).source == "prior"
    assert rg.RulingChance.from_rulings(rulings(15, 15)).source == "learned"


def test_a_covered_dispute_keeps_the_voucher_its_export_shows(tmp_path):
    """A waybill in the export is a held delivery proof, whatever the ledger lists."""
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("退款编号,凭证类型\nd3,发票\n", encoding="utf-8")

    attached, _ = rg.attach_evidence(two_disputes(), rg.load_evidence(ledger))

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

    attached, coverage = rg.attach_evidence(disputes, rg.load_evidence(ledger))

    assert attached["evidence_delivery_proof"].to_list() == [True, False]  # within opening + 48 h
    assert attached["evidence_chat_log"].to_list() == [False, True]  # late for the past one only
    assert coverage.n_late == 1
    assert any(
        "1 ledger voucher(s) dated after their past dispute's decision moment (opening + "
        "48 h) were not counted" in line
        for line in coverage.describe()
    )
