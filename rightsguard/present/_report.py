"""The offline report: one HTML page, the charts as PNG, the action list as CSV
and xlsx. The page carries the Vega libraries inline and fetches nothing.
"""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import polars as pl

from rightsguard._errors import said
from rightsguard._vocabulary import check_language, say, text, translate
from rightsguard._vocabulary._names import ANALYST_FIGURES
from rightsguard.decide._policy import Policy
from rightsguard.engine._result import ScoringRun
from rightsguard.io._atomic import atomic_directory
from rightsguard.io._writers import write_table
from rightsguard.present import _charts as charts
from rightsguard.present import _quality_charts as quality
from rightsguard.present._chart_export import save_chart, vega_bundle
from rightsguard.present._items import sku_table
from rightsguard.present._plan import action_plan, plan_for_page, plan_for_people, shop_comparison
from rightsguard.present._plan_workbook import write_plan_xlsx
from rightsguard.present._readable import readable, readable_columns
from rightsguard.present._summary import ScoreSummary, summarise
from rightsguard.present._table import plan_table_html
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._scored_by import heldout
from rightsguard.scoring._scorer import LinearScorer

if TYPE_CHECKING:
    from rightsguard.store._track import TrackRecord

REJECTED_FILE = "disputes_rejected.csv"
"""Where a report folder holds the rows validation refused, with their problems."""
HTML_ACTION_ROWS = 2_000
"""Rows of the action plan in the page's table; the CSV and xlsx hold them all."""

_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
       margin: 0.8rem auto; max-width: 1300px; padding: 0 1rem; color: #222; line-height: 1.45; }
.scroll { overflow-x: auto; }
h1 { font-size: 1.35rem; margin: 0 0 0.3rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
h2.first { margin-top: 0.6rem; font-size: 1.15rem; } p.intro { margin: 0.3rem 0; font-size: 0.85rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #eee; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
.plan td { white-space: normal; }
.chart { display: inline-block; vertical-align: top; margin: 1rem 1.5rem 1rem 0; }
.figures td { font-weight: 600; }
.week { font-size: 1rem; font-weight: 600; margin: 0.2rem 0; }
.plan th, .plan td:nth-child(-n+3) { white-space: nowrap; }
.plan td:nth-last-child(3) { min-width: 8rem; }
.plan td:nth-last-child(2) { min-width: 27rem; } .plan td:last-child { min-width: 18rem; }
details.analyst { margin-top: 2rem; color: #444; }
details.analyst summary { cursor: pointer; font-weight: 600; }
"""


def on_page(value: object) -> str:
    """Text as the page shows it: HTML-escaped, direction controls marked (a data value is cut
    before, where it is laid out: :func:`readable_columns`)."""
    return escape(readable(str(value), None))


FILE_SUFFIXES = (".html", ".htm", ".xlsx", ".xls", ".csv", ".pdf", ".png", ".parquet")
"""Endings that name a file: a report's folder given one of them is a mistake, not a folder."""


def report_charts(
    scored: pl.DataFrame, model: NegotiationModel | LinearScorer, policy: Policy, lang: str
) -> dict[str, alt.TopLevelMixin]:
    """The report's charts by file name."""
    made: dict[str, alt.TopLevelMixin] = {
        "negotiation_rate_by_reason": charts.negotiation_rate_by_reason(scored, lang=lang),
        "negotiation_rate_by_completeness": charts.negotiation_rate_by_completeness(scored, lang=lang),
        "score_distribution": quality.score_distribution(scored, lang=lang),
        "missing_vouchers_by_reason": charts.missing_vouchers_by_reason(scored, lang=lang),
        "recommendation_mix": charts.recommendation_mix(scored, lang=lang),
        "threshold_sweep": charts.threshold_sweep_chart(scored, policy, lang=lang),
        "disputes_over_time": charts.disputes_over_time(scored, lang=lang),
    }
    if scored.select(heldout().any()).item():
        made["calibration"] = quality.calibration_chart(scored, lang=lang)
    if isinstance(model, NegotiationModel) and model.method == "logistic":  # a run in memory's
        made["scorecard"] = quality.scorecard_chart(model.scorecard(lang), lang=lang)
    return made


PNG_THREADS = 2
"""Charts drawn as PNG at once: one per core of a small machine."""


def write_report(
    run: ScoringRun,
    directory: str | Path,
    *,
    title: str | None = None,
    lang: str = "en",
    track: TrackRecord | None = None,
    plans_recorded: bool = False,
) -> Path:
    """Write the page, charts and action list of one scoring run; nothing is re-scored.

    The report is built in a temporary folder and replaces ``directory``
    whole when complete, so a killed run leaves the previous report or none.
    ``directory`` must be new, empty or an earlier rightsguard report.

    Parameters
    ----------
    run
        What :func:`rightsguard.score` returned (in memory: its ``scored`` is needed).
    directory
        Receives ``index.html``, ``charts/*.png``, ``action_list.csv``,
        ``action_list.xlsx``, when rows were refused ``disputes_rejected.csv`` and,
        when evidence files name no voucher, ``unrecognised_evidence.csv`` (by order).
    title
        Heading of the page; by default "Dispute report" in ``lang``.
    lang
        ``"en"`` or ``"zh"``: the run's language.
    track
        A store's track record (:func:`rightsguard.store.track_record`): a section
        of its figures and a chart of its calibration.
    plans_recorded
        Whether the plans in ``directory`` that a seller filled in have been
        recorded: otherwise such a plan (or one open in a spreadsheet) is
        never replaced, and the report is refused with the plan untouched.

    Returns
    -------
    pathlib.Path
        The HTML page.

    Raises
    ------
    TypeError
        When ``run`` is not a run (its scored frame, say).
    ValueError
        When ``directory`` names a file (``report.html``): a report is a folder.
    """
    check_language(lang)
    if not isinstance(run, ScoringRun):
        raise said(TypeError, "err_api_run", function="write_report", kind=type(run).__name__)
    directory = Path(directory)
    if directory.suffix.lower() in FILE_SUFFIXES:
        raise said(ValueError, "err_api_report_file", path=directory, folder=directory.with_suffix(""))
    scored = run.in_memory()
    rejected = run.rejected
    title = title or text("report_title", lang)
    made = report_charts(scored, run.model, run.policy, lang)
    if track is not None and track.quality is not None:
        made["track_record"] = quality.track_record_chart(track.predictions, lang=lang)
    if _names_goods(scored):
        made["skus"] = charts.sku_chart(scored, lang=lang)
    actions = action_plan(run)
    summary = summarise(run)
    with atomic_directory(directory, plans_recorded=plans_recorded) as staging:
        with ThreadPoolExecutor(PNG_THREADS) as drawing:  # vl-convert draws outside the GIL
            list(
                drawing.map(
                    lambda item: save_chart(item[1], staging / "charts" / f"{item[0]}.png"), made.items()
                )
            )
        write_table(
            plan_for_people(actions, lang),
            staging / "action_list.csv",
            text_ids=(text("plan_dispute_id", lang), text("plan_order_id", lang)),
        )
        write_plan_xlsx(actions, staging / "action_list.xlsx", lang=lang, summary=summary, origin=run.origin)
        if rejected is not None and rejected.height:
            write_table(rejected, staging / REJECTED_FILE)
        if run.coverage is not None and run.coverage.unrecognised.height:
            write_table(run.coverage.unrecognised.sort("key", "name"), staging / "unrecognised_evidence.csv")
        (staging / "index.html").write_text(
            _page(title, run, scored, summary, made, actions, lang, track), encoding="utf-8"
        )
    return directory / "index.html"


def _page(
    title: str,
    run: ScoringRun,
    scored: pl.DataFrame,
    summary: ScoreSummary,
    made: dict[str, alt.TopLevelMixin],
    actions: pl.DataFrame,
    lang: str,
    track: TrackRecord | None,
) -> str:
    specs = {f"chart-{name}": chart.to_dict() for name, chart in made.items()}
    # every "<" escaped, so that no text in the data (</script>, <!--) can end or bend the script
    specs_json = json.dumps(specs, ensure_ascii=False).replace("<", "\\u003c")
    # the stub makes the optional snippet required; without it the bundle sets window.vegaEmbed.
    # Loaded from a data URL: inline, its "<!--" and "<script" texts would end the element early
    # and spill the rest of the code onto the page as text
    bundle = base64.b64encode(vega_bundle().encode("utf-8")).decode("ascii")
    for_analyst = pl.col("figure").is_in(ANALYST_FIGURES)
    figures, model_figures = (
        "".join(
            f"<tr><th>{on_page(f)}</th><td>{on_page(v)}</td></tr>"
            for f, v in summary.figures.filter(which)
            .select(translate(pl.col("figure"), lang), "value")
            .iter_rows()
        )
        for which in (~for_analyst, for_analyst)
    )
    seller_notes = summary.seller_notes()
    analyst = [
        run.ruling.describe(lang),
        *summary.warnings,
        *(track.for_analyst(lang) if track is not None else []),
        *summary.analyst_notes,
    ]
    cautions = [say("warnings_for_seller", lang, n=len(summary.warnings))] if summary.warnings else []
    chart_divs = "".join(f'<div class="chart" id="{on_page(i)}"></div>' for i in specs)
    shown = actions.head(HTML_ACTION_ROWS)
    plan_html = plan_table_html(readable_columns(plan_for_page(shown, lang)), lang) if shown.height else ""
    more = (
        f"<p>{on_page(say('showing_rows', lang, shown=shown.height, count=actions.height))}</p>"
        if actions.height > shown.height
        else ""
    )
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head><meta charset="utf-8"><title>{on_page(title)}</title><style>{_STYLE}</style>
<script src="data:text/javascript;base64,{bundle}"></script></head>
<body>
<h1>{on_page(title)}</h1>
<p class="week">{on_page(_this_week(summary, lang))}</p>
{"".join(f'<p class="week">{on_page(line)}</p>' for line in run.changes)}
<h2 class="first">{on_page(say("heading_actions", lang, count=actions.height))}</h2>
<div class="plan">{plan_html}</div>
<p class="intro">{text("actions_intro" if actions.height else "actions_none", lang)}</p>{more}
{_list(text("heading_warnings", lang), cautions)}
{_list(text("heading_evidence", lang), seller_notes)}
{_list(text("title_track_record", lang), track.for_seller(lang) if track is not None else [])}
{_shops(scored, actions, lang)}
{_skus(scored, lang)}
<h2>{on_page(text("heading_charts", lang))}</h2>
{chart_divs}
<h2>{on_page(text("heading_summary", lang))}</h2>
<table class="figures">{figures}</table>
<details class="analyst"><summary>{on_page(text("heading_analyst", lang))}</summary>
<p>{on_page(say("made_by", lang, moment=f"{datetime.now():%Y-%m-%d %H:%M}"))}
{on_page(_provenance(run, lang))}</p>
<table class="figures">{model_figures}</table>
<ul>{"".join(f"<li>{on_page(line)}</li>" for line in analyst)}</ul>
</details>
<script>
const specs = {specs_json};
for (const [id, spec] of Object.entries(specs)) {{
  vegaEmbed("#" + id, spec, {{renderer: "svg", actions: false}})
    .then(() => {{ document.getElementById(id).dataset.rendered = "yes"; }})
    .catch((error) => {{ document.getElementById(id).textContent = "chart failed: " + error; }});
}}
</script>
</body></html>
"""


WEEK_FIGURES = (
    "still open",
    "open disputes to refund now",
    "open disputes to negotiate",
    "open disputes to escalate",
    "amount asked in open disputes",
)
"""The figures the page opens with, before the plan."""


def _this_week(summary: ScoreSummary, lang: str) -> str:
    """One line of what is open and what the plan proposes, in ``lang``."""
    named = summary.figures.filter(pl.col("figure").is_in(WEEK_FIGURES)).select(
        translate(pl.col("figure"), lang), "value"
    )
    return text("list_separator", lang).join(f"{f} {v}" for f, v in named.iter_rows())


def _provenance(run: ScoringRun, lang: str) -> str:
    """What the page can truthfully say about how the disputes were scored."""
    if not run.supplied_model:
        return text("provenance_heldout", lang)
    measured = (
        say("provenance_measured", lang, count=run.quality.n)
        if run.quality
        else text("provenance_unmeasured", lang)
    )
    return (
        say(
            "provenance_supplied",
            lang,
            start=run.model.metadata_["train_from"][:10],
            end=run.model.metadata_["train_to"][:10],
        )
        + " "
        + measured
    )


def _list(heading: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"<h2>{on_page(heading)}</h2><ul>" + "".join(f"<li>{on_page(i)}</li>" for i in items) + "</ul>"


SKU_ROWS = 15
"""The SKUs the page lists (the most money at stake first); the workbook has them all."""


def _names_goods(scored: pl.DataFrame) -> bool:
    return bool(scored.select(pl.col("sku").is_not_null().any() | pl.col("item").is_not_null().any()).item())


def _skus(scored: pl.DataFrame, lang: str) -> str:
    """Which goods draw disputes, when the export names SKUs or items."""
    if not _names_goods(scored):
        return ""
    return f"<h2>{on_page(text('heading_skus', lang))}</h2>" + _html_table(
        sku_table(scored, lang).head(SKU_ROWS), "shops"
    )


def _html_table(table: pl.DataFrame, css: str) -> str:
    table = readable_columns(table.with_columns(pl.all().cast(pl.String).fill_null("")))
    head = "".join(f"<th>{on_page(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{on_page(v)}</td>" for v in row) + "</tr>" for row in table.iter_rows()
    )
    return (
        f'<div class="scroll"><table class="{css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _shops(scored: pl.DataFrame, plan: pl.DataFrame, lang: str) -> str:
    """The shops side by side, when the disputes come from more than one."""
    if scored["shop"].n_unique() < 2:
        return ""
    return f"<h2>{on_page(text('heading_shops', lang))}</h2>" + _html_table(
        shop_comparison(scored, plan, lang), "shops"
    )
