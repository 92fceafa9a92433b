"""What sells badly: the per-SKU table, its chart and the page's section."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard import charts

from conftest import SAMPLE


@pytest.fixture(scope="module")
def export_run():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rg.ScoreTrustWarning)
        return rg.score(SAMPLE / "taobao_export_gbk.csv", fitting=rg.FitOptions(method="logistic"))


def test_the_export_reads_the_item_title_and_the_sku():
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    raw = pl.read_csv(SAMPLE / "taobao_export_gbk.csv", encoding="gbk", infer_schema=False)

    assert export["item"].to_list() == raw["宝贝标题"].to_list()
    assert export["sku"].to_list() == raw["商品编码"].to_list()


def test_one_row_per_sku_with_the_most_money_at_stake_first(export_run):
    table = rg.plan.sku_table(export_run)
    scored = export_run.scored
    one = table.row(0, named=True)
    mine = scored.filter(pl.col("sku") == one["SKU"])

    assert table["Cases"].sum() == scored.height and table["SKU"].n_unique() == table.height
    assert table["Money at stake in open cases (¥)"].is_sorted(descending=True)
    assert one["Open"] == mine.filter(pl.col("resolution") == "open").height
    assert one["Money at stake in open cases (¥)"] == pytest.approx(
        mine.filter(pl.col("resolution") == "open")["expected_cost"].sum(), abs=0.01
    )
    closed = mine.filter(pl.col("resolution") != "open")
    assert one["Negotiated share of closed"] == pytest.approx(
        (closed["resolution"] == "negotiated").mean(), abs=5e-4
    )


def test_an_export_naming_no_goods_is_refused_by_name(export_run):
    blind = export_run.scored.with_columns(
        pl.lit(None, pl.String).alias("sku"), pl.lit(None, pl.String).alias("item")
    )

    with pytest.raises(ValueError, match="商家编码.*宝贝标题"):
        rg.plan.sku_table(blind)


def test_the_chart_and_the_pages_section_show_the_goods_in_chinese(export_run):
    from rightsguard.present._report import _skus

    spec = charts.sku_chart(export_run.scored, lang="zh").to_dict()
    section = _skus(export_run.scored, "zh")

    assert spec["title"] == "各商品的售后数（颜色为协商解决占比）"
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == 15
    first = rg.plan.sku_table(export_run, lang="zh").row(0)
    assert section.startswith("<h2>哪些商品售后多</h2>") and "号款" in section
    assert all(str(value) in section for value in first[:2])  # its SKU and item title
    assert section.count("<tr>") == 1 + 15  # the header and the top fifteen
