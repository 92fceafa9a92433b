"""Reading a dispute file in batches, each read only when asked for.

A reader that ran ahead (polars' batch collector does) would hold the whole
file; here Parquet is read by row slices and UTF-8 CSV by byte ranges cut at
record ends outside quotes, so memory is bounded by the batch.
"""

from __future__ import annotations

import io
import mmap
import os
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError
from rightsguard._schema import BLANK_LINE, SOURCE_PROBLEM, SOURCE_ROW
from rightsguard.io._encoding import BOM, NUL, decode
from rightsguard.io._readers import HEADER_SEARCH, clean_header, header_index, refuse_reserved

STREAMED = (".parquet", ".csv")
"""File kinds read (and written) in batches."""

_SNIFF_BYTES = 1 << 16


def read_batches(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """A Parquet or UTF-8 CSV file's rows in batches of text or typed columns, with their
    1-based ``source_row``; wholly blank CSV rows are marked as blank lines.

    Each batch is read when asked for and not before (a reader running ahead
    would hold the whole file): Parquet by row slices, CSV by byte ranges cut
    at record boundaries. A CSV must have passed :func:`check_streamable`.
    """
    suffix = source.suffix.lower()
    if suffix not in STREAMED:
        raise ValueError(f"{source}: batches are read from .parquet or .csv; load other files "
                         "with rightsguard.load_disputes and score them with rightsguard.score")
    try:
        chunks = _parquet_slices(source, batch_size) if suffix == ".parquet" else \
            _csv_ranges(source, batch_size)
        start = 1
        for chunk in chunks:
            batch = chunk.with_row_index(SOURCE_ROW, offset=start)
            if suffix == ".csv":
                batch = batch.with_columns(
                    pl.when(pl.all_horizontal(pl.col(chunk.columns).is_null()))
                    .then(pl.lit(BLANK_LINE)).alias(SOURCE_PROBLEM))
            start += chunk.height
            yield batch
    except pl.exceptions.PolarsError as error:
        raise unreadable(source, error) from error


def unreadable(source: Path, error: Exception) -> UnreadableFileError:
    """The error for a file polars cannot read in batches."""
    return UnreadableFileError(f"{source}: cannot be read in batches ({error}); load it with "
                               "rightsguard.load_disputes, which reports the malformed rows")


def scan(source: Path) -> pl.LazyFrame:
    """A Parquet or UTF-8 CSV file as a lazy frame (text columns for CSV), to stream one column.

    A CSV must have passed :func:`check_streamable`.
    """
    if source.suffix.lower() == ".parquet":
        return pl.scan_parquet(source)
    return pl.scan_csv(source, infer_schema=False, truncate_ragged_lines=False)


def check_streamable(source: Path) -> None:
    """Refuse a CSV the batches would misread; the in-memory reader reads or names its trouble.

    That is a CSV whose start is not UTF-8 (a GBK export), that holds NUL bytes
    or a byte-order mark past its start, has old Mac line endings, is
    tab-separated, has title lines above its header, or repeats or reserves a
    column name.

    Raises
    ------
    UnreadableFileError
        Naming the file and the reason, and pointing to rightsguard.load_disputes.
    """
    check_utf8(source)
    with open(source, "rb") as handle:
        if not os.fstat(handle.fileno()).st_size:
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            head = data[:_SAMPLE_BYTES].decode("utf-8", errors="replace")
            lines = head.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
            reason = (
                "it holds NUL bytes" if data.find(NUL) >= 0
                else "a byte-order mark sits inside it" if data.find(BOM, len(BOM)) >= 0
                else "its lines end in carriage returns alone" if "\n" not in head and "\r" in head
                else "it is tab-separated" if head.count("\t") > head.count(",")
                else "title lines stand above its header"
                if header_index([line.split(",") for line in lines]) else None)
    if reason:
        raise UnreadableFileError(f"{source}: cannot be read in batches ({reason}); load it with "
                                  "rightsguard.load_disputes, which reads or names it")
    with open(source, "rb") as handle:
        cells = pl.read_csv(io.BytesIO(handle.readline()), has_header=False, infer_schema=False,
                            n_rows=1)
    refuse_reserved([clean_header(c or "") for c in cells.row(0)] if cells.height else [],
                    source)


def read_header(source: Path) -> list[str]:
    """The column names of a Parquet or UTF-8 CSV file."""
    if source.suffix.lower() == ".parquet":
        return pl.scan_parquet(source).collect_schema().names()
    with open(source, "rb") as handle:
        return _csv_names(handle.readline())


def _csv_names(header: bytes) -> list[str]:
    return pl.read_csv(io.BytesIO(header), n_rows=0).columns


def _parquet_slices(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    rows = pl.scan_parquet(source).select(pl.len()).collect().item()
    for offset in range(0, rows, batch_size):
        yield pl.scan_parquet(source).slice(offset, batch_size).collect()


def _csv_ranges(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """A UTF-8 CSV in pieces of about ``batch_size`` rows, each cut after a whole record.

    The file is mapped, not read into memory; a cut goes at a line end outside
    quotes: the quotes before it are counted as the file is read, so a quoted
    field spanning lines is never split.
    """
    with open(source, "rb") as handle:
        header = handle.readline()
        names = _csv_names(header)
        size = os.fstat(handle.fileno()).st_size
        if size <= len(header):
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start, quotes, target = len(header), header.count(b'"'), None
            while start < size:
                if target is None:
                    sample = data[start:start + _SAMPLE_BYTES]
                    target = max(len(sample) // max(sample.count(b"\n"), 1) * batch_size, 1)
                piece, quotes = _next_records(data, start, target, quotes)
                start += len(piece)
                if _HOLDS_TEXT.search(piece):  # not only line ends
                    yield pl.read_csv(piece, has_header=False, new_columns=names,
                                      infer_schema=False, truncate_ragged_lines=False)


_HOLDS_TEXT = re.compile(rb"[^\r\n]")


_SAMPLE_BYTES = 1 << 20


def _next_records(data: mmap.mmap, start: int, target: int,
                  quotes_before: int) -> tuple[bytes, int]:
    """The whole records from ``start`` to the first line end at or after ``target`` bytes that
    lies outside quotes (or to the end of the file), and the quotes counted so far."""
    piece = data[start:start + target]
    quotes = quotes_before + piece.count(b'"')
    while True:
        newline = data.find(b"\n", start + len(piece))
        end = len(data) if newline < 0 else newline + 1
        more = data[start + len(piece):end]
        piece += more
        quotes += more.count(b'"')
        if newline < 0 or quotes % 2 == 0:
            return piece, quotes


def check_utf8(source: Path) -> None:
    """Refuse, before any work, a CSV whose start is not UTF-8 (GBK exports load in memory)."""
    with open(source, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniff's end
            raise UnreadableFileError(
                f"{source}: not UTF-8 (an export in {_guess(head)}?); load it with "
                "rightsguard.load_disputes and score it with rightsguard.score") from error


def _guess(head: bytes) -> str:
    try:
        decode(head[: head.rfind(b"\n") + 1] or head, "head")
        return "GBK or GB18030"
    except UnreadableFileError:
        return "another encoding"
