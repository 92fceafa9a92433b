"""Scratch files and folders beside an output, and what a killed run left of them.

Outputs are staged beside their final path (renamed into place when whole)
and a stream spills batches to a folder there. Each such name carries the
process that made it, ``.<output name>.<pid>-<random>.<kind>``, so that a
later run can tell a leftover of a run that was killed (its process is gone)
from the scratch of a run still working, and remove only the former.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rightsguard._vocabulary import say

KINDS = ("tmp", "old", "spill")
"""Staged files and folders, reports moved aside, spilled batches."""

WINDOWS_AGE_SECONDS = 24 * 3600
"""Where a process cannot be asked whether it lives (Windows), a leftover this old is a leftover."""

_SCRATCH = re.compile(rf"^\.(?P<output>.+)\.(?P<pid>\d+)-[0-9a-f]{{12}}\.(?:{'|'.join(KINDS)})$")


def scratch_path(output: Path, kind: str) -> Path:
    """A new scratch name beside ``output``, owned by this process."""
    if kind not in KINDS:
        raise ValueError(f"scratch kind {kind!r} is not one of {KINDS}")
    return output.with_name(f".{output.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.{kind}")


@contextmanager
def scratch_folder(output: Path) -> Iterator[Path]:
    """A folder beside ``output`` for spilled batches, removed when the block ends."""
    folder = scratch_path(output, "spill")
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def clear_and_tell(outputs: list[Path], lang: str, report: Callable[[str], None]) -> None:
    """Clear each output's leftovers (:func:`clear_leftovers`), telling ``report`` what went."""
    for output in outputs:
        removed = clear_leftovers(output)
        if removed:
            report(
                say(
                    "progress_leftovers",
                    lang,
                    count=len(removed),
                    path=output,
                    names=", ".join(p.name for p in removed),
                )
            )


def clear_leftovers(output: Path) -> list[Path]:
    """Remove what killed runs left beside ``output``, for any output of that folder; return
    what was removed.

    Only names of :func:`scratch_path`'s form whose process is gone are
    removed: a run still working keeps its scratch, whatever it writes.
    """
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        return []
    removed = []
    for entry in os.scandir(folder):
        found = _SCRATCH.match(entry.name)
        if found and _abandoned(entry, int(found["pid"])):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return sorted(removed)


def _abandoned(entry: os.DirEntry, pid: int) -> bool:
    """Whether the process that made a scratch name is gone."""
    if pid == os.getpid():
        return False
    if os.name == "nt":  # os.kill would end the process there, not ask about it
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > WINDOWS_AGE_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False
