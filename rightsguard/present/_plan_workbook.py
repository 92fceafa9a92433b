"""The week's plan as a workbook a seller fills in: the summary sheet, one plan sheet per shop with
the action drop-down, frozen id and advice, row heights that fit the text and an A4 landscape print,
and the run it came from on a very hidden sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from rightsguard._schema import MEMORY_ONLY_COLUMNS
from rightsguard._vocabulary import say, text, translate
from rightsguard._vocabulary._names import ANALYST_FIGURES
from rightsguard.decide._options import OPTIONS
from rightsguard.io._atomic import atomic_file
from rightsguard.io._plan_file import ORIGIN_SHEET, PlanOrigin
from rightsguard.io._writers import neutralise_formulas, xlsx_workbook
from rightsguard.present._colours import OPTION_TINTS
from rightsguard.present._plan import PEOPLE_COLUMNS, plan_for_people
from rightsguard.present._readable import WORKBOOK_MAX, readable, readable_columns
from rightsguard.present._summary import ScoreSummary


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
    path = Path(path)
    people = readable_columns(neutralise_formulas(plan_for_people(plan, lang)), WORKBOOK_MAX)
    with atomic_file(path) as staging, xlsx_workbook(staging) as book:
        _summary_sheet(summary, book, lang)
        _plan_sheet(people, book, text("sheet_plan", lang), lang)
        shops = plan["shop"].drop_nulls().unique().sort().to_list()
        if len(shops) > 1:
            for shop in shops:
                _plan_sheet(
                    people.filter(pl.col(text("plan_shop", lang)) == shop), book, _sheet_name(shop), lang
                )
        if disputes is not None:
            disputes = disputes.drop(MEMORY_ONLY_COLUMNS, strict=False)  # a file holds their words
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
    return path


NUMBER_FORMATS = {"count": "#,##0", "money": "¥#,##0", "share": "0.0%", "score": "0.000"}
"""The summary sheet's number format for each kind of figure."""


def _summary_sheet(summary: ScoreSummary | None, book, lang: str) -> None:
    """The seller's figures as numbers in their formats, a caution when there are warnings and
    the seller's notes; then, under the analyst's heading, the model's figures, the warnings
    and the notes in an analyst's words."""
    sheet = book.add_worksheet(text("sheet_summary", lang))
    bold = book.add_format({"bold": True})
    formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 16)
    sheet.write_string(0, 0, text("sheet_summary", lang), bold)
    if summary is None:
        return
    for_analyst = pl.col("figure").is_in(ANALYST_FIGURES)
    row = _figures(sheet, summary.figures.filter(~for_analyst), 1, formats, lang)
    cautions = [say("warnings_for_seller", lang, n=len(summary.warnings))] if summary.warnings else []
    row = _lines(sheet, text("heading_warnings", lang), cautions, row, bold, wrap)
    row = _lines(sheet, text("heading_evidence", lang), summary.seller_notes(), row, bold, wrap)
    analyst = [*summary.warnings, *summary.analyst_notes]
    sheet.write_string(row + 1, 0, text("heading_analyst", lang), bold)
    row = _figures(sheet, summary.figures.filter(for_analyst), row + 2, formats, lang)
    _lines(sheet, None, analyst, row, bold, wrap)


def _figures(sheet, figures: pl.DataFrame, row: int, formats: dict, lang: str) -> int:
    """Figures as numbers in their formats from ``row``; returns the row after them."""
    for name, value, number, kind in figures.with_columns(translate(pl.col("figure"), lang)).iter_rows():
        sheet.write_string(row, 0, name)
        if number is None:
            sheet.write_string(row, 1, value)
        else:
            sheet.write_number(row, 1, number, formats[kind])
        row += 1
    return row


def _lines(sheet, heading: str | None, lines: list[str], row: int, bold, wrap) -> int:
    """Sentences under a heading (none when there are none), each wrapped across six columns."""
    if not lines:
        return row
    if heading is not None:
        sheet.write_string(row + 1, 0, heading, bold)
        row += 1
    for k, line in enumerate(lines):
        sheet.merge_range(row + 1 + k, 0, row + 1 + k, 5, readable(line, WORKBOOK_MAX), wrap)
        sheet.set_row(row + 1 + k, 15 * (1 + len(line) // 110))
    return row + 1 + len(lines)


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
        "stage": 14,
        "due_at": 17,
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
            **{header[c]: wrap for c in ("stage", "status", "next_step", "collect", "check", "explanation")},
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


def _pixels(characters: int) -> int:
    """A column width in characters as the pixels polars' ``write_excel`` takes (Excel's rule:
    seven pixels a character of the default font, plus five of padding)."""
    return characters * 7 + 5


def _sheet_name(shop: str) -> str:
    """An xlsx sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in shop)
    return cleaned[:31] or "_"


FROZEN_COLUMNS = PEOPLE_COLUMNS.index("action_taken")
"""Columns the workbook keeps in view while scrolling sideways: the priority, id and advice."""


PRINTED_COLUMNS = PEOPLE_COLUMNS.index("next_step") + 1
"""Columns printed, one page wide: up to the next step."""


def action_choices(lang: str) -> list[str]:
    """What the seller may write under "action taken": each option, or "not handled"."""
    return [*(_translated(o, lang) for o in OPTIONS), text("not_handled", lang)]


def _translated(option: str, lang: str) -> str:
    return pl.select(translate(pl.lit(option), lang)).item()
