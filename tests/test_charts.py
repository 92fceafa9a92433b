"""Charts: aggregated in polars, labelled in English or Chinese, exported offline."""

import re

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc

import rightsguard as rg
from rightsguard import charts
from rightsguard.present._fonts import CJKFontWarning, ensure_cjk_font, find_cjk_font
from rightsguard.sample._generate import generate_disputes

pytestmark = pytest.mark.xdist_group("charts")  # its module fixtures run in one worker, once

FRAME_CHARTS = [
    charts.negotiation_rate_by_reason,
    charts.negotiation_rate_by_completeness,
    charts.score_distribution,
    charts.calibration_chart,
    charts.missing_vouchers_by_reason,
    charts.recommendation_mix,
    charts.threshold_sweep_chart,
    charts.disputes_over_time,
]


@pytest.fixture(scope="module")
def scored(sample_scored) -> pl.DataFrame:
    return sample_scored


@pytest.fixture(scope="module")
def scorecard(sample_disputes) -> pl.DataFrame:
    return rg.scoring.fit_model(sample_disputes, fitting=rg.FitOptions(method="logistic")).scorecard()


def chart_rows(spec: dict) -> int:
    """Rows of inline data in a chart spec."""
    return sum(len(v) for v in spec.get("datasets", {}).values())


@pytest.fixture(scope="module")
def many_scored(sample_disputes) -> pl.DataFrame:
    """15,000 disputes scored out of fold: three times altair's 5,000-row limit."""
    return rg.score(
        generate_disputes(15_000, seed=3).disputes, fitting=rg.FitOptions(method="logistic")
    ).scored


@pytest.mark.parametrize("make", FRAME_CHARTS, ids=lambda f: f.__name__)
def test_charts_aggregate_before_altair_sees_the_data(make, many_scored):
    spec = make(many_scored).to_dict()

    assert 0 < chart_rows(spec) < 500


def test_rate_chart_shows_reasons_by_goods_status(scored):
    spec = charts.negotiation_rate_by_reason(scored).to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert spec["title"]["text"] == "Past disputes: negotiated share by reason and goods status"
    assert spec["layer"][1]["encoding"]["color"]["field"] == "rate"
    assert {r["goods"] for r in rows} == {"received", "not received", "unknown"}
    changed_mind = [r for r in rows if r["reason"] == "changed mind" and r["goods"] == "received"][0]
    closed = scored.filter(
        (pl.col("reason") == "changed_mind") & pl.col("goods_received") & (pl.col("resolution") != "open")
    )
    assert changed_mind["rate"] == pytest.approx((closed["resolution"] == "negotiated").mean())
    assert changed_mind["low"] < changed_mind["rate"] < changed_mind["high"]


def test_chinese_labels_on_request(scored):
    spec = charts.negotiation_rate_by_reason(scored, lang="zh").to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert spec["title"]["text"] == "历史售后：各退款原因与货物状态的协商解决占比"
    assert {"未收到货", "质量问题", "假冒品牌"} <= {r["reason"] for r in rows}
    with pytest.raises(ValueError, match="lang must be one of en, zh; got 'fr'"):
        charts.recommendation_mix(scored, lang="fr")


def test_sweep_chart_has_a_hover_selection_and_the_policy_threshold(scored):
    spec = charts.threshold_sweep_chart(scored, rg.Policy(min_win_probability=0.4)).to_dict()

    assert spec["params"][0]["select"]["on"] == "pointerover"
    marks = [v for d in spec["datasets"].values() for v in d if set(v) == {"min_win_probability"}]
    assert marks == [{"min_win_probability": 0.4}]


def colour_scales(spec: object, found: dict | None = None) -> dict[tuple[str, str], dict]:
    """Every scale with an explicit domain and range in a spec: (channel, field) -> {value: colour}."""
    found = {} if found is None else found
    if isinstance(spec, dict):
        for channel in ("color", "opacity"):
            encoding = spec.get("encoding", {}).get(channel, {})
            scale = encoding.get("scale", {}) if isinstance(encoding, dict) else {}
            if "domain" in scale and "range" in scale:
                found[(channel, encoding["field"])] = dict(zip(map(str, scale["domain"]), scale["range"]))
        for value in spec.values():
            colour_scales(value, found)
    elif isinstance(spec, list):
        for value in spec:
            colour_scales(value, found)
    return found


@pytest.mark.parametrize("make", FRAME_CHARTS, ids=lambda f: f.__name__)
def test_each_canonical_value_has_one_colour_in_every_language(make, scored):
    english = make(scored, lang="en").to_dict()
    chinese = make(scored, lang="zh").to_dict()

    assert colour_scales(english) == colour_scales(chinese)
    canonical = {
        "negotiated",
        "escalated",
        "open",
        *rg.VOUCHERS,
        "missing",
        "not recorded",
        "refund_now",
        "negotiate",
        "escalate",
        "True",
        "False",
    }
    for (_, field), mapping in colour_scales(english).items():
        if field != "rate":
            assert set(mapping) <= canonical, field


def test_legends_name_canonical_values_in_the_readers_language(scored):
    def svg(lang: str) -> str:
        """The text a reader sees: the SVG's text elements."""
        drawn = vlc.vegalite_to_svg(charts.recommendation_mix(scored, scope="all", lang=lang).to_dict())
        return " | ".join(re.findall(r"<text[^>]*>([^<]*)</text>", drawn))

    english, chinese = svg("en"), svg("zh")

    assert "refund now" in english and "escalate" in english
    assert "直接退款" in chinese and "申请客服介入" in chinese and "escalate" not in chinese
    options = colour_scales(charts.recommendation_mix(scored, lang="zh").to_dict())[
        ("color", "recommendation")
    ]
    assert options["escalate"] != options["negotiate"] != options["refund_now"]


@pytest.mark.parametrize("make", FRAME_CHARTS, ids=lambda f: f.__name__)
def test_every_title_states_which_disputes_it_counts(make, scored):
    for lang, scopes in (
        ("en", ("Open disputes: ", "Past disputes: ", "All disputes: ")),
        ("zh", ("处理中的售后：", "历史售后：", "全部售后：")),
    ):
        title = make(scored, lang=lang).to_dict()["title"]
        title = title["text"] if isinstance(title, dict) else title
        assert title.startswith(scopes), title


def test_a_share_from_few_disputes_is_masked_and_every_share_shows_its_count(scored):
    few = scored.filter(pl.col("reason") != "counterfeit").vstack(
        scored.filter((pl.col("reason") == "counterfeit") & (pl.col("resolution") != "open")).head(4)
    )
    spec = charts.negotiation_rate_by_reason(few).to_dict()
    rows = next(iter(spec["datasets"].values()))

    counterfeit = [r for r in rows if r["reason"] == "counterfeit"]
    assert sum(r["closed"] for r in counterfeit) == 4
    assert all(r["rate"] is None and r["label"] == f"n={r['closed']}" for r in counterfeit)
    shown = [r for r in rows if r["rate"] is not None]
    assert shown and all(r["closed"] >= charts.MIN_DISPUTES for r in shown)
    assert all(r["label"] == f"{round(r['rate'] * 100)}%\nn={r['closed']}" for r in shown)


def test_open_scope_counts_what_the_summary_counts(scored):
    spec = charts.recommendation_mix(scored).to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert sum(r["disputes"] for r in rows) == (scored["resolution"] == "open").sum()
    with pytest.raises(ValueError, match="scope must be 'open' or 'all'; got 'past'"):
        charts.recommendation_mix(scored, scope="past")


def test_scorecard_chart_colours_points_by_sign(scorecard):
    spec = charts.scorecard_chart(scorecard).to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert len(rows) == scorecard.filter(pl.col("points").abs().max().over("factor") >= 0.05).height - 1
    assert all(r["raises"] == (r["points"] > 0) for r in rows)
    assert all(r["n"] == f"n={r['disputes']}" for r in rows)


def test_importing_charts_changes_no_global_state():
    assert alt.theme.active != charts.THEME
    assert charts.THEME in alt.theme.names()


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")]
)
def test_every_format_is_written_offline(tmp_path, scored, fmt, magic):
    path = charts.save_chart(charts.recommendation_mix(scored, lang="zh"), tmp_path / f"c.{fmt}")

    content = path.read_bytes()
    assert content.lstrip()[: len(magic)].lower() == magic.lower()
    if fmt == "html":
        assert b"cdn.jsdelivr" not in content and b'src="http' not in content


def label_png(label: str) -> bytes:
    """A PNG of one text label: with no CJK font, any two Chinese labels are identical boxes."""
    chart = (
        alt.Chart(pl.DataFrame({"x": [1]}))
        .mark_text(size=40)
        .encode(text=alt.value(label))
        .properties(width=160, height=60)
    )
    return vlc.vegalite_to_png(chart.to_dict())


def test_chinese_text_renders_as_glyphs_not_boxes():
    assert find_cjk_font() is not None, "install a CJK font: apt-get install fonts-noto-cjk"
    ensure_cjk_font()

    assert label_png("退款") != label_png("维权")


def test_a_missing_cjk_font_warns_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr("rightsguard.present._fonts.FONT_DIRECTORIES", (str(tmp_path),))
    monkeypatch.delenv("RIGHTSGUARD_FONT_DIR", raising=False)
    ensure_cjk_font.cache_clear()
    try:
        with pytest.warns(CJKFontWarning, match="apt-get install fonts-noto-cjk"):
            ensure_cjk_font()
    finally:
        ensure_cjk_font.cache_clear()


def test_saving_a_chinese_chart_registers_the_cjk_font_first(tmp_path, monkeypatch, scored):
    registered = []
    monkeypatch.setattr(vlc, "register_font_directory", registered.append)
    ensure_cjk_font.cache_clear()
    try:
        charts.save_chart(charts.recommendation_mix(scored, lang="zh"), tmp_path / "zh.png")
    finally:
        ensure_cjk_font.cache_clear()

    assert registered == [str(find_cjk_font().parent)]


def test_notebook_outputs_draw_with_the_vega_lite_5_jupyterlab_ships(scored, tmp_path):
    """JupyterLab 4 draws the notebook output with its own Vega-Lite 5: every chart must draw
    there, in both languages, with no text outside its drawing."""
    import html
    import json
    import subprocess

    from chromium import CHROMIUM_FLAGS, chromium

    from rightsguard.present._chart_export import for_jupyterlab

    specs = {
        f"{make.__name__}-{lang}": for_jupyterlab(make(scored, lang=lang).to_dict())
        for make in FRAME_CHARTS
        for lang in ("en", "zh")
    }
    page = tmp_path / "lab.html"
    library = vlc.javascript_bundle(vl_version="5.21").replace("</script", "<\\/script")
    charts_json = json.dumps(specs).replace("<", "\\u003c")
    page.write_text(
        f"""<!doctype html><meta charset="utf-8"><body>
<script>{library}</script>
<script>
const specs = {charts_json};
const results = {{}};
Promise.all(Object.entries(specs).map(([name, spec]) => {{
  const div = document.createElement("div");
  document.body.appendChild(div);
  return vegaEmbed(div, spec, {{renderer: "svg", actions: false}}).then(() => {{
    const box = div.querySelector("svg").getBoundingClientRect();
    const outside = [...div.querySelectorAll("svg text")].filter(t => {{
      const r = t.getBoundingClientRect();
      return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
    }}).map(t => t.textContent);
    results[name] = outside.length ? outside : "drawn";
  }}).catch(error => {{ results[name] = String(error); }});
}})).then(() => {{
  const out = document.createElement("pre");
  out.id = "results";
  out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
}});
</script></body>""",
        encoding="utf-8",
    )

    dom = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    found = re.search(r'<pre id="results">(.*?)</pre>', dom, re.S)
    assert found, "Vega-Lite 5 never finished drawing"
    results = json.loads(html.unescape(found.group(1)))
    assert results == {name: "drawn" for name in specs}


def test_the_pages_javascript_is_built_once_and_kept_in_the_users_cache(tmp_path, monkeypatch):
    from rightsguard.present import _chart_export

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = _chart_export.vega_bundle()
    kept = list((tmp_path / "cache" / "rightsguard").iterdir())

    monkeypatch.setattr(_chart_export.vlc, "javascript_bundle", lambda **kwargs: "rebuilt")
    assert _chart_export.vega_bundle() == first  # read from the cache, not built again
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == first and "vega" in first
    monkeypatch.setenv("XDG_CACHE_HOME", str(kept[0]))  # a file where the folder should be
    assert _chart_export.vega_bundle() == "rebuilt"  # built each time where nothing can be kept
