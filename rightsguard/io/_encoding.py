"""Turning a text file's bytes into text, or refusing them with the reason.

Tried in order: UTF-8 with a byte-order mark, UTF-8, then GB18030 (a superset
of GBK). GB18030 decodes almost any bytes, so its result is checked: text in
Big5 or Shift-JIS decodes "successfully" into the wrong characters, and is
recognised by how many of its two-byte characters fall outside the common
GB2312 block (lead and trail bytes from 0xA1), which GBK Chinese text seldom
leaves. NUL bytes (UTF-16, or a damaged file), a byte-order mark in the
middle of the file (two files joined) and a file mixing UTF-8 Chinese lines
with lines in another encoding (an export appended to in another program) are
refused rather than read into ids or mojibake.
"""

from __future__ import annotations

import re

import polars as pl

from rightsguard._errors import UnreadableFileError

BOM = b"\xef\xbb\xbf"
NUL = b"\x00"
GBK_PAIR = re.compile(rb"[\x81-\xfe][\x40-\xfe]")
RARE_GBK_PAIR = re.compile(rb"[\x81-\xa0][\x40-\xfe]|[\xa1-\xfe][\x40-\xa0]")
RARE_SHARE = 0.25
"""Above this share of two-byte characters outside GB2312, the bytes are not GBK text."""
MIN_PAIRS = 20
"""Fewer two-byte characters than this are too few to judge."""
JUDGED_BYTES = 2_000_000
"""Bytes from the start of the file that judge whether it is GBK (a Big5 file shows at once)."""


def decode(data: bytes, name: str = "input") -> str:
    """Decode a text file's bytes as UTF-8 (with or without BOM), GBK or GB18030.

    Raises
    ------
    UnreadableFileError
        Naming the file and what is wrong: NUL bytes, a byte-order mark inside
        the file, bytes that are no supported encoding (with the offset where
        each fails), or bytes that look like Big5 or Shift-JIS.
    """
    nul = data.find(NUL)
    if nul >= 0:
        raise UnreadableFileError(
            f"{name}: contains NUL bytes from byte {nul} (UTF-16 text, or a damaged file); save "
            "the export as UTF-8 or GB18030 CSV")
    body = data[len(BOM):] if data.startswith(BOM) else data
    if BOM in body:
        line = body[:body.index(BOM)].count(b"\n") + 1
        raise UnreadableFileError(
            f"{name}: a byte-order mark (U+FEFF) sits inside the file at line {line}, as when two "
            "files are joined; save them as one file")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith(BOM):
            raise UnreadableFileError(f"{name}: marked as UTF-8 but byte {exc.start + len(BOM)} is "
                                      "not UTF-8 (mixed encodings); save it again as UTF-8") from exc
        utf8_failure = exc.start
    utf8_line = _first_utf8_chinese_line(body)
    if utf8_line is not None:
        other_line = body[:utf8_failure].count(b"\n") + 1
        raise UnreadableFileError(
            f"{name}: mixes encodings: line {utf8_line} is UTF-8 Chinese but line {other_line} "
            "is not UTF-8 (GBK, perhaps), as when rows are appended "
            "in another program; save the whole file again as UTF-8 or GB18030")
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"{name}: not UTF-8, GBK or GB18030 text (utf-8 fails at byte {utf8_failure}; "
            f"gb18030 fails at byte {exc.start}); save the export as UTF-8 or GB18030 CSV") from exc
    judged = body[:JUDGED_BYTES]
    pairs = GBK_PAIR.subn(b"", judged)[1]
    rare = RARE_GBK_PAIR.subn(b"", judged)[1]
    if pairs >= MIN_PAIRS and rare / pairs > RARE_SHARE:
        raise UnreadableFileError(
            f"{name}: the bytes look like Big5 or Shift-JIS text, not GBK ({rare / pairs:.0%} of "
            "its two-byte characters are rare in GBK); save the export as UTF-8 or GB18030 CSV")
    return text


def _first_utf8_chinese_line(body: bytes) -> int | None:
    """The first line that is wholly UTF-8 and holds a Chinese character (GBK text almost never
    forms one), 1-based; None when there is none."""
    lines = pl.Series(body.decode("utf-8", errors="replace").split("\n"))
    found = lines.str.contains(r"[\x{4e00}-\x{9fff}]") & ~lines.str.contains("\ufffd", literal=True)
    first = found.arg_max()
    return None if first is None or not found.any() else first + 1
