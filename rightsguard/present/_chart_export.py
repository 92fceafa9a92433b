"""Saving charts without the internet, and the optional rightsguard theme.

PNG, SVG and PDF are drawn by vl-convert; HTML is self-contained, with the
Vega libraries inlined. Nothing is fetched. Chinese text triggers a search
for a CJK font (see :mod:`rightsguard.present._fonts`).
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
from importlib.metadata import version
from pathlib import Path

import altair as alt
import vl_convert as vlc

from rightsguard.present._fonts import FONT_FAMILY, ensure_cjk_font

FORMATS = ("png", "svg", "pdf", "html")
THEME = "rightsguard"
RENDERER = "rightsguard"
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
    elif fmt == "svg":
        chart.save(path, format="svg")
    else:
        chart.save(path, format="pdf")
    return path


NOTEBOOK_MIME_TYPE = "application/vnd.vegalite.v5+json"
"""The Vega-Lite type JupyterLab 4 draws with the Vega it ships (it knows no v6 type)."""


def for_jupyterlab(spec: dict) -> dict:
    """A Vega-Lite spec under the v5 type JupyterLab draws (its features are Vega-Lite 5's)."""
    return {**spec, "$schema": "https://vega.github.io/schema/vega-lite/v5.json"}


def notebook_bundle(spec: dict) -> tuple[dict, dict]:
    """A chart's notebook output: interactive Vega-Lite for JupyterLab, a PNG for everything else.

    JupyterLab draws the Vega-Lite output itself, offline, with its own fonts
    (so nothing is clipped), tooltips and selections; an untrusted or exported
    notebook, GitHub or nbconvert's HTML shows the PNG drawn here by
    vl-convert.
    """
    import vl_convert as vlc

    if _CJK.search(json.dumps(spec, ensure_ascii=False)):
        ensure_cjk_font()
    png = vlc.vegalite_to_png(spec)  # at scale 1: four times faster than 2, and only a fallback
    width, height = struct.unpack(">II", png[16:24])
    return (
        {
            NOTEBOOK_MIME_TYPE: for_jupyterlab(spec),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": "<rightsguard chart>",
        },
        {"image/png": {"width": width, "height": height}},
    )


def enable_offline_rendering() -> None:
    """Show charts in notebooks without the internet: interactive in JupyterLab, a PNG elsewhere.

    See :func:`notebook_bundle`. Nothing is fetched: JupyterLab ships Vega,
    and the PNG is drawn locally.
    """
    alt.renderers.register(RENDERER, notebook_bundle)
    alt.renderers.enable(RENDERER)


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
            "range": {
                "category": [
                    "#2b8cbe",
                    "#e6550d",
                    "#31a354",
                    "#756bb1",
                    "#636363",
                    "#de2d26",
                    "#3182bd",
                    "#fdae6b",
                    "#74c476",
                ]
            },
        }
    }


BUNDLE_VEGA_LITE = "6.4"
"""The Vega-Lite version of the JavaScript bundle a report page embeds."""


def vega_bundle() -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript a report page embeds (offline).

    Building it takes vl-convert about a second, the same every time, so it is
    kept in the user's cache folder (``$XDG_CACHE_HOME/rightsguard``, else
    ``~/.cache/rightsguard``), one file per vl-convert and Vega-Lite version,
    written whole or not at all; where that folder cannot be written, it is
    built each time.
    """
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "rightsguard"
        / f"vega-bundle-{version('vl-convert-python')}-vl{BUNDLE_VEGA_LITE}.js"
    )
    try:
        return cache.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    bundle = vlc.javascript_bundle(vl_version=BUNDLE_VEGA_LITE)  # type: ignore[call-arg]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        staging.write_text(bundle, encoding="utf-8")
        os.replace(staging, cache)
    except OSError:
        pass  # a read-only home: built again next time
    return bundle
