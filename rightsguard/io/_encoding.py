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

from rightsguard._errors import UnreadableFileError, said

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
        raise said(UnreadableFileError, "err_nul", name=name, byte=nul)
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if BOM in body:
        line = body[: body.index(BOM)].count(b"\n") + 1
        raise said(UnreadableFileError, "err_bom_inside", name=name, line=line)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith(BOM):
            raise said(UnreadableFileError, "err_utf8_marked", name=name, byte=exc.start + len(BOM)) from exc
        utf8_failure = exc.start
    utf8_line = _first_utf8_chinese_line(body)
    if utf8_line is not None:
        other_line = body[:utf8_failure].count(b"\n") + 1
        raise said(
            UnreadableFileError, "err_mixed_encodings", name=name, utf8_line=utf8_line, other_line=other_line
        )
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise said(
            UnreadableFileError, "err_encoding", name=name, utf8=utf8_failure, gb18030=exc.start
        ) from exc
    judged = body[:JUDGED_BYTES]
    pairs = GBK_PAIR.subn(b"", judged)[1]
    rare = RARE_GBK_PAIR.subn(b"", judged)[1]
    if pairs >= MIN_PAIRS and rare / pairs > RARE_SHARE:
        raise said(UnreadableFileError, "err_big5", name=name, share=rare / pairs)
    return text


def _first_utf8_chinese_line(body: bytes) -> int | None:
    """The first line that is wholly UTF-8 and holds a Chinese character (GBK text almost never
    forms one), 1-based; None when there is none."""
    lines = pl.Series(body.decode("utf-8", errors="replace").split("\n"))
    found = lines.str.contains(r"[\x{4e00}-\x{9fff}]") & ~lines.str.contains("\ufffd", literal=True)
    first = found.arg_max()
    return None if first is None or not found.any() else first + 1
