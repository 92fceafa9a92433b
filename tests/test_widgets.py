"""The notebooks' controls, moved in-process as a person would move them: each move redraws the
summary and the table from the run, with nothing fetched (no kernel or browser needed)."""

import re
import warnings

import polars as pl
import pytest

import rightsguard as rg

from conftest import SAMPLE


@pytest.fixture(scope="module")
def run() -> rg.ScoringRun:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(
            SAMPLE / "weekly" / "退款报表_20260815.csv", fitting=rg.FitOptions(method="logistic"), lang="zh"
        )


def _rows(html: str) -> int:
    return len(re.findall(r"<tr>", html)) - 1  # the header's row


def test_the_what_if_starts_where_the_run_stands_and_follows_each_slider(run):
    box = rg.plan.what_if_explorer(run)
    guard, *_, summary, table = box.children
    assert guard.description == "申请介入的最低胜算" and guard.value == run.policy.min_win_probability
    assert "有 0 个会换一种处理" in summary.value

    guard.value = 0.2

    moves = rg.what_if(run, rg.Policy(min_win_probability=0.2), "zh")
    moved = moves.filter(pl.col("option_now") != pl.col("option_then"))
    assert moved.height and f"有 {moved['disputes'].sum()} 个会换一种处理" in summary.value
    assert f"¥{moved['expected_cost_then'].sum():,.0f}" in summary.value
    assert _rows(table.value) == moves.height


def test_the_plans_filters_keep_the_cases_they_name_and_show_at_most_a_page(run):
    from rightsguard.present._widgets import ROWS_SHOWN

    box = rg.plan.plan_explorer(run)
    stage, advice, least, summary, table = box.children
    plan = rg.action_plan(run)
    assert f"共 {plan.height} 个待处理售后，显示 {plan.height} 个" in summary.value
    assert _rows(table.value) == min(plan.height, ROWS_SHOWN)

    stage.value = "awaiting_seller"
    advice.value = "negotiate"
    least.value = 50.0

    kept = plan.filter(
        (pl.col("stage").cast(pl.String) == "awaiting_seller")
        & (pl.col("recommendation").cast(pl.String) == "negotiate")
        & (pl.col("money_at_stake") >= 50.0)
    )
    assert 0 < kept.height < plan.height
    assert f"显示 {kept.height} 个" in summary.value
    assert _rows(table.value) == min(kept.height, ROWS_SHOWN)
    assert all(case in table.value for case in kept["dispute_id"].head(ROWS_SHOWN))
    assert [label for label, _ in stage.options][0] == "全部"
