"""What absence tells: a dated ledger covers its days, a folder of unnamed files stays unknown,
the rule can be switched off, and the chance of winning a ruling is averaged over what the
vouchers nobody recorded may be."""

import importlib.util
import warnings

import numpy as np
import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import VOUCHERS, evidence_column
from rightsguard.decide._ruling import RulingChance
from rightsguard.scoring._held import HeldRates, completeness_distribution, expected_completeness

from conftest import ROOT, SAMPLE

LEDGER_DAYS = ("2026-03-01", "2026-03-20")


def disputes() -> pl.DataFrame:
    """in_ledger has a row; no_row opened within the ledger's days; later opened after them;
    unnamed has only a file that names no voucher."""
    return rg.validate(
        pl.DataFrame(
            {
                "dispute_id": ["in_ledger", "no_row", "later", "unnamed"],
                "order_id": ["o1", "o2", "o3", "o4"],
                "opened_at": ["2026-03-05 10:00:00", "2026-03-10 10:00:00", "2026-04-30 10:00:00"]
                + ["2026-03-12 10:00:00"],
                "reason": ["damaged"] * 4,
                "goods_received": ["true"] * 4,
            }
        )
    ).accepted_or_raise()


@pytest.fixture
def evidence(tmp_path):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        f"订单编号,凭证类型,日期\no1,聊天记录,{LEDGER_DAYS[0]}\no1,发货底单,{LEDGER_DAYS[1]}\n",
        encoding="utf-8",
    )
    (tmp_path / "folder" / "o4").mkdir(parents=True)
    (tmp_path / "folder" / "o4" / "IMG_0231.jpg").write_bytes(b"")
    return [ledger, tmp_path / "folder"]


def flags(attached: pl.DataFrame, dispute: str) -> list[bool | None]:
    row = attached.filter(pl.col("dispute_id") == dispute)
    return [row[evidence_column(v)].item() for v in VOUCHERS]


def test_a_dispute_opened_within_a_dated_ledgers_days_with_no_row_holds_nothing(evidence):
    attached, coverage = rg.evidence.attach_evidence(disputes(), rg.evidence.load_evidence(evidence))

    assert flags(attached, "no_row") == [False] * len(VOUCHERS)
    assert flags(attached, "later") == [None] * len(VOUCHERS)  # outside the ledger's days
    assert flags(attached, "unnamed") == [None] * len(VOUCHERS)  # its files may be anything
    assert (coverage.n_covered, coverage.n_absent) == (1, 1)
    assert coverage.share == 0.5
    (said,) = [line for line in coverage.describe() if "no ledger row names" in line]
    assert said.startswith("1 dispute(s)") and "ledger.csv 2026-03-01–2026-03-20" in said
    assert "--absence=unknown" in said


def test_absence_taken_as_unknown_covers_only_what_a_key_names(evidence):
    attached, coverage = rg.evidence.attach_evidence(
        disputes(), rg.evidence.load_evidence(evidence, absence="unknown")
    )

    assert flags(attached, "no_row") == [None] * len(VOUCHERS)
    assert flags(attached, "in_ledger")[VOUCHERS.index("chat_log")] is True
    assert (coverage.n_covered, coverage.n_absent, coverage.ledger_periods) == (1, 0, ())
    assert not any("no ledger row names" in line for line in coverage.describe())


def test_a_ledger_without_dates_says_nothing_by_absence(tmp_path):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("订单编号,凭证类型\no1,聊天记录\n", encoding="utf-8")

    attached, coverage = rg.evidence.attach_evidence(disputes(), rg.evidence.load_evidence(ledger))

    assert flags(attached, "no_row") == [None] * len(VOUCHERS)
    assert coverage.n_absent == 0


def test_a_rule_of_absence_that_does_not_exist_is_refused(evidence):
    with pytest.raises(
        ValueError, match="absence='never' is not a rule of absence: .*ledger_period, unknown"
    ):
        rg.evidence.load_evidence(evidence, absence="never")


class _Handed(Exception):
    """Raised by a stand-in once it has seen what the command handed it."""


@pytest.mark.parametrize("given", [["--absence=unknown"], []])
def test_the_command_line_hands_the_rule_of_absence_to_one_off_and_store_runs(
    evidence, tmp_path, monkeypatch, given
):
    """Both paths a command scores by, with the rule as typed (the default when none is)."""
    from rightsguard._cli import main
    from rightsguard.io import _evidence
    from rightsguard.store import _runs

    seen = []

    def stand_in(*args, absence, **kwargs):
        seen.append(absence)
        raise _Handed

    monkeypatch.setattr(_evidence, "load_evidence", stand_in)
    monkeypatch.setattr(_runs, "score_store", stand_in)
    rg.store.ingest(SAMPLE / "weekly" / "退款报表_20260815.csv", store=tmp_path / "shop.duckdb")
    evidenced = ["--evidence", str(evidence[0]), *given]
    with pytest.raises(_Handed):
        main(["score", str(SAMPLE / "disputes.csv"), "-o", str(tmp_path / "a.parquet"), *evidenced])
    with pytest.raises(_Handed):
        main(["score", "--store", str(tmp_path / "shop.duckdb"), "-o", str(tmp_path / "b.csv"), *given])

    assert seen == ["unknown" if given else "ledger_period"] * 2
    with pytest.raises(SystemExit):
        main(["score", str(SAMPLE / "disputes.csv"), "-o", str(tmp_path / "c.csv"), "--absence", "never"])


def test_the_ruling_chance_averages_over_what_the_unrecorded_vouchers_may_be():
    """Two vouchers required, the waybill held, the chat log unrecorded and held seven times in
    ten: the chance is 0.3 of the chance at half the evidence plus 0.7 of that at all of it,
    not the chance at the expected completeness of 0.85."""
    required = {v: pl.lit(v in ("delivery_proof", "chat_log")) for v in VOUCHERS}
    rates = HeldRates(overall=tuple((v, 0.7 if v == "chat_log" else 0.5, 100, "learned") for v in VOUCHERS))
    frame = pl.DataFrame(
        {evidence_column(v): [True if v == "delivery_proof" else None] for v in VOUCHERS},
        schema={evidence_column(v): pl.Boolean for v in VOUCHERS},
    ).with_columns(reason=pl.lit("damaged"), goods_received=pl.lit(True))
    chance = RulingChance(intercept=-2.0, slope=4.0, source="learned", n_rulings=100)

    law = completeness_distribution(frame, rates, required)
    averaged = chance.averaged(law)[0]

    def sigmoid(x: float) -> float:
        return 1 / (1 + np.exp(-x))

    assert averaged == pytest.approx(0.3 * sigmoid(-2 + 4 * 0.5) + 0.7 * sigmoid(-2 + 4 * 1.0))
    plugged = frame.select(expected_completeness(rates, required)).item()
    assert plugged == pytest.approx(0.85)
    assert abs(averaged - sigmoid(-2 + 4 * plugged)) > 0.01
    low, high = chance.range_over(law)  # the chat log missing, and held
    assert (low[0], high[0]) == (pytest.approx(sigmoid(0.0)), pytest.approx(sigmoid(2.0)))


def test_a_voucher_gathered_late_and_held_already_counts_once():
    """A waybill the export shows, which the ledger also dates after the decision moment: the
    share a ruling saw is one voucher of one, never more."""
    required = {v: pl.lit(v == "delivery_proof") for v in VOUCHERS}
    frame = pl.DataFrame({evidence_column(v): [v == "delivery_proof"] for v in VOUCHERS}).with_columns(
        late_vouchers=pl.lit(["delivery_proof"]), reason=pl.lit("damaged"), goods_received=True
    )

    assert frame.select(expected_completeness(HeldRates(), required, late=True)).item() == 1.0
    law = completeness_distribution(frame, HeldRates(), required)
    assert law.recorded.tolist() == [1.0] and law.unsure.size == 0


@pytest.fixture(scope="module")
def sample_runs() -> dict[str, rg.ScoringRun]:
    """The sample export scored with its evidence under each rule of absence (logistic)."""
    script = _regret_script()
    runs = {}
    for absence in ("ledger_period", "unknown"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs[absence] = rg.score(
                SAMPLE / "taobao_export_gbk.csv",
                evidence=rg.evidence.load_evidence([script.FOLDER, script.LEDGER], absence=absence),
                fitting=rg.FitOptions(method="logistic"),
            )
    return runs


def _regret_script():
    spec = importlib.util.spec_from_file_location("ruling_regret", ROOT / "scripts" / "ruling_regret.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_rule_of_absence_lowers_the_regret_where_it_acts_and_in_all(sample_runs):
    """On the sample, where the shop kept nothing for a fifth of its disputes and its ledger lists
    only what is held, against the oracle that takes the cheapest option at the truth: the rule
    lowers the regret of the disputes with no row in the ledger's days (those it tells) at least
    threefold, of those in a folder, and of all. Disputes with a ledger row or no inventory are
    not touched by it: they differ through what is learned from the others, and for those with
    no inventory through the 50% guard, around which their chances sit (taken as unknown, the
    inflated held rates lift them over it, where escalating happens to pay in this world)."""
    script = _regret_script()
    regret = {}
    for absence, run in sample_runs.items():
        table = script.regret_by_coverage(run)
        regret[absence] = dict(zip(table["coverage"], table["regret (CNY)"]))
    told = sample_runs["ledger_period"]
    # the run's own chances are averaged where vouchers are unrecorded: past rulings too, since
    # the ruling chance was learned from those whose vouchers were all recorded
    unknown = told.scored.filter(pl.col("unknown_vouchers").list.len() > 0)
    required = dict(zip(VOUCHERS, rg.evidence.DEFAULT_RULES.required_exprs()))
    law = completeness_distribution(unknown, told.model.levels_.held_rates, required)
    assert unknown.height > 500 and told.ruling.n_left_out > 100 and law.unsure.size == unknown.height
    np.testing.assert_allclose(unknown["p_win_ruling"], told.ruling.averaged(law))

    # where the guard falls within how low and how high the chance may be, the next step says why
    low, high, guard = pl.col("p_win_ruling_low"), pl.col("p_win_ruling_high"), 0.5
    near = told.scored.filter((low < guard) & (high >= guard) & (pl.col("stage") == "closed"))
    turns = near.filter(pl.col("unknown_vouchers").list.len() > 0)
    close = near.filter(pl.col("unknown_vouchers").list.len() == 0)
    assert turns.height > 100 and close.height > 10
    case = turns.row(0, named=True)
    assert (
        f"the chance of winning runs from {round(case['p_win_ruling_low'] * 100)}% (none of them held) "
        f"to {round(case['p_win_ruling_high'] * 100)}% (all of them), and escalating needs 50%"
    ) in case["next_step"]
    case = close.row(0, named=True)
    assert (
        f"the chance of winning a ruling, {round(case['p_win_ruling'] * 100)}% (95% interval "
        f"{round(case['p_win_ruling_low'] * 100)}% to {round(case['p_win_ruling_high'] * 100)}%), is too "
        "close to the 50% escalating needs to tell"
    ) in case["next_step"]
    far = told.scored.filter((low >= guard) | (high < guard))
    assert not far["next_step"].str.contains("turns on the vouchers|too close to the").any()
    assert told.scored.select(
        ((low <= pl.col("p_win_ruling")) & (pl.col("p_win_ruling") <= high)).all()
    ).item()

    rule, as_unknown = regret["ledger_period"], regret["unknown"]
    assert 3 * rule["no row in the ledger's dates"] < as_unknown["no row in the ledger's dates"]
    assert rule["folder"] < as_unknown["folder"]
    assert sum(rule.values()) < sum(as_unknown.values())


def test_learning_the_ruling_chance_from_recorded_rulings_lowers_the_regret_of_every_group(sample_runs):
    """The same run decided again with the chance fitted on every ruling at its expected share
    (regression calibration) loses at least as much in every coverage group, and more in all."""
    script, run = _regret_script(), sample_runs["ledger_period"]

    at_expectation = script.at_expected_shares(run)

    recorded = dict(script.regret_by_coverage(run).select("coverage", "regret (CNY)").iter_rows())
    expected = dict(script.regret_by_coverage(at_expectation).select("coverage", "regret (CNY)").iter_rows())
    assert run.ruling.n_left_out > 100
    assert (at_expectation.scored["p_win_ruling"] - run.scored["p_win_ruling"]).abs().max() > 0.001
    for group, lost in recorded.items():
        assert lost <= expected[group], (group, lost, expected[group])
    assert sum(recorded.values()) < sum(expected.values())


def test_held_rates_come_with_their_n_and_a_95_percent_interval():
    """Wilson's interval for 50 held of 100 is 0.4038 to 0.5962; a prior has none, and the
    analyst's note names each learned rate with both."""
    from rightsguard.engine._run_notes import held_rates_note

    rates = HeldRates(
        overall=tuple((v, 0.5, 100, "learned") if v == "chat_log" else (v, 0.5, 3, "prior") for v in VOUCHERS)
    )
    described = rates.describe().filter(pl.col("voucher") == "chat_log")
    assert described["low"].item() == pytest.approx(0.4038, abs=1e-4)
    assert described["high"].item() == pytest.approx(0.5962, abs=1e-4)
    assert rates.describe()["low"].null_count() == len(VOUCHERS) - 1
    assert "chat log 50% (40% to 60%, n 100); any other voucher: a prior of 50%" in held_rates_note(
        rates, "en"
    )
    assert "聊天记录 50%（40% 至 60%，100 个）" in held_rates_note(rates, "zh")
    assert held_rates_note(HeldRates(), "en") is None
