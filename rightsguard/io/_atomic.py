"""Outputs written whole: staged beside their final path and renamed into place when complete,
and the machine's refusals of a write (a full disk, a read-only folder) said plainly.

A killed run leaves the previous output or none, never half of one, and concurrent writers to
one path leave one complete output. The writers themselves (polars, xlsxwriter, the chart
renderer) word a full disk in their own ways: "No space left on device (os error 28)", an
errno without a file name, or, for a Parquet file cut short, "File out of specification:
Invalid thrift". Whatever the words, a write that fails where the disk has no room left, or
that the file system refuses, is told as such, naming the output.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from polars.exceptions import PolarsError

from rightsguard._errors import said
from rightsguard.io._plan_file import filled_plans, open_plan_locks
from rightsguard.io._scratch import scratch_path

NEARLY_FULL_BYTES = 1 << 20
"""A folder with less room than this, after a write failed in it, failed for want of room."""

_REFUSED = {
    errno.ENOSPC: "err_output_full",
    errno.EDQUOT: "err_output_full",
    errno.EROFS: "err_output_read_only",
    errno.EACCES: "err_output_read_only",
    errno.EPERM: "err_output_read_only",
}
"""The machine's refusals of a write, and how each is told."""


class UnsafeOutputError(ValueError):
    """Raised when writing an output would overwrite an input or a folder that is not ours, or
    when the machine refuses the write (a full disk, a read-only folder)."""


@contextmanager
def write_faults_told(output: Path) -> Iterator[None]:
    """Tell a write refused inside the block as the refusal it is, naming ``output``.

    Raises
    ------
    UnsafeOutputError
        For a full disk (by its errno, its words, or the room left in the folder after the
        failure) or a folder that cannot be written; other errors pass as they are.
    """
    try:
        yield
    except (OSError, PolarsError, _xlsx_create_error()) as error:
        key = _refusal_of(error, output)
        if key is None:
            raise
        if key == "err_output_full":
            raise said(UnsafeOutputError, "err_output_full", path=output) from error
        raise said(UnsafeOutputError, "err_output_read_only", path=output) from error


def _refusal_of(error: BaseException, output: Path) -> str | None:
    """The sentence for a failed write, or None when it was not the machine's refusal."""
    cause = error.args[0] if error.args and isinstance(error.args[0], OSError) else error
    code = getattr(cause, "errno", None)
    named = getattr(cause, "filename", None)
    if code in (errno.EACCES, errno.EPERM) and named and Path(named).parent != output.parent:
        return None  # a file elsewhere (an input) refused: not this output's to tell
    if code in _REFUSED:
        return _REFUSED[code]
    words = str(error).lower()
    if "no space left" in words or "os error 28" in words or "disk quota" in words:
        return "err_output_full"
    if "read-only file system" in words or "os error 30" in words:
        return "err_output_read_only"
    try:
        room = shutil.disk_usage(output.parent if str(output.parent) else ".").free
    except OSError:
        return None
    return "err_output_full" if room < NEARLY_FULL_BYTES else None


def _xlsx_create_error() -> type[Exception]:
    """xlsxwriter's error for a workbook it could not write (it wraps the OSError); a stand-in
    class when xlsxwriter is not installed, so that nothing is caught by it."""
    try:
        from xlsxwriter.exceptions import FileCreateError
    except ImportError:  # pragma: no cover - xlsxwriter is a dependency
        return type("NoXlsxWriter", (Exception,), {})
    return FileCreateError


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto it only if the block completes; a write
    the machine refused is said plainly (:func:`write_faults_told`)."""
    staging = scratch_path(path, "tmp")
    try:
        with write_faults_told(path):
            yield staging
            os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)


REPORT_MARKER = ".rightsguard-report"
"""A file in every folder rightsguard writes whole, so that only such folders are replaced."""


@contextmanager
def atomic_directory(directory: Path, *, plans_recorded: bool = False) -> Iterator[Path]:
    """A temporary folder beside ``directory`` that replaces it whole when the block completes.

    Raises
    ------
    UnsafeOutputError
        When ``directory`` exists, is not empty and was not written by
        rightsguard: its files are the user's, not an output to replace; when
        it holds a plan open in a spreadsheet, or one filled in and not
        recorded (unless ``plans_recorded``).
    """
    check_replaceable(directory)
    check_plans(directory, recorded=plans_recorded)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = scratch_path(directory, "tmp")
    try:
        with write_faults_told(directory):
            staging.mkdir()
            yield staging
            (staging / REPORT_MARKER).write_text("written whole by rightsguard\n", encoding="utf-8")
            _swap_in(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_replaceable(directory: Path) -> None:
    """Refuse a folder that exists, is not empty and was not written whole by rightsguard."""
    if directory.is_file() or (
        directory.exists() and any(directory.iterdir()) and not (directory / REPORT_MARKER).exists()
    ):
        raise said(UnsafeOutputError, "err_folder_foreign", path=directory)


def check_plans(directory: Path, *, recorded: bool = False) -> None:
    """Refuse to replace a folder whose plan is open in a spreadsheet, or (unless ``recorded``)
    holds actions or notes a seller typed: what they typed is never lost.

    Raises
    ------
    UnsafeOutputError
        Naming the plan, and its lock file or the rows typed in.
    """
    locks = open_plan_locks(directory)
    if locks:
        raise said(UnsafeOutputError, "err_plan_open", path=directory, lock=locks[0].name)
    if not recorded:
        for plan, n in filled_plans(directory).items():
            raise said(UnsafeOutputError, "err_plan_filled", path=plan, n=n)


def _swap_in(staging: Path, directory: Path) -> None:
    """Move ``staging`` onto ``directory``, moving a previous report aside and removing it."""
    for _ in range(5):  # another writer may put its report in place between our two renames
        old = scratch_path(directory, "old")
        try:
            if directory.exists():
                os.replace(directory, old)
            os.replace(staging, directory)
            return
        except OSError:
            continue
        finally:
            shutil.rmtree(old, ignore_errors=True)
    raise said(UnsafeOutputError, "err_report_race", path=directory)
