"""The API meets analysts halfway: paths and pandas frames scored, wrong inputs named, and one
dispute explained factor by factor."""

import warnings

import polars as pl
import pytest

import rightsguard as rg

from conftest import SAMPLE


@pytest.fixture(scope="module")
def run() -> rg.ScoringRun:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(SAMPLE / "disputes.csv", fitting=rg.FitOptions(method="logistic"))


def test_a_path_a_raw_frame_and_a_pandas_frame_score_alike(run):
    raw = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_raw = rg.score(raw, fitting=rg.FitOptions(method="logistic"))
        from_pandas = rg.score(raw.to_pandas(), fitting=rg.FitOptions(method="logistic"))

    for other in (from_raw, from_pandas):
        assert other.scored["p_negotiated"].equals(run.scored["p_negotiated"])
        assert other.scored["recommendation"].equals(run.scored["recommendation"])


def test_what_score_does_not_take_is_named():
    with pytest.raises(
        TypeError,
        match="rg.score takes a dispute file's path or a frame of disputes \\(polars or pandas\\); got int",
    ):
        rg.score(123)


@pytest.mark.parametrize("function", [rg.action_plan, rg.summarise, rg.quality_of, rg.threshold_sweep])
def test_an_unscored_frame_is_told_to_pass_the_output_of_score(sample_disputes, function):
    with pytest.raises(
        ValueError,
        match=rf"{function.__name__} takes disputes scored by "
        r"rg.score; this frame lacks p_negotiated, .*: pass the "
        r"output of rg.score",
    ):
        function(sample_disputes)


def test_the_plan_and_the_what_if_take_the_run_itself(run):
    assert rg.action_plan(run).equals(rg.action_plan(run.scored))
    other = rg.Policy(min_win_probability=0.3)
    assert rg.what_if(run, other).equals(rg.what_if(run.scored, other))


def test_one_dispute_is_explained_by_the_points_its_explanation_names(run):
    open_ = run.scored.filter(pl.col("resolution") == "open").row(0, named=True)

    why = rg.explain(run, open_["dispute_id"])

    assert why.columns == ["factor", "level", "points"]
    top = why.row(0, named=True)
    assert f"{top['level']} ({top['points']:+.0f} pts)" in open_["explanation"]
    assert why["points"].abs().is_sorted(descending=True)
    with pytest.raises(ValueError, match="the run holds no dispute 'nope'"):
        rg.explain(run, "nope")


def test_an_open_disputes_points_add_up_to_its_score_its_time_open_included(run):
    import math

    from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS

    oldest = run.scored.filter(pl.col("resolution") == "open").sort("opened_at").row(0, named=True)
    why = rg.explain(run, oldest["dispute_id"])
    base = run.model.scorecard().filter(pl.col("factor") == "base")["points"][0]

    log_odds = (base + why["points"].sum()) / POINTS_PER_LOG_ODDS
    assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(oldest["p_negotiated"], abs=0.01)
    aged = why.filter(pl.col("factor") == "time open").row(0, named=True)
    assert aged["points"] < -10 and aged["level"].startswith("still open after ")
    assert f"{aged['level']} ({aged['points']:+.0f} pts)" in oldest["explanation"]


def test_a_run_shows_its_counts_options_and_warnings_in_a_notebook(run):
    shown = run._repr_html_()

    assert f"{run.n_accepted:,} disputes scored (in <code>.scored</code>)" in shown
    assert all(
        f"{option.replace('_', ' ')} {count:,}" in shown for option, count in run.recommendations.items()
    )
    assert all(html_escaped(note) in shown for note in run.notes)
    assert repr(run).startswith(f"ScoringRun({run.n_accepted:,} disputes scored")


def test_a_run_shows_itself_in_its_own_language(run):
    from dataclasses import replace

    shown = replace(run, lang="zh")._repr_html_()

    assert f"已评分 {run.n_accepted:,} 个售后（见 <code>.scored</code>）" in shown
    assert f"协商 {run.recommendations['negotiate']:,}" in shown
    assert "disputes scored" not in shown


def html_escaped(text: str) -> str:
    from html import escape

    return escape(text)
