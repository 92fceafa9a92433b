"""Rendering generated disputes as a shop's files: a Taobao/Tmall refund report in
the 39-column 2017 layout (GBK CSV and xlsx) and the shop's evidence inventory
(an evidence folder keyed by 订单编号 and a ledger keyed by 退款编号).

Everything is derived from seeded draws, so that regenerating the sample
changes no byte.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from rightsguard._schema import evidence_column
from rightsguard.sample._stages import STAGE_WORDS

EVIDENCE_FOLDER = "taobao_evidence"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
FOLDER_SHARE = 3
"""One covered dispute in this many keeps its evidence in the folder, the rest in the ledger."""

FILE_NAMES: dict[str, tuple[str, ...]] = {
    "delivery_proof": ("发货凭证.jpg", "物流底单.png", "waybill.pdf"),
    "signature_proof": ("签收证明.jpg", "signed_receipt.png"),
    "chat_log": ("聊天记录.png", "旺旺聊天截图.jpg", "chat_log.txt"),
    "purchase_voucher": ("进货凭证.pdf", "发票.jpg", "invoice.pdf"),
    "listing_comparison": ("实物对比图.jpg", "comparison.png"),
    "packing_record": ("打包视频.mp4", "称重记录.jpg"),
    "carrier_receipt": ("快递破损证明.jpg",),
}
"""How sellers name the files of each voucher kind, in Chinese and English."""
LEDGER_KINDS: dict[str, tuple[str, ...]] = {
    "delivery_proof": ("发货凭证", "物流底单"),
    "signature_proof": ("签收证明",),
    "chat_log": ("聊天记录", "chat_log"),
    "purchase_voucher": ("进货凭证", "发票"),
    "listing_comparison": ("实物对比图",),
    "packing_record": ("打包视频", "称重记录"),
    "carrier_receipt": ("快递破损证明",),
}
BLANK_AMOUNT_SHARE = 0.02
"""Share of export rows whose 买家退款金额 is blank (priced on 买家实际支付金额)."""
UNRECOGNISED_SHARE = 0.03
"""Share of folders holding a file whose name says nothing (IMG_1234.jpg)."""

WORDINGS: dict[str, tuple[str, ...]] = {
    "not_received": ("快递/物流一直未送到", "快递一直未送到", "快递/物流无跟踪记录"),
    "late_shipment": ("未按约定时间发货",),
    "not_as_described": ("大小/尺寸与商品描述不符", "颜色/图案/款式与商品描述不符", "材质与商品描述不符"),
    "damaged": ("包装/商品破损/污渍",),
    "quality": ("质量问题", "做工粗糙/有瑕疵"),
    "counterfeit": ("假冒品牌",),
    "missing_items": ("少件/漏发", "空包裹/少货"),
    "wrong_item": ("卖家发错货",),
    "no_reason_return": ("7天无理由退换货",),
    "changed_mind": ("多拍/拍错/不想要", "多拍/错拍/不想要"),
    "shipping_fee": ("退运费",),
    "invoice": ("发票问题",),
    "other": ("其他", "商品需要维修"),
}
"""Taobao wordings of each reason, with the variants of different export versions."""

STATUS: dict[str, tuple[str, str, str]] = {
    "withdrawn": ("不需客服介入", "退款关闭", ""),
    "agreed": ("不需客服介入", "退款成功", ""),
    "platform_buyer": ("客服已经介入", "退款成功", "卖家"),
    "platform_seller": ("客服已经介入", "退款关闭", "买家"),
}
"""Outcome → (客服介入状态, 退款状态, 责任方); an open case is worded by its stage
(:data:`~rightsguard.sample._stages.STAGE_WORDS`)."""

EXPORT_COLUMNS_2017: tuple[str, ...] = (
    "订单编号",
    "退款编号",
    "支付宝交易号",
    "订单付款时间",
    "商品id",
    "商品编码",
    "退款完结时间",
    "买家实际支付金额",
    "宝贝标题",
    "买家退款金额",
    "手工退款/系统退款",
    "是否需要退货",
    "退款的申请时间",
    "超时时间",
    "退款状态",
    "货物状态",
    "退货物流信息",
    "发货物流信息",
    "客服介入状态",
    "卖家真实姓名",
    "卖家退货地址",
    "卖家邮编",
    "卖家电话",
    "卖家手机",
    "退货物流单号",
    "退货物流公司",
    "买家退款原因",
    "买家退款说明",
    "买家退货时间",
    "责任方",
    "售中或售后",
    "退款备注",
    "完结时间",
    "部分退款/全部退款",
    "审核操作人",
    "举证超时",
    "是否零秒响应",
    "退款操作人",
    "买家会员名",
)
"""The 39 headers of the 2017 seller refund report."""


LATE_SHARE = 0.15
"""The share of ledger vouchers gathered after their dispute's decision moment."""


def _kept_on(rng: np.random.Generator, opened: date) -> date:
    """When a voucher was kept: before the dispute opened, or (a late one) days after."""
    if rng.random() < LATE_SHARE:
        return opened + timedelta(days=int(rng.integers(3, 16)))
    return opened - timedelta(days=int(rng.integers(0, 11)))


def write_inventory(disputes: pl.DataFrame, held: pl.DataFrame, directory: Path, seed: int) -> list[Path]:
    """Write the shop's evidence for the disputes its inventory covers.

    A covered dispute (its vouchers known) goes to the folder
    (``taobao_evidence/<订单编号>/``, one file per voucher held, an empty
    folder kept by ``.gitkeep`` when none is) or to the ledger
    (``taobao_evidence_ledger.csv``, one row per voucher held keyed by
    退款编号, no row when none is: a ledger lists what is held). A ledger row is dated:
    most vouchers were kept before the dispute opened (up to ten days before),
    a :data:`LATE_SHARE` of them were gathered after its decision moment
    (three to fifteen days after it opened).
    """
    rng = np.random.default_rng(seed)
    dating = np.random.default_rng(seed + 1)  # its own stream: the files picked stay the same
    covered = disputes.select(
        "dispute_id",
        "order_id",
        "opened_at",
        pl.col(evidence_column("chat_log")).is_not_null().alias("covered"),
    ).join(held, on="dispute_id")
    folder, ledger_rows, paths = directory / EVIDENCE_FOLDER, [], []
    if folder.exists():
        shutil.rmtree(folder)  # the folder is this function's output, replaced whole
    for i, row in enumerate(covered.filter("covered").iter_rows(named=True)):
        vouchers = [v for v in FILE_NAMES if row[v]]
        if i % FOLDER_SHARE == 0:
            names = [_pick(rng, FILE_NAMES[v]) for v in vouchers]
            if rng.random() < UNRECOGNISED_SHARE:
                names.append(f"IMG_{rng.integers(1000, 9999)}.jpg")
            key_folder = folder / row["order_id"]
            key_folder.mkdir(parents=True, exist_ok=True)
            for name in names or [".gitkeep"]:
                (key_folder / name).write_bytes(b"")
                paths.append(key_folder / name)
        else:
            opened = row["opened_at"].date()
            ledger_rows += [
                (
                    row["dispute_id"],
                    _pick(rng, LEDGER_KINDS[v]),
                    _pick(rng, FILE_NAMES[v]),
                    _kept_on(dating, opened).isoformat(),
                )
                for v in vouchers
            ]
    ledger = pl.DataFrame(ledger_rows, schema=["退款编号", "凭证类型", "文件名", "日期"], orient="row")
    path = directory / "taobao_evidence_ledger.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ledger.write_csv().encode("utf-8"))
    return paths


def taobao_export(
    disputes: pl.DataFrame, seed: int, refund_fraction: pl.Series | None = None
) -> pl.DataFrame:
    """Render canonical disputes as a 2017-layout Taobao refund report.

    Buyer and seller personal fields are filled with made-up values so that
    loaders can be shown to leave them out. An agreement refunds its
    ``refund_fraction`` of the amount: its 买家退款金额 is the application as
    finally agreed, and 部分退款/全部退款 says which.
    """
    rng = np.random.default_rng(seed)
    n = disputes.height
    blank_amount = np.random.default_rng(seed + 100).random(n) < BLANK_AMOUNT_SHARE
    fractions = [1.0] * n if refund_fraction is None else refund_fraction.fill_null(1.0).to_list()
    rows = disputes.with_columns(
        pl.col("reason").cast(pl.String), pl.col("outcome").cast(pl.String), pl.col("stage").cast(pl.String)
    ).to_dicts()
    wording = [_pick(rng, WORDINGS[r["reason"]]) for r in rows]
    goods = [_goods_status(rng, r["goods_received"], r["refund_type"]) for r in rows]
    status = [STATUS[r["outcome"]] if r["outcome"] else (*STAGE_WORDS[r["stage"]], "") for r in rows]
    waybill = [
        f"圆通速递,YT{rng.integers(10**11, 10**12)}" if r[evidence_column("delivery_proof")] else ""
        for r in rows
    ]
    when = [_fmt(r["opened_at"]) for r in rows]
    closed = [_fmt(r["closed_at"]) for r in rows]
    columns = {
        "订单编号": disputes["order_id"].to_list(),
        "退款编号": disputes["dispute_id"].to_list(),
        "支付宝交易号": [
            f"2017{rng.integers(10**11, 10**12)}{rng.integers(10**11, 10**12)}" for _ in range(n)
        ],
        "订单付款时间": [_fmt(r["paid_at"]) for r in rows],
        "商品id": [str(rng.integers(10**11, 10**12)) for _ in range(n)],
        "商品编码": [r["sku"] or "" for r in rows],
        "退款完结时间": closed,
        "买家实际支付金额": [f"{r['paid_amount']:.2f}" for r in rows],
        "宝贝标题": [r["item"] or "" for r in rows],
        "买家退款金额": [
            "" if blank else f"{r['amount'] * f:.2f}" for r, blank, f in zip(rows, blank_amount, fractions)
        ],
        "手工退款/系统退款": ["系统退款"] * n,
        "是否需要退货": ["是" if r["refund_type"] == "return_refund" else "否" for r in rows],
        "退款的申请时间": when,
        "超时时间": [_fmt(r["deadline_at"]) for r in rows],
        "退款状态": [s[1] for s in status],
        "货物状态": goods,
        "退货物流信息": [""] * n,
        "发货物流信息": waybill,
        "客服介入状态": [s[0] for s in status],
        "卖家真实姓名": [_pick(rng, ("王芳", "李娜", "张伟")) for _ in range(n)],
        "卖家退货地址": ["浙江省杭州市余杭区文一西路100号"] * n,
        "卖家邮编": ["311121"] * n,
        "卖家电话": ["0571-88888888"] * n,
        "卖家手机": [f"138{rng.integers(10**7, 10**8)}" for _ in range(n)],
        "退货物流单号": [""] * n,
        "退货物流公司": [""] * n,
        "买家退款原因": wording,
        "买家退款说明": [f"请联系我 139{rng.integers(10**7, 10**8)}" for _ in range(n)],
        "买家退货时间": [""] * n,
        "责任方": [s[2] for s in status],
        "售中或售后": [{True: "售后", False: "售中"}.get(r["after_sale"], "") for r in rows],
        "退款备注": [""] * n,
        "完结时间": closed,
        "部分退款/全部退款": ["部分退款" if f < 1 else "全部退款" for f in fractions],
        "审核操作人": [""] * n,
        "举证超时": [_fmt(r["proof_due_at"]) for r in rows],
        "是否零秒响应": ["是" if r["instant_response"] else "否" for r in rows],
        "退款操作人": [""] * n,
        "买家会员名": [f"tb{rng.integers(10**6, 10**7)}" for _ in range(n)],
    }
    return pl.DataFrame(
        {c: columns[c] for c in EXPORT_COLUMNS_2017}, schema={c: pl.String for c in EXPORT_COLUMNS_2017}
    )


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _goods_status(rng: np.random.Generator, received: bool | None, refund_type: str) -> str:
    if received is None:
        return ""
    if received:
        return (
            "买家已退货"
            if refund_type == "return_refund" and rng.random() < 0.3
            else _pick(rng, ("买家已收到货", "已收到货"))
        )
    return _pick(rng, ("买家未收到货", "未收到货"))


def _fmt(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(DATETIME_FORMAT)


def write_export_xlsx(export: pl.DataFrame, path: Path) -> None:
    """Write the export as a workbook whose bytes do not depend on today's date."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": datetime(2026, 1, 1)})
    export.write_excel(workbook=workbook, worksheet="退款报表", autofit=False)
    workbook.close()
