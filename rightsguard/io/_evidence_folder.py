"""Walking an evidence folder, ``ROOT/<订单编号 or 退款编号>/<files>``, without leaving it.

A link is followed only to a file or key folder inside the folder; links to
folders within a key folder are not followed (a loop would never end), nor a
link that leads back to itself; each link not followed is named. Names that
are not UTF-8 (a zip made on Chinese Windows, unpacked on Linux or macOS) are
read as GB18030, or named with their bytes escaped.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import polars as pl

from rightsguard._vocabulary import text

SYSTEM_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
"""Files operating systems leave in folders: never vouchers."""


def folder_listing(root: Path) -> tuple[pl.DataFrame, list[str]]:
    """``key`` and ``name`` of each file under ``root/<key>/`` (an empty key folder gives one
    row with no name), and what was not read, each a sentence naming it.

    Links leading out of ``root``, links to folders within a key folder,
    broken links and unreadable folders are not read.
    """
    inside = root.resolve()
    keys: list[str] = []
    names: list[str | None] = []
    refused: list[str] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        key = decoded_name(entry.name)
        if entry.is_symlink() and _loops(entry.path):
            refused.append(f"{key}: {_LINK_LOOPS}")
            continue
        if entry.is_symlink() and not _leads_inside(entry.path, inside):
            refused.append(f"{key}: {_LINK_OUT}")
            continue
        if not entry.is_dir():
            continue
        files = _files_in(entry.path, inside, key, refused)
        keys += [key] * max(len(files), 1)
        names += files or [None]
    listing = pl.DataFrame({"key": keys, "name": names}, schema={"key": pl.String, "name": pl.String})
    return listing, refused


_LINK_OUT = text("evidence_link_out", "en")
_LINK_LOOPS = text("evidence_link_loops", "en")


def _files_in(folder: str, inside: Path, key: str, refused: list[str]) -> list[str]:
    """The voucher files under one key folder, as names relative to it, sorted.

    Walks without following links to folders; a link to a file counts only
    when it leads to a file inside the evidence folder.
    """
    files: list[str] = []

    def unreadable(error: OSError) -> None:
        refused.append(
            f"{key}/{decoded_name(os.path.relpath(error.filename or folder, folder))}: "
            f"{text('evidence_unreadable', 'en')} ({error.strerror})"
        )

    for here, folders, found in os.walk(folder, onerror=unreadable):
        for name in sorted(folders):
            if os.path.islink(os.path.join(here, name)):
                refused.append(f"{key}/{_relative(here, name, folder)}: {text('evidence_link_folder', 'en')}")
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(found):
            path = os.path.join(here, name)
            if name in SYSTEM_FILES or name.startswith("."):
                continue
            if os.path.islink(path) and not (_leads_inside(path, inside) and os.path.isfile(path)):
                broken = text("evidence_broken_link", "en")
                said = _LINK_LOOPS if _loops(path) else _LINK_OUT if os.path.exists(path) else broken
                refused.append(f"{key}/{_relative(here, name, folder)}: {said}")
                continue
            files.append(_relative(here, name, folder))
    return sorted(files)


def _relative(here: str, name: str, folder: str) -> str:
    return decoded_name(Path(os.path.relpath(os.path.join(here, name), folder)).as_posix())


def _leads_inside(path: str, inside: Path) -> bool:
    """Whether a path, its links resolved, stays within the evidence folder (a loop does not)."""
    try:
        return Path(os.path.realpath(path, strict=True)).is_relative_to(inside)
    except OSError:
        return False


def _loops(path: str) -> bool:
    """Whether a link leads, through links, back to itself."""
    try:
        os.path.realpath(path, strict=True)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def decoded_name(name: str) -> str:
    """A file name as text: UTF-8, else GB18030 (Chinese Windows), else with its bytes escaped.

    Python gives a name that is not UTF-8 with its bytes as surrogates, which
    no text column can hold.
    """
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")
