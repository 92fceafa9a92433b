"""The plan as an interactive table for an offline page: sort, search, page.

Built on itables (DataTables): the arguments of its ``ITable`` class come
from itables, its offline bundle is embedded in the page (base64, loaded as a
module from a blob), and the page fetches nothing. Text is escaped by
itables (no HTML from the data is rendered), probabilities are shown as whole
percentages so that a column sorts by number, and the table's own words
(search box, paging, counts) come from the vocabulary in the reader's
language.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from rightsguard._vocabulary import text

if TYPE_CHECKING:
    from rightsguard.engine._result import ScoringRun

PERCENT_COLUMNS = ("p_negotiated", "p_win_ruling")
MONEY_COLUMNS = ("money_at_stake", "amount")


def datatables_words(lang: str) -> dict[str, Any]:
    """DataTables' interface words (its ``language`` option) in ``lang``."""
    return {
        "search": text("table_search", lang),
        "lengthMenu": text("table_length", lang),
        "info": text("table_info", lang),
        "infoEmpty": text("table_info_empty", lang),
        "infoFiltered": text("table_info_filtered", lang),
        "zeroRecords": text("table_no_match", lang),
        "emptyTable": text("actions_none", lang),
        "paginate": {"first": "«", "last": "»", "next": "›", "previous": "‹"},
    }


@dataclass(frozen=True)
class PlanTable:
    """The week's plan as the report's interactive table, shown by a notebook.

    Attributes
    ----------
    html
        The table and its offline bundle.
    rows
        Open disputes in it.
    """

    html: str
    rows: int

    def _repr_html_(self) -> str:
        return self.html


def plan_table(plan: pl.DataFrame | ScoringRun, lang: str = "en") -> PlanTable:
    """The plan as the report shows it: sortable, searchable and paged, offline.

    Parameters
    ----------
    plan
        What :func:`rightsguard.action_plan` returned, or a run (or scored
        disputes) to make it from.
    lang
        ``"en"`` or ``"zh"``: the headers, values and the table's own words.
    """
    from rightsguard.present._plan import action_plan, plan_for_page

    if not isinstance(plan, pl.DataFrame) or "money_at_stake" not in plan.columns:
        plan = action_plan(plan)
    people = plan_for_page(plan, lang)
    return PlanTable(plan_table_html(people, lang, f"plan-table-{uuid.uuid4().hex[:12]}"), people.height)


def plan_table_html(people: pl.DataFrame, lang: str, element_id: str = "plan-table") -> str:
    """An offline, sortable and searchable HTML table of :func:`plan_for_people`'s output.

    Parameters
    ----------
    people
        The plan with headers in ``lang`` (:func:`plan_for_people`).
    lang
        ``"en"`` or ``"zh"``.
    element_id
        The table element's id, distinct for each table of a page.

    Returns
    -------
    str
        HTML holding the DataTables bundle (once) and the table.
    """
    from itables import options
    from itables.javascript import get_expanded_classes, get_expanded_style, get_itable_arguments

    header = {
        c: text(f"plan_{c}", lang)
        for c in (*PERCENT_COLUMNS, *MONEY_COLUMNS)
        if text(f"plan_{c}", lang) in people.columns
    }
    shown = people.with_columns(
        *((pl.col(header[c]) * 100).round(0).cast(pl.Int64) for c in PERCENT_COLUMNS if c in header),
        *(pl.col(header[c]).round(2) for c in MONEY_COLUMNS if c in header),
    ).rename({header[c]: header[c] + text("percent_suffix", lang) for c in PERCENT_COLUMNS if c in header})
    arguments: dict[str, Any] = dict(
        get_itable_arguments(
            shown,
            None,
            connected=False,
            showIndex=False,
            show_dtypes=False,
            maxBytes=0,
            allow_html=False,
            classes="display compact",
            order=[],
            pageLength=25,
            lengthMenu=[10, 25, 100, 500],
            text_in_header_can_be_selected=False,
            layout={
                "topStart": "pageLength",
                "topEnd": "search",
                "bottomStart": "info",
                "bottomEnd": "paging",
            },
            language=datatables_words(lang),
            style={"width": "100%", "table-layout": "auto"},
        )
    )
    for key in [k for k in arguments if k.startswith("warn_")] + [
        "dt_url",
        "connected",
        "display_logo_when_loading",
    ]:
        arguments.pop(key, None)
    arguments["classes"] = get_expanded_classes(arguments["classes"])
    arguments["style"] = get_expanded_style(arguments["style"])
    # every "<" escaped, so that no text in the data can end the script
    table_arguments = json.dumps(arguments, ensure_ascii=False).replace("<", "\\u003c")
    return (
        _library(Path(options.dt_bundle))
        + f"""<table id="{element_id}"></table>
<script type="module">
const start = async () => {{
  const {{ ITable }} = await window.{_LOADED};
  new ITable(document.getElementById("{element_id}"), {table_arguments});
}};
if (window.{_LOADED}) {{ start(); }} else {{ window.addEventListener("{_READY}", start); }}
</script>
"""
    )


_LOADED = "rightsguard_datatables"
_READY = "rightsguard-datatables-ready"


def _library(bundle: Path) -> str:
    """DataTables' module and CSS (itables' offline bundle), loaded from the page itself."""
    script = base64.b64encode(bundle.read_bytes()).decode("ascii")
    css = base64.b64encode(bundle.with_suffix(".css").read_bytes()).decode("ascii")
    return f"""<script>
(() => {{
  const style = document.createElement("style");
  style.textContent = new TextDecoder().decode(Uint8Array.from(atob("{css}"), c => c.charCodeAt(0)));
  document.head.appendChild(style);
  const code = new TextDecoder().decode(Uint8Array.from(atob("{script}"), c => c.charCodeAt(0)));
  const url = URL.createObjectURL(new Blob([code], {{type: "application/javascript"}}));
  window.{_LOADED} = import(url);
  window.{_LOADED}.then(() => window.dispatchEvent(new Event("{_READY}")));
}})();
</script>
"""
