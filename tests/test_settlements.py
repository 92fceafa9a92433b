"""The share of the amount a negotiated settlement refunds, learned from the shop's own disputes."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.sample._generate import NEGOTIATED_REFUND_SHARE, generate_disputes
from rightsguard.scoring._settlements import DEFAULT_REFUND_SHARE, MIN_SETTLEMENTS, RefundShares


def test_the_learned_share_is_the_generators_for_every_reason_with_100_settlements():
    disputes = generate_disputes(20_000, seed=11, evidence="inventory").disputes
    settled = disputes.filter(pl.col("resolution") == "negotiated")

    learned = settled.with_columns(RefundShares.learn(disputes).share()).group_by(
        pl.col("reason").cast(pl.String)).agg(pl.len(), pl.col("negotiated_refund_share").mean())
    checked = learned.filter(pl.col("len") >= 100).with_columns(
        truth=pl.col("reason").replace_strict(NEGOTIATED_REFUND_SHARE, return_dtype=pl.Float64))

    assert checked.height >= 10
    assert (checked["negotiated_refund_share"] - checked["truth"]).abs().max() < 0.05


def test_few_settlements_fall_back_to_the_default_and_say_so():
    disputes = generate_disputes(200, seed=3).disputes.filter(
        pl.col("resolution") != "negotiated").vstack(
        generate_disputes(200, seed=3).disputes.filter(pl.col("resolution") == "negotiated")
        .head(MIN_SETTLEMENTS - 1))

    shares = RefundShares.learn(disputes)

    assert (shares.source, shares.overall, shares.cells) == ("default", DEFAULT_REFUND_SHARE, ())
    assert "default: fewer than 30 settled cases" in rg.Policy().describe(shares)


def test_a_share_set_in_the_policy_overrides_the_learned_one(sample_scored):
    past = sample_scored.filter(pl.col("resolution") != "open")
    set_share = rg.Policy(negotiated_refund_share=0.0)

    learned_cost = past.select(rg.Policy().costs()["negotiate"]).to_series()
    set_cost = past.select(set_share.costs()["negotiate"]).to_series()

    assert past["negotiated_refund_share"].min() > 0.1
    assert (set_cost < learned_cost).all()  # no refund in a settlement: negotiating is cheaper
    assert "(set)" in set_share.describe(RefundShares(0.6, 500))


def test_the_sample_runs_note_names_each_cost_and_where_it_came_from():
    import warnings

    from conftest import SAMPLE

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        run = rg.score(SAMPLE / "taobao_export_gbk.csv", policy=rg.Policy(refund_handling=8.0),
                       lang="zh")

    note = next(n for n in run.notes if n.startswith("成本"))
    assert "直接退款 8（已设定）" in note and "协商 15（默认）" in note
    assert f"从店铺 {run.model.levels_.refund_shares.n_settlements:,} 个协商解决的售后" in note
    assert run.model.levels_.refund_shares.n_settlements > 1000


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_zero_and_one_is_refused(share):
    with pytest.raises(ValueError, match="negotiated_refund_share"):
        rg.Policy(negotiated_refund_share=share)
