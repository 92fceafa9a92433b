"""The chance of winning a ruling never falls as evidence rises: a shop whose rulings ignore
evidence gets a flat curve, and says so. It is learned from the rulings whose vouchers were all
recorded, not from expected shares that flatten it."""

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

import rightsguard as rg
from rightsguard.decide._ruling import (
    MIN_RULINGS_PER_SIDE,
    RulingChance,
    _stratified_folds,
    learned_ruling_chances,
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


def _with_unrecorded(recorded: pl.DataFrame, n: int) -> pl.DataFrame:
    """``recorded`` and ``n`` rulings whose vouchers nobody recorded, all at an expected share of
    0.8 (held rates learned too high) and won one time in two: the kind that flattens a curve
    fitted on them."""
    unrecorded = pl.DataFrame(
        {"completeness": [0.8] * n, "won": [i % 2 == 0 for i in range(n)], "recorded": [False] * n}
    )
    return pl.concat([recorded.with_columns(recorded=pl.lit(True)), unrecorded])


def test_the_chance_is_learned_from_the_rulings_whose_vouchers_were_recorded():
    recorded = _rulings(won=[2, 8, 20, 30, 38], lost=[38, 32, 20, 10, 2])
    both = _with_unrecorded(recorded, 400)

    chance = RulingChance.from_rulings(both)
    alone = RulingChance.from_rulings(recorded)
    flattened = RulingChance.from_rulings(both.drop("recorded"))

    assert (chance.intercept, chance.slope) == (alone.intercept, alone.slope)
    assert (chance.n_rulings, chance.n_left_out, chance.at_expectation) == (recorded.height, 400, False)
    assert flattened.slope < chance.slope - 1  # what fitting on the expected shares would give
    assert "the 200 past rulings whose required vouchers were all recorded; 400 with a voucher" in (
        chance.describe()
    )


def test_too_few_recorded_rulings_fit_all_of_them_at_their_expected_share_and_say_so():
    recorded = _rulings(won=[0, 0, 0, 2, 3], lost=[3, 2, 0, 0, 0])
    both = _with_unrecorded(recorded, 400)

    chance = RulingChance.from_rulings(both)

    assert chance.source == "learned" and chance.at_expectation and chance.n_rulings == 410
    assert "at the share they were expected to hold: too few had every voucher recorded" in chance.describe()
    assert "根据 410 次历史裁决估计，凭证没有记录的按预期持有比例计" in chance.describe("zh")


def test_a_ruling_left_out_of_the_fit_gets_no_held_out_chance_of_its_own():
    """Its chance is the decision's to average over its vouchers (NaN here); the recorded ones
    get theirs from folds that never saw them."""
    both = _with_unrecorded(_rulings(won=[2, 8, 20, 30, 38], lost=[38, 32, 20, 10, 2]), 50)

    _, chances = learned_ruling_chances(both)

    recorded = both["recorded"].to_numpy()
    assert np.isnan(chances[~recorded]).all() and np.isfinite(chances[recorded]).all()
    np.testing.assert_allclose(chances[recorded], past_ruling_chances(both.filter("recorded")))


def test_the_chances_95_percent_interval_covers_the_true_chance_about_95_times_in_100():
    """Three hundred shops of 300 rulings each, drawn from one known curve: the interval at half
    the evidence holds the true chance in 90% to 99% of them."""
    rng = np.random.default_rng(5)
    truth = 1 / (1 + np.exp(-(-1.5 + 3.0 * np.array(LEVELS))))
    covered = 0
    for _ in range(300):
        at = rng.integers(0, len(LEVELS), 300)
        won = rng.random(300) < truth[at]
        rulings = pl.DataFrame({"completeness": np.array(LEVELS)[at], "won": won})
        low, high = RulingChance.from_rulings(rulings).interval(np.array([0.5]))
        covered += bool(low[0] <= 1 / (1 + np.exp(-(-1.5 + 1.5))) <= high[0])
    assert 0.90 <= covered / 300 <= 0.99


def test_too_few_rulings_fall_back_to_the_documented_prior(sample_disputes):
    audited = rg.evidence.audit_evidence(sample_disputes.head(60))

    chance = rg.RulingChance.fit(audited)

    assert chance.source == "prior"
    assert chance.describe().startswith(
        "chance of winning a ruling: 10% with no required evidence, 85% with all of it (a prior"
    )


def test_the_ruling_chance_is_scikit_learns_logistic_regression_fitted_out_of_fold():
    rng = np.random.default_rng(3)
    completeness = rng.choice([0.0, 1 / 3, 2 / 3, 1.0], 4000)
    won = rng.random(4000) < 1 / (1 + np.exp(-(-1.5 + 3 * completeness)))
    rulings = pl.DataFrame(
        {"dispute_id": [str(i) for i in range(4000)], "completeness": completeness, "won": won}
    )

    chance = rg.RulingChance.from_rulings(rulings)
    heldout = past_ruling_chances(rulings, n_splits=5, random_state=0)

    reference = LogisticRegression(C=10.0, tol=1e-10, max_iter=1000)
    fitted = reference.fit(completeness[:, None], won)
    assert chance.intercept == pytest.approx(fitted.intercept_[0], abs=1e-6)
    assert chance.slope == pytest.approx(fitted.coef_[0, 0], abs=1e-6)
    folds = _stratified_folds(won, 5, 0)
    assert np.ptp(np.bincount(folds[won])) <= 1 and np.ptp(np.bincount(folds[~won])) <= 1
    for k in range(5):
        others = reference.fit(completeness[folds != k, None], won[folds != k])
        np.testing.assert_allclose(
            heldout[folds == k], others.predict_proba(completeness[folds == k, None])[:, 1], atol=1e-6
        )


def test_the_ruling_chance_needs_enough_rulings_on_each_side_not_on_either():
    """Many rulings won and few lost (or the reverse) are not enough to learn from."""

    def rulings(won: int, lost: int) -> pl.DataFrame:
        return pl.DataFrame(
            {"completeness": np.linspace(0, 1, won + lost), "won": [True] * won + [False] * lost}
        )

    assert rg.RulingChance.from_rulings(rulings(200, 14)).source == "prior"
    assert rg.RulingChance.from_rulings(rulings(14, 200)).source == "prior"
    assert rg.RulingChance.from_rulings(rulings(15, 15)).source == "learned"
