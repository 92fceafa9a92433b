"""The Taobao/Tmall refund report: layouts, wordings, outcomes, privacy."""

import numpy as np
import polars as pl
import pytest

from rightsguard import CANONICAL_SCHEMA, load_disputes
from rightsguard.sample._bundle import EXPORT_ROWS
from rightsguard.sample._files import taobao_export
from rightsguard.sample._generate import generate_disputes

from conftest import SAMPLE

SEED = 20261126


@pytest.fixture(scope="module")
def truth_of_export() -> pl.DataFrame:
    """The canonical disputes the sample export was rendered from."""
    return generate_disputes(EXPORT_ROWS, SEED + 1, evidence="inventory").disputes


@pytest.mark.parametrize("name", ["taobao_export_gbk.csv", "taobao_export.xlsx"])
def test_sample_export_recovers_the_disputes_it_was_made_from(name, truth_of_export):
    loaded = load_disputes(SAMPLE / name)

    assert loaded.schema == pl.Schema(CANONICAL_SCHEMA)
    for column in (
        "dispute_id",
        "order_id",
        "reason",
        "goods_received",
        "outcome",
        "paid_amount",
        "paid_at",
        "deadline_at",
        "instant_response",
        "after_sale",
    ):
        assert loaded[column].to_list() == truth_of_export[column].to_list(), column
    # 买家退款金额: the amount asked, or agreed for an agreement that refunded part of it; where
    # the export left it blank it is unknown, never guessed
    agreed = (
        generate_disputes(EXPORT_ROWS, SEED + 1, evidence="inventory").truth["refund_fraction"].fill_null(1.0)
    )
    shown = loaded["amount"].is_not_null()
    np.testing.assert_allclose(
        loaded["amount"].filter(shown).to_numpy(),
        (truth_of_export["amount"] * agreed).filter(shown).to_numpy(),
        atol=0.005 + 1e-9,
    )


def test_csv_and_xlsx_exports_load_identically():
    assert load_disputes(SAMPLE / "taobao_export_gbk.csv").equals(
        load_disputes(SAMPLE / "taobao_export.xlsx")
    )


def test_buyer_and_seller_personal_data_is_left_out():
    raw = pl.read_csv(SAMPLE / "taobao_export_gbk.csv", encoding="gbk", infer_schema=False)
    loaded = load_disputes(SAMPLE / "taobao_export_gbk.csv")
    personal = {raw[c][0] for c in ("卖家真实姓名", "卖家手机", "买家会员名", "买家退款说明", "卖家退货地址")}

    text = set(loaded.select(pl.col(pl.String)).unpivot()["value"].drop_nulls().to_list())

    assert personal and not personal & text
    assert list(loaded.columns) == list(CANONICAL_SCHEMA)


def test_only_the_waybill_gives_evidence(truth_of_export):
    loaded = load_disputes(SAMPLE / "taobao_export_gbk.csv")

    shown = truth_of_export["evidence_delivery_proof"].fill_null(False)
    assert loaded["evidence_delivery_proof"].to_list() == [True if s else None for s in shown]
    others = [c for c in loaded.columns if c.startswith("evidence_") and "delivery" not in c]
    assert loaded.select(pl.col(others).null_count()).row(0) == (loaded.height,) * len(others)


def later_layout(frame: pl.DataFrame) -> pl.DataFrame:
    """A newer export: renamed headers, 售后类型 and 退款原因标签 added, some columns gone."""
    return (
        frame.rename(
            {"退款的申请时间": "退款申请时间", "买家退款金额": "退款金额", "退款完结时间": "退款完成时间"}
        )
        .drop("是否需要退货", "举证超时", "支付宝交易号")
        .with_columns(
            pl.col("买家退款原因").alias("退款原因标签"),
            pl.when(pl.col("货物状态").str.contains("未"))
            .then(pl.lit("仅退款"))
            .otherwise(pl.lit("退货退款"))
            .alias("售后类型"),
            pl.lit("某某旗舰店").alias("店铺名称"),
        )
    )


def test_later_layout_loads_into_the_same_schema(tmp_path, truth_of_export):
    export = later_layout(taobao_export(truth_of_export, 7))
    path = tmp_path / "export_2024.csv"
    path.write_bytes(("\ufeff" + export.write_csv()).encode("utf-8"))

    loaded = load_disputes(path)

    assert loaded.schema == pl.Schema(CANONICAL_SCHEMA)
    assert loaded["reason"].to_list() == truth_of_export["reason"].to_list()
    assert loaded["shop"].unique().to_list() == ["某某旗舰店"]
    assert set(loaded["refund_type"].cast(pl.String).unique()) == {"refund_only", "return_refund"}


@pytest.mark.parametrize(
    ("wording", "reason"),
    [
        ("快递/物流一直未送到", "not_received"),
        ("快递一直未送到", "not_received"),
        ("快递／物流 无跟踪记录", "not_received"),
        ("未按约定时间发货", "late_shipment"),
        ("颜色/图案/款式与商品描述不符", "not_as_described"),
        ("包装/商品破损/污渍", "damaged"),
        ("做工粗糙/有瑕疵", "quality"),
        ("假冒品牌", "counterfeit"),
        ("空包裹/少货", "missing_items"),
        ("卖家发错货", "wrong_item"),
        ("七天无理由退换货", "no_reason_return"),
        ("多拍/错拍/不想要", "changed_mind"),
        ("退运费", "shipping_fee"),
        ("发票问题", "invoice"),
        ("收到的商品是二手的", "other"),
        ("商品与宣传图片严重不一致", "not_as_described"),
        ("实物与图片不符", "not_as_described"),
    ],
)
def test_reason_wordings_map_to_canonical_reasons(wording, reason):
    frame = pl.DataFrame({"退款编号": ["1"], "退款的申请时间": ["2026-01-01"], "买家退款原因": [wording]})

    loaded = load_disputes(frame)

    assert loaded["reason"].cast(pl.String).to_list() == [reason]
    assert loaded["reason_raw"].to_list() == [wording]


@pytest.mark.parametrize(
    ("cs_status", "refund_status", "liable", "outcome"),
    [
        ("不需客服介入", "退款关闭", "", "withdrawn"),
        ("不需客服介入", "退款成功", "", "agreed"),
        ("客服已经介入", "退款成功", "", "platform_buyer"),
        ("需要客服介入", "退款关闭", "", "platform_seller"),
        ("客服处理完成", "退款关闭", "卖家", "platform_buyer"),
        ("支持卖家", "", "", "platform_seller"),
        ("不需客服介入", "买家已经申请退款，等待卖家同意", "", None),
    ],
)
def test_outcome_comes_from_intervention_and_refund_state(cs_status, refund_status, liable, outcome):
    frame = pl.DataFrame(
        {
            "退款编号": ["1"],
            "退款的申请时间": ["2026-01-01"],
            "买家退款原因": ["质量问题"],
            "客服介入状态": [cs_status],
            "退款状态": [refund_status],
            "责任方": [liable],
        }
    )

    assert load_disputes(frame)["outcome"].cast(pl.String).to_list() == [outcome]


@pytest.mark.parametrize(
    ("status", "received"),
    [
        ("买家已收到货", True),
        ("已收到货", True),
        ("买家已退货", True),
        ("买家未收到货", False),
        ("未收到货", False),
        ("未发货", False),
        ("", None),
    ],
)
def test_both_spellings_of_goods_status(status, received):
    frame = pl.DataFrame(
        {
            "退款编号": ["1"],
            "退款的申请时间": ["2026-01-01"],
            "买家退款原因": ["质量问题"],
            "货物状态": [status],
        }
    )

    assert load_disputes(frame)["goods_received"].to_list() == [received]


def test_a_single_shop_export_is_named_by_the_shop_given(tmp_path, capsys):
    from rightsguard._cli import main

    assert load_disputes(SAMPLE / "taobao_export_gbk.csv")["shop"].null_count() == EXPORT_ROWS
    named = load_disputes(SAMPLE / "taobao_export_gbk.csv", shop=" 小米旗舰店 ")
    assert named["shop"].unique().to_list() == ["小米旗舰店"]

    out = tmp_path / "scored.csv"
    assert (
        main(
            [
                "score",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "--shop",
                "小米旗舰店",
                "-o",
                str(out),
                "--method",
                "logistic",
            ]
        )
        == 0
    )
    assert pl.read_csv(out, infer_schema=False)["shop"].unique().to_list() == ["小米旗舰店"]


def test_the_paid_amount_is_read_and_prices_a_blank_refund_amount():
    export = load_disputes(SAMPLE / "taobao_export_gbk.csv")
    blank = export.filter(pl.col("amount").is_null())

    assert 20 < blank.height < 150  # the sample blanks 2% of 买家退款金额
    assert export["paid_amount"].null_count() == 0
    assert (export["paid_amount"] >= export["amount"]).all()
