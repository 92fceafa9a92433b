"""The negotiate-or-escalate policy and its threshold sweep."""

import polars as pl
import pytest

from rightsguard import DEFAULT_POLICY, Policy, threshold_sweep


def decided(p: list[float], completeness: list[float], policy: Policy = DEFAULT_POLICY) -> pl.DataFrame:
    n = len(p)
    frame = pl.DataFrame({
        "p_negotiated": p, "evidence_completeness": completeness,
        "present_vouchers": [["delivery_proof"]] * n, "missing_vouchers": [[]] * n,
        "unknown_vouchers": [[]] * n,
        "resolution": ["negotiated"] * n,
    }, schema_overrides={c: pl.List(pl.String) for c in
                         ("present_vouchers", "missing_vouchers", "unknown_vouchers")})
    return frame.with_columns(policy.recommend())


def test_negotiate_first_unless_unlikely_and_evidence_complete():
    result = decided([0.9, 0.2, 0.2, 0.34, 0.36], [1.0, 1.0, 0.5, 1.0, 1.0])

    assert result["recommendation"].to_list() == [
        "negotiate", "escalate", "negotiate", "escalate", "negotiate"]


def test_escalating_must_also_be_cheaper():
    # with complete evidence w = 0.85: E = 0.15 * 5 + 0.5 = 1.25, N = (1 - p) * 2.25
    lenient = Policy(negotiation_threshold=0.9)

    result = decided([0.40, 0.50], [1.0, 1.0], lenient)

    assert result["recommendation"].to_list() == ["escalate", "negotiate"]


def test_weak_evidence_makes_the_missing_vouchers_the_next_step():
    frame = decided([0.1], [0.0]).with_columns(
        pl.Series("missing_vouchers", [["signature_proof"]]),
        pl.Series("unknown_vouchers", [["chat_log"]]),
    ).with_columns(DEFAULT_POLICY.recommend())

    assert frame["recommendation"].to_list() == ["negotiate"]
    assert frame["next_step"].to_list() == [
        "negotiation is unlikely but evidence is too weak to escalate: collect signature_proof, "
        "chat_log first, and keep talking to the buyer"]


def test_sweep_counts_escalations_and_expected_rulings_by_hand():
    frame = decided([0.1, 0.3, 0.6, 0.2], [1.0, 1.0, 1.0, 0.5])

    sweep = threshold_sweep(frame, thresholds=[0.05, 0.2, 0.35, 0.9])

    assert sweep["escalations"].to_list() == [0, 1, 2, 2]
    assert sweep["expected_rulings_against"].to_list() == pytest.approx([0.0, 0.15, 0.30, 0.30])
    assert sweep["expected_negotiations_forgone"].to_list() == pytest.approx([0.0, 0.1, 0.4, 0.4])
    assert sweep["escalated_but_negotiated"].to_list() == [0, 1, 2, 2]


def test_sweep_on_scored_sample_never_escalates_less_as_the_threshold_rises(sample_disputes):
    from rightsguard import score

    sweep = threshold_sweep(score(sample_disputes))

    assert sweep["escalations"].is_sorted()
    assert sweep["threshold"].to_list()[0] == 0.05 and sweep.height == 19
