"""Finding a CJK font so that Chinese labels render as glyphs, not boxes.

vl-convert draws PNG, SVG and PDF text with the fonts it knows. A CJK font
found on the system is registered with it once; when none is found, a
:class:`CJKFontWarning` says how to install one.
"""

from __future__ import annotations

import os
import re
import warnings
from functools import cache
from pathlib import Path

import vl_convert as vlc

FONT_DIRECTORIES: tuple[str, ...] = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
"""Where fonts are looked for, besides ``RIGHTSGUARD_FONT_DIR``."""

CJK_FONT_FILES = re.compile(
    r"(NotoSans(Mono)?CJK|NotoSerifCJK|SourceHan(Sans|Serif)|wqy-|WenQuanYi|msyh|simhei|simsun|"
    r"PingFang|Hiragino Sans GB|STHeiti|DroidSansFallback)",
    re.IGNORECASE,
)
FONT_FAMILY = (
    "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
)
"""Font families for charts, CJK fonts first; any of them covers Latin text too."""

INSTALL_HINT = (
    "install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk; macOS and Windows ship "
    "one) or set RIGHTSGUARD_FONT_DIR to a folder holding one"
)


class CJKFontWarning(UserWarning):
    """No CJK font was found: Chinese text will render as boxes."""


def find_cjk_font(directories: tuple[str, ...] | None = None) -> Path | None:
    """Return the first CJK font file found, or None.

    Parameters
    ----------
    directories
        Folders to search (recursively); ``RIGHTSGUARD_FONT_DIR`` and
        :data:`FONT_DIRECTORIES` by default.
    """
    if directories is None:
        extra = os.environ.get("RIGHTSGUARD_FONT_DIR")
        directories = ((extra,) if extra else ()) + FONT_DIRECTORIES
    for directory in directories:
        root = Path(directory).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in {".ttf", ".ttc", ".otf"} and CJK_FONT_FILES.search(path.name):
                return path
    return None


@cache
def ensure_cjk_font() -> Path | None:
    """Register a CJK font with vl-convert once; warn with the fix when there is none."""
    font = find_cjk_font()
    if font is None:
        warnings.warn(
            f"no CJK font found, so Chinese labels will render as boxes: {INSTALL_HINT}",
            CJKFontWarning,
            stacklevel=3,
        )
        return None
    vlc.register_font_directory(str(font.parent))
    return font
