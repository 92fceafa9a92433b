"""Controls for a notebook: the what-if's sliders and the plan's filters, redrawn offline.

Each function returns an ipywidgets box whose last child is an HTML widget holding a table.
Moving a control redraws the table in Python: no JavaScript of ours and nothing fetched, so
the box works in JupyterLab offline (its widgets come with ``ipywidgets``), and what a control
does can be tried without a browser (``tests/test_widgets.py`` moves them).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._vocabulary import say, stage_names, text, translate
from rightsguard.decide._options import OPTIONS
from rightsguard.present._plan import action_plan, plan_for_people, what_if

if TYPE_CHECKING:
    import ipywidgets

    from rightsguard.engine._result import ScoringRun

ROWS_SHOWN = 25
"""The plan's rows a filter shows (the plan itself holds them all)."""

_COSTS = ("ruling_against_penalty", "negotiation_handling", "escalation_handling", "refund_handling")
_COST_WORDS = ("widget_penalty", "widget_negotiation", "widget_escalation", "widget_refund")
_WIDE = {"description_width": "14em"}


def what_if_explorer(run: ScoringRun, *, lang: str | None = None) -> ipywidgets.VBox:
    """Sliders for the policy's guard and costs, over the open cases that would change option
    under them (:func:`~rightsguard.plan.what_if`), redrawn at each move.

    Parameters
    ----------
    run
        A run of :func:`rightsguard.score`; the sliders start at its policy.
    lang
        The language of the labels and options (the run's by default).
    """
    import ipywidgets

    lang = lang or run.lang
    policy = run.policy
    sliders = {
        "min_win_probability": ipywidgets.FloatSlider(
            value=policy.min_win_probability, min=0.0, max=1.0, step=0.05, readout_format=".0%"
        ),
        **{
            name: ipywidgets.FloatSlider(
                value=getattr(policy, name), min=0.0, max=max(200.0, 4 * getattr(policy, name)), step=5.0
            )
            for name in _COSTS
        },
    }
    for (name, slider), key in zip(sliders.items(), ("widget_guard", *_COST_WORDS)):
        slider.description, slider.style = text(key, lang), _WIDE
    summary, table = ipywidgets.HTML(), ipywidgets.HTML()

    def redraw(_: object = None) -> None:
        moves = what_if(run, replace(policy, **{n: s.value for n, s in sliders.items()}), lang)
        moved = moves.filter(pl.col("option_now") != pl.col("option_then"))
        summary.value = escape(
            say(
                "widget_what_if",
                lang,
                moved=int(moved["disputes"].sum()),
                open=int(moves["disputes"].sum()),
                now=float(moved["expected_cost_now"].sum()),
                then=float(moved["expected_cost_then"].sum()),
            )
        )
        table.value = _html(moves)

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    return ipywidgets.VBox([*sliders.values(), summary, table])


def plan_explorer(run: ScoringRun, *, lang: str | None = None) -> ipywidgets.VBox:
    """The week's plan with filters: the stage each case is in, the advice, and the least money
    at stake; the first :data:`ROWS_SHOWN` cases shown as a person reads them, redrawn at each
    change.

    Parameters
    ----------
    run
        A run of :func:`rightsguard.score` (or of the store).
    lang
        The language of the labels, the stages and the plan (the run's by default).
    """
    import ipywidgets

    lang = lang or run.lang
    plan = action_plan(run)
    anything = [(text("widget_any", lang), None)]
    stages = plan["stage"].cast(pl.String).drop_nulls().unique().sort().to_list()
    names = stage_names(lang)
    present = set(plan["recommendation"].cast(pl.String))
    options = [o for o in OPTIONS if o in present]
    advice = pl.select(translate(pl.lit(pl.Series(options, dtype=pl.String)), lang)).to_series().to_list()
    most = float(plan["money_at_stake"].fill_null(0.0).max() or 0.0)  # type: ignore[arg-type]
    stage = ipywidgets.Dropdown(options=anything + [(names.get(s, s), s) for s in stages])
    option = ipywidgets.Dropdown(options=anything + list(zip(advice, options)))
    least = ipywidgets.FloatSlider(value=0.0, min=0.0, max=max(most, 1.0), step=max(round(most / 100), 1))
    for control, key in ((stage, "widget_stage"), (option, "widget_advice"), (least, "widget_least_amount")):
        control.description, control.style = text(key, lang), _WIDE
    summary, table = ipywidgets.HTML(), ipywidgets.HTML()

    def redraw(_: object = None) -> None:
        kept = plan.filter(pl.col("money_at_stake").fill_null(0.0) >= least.value)
        if stage.value is not None:
            kept = kept.filter(pl.col("stage").cast(pl.String) == stage.value)
        if option.value is not None:
            kept = kept.filter(pl.col("recommendation").cast(pl.String) == option.value)
        summary.value = escape(say("widget_shown", lang, shown=kept.height, open=plan.height))
        table.value = _html(plan_for_people(kept.head(ROWS_SHOWN), lang))

    for control in (stage, option, least):
        control.observe(redraw, names="value")
    redraw()
    return ipywidgets.VBox([stage, option, least, summary, table])


def _html(frame: pl.DataFrame) -> str:
    """A frame as a plain HTML table: its headers, then every row, each value as text (escaped;
    an empty cell for a missing one)."""
    cells = frame.select(pl.all().cast(pl.String).fill_null(""))
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in cells.rows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
