"""Reading dispute files as they come: CSV in any common Chinese encoding,
tab-separated text disguised as ``.xls``, Excel workbooks and Parquet.

Text sources are read as text, every column a string, so that 19-digit ids
keep every digit; typing is validation's job. Each row carries its
``source_row`` and, for CSV, its ``source_line`` and any field-count problem.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from rightsguard._validation import SOURCE_LINE, SOURCE_PROBLEM, SOURCE_ROW

ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")
"""Tried in order after a byte-order mark; GB18030 is a superset of GBK."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFileError(ValueError):
    """Raised when a file is not in a format or encoding rightsguard reads."""


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes as UTF-8 (with or without BOM), GBK or GB18030.

    Raises
    ------
    UnreadableFileError
        When no supported encoding decodes the bytes; the message gives the
        byte offset where UTF-8 and GB18030 both fail.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    errors = []
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append(f"{encoding} fails at byte {exc.start}")
    raise UnreadableFileError(
        f"{name}: not UTF-8, GBK or GB18030 text ({'; '.join(errors)}); "
        "save the export as UTF-8 or GB18030 CSV"
    )


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
        raise FileNotFoundError(f"no such dispute file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pl.read_parquet(path).with_row_index(SOURCE_ROW, offset=1)
    head = path.open("rb").read(4)
    if suffix in {".xlsx", ".xlsm"} or (suffix == ".xls" and head in {_OLE_MAGIC, _ZIP_MAGIC}):
        return read_excel(path, sheet=sheet)
    if suffix in {".csv", ".txt", ".tsv", ".xls"}:
        return read_text(path.read_bytes(), name=str(path))
    raise UnreadableFileError(
        f"{path}: unsupported file type '{suffix}'; use .csv, .xlsx, .xls or .parquet"
    )


def read_excel(path: str | Path, *, sheet: str | None = None) -> pl.DataFrame:
    """Read a worksheet with every cell as text; rows are numbered as in Excel."""
    options = {"sheet_name": sheet} if sheet else {"sheet_id": 1}
    frame = pl.read_excel(path, infer_schema_length=0, **options)
    frame = frame.rename({c: _clean_header(c) for c in frame.columns})
    return frame.with_row_index(SOURCE_ROW, offset=1).with_columns(
        (pl.col(SOURCE_ROW) + 1).alias(SOURCE_LINE)
    )


def read_text(data: bytes, *, name: str = "input") -> pl.DataFrame:
    """Read delimited text of unknown encoding, every field as a string.

    Rows whose number of fields differs from the header's get a
    ``source_problem`` naming both counts, and blank lines are marked too.
    """
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    header_line = text.split("\n", 1)[0]
    separator = "\t" if header_line.count("\t") > header_line.count(",") else ","
    frame = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        separator=separator,
        infer_schema=False,
        truncate_ragged_lines=True,
        with_column_names=lambda names: [_clean_header(n) for n in names],
    )
    records = _records(text, separator)
    if records.height - 1 != frame.height:
        raise UnreadableFileError(
            f"{name}: found {records.height - 1} records but parsed {frame.height} rows; "
            "the file's quoting is inconsistent"
        )
    expected = records["fields"][0]
    rows = records.slice(1).select(
        pl.col("line").alias(SOURCE_LINE),
        pl.when(pl.col("blank"))
        .then(pl.lit("blank line"))
        .when(pl.col("fields") != expected)
        .then(pl.format(f"malformed row: {{}} fields, header has {expected}", pl.col("fields")))
        .alias(SOURCE_PROBLEM),
    )
    return pl.concat([frame, rows], how="horizontal").with_row_index(SOURCE_ROW, offset=1)


def _records(text: str, separator: str) -> pl.DataFrame:
    """Count the fields of each CSV record, quotes and multi-line fields respected."""
    body = text[:-1] if text.endswith("\n") else text
    lines = pl.DataFrame({"text": body.split("\n")}).with_row_index("line", offset=1)
    quotes = pl.col("text").str.count_matches('"', literal=True)
    records = (
        lines.with_columns(
            ((quotes.cum_sum() - quotes) % 2 == 0).cum_sum().alias("record")
        )
        .group_by("record", maintain_order=True)
        .agg(pl.col("line").first(), pl.col("text").str.join("\n"))
    )
    unquoted = pl.col("text").str.replace_all(r'"[^"]*"', "")
    return records.select(
        "line",
        (unquoted.str.count_matches(separator, literal=True) + 1).alias("fields"),
        (pl.col("text").str.strip_chars() == "").alias("blank"),
    )


def _clean_header(name: str) -> str:
    return name.replace("\ufeff", "").replace("\u3000", " ").strip()
