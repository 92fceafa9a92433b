"""The plan replayed over past disputes: rulings against the shop per month and money, under the
plan, always negotiating and as happened."""

from datetime import datetime, timedelta

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.decide._backtest import DAYS_PER_MONTH, Backtest


def disputes() -> pl.DataFrame:
    start = datetime(2026, 1, 1)
    return pl.DataFrame(
        {
            "resolution": ["escalated", "negotiated", "negotiated", "open"],
            "outcome": ["platform_buyer", "agreed", "withdrawn", None],
            "recommendation": ["escalate", "negotiate", "refund_now", "escalate"],
            "amount": [1000.0, 100.0, 10.0, 500.0],
            "paid_amount": [None] * 4,
            "p_negotiated": [0.2, 0.5, 0.1, 0.0],
            "p_win_ruling": [0.7, 0.9, 0.2, 0.0],
            "opened_at": [start, start + timedelta(days=30), start + timedelta(days=61), start],
            "negotiated_refund_share": [0.5] * 4,
            "expected_cost": [370.0, 70.0, 15.0, 0.0],  # each recommendation's cost, by hand below
        }
    )


def test_expected_rulings_match_the_hand_computed_ones():
    # d1 escalate: 1 - 0.7 = 0.3. d2 negotiate: a failed negotiation escalates (w 0.9 >= 0.5 and
    # E = 0.1 * 200 + 40 = 60 < R = 105): 0.5 * 0.1 = 0.05. d3 refund now: 0; negotiating it,
    # w 0.2 forbids escalating: 0. Always negotiating d1: E = 0.3 * 1100 + 40 < R: 0.8 * 0.3
    rate = Backtest().add(disputes(), rg.Policy())

    assert rate.n_past == 3
    assert rate.under_plan == pytest.approx(0.35)
    assert rate.always_negotiating == pytest.approx(0.24 + 0.05)
    assert rate.as_happened == 1
    assert rate.months == pytest.approx(61 / DAYS_PER_MONTH)


def test_the_projected_rate_is_checked_against_the_shops_limit_in_both_languages():
    policy = rg.Policy(monthly_orders=100.0, dispute_rate_limit=0.001)
    rate = Backtest().add(disputes(), policy)
    projected = 0.35 / (61 / DAYS_PER_MONTH) / 100

    english = rate.describe(policy, "en")[1]
    chinese = rate.describe(policy, "zh")[1]

    assert f"would be {projected:.3%} against the limit of 0.100%: OVER it" in english
    assert f"纠纷退款率约为 {projected:.3%}，上限 0.100%：超过上限" in chinese
    assert "orders a month" not in Backtest().add(disputes(), rg.Policy()).describe(rg.Policy(), "en")[1]


def test_batches_add_up_to_the_whole():
    whole = Backtest().add(disputes(), rg.Policy())
    parts = Backtest().add(disputes().head(2), rg.Policy()).add(disputes().tail(2), rg.Policy())

    assert (parts.under_plan, parts.always_negotiating, parts.as_happened, parts.months) == (
        pytest.approx(whole.under_plan),
        pytest.approx(whole.always_negotiating),
        whole.as_happened,
        pytest.approx(whole.months),
    )


@pytest.mark.parametrize(
    ("values", "named"),
    [({"monthly_orders": -5.0}, "monthly_orders"), ({"dispute_rate_limit": 2.0}, "dispute_rate_limit")],
)
def test_the_shops_terms_are_validated(values, named):
    with pytest.raises(ValueError, match=named):
        rg.Policy(**values)


def test_the_money_matches_the_hand_computed_costs():
    # d1 (1000, p .2, w .7): E = 0.3 * 1100 + 40 = 370, N = 15 + 0.2 * 500 + 0.8 * 370 = 411;
    # d2 (100, p .5, w .9): N = 15 + 25 + 0.5 * 60 = 70; d3 (10, p .1, w .2): R = 15,
    # N = 15 + 0.1 * 5 + 0.9 * 15 = 29 (w < 0.5: a failed negotiation refunds).
    # What happened: d1 lost a ruling: 15 + 1000 + 40 + 100; d2 agreed: 15 + 100; d3 withdrew: 15
    table = Backtest().add(disputes(), rg.Policy()).table()

    assert table["cost"].to_list() == [370 + 70 + 15, 411 + 70 + 29, 1155 + 115 + 15]
    assert table["disputes"].to_list() == [3, 3, 3]
    assert table["cost_per_dispute"].to_list() == pytest.approx([455 / 3, 510 / 3, 1285 / 3], abs=0.01)


def test_a_run_backtests_its_past_disputes_and_says_it_is_no_proof(sample_scored):
    table = rg.backtest(sample_scored, lang="zh")
    past = sample_scored.filter(pl.col("resolution") != "open")

    assert table["strategy"].to_list() == ["按建议处理（预计）", "一律协商（预计）", "实际发生"]
    assert table["disputes"][0] == past.filter(pl.col("amount").is_not_null()).height
    assert table["cost"][0] < table["cost"][1]  # the plan is the cheapest by its own prices
    with pytest.raises(ValueError, match="pass the output of rg.score"):
        rg.backtest(past.select("dispute_id", "amount"))


def test_a_ruling_nobody_recorded_is_counted_but_left_out_of_the_money():
    unrecorded = pl.DataFrame(
        {
            "resolution": ["escalated"],
            "outcome": ["escalated_unknown"],
            "recommendation": ["escalate"],
            "amount": [800.0],
            "paid_amount": [None],
            "p_negotiated": [0.3],
            "p_win_ruling": [0.6],
            "opened_at": [datetime(2026, 2, 1)],
            "negotiated_refund_share": [0.5],
            "expected_cost": [400.0],
        }
    )

    known = Backtest().add(disputes(), rg.Policy())
    both = Backtest().add(pl.concat([disputes(), unrecorded], how="vertical_relaxed"), rg.Policy())

    assert both.n_past == known.n_past + 1
    assert both.n_priced == known.n_priced == 3
    assert (both.plan_cost, both.negotiating_cost, both.realised_cost) == (
        known.plan_cost,
        known.negotiating_cost,
        known.realised_cost,
    )
