"""The track record against a known truth: predictions that are the true chances show no
drift, however fast or slow each kind of outcome comes in."""

import re
from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

from rightsguard.scoring._quality import calibration_noise, measure
from rightsguard.store._connect import open_store
from rightsguard.store._track import DRIFT_MARGIN, MIN_FOR_ALARM, track_record

PRIOR = 0.6
"""The true share of cases that end by negotiation."""
NEGOTIATED_DAYS, ESCALATED_DAYS = 4.0, 20.0
"""Mean days open: agreements come fast, rulings slow (exponential durations)."""


def _true_chance(age_days: np.ndarray) -> np.ndarray:
    """P(negotiated | still open at this age), by Bayes on the two survival curves."""
    negotiated = PRIOR * np.exp(-age_days / NEGOTIATED_DAYS)
    return negotiated / (negotiated + (1 - PRIOR) * np.exp(-age_days / ESCALATED_DAYS))


def _world(seed: int = 3, cases: int = 4000, weeks: int = 30):
    """Cases opened over the weeks, outcomes and closing days drawn; a weekly run predicts
    every case open at its moment with the true chance given its age."""
    rng = np.random.default_rng(seed)
    opened = rng.uniform(0, 7 * (weeks - 8), cases)
    negotiated = rng.random(cases) < PRIOR
    closed = opened + rng.exponential(np.where(negotiated, NEGOTIATED_DAYS, ESCALATED_DAYS))
    seen = np.ceil(closed / 7) * 7  # the first weekly export that shows the close
    start = datetime(2026, 1, 1)

    def day(days: np.ndarray) -> pl.Series:
        return pl.Series((days * 86_400e6).astype(np.int64)).cast(pl.Duration("us")) + start

    disputes = pl.DataFrame(
        {
            "dispute_id": [f"d{i}" for i in range(cases)],
            "opened_at": day(opened),
            "outcome": np.where(negotiated, "agreed", "platform_buyer"),
            "seen": day(seen),
        }
    )
    runs, predictions = [], []
    for week in range(1, weeks + 1):
        moment = 7.0 * week
        open_then = (opened <= moment) & (closed > moment)
        run_id = f"run{week:02d}"
        runs.append((run_id, start + timedelta(days=moment), int(open_then.sum())))
        predictions.append(
            pl.DataFrame(
                {
                    "run_id": run_id,
                    "dispute_id": disputes["dispute_id"].filter(open_then),
                    "p_negotiated": _true_chance(moment - opened[open_then]),
                }
            )
        )
    return disputes, runs, pl.concat(predictions)


def _store(
    path, disputes: pl.DataFrame, runs, predictions: pl.DataFrame, heldout_error: float = 0.03
) -> None:
    with open_store(path, create=True) as store:
        con = store.connection
        store.put(disputes, "world")
        store.put(predictions, "made")
        con.execute(
            "INSERT INTO models (model_id, fitted_at, method, n_train, calibration_error) "
            "VALUES ('m', now(), 'logistic', 1000, ?)",
            [heldout_error],
        )
        con.execute(
            "INSERT INTO disputes (dispute_id, opened_at, outcome, first_seen, last_seen, "
            "state_moment, export_id) SELECT dispute_id, opened_at, outcome, opened_at, "
            "seen, seen, 1 FROM world"
        )
        con.execute(
            "INSERT INTO status_history (dispute_id, state, status, first_seen, export_id) "
            "SELECT dispute_id, outcome, outcome, seen, 1 FROM world"
        )
        con.executemany(
            "INSERT INTO runs (run_id, made_at, as_of, model_id, n_open) VALUES (?, ?, ?, 'm', ?)",
            [(r, moment, moment, n) for r, moment, n in runs],
        )
        con.execute(
            "INSERT INTO predictions (run_id, dispute_id, made_at, model_id, p_negotiated, "
            "recommendation) SELECT run_id, dispute_id, now(), 'm', p_negotiated, "
            "'negotiate' FROM made"
        )


def test_predictions_that_are_the_truth_show_no_drift_and_calibration_within_chance(tmp_path):
    disputes, runs, predictions = _world()
    _store(tmp_path / "truth.duckdb", disputes, runs, predictions)

    record = track_record(tmp_path / "truth.duckdb")

    p = record.predictions["p_negotiated"].to_numpy()
    assert record.predictions.height > 2000
    assert not record.drift
    assert record.quality.calibration_error <= calibration_noise(p)


def test_a_few_true_predictions_that_look_miscalibrated_by_chance_raise_no_alarm(tmp_path):
    """A model that was near perfectly calibrated held out, and a short track record of the true
    chances: its calibration error passes the held-out error and the margin, but only as far as
    chance alone would take it."""
    disputes, runs, predictions = _world(seed=5, cases=70, weeks=12)
    _store(tmp_path / "few.duckdb", disputes, runs, predictions, heldout_error=0.0)

    record = track_record(tmp_path / "few.duckdb")

    assert record.quality.n >= MIN_FOR_ALARM
    assert record.quality.calibration_error > record.heldout_calibration_error + DRIFT_MARGIN
    assert not record.drift


def test_counting_each_cases_last_prediction_before_its_close_would_have_raised_the_alarm():
    """Why the record counts per run: choosing each case's last prediction picks by how fast
    it closed, and so by its outcome; on the same true chances it looks drifted."""
    disputes, runs, predictions = _world()
    moments = pl.DataFrame({"run_id": [r for r, _, _ in runs], "as_of": [m for _, m, _ in runs]})
    last = (
        predictions.join(moments, on="run_id")
        .sort("as_of")
        .group_by("dispute_id")
        .last()
        .join(disputes, on="dispute_id")
    )

    quality = measure((last["outcome"] == "agreed").to_numpy().astype(int), last["p_negotiated"].to_numpy())

    assert quality.calibration_error > 0.03 + 0.05  # the alarm's margin over the held-out error
    assert quality.calibration_error > calibration_noise(last["p_negotiated"].to_numpy())


def test_a_refund_made_at_once_is_charged_the_refunds_handling_not_a_negotiations():
    from rightsguard.decide._policy import Policy
    from rightsguard.store._track import _money

    predictions = pl.DataFrame(
        {
            "decision": ["refund_now", "negotiate"],
            "recommendation": ["refund_now", "refund_now"],
            "expected_cost": [105.0, 105.0],
            "outcome": ["agreed", "agreed"],
            "amount": [100.0, 100.0],
            "paid_amount": [100.0, 100.0],
        }
    )
    policy = Policy(refund_handling=5, negotiation_handling=15)

    money = _money(predictions, policy)

    realised = dict(zip(money["followed"], money["realised"]))
    assert realised == {True: 100 + 5, False: 100 + 15}


def _settled(rates: list[float], n: int = 400, seed: int = 1) -> pl.DataFrame:
    """Predictions of 0.5 in settled runs a week apart, each run's cases negotiated at its rate."""
    rng = np.random.default_rng(seed)
    return pl.concat(
        pl.DataFrame(
            {
                "as_of": datetime(2026, 1, 1) + timedelta(days=7 * k),
                "p_negotiated": np.full(n, 0.5),
                "outcome": np.where(rng.random(n) < rate, "agreed", "platform_buyer"),
            }
        )
        for k, rate in enumerate(rates)
    )


@pytest.fixture(scope="module")
def a_run(sample_disputes):
    import warnings

    import rightsguard as rg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(sample_disputes, fitting=rg.FitOptions(method="logistic"))


@pytest.mark.parametrize(
    ("rates", "applied", "said"),
    [
        ([0.8, 0.8, 0.8], True, "checked first on the newest settled run's 400 cases"),
        ([0.8, 0.8, 0.2], False, "not applied: on the newest settled run's 400 cases"),
        ([0.8], False, "can be checked only on a settled run it was not fitted on"),
    ],
    ids=["it helps", "it would harm the newest run", "nothing to check it on"],
)
def test_recalibration_is_applied_only_when_it_helps_cases_it_was_not_fitted_on(a_run, rates, applied, said):
    from rightsguard.decide._policy import DEFAULT_POLICY
    from rightsguard.decide._unknown import UnknownEffect
    from rightsguard.store._runs import _recalibrated
    from rightsguard.store._track import TrackRecord

    predictions = _settled(rates)
    quality = measure(
        (predictions["outcome"] == "agreed").to_numpy().astype(int), predictions["p_negotiated"]
    )
    record = TrackRecord(quality, None, 0.0, True, pl.DataFrame(), predictions)

    run, line, told = _recalibrated(a_run, record, True, DEFAULT_POLICY, "en")

    (note,) = told("en")  # said in the language asked, from the figures counted once
    assert told("zh") != told("en")

    assert (line is not None) == applied and said in note
    newest = predictions.filter(pl.col("as_of") == pl.col("as_of").max()).height
    assert re.search(rf"(?<![\d,]){newest:,} cases", note)  # checked, refused or untested: on those cases
    moved = (run.scored["p_negotiated"] - a_run.scored["p_negotiated"]).abs().max()
    assert (moved > 0.05) == applied
    counted = UnknownEffect().add(run.scored, run.ruling, DEFAULT_POLICY)
    assert (run.unknown_effect.changes, run.unknown_effect.saved) == (counted.changes, counted.saved)
    assert counted.describe("en") in run.notes
