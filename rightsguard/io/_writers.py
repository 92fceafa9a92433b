"""Writing result tables for people, safely.

Every file is written to a temporary file in the same folder and renamed into
place only when complete: a killed run leaves the previous file or none, never
half of one, and concurrent writers to one path leave one complete file.
Parquet keeps types; CSV and xlsx are made safe to open in a spreadsheet: a
cell that begins with ``=``, ``+``, ``-``, ``@`` (or their full-width forms
``＝ ＋ － ＠``, possibly behind zero-width characters), a tab or a carriage
return would run as a formula in Excel, WPS or another spreadsheet program;
such text (a buyer's reason, say) is prefixed with an apostrophe so that it
shows as the text it is. Text that looks like a link stays text.
"""

from __future__ import annotations

import io
import os
import queue
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from polars.io.plugins import register_io_source

from rightsguard._errors import said
from rightsguard._schema import MEMORY_ONLY_COLUMNS, PRIVATE_COLUMNS
from rightsguard.io._atomic import UnsafeOutputError, atomic_file

if TYPE_CHECKING:
    import xlsxwriter

FORMULA_START = r"^[\s\u200b-\u200f\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]"
"""Text a spreadsheet could run as a formula: a formula sign, possibly behind invisible characters."""


ZSTD_LEVEL = 1
"""Parquet outputs are zstd-compressed at level 1: less work to write than the default level,
for a file barely larger."""

CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S%.f"
"""Moments in CSV as spreadsheets read them (``2025-03-01 14:05:09``); fractions of a
second only where there are any, so nothing is lost."""


LIST_SEPARATOR = "; "
"""Between the items of a list written as text."""


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as formulas; join lists.

    An Enum column none of whose categories could start a formula is left as it is.
    """
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    joined = frame.with_columns(pl.col(c).list.join(LIST_SEPARATOR) for c in lists)
    text = [
        c
        for c, t in joined.schema.items()
        if t in (pl.String, pl.Categorical)
        or (isinstance(t, pl.Enum) and t.categories.str.contains(FORMULA_START).any())
    ]
    return joined.with_columns(
        pl.col(c).cast(pl.String).map_batches(_quote_formulas, return_dtype=pl.String) for c in text
    )


LONG_NUMBER = r"^[0-9]{12,}$"
"""Digits a spreadsheet would read as a number and round: 12 or more (ids, never amounts)."""


def _text_guarded(column: str) -> pl.Expr:
    """A column's long numeric ids as ``="…"``, which spreadsheets keep as text."""
    ids = pl.col(column).cast(pl.String)
    return pl.when(ids.str.contains(LONG_NUMBER)).then(pl.format('="{}"', ids)).otherwise(ids).alias(column)


def _quote_formulas(text: pl.Series) -> pl.Series:
    """The column with an apostrophe before each cell a spreadsheet would run; others untouched."""
    risky = text.str.contains(FORMULA_START).fill_null(False).arg_true()
    if not risky.len():
        return text
    return text.scatter(
        risky, text.gather(risky).to_frame("cell").select(pl.lit("'") + pl.col("cell")).to_series()
    )


def write_table(
    frame: pl.DataFrame, path: str | Path, *, keep_private: bool = False, text_ids: tuple[str, ...] = ()
) -> Path:
    """Write ``frame`` as Parquet, CSV (UTF-8 with BOM, for Excel) or xlsx, by suffix, atomically.

    The counterparty key (:data:`~rightsguard._schema.PRIVATE_COLUMNS`) is left
    out unless ``keep_private``: a file that travels should not link a shop's
    disputes to the same buyer. In a CSV, the long numeric ids of the columns
    ``text_ids`` are written as ``="…"``, as Taobao's own export does, so that
    Excel and WPS show them as text instead of rounding them (the readers take
    the guard off).
    """
    path = Path(path)
    frame = _shareable(frame, keep_private)
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv", ".xlsx"):
        raise said(ValueError, "err_output_type", path=path, suffix=suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as staging:
        if suffix == ".parquet":
            frame.write_parquet(staging, compression="zstd", compression_level=ZSTD_LEVEL)
        elif suffix == ".csv":
            guarded = neutralise_formulas(frame).with_columns(
                _text_guarded(c) for c in text_ids if c in frame.columns
            )
            _write_csv(iter([guarded]), staging)
        else:
            _write_xlsx(neutralise_formulas(frame), staging)
    return path


def _shareable(frame: pl.DataFrame, keep_private: bool) -> pl.DataFrame:
    """The frame as a file holds it: without :data:`PRIVATE_COLUMNS` unless kept (a file that
    travels should not link a shop's disputes to the same buyer), never with
    :data:`MEMORY_ONLY_COLUMNS`."""
    dropped = MEMORY_ONLY_COLUMNS if keep_private else (*MEMORY_ONLY_COLUMNS, *PRIVATE_COLUMNS)
    return frame.drop(dropped, strict=False)


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """An xlsx whose text cells stay text: no automatic links, formulas or numbers."""
    with xlsx_workbook(path) as workbook:
        frame.write_excel(workbook=workbook, autofit=True)


@contextmanager
def xlsx_workbook(path: Path) -> Iterator[xlsxwriter.Workbook]:
    """A workbook whose text cells stay text (no automatic links, formulas or numbers), built in
    memory and written to ``path`` whole when the block ends: a disk that fills mid-write fails
    one plain write, not a zip file half flushed (whose clean-up would complain again later)."""
    import xlsxwriter  # imported where needed: most runs write no workbook

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_urls": False,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
        },
    )
    yield workbook
    workbook.close()
    path.write_bytes(buffer.getvalue())


def check_writable(outputs: list[Path], *, folders: bool = False) -> None:
    """Refuse, before any work, an output that is a folder (unless ``folders`` are the outputs),
    whose name is too long for the file system, or whose folder cannot be written.

    Raises
    ------
    UnsafeOutputError
        Naming the output and what is wrong with it.
    """
    for output in outputs:
        if output.is_dir() and not folders:
            raise said(UnsafeOutputError, "err_output_folder", path=output)
        if len(os.fsencode(output.name)) > 255 - 30:  # room for the staging file's prefix and tag
            raise said(UnsafeOutputError, "err_name_long", path=output, n=len(os.fsencode(output.name)))
        folder = next((p for p in [output.parent, *output.parent.parents] if p.exists()), Path("."))
        if not folder.is_dir() or not _can_write_in(folder):
            raise said(UnsafeOutputError, "err_unwritable", path=output, folder=folder)


def _can_write_in(folder: Path) -> bool:
    """Whether a file can be made in ``folder``: tried, not read from its mode bits, which say
    nothing of a read-only mount or ``/proc`` (and which root passes)."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".rightsguard-probe-"):
            return True
    except OSError:
        return False


def refuse_overwriting_inputs(inputs: list[Path], outputs: list[Path]) -> None:
    """Refuse any output that is, or resolves to, one of the inputs (or lies inside an input folder).

    Raises
    ------
    UnsafeOutputError
        Naming the output and the input it would destroy.
    """
    for output in outputs:
        target = output.resolve()
        for source in inputs:
            origin = source.resolve()
            if (
                target == origin
                or (origin.is_dir() and origin in target.parents)
                or (target.exists() and origin.exists() and os.path.samefile(target, origin))
            ):
                raise said(UnsafeOutputError, "err_overwrite_input", path=output, source=source)


class BatchWriter:
    """A Parquet or CSV file written batch after batch, renamed into place when all succeeded.

    Batches go, through a queue of two, to one polars sink running beside the
    caller (so the file is written once, with no parts to merge, by all the
    cores), CSV batches made safe for spreadsheets first: the file is written
    while the next batch is being made, and memory holds at most the batches
    in the queue. The counterparty key is
    left out unless ``keep_private`` (as in :func:`write_table`).
    """

    def __init__(self, path: Path, keep_private: bool, *, empty: pl.DataFrame) -> None:
        self.path = Path(path)
        self.keep_private = keep_private
        self.empty = empty
        """What the file holds when no batch comes: its columns, no row."""
        self.sink: _Sink | None = None

    def __enter__(self) -> BatchWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._atomic = atomic_file(self.path)
        self.staging = self._atomic.__enter__()
        return self

    def write(self, frame: pl.DataFrame) -> None:
        """Hand a batch to the writer (waiting while two are queued)."""
        self.put(self.prepared(frame))

    def prepared(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A batch as the file holds it: the counterparty key left out unless kept, a CSV's
        cells made safe for spreadsheets. Safe to call from any thread, so that batches are
        prepared where they are made, not one after the other where they are written."""
        frame = _shareable(frame, self.keep_private)
        return frame if self.path.suffix.lower() == ".parquet" else neutralise_formulas(frame)

    def put(self, frame: pl.DataFrame) -> None:
        """Hand a :meth:`prepared` batch to the writer (waiting while two are queued)."""
        if self.sink is None:
            self.sink = _Sink(self.staging, frame.schema, parquet=self.path.suffix.lower() == ".parquet")
        self.sink.put(frame)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self.sink is None and error is None:  # no batch: a file of columns and no row
                self.write(self.empty)
            if self.sink is not None:
                self.sink.close(failed=error is not None)
        finally:
            self._atomic.__exit__(kind, error, trace)


class _Sink:
    """One file written in a thread from batches handed over through a short queue."""

    _END = object()

    def __init__(self, path: Path, schema: pl.Schema, *, parquet: bool) -> None:
        self.schema = schema
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(path, parquet), daemon=True)
        self.thread.start()

    def put(self, frame: pl.DataFrame) -> None:
        """Queue a batch, in the first batch's columns and types."""
        while self.thread.is_alive():
            try:
                self.queue.put(frame.select(list(self.schema)).cast(self.schema), timeout=0.5)
                return
            except queue.Full:
                continue
        raise self.error or RuntimeError("the file writer stopped")

    def close(self, failed: bool) -> None:
        """Finish the file (abandoned when ``failed``: the caller removes it); re-raise what the
        writer raised unless abandoned."""
        if self.thread.is_alive():
            self.queue.put(self._END)
        self.thread.join()
        if self.error is not None and not failed:
            raise self.error

    def _batches(self, *_: object) -> Iterator[pl.DataFrame]:
        """The queued batches, up to the end. An abandoned file is finished too, not broken off,
        so that no writer of polars' is still at work on it when it is removed."""
        while (item := self.queue.get()) is not self._END:
            yield item

    def _run(self, path: Path, parquet: bool) -> None:
        try:
            if parquet:
                register_io_source(self._batches, schema=self.schema).sink_parquet(
                    path, compression="zstd", compression_level=ZSTD_LEVEL
                )
            else:
                _write_csv(self._batches(), path)
        except BaseException as error:  # handed to the caller's thread on close
            self.error = error


def _write_csv(batches: Iterator[pl.DataFrame], path: Path) -> None:
    """CSV for spreadsheets (UTF-8 with BOM, formulas already neutralised), batch after batch,
    each written by polars on every core."""
    with open(path, "wb") as handle:
        for number, batch in enumerate(batches):
            batch.write_csv(
                handle, include_bom=not number, include_header=not number, datetime_format=CSV_DATETIME_FORMAT
            )
