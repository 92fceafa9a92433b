"""Rulings against the shop per month, under the plan, always negotiating and as happened."""

from datetime import datetime, timedelta

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.decide._ruling_rate import DAYS_PER_MONTH, RulingRate


def disputes() -> pl.DataFrame:
    start = datetime(2026, 1, 1)
    return pl.DataFrame({
        "resolution": ["escalated", "negotiated", "negotiated", "open"],
        "outcome": ["platform_buyer", "agreed", "withdrawn", None],
        "recommendation": ["escalate", "negotiate", "refund_now", "escalate"],
        "amount": [1000.0, 100.0, 10.0, 500.0],
        "paid_amount": [None] * 4,
        "p_negotiated": [0.2, 0.5, 0.1, 0.0],
        "p_win_ruling": [0.7, 0.9, 0.2, 0.0],
        "opened_at": [start, start + timedelta(days=30), start + timedelta(days=61), start],
    })


def test_expected_rulings_match_the_hand_computed_ones():
    # d1 escalate: 1 - 0.7 = 0.3. d2 negotiate: a failed negotiation escalates (w 0.9 >= 0.5 and
    # E = 0.1 * 200 + 40 = 60 < R = 105): 0.5 * 0.1 = 0.05. d3 refund now: 0; negotiating it,
    # w 0.2 forbids escalating: 0. Always negotiating d1: E = 0.3 * 1100 + 40 < R: 0.8 * 0.3
    rate = RulingRate().add(disputes(), rg.Policy())

    assert rate.n_past == 3
    assert rate.under_plan == pytest.approx(0.35)
    assert rate.always_negotiating == pytest.approx(0.24 + 0.05)
    assert rate.as_happened == 1
    assert rate.months == pytest.approx(61 / DAYS_PER_MONTH)


def test_the_projected_rate_is_checked_against_the_shops_limit_in_both_languages():
    policy = rg.Policy(monthly_orders=100.0, dispute_rate_limit=0.001)
    rate = RulingRate().add(disputes(), policy)
    projected = 0.35 / (61 / DAYS_PER_MONTH) / 100

    english = rate.describe(policy, "en")
    chinese = rate.describe(policy, "zh")

    assert f"would be {projected:.3%} against the limit of 0.100%: OVER it" in english
    assert f"纠纷退款率约为 {projected:.3%}，上限 0.100%：超过上限" in chinese
    assert "orders a month" not in RulingRate().add(disputes(), rg.Policy()).describe(
        rg.Policy(), "en")


def test_batches_add_up_to_the_whole():
    whole = RulingRate().add(disputes(), rg.Policy())
    parts = RulingRate().add(disputes().head(2), rg.Policy()).add(disputes().tail(2), rg.Policy())

    assert (parts.under_plan, parts.always_negotiating, parts.as_happened, parts.months) == (
        pytest.approx(whole.under_plan), pytest.approx(whole.always_negotiating),
        whole.as_happened, pytest.approx(whole.months))


@pytest.mark.parametrize(("values", "named"), [
    ({"monthly_orders": -5.0}, "monthly_orders"), ({"dispute_rate_limit": 2.0}, "dispute_rate_limit")])
def test_the_shops_terms_are_validated(values, named):
    with pytest.raises(ValueError, match=named):
        rg.Policy(**values)
