"""Charts: aggregated in polars, labelled in English or Chinese, exported offline."""

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc

import rightsguard as rg
from rightsguard import charts
from rightsguard.present._fonts import CJKFontWarning, ensure_cjk_font, find_cjk_font
from rightsguard.sample._generate import generate_disputes

FRAME_CHARTS = [
    charts.negotiation_rate_by_reason, charts.negotiation_rate_by_completeness,
    charts.score_distribution, charts.calibration_chart, charts.missing_vouchers_by_reason,
    charts.recommendation_mix, charts.threshold_sweep_chart, charts.disputes_over_time,
]


@pytest.fixture(scope="module")
def scored(sample_scored) -> pl.DataFrame:
    return sample_scored


@pytest.fixture(scope="module")
def scorecard(sample_disputes) -> pl.DataFrame:
    return rg.fit_model(sample_disputes).scorecard()


def chart_rows(spec: dict) -> int:
    """Rows of inline data in a chart spec."""
    return sum(len(v) for v in spec.get("datasets", {}).values())


@pytest.fixture(scope="module")
def many_scored(sample_disputes) -> pl.DataFrame:
    """15,000 disputes scored out of fold: three times altair's 5,000-row limit."""
    return rg.score(generate_disputes(15_000, seed=3).disputes)


@pytest.mark.parametrize("make", FRAME_CHARTS, ids=lambda f: f.__name__)
def test_charts_aggregate_before_altair_sees_the_data(make, many_scored):
    spec = make(many_scored).to_dict()

    assert 0 < chart_rows(spec) < 500


def test_rate_chart_shows_reasons_by_goods_status(scored):
    spec = charts.negotiation_rate_by_reason(scored).to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert spec["title"] == "Negotiated share by reason and goods status"
    assert spec["layer"][0]["encoding"]["color"]["field"] == "rate"
    assert {r["goods"] for r in rows} == {"received", "not received", "unknown"}
    changed_mind = [r for r in rows if r["reason"] == "changed mind" and r["goods"] == "received"][0]
    closed = scored.filter((pl.col("reason") == "changed_mind") & pl.col("goods_received")
                           & (pl.col("resolution") != "open"))
    assert changed_mind["rate"] == pytest.approx((closed["resolution"] == "negotiated").mean())
    assert changed_mind["low"] < changed_mind["rate"] < changed_mind["high"]


def test_chinese_labels_on_request(scored):
    spec = charts.negotiation_rate_by_reason(scored, lang="zh").to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert spec["title"] == "各纠纷原因与货物状态的协商解决占比"
    assert {"未收到货", "质量问题", "假冒品牌"} <= {r["reason"] for r in rows}
    with pytest.raises(ValueError, match="lang must be one of en, zh; got 'fr'"):
        charts.recommendation_mix(scored, lang="fr")


def test_sweep_chart_has_a_hover_selection_and_the_policy_threshold(scored):
    spec = charts.threshold_sweep_chart(scored, rg.Policy(min_win_probability=0.4)).to_dict()

    assert spec["params"][0]["select"]["on"] == "pointerover"
    marks = [v for d in spec["datasets"].values() for v in d if set(v) == {"min_win_probability"}]
    assert marks == [{"min_win_probability": 0.4}]


def test_an_option_has_the_same_colour_in_every_language(scored):
    def colours(lang: str) -> dict[str, str]:
        scale = charts.recommendation_mix(scored, lang=lang).to_dict()["encoding"]["color"]["scale"]
        return dict(zip(scale["domain"], scale["range"]))

    english, chinese = colours("en"), colours("zh")

    assert english["escalate"] == chinese["申请客服介入"] != english["negotiate"]
    assert english["refund now"] == chinese["直接退款"]
    assert english["negotiate"] == chinese["协商"]


def test_scorecard_chart_colours_points_by_sign(scorecard):
    spec = charts.scorecard_chart(scorecard).to_dict()
    rows = next(iter(spec["datasets"].values()))

    assert len(rows) == scorecard.height - 1
    assert all(r["raises"] == (r["points"] > 0) for r in rows)
    assert all(r["n"] == f"n={r['disputes']}" for r in rows)


def test_importing_charts_changes_no_global_state():
    assert alt.theme.active != charts.THEME
    assert charts.THEME in alt.theme.names()


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"),
                                            ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")])
def test_every_format_is_written_offline(tmp_path, scored, fmt, magic):
    path = charts.save_chart(charts.recommendation_mix(scored, lang="zh"), tmp_path / f"c.{fmt}")

    content = path.read_bytes()
    assert content.lstrip()[:len(magic)].lower() == magic.lower()
    if fmt == "html":
        assert b"cdn.jsdelivr" not in content and b'src="http' not in content


def label_png(label: str) -> bytes:
    """A PNG of one text label: with no CJK font, any two Chinese labels are identical boxes."""
    chart = alt.Chart(pl.DataFrame({"x": [1]})).mark_text(size=40).encode(
        text=alt.value(label)).properties(width=160, height=60)
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
