"""The API meets analysts halfway: paths and pandas frames scored, wrong inputs named, and one
dispute explained factor by factor."""

import math
import warnings

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES
from rightsguard._vocabulary import stage_names

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
        match=r"rg.score takes a file's path \(str or pathlib.Path\) or a frame of disputes "
        r"\(polars or pandas\); got int",
    ):
        rg.score(123)


@pytest.mark.parametrize(
    "function", [rg.action_plan, rg.summarise, rg.scoring.quality_of, rg.plan.threshold_sweep]
)
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
    not_ruled = ~pl.col("stage").cast(pl.String).is_in(PLATFORM_STAGES)
    open_ = run.scored.filter((pl.col("resolution") == "open") & not_ruled).row(0, named=True)

    why = rg.explain(run, open_["dispute_id"])

    assert why.columns == ["factor", "level", "points"]
    top = why.row(0, named=True)
    assert f"{top['level']} ({top['points']:+.0f} pts)" in open_["explanation"]
    assert why["points"].abs().is_sorted(descending=True)
    with pytest.raises(ValueError, match="the run holds no dispute 'nope'"):
        rg.explain(run, "nope")


def test_an_open_disputes_points_add_up_to_its_score_its_time_open_included(run):
    """Where the source does not say a case's stage, its score is conditioned on its time open."""
    from rightsguard.scoring._explain import POINTS_PER_LOG_ODDS

    unsaid = run.scored.with_columns(pl.lit(None, rg.CANONICAL_SCHEMA["stage"]).alias("stage"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        unstaged = rg.score(
            unsaid.select(list(rg.CANONICAL_SCHEMA)), fitting=rg.FitOptions(method="logistic", n_splits=2)
        )
    oldest = unstaged.scored.filter(pl.col("resolution") == "open").sort("opened_at").row(0, named=True)
    why = rg.explain(unstaged, oldest["dispute_id"])
    base = unstaged.model.scorecard().filter(pl.col("factor") == "base")["points"][0]

    log_odds = (base + why["points"].sum()) / POINTS_PER_LOG_ODDS
    assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(oldest["p_negotiated"], abs=0.01)
    aged = why.filter(pl.col("factor") == "time open").row(0, named=True)
    assert aged["points"] < -10 and aged["level"].startswith("still open after ")
    assert f"{aged['level']} ({aged['points']:+.0f} pts)" in oldest["explanation"]


def test_a_case_with_customer_service_is_explained_by_its_stage_and_has_no_chance_to_negotiate(run):
    ruled = run.scored.filter(pl.col("stage").cast(pl.String).is_in(PLATFORM_STAGES)).row(0, named=True)
    why = rg.explain(run, ruled["dispute_id"], lang="zh")

    stage = why.row(0, named=True)
    assert stage["factor"] == "当前阶段" and stage["points"] is None
    assert stage["level"].startswith(stage_names("zh")[ruled["stage"]]) and "客服裁决" in stage["level"]
    assert ruled["p_negotiated"] == 0.0 and ruled["recommendation"] != "negotiate"
    assert ruled["cost_negotiate"] is None


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


def test_load_disputes_takes_a_pandas_frame_as_score_does():
    raw = pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False).head(300)

    from_pandas = rg.load_disputes(raw.to_pandas())

    assert from_pandas.equals(rg.load_disputes(raw))
    with pytest.raises(TypeError, match=r"rg.load_disputes takes a file's path .* got list"):
        rg.load_disputes([1, 2])


def test_a_policy_given_as_a_dict_is_read_as_one_and_checked_by_name(run):
    disputes = run.scored.select(*rg.CANONICAL_SCHEMA).head(2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        as_dict = rg.score(disputes, model=run.model, policy={"negotiation_handling": 40})
        as_policy = rg.score(disputes, model=run.model, policy=rg.Policy(negotiation_handling=40))

    assert as_dict.policy == as_policy.policy
    assert as_dict.scored["recommendation"].equals(as_policy.scored["recommendation"])
    with pytest.raises(ValueError, match="Policy: unknown policy parameter\\(s\\) negotation_handling"):
        rg.score(disputes, model=run.model, policy={"negotation_handling": 40})
    with pytest.raises(TypeError, match="policy takes a rightsguard Policy .* got str"):
        rg.score(disputes, model=run.model, policy="cheap")


def test_functions_that_take_a_run_name_it_when_given_its_scored_frame(run, tmp_path):
    dispute = run.scored["dispute_id"][0]

    with pytest.raises(TypeError, match=r"explain takes what rightsguard.score returned .* got DataFrame"):
        rg.explain(run.scored, dispute)
    with pytest.raises(TypeError, match=r"write_report takes what rightsguard.score returned"):
        rg.write_report(run.scored, tmp_path / "report")


def test_a_report_named_like_a_file_is_refused_before_anything_is_written(run, tmp_path):
    with pytest.raises(ValueError, match=r"report.html names a file, but a report is a folder"):
        rg.write_report(run, tmp_path / "report.html")

    assert not (tmp_path / "report.html").exists()


def test_ingest_takes_one_export_as_a_list_of_one_and_refuses_a_folder(tmp_path):
    weekly = sorted((SAMPLE / "weekly").glob("退款报表_*"))

    one = rg.store.ingest(weekly[0], store=tmp_path / "one.duckdb", reading=rg.ReadOptions(shop="甲店"))

    assert [done.path for done in one] == [weekly[0]]
    with pytest.raises(rg.UnreadableFileError, match="weekly: is a folder; give a dispute file"):
        rg.store.ingest(SAMPLE / "weekly", store=tmp_path / "two.duckdb")


def test_load_disputes_takes_the_reading_options_score_takes():
    reading = rg.ReadOptions(shop="甲店", empty_reason="unknown")

    loaded = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv", reading=reading)

    assert loaded.equals(
        rg.load_disputes(SAMPLE / "taobao_export_gbk.csv", shop="甲店", empty_reason="unknown")
    )
    assert loaded["shop"].unique().to_list() == ["甲店"]
    with pytest.raises(TypeError, match="either as reading=ReadOptions\\(...\\) or one by one"):
        rg.load_disputes(SAMPLE / "taobao_export_gbk.csv", reading=reading, shop="乙店")
