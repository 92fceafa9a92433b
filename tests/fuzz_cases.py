"""Malformed dispute files derived from the sample, and the invariant every load must keep.

Shared by the property tests (``test_fuzz.py``) and the campaign script
(``scripts/fuzz_loaders.py``). Each mutation takes the sample's bytes and a
seeded random generator and returns a :class:`Case`: the file's name and bytes,
and, when the mutation keeps every row, the rows the load must account for and
which values it may not change.

The invariant: a load either raises a rightsguard error (``SchemaError``,
``UnreadableFileError``) or returns rows in = accepted + rejected (blank lines
counted apart), and every accepted row keeps its id and amount as the source
wrote them, except where the mutation wrote a value whose reading is
documented (``expected``).
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

import numpy as np
import polars as pl

import rightsguard as rg

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
ROWS = 120
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Case:
    """One malformed file.

    Attributes
    ----------
    kind
        The mutation's name.
    name, data
        File name (its suffix decides the reader) and bytes.
    rows
        Data rows the file holds, when the mutation keeps them all; None when unknown.
    expected
        Row index (0-based) → (column, value) the load must give if it accepts the row;
        a value of None means the row must be rejected.
    """

    kind: str
    name: str
    data: bytes
    rows: int | None = None
    expected: dict[int, tuple[str, object]] = field(default_factory=dict)


def base_csv() -> pl.DataFrame:
    """The first rows of the canonical sample, as text."""
    return pl.read_csv(SAMPLE / "disputes.csv", infer_schema=False, n_rows=ROWS)


def base_export() -> pl.DataFrame:
    """The first rows of the Taobao-style export, as text."""
    return pl.read_csv(SAMPLE / "taobao_export_gbk.csv", encoding="gbk", infer_schema=False, n_rows=ROWS)


def csv_bytes(frame: pl.DataFrame, encoding: str = "utf-8") -> bytes:
    return frame.write_csv().encode(encoding)


def xlsx_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_excel(buffer)
    return buffer.getvalue()


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


AMOUNTS: dict[str, float | None] = {
    "nan": None,
    "NaN": None,
    "inf": None,
    "Infinity": None,
    "-inf": None,
    "1e400": None,
    "99999999999999999999": None,
    "12,50": None,
    "1.234,56": None,
    "1,2,3": None,
    "1 234,5": None,
    "1e3": None,
    "0x10": None,
    "--5": None,
    "5-": None,
    "1,234.50": 1234.5,
    "¥30": 30.0,
    "30元": 30.0,
    "０": None,
    "-0": 0.0,
    " 42 ": 42.0,
}
"""Amount text → the value a load may accept it as (None: it must be rejected)."""

IDS: dict[str, str | None] = {
    "1.23457E+18": None,
    "2.02500000000001e18": None,
    "12\x0134": None,
    "12\u200b34": None,
    '="2025000000000000123"': "2025000000000000123",
    "'2025000000000000124": "2025000000000000124",
    "\t2025000000000000125": "2025000000000000125",
}
"""Id text → the id a load may accept (None: it must be rejected)."""

DATES: dict[str, datetime | None] = {
    "7/29/13": datetime(2013, 7, 29),
    "8/1/13": datetime(2013, 8, 1),
    "31/12/2025": datetime(2025, 12, 31),
    "2026-01-02T10:00:00+08:00": datetime(2026, 1, 2, 2),
    "0013-01-01": None,
    "2026-13-45": None,
    "yesterday": None,
    "2999-01-01": None,
    "13/13/2013": None,
}
"""Opening-time text → the time a load may accept (None: it must be rejected). One slash date
in a column of ISO dates decides the column's order by itself."""


def pick(rng: np.random.Generator, options: list):
    """One of ``options`` as it is (numpy's choice would turn bytes into ``bytes_``, dropping NULs)."""
    return options[int(rng.integers(len(options)))]


def with_cell(frame: pl.DataFrame, row: int, column: str, text: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(text)).otherwise(pl.col(column)).alias(column)
    )


def _one_cell(kind: str, column: str, readings: dict, rng: np.random.Generator) -> Case:
    """The canonical sample with one cell of ``column`` replaced by a text of ``readings``."""
    text, row = pick(rng, list(readings)), int(rng.integers(ROWS))
    return Case(
        kind,
        f"{kind}.csv",
        csv_bytes(with_cell(base_csv(), row, column, text)),
        ROWS,
        {row: (column, readings[text])},
    )


amounts = partial(_one_cell, "amounts", "amount", AMOUNTS)
ids = partial(_one_cell, "ids", "dispute_id", IDS)
dates = partial(_one_cell, "dates", "opened_at", DATES)


def blank_lines(rng: np.random.Generator) -> Case:
    data = csv_bytes(base_csv())
    ending = pick(rng, [b"\n", b"\n\n", b"\r\n", b"\n \n", b"\n,,,\n"])
    return Case("blank lines", "blank.csv", data + ending, ROWS)


def quoted_newlines(rng: np.random.Generator) -> Case:
    frame = with_cell(
        base_csv(),
        int(rng.integers(ROWS)),
        "reason_raw",
        pick(rng, ["a\rb", "a\r\nb", "a\nb", 'say "hi"', "a,b"]),
    )
    return Case("quoted newlines", "quoted.csv", csv_bytes(frame), ROWS)


def encodings(rng: np.random.Generator) -> Case:
    frame = base_export()
    encoding = pick(rng, ["big5", "shift_jis", "utf-16", "gbk", "gb18030", "utf-8-sig", "mixed"])
    if encoding == "mixed":
        data = csv_bytes(frame.head(ROWS // 2), "gbk") + csv_bytes(frame.tail(ROWS // 2), "utf-8")
    else:
        data = frame.write_csv().encode(encoding, errors="replace")
    return Case(f"encoding {encoding}", "export.csv", data)


def quotes(rng: np.random.Generator) -> Case:
    data = bytearray(csv_bytes(base_csv()))
    for _ in range(int(rng.integers(1, 4))):
        data.insert(int(rng.integers(len(data))), ord('"'))
    return Case("stray quotes", "quotes.csv", bytes(data))


def headers(rng: np.random.Generator) -> Case:
    frame = base_csv()
    header, body = csv_bytes(frame).split(b"\n", 1)
    names = header.split(b",")
    choice = int(rng.integers(5))
    if choice == 0:
        names[3] = names[1]
    elif choice == 1:
        names.append(b"source_row")
        body = b"\n".join(line + b",7" if line else line for line in body.split(b"\n"))
    elif choice == 2:
        names[int(rng.integers(len(names)))] = b'"odd"name'
    elif choice == 3:
        names = names[1:]
    else:
        names[0] = b"\xef\xbb\xbf" + names[0]
    return Case("headers", "headers.csv", b",".join(names) + b"\n" + body)


def byte_flips(rng: np.random.Generator) -> Case:
    source = pick(rng, ["csv", "export"])
    data = bytearray(csv_bytes(base_csv()) if source == "csv" else base_export().write_csv().encode("gbk"))
    for _ in range(int(rng.integers(1, 6))):
        data[int(rng.integers(len(data)))] = int(rng.integers(256))
    return Case(f"byte flips ({source})", f"flips.{'csv' if source == 'csv' else 'csv'}", bytes(data))


def truncation(rng: np.random.Generator) -> Case:
    data = csv_bytes(base_csv())
    return Case("truncation", "cut.csv", data[: int(rng.integers(1, len(data)))])


def hostile_bytes(rng: np.random.Generator) -> Case:
    data = csv_bytes(base_csv())
    at = int(rng.integers(len(data)))
    insert = pick(rng, [b"\x00", b"\xef\xbb\xbf", b"\x00\x00\x00"])
    return Case("hostile bytes", "hostile.csv", data[:at] + insert + data[at:])


def workbooks(rng: np.random.Generator) -> Case:
    data = bytearray(xlsx_bytes(base_export()))
    choice = int(rng.integers(4))
    if choice == 0:
        data = data[: int(rng.integers(10, len(data)))]
    elif choice == 1:
        for _ in range(int(rng.integers(1, 20))):
            data[int(rng.integers(len(data)))] = int(rng.integers(256))
    elif choice == 2:
        data = bytearray(rng.bytes(int(rng.integers(0, 5000))))
    else:
        return Case("workbook (intact)", "export.xlsx", bytes(data), ROWS)
    return Case("workbook", pick(rng, ["export.xlsx", "export.xls"]), bytes(data))


def parquet_files(rng: np.random.Generator) -> Case:
    data = bytearray(parquet_bytes(base_csv()))
    if rng.random() < 0.5:
        data = data[: int(rng.integers(1, len(data)))]
    else:
        for _ in range(int(rng.integers(1, 10))):
            data[int(rng.integers(len(data)))] = int(rng.integers(256))
    return Case("parquet", "disputes.parquet", bytes(data))


def xml_bombs(rng: np.random.Generator) -> Case:
    data = xlsx_bytes(base_csv().head(5))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    if rng.random() < 0.5:
        parts[sheet] = parts[sheet].replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
    else:
        parts[sheet] = parts[sheet].replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    return Case("hostile workbook", "hostile.xlsx", buffer.getvalue())


MUTATIONS: tuple[Callable[[np.random.Generator], Case], ...] = (
    amounts,
    ids,
    dates,
    blank_lines,
    quoted_newlines,
    encodings,
    quotes,
    headers,
    byte_flips,
    truncation,
    hostile_bytes,
    workbooks,
    parquet_files,
    xml_bombs,
)


class Hang(Exception):
    """A load took longer than :data:`TIMEOUT_SECONDS`."""


def _alarm(signum, frame):
    raise Hang


def check(case: Case, folder: Path) -> str:
    """Load the case strictly and leniently; return ``"loaded"``, ``"refused"`` or what broke.

    Broken outcomes start with ``"crash"``, ``"hang"``, ``"unaccounted"`` or ``"changed"``.
    """
    path = folder / case.name
    path.write_bytes(case.data)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_SECONDS)
    try:
        result = rg.load_disputes_lenient(path)
        try:
            rg.load_disputes(path)
        except rg.SchemaError:
            pass
    except (rg.SchemaError, rg.UnreadableFileError):
        return "refused"
    except Hang:
        return "hang"
    except Exception as error:  # the campaign counts these; it must never see one
        return f"crash: {type(error).__name__}: {str(error)[:160]}"
    finally:
        signal.alarm(0)
    return _accounted(case, result)


def _accounted(case: Case, result: rg.ValidationResult) -> str:
    """Rows in = accepted + rejected, and no accepted id or expected value changed."""
    if case.rows is None:
        return "loaded"
    if result.n_rows != case.rows:
        return f"unaccounted: {case.rows} rows in, {result.n_rows} accepted + rejected"
    rejected = set(result.rejected["source_row"].to_list())
    for row, (column, value) in case.expected.items():
        if row + 1 in rejected:
            continue
        if value is None:
            return f"changed: row {row + 1} {column} should have been rejected"
        got = result.accepted[column][row - sum(1 for r in rejected if r <= row)]
        if got != value:
            return f"changed: row {row + 1} {column} read as {got!r}, expected {value!r}"
    if case.name.endswith(".csv"):
        kept = (
            base_csv()
            .with_row_index("r")
            .filter(~pl.col("r").is_in([r - 1 for r in rejected]) & ~pl.col("r").is_in(list(case.expected)))
        )
        lost = set(kept["dispute_id"].to_list()) - set(result.accepted["dispute_id"].to_list())
        if lost:
            return f"changed: ids {sorted(lost)[:3]} were altered or lost"
    return "loaded"
