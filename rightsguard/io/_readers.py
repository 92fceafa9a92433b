"""Reading dispute files as they come: CSV in any common Chinese encoding,
tab-separated text disguised as ``.xls``, Excel workbooks and Parquet.

Text sources are read as text, every column a string, so that 19-digit ids
keep every digit; typing is validation's job. Each row carries its
``source_row`` and, for CSV, its ``source_line`` and any field-count problem.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import (
    BLANK_LINE,
    PROVENANCE_COLUMNS,
    SCHEMA,
    SOURCE_INEXACT,
    SOURCE_LINE,
    SOURCE_PROBLEM,
    SOURCE_ROW,
    SOURCE_UNCALCULATED,
)
from rightsguard.io._encoding import decode
from rightsguard.io._records import record_problems, records_of, refuse_stray_quote, refuse_unclosed_quote
from rightsguard.io._taobao import HEADERS
from rightsguard.io._workbook import scan_workbook

HEADER_SEARCH = 20
"""Rows looked at to find the header."""
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"


def read_source(path: str | Path, *, sheet: str | None = None) -> pl.DataFrame:
    """Read a dispute file into a frame of its own column names.

    Parameters
    ----------
    path
        ``.csv``/``.txt``/``.tsv`` text, ``.xlsx`` (or ``.xls`` that is
        really text, as older Taobao exports are), or ``.parquet``.
    sheet
        Worksheet name for Excel files; the first sheet by default.

    Returns
    -------
    polars.DataFrame
        Source columns plus ``source_row`` (and ``source_line`` and
        ``source_problem`` for text files).
    """
    path = Path(path)
    if not path.exists():
        raise said(FileNotFoundError, "err_no_dispute_file", path=path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(path)
    with path.open("rb") as file:
        head = file.read(4)
    if suffix in {".xlsx", ".xlsm"} or (suffix == ".xls" and head in {_OLE_MAGIC, _ZIP_MAGIC}):
        return read_excel(path, sheet=sheet)
    if suffix in {".csv", ".txt", ".tsv", ".xls"}:
        return read_text(path.read_bytes(), name=str(path))
    raise said(UnreadableFileError, "err_file_type", path=path, suffix=suffix)


def _read_parquet(path: Path) -> pl.DataFrame:
    """Read a Parquet file; a damaged one is refused by name, its native panic kept quiet."""
    try:
        with _native_stderr_silenced():
            frame = pl.read_parquet(path)
    except (Exception, pl.exceptions.PanicException) as error:  # a panic is no Exception
        reason = str(error).split("\n", 1)[0][:200]
        raise said(UnreadableFileError, "err_parquet", path=path, reason=reason) from error
    refuse_reserved(frame.columns, path)
    refuse_unread_types(frame.schema, path)
    return frame.with_row_index(SOURCE_ROW, offset=1)


UNREAD_TYPES = (pl.List, pl.Array, pl.Struct, pl.Duration, pl.Binary, pl.Object)
"""Column types no dispute cell holds: lists, records, spans of time, bytes, Python objects."""


def refuse_unread_types(schema: pl.Schema, name: str | Path, read: frozenset[str] | None = None) -> None:
    """Refuse a column the loaders read (canonical names, export headers and ``read``) whose
    type holds no single text, number or date. Other columns (a scored file's voucher lists,
    say) are not read, so they may.

    Raises
    ------
    UnreadableFileError
        Naming the file, each such column and its type.
    """
    read_here = {*SCHEMA, *(header for names in HEADERS.values() for header in names), *(read or ())}
    found = [f"'{c}' ({t})" for c, t in schema.items() if c in read_here and isinstance(t, UNREAD_TYPES)]
    if found:
        raise said(UnreadableFileError, "err_nested", name=name, columns=", ".join(found))


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Send what native code writes to standard error (a Rust panic's report) nowhere."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def refuse_reserved(columns: list[str], name: str | Path) -> None:
    """Refuse duplicate column names and columns named like rightsguard's provenance columns."""
    duplicates = [c for c, n in Counter(columns).items() if n > 1]
    reserved = [c for c in columns if c in PROVENANCE_COLUMNS]
    if duplicates:
        raise said(
            UnreadableFileError,
            "err_duplicate_headers",
            name=name,
            columns=", ".join(repr(c) for c in duplicates),
        )
    if reserved:
        raise said(
            UnreadableFileError,
            "err_reserved_headers",
            name=name,
            columns=", ".join(repr(c) for c in reserved),
        )


def read_excel(path: str | Path, *, sheet: str | None = None) -> pl.DataFrame:
    """Read a worksheet with every cell as text; rows are numbered as in Excel.

    An xlsx file is first scanned within bounds (:mod:`._workbook`): hostile
    or inflated workbooks are refused before a reader builds them. Title rows
    above the header are skipped, blank rows are marked, and a number too
    long for Excel to hold exactly (an 18-19 digit id typed as a number, whose
    last digits Excel has already changed) marks its row.
    """
    path = Path(path)
    with path.open("rb") as file:
        is_zip = file.read(4) == _ZIP_MAGIC
    scan = scan_workbook(path, sheet) if is_zip else None
    options = {"sheet_name": sheet} if sheet else {"sheet_id": 1}
    try:
        grid = pl.read_excel(
            path,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
            **options,
        )
    except Exception as error:  # the reader's own errors (zip, XML, OLE) name no file
        raise said(UnreadableFileError, "err_excel", path=path, error=error) from error
    if grid.height == 0:
        raise said(UnreadableFileError, "err_sheet_empty", path=path)
    header = header_index([list(r) for r in grid.head(HEADER_SEARCH).iter_rows()])
    names = [clean_header(str(v or f"column_{i + 1}")) for i, v in enumerate(grid.row(header))]
    refuse_reserved(names, path)
    body = grid.slice(header + 1).rename(dict(zip(grid.columns, names)))
    lines = pl.int_range(header + 2, header + 2 + pl.len(), dtype=pl.UInt32)
    cells = scan.inexact if scan else _inexact_binary_cells(path, header, options)
    blank = pl.all_horizontal(pl.col(names).is_null())
    return (
        body.with_columns(lines.alias(SOURCE_LINE))
        .join(_cell_rows(cells, names, SOURCE_INEXACT), on=SOURCE_LINE, how="left", maintain_order="left")
        .join(
            _cell_rows(scan.uncalculated if scan else [], names, SOURCE_UNCALCULATED),
            on=SOURCE_LINE,
            how="left",
            maintain_order="left",
        )
        .with_columns(pl.when(blank).then(pl.lit(BLANK_LINE)).alias(SOURCE_PROBLEM))
        .with_row_index(SOURCE_ROW, offset=1)
    )


def _inexact_binary_cells(path: Path, header: int, options: dict) -> list[tuple[int, int]]:
    """``(excel_row, column)`` of numbers too large to be exact in a binary (OLE) ``.xls``.

    Binary workbooks are not zip files and cannot be streamed like xlsx; the
    sheet is read again with inferred types, which finds such numbers in
    numeric columns (a column mixing text and numbers is read as text, so a
    rounded id there goes unseen: save such files as xlsx or CSV).
    """
    quiet = logging.getLogger("fastexcel.types.dtype")  # it warns about every empty column
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        typed = pl.read_excel(
            path,
            read_options={"header_row": header},
            infer_schema_length=None,
            drop_empty_rows=False,
            drop_empty_cols=False,
            **options,
        )
    except Exception as error:
        raise said(UnreadableFileError, "err_excel_numbers", path=path, error=error) from error
    finally:
        quiet.setLevel(level)
    numeric = [(i, c) for i, (c, dtype) in enumerate(typed.schema.items()) if dtype.is_numeric()]
    if not numeric:
        return []
    hits = (
        typed.select(
            pl.int_range(header + 2, header + 2 + pl.len(), dtype=pl.UInt32).alias("row"),
            *(pl.col(c).abs().ge(2**53).fill_null(False).alias(str(i)) for i, c in numeric),
        )
        .unpivot(index="row", variable_name="column")
        .filter("value")
    )
    return list(zip(hits["row"].to_list(), hits["column"].cast(pl.Int64).to_list()))


def _cell_rows(cells: list[tuple[int, int]], names: list[str], alias: str) -> pl.DataFrame:
    """Per Excel row, the names of the columns of ``cells``, as the list column ``alias``.

    The cells are numbers too long for Excel to hold exactly (Excel keeps
    numbers as 64-bit floats, exact only below 2**53; an 18-19 digit id typed
    as a number has already lost its last digits), or formulas saved without
    their value.
    """
    found = pl.DataFrame(cells, schema={SOURCE_LINE: pl.UInt32, "column": pl.Int64}, orient="row")
    label = pl.Series([*names, ""])
    return (
        found.with_columns(pl.lit(label).gather(pl.col("column").clip(0, len(names))).alias("name"))
        .group_by(SOURCE_LINE, maintain_order=True)
        .agg(pl.col("name").alias(alias))
    )


def read_text(data: bytes, *, name: str = "input") -> pl.DataFrame:
    """Read delimited text of unknown encoding, every field as a string.

    Rows whose number of fields differs from the header's get a
    ``source_problem`` naming both counts, and blank lines are marked too
    (validation skips and counts them). Line endings are LF or CRLF; a
    carriage return inside a quoted field is kept. A quote that opens a field
    and never closes, or a quote inside a value (``破"损``, which parsers read
    as opening a field that swallows the lines after it), refuses the file,
    naming its line. A quoted value whose continuation lines are shaped like
    rows of their own (a quote closed too late) marks its row.
    """
    text = decode(data, name)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # a file with old Mac line endings only
    if not text.strip():
        raise said(UnreadableFileError, "err_file_empty", name=name)
    first_lines = text.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
    separator = (
        "\t" if sum(x.count("\t") for x in first_lines) > sum(x.count(",") for x in first_lines) else ","
    )
    header = header_index([list[object](line.split(separator)) for line in first_lines])
    encoded = text.encode("utf-8")
    records = records_of(encoded, separator).filter(pl.col("line") > header)
    refuse_stray_quote(records, name)
    refuse_unclosed_quote(records, name)
    refuse_reserved(_header_cells(text, separator, header, name), name)
    try:
        frame = pl.read_csv(
            io.BytesIO(encoded),
            separator=separator,
            skip_lines=header,
            infer_schema=False,
            truncate_ragged_lines=True,
            with_column_names=lambda found: [clean_header(n) for n in found],
        )
    except pl.exceptions.PolarsError as error:
        raise said(UnreadableFileError, "err_csv_parser", name=name, error=error) from error
    if records.height - 1 != frame.height:
        raise said(
            UnreadableFileError, "err_csv_records", name=name, records=records.height - 1, rows=frame.height
        )
    rows = record_problems(records.slice(1), records["fields"][0])
    return pl.concat([frame, rows], how="horizontal").with_row_index(SOURCE_ROW, offset=1)


def header_index(rows: list[list[object]]) -> int:
    """Index of the header among the first rows: the first that is mostly filled in.

    Exports sometimes put a title (``退款报表 2026-01``) or export notes above
    the header; those rows have one or two cells where the header has many.
    """
    filled = [sum(1 for v in row if v is not None and str(v).strip()) for row in rows]
    widest = max(filled, default=0)
    return next((i for i, n in enumerate(filled) if widest and n >= widest / 2), 0)


def clean_header(name: str) -> str:
    return name.replace("\ufeff", "").replace("\u3000", " ").strip()


def _header_cells(text: str, separator: str, header: int, name: str) -> list[str]:
    """The header's names as written (the CSV parser would rename duplicates)."""
    line = text.split("\n", header + 1)[header]
    try:
        cells = pl.read_csv(
            io.BytesIO(line.encode("utf-8")),
            separator=separator,
            has_header=False,
            infer_schema=False,
            n_rows=1,
        )
    except pl.exceptions.PolarsError as error:
        raise said(UnreadableFileError, "err_csv_header", name=name, line=header + 1, error=error) from error
    return [clean_header(v or "") for v in cells.row(0)] if cells.height else []
