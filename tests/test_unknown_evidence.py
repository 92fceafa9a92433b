"""Unknown is not missing: vouchers nobody recorded are priced by how often the shop holds them,
and vouchers gathered after the decision moment never reach a past dispute's features."""

import warnings
from datetime import timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rightsguard as rg
from rightsguard._schema import VOUCHERS
from rightsguard.decide._ruling import RulingChance, rulings_of
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.io._coverage import DECISION_WINDOW_HOURS
from rightsguard.scoring._held import MIN_KNOWN, PRIOR_HELD_RATE, HeldRates, expected_completeness

from conftest import SAMPLE

EXPORT = SAMPLE / "taobao_export_gbk.csv"
EVIDENCE = [SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"]


def scored_against_truth(absence: str) -> tuple[rg.ScoringRun, pl.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        evidence = rg.evidence.load_evidence(EVIDENCE, absence=absence)
        run = rg.score(EXPORT, evidence=evidence, fitting=rg.FitOptions(method="logistic"))
    truth = pl.read_csv(SAMPLE / "taobao_truth.csv", schema_overrides={"dispute_id": pl.String})
    return run, run.scored.join(
        truth.rename({"p_negotiated": "true_p", "p_win_ruling": "true_w"}), on="dispute_id"
    )


@pytest.fixture(scope="module")
def scored_with_truth():
    return scored_against_truth("ledger_period")


@pytest.fixture(scope="module")
def open_cases_unknown():
    """Absence taken as unknown: the sample's ledger otherwise tells every recent case, so no
    open case would have an unrecorded voucher."""
    return scored_against_truth("unknown")


def regret(scored: pl.DataFrame, recommendation: pl.Series, policy: rg.Policy) -> float:
    """Money lost against the oracle that knows the true chances, both priced at the truth."""
    truth = scored.with_columns(p_negotiated="true_p", p_win_ruling="true_w")
    costs = truth.select(**policy.costs())
    oracle = truth.select(policy.option()).to_series()

    def cost_of(option: pl.Series) -> np.ndarray:
        return (
            costs.select(pl.coalesce(pl.when(pl.lit(option) == o).then(pl.col(o)) for o in rg.OPTIONS))
            .to_series()
            .to_numpy()
        )

    return float((cost_of(recommendation) - cost_of(oracle)).sum())


def test_uncovered_disputes_chance_of_winning_is_the_generators_on_average(scored_with_truth):
    _, scored = scored_with_truth
    uncovered = scored.filter(pl.col("unknown_vouchers").list.len() > 0)

    assert uncovered.height > 600  # a third of the export has no inventory
    assert abs(uncovered["p_win_ruling"].mean() - uncovered["true_w"].mean()) < 0.05


def test_pricing_unknown_as_unknown_at_least_halves_the_regret_of_pricing_it_as_missing(scored_with_truth):
    run, scored = scored_with_truth
    required = dict(zip(VOUCHERS, run.model.rules.required_exprs()))
    none_held = HeldRates(tuple((v, 0.0, 0, "prior") for v in VOUCHERS))
    as_missing = scored.with_columns(expected_completeness(none_held, required, late=True))
    chance = RulingChance.from_rulings(rulings_of(as_missing))
    as_missing = as_missing.with_columns(
        pl.Series("p_win_ruling", chance.probability(as_missing["expected_completeness"].to_numpy()))
    )

    unknown_as_unknown = regret(scored, scored["recommendation"], run.policy)
    unknown_as_missing = regret(scored, as_missing.select(run.policy.option()).to_series(), run.policy)

    assert unknown_as_missing > 1000
    assert unknown_as_unknown <= 0.5 * unknown_as_missing


def test_held_rates_are_learned_from_covered_disputes_and_shrunk_toward_the_voucher():
    disputes = rg.validate(
        pl.DataFrame(
            {
                "dispute_id": [str(i) for i in range(60)],
                "opened_at": ["2026-10-01"] * 60,
                "reason": ["damaged"] * 40 + ["quality"] * 20,
                "goods_received": ["true"] * 60,
                "evidence_chat_log": ["true"] * 30 + ["false"] * 10 + ["true"] * 20,
                "evidence_carrier_receipt": ["true"] * 40 + [None] * 20,
                "evidence_purchase_voucher": [None] * 40 + ["false"] * 20,
            }
        )
    ).accepted_or_raise()
    required = dict(zip(VOUCHERS, rg.evidence.DEFAULT_RULES.required_exprs()))

    rates = HeldRates.learn(disputes, required)
    overall = {v: (rate, n, source) for v, rate, n, source in rates.overall}

    # chat_log: 50 of 60 held overall; damaged 30 of 40 → (30 + 20 * 50/60) / 60
    assert overall["chat_log"] == (pytest.approx(50 / 60), 60, "learned")
    cells = {(v, r): rate for v, r, _, rate in rates.cells}
    assert cells["chat_log", "damaged"] == pytest.approx((30 + 20 * 50 / 60) / 60)
    assert cells["chat_log", "quality"] == pytest.approx((20 + 20 * 50 / 60) / 40)
    # carrier_receipt is recorded for 40 damaged disputes, all held: learned
    assert overall["carrier_receipt"][:2] == (1.0, 40)
    # purchase_voucher is known for fewer than MIN_KNOWN disputes: the prior
    assert 20 < MIN_KNOWN and overall["purchase_voucher"] == (PRIOR_HELD_RATE, 20, "prior")


def test_a_source_that_records_only_held_vouchers_teaches_no_rate():
    # a refund export shows a waybill when there is one, never its absence
    disputes = rg.validate(
        pl.DataFrame(
            {
                "dispute_id": [str(i) for i in range(100)],
                "opened_at": ["2026-10-01"] * 100,
                "reason": ["not_received"] * 100,
                "goods_received": ["false"] * 100,
                "evidence_delivery_proof": ["true"] * 70 + [None] * 30,
            }
        )
    ).accepted_or_raise()

    rates = HeldRates.learn(disputes, dict(zip(VOUCHERS, rg.evidence.DEFAULT_RULES.required_exprs())))

    assert all(source == "prior" for *_, source in rates.overall)


@pytest.fixture(scope="module")
def ledger_case():
    disputes = rg.load_disputes(EXPORT)
    inventory = rg.evidence.load_evidence(SAMPLE / "taobao_evidence_ledger.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        model = rg.score(disputes, evidence=inventory, fitting=rg.FitOptions(method="logistic")).model
    chats = inventory.holdings.filter(pl.col("voucher") == "chat_log").select("key", "held_on")
    past = (
        disputes.filter(pl.col("resolution") != "open")
        .join(chats, left_on="dispute_id", right_on="key")
        .filter(
            pl.col("held_on") <= (pl.col("opened_at") + pl.duration(hours=DECISION_WINDOW_HOURS)).dt.date()
        )
    )
    return disputes, inventory, model, past["dispute_id"].unique().sort().to_list()


def features_with(disputes, inventory, model, dispute_id, holdings) -> pl.DataFrame:
    one = disputes.filter(pl.col("dispute_id") == dispute_id)
    attached, _ = rg.evidence.attach_evidence(
        one, rg.evidence.EvidenceInventory(holdings, inventory.unrecognised, inventory.rejected)
    )
    return model.features(attached)


def moved(holdings: pl.DataFrame, dispute_id: str, held_on) -> pl.DataFrame:
    return holdings.with_columns(
        pl.when((pl.col("key") == dispute_id) & (pl.col("voucher") == "chat_log"))
        .then(pl.lit(held_on))
        .otherwise(pl.col("held_on"))
        .alias("held_on")
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), days_late=st.integers(1, 400))
def test_moving_a_ledger_voucher_past_the_decision_moment_changes_no_negotiation_feature(
    ledger_case, pick, days_late
):
    disputes, inventory, model, candidates = ledger_case
    dispute_id = candidates[pick % len(candidates)]
    opened = disputes.filter(pl.col("dispute_id") == dispute_id)["opened_at"].item()
    decision_day = (opened + timedelta(hours=DECISION_WINDOW_HOURS)).date()
    not_held = inventory.holdings.with_columns(
        pl.when((pl.col("key") == dispute_id) & (pl.col("voucher") == "chat_log"))
        .then(pl.lit(None, pl.String))
        .otherwise(pl.col("voucher"))
        .alias("voucher")
    )

    in_time = features_with(
        disputes, inventory, model, dispute_id, moved(inventory.holdings, dispute_id, decision_day)
    )
    late = features_with(
        disputes,
        inventory,
        model,
        dispute_id,
        moved(inventory.holdings, dispute_id, decision_day + timedelta(days=days_late)),
    )
    never = features_with(disputes, inventory, model, dispute_id, not_held)

    assert in_time["chat_log=held"].item() == 1.0  # the voucher counts while it is in time
    assert late.equals(never)  # past the moment, as if it were not held: no feature moves


def test_a_voucher_gathered_late_counts_for_the_ruling_of_its_past_dispute(scored_with_truth):
    _, scored = scored_with_truth
    late_and_required = scored.filter(
        (pl.col("resolution") != "open")
        & (pl.col("unknown_vouchers").list.len() == 0)
        & (pl.col("late_vouchers").list.set_intersection(pl.col("missing_vouchers")).list.len() > 0)
    )

    assert late_and_required.height > 100
    # not held when it was decided, held by its ruling
    assert (late_and_required["expected_completeness"] > late_and_required["evidence_completeness"]).all()
    assert scored.filter(pl.col("resolution") == "open")["late_vouchers"].list.len().max() == 0


def test_what_pricing_unknown_as_unknown_saved_is_the_cost_it_avoided_by_its_own_prices(open_cases_unknown):
    """Each open case with an unrecorded voucher: the cost of the option it would have had with the
    vouchers taken as missing, minus the cost of its own option, both at the run's prices. Its own
    option is the cheapest at those prices, so the saving is never negative."""
    run, scored = open_cases_unknown
    unknown = scored.filter((pl.col("resolution") == "open") & (pl.col("unknown_vouchers").list.len() > 0))
    as_missing = unknown.with_columns(
        pl.Series("p_win_ruling", run.ruling.probability(unknown["evidence_completeness"].to_numpy()))
    )
    option = as_missing.select(run.policy.option()).to_series()
    costs = unknown.select(**run.policy.costs())
    missing_cost = costs.select(
        pl.coalesce(pl.when(pl.lit(option) == o).then(pl.col(o)) for o in rg.OPTIONS)
    ).to_series()
    by_hand = float((missing_cost - unknown["expected_cost"]).sum())

    effect = run.unknown_effect
    assert effect.n_open_unknown == unknown.height > 0
    assert (
        sum(effect.changes.values()) == int((option != unknown["recommendation"].cast(pl.String)).sum()) > 0
    )
    assert effect.saved == pytest.approx(by_hand) and effect.saved > 0


def test_a_voucher_known_too_rarely_keeps_the_prior_rate_in_every_cell():
    """A voucher recorded for fewer than MIN_KNOWN covered cases is on the prior: no reason or goods
    status gets a rate of its own from those few cases."""
    rows = 3 * MIN_KNOWN
    frame = pl.DataFrame(
        {
            "reason": ["damaged"] * rows,
            "goods_received": [True] * rows,
            **{f"evidence_{v}": [True] * rows for v in VOUCHERS},
        }
    ).with_columns(  # the carrier receipt is recorded for only a few of them
        pl.when(pl.int_range(pl.len()) < MIN_KNOWN - 1)
        .then(True)
        .otherwise(None)
        .alias("evidence_carrier_receipt")
    )
    rules = rg.evidence.DEFAULT_RULES
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    assert frame.select(required["carrier_receipt"].all()).item()

    rates = HeldRates.learn(frame, required)

    source = {v: s for v, _, _, s in rates.overall}
    assert source["carrier_receipt"] == "prior"
    assert not [cell for cell in rates.cells if cell[0] == "carrier_receipt"]
    assert frame.select(rates.rate("carrier_receipt")).to_series().unique().to_list() == [PRIOR_HELD_RATE]


def test_unknown_vouchers_that_changed_no_advice_claim_no_saving():
    """Unchanged advice costs the same at the run's prices: the sentence says nothing changed and
    shows no amount (it showed ¥-0, float dust of a zero)."""
    effect = UnknownEffect(n_open_unknown=51, saved=-1e-12)

    assert effect.describe("zh") == (
        "51 个待处理售后有凭证情况没有记录：每项凭证按店铺持有它的概率计算"
        "（从凭证清单覆盖的售后中学到），不当作缺失。这没有改变其中任何一个的建议"
    )
    assert "¥" not in effect.describe("en") and "none of their advice" in effect.describe("en")
