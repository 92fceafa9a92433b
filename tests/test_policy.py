"""The three options priced by hand, the guard on escalation and the sweep."""

import polars as pl
import pytest

from rightsguard import DEFAULT_POLICY, Policy
from rightsguard.plan import threshold_sweep

FLAGS = (
    "listing_comparison",
    "carrier_receipt",
    "purchase_voucher",
    "packing_record",
    "delivery_proof",
    "signature_proof",
    "chat_log",
)


def decided(rows: list[tuple], policy: Policy = DEFAULT_POLICY, lang: str = "en") -> pl.DataFrame:
    """(amount, p_negotiated, p_win_ruling) rows of quality disputes with goods received, whose
    settlements refund half the amount (the share a scored frame carries)."""
    frame = pl.DataFrame(
        rows,
        schema={"amount": pl.Float64, "p_negotiated": pl.Float64, "p_win_ruling": pl.Float64},
        orient="row",
    )
    frame = frame.with_columns(
        pl.lit(0.5).alias("negotiated_refund_share"),
        pl.lit(None, pl.Float64).alias("paid_amount"),
        pl.lit("quality").alias("reason"),
        pl.lit(True).alias("goods_received"),
        pl.lit("negotiated").alias("resolution"),
        *(pl.lit(True).alias(f"evidence_{v}") for v in FLAGS),
    )
    return policy.decide(frame, lang=lang)


def test_expected_costs_match_the_hand_computed_ones():
    # amount 100, p 0.5, w 0.9: R = 105; E = 0.1 * 200 + 30 + 10 = 60;
    # N = 15 + 0.5 * 0.5 * 100 + 0.5 * min(60, 105) = 70
    result = decided([(100.0, 0.5, 0.9)])

    assert result.select("cost_refund_now", "cost_negotiate", "cost_escalate").row(0) == (105.0, 70.0, 60.0)
    assert result["recommendation"].to_list() == ["escalate"]
    assert result["expected_cost"].to_list() == [60.0]


def test_each_option_wins_where_its_money_is_lowest():
    # refund: p 0.1, w 0.2: R = 105 < N = 15 + 5 + 0.9 * 105 = 114.5 (E = 0.8 * 200 + 40 = 200)
    # negotiate: p 0.8, w 0.2: N = 15 + 40 + 0.2 * 105 = 76 < R = 105 < E = 200
    result = decided([(100.0, 0.1, 0.2), (100.0, 0.8, 0.2), (100.0, 0.5, 0.9)])

    assert result["cost_negotiate"].to_list()[:2] == [114.5, 76.0]
    assert result["recommendation"].cast(pl.String).to_list() == ["refund_now", "negotiate", "escalate"]


def test_escalation_needs_the_minimum_chance_of_winning_exactly():
    # no penalty, amount 1000, p 0.2: E = (1 - w) * 1000 + 40, N = 15 + 100 + 0.8 * E;
    # at w = 0.5 E = 540 < N = 547 and the guard is met; just below it, the guard refuses
    policy = Policy(ruling_against_penalty=0.0)

    result = decided([(1000.0, 0.2, 0.5), (1000.0, 0.2, 0.4999)], policy)

    assert result["cost_escalate"].to_list()[0] == 540.0
    assert result["cost_negotiate"].to_list()[0] == 547.0
    assert result["recommendation"].cast(pl.String).to_list() == ["escalate", "negotiate"]


def test_an_unpriced_dispute_stays_with_negotiation_and_says_why():
    result = decided([(None, 0.1, 0.9)])

    assert result["recommendation"].to_list() == ["negotiate"]
    assert result["next_step"].to_list() == [
        "negotiate: the amount is not recorded, so the options cannot be priced"
    ]


def test_refund_now_says_whether_the_amount_is_small_or_the_evidence_weak():
    # ¥5, every voucher held, w 0.9: R = 10 < N = 15 + ... and E = 0.1 * 200 + 40 = 60
    # ¥500, p 0.02, w 0.2: R = 505 < N = 15 + 5 + 0.98 * 505 = 514.9 (no escalating below the guard)
    result = decided([(5.0, 0.5, 0.9), (500.0, 0.02, 0.2)])
    chinese = decided([(5.0, 0.5, 0.9), (500.0, 0.02, 0.2)], lang="zh")

    assert result["recommendation"].cast(pl.String).to_list() == ["refund_now", "refund_now"]
    assert result["next_step"][0].startswith("refund now: the amount is small against the cost")
    assert result["next_step"][1].startswith(
        "refund now: the buyer will probably win a ruling and the evidence is weak"
    )
    assert chinese["next_step"][0].startswith("直接退款：金额小")
    assert chinese["next_step"][1].startswith("直接退款：客服裁决很可能支持买家且凭证不足")


def test_next_steps_name_vouchers_to_collect_and_to_check_in_both_languages():
    frame = decided([(100.0, 0.8, 0.2)]).with_columns(
        pl.lit(False).alias("evidence_purchase_voucher"), pl.lit(None, pl.Boolean).alias("evidence_chat_log")
    )

    english = DEFAULT_POLICY.decide(frame)["next_step"].item()
    chinese = DEFAULT_POLICY.decide(frame, lang="zh")["next_step"].item()

    assert english == (
        "negotiate: ask the buyer to revoke or agree; meanwhile collect purchase "
        "voucher; check whether you hold chat log (not in your records)"
    )
    assert chinese == (
        "协商：请买家撤销或达成一致；同时收集进货凭证/发票；请核实是否持有聊天记录（记录中没有）"
    )


def test_an_unknown_policy_parameter_is_named():
    with pytest.raises(
        ValueError, match="Policy has no parameter 'threshold'; it has ruling_against_penalty"
    ):
        DEFAULT_POLICY.with_value("threshold", 0.3)


def test_sweep_moves_disputes_between_options_as_counted_by_hand():
    frame = decided([(100.0, 0.5, 0.9), (100.0, 0.5, 0.7), (100.0, 0.1, 0.2)])
    # E for w 0.7: 0.3 * 200 + 40 = 100 < N = 15 + 25 + 0.5 * 100 = 90? no: N = 90 < E, so
    # the second negotiates at any guard; the first escalates while the guard is <= 0.9

    sweep = threshold_sweep(frame, values=[0.5, 0.9, 0.95])

    assert sweep["escalate"].to_list() == [1, 1, 0]
    assert sweep["negotiate"].to_list() == [1, 1, 2]
    assert sweep["refund_now"].to_list() == [1, 1, 1]
    assert sweep["escalated_but_negotiated"].to_list() == [1, 1, 0]
    assert sweep["expected_rulings_against"].to_list() == pytest.approx([0.1, 0.1, 0.0])


def test_sweep_over_a_cost_counts_every_dispute_once(sample_disputes, sample_scored):
    sweep = threshold_sweep(sample_scored, parameter="ruling_against_penalty")

    totals = sweep.select(pl.sum_horizontal("refund_now", "negotiate", "escalate")).to_series()
    assert totals.unique().to_list() == [sample_disputes.height]
    assert sweep["escalate"].to_list()[0] >= sweep["escalate"].to_list()[-1]


def test_after_a_failed_negotiation_the_guard_still_forbids_escalating():
    # amount 1000, p 0.02, w 0.4 < 0.5: R = 1005, E = 0.6 * 1100 + 40 = 700 but not allowed, so
    # N = 15 + 0.02 * 0.5 * 1000 + 0.98 * 1005 = 1009.9 > R: refund now (with min(E, R) it was 711)
    result = decided([(1000.0, 0.02, 0.4)])

    assert result["cost_negotiate"].to_list() == [1009.9]
    assert result["recommendation"].to_list() == ["refund_now"]


def test_ties_go_to_negotiate_then_refund_now_and_escalate_must_be_strictly_cheaper():
    # refund / negotiate: no negotiation handling, p 0, w 0 (no escalation): N = R = 105
    # escalate / negotiate: no negotiation handling, p 0, w 0.9: E = 0.1 * 200 + 40 = 60 = N
    # escalate / refund: p 0, w 0.75, escalation handling 45: E = 0.25 * 200 + 55 = 105 = R,
    # N = 15 + 105 = 120
    free = Policy(negotiation_handling=0.0)
    result = decided([(100.0, 0.0, 0.0), (100.0, 0.0, 0.9)], free)
    slow = decided([(100.0, 0.0, 0.75)], Policy(escalation_handling=45.0))

    assert result.select("cost_refund_now", "cost_negotiate").row(0) == (105.0, 105.0)
    assert result.select("cost_escalate", "cost_negotiate").row(1) == (60.0, 60.0)
    assert result["recommendation"].to_list() == ["negotiate", "negotiate"]
    assert slow.select("cost_escalate", "cost_refund_now").row(0) == (105.0, 105.0)
    assert slow["recommendation"].to_list() == ["refund_now"]


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"min_win_probability": 50}, r"min_win_probability=50 \(a share or probability in \[0, 1\]\)"),
        ({"ruling_against_penalty": -1.0}, r"ruling_against_penalty=-1.0 \(a cost ≥ 0 in CNY\)"),
        (
            {"negotiated_refund_share": float("nan"), "refund_handling": -5},
            r"2 value\(s\) out of range: refund_handling=-5 .*negotiated_refund_share=nan",
        ),
    ],
)
def test_a_policy_out_of_range_is_refused_naming_each_value(values, named):
    with pytest.raises(ValueError, match=named):
        Policy(**values)


def test_a_policy_file_sets_the_costs_of_score_and_report(tmp_path):
    from rightsguard._cli import main

    policy = tmp_path / "policy.toml"
    policy.write_text("ruling_against_penalty = 5000\nmin_win_probability = 0.9\n", encoding="utf-8")

    assert Policy.from_file(policy) == Policy(ruling_against_penalty=5000.0, min_win_probability=0.9)
    out = tmp_path / "scored.parquet"
    assert (
        main(
            [
                "score",
                "data/sample/disputes.csv",
                "-o",
                str(out),
                "--policy",
                str(policy),
                "--method",
                "logistic",
            ]
        )
        == 0
    )
    assert pl.read_parquet(out).filter(pl.col("recommendation") == "escalate").height == 0


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            "min_win_probability = 50\nrefund_handling = -5\n",
            r"2 value\(s\) out of range: refund_handling=-5.0 .*min_win_probability=50.0|"
            r"2 value\(s\) out of range: .*min_win_probability=50.0 .*refund_handling=-5.0",
        ),
        ("ruling_penalty = 100\n", r"unknown policy parameter\(s\) ruling_penalty; the parameters"),
        ('refund_handling = "five"\n', r"policy values must be numbers: refund_handling='five'"),
        ("refund_handling = \n", r"not a readable TOML policy file"),
    ],
)
def test_a_policy_file_with_a_wrong_value_is_refused_naming_it(tmp_path, capsys, text, told):
    from rightsguard._cli import main

    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")

    with pytest.raises(ValueError, match=rf"policy.toml: .*({told})"):
        Policy.from_file(policy)
    assert (
        main(
            ["score", "data/sample/disputes.csv", "-o", str(tmp_path / "s.parquet"), "--policy", str(policy)]
        )
        == 2
    )
    assert "Traceback" not in capsys.readouterr().err


def test_a_blank_refund_amount_is_priced_on_what_the_buyer_paid_and_the_step_says_so():
    # amount blank, paid 100, p 0.5, w 0.9: priced as amount 100 (R = 105, E = 60, N = 70)
    frame = (
        decided([(None, 0.5, 0.9), (None, 0.5, 0.9)])
        .drop(
            "cost_refund_now",
            "cost_negotiate",
            "cost_escalate",
            "recommendation",
            "expected_cost",
            "next_step",
        )
        .with_columns(pl.Series("paid_amount", [100.0, None]))
    )

    result = DEFAULT_POLICY.decide(frame, lang="zh")

    assert result.select("cost_refund_now", "cost_negotiate", "cost_escalate").row(0) == (105.0, 70.0, 60.0)
    assert result["next_step"][0].endswith("退款金额为空，按买家实际支付金额计算")
    assert result["recommendation"].to_list() == ["escalate", "negotiate"]  # neither: unpriced
    assert "买家实际支付金额" not in result["next_step"][1]
