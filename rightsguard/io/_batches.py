"""Reading a dispute file in batches, each read only when asked for.

A reader that ran ahead (polars' batch collector does) would hold the whole
file; here Parquet is read by row slices and UTF-8 CSV by byte ranges cut at
record ends outside quotes, so memory is bounded by the batch.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError
from rightsguard._schema import BLANK_LINE, SOURCE_PROBLEM, SOURCE_ROW
from rightsguard.io._encoding import decode

STREAMED = (".parquet", ".csv")
"""File kinds read (and written) in batches."""

_SNIFF_BYTES = 1 << 16


def read_batches(source: Path, batch_size: int,
                 columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
    """A Parquet or UTF-8 CSV file's rows in batches of text or typed columns, with their
    1-based ``source_row``; wholly blank CSV rows are marked as blank lines.

    Each batch is read when asked for and not before (a reader running ahead
    would hold the whole file): Parquet by row slices, CSV by byte ranges cut
    at record boundaries. ``columns`` reads only those (and marks no blank line).
    """
    suffix = source.suffix.lower()
    if suffix not in STREAMED:
        raise ValueError(f"{source}: batches are read from .parquet or .csv; load other files "
                         "with rightsguard.load_disputes and score them with rightsguard.score")
    try:
        chunks = _parquet_slices(source, batch_size, columns) if suffix == ".parquet" else \
            _csv_ranges(source, batch_size, columns)
        start = 1
        for chunk in chunks:
            batch = chunk.with_row_index(SOURCE_ROW, offset=start)
            if suffix == ".csv" and columns is None:
                batch = batch.with_columns(
                    pl.when(pl.all_horizontal(pl.col(chunk.columns).is_null()))
                    .then(pl.lit(BLANK_LINE)).alias(SOURCE_PROBLEM))
            start += chunk.height
            yield batch
    except pl.exceptions.PolarsError as error:
        raise UnreadableFileError(
            f"{source}: cannot be read in batches ({error}); load it with "
            "rightsguard.load_disputes, which reports the malformed rows") from error


def read_header(source: Path) -> list[str]:
    """The column names of a Parquet or UTF-8 CSV file."""
    if source.suffix.lower() == ".parquet":
        return pl.scan_parquet(source).collect_schema().names()
    with open(source, "rb") as handle:
        return _csv_names(handle.readline())


def _csv_names(header: bytes) -> list[str]:
    return pl.read_csv(io.BytesIO(header), n_rows=0).columns


def _parquet_slices(source: Path, batch_size: int,
                    columns: list[str] | None) -> Iterator[pl.DataFrame]:
    rows = pl.scan_parquet(source).select(pl.len()).collect().item()
    for offset in range(0, rows, batch_size):
        scan = pl.scan_parquet(source)
        yield (scan if columns is None else scan.select(columns)).slice(offset, batch_size).collect()


def _csv_ranges(source: Path, batch_size: int,
                columns: list[str] | None) -> Iterator[pl.DataFrame]:
    """A UTF-8 CSV in pieces of about ``batch_size`` rows, each cut after a whole record.

    A cut goes at a line end outside quotes: the quotes before it are counted
    as the file is read, so a quoted field spanning lines is never split.
    """
    check_utf8(source)
    with open(source, "rb") as handle:
        header = handle.readline()
        names = _csv_names(header)
        picked = None if columns is None else [names.index(c) for c in columns]
        quotes, data, target, finished = header.count(b'"'), b"", None, False
        while data or not finished:
            if not finished:
                block = handle.read(_BLOCK_BYTES)
                finished = not block
                data += block
            if target is None and data:
                sample = data[:_BLOCK_BYTES]
                target = max(len(sample) // max(sample.count(b"\n"), 1) * batch_size, 1)
            cut = _record_end(data, target, quotes) if target is not None else None
            if cut is None and not finished:
                continue  # the batch's last record is not all read yet
            cut = len(data) if cut is None else cut
            piece, data = data[:cut], data[cut:]
            quotes += piece.count(b'"')
            if piece.strip(b"\r\n"):
                yield pl.read_csv(io.BytesIO(piece), has_header=False, new_columns=names,
                                  columns=picked, infer_schema=False,
                                  truncate_ragged_lines=False)


_BLOCK_BYTES = 1 << 24


def _record_end(data: bytes, target: int, quotes_before: int) -> int | None:
    """The end (past the newline) of the first record ending at or after ``target`` bytes."""
    position = target
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return None
        if (quotes_before + data.count(b'"', 0, newline)) % 2 == 0:
            return newline + 1
        position = newline + 1


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
