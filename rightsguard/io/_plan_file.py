"""The plan as a seller hands it back: what they typed, which run it came from, whether it is
open in a spreadsheet, and ids a spreadsheet mangled.

A plan (``action_list.xlsx`` or ``action_list.csv``) holds one row per open
case; the seller fills in 处理结果 / Action taken and 备注 / Note. The workbook
carries the run that made it on a sheet the seller never sees
(:data:`ORIGIN_SHEET`, very hidden); a CSV cannot, so the store finds its run
by its content. Excel and WPS turn an 18-19 digit id saved as a number into
``5.59870537609235E+18`` or round its last digits to zeros: such ids are found
here so that nothing is recorded against the wrong case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import SOURCE_LINE
from rightsguard._vocabulary import LANGUAGES, text
from rightsguard.io._parse import clean_text
from rightsguard.io._readers import read_source

ORIGIN_SHEET = "rightsguard"
"""The workbook's very hidden sheet naming the run and the store the plan came from."""
PLAN_NAMES = ("action_list.xlsx", "action_list.csv")
"""The plan files a report writes."""
EXACT_DIGITS = 15
"""Digits a spreadsheet keeps of a number; the rest become zeros."""

_SCIENTIFIC = r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+$"
_DECIMAL_ID = r"^[0-9]{6,}\.[0-9]+$"


@dataclass(frozen=True)
class PlanOrigin:
    """The run a plan came from and the store that logged it (its file name)."""

    run_id: str
    store: str


@dataclass(frozen=True)
class PlanFile:
    """What a plan holds.

    Attributes
    ----------
    rows
        One row per line holding anything: ``line`` (as the spreadsheet numbers
        it), ``dispute_id``, ``advice``, ``action`` and ``note`` (text, null when blank).
    origin
        The run it came from, when the workbook says so.
    id_column
        The header of its id column, as the file spells it.
    """

    rows: pl.DataFrame
    origin: PlanOrigin | None
    id_column: str

    @property
    def filled(self) -> pl.DataFrame:
        """The rows whose action was typed in."""
        return self.rows.filter(pl.col("action").is_not_null())


def read_plan(path: str | Path) -> PlanFile:
    """Read a plan a seller filled in (xlsx or CSV, Chinese or English headers).

    Raises
    ------
    UnreadableFileError
        When the file has no dispute-id or action column.
    """
    path = Path(path)
    raw = _plan_sheet(path)
    headers = {
        key: _header(raw, key)
        for key in ("plan_dispute_id", "plan_action_taken", "plan_note", "plan_recommendation")
    }
    if headers["plan_dispute_id"] is None or headers["plan_action_taken"] is None:
        raise said(
            UnreadableFileError,
            "err_not_plan",
            path=path,
            ids=" / ".join(text("plan_dispute_id", lang) for lang in LANGUAGES),
            actions=" / ".join(text("plan_action_taken", lang) for lang in LANGUAGES),
        )

    def column(key: str) -> pl.Expr:
        name = headers[key]
        return clean_text(pl.col(name)) if name is not None else pl.lit(None, pl.String)

    rows = raw.select(
        pl.col(SOURCE_LINE).cast(pl.Int64).alias("line"),
        column("plan_dispute_id").alias("dispute_id"),
        column("plan_recommendation").alias("advice"),
        column("plan_action_taken").alias("action"),
        column("plan_note").alias("note"),
    ).filter(pl.any_horizontal(pl.col("dispute_id", "action", "note").is_not_null()))
    return PlanFile(rows, _origin(path), headers["plan_dispute_id"])


def mangled_ids(rows: pl.DataFrame, known: pl.Series) -> pl.DataFrame:
    """The rows whose id a spreadsheet mangled: scientific notation, a decimal point, or 16+
    digits whose tail past the 15th is zeros and which is no id in ``known``."""
    digits = pl.col("dispute_id")
    rounded = (
        digits.str.contains(r"^[0-9]{16,}$")
        & digits.str.slice(EXACT_DIGITS).str.contains(r"^0+$")
        & ~digits.is_in(known.implode())
    )
    return rows.filter(digits.str.contains(_SCIENTIFIC) | digits.str.contains(_DECIMAL_ID) | rounded)


def open_plan_locks(directory: Path) -> list[Path]:
    """The lock files Excel, WPS or LibreOffice keep beside a plan while it is open."""
    if not directory.is_dir():
        return []
    return sorted(
        directory / lock
        for name in PLAN_NAMES
        for lock in (f"~${name}", f".~lock.{name}#")
        if (directory / lock).exists()
    )


def filled_plans(directory: Path) -> dict[Path, int]:
    """The plans in ``directory`` in which the seller typed an action or a note, with the number
    of rows typed in."""
    found = {}
    for name in PLAN_NAMES:
        path = directory / name
        if path.is_file():
            try:
                plan = read_plan(path)
            except (UnreadableFileError, OSError):
                continue  # not a plan a seller could have filled in
            typed = plan.rows.filter(pl.any_horizontal(pl.col("action", "note").is_not_null()))
            if typed.height:
                found[path] = typed.height
    return found


def _plan_sheet(path: Path) -> pl.DataFrame:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return read_source(path)
    for lang in LANGUAGES:
        try:
            return read_source(path, sheet=text("sheet_plan", lang))
        except UnreadableFileError:
            continue
    return read_source(path)


def _header(raw: pl.DataFrame, key: str) -> str | None:
    return next((text(key, lang) for lang in LANGUAGES if text(key, lang) in raw.columns), None)


def _origin(path: Path) -> PlanOrigin | None:
    """The run and store on the workbook's hidden sheet, if it has one."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        cells = pl.read_excel(path, sheet_name=ORIGIN_SHEET, has_header=False, infer_schema_length=0)
    except Exception:  # no such sheet: a plan from an older release, or rebuilt by hand
        return None
    said_there = dict(cells.select(cells.columns[:2]).iter_rows()) if cells.width >= 2 else {}
    run, store = said_there.get("run"), said_there.get("store")
    return PlanOrigin(str(run), str(store or "")) if run else None
