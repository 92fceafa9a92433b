"""The share of the amount a negotiated settlement refunds, learned from the shop's own disputes."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.sample._files import taobao_export
from rightsguard.sample._generate import NEGOTIATED_REFUND_SHARE, generate_disputes
from rightsguard.scoring._settlements import (
    DEFAULT_REFUND_SHARE,
    MIN_OFFER_SETTLEMENTS,
    MIN_SETTLEMENTS,
    RefundShares,
)


def test_the_learned_share_is_the_generators_for_every_reason_with_100_settlements():
    sample = generate_disputes(20_000, seed=11, evidence="inventory")
    # as the export shows them: an agreement's 买家退款金额 is the part of the amount it refunded
    disputes = rg.load_disputes(taobao_export(sample.disputes, 12, sample.truth["refund_fraction"]))
    settled = disputes.filter(pl.col("resolution") == "negotiated")

    learned = (
        settled.with_columns(RefundShares.learn(disputes).share())
        .group_by(pl.col("reason").cast(pl.String))
        .agg(pl.len(), pl.col("negotiated_refund_share").mean())
    )
    checked = learned.filter(pl.col("len") >= 100).with_columns(
        truth=pl.col("reason").replace_strict(NEGOTIATED_REFUND_SHARE, return_dtype=pl.Float64)
    )

    off = checked["negotiated_refund_share"] - checked["truth"]
    assert checked.height >= 10
    # a buyer who asked for part of the payment and settled for part of that: the ask is no
    # longer shown, so that share is read of what was paid, a little low
    assert off.abs().max() < 0.06 and abs(off.mean()) < 0.02


def test_an_agreement_the_export_calls_full_refunded_all_that_was_asked_whatever_was_paid():
    """Without 部分退款/全部退款, a buyer who asked for part of the payment and got all of it looks
    like a partial agreement, and the learned share falls well below the truth."""
    sample = generate_disputes(20_000, seed=11, evidence="inventory")
    disputes = rg.load_disputes(taobao_export(sample.disputes, 12, sample.truth["refund_fraction"]))
    settled = disputes.filter(pl.col("resolution") == "negotiated")
    truth = settled.select(pl.col("reason").cast(pl.String).replace_strict(NEGOTIATED_REFUND_SHARE)).mean()

    def learned(frame: pl.DataFrame) -> float:
        return settled.select(RefundShares.learn(frame).share()).mean().item()

    told, untold = learned(disputes), learned(disputes.drop("refund_scope"))
    assert abs(told - truth.item()) < 0.02 < truth.item() - untold


def test_few_settlements_fall_back_to_the_default_and_say_so():
    disputes = (
        generate_disputes(200, seed=3)
        .disputes.filter(pl.col("resolution") != "negotiated")
        .vstack(
            generate_disputes(200, seed=3)
            .disputes.filter(pl.col("resolution") == "negotiated")
            .head(MIN_SETTLEMENTS - 1)
        )
    )

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
        run = rg.score(
            SAMPLE / "taobao_export_gbk.csv",
            policy=rg.Policy(refund_handling=8.0),
            lang="zh",
            fitting=rg.FitOptions(method="logistic"),
        )

    note = next(n for n in run.notes if n.startswith("成本"))
    assert "直接退款 8（已设定）" in note and "协商 15（默认）" in note
    assert f"从店铺 {run.model.levels_.refund_shares.n_settlements:,} 个协商解决的售后" in note
    assert run.model.levels_.refund_shares.n_settlements > 1000


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_zero_and_one_is_refused(share):
    with pytest.raises(ValueError, match="negotiated_refund_share"):
        rg.Policy(negotiated_refund_share=share)


def settled_cases(n_partial: int) -> pl.DataFrame:
    """Agreements of one kind (quality, goods received, ¥100 paid): n_partial refunding ¥40-¥60,
    ten refunding everything, and ten withdrawals."""
    n = n_partial + 20
    return rg.validate(
        pl.DataFrame(
            {
                "dispute_id": [str(i) for i in range(n + 1)],
                "opened_at": ["2026-10-01"] * (n + 1),
                "reason": ["quality"] * (n + 1),
                "goods_received": ["true"] * (n + 1),
                "paid_amount": ["100"] * (n + 1),
                "amount": [str(40 + 20 * i / max(n_partial - 1, 1)) for i in range(n_partial)] + ["100"] * 21,
                "outcome": ["agreed"] * (n_partial + 10) + ["withdrawn"] * 10 + [None],
            }
        )
    ).accepted_or_raise()


def test_an_offer_is_the_median_partial_refund_of_enough_similar_agreements():
    cases = settled_cases(21)
    shares = RefundShares.learn(cases)

    offered = cases.with_columns(shares.offer()).tail(1)  # the open one, asking ¥100

    assert offered["suggested_offer"].item() == 50.0 and offered["offer_settlements"].item() == 21
    # 21 agreements refunding 50% on average, 10 refunding all, 10 withdrawals
    assert shares.overall == pytest.approx((21 * 0.5 + 10) / 41)


def test_no_offer_rests_on_fewer_than_twenty_partial_agreements():
    shares = RefundShares.learn(settled_cases(MIN_OFFER_SETTLEMENTS - 1))

    offered = settled_cases(MIN_OFFER_SETTLEMENTS - 1).with_columns(shares.offer())

    assert shares.offers == () and offered["suggested_offer"].null_count() == offered.height


def test_the_plan_suggests_the_offer_where_it_negotiates(scored_offers):
    with_offer = scored_offers.filter(
        pl.col("suggested_offer").is_not_null() & (pl.col("recommendation") == "negotiate")
    )

    assert with_offer.height > 10
    assert with_offer["next_step"].str.contains(r"可提出部分退款约 ¥\d+（依据 \d+ 个类似售后）").all()
    # the sample's partial refunds are 40% to 80% of what was paid; never more than is asked
    ratio = with_offer.select(pl.col("suggested_offer") / pl.coalesce("paid_amount", "amount")).to_series()
    capped = with_offer["suggested_offer"] == with_offer["amount"].round(0)
    assert (ratio.is_between(0.45, 0.75) | capped).all()
    assert (with_offer["suggested_offer"] <= with_offer["amount"].round(0)).all()
    others = scored_offers.filter(pl.col("recommendation") != "negotiate")
    assert not others["next_step"].str.contains("部分退款").any()


@pytest.fixture(scope="module")
def scored_offers():
    import warnings

    from conftest import SAMPLE

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        return rg.score(
            SAMPLE / "taobao_export_gbk.csv", lang="zh", fitting=rg.FitOptions(method="logistic")
        ).scored


def test_offers_rest_only_on_agreements_the_export_calls_partial():
    """Agreements of ¥40-¥60 out of ¥100 paid that the export calls 全部退款 granted a partial ask
    in full: no offer rests on them, and each refunded all that was asked."""
    cases = settled_cases(21).with_columns(refund_scope=pl.lit("全部退款"))

    shares = RefundShares.learn(cases)

    assert shares.offers == ()
    assert shares.overall == pytest.approx(31 / 41)  # 31 agreements refunding all, 10 withdrawals
    said = pl.Series(["部分退款"] * 21 + ["全部退款"] * 10 + [None] * 11, dtype=pl.String)
    partial = RefundShares.learn(settled_cases(21).with_columns(said.alias("refund_scope")))
    assert partial.offers[0][3:] == (0.5, 21)
