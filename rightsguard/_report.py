"""The offline report: one HTML page, the charts as PNG, the action list as CSV
and xlsx. The page carries the Vega libraries inline and fetches nothing.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path

import altair as alt
import polars as pl
import vl_convert as vlc

from rightsguard import _charts as charts
from rightsguard._chart_export import save_chart
from rightsguard._export import write_table
from rightsguard._labels import check_language, translate
from rightsguard._model import NegotiationModel
from rightsguard._policy import DEFAULT_POLICY, Policy
from rightsguard._score import score
from rightsguard._summary import ScoreSummary, summarise

ACTION_COLUMNS = (
    "dispute_id", "order_id", "shop", "opened_at", "reason", "reason_raw", "amount",
    "p_negotiated", "recommendation", "next_step", "missing_vouchers", "unknown_vouchers",
    "explanation",
)
HTML_ACTION_ROWS = 300
"""Rows of the action list shown on the page; the CSV and xlsx hold them all."""
HTML_ACTION_COLUMNS = ("dispute_id", "opened_at", "reason", "amount", "p_negotiated",
                       "recommendation", "next_step", "explanation")

_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
       margin: 2rem auto; max-width: 1240px; padding: 0 1rem; color: #222; line-height: 1.45; }
.scroll { overflow-x: auto; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #eee; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
.actions { width: 100%; } .actions td:nth-last-child(-n+2) { min-width: 14rem; }
.chart { display: inline-block; vertical-align: top; margin: 1rem 1.5rem 1rem 0; }
.figures td { font-weight: 600; }
.escalate { color: #b30000; font-weight: 600; }
"""


def action_list(scored: pl.DataFrame) -> pl.DataFrame:
    """Open disputes to act on, escalations first, then the least likely to settle.

    When no dispute is open, every dispute is listed.
    """
    open_ = scored.filter(pl.col("resolution").cast(pl.String) == "open")
    chosen = open_ if open_.height else scored
    return chosen.sort(
        [pl.col("recommendation") == "escalate", "p_negotiated"], descending=[True, False]
    ).select(c for c in ACTION_COLUMNS if c in scored.columns)


def report_charts(scored: pl.DataFrame, model: NegotiationModel | None, policy: Policy,
                  lang: str) -> dict[str, alt.TopLevelMixin]:
    """The report's charts by file name."""
    made = {
        "negotiation_rate_by_reason": charts.negotiation_rate_by_reason(scored, lang=lang),
        "negotiation_rate_by_completeness": charts.negotiation_rate_by_completeness(scored, lang=lang),
        "score_distribution": charts.score_distribution(scored, lang=lang),
        "missing_vouchers_by_reason": charts.missing_vouchers_by_reason(scored, lang=lang),
        "recommendation_mix": charts.recommendation_mix(scored, lang=lang),
        "threshold_sweep": charts.threshold_sweep_chart(scored, policy, lang=lang),
        "disputes_over_time": charts.disputes_over_time(scored, lang=lang),
    }
    if scored["scored_by"].str.starts_with("out of fold").any():
        made["calibration"] = charts.calibration_chart(scored, lang=lang)
    if model is not None and model.method == "logistic":
        made["scorecard"] = charts.scorecard_chart(model.scorecard(), lang=lang)
    return made


def write_report(
    disputes: pl.DataFrame, directory: str | Path, *, title: str = "Dispute report",
    model: NegotiationModel | None = None, policy: Policy = DEFAULT_POLICY, lang: str = "en",
) -> Path:
    """Score disputes and write the report into ``directory``.

    Parameters
    ----------
    disputes
        Canonical disputes, labelled and open.
    directory
        Created if needed; receives ``index.html``, ``charts/*.png``,
        ``action_list.csv`` and ``action_list.xlsx``.
    title
        Heading of the page.
    model
        A fitted model to score with; when None, :func:`score` fits one (out of
        fold for past disputes) and the scorecard comes from a model fitted on
        all labelled disputes.
    policy
        The negotiate-or-escalate policy.
    lang
        ``"en"`` or ``"zh"`` for the charts' labels.

    Returns
    -------
    pathlib.Path
        The HTML page.
    """
    check_language(lang)
    directory = Path(directory)
    scored = score(disputes, model=model, policy=policy)
    card_model = model or NegotiationModel().fit(disputes.filter(pl.col("resolution") != "open"))
    made = report_charts(scored, card_model, policy, lang)
    for name, chart in made.items():
        save_chart(chart, directory / "charts" / f"{name}.png")
    actions = action_list(scored)
    write_table(actions, directory / "action_list.csv")
    write_table(actions, directory / "action_list.xlsx")
    page = directory / "index.html"
    page.write_text(_page(title, summarise(scored), made, actions, lang), encoding="utf-8")
    return page


def _page(title: str, summary: ScoreSummary, made: dict[str, alt.TopLevelMixin],
          actions: pl.DataFrame, lang: str) -> str:
    specs = {f"chart-{name}": chart.to_dict() for name, chart in made.items()}
    specs_json = json.dumps(specs, ensure_ascii=False).replace("</", "<\\/")
    bundle = vlc.javascript_bundle(vl_version="6.4").replace("</script", "<\\/script")
    named = summary.figures.with_columns(translate(pl.col("figure"), lang))
    figures = "".join(f"<tr><th>{escape(f)}</th><td>{escape(v)}</td></tr>"
                      for f, v in named.iter_rows())
    chart_divs = "".join(f'<div class="chart" id="{escape(i)}"></div>' for i in specs)
    shown = actions.head(HTML_ACTION_ROWS)
    more = (f"<p>Showing {shown.height} of {actions.height}; all are in action_list.csv and "
            "action_list.xlsx.</p>" if actions.height > shown.height else "")
    return f"""<!doctype html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}">
<head><meta charset="utf-8"><title>{escape(title)}</title><style>{_STYLE}</style>
<script>{bundle}</script></head>
<body>
<h1>{escape(title)}</h1>
<p>Made by rightsguard on {datetime.now():%Y-%m-%d %H:%M}. Scores of past disputes are out of
fold: no dispute was scored by a model trained on it.</p>
<h2>Summary</h2>
<table class="figures">{figures}</table>
<h2>Charts</h2>
{chart_divs}
<h2>Action list ({actions.height} disputes)</h2>
<p>Escalations first, then the disputes least likely to settle. Collect the listed vouchers
before any escalation.</p>
{more}{_table(shown)}
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


def _table(frame: pl.DataFrame) -> str:
    """An HTML table of the action list, every cell escaped."""
    shown = frame.select(HTML_ACTION_COLUMNS).with_columns(
        pl.col("p_negotiated").round(2),
        pl.col("opened_at").dt.strftime("%Y-%m-%d"),
    ).with_columns(pl.all().cast(pl.String).fill_null(""))
    head = "".join(f"<th>{escape(c)}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="{escape(v)}">{escape(v)}</td>' if c == "recommendation"
            else f"<td>{escape(v)}</td>" for c, v in zip(shown.columns, row)
        ) + "</tr>"
        for row in shown.iter_rows()
    )
    return (f'<div class="scroll"><table class="actions"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")
