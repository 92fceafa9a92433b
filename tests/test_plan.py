"""The week's plan: its order, its deadlines in words, the what-if, shops compared, and the
workbook a score to xlsx writes."""

import re

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main


def test_the_action_list_holds_open_disputes_most_money_at_stake_first(sample_disputes, sample_scored):
    from rightsguard import action_plan

    actions = action_plan(sample_scored)
    open_ids = sample_disputes.filter(pl.col("resolution") == "open")["dispute_id"]

    assert sorted(actions["dispute_id"].to_list()) == sorted(open_ids.to_list())
    assert actions["priority"].to_list() == list(range(1, actions.height + 1))
    assert action_plan(sample_scored.filter(pl.col("resolution") != "open")).height == 0


def test_the_plan_puts_due_disputes_first_then_money_at_stake(sample_scored):
    from datetime import datetime, timedelta

    from rightsguard import DEFAULT_POLICY, action_plan

    now = datetime(2026, 11, 1, 12)
    # money at stake: the recommended option's expected cost (default policy; R refund now,
    # N negotiate, E escalate, only where w >= 0.5; a failed negotiation costs min(E, R))
    rows = [  # id, amount, p_negotiated, p_win, deadline in hours (None: none), resolution
        ("closed", 9000.0, 0.1, 0.1, None, "negotiated"),
        ("big", 1000.0, 0.5, 0.2, None, "open"),  # N = 15 + 250 + 0.5 * 1005 = 767.5
        ("likely-settled", 2000.0, 0.9, 0.5, 200, "open"),  # N = 15 + 900 + 0.1 * 1090 = 1024
        ("due-small", 50.0, 0.5, 0.5, 24, "open"),  # due within 48 h: first; N = R = 55
        ("due-later", 300.0, 0.0, 0.0, 40, "open"),  # due, R = 305: before due-small
        ("mid", 500.0, 0.5, 0.0, 100, "open"),  # N = 15 + 125 + 0.5 * 505 = 392.5
    ]
    base = sample_scored.head(len(rows))
    scored = base.with_columns(
        pl.Series("dispute_id", [r[0] for r in rows]),
        pl.Series("amount", [r[1] for r in rows]),
        pl.Series("p_negotiated", [r[2] for r in rows]),
        pl.Series("p_win_ruling", [r[3] for r in rows]),
        pl.lit(0.5).alias("negotiated_refund_share"),  # the settlements' share, as by hand
        pl.Series("opened_at", [now - timedelta(days=1)] * (len(rows) - 1) + [now]),
        pl.Series(
            "deadline_at",
            [None if r[4] is None else now + timedelta(hours=r[4]) for r in rows],
            dtype=pl.Datetime("us"),
        ),
        pl.Series("resolution", [r[5] for r in rows]).cast(base.schema["resolution"]),
    )
    scored = DEFAULT_POLICY.decide(scored)

    plan = action_plan(scored)

    assert plan["dispute_id"].to_list() == ["due-later", "due-small", "likely-settled", "big", "mid"]
    assert plan["money_at_stake"].to_list() == [305.0, 55.0, 1024.0, 767.5, 392.5]
    assert plan["hours_to_deadline"].to_list()[:2] == [40, 24]


def test_what_if_moves_open_disputes_between_options_and_keeps_them_all(sample_scored):

    same = rg.what_if(sample_scored, rg.DEFAULT_POLICY)
    never = rg.what_if(sample_scored, rg.Policy(min_win_probability=1.0))
    open_count = (sample_scored["resolution"] == "open").sum()

    assert (same["option_now"] == same["option_then"]).all()
    assert same["expected_cost_now"].to_list() == pytest.approx(same["expected_cost_then"].to_list())
    assert same["disputes"].sum() == never["disputes"].sum() == open_count
    assert "escalate" not in never["option_then"].to_list()
    escalated = never.filter(pl.col("option_now") == "escalate")["disputes"].sum()
    assert (
        escalated
        == (sample_scored.filter(pl.col("resolution") == "open")["recommendation"] == "escalate").sum()
        > 0
    )
    assert set(rg.what_if(sample_scored, rg.DEFAULT_POLICY, "zh")["option_now"]) <= {
        "直接退款",
        "协商",
        "申请客服介入",
    }


def test_shops_compared_add_up_to_the_whole(sample_scored):

    plan = rg.action_plan(sample_scored)
    shops = rg.plan.shop_comparison(sample_scored, plan)

    money = shops["Money at stake in open disputes (¥)"].to_list()
    assert money == sorted(money, reverse=True)  # the most at stake first
    assert shops["Disputes"].sum() == sample_scored.height
    assert shops["Open"].sum() == plan.height
    assert shops["Money at stake in open disputes (¥)"].sum() == pytest.approx(
        plan["money_at_stake"].sum(), abs=0.05
    )
    assert (shops["Refund now"] + shops["Negotiate"] + shops["Escalate"]).to_list() == shops["Open"].to_list()


def test_score_to_xlsx_opens_on_the_summary_and_plan_with_figures_as_numbers(tmp_path):
    import re
    import zipfile

    out = tmp_path / "scored.xlsx"
    assert (
        main(["score", "data/sample/disputes.csv", "-o", str(out), "--lang", "zh", "--method", "logistic"])
        == 0
    )

    with zipfile.ZipFile(out) as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        summary = book.read("xl/worksheets/sheet1.xml").decode()
        data = book.read(f"xl/worksheets/sheet{len(names)}.xml").decode()
        styles = book.read("xl/styles.xml").decode()
    assert names[:2] == ["概要", "处理计划"] and names[-1] == "全部售后（数据）"  # shops between
    # row 2 is the number of disputes: a number cell (no t="s"), styled "#,##0"
    cell = re.search(r'<c r="B2"([^>]*)><v>([^<]+)</v>', summary)
    assert cell and 't="' not in cell.group(1) and float(cell.group(2)) == 5000
    assert "#,##0" in styles and "0.0%" in styles
    assert re.search(r'<pane [^>]*ySplit="1"', data) and "<tablePart " in data  # header frozen,
    # and a table (with its filters) over the data
    assert pl.read_excel(out, sheet_name="全部售后（数据）").height == 5000


def test_each_open_dispute_says_how_its_deadline_stands_in_words():
    from rightsguard.present._plan import plan_for_people

    plan = pl.DataFrame(
        {
            "priority": [1, 2, 3, 4],
            "dispute_id": ["a", "b", "c", "d"],
            "order_id": ["1", "2", "3", "4"],
            "shop": [None] * 4,
            "recommendation": ["negotiate"] * 4,
            "money_at_stake": [1.0] * 4,
            "amount": [1.0] * 4,
            "p_negotiated": [0.5] * 4,
            "p_win_ruling": [0.5] * 4,
            "days_open": [3, 1, 40, 2],
            "hours_to_deadline": [-49, 20, None, 200],
            "next_step": ["x"] * 4,
            "collect": [[]] * 4,
            "check": [[]] * 4,
            "reason": ["quality"] * 4,
            "explanation": ["y"] * 4,
        },
        schema_overrides={"collect": pl.List(pl.String), "check": pl.List(pl.String)},
    )

    english = plan_for_people(plan)["Deadline"].to_list()
    chinese = plan_for_people(plan, "zh")["超时情况"].to_list()

    assert english == [
        "overdue by 3 day(s)",
        "due within 20 hours",
        "no deadline in the export (超时时间) · open 40 days: its status may have moved on, export again",
        "",
    ]
    assert chinese[:2] == ["已超时 3 天", "20 小时内超时"]
    assert chinese[2].startswith("导出表没有超时时间；已 40 天未结束")


def test_a_notebook_shows_the_plan_as_the_reports_offline_table(sample_scored):
    plan = rg.action_plan(sample_scored)

    first, second = rg.plan.plan_table(plan, "zh"), rg.plan.plan_table(sample_scored, "zh")
    html = first._repr_html_()

    assert first.rows == second.rows == plan.height
    ids = [t.html.split('<table id="', 1)[1].split('"', 1)[0] for t in (first, second)]
    assert ids[0] != ids[1]  # two tables in one notebook do not collide
    assert f'document.getElementById("{ids[0]}")' in html
    assert "退款编号" in html and "搜索" in html  # the plan's and the table's own words in Chinese
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # offline
