"""Open disputes are scored as they stand: a dispute open for weeks is not one just opened."""

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

from rightsguard.engine._aged import conditioned_on_time_open
from rightsguard.scoring._time_open import MIN_CLOSED, TimeOpen, data_moment

START = datetime(2026, 1, 1)


def closed(hours: list[float], outcome: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "opened_at": [START] * len(hours),
            "closed_at": [START + timedelta(hours=h) for h in hours],
            "outcome": [outcome] * len(hours),
        }
    )


@pytest.fixture(scope="module")
def fast_negotiations() -> TimeOpen:
    """Negotiations close within two days, rulings after five to ten."""
    return TimeOpen.learn(
        pl.concat(
            [
                closed(list(np.linspace(1, 47, 40)), "agreed"),
                closed(list(np.linspace(120, 240, 40)), "platform_buyer"),
            ]
        )
    )


def open_disputes(p: list[float], hours_open: list[float], moment: datetime) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "opened_at": [moment - timedelta(hours=h) for h in hours_open],
            "resolution": ["open"] * len(p),
            "p_negotiated": p,
            "explanation": ["raised by: reason changed mind (+33 pts)"] * len(p),
        }
    )


def test_the_longer_a_dispute_stays_open_past_the_negotiations_the_lower_its_chance(fast_negotiations):
    moment = datetime(2026, 6, 1)
    scored = open_disputes([0.6, 0.6, 0.6], [0, 24, 96], moment)

    moved = conditioned_on_time_open(scored, fast_negotiations, moment, "en")

    p = moved["p_negotiated"].to_list()
    assert p[0] == pytest.approx(0.6, abs=0.01)  # just opened: nothing learned yet
    assert p[2] < p[1] < 0.6 and p[2] < 0.05  # past every negotiation seen, few remain
    assert moved["explanation"][2].startswith(
        "raised by: reason changed mind (+33 pts); still open after 4 days ("
    )
    assert moved["explanation"][0] == scored["explanation"][0]


def test_past_disputes_and_too_few_closures_keep_the_score_at_opening(fast_negotiations):
    moment = datetime(2026, 6, 1)
    past = open_disputes([0.6], [96], moment).with_columns(pl.lit("negotiated").alias("resolution"))
    too_few = TimeOpen.learn(
        pl.concat([closed([5.0] * (MIN_CLOSED - 1), "agreed"), closed([200.0] * 40, "platform_seller")])
    )

    assert conditioned_on_time_open(past, fast_negotiations, moment, "en").equals(past)
    assert not too_few.learned
    open_one = open_disputes([0.6], [96], moment)
    assert conditioned_on_time_open(open_one, too_few, moment, "en").equals(open_one)


def test_open_sample_disputes_score_close_to_their_chance_given_they_are_still_open(sample_scored, truth):
    """The generator's truth for an open dispute is its chance given how long it has been open;
    the score at opening would overstate it for the slow ones."""
    found = sample_scored.filter(pl.col("resolution") == "open").join(truth, on="dispute_id", suffix="_true")
    error = (found["p_negotiated"] - found["p_negotiated_true"]).abs().mean()
    bias = (found["p_negotiated"] - found["p_negotiated_true"]).mean()

    assert found.height >= 40
    assert error < 0.05 and abs(bias) < 0.03


def test_the_data_moment_is_its_newest_opening_or_closing():
    frame = pl.DataFrame(
        {"opened_at": [START, START + timedelta(days=3)], "closed_at": [START + timedelta(days=5), None]}
    )

    assert data_moment(frame) == START + timedelta(days=5)
