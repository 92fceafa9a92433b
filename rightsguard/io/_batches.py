"""Reading a dispute file in batches, each read only when asked for.

A reader that ran ahead (polars' batch collector does) would hold the whole
file; here Parquet is read by row slices and UTF-8 CSV by byte ranges cut at
record ends outside quotes, so memory is bounded by the batch.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import SOURCE_PROBLEM, SOURCE_ROW
from rightsguard.io._encoding import BOM, NUL, decode
from rightsguard.io._in_order import in_order
from rightsguard.io._readers import (
    HEADER_SEARCH,
    clean_header,
    header_index,
    read_source,
    refuse_reserved,
    refuse_unread_types,
)
from rightsguard.io._records import record_problems, records_of, refuse_stray_quote

STREAMED = (".parquet", ".csv")
"""File kinds read (and written) in batches."""

SPOOL_SUFFIX = ".spool.arrow"
"""A file the in-memory reader read whole and wrote as Arrow, to be read in batches."""

_SNIFF_BYTES = 1 << 16


def read_batches(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """A Parquet or UTF-8 CSV file's rows in batches of text or typed columns, with their
    1-based ``source_row``; a CSV's rows carry the in-memory reader's ``source_problem``
    (blank lines, a quoted value swallowing row-shaped lines), from the same code.

    Each batch is read when asked for, or a few batches ahead at most (a reader
    running freely ahead would hold the whole file): Parquet by row slices, CSV
    by byte ranges cut at record boundaries and parsed in threads. A CSV must
    have passed :func:`check_streamable`;
    one holding NUL bytes or a byte-order mark past its start is refused
    (:class:`UnreadableFileError`) when the batch holding them is read.
    """
    if source.name.endswith(SPOOL_SUFFIX):
        yield from _slices(pl.scan_ipc(source), batch_size)
        return
    suffix = source.suffix.lower()
    if suffix not in STREAMED:
        raise ValueError(
            f"{source}: batches are read from .parquet or .csv; load other files "
            "with rightsguard.load_disputes and score them with rightsguard.score"
        )
    try:
        chunks = (
            _parquet_slices(source, batch_size) if suffix == ".parquet" else _csv_ranges(source, batch_size)
        )
        start = 1
        for chunk in chunks:
            yield chunk.with_row_index(SOURCE_ROW, offset=start)
            start += chunk.height
    except pl.exceptions.PolarsError as error:
        raise unreadable(source, error) from error


def streamable(source: Path) -> bool:
    """Whether :func:`read_batches` reads ``source`` as it is: Parquet, or a CSV that
    :func:`check_streamable` passes."""
    suffix = source.suffix.lower()
    if suffix == ".csv":
        try:
            check_streamable(source)
        except UnreadableFileError:
            return False
        return True
    return suffix == ".parquet"


def spool(source: Path, spooled: Path) -> Path:
    """Read ``source`` whole with the in-memory reader (every encoding, layout and workbook it
    reads, its rows' provenance kept) and write it as an Arrow file to be read in batches."""
    read_source(source).write_ipc(spooled, compression="uncompressed")
    return spooled


class NotStreamable(UnreadableFileError):
    """A file the batches would misread: it is read whole, in memory, instead."""


def unreadable(source: Path, error: Exception) -> NotStreamable:
    """The error for a file polars cannot read in batches."""
    return NotStreamable(
        f"{source}: cannot be read in batches ({error}); load it with "
        "rightsguard.load_disputes, which reports the malformed rows"
    )


def check_streamable(source: Path) -> None:
    """Refuse a CSV the batches would misread; the in-memory reader reads or names its trouble.

    That is a CSV whose start is not UTF-8 (a GBK export), that has old Mac
    line endings, is tab-separated, has title lines above its header, or
    repeats or reserves a column name, as its first megabyte shows. NUL bytes
    and byte-order marks past the start are refused batch by batch as they
    are read (:func:`read_batches`), with no pass over the whole file first.

    Raises
    ------
    UnreadableFileError
        Naming the file and the reason, and pointing to rightsguard.load_disputes.
    """
    check_utf8(source)
    with open(source, "rb") as handle:
        head = handle.read(_SAMPLE_BYTES).decode("utf-8", errors="replace")
    lines = head.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
    reason = (
        "its lines end in carriage returns alone"
        if "\n" not in head and "\r" in head
        else "it is tab-separated"
        if head.count("\t") > head.count(",")
        else "title lines stand above its header"
        if header_index([list[object](line.split(",")) for line in lines])
        else None
    )
    if reason:
        raise _not_streamable(source, reason)
    with open(source, "rb") as handle:
        header = handle.readline()
    try:
        cells = pl.read_csv(io.BytesIO(header), has_header=False, infer_schema=False, n_rows=1)
    except pl.exceptions.PolarsError as error:
        raise _not_streamable(source, f"its header cannot be parsed ({error})") from error
    refuse_reserved([clean_header(c or "") for c in cells.row(0)] if cells.height else [], source)


def _not_streamable(source: Path, reason: str) -> NotStreamable:
    return NotStreamable(
        f"{source}: cannot be read in batches ({reason}); load it with "
        "rightsguard.load_disputes, which reads or names it"
    )


def _refuse_stray_bytes(source: Path, text: bytes, skip: int = 0) -> None:
    """Refuse the file if ``text`` holds a NUL byte, or a byte-order mark past its first ``skip``
    bytes: polars would misread them."""
    if NUL in text:
        raise _not_streamable(source, "it holds NUL bytes")
    if text.find(BOM, skip) >= 0:
        raise _not_streamable(source, "a byte-order mark sits inside it")


def _csv_names(header: bytes) -> list[str]:
    return pl.read_csv(io.BytesIO(header), n_rows=0).columns


def _parquet_slices(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    refuse_unread_types(pl.Schema(pl.read_parquet_schema(source)), source)
    yield from _slices(pl.scan_parquet(source), batch_size)


def _slices(scan: pl.LazyFrame, batch_size: int) -> Iterator[pl.DataFrame]:
    """A scanned file's rows, ``batch_size`` at a time, each read only when asked for."""
    rows = scan.select(pl.len()).collect().item()
    for offset in range(0, rows, batch_size):
        yield scan.slice(offset, batch_size).collect()


def _csv_ranges(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """A UTF-8 CSV in pieces of about ``batch_size`` rows, each cut after a whole record.

    Only a few pieces are in memory (those parsed ahead, in threads, by
    :func:`~rightsguard.io._in_order.in_order`); a cut goes at a line end outside
    quotes: the quotes before it are counted as the file is read, so a quoted
    field spanning lines is never split. Each piece's records are checked as
    the in-memory reader checks them (:func:`records_of`): a quote inside a
    value refuses the file, and each row carries its ``source_problem``.
    """
    with open(source, "rb") as handle:
        header = handle.readline()
        _refuse_stray_bytes(source, header, skip=len(BOM))
        names = _csv_names(header)
        refuse_stray_quote(records_of(header, ","), source)
        pieces = _pieces(source, handle, batch_size, header.count(b'"'))
        yield from in_order(lambda piece: _piece_rows(source, *piece, names), pieces)


def _pieces(source: Path, handle: BinaryIO, batch_size: int, quotes: int) -> Iterator[tuple[bytes, int]]:
    """The whole records of a CSV after its header, about ``batch_size`` at a time, each with the
    lines before it: cut here, one after the other, and parsed in threads."""
    target, lines_before = None, 1
    while True:
        if target is None:
            sample = handle.read(_SAMPLE_BYTES)
            handle.seek(-len(sample), os.SEEK_CUR)
            target = max(len(sample) // max(sample.count(b"\n"), 1) * batch_size, 1)
        piece, quotes = _next_records(handle, target, quotes)
        if not piece:
            return
        _refuse_stray_bytes(source, piece)
        if _HOLDS_TEXT.search(piece):  # not only line ends
            yield piece, lines_before
        lines_before += piece.count(b"\n")


def _piece_rows(source: Path, piece: bytes, lines_before: int, names: list[str]) -> pl.DataFrame:
    """One piece's rows as text columns with their ``source_problem``, checked as in memory."""
    records = records_of(piece, ",", first_line=lines_before + 1)
    refuse_stray_quote(records, source)
    rows = pl.read_csv(
        piece, has_header=False, new_columns=names, infer_schema=False, truncate_ragged_lines=False
    )
    if rows.height != records.height:
        raise _not_streamable(source, f"its quoting is inconsistent near line {lines_before + 1}")
    return rows.with_columns(record_problems(records, len(names))[SOURCE_PROBLEM])


_HOLDS_TEXT = re.compile(rb"[^\r\n]")


_SAMPLE_BYTES = 1 << 20


def _next_records(handle: BinaryIO, target: int, quotes_before: int) -> tuple[bytes, int]:
    """The whole records from the handle's place to the first line end after ``target`` bytes
    that lies outside quotes (or to the end of the file), and the quotes counted so far."""
    parts = [handle.read(target)]
    quotes = quotes_before + parts[0].count(b'"')
    while parts[-1]:
        line = handle.readline()
        parts.append(line)
        quotes += line.count(b'"')
        if not line.endswith(b"\n") or quotes % 2 == 0:
            break
    return b"".join(parts), quotes


def check_utf8(source: Path) -> None:
    """Refuse, before any work, a CSV whose start is not UTF-8 (GBK exports load in memory)."""
    with open(source, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniff's end
            raise said(UnreadableFileError, "err_not_utf8", path=source, guess=_guess(head)) from error


def _guess(head: bytes) -> str:
    try:
        decode(head[: head.rfind(b"\n") + 1] or head, "head")
        return "GBK or GB18030"
    except UnreadableFileError:
        return "another encoding"
