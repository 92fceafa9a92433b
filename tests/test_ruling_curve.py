"""The chance of winning a ruling never falls as evidence rises: a shop whose rulings ignore
evidence gets a flat curve, and says so."""

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsguard.decide._ruling import (
    MIN_RULINGS_PER_SIDE,
    RulingChance,
    _stratified_folds,
    past_ruling_chances,
)

LEVELS = (0.0, 1 / 3, 0.5, 2 / 3, 1.0)


def _rulings(won: list[int], lost: list[int]) -> pl.DataFrame:
    """Rulings held at each completeness of :data:`LEVELS`: ``won[i]`` won, ``lost[i]`` lost."""
    completeness = [c for c, w, n in zip(LEVELS, won, lost) for _ in range(w + n)]
    outcome = [o for w, n in zip(won, lost) for o in [True] * w + [False] * n]
    return pl.DataFrame(
        {"completeness": completeness, "won": outcome}, schema={"completeness": pl.Float64, "won": pl.Boolean}
    )


@settings(max_examples=30, deadline=None)
@given(
    won=st.lists(st.integers(0, 40), min_size=5, max_size=5),
    lost=st.lists(st.integers(0, 40), min_size=5, max_size=5),
)
def test_the_learned_chance_never_falls_as_evidence_rises(won, lost):
    rulings = _rulings(won, lost)
    chance = RulingChance.from_rulings(rulings)
    grid = np.linspace(0, 1, 21)

    assert np.all(np.diff(chance.probability(grid)) >= 0)
    if chance.source == "learned":  # each fold's curve rises too: past rulings' own chances
        held = past_ruling_chances(rulings, n_splits=3)
        fold = _stratified_folds(rulings["won"].to_numpy(), 3, 0)
        at = rulings["completeness"].to_numpy()
        for k in range(3):
            order = np.argsort(at[fold == k], kind="stable")
            assert np.all(np.diff(held[fold == k][order]) >= -1e-12)


def test_rulings_that_ignore_evidence_give_a_flat_curve_at_the_shops_rate_and_say_so():
    # 45% won at every completeness, a little worse with all the evidence by chance
    rulings = _rulings([9, 9, 9, 9, 8], [11, 11, 11, 11, 12])

    chance = RulingChance.from_rulings(rulings)

    assert chance.source == "learned" and chance.held_flat and chance.slope == 0.0
    assert chance.probability(np.array([0.0]))[0] == pytest.approx(rulings["won"].mean())
    assert "held at their rate rather than falling" in chance.describe("en")
    assert "而不是随凭证增加而下降" in chance.describe("zh")


def test_rulings_that_reward_evidence_keep_their_rising_curve_and_say_nothing_of_it():
    rulings = _rulings([2, 6, 10, 14, 18], [18, 14, 10, 6, 2])

    chance = RulingChance.from_rulings(rulings)

    assert rulings["won"].sum() >= MIN_RULINGS_PER_SIDE
    assert chance.slope > 2 and not chance.held_flat
    assert "rather than falling" not in chance.describe("en")
