"""Saving charts without the internet, and the optional rightsguard theme.

PNG, SVG and PDF are drawn by vl-convert; HTML is self-contained, with the
Vega libraries inlined. Nothing is fetched. Chinese text triggers a search
for a CJK font (see :mod:`rightsguard.present._fonts`).
"""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt

from rightsguard.present._fonts import FONT_FAMILY, ensure_cjk_font

FORMATS = ("png", "svg", "pdf", "html")
THEME = "rightsguard"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def save_chart(chart: alt.TopLevelMixin, path: str | Path, *, scale: float = 2.0) -> Path:
    """Save a chart as PNG, SVG, PDF or self-contained HTML, by the file's suffix.

    Parameters
    ----------
    chart
        Any altair chart.
    path
        Target file; ``.png``, ``.svg``, ``.pdf`` or ``.html``.
    scale
        Pixel density of PNG output.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: charts are saved as {', '.join(FORMATS)}, not '{fmt}'")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        chart.save(path, format="html", inline=True)
        return path
    if _CJK.search(chart.to_json()):
        ensure_cjk_font()
    if fmt == "png":
        chart.save(path, format="png", scale_factor=scale)
    else:
        chart.save(path, format=fmt)
    return path


def enable_offline_rendering() -> None:
    """Draw charts in notebooks as SVG made locally (no CDN, works in JupyterLab)."""
    ensure_cjk_font()
    alt.renderers.enable("svg")


@alt.theme.register(THEME, enable=False)
def rightsguard_theme() -> alt.theme.ThemeConfig:
    """A quiet theme with CJK-capable fonts; enable it with ``alt.theme.enable("rightsguard")``."""
    return {
        "config": {
            "font": FONT_FAMILY,
            "view": {"stroke": None},
            "title": {"fontSize": 14, "anchor": "start", "fontWeight": 600},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eeeeee"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "range": {"category": ["#2b8cbe", "#e6550d", "#31a354", "#756bb1", "#636363",
                                   "#de2d26", "#3182bd", "#fdae6b", "#74c476"]},
        }
    }
