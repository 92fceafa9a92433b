"""Behaviours pinned exactly at their boundaries, each by a test that fails when it is broken."""

import string

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard.io._taobao import is_taobao_export

from conftest import SAMPLE


def test_a_tie_between_escalating_and_negotiating_stays_with_negotiation():
    # no handling cost, no penalty: E = 0.1 * 100 + 40 = 50 and N = p * 50 + (1 - p) * 50 = 50
    policy = rg.Policy(negotiation_handling=0.0, ruling_against_penalty=0.0)
    frame = pl.DataFrame(
        {
            "amount": [100.0],
            "p_negotiated": [0.3],
            "p_win_ruling": [0.9],
            "negotiated_refund_share": [0.5],
            "paid_amount": [None],
        }
    )

    result = frame.with_columns(
        policy.option().alias("option"), **{f"cost_{k}": v for k, v in policy.costs().items()}
    )

    assert result.select("cost_escalate", "cost_negotiate").row(0) == (50.0, 50.0)
    assert result["option"].to_list() == ["negotiate"]


def test_a_dispute_that_requires_no_voucher_has_complete_evidence():
    rules = rg.evidence.EvidenceRules.from_frame(
        pl.DataFrame(
            {
                "goods_received": [True],
                "reason": ["damaged"],
                "voucher": ["carrier_receipt"],
                "provider": ["seller"],
            }
        )
    )
    frame = pl.DataFrame(
        {
            "reason": ["quality", "damaged"],
            "goods_received": [True, True],
            **{f"evidence_{v}": [None, None] for v in rg.VOUCHERS},
        },
        schema_overrides={f"evidence_{v}": pl.Boolean for v in rg.VOUCHERS},
    )

    audited = rg.evidence.audit_evidence(frame, rules)

    assert audited["required_vouchers"].to_list() == [[], ["carrier_receipt"]]
    assert audited["evidence_completeness"].to_list() == [1.0, 0.0]


@pytest.mark.parametrize("text", ["\tcmd", "\rcmd"])
def test_tab_and_carriage_return_starts_are_neutralised(tmp_path, text):
    path = rg.write_table(pl.DataFrame({"t": [text]}), tmp_path / "t.csv")

    assert pl.read_csv(path, infer_schema=False)["t"].to_list() == ["'" + text]


def test_csv_output_starts_with_a_byte_order_mark_for_excel(tmp_path):
    path = rg.write_table(pl.DataFrame({"原因": ["质量问题"]}), tmp_path / "t.csv")

    assert path.read_bytes() == "\ufeff原因\n质量问题\n".encode("utf-8")


def test_a_zero_amount_is_accepted_and_a_negative_one_is_not():
    frame = pl.DataFrame(
        {
            "dispute_id": ["a", "b"],
            "opened_at": ["2026-01-01"] * 2,
            "reason": ["quality"] * 2,
            "amount": ["0", "-0.01"],
        }
    )

    result = rg.validate(frame)

    assert result.accepted["amount"].to_list() == [0.0]
    assert result.rejected["problems"].to_list() == [["amount: negative value (-0.01)"]]


@pytest.mark.parametrize(
    ("status", "refund", "outcome"),
    [
        ("支持买家", "退款成功", "platform_buyer"),
        ("支持卖家", "退款关闭", "platform_seller"),
        ("支持买家", "", "platform_buyer"),
        ("支持卖家", "", "platform_seller"),
        ("客服已经介入", "退款成功", "platform_buyer"),
        ("不需客服介入", "退款关闭", "withdrawn"),
        ("不需客服介入", "退款成功", "agreed"),
        ("不需客服介入", "等待卖家同意", None),
    ],
)
def test_each_intervention_state_gives_its_outcome(status, refund, outcome):
    raw = pl.DataFrame(
        {
            "退款编号": ["1"],
            "退款的申请时间": ["2026-01-01"],
            "买家退款原因": ["质量问题"],
            "客服介入状态": [status],
            "退款状态": [refund],
        }
    )

    loaded = rg.load_disputes(raw)

    assert loaded["outcome"].cast(pl.String).to_list() == [outcome]


def test_two_signature_headers_are_enough_to_recognise_a_refund_report():
    assert is_taobao_export(["退款编号", "退款的申请时间", "something else"])
    assert not is_taobao_export(["退款编号", "something else"])


def test_the_calibration_error_is_the_mean_absolute_gap():
    y = np.array([1] * 50 + [0] * 50 + [1] * 10 + [0] * 90)
    p = np.array([0.3] * 100 + [0.3] * 100)  # bin gaps of +0.2 and -0.2 cancel if signed

    quality = rg.scoring.measure(y, p, bins=2)

    assert quality.calibration["gap"].to_list() == pytest.approx([0.2, -0.2])
    assert quality.calibration_error == pytest.approx(0.2)


def test_no_explanation_ends_in_a_dangling_list(sample_scored):
    explanations = sample_scored["explanation"]

    assert not explanations.str.contains(r"(by: ?$|; $|, $)").any()
    assert explanations.str.contains("raised by: ").any() and explanations.str.contains("lowered by: ").any()


def test_the_summary_counts_only_open_disputes_as_open(sample_disputes, sample_scored):
    figures = dict(rg.summarise(sample_scored).figures.select("figure", "value").iter_rows())

    assert figures["still open"] == f"{(sample_disputes['resolution'] == 'open').sum():,}"
    options = [
        int(figures[f"open disputes to {o}"].replace(",", ""))
        for o in ("refund now", "negotiate", "escalate")
    ]
    assert sum(options) == (sample_disputes["resolution"] == "open").sum()


def test_the_sample_export_loads_its_zero_second_reply_as_a_feature():
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")

    assert export["instant_response"].null_count() == 0 and export["instant_response"].any()


def _fields(template: str) -> list[str | None]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


def test_every_sentence_exists_in_both_languages_with_the_same_fields():
    from rightsguard._vocabulary import TEXT

    assert set(TEXT["en"]) == set(TEXT["zh"])
    for key, english in TEXT["en"].items():
        assert sorted(_fields(english)) == sorted(_fields(TEXT["zh"][key])), key


def test_every_name_and_phrase_exists_in_both_languages():
    from rightsguard._vocabulary import PHRASES, VALUES

    assert set(VALUES["en"]) == set(VALUES["zh"])
    assert all(VALUES["zh"][k].strip() for k in VALUES["zh"])
    assert set(PHRASES["en"]) == set(PHRASES["zh"])
    for key, english in PHRASES["en"].items():
        chinese = PHRASES["zh"][key]
        assert len(english) == len(chinese), key
        assert [sorted(_fields(p)) for p in english] == [sorted(_fields(p)) for p in chinese], key
