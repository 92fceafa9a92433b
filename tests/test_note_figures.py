"""One figure of each of a run's notes, recomputed here from the scored disputes by the note's own
definition (docs/scoring.md), never read back from the code that wrote it."""

import warnings

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES

from conftest import SAMPLE

DAYS_PER_MONTH = 365.25 / 12
REALISED = ["withdrawn", "agreed", "platform_buyer", "platform_seller"]


@pytest.fixture(scope="module")
def run() -> rg.ScoringRun:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(SAMPLE / "disputes.csv", fitting=rg.FitOptions(method="logistic"))


def _note(run: rg.ScoringRun, start: str) -> str:
    found = [n for n in run.notes if n.startswith(start)]
    assert len(found) == 1, (start, run.notes)
    return found[0]


def test_the_backtest_note_sums_the_past_cases_expected_costs(run):
    past = run.scored.filter(pl.col("resolution") != "open")
    priced = past.filter(pl.col("amount").is_not_null() & pl.col("outcome").cast(pl.String).is_in(REALISED))

    said = _note(run, "backtest over")

    assert f"backtest over {past.height:,} past cases" in said
    assert f"following the plan would have cost ¥{priced['expected_cost'].sum():,.0f} expected" in said
    assert f"always negotiating ¥{priced['cost_negotiate'].sum():,.0f}" in said


def test_the_rulings_note_counts_rulings_for_the_buyer_per_month_of_past_cases(run):
    past = run.scored.filter(pl.col("resolution") != "open")
    months = (past["opened_at"].max() - past["opened_at"].min()).total_seconds() / 86_400 / DAYS_PER_MONTH
    happened = (past["outcome"].cast(pl.String) == "platform_buyer").sum() / months

    said = _note(run, "rulings for the buyer per month")

    assert f"({months:.1f} months)" in said and f"{happened:.1f} as happened" in said


def test_the_unknown_voucher_note_counts_the_open_cases_with_a_voucher_nobody_recorded(run):
    open_ = run.scored.filter(pl.col("resolution") == "open")
    unknown = open_.filter(pl.col("unknown_vouchers").list.len() > 0).height

    assert _note(run, f"{unknown:,} open case(s) have vouchers nobody recorded")


def test_the_stage_note_counts_the_open_cases_customer_service_has(run):
    open_ = run.scored.filter(pl.col("resolution") == "open")
    platform = open_.filter(pl.col("stage").cast(pl.String).is_in(PLATFORM_STAGES)).height

    assert _note(run, f"{platform:,} open cases are with customer service")


def test_the_costs_note_counts_the_settled_cases_its_refund_share_is_learned_from(run):
    settled = run.scored.filter(pl.col("outcome").cast(pl.String).is_in(["agreed", "withdrawn"])).height

    assert f"learned from the shop's {settled:,} settled cases" in _note(run, "costs (CNY)")


def test_the_held_rates_note_gives_each_vouchers_share_among_the_past_cases_that_record_it(run):
    """Learned from the closed cases whose every required voucher is recorded, among those that
    require it (the fit sees closed cases only)."""
    past = run.scored.filter(pl.col("resolution") != "open")
    told = past.filter(
        (pl.col("unknown_vouchers").list.len() == 0)
        & pl.col("required_vouchers").list.contains("listing_comparison")
    )
    rate = told["evidence_listing_comparison"].mean()

    said = _note(run, "how often the shop holds each voucher")

    assert f"listing comparison {rate:.0%} (" in said and f", n {told.height:,})" in said


def test_the_store_says_what_changed_since_its_last_run_as_the_exports_show_it(tmp_path):
    """New cases are those the third week's export shows first; closed, those the last run
    predicted that the third week shows closed, counted from the exports themselves."""
    weeks = [SAMPLE / "weekly" / n for n in ("退款报表_20260815.csv", "退款报表_20260822.csv")]
    third = SAMPLE / "weekly" / "退款报表_20260829.xlsx"
    store, fitting = tmp_path / "shop.duckdb", rg.FitOptions(method="logistic")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rg.store.ingest(weeks, store=store)
        first = rg.store.score_store(store, fitting=fitting)
        rg.store.ingest(third, store=store)
        second = rg.store.score_store(store, fitting=fitting)
        seen = pl.concat([rg.load_disputes(w).select("dispute_id") for w in weeks])
        shown = rg.load_disputes(third)
    predicted = rg.store.read_store("predictions", store).filter(pl.col("run_id") == first.origin.run_id)
    closed = predicted.join(shown.filter(pl.col("resolution") != "open"), on="dispute_id")
    new = shown.filter(~pl.col("dispute_id").is_in(seen["dispute_id"].implode())).height

    assert first.changes == ["the first run logged in this store: the next one will say what changed"]
    (said,) = second.changes
    assert f": {new:,} new cases; {closed.height:,} of the cases it predicted have closed" in said
    assert f"{(closed['resolution'] == 'negotiated').sum():,} of them by negotiation" in said
    assert f"against {closed['p_negotiated'].sum():.1f} predicted" in said

    stored = rg.store.read_store("disputes", store).filter(pl.col("outcome").is_not_null())
    cutoff = stored["opened_at"].sort()[int(0.8 * (stored.height - 1))]  # the latest fifth's first
    earlier = stored.filter(pl.col("opened_at") < cutoff).height
    by_time = [n for n in second.notes if n.startswith("validated by time")]
    assert by_time and f"fitted on the {earlier:,} closed cases opened before {cutoff:%Y-%m-%d}" in by_time[0]
    assert f"measured on the {stored.height - earlier:,} after" in by_time[0]

    newest = rg.store.read_store("runs", store).sort("made_at")["run_id"][-1]
    assert second.notes[-1] == f"logged as run {newest}: each open case's prediction is in the store"


def test_a_source_that_says_no_stage_is_told_the_cases_and_the_moment_time_open_counts_from():
    """With no stage said, open cases are scored by time open: the note counts the open cases,
    the closed ones of each kind with both moments known, and the data's newest moment."""
    unsaid = rg.load_disputes(SAMPLE / "disputes.csv").with_columns(
        pl.lit(None, rg.CANONICAL_SCHEMA["stage"]).alias("stage")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.score(unsaid, fitting=rg.FitOptions(method="logistic"))
    timed = unsaid.filter(pl.col("opened_at").is_not_null() & pl.col("closed_at").is_not_null())
    negotiated = (timed["resolution"] == "negotiated").sum()
    escalated = (timed["resolution"] == "escalated").sum()
    newest = max(unsaid["opened_at"].max(), unsaid["closed_at"].max())
    open_ = (unsaid["resolution"] == "open").sum()

    assert _note(run, f"the source does not say where {open_:,} open cases stand")
    said = _note(run, "open disputes whose stage is not known")
    assert f"as they stand on {newest:%Y-%m-%d %H:%M}" in said
    assert f"learned from how long {negotiated:,} negotiated and {escalated:,} escalated disputes" in said


def test_the_stages_note_counts_the_closed_cases_of_each_kind_some_export_showed_in_a_stage(tmp_path):
    """A store learns open cases' stages from its closed cases as the exports showed them: the note
    counts those of each kind that an export showed with a stage and an opening, from the exports
    themselves."""
    weeks = sorted((SAMPLE / "weekly").glob("退款报表_*"))[:4]
    store = tmp_path / "shop.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rg.store.ingest(weeks, store=store)
        run = rg.store.score_store(store, fitting=rg.FitOptions(method="logistic"))
        shown = pl.concat([rg.load_disputes(w).select("dispute_id", "stage", "opened_at") for w in weeks])
    staged = shown.filter(pl.col("stage").is_not_null() & pl.col("opened_at").is_not_null())["dispute_id"]
    closed = rg.store.read_store("disputes", store).filter(pl.col("outcome").is_not_null())
    counted = closed.filter(pl.col("dispute_id").is_in(staged.implode()))
    negotiated = counted["outcome"].cast(pl.String).is_in(["withdrawn", "agreed"]).sum()

    said = _note(run, "open cases are scored as they stand: in ")
    assert (
        f"from where {negotiated:,} negotiated and {counted.height - negotiated:,} escalated closed" in said
    )
