"""The week's plan: open disputes ranked by what is at stake and how soon they are due.

The plan is what the report, the CSV, the xlsx and the notebooks show of the
open disputes. Its order:

1. **due first**: a dispute whose deadline (超时时间) has passed or falls
   within :data:`DUE_SOON_HOURS` of the newest dispute in the data (the export's
   moment; exports are snapshots, so "now" is theirs, not the clock's);
2. then by **money at stake**: the policy's expected cost of the recommended
   option (``expected_cost``, refunds, handling and a ruling's price weighed
   by their chances), the number the decision itself compared;
3. then by deadline, then by days open.

:func:`plan_for_people` gives the same rows with headers and values in the
reader's language, probabilities as rounded shares and plain timestamps;
:func:`write_plan_xlsx` writes a workbook with a summary sheet, the plan
(frozen header, filters, ¥ and % formats, wrapped text, options coloured) and
one sheet per shop when there are several.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard._vocabulary import text, translate, voucher_names
from rightsguard.decide._policy import OPTIONS, Policy
from rightsguard.io._plan_file import ORIGIN_SHEET, PlanOrigin
from rightsguard.io._writers import atomic_file, neutralise_formulas
from rightsguard.present._colours import OPTION_TINTS

if TYPE_CHECKING:
    from rightsguard.decide._result import ScoringRun
    from rightsguard.present._summary import ScoreSummary

DUE_SOON_HOURS = 48
"""A deadline this close to the export's moment puts a dispute at the top of the plan."""

PLAN_COLUMNS: tuple[str, ...] = (
    "priority",
    "dispute_id",
    "order_id",
    "shop",
    "recommendation",
    "money_at_stake",
    "amount",
    "p_negotiated",
    "p_win_ruling",
    "days_open",
    "hours_to_deadline",
    "next_step",
    "collect",
    "check",
    "reason",
    "explanation",
    "last_action",
    "last_action_at",
)
"""The plan's columns, in order; their headers are the ``plan_<column>`` words of the vocabulary.
``last_action`` and ``last_action_at`` are the seller's latest recorded choice on the case, when
the run came from a store (null otherwise)."""

PEOPLE_COLUMNS: tuple[str, ...] = (
    "priority",
    "dispute_id",
    "recommendation",
    "action_taken",
    "note",
    "last_action",
    "status",
    "money_at_stake",
    "amount",
    "next_step",
    "collect",
    "check",
    "order_id",
    "shop",
    "p_negotiated",
    "p_win_ruling",
    "days_open",
    "hours_to_deadline",
    "reason",
    "explanation",
)
"""The columns a person reads (:func:`plan_for_people`), in the order of filling in: the id and
the advice, then ``action_taken`` and ``note`` left for the seller (one of the options or "not
handled"; ``rightsguard record`` stores them), the choice recorded last time, the deadline's
``status`` in words and the money; the details follow."""

FROZEN_COLUMNS = PEOPLE_COLUMNS.index("action_taken")
"""Columns the workbook keeps in view while scrolling sideways: the priority, id and advice."""
PRINTED_COLUMNS = PEOPLE_COLUMNS.index("next_step") + 1
"""Columns printed, one page wide: up to the next step."""

STALE_DAYS = 30
"""An open dispute this many days old has probably moved on since the export: export again."""


def action_plan(scored: pl.DataFrame | ScoringRun) -> pl.DataFrame:
    """The open disputes as a plan, in priority order (see the module's text).

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them.

    Returns
    -------
    polars.DataFrame
        :data:`PLAN_COLUMNS` (``collect`` and ``check`` as lists of voucher
        ids); empty when no dispute is open.
    """
    decided = getattr(scored, "decisions", None)
    scored = scored_disputes(scored, "action_plan")
    moment = scored.select(pl.col("opened_at").max()).item()
    open_ = scored.filter(pl.col("resolution").cast(pl.String) == "open")
    hours_left = (pl.col("deadline_at") - pl.lit(moment)).dt.total_seconds() / 3600
    planned = (
        open_.with_columns(
            pl.col("expected_cost").round(2).alias("money_at_stake"),
            ((pl.lit(moment) - pl.col("opened_at")).dt.total_seconds() // 86_400)
            .cast(pl.Int64)
            .alias("days_open"),
            hours_left.round(0).cast(pl.Int64).alias("hours_to_deadline"),
            (hours_left <= DUE_SOON_HOURS).fill_null(False).alias("_due"),
            pl.col("missing_vouchers").alias("collect"),
            pl.col("unknown_vouchers").alias("check"),
        )
        .join(_last_actions(decided), on="dispute_id", how="left")
        .sort(
            ["_due", "money_at_stake", "hours_to_deadline", "days_open"],
            descending=[True, True, False, True],
            nulls_last=True,
        )
    )
    return planned.with_row_index("priority", offset=1).select(PLAN_COLUMNS)


def _last_actions(decided: pl.DataFrame | None) -> pl.DataFrame:
    """Each case's latest recorded choice and when, as the plan's two columns."""
    empty = pl.DataFrame(
        schema={"dispute_id": pl.String, "last_action": pl.String, "last_action_at": pl.Datetime("us")}
    )
    if decided is None or not decided.height:
        return empty
    return decided.select(
        "dispute_id",
        pl.col("option").cast(pl.String).alias("last_action"),
        pl.col("recorded_at").cast(pl.Datetime("us")).alias("last_action_at"),
    )


def plan_for_people(plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """The plan as a person reads it: words in ``lang``, shares rounded, headers translated, and
    each dispute's deadline status in words (:data:`PEOPLE_COLUMNS`)."""
    names = voucher_names(lang)
    separator = text("voucher_separator", lang)
    if "last_action" not in plan.columns:  # a plan made without a store, or by hand
        plan = plan.with_columns(
            pl.lit(None, pl.String).alias("last_action"),
            pl.lit(None, pl.Datetime("us")).alias("last_action_at"),
        )
    readable = plan.with_columns(
        translate(pl.col("recommendation"), lang),
        translate(pl.col("reason"), lang),
        *(
            pl.col(c).list.eval(pl.element().replace(names)).list.join(separator)
            for c in ("collect", "check")
        ),
        pl.col("p_negotiated", "p_win_ruling").round(3),
        _status(lang).alias("status"),
        pl.lit(None, pl.String).alias("action_taken"),
        pl.lit(None, pl.String).alias("note"),
        _last_action(lang).alias("last_action"),
    )
    return readable.select(PEOPLE_COLUMNS).rename({c: text(f"plan_{c}", lang) for c in PEOPLE_COLUMNS})


def _last_action(lang: str) -> pl.Expr:
    """The seller's latest recorded choice and its day: 协商，11月28日."""
    choice = (
        pl.when(pl.col("last_action") == "not_handled")
        .then(pl.lit(text("not_handled", lang)))
        .otherwise(translate(pl.col("last_action"), lang))
    )
    return pl.concat_str(
        choice,
        pl.col("last_action_at").dt.strftime(text("last_action_date", lang)),
        separator=text("list_separator", lang),
    )


def _status(lang: str) -> pl.Expr:
    """Overdue by how many days, due within how many hours, or no deadline known; and a word
    when the dispute is old enough that its status has probably moved on."""
    hours = pl.col("hours_to_deadline")
    deadline = (
        pl.when(hours < 0)
        .then(pl.format(text("status_overdue", lang), (23 - hours) // 24))
        .when(hours <= DUE_SOON_HOURS)
        .then(pl.format(text("status_due", lang), hours))
        .when(hours.is_null())
        .then(pl.lit(text("status_no_deadline", lang)))
    )
    stale = pl.when(pl.col("days_open") >= STALE_DAYS).then(
        pl.format(text("status_stale", lang), pl.col("days_open"))
    )
    return pl.concat_str(deadline, stale, separator=text("list_separator", lang), ignore_nulls=True)


PAGE_COLUMNS: tuple[str, ...] = (
    "priority",
    "order_id",
    "dispute_id",
    "recommendation",
    "money_at_stake",
    "amount",
    "days_open",
    "status",
    "next_step",
)
"""The plan's columns the page shows side by side; the rest go, labelled, into one wrapped
``details`` cell, so that every column is read without scrolling sideways."""


def plan_for_page(plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """The plan as the page shows it: :data:`PAGE_COLUMNS`, the shop when there are several,
    and a ``details`` column holding the reason, the vouchers, both chances and why."""
    people = plan_for_people(plan, lang)
    header = {c: text(f"plan_{c}", lang) for c in PEOPLE_COLUMNS}
    shown = {c: pl.col(header[c]).cast(pl.String) for c in ("reason", "collect", "check", "explanation")}
    shown |= {
        c: pl.format("{}%", (pl.col(header[c]) * 100).round(0).cast(pl.Int64))
        for c in ("p_negotiated", "p_win_ruling")
    }
    labelled = [
        pl.when(shown[c].str.len_chars() > 0).then(pl.format(f"{header[c]}: {{}}", shown[c]))
        for c in ("reason", "collect", "check", "p_negotiated", "p_win_ruling", "explanation")
    ]
    shops = ["shop"] if plan["shop"].drop_nulls().n_unique() > 1 else []
    return people.select(
        *(header[c] for c in (*PAGE_COLUMNS[:3], *shops, *PAGE_COLUMNS[3:])),
        pl.concat_str(labelled, separator=" · ", ignore_nulls=True).alias(text("plan_details", lang)),
    )


def write_plan_xlsx(
    plan: pl.DataFrame,
    path: str | Path,
    *,
    lang: str = "en",
    summary: ScoreSummary | None = None,
    disputes: pl.DataFrame | None = None,
    origin: PlanOrigin | None = None,
) -> Path:
    """A workbook of the plan: summary, plan, and one sheet per shop when there are several.

    Parameters
    ----------
    plan
        From :func:`action_plan`.
    summary
        What :func:`rightsguard.summarise` made of the run: its figures go on the
        summary sheet as numbers in their formats, then its warnings and notes.
    disputes
        Every scored dispute, in canonical columns, for a last sheet of data
        (header frozen, filters on).
    origin
        The logged run the plan came from (:attr:`ScoringRun.origin`), kept on a
        very hidden sheet so that ``record`` ties the choices to it.
    """
    import xlsxwriter  # imported where needed: most runs write no workbook

    path = Path(path)
    people = neutralise_formulas(plan_for_people(plan, lang))
    with atomic_file(path) as staging:
        book = xlsxwriter.Workbook(
            str(staging),
            {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False},
        )
        _summary_sheet(summary, book, lang)
        _plan_sheet(people, book, text("sheet_plan", lang), lang)
        shops = plan["shop"].drop_nulls().unique().sort().to_list()
        if len(shops) > 1:
            for shop in shops:
                _plan_sheet(
                    people.filter(pl.col(text("plan_shop", lang)) == shop), book, _sheet_name(shop), lang
                )
        if disputes is not None:
            neutralise_formulas(
                disputes.select(pl.exclude(pl.List(pl.String))).with_columns(
                    disputes.select(pl.col(pl.List(pl.String)).list.join(", "))
                )
            ).write_excel(
                workbook=book,
                worksheet=text("sheet_data", lang),
                autofilter=True,
                freeze_panes=(1, 0),
                autofit=True,
            )
        if origin is not None:
            hidden = book.add_worksheet(ORIGIN_SHEET)
            hidden.write_row(0, 0, ["run", origin.run_id])
            hidden.write_row(1, 0, ["store", origin.store])
            hidden.very_hidden()
        book.close()
    return path


NUMBER_FORMATS = {"count": "#,##0", "money": "¥#,##0", "share": "0.0%", "score": "0.000"}
"""The summary sheet's number format for each kind of figure."""


def _summary_sheet(summary: ScoreSummary | None, book, lang: str) -> None:
    """The figures as numbers in their formats, then the warnings and notes as text."""
    sheet = book.add_worksheet(text("sheet_summary", lang))
    bold = book.add_format({"bold": True})
    formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 16)
    sheet.write_string(0, 0, text("sheet_summary", lang), bold)
    if summary is None:
        return
    figures = summary.figures.with_columns(translate(pl.col("figure"), lang))
    row = 1
    for name, value, number, kind in figures.iter_rows():
        sheet.write_string(row, 0, name)
        if number is None:
            sheet.write_string(row, 1, value)
        else:
            sheet.write_number(row, 1, number, formats[kind])
        row += 1
    for heading, lines in (
        (text("heading_warnings", lang), summary.warnings),
        (text("heading_evidence", lang), summary.notes),
    ):
        if lines:
            sheet.write_string(row + 1, 0, heading, bold)
            for k, line in enumerate(lines):
                sheet.merge_range(row + 2 + k, 0, row + 2 + k, 5, line, wrap)
                sheet.set_row(row + 2 + k, 15 * (1 + len(line) // 110))
            row += 2 + len(lines)


def _plan_sheet(people: pl.DataFrame, book, name: str, lang: str) -> None:
    header = {c: text(f"plan_{c}", lang) for c in PEOPLE_COLUMNS}
    money = book.add_format({"num_format": "¥#,##0.00", "valign": "top"})
    share = book.add_format({"num_format": "0%", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    widths = {
        "dispute_id": 22,
        "order_id": 22,
        "shop": 14,
        "recommendation": 12,
        "money_at_stake": 13,
        "amount": 12,
        "p_negotiated": 10,
        "p_win_ruling": 10,
        "days_open": 9,
        "hours_to_deadline": 10,
        "status": 20,
        "next_step": 48,
        "collect": 26,
        "check": 26,
        "reason": 14,
        "explanation": 56,
        "priority": 7,
        "action_taken": 14,
        "note": 20,
        "last_action": 16,
    }
    colours: dict[Any, Any] = {  # polars types the keys as column selectors
        header["recommendation"]: [
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{translated}"',
                "format": book.add_format({"bg_color": colour}),
            }
            for option, colour in OPTION_TINTS.items()
            for translated in [_translated(option, lang)]
        ]
    }
    people.write_excel(
        workbook=book,
        worksheet=name,
        autofilter=True,
        freeze_panes=(1, FROZEN_COLUMNS),
        header_format={"bold": True, "text_wrap": True, "valign": "top"},
        column_formats={
            header["money_at_stake"]: money,
            header["amount"]: money,
            header["p_negotiated"]: share,
            header["p_win_ruling"]: share,
            **{header[c]: wrap for c in ("status", "next_step", "collect", "check", "explanation")},
        },
        column_widths={header[c]: _pixels(w) for c, w in widths.items()},
        conditional_formats=colours,
        row_heights=_row_heights(people, {header[c]: w for c, w in widths.items()}),
    )
    sheet = book.get_worksheet_by_name(name)
    column = people.columns.index(header["action_taken"])
    sheet.data_validation(
        1,
        column,
        max(people.height, 1),
        column,
        {"validate": "list", "source": action_choices(lang), "ignore_blank": True},
    )
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, max(people.height, 1), PRINTED_COLUMNS - 1)
    sheet.fit_to_pages(1, 0)


LINE_PIXELS = 20
"""A wrapped line's height in pixels (15 points), in the default font."""
MAX_LINES = 8
"""The most lines a row grows to; longer text stays in the cell, shown when it is selected."""


def _row_heights(people: pl.DataFrame, widths: dict[str, int]) -> dict[int | tuple[int, ...], int]:
    """Each row's height (pixels) for its longest wrapped cell, rows of one height grouped.

    A cell's width in characters counts a Chinese character as two: its UTF-8
    bytes and characters averaged (three and one for Chinese, one and one for
    Latin letters).
    """
    wrapped = [c for c in people.columns if people.schema[c] == pl.String and c in widths]
    lines = pl.max_horizontal(
        (
            (pl.col(c).fill_null("").str.len_bytes() + pl.col(c).fill_null("").str.len_chars())
            / 2
            / widths[c]
        ).ceil()
        for c in wrapped
    )
    heights = (
        people.select((lines.clip(1, MAX_LINES) * LINE_PIXELS).cast(pl.Int64).alias("height"))
        .with_row_index("row", offset=1)
        .group_by("height")
        .agg(pl.col("row"))
    )
    return {tuple(rows): height for height, rows in heights.iter_rows()}


def action_choices(lang: str) -> list[str]:
    """What the seller may write under "action taken": each option, or "not handled"."""
    return [*(_translated(o, lang) for o in OPTIONS), text("not_handled", lang)]


def _pixels(characters: int) -> int:
    """A column width in characters as the pixels polars' ``write_excel`` takes (Excel's rule:
    seven pixels a character of the default font, plus five of padding)."""
    return characters * 7 + 5


def _translated(option: str, lang: str) -> str:
    return pl.select(translate(pl.lit(option), lang)).item()


def _sheet_name(shop: str) -> str:
    """An xlsx sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in shop)
    return cleaned[:31] or "_"


SHOP_COLUMNS = (
    "shop",
    "disputes",
    "open",
    "negotiated_share",
    "money_at_stake",
    "refund_now",
    "negotiate",
    "escalate",
)
"""The shop comparison's columns; their headers are the ``shops_<column>`` words."""


def shop_comparison(scored: pl.DataFrame | ScoringRun, plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """One row per shop: disputes, open ones, negotiated share of the closed, money at stake, options.

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them.
    plan
        Their :func:`action_plan`.
    lang
        Language of the headers.
    """
    scored = scored_disputes(scored, "shop_comparison")
    resolution = pl.col("resolution").cast(pl.String)
    closed = resolution != "open"
    history = scored.group_by("shop").agg(
        pl.len().alias("disputes"),
        (~closed).sum().alias("open"),
        ((resolution == "negotiated").sum() / closed.sum()).round(3).alias("negotiated_share"),
    )
    actions = plan.group_by("shop").agg(
        pl.col("money_at_stake").sum().round(2),
        *(
            (pl.col("recommendation").cast(pl.String) == o).sum().alias(o)
            for o in ("refund_now", "negotiate", "escalate")
        ),
    )
    table = history.join(actions, on="shop", how="left", nulls_equal=True).with_columns(
        pl.col("money_at_stake", "refund_now", "negotiate", "escalate").fill_null(0)
    )
    return (
        table.sort("money_at_stake", "shop", descending=[True, False])
        .select(SHOP_COLUMNS)
        .rename({c: text(f"shops_{c}", lang) for c in SHOP_COLUMNS})
    )


def what_if(scored: pl.DataFrame | ScoringRun, policy: Policy, lang: str = "en") -> pl.DataFrame:
    """How the open disputes' options would move under another policy.

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them (scored under
        their own policy).
    policy
        The policy to try, e.g. ``rg.Policy(min_win_probability=0.3)``.
    lang
        Language of the option names.

    Returns
    -------
    polars.DataFrame
        One row per move (``option_now`` → ``option_then``, unchanged ones
        included): ``disputes``, their ``amount`` (CNY) and the expected cost
        of the open disputes under each policy, the biggest moves first.
    """
    scored = scored_disputes(scored, "what_if")
    open_ = scored.filter(pl.col("resolution").cast(pl.String) == "open")
    moved = (
        open_.with_columns(
            policy.option().alias("option_then"), policy.expected_cost().round(2).alias("expected_cost_then")
        )
        .group_by(pl.col("recommendation").alias("option_now"), "option_then")
        .agg(
            pl.len().alias("disputes"),
            pl.col("amount").sum().round(2),
            pl.col("expected_cost").sum().round(2).alias("expected_cost_now"),
            pl.col("expected_cost_then").sum().round(2),
        )
    )
    return moved.sort(
        ["disputes", "option_now", "option_then"], descending=[True, False, False]
    ).with_columns(translate(pl.col("option_now"), lang), translate(pl.col("option_then"), lang))
