"""Open disputes are scored as they stand: a dispute open for weeks is not one just opened."""

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

from rightsguard._schema import PLATFORM_STAGES
from rightsguard.engine._aged import conditioned_on_where_it_stands
from rightsguard.scoring._features import FeatureLevels
from rightsguard.scoring._reasons import WHY
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
            "why": pl.Series([[CHANGED_MIND]] * len(p), dtype=WHY),
            "stage": pl.Series([None] * len(p), dtype=pl.String),
            "stage_since": pl.Series([None] * len(p), dtype=pl.Datetime("us")),
        }
    )


CHANGED_MIND = {"factor": "reason", "level": 0, "value": "changed_mind", "points": 33, "days": None}
"""The reason the explanation above says."""


def test_the_longer_a_dispute_stays_open_past_the_negotiations_the_lower_its_chance(fast_negotiations):
    moment = datetime(2026, 6, 1)
    scored = open_disputes([0.6, 0.6, 0.6], [0, 24, 96], moment)

    moved = conditioned_on_where_it_stands(scored, FeatureLevels(time_open=fast_negotiations), moment, "en")

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

    assert conditioned_on_where_it_stands(
        past, FeatureLevels(time_open=fast_negotiations), moment, "en"
    ).equals(past)
    assert not too_few.learned
    open_one = open_disputes([0.6], [96], moment)
    assert conditioned_on_where_it_stands(open_one, FeatureLevels(time_open=too_few), moment, "en").equals(
        open_one
    )


def test_on_one_export_cases_with_customer_service_score_their_truth_and_the_others_their_opening(
    sample_scored, truth
):
    """The generator's truth for an open dispute is its chance given its stage and age. One file
    shows no closed case's stages: a case with customer service is certain to end in a ruling, and
    the others keep their score at opening, whose bias is small; conditioning them on time open
    (as if they could be with customer service) would pull them far below their truth."""
    found = sample_scored.filter(pl.col("resolution") == "open").join(truth, on="dispute_id", suffix="_true")
    platform = pl.col("stage").cast(pl.String).is_in(PLATFORM_STAGES)
    ruled, others = found.filter(platform), found.filter(~platform)
    gap = others["p_negotiated"] - others["p_negotiated_true"]

    assert ruled.height >= 20 and others.height >= 20
    assert (ruled["p_negotiated"] == 0).all() and (ruled["p_negotiated_true"] == 0).all()
    assert gap.abs().mean() < 0.15 and abs(gap.mean()) < 0.05
    assert not others["explanation"].str.contains("still open after").any()


def test_the_data_moment_is_its_newest_opening_or_closing():
    frame = pl.DataFrame(
        {"opened_at": [START, START + timedelta(days=3)], "closed_at": [START + timedelta(days=5), None]}
    )

    assert data_moment(frame) == START + timedelta(days=5)
