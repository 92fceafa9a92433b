"""A bounded look inside an ``.xlsx`` file before any spreadsheet reader opens it.

An xlsx file is a zip of XML parts. A hostile or broken one can cost far more
than its size: a zip bomb decompresses to gigabytes, an XML entity expands
without end, and one stray cell in the last row makes a reader build a
million-row grid. The worksheet (and its shared strings) is streamed here
once, decompressed in chunks against a byte cap, and refused when it declares
XML entities or when its used range is far larger than the rows that hold
data. The same pass finds the cells Excel stored as numbers too large to be
exact (an 18-19 digit id typed as a number has already lost its last digits),
whatever the rest of their column holds, and the formulas saved without their
value (written by a program that does not calculate), which a reader would
give as empty cells.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from rightsguard._errors import UnreadableFileError, said

MAX_BYTES_ENV = "RIGHTSGUARD_XLSX_MAX_MB"
"""Environment variable raising the cap on decompressed worksheet bytes (in MB)."""
DEFAULT_MAX_MB = 300
SPARSE_FACTOR = 10
"""A used range more than this many times the rows holding data (plus a margin) is refused."""
SPARSE_MARGIN = 10_000

_CHUNK = 1 << 20
_EXACT_LIMIT = 2**53
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_NUMBER_CELL = re.compile(
    rb'<c\b(?=[^>]*\br="([A-Z]+)(\d+)")(?![^>]*\bt="(?:s|str|inlineStr|b|e)")[^>]*>'
    rb"(?:<f\b[^>]*(?:/>|>.*?</f>))?<v>(-?(?:\d{16,}(?:\.\d*)?|\d(?:\.\d+)?[eE]\+?(?:1[5-9]|[2-9]\d|\d{3,})))</v>"
)
"""A number cell (no text type) whose value has 16+ digits or an exponent of 15+: the candidates."""
_UNCALCULATED_CELL = re.compile(
    rb'<c\b(?=[^>]*\br="([A-Z]+)(\d+)")[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
"""A formula cell with no saved value."""
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class WorkbookScan:
    """What one worksheet holds, read within bounds.

    Attributes
    ----------
    inexact : list of tuple
        ``(excel_row, column_index)`` of each number too large for Excel to
        hold exactly (0-based column index).
    uncalculated : list of tuple
        ``(excel_row, column_index)`` of each formula saved without its value.
    rows : int
        Rows that hold at least one cell.
    last_row : int
        The highest row number with a cell.
    """

    inexact: list[tuple[int, int]]
    uncalculated: list[tuple[int, int]]
    rows: int
    last_row: int


def scan_workbook(path: str | Path, sheet: str | None = None) -> WorkbookScan:
    """Stream one worksheet of an xlsx file and refuse it if it is hostile or unbounded.

    Raises
    ------
    UnreadableFileError
        When the file is no readable zip, a part declares XML entities, the
        decompressed worksheet passes the byte cap, or its used range is
        inflated far beyond the rows that hold data.
    """
    limit = int(float(os.environ.get(MAX_BYTES_ENV, DEFAULT_MAX_MB)) * 1_000_000)
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet, path)
            read = {"bytes": 0}
            if "xl/sharedStrings.xml" in archive.namelist():
                for _ in _chunks(archive, "xl/sharedStrings.xml", path, limit, read):
                    pass
            return _scan_sheet(archive, part, path, limit, read)
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError, NotImplementedError) as error:
        raise said(UnreadableFileError, "err_zip", path=path, error=error) from error


def _scan_sheet(
    archive: zipfile.ZipFile, part: str, path: str | Path, limit: int, read: dict
) -> WorkbookScan:
    inexact: list[tuple[int, int]] = []
    uncalculated: list[tuple[int, int]] = []
    rows, last_row, carry = 0, 0, b""
    for chunk in _chunks(archive, part, path, limit, read):
        buffer = carry + chunk
        cut = _last_boundary(buffer)
        complete, carry = buffer[:cut], buffer[cut:]
        numbers = [int(n) for n in _ROW.findall(complete)]
        rows += len(numbers)
        last_row = max(last_row, *numbers) if numbers else last_row
        inexact += [
            (int(row), _column_index(column))
            for column, row, value in _NUMBER_CELL.findall(complete)
            if _is_inexact(value)
        ]
        uncalculated += [
            (int(row), _column_index(column)) for column, row in _UNCALCULATED_CELL.findall(complete)
        ]
    if last_row > SPARSE_FACTOR * rows + SPARSE_MARGIN:
        raise said(UnreadableFileError, "err_inflated", path=path, last=last_row, rows=rows)
    return WorkbookScan(inexact, uncalculated, rows, last_row)


def _last_boundary(buffer: bytes) -> int:
    """Where the buffer may be cut without splitting a row tag or a cell.

    After the last ``</row>``; else before the last cell or row tag; else
    (filler with no tag) all but a short tail, so that the carried text stays
    small whatever the part holds.
    """
    end = buffer.rfind(b"</row>")
    if end >= 0:
        return end + len(b"</row>")
    start = max(buffer.rfind(b"<c "), buffer.rfind(b"<row"))
    return start if start > 0 else max(len(buffer) - 16, 0)


def _chunks(archive: zipfile.ZipFile, part: str, path: str | Path, limit: int, read: dict):
    """Decompressed chunks of one part, refusing entity declarations and passing the cap."""
    with archive.open(part) as stream:
        first = True
        while chunk := stream.read(_CHUNK):
            read["bytes"] += len(chunk)
            if read["bytes"] > limit:
                raise said(
                    UnreadableFileError,
                    "err_sheet_too_big",
                    path=path,
                    limit=limit // 1_000_000,
                    variable=MAX_BYTES_ENV,
                )
            if first and _DECLARATION.search(chunk[:4096]):
                raise said(UnreadableFileError, "err_xml_entities", path=path, part=part)
            first = False
            yield chunk


def _sheet_part(archive: zipfile.ZipFile, sheet: str | None, path: str | Path) -> str:
    """The zip part of the named worksheet, or of the first one."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    sheets = re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', workbook)
    if not sheets:
        raise said(UnreadableFileError, "err_no_worksheet", path=path)
    names = [name for name, _ in sheets]
    if sheet is not None and sheet not in names:
        raise said(UnreadableFileError, "err_worksheet_name", path=path, sheet=sheet, names=", ".join(names))
    rel_id = dict(sheets)[sheet] if sheet is not None else sheets[0][1]
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    target = re.search(
        rf'<Relationship\b[^>]*?Id="{re.escape(rel_id)}"[^>]*?Target="([^"]*)"', rels
    ) or re.search(rf'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="{re.escape(rel_id)}"', rels)
    if target is None:
        raise said(UnreadableFileError, "err_first_worksheet", path=path)
    part = target.group(1).lstrip("/")
    return part if part.startswith("xl/") else f"xl/{part}"


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _is_inexact(value: bytes) -> bool:
    try:
        return abs(float(value)) >= _EXACT_LIMIT
    except ValueError:
        return False
