"""Translation of the Taobao/Tmall seller refund report (退款报表) into the
canonical schema.

Known layouts: the 39-column export of 2017 (订单编号, 退款编号, 退款的申请时间,
买家退款金额, 货物状态, 买家退款原因, 客服介入状态, 退款状态, 责任方, 举证超时,
发货物流信息, 退货物流单号, …) and later ones that add 退款原因标签, 售后类型 and
others, with renamed headers between versions. Only the columns below are
read: buyer names, phone numbers, addresses and free-text notes never reach the
canonical frame, except that with the shop's salt a buyer's member name becomes a
one-way counterparty key (:mod:`rightsguard.io._counterparty`). Evidence is
derived only where the export shows it: a shipping waybill in 发货物流信息 is a
delivery certificate; everything else is unknown until the shop's evidence inventory says otherwise.

Signals known when a dispute opens are read too: 是否零秒响应 (the seller's
instant reply), 售中或售后 (during or after the sale), 订单付款时间 (payment,
for the days from payment to dispute), 买家实际支付金额 (what the buyer paid:
the options are priced on it where 买家退款金额 is blank), 宝贝标题 and 商家编码
(the item and its SKU, for the per-SKU table, never features).

Where each case stands is read as the export says it: 退款状态, 客服介入状态 and
责任方 kept as written, the canonical stage they mean (:mod:`rightsguard.io._stages`),
超时时间 (the current stage's deadline) and 举证超时 (when evidence is due). For an
open case that is known now; for a case as it opened it was decided later, so none
of them is a feature of the score at opening, and a closed case's feed its outcome.
"""

from __future__ import annotations

import polars as pl

from rightsguard._errors import said
from rightsguard._schema import (
    PROVENANCE_COLUMNS,
    SCHEMA,
    SOURCE_LINE,
    SOURCE_PROBLEM,
    SOURCE_ROW,
    evidence_column,
)
from rightsguard.io._counterparty import SaltError, hashed_key
from rightsguard.io._parse import clean_text, source_problem
from rightsguard.io._reasons import reason_expr
from rightsguard.io._stages import REFUND_CLOSED, REFUND_DONE, intervened, stage_expr

HEADERS: dict[str, tuple[str, ...]] = {
    "dispute_id": ("退款编号", "退款单号", "退款ID", "退款单编号"),
    "order_id": ("订单编号", "订单号", "子订单编号", "主订单编号"),
    "shop": ("店铺名称", "店铺"),
    "paid_at": ("订单付款时间", "付款时间"),
    "opened_at": ("退款的申请时间", "退款申请时间", "申请时间", "申请退款时间"),
    "deadline_at": ("超时时间", "超时截止时间"),
    "closed_at": ("退款完结时间", "完结时间", "退款完成时间"),
    "reason_raw": ("买家退款原因", "退款原因", "退款原因标签"),
    "category": ("商品类目", "类目", "一级类目"),
    "item": ("宝贝标题", "商品标题", "商品名称"),
    "sku": ("商家编码", "商品编码", "商家货号", "货号"),
    "goods_status": ("货物状态", "商品状态"),
    "amount": ("买家退款金额", "退款金额", "申请退款金额"),
    "paid_amount": ("买家实际支付金额", "买家实付金额", "实付金额", "实际支付金额"),
    "refund_type": ("售后类型", "退款类型", "是否需要退货"),
    "cs_status": ("客服介入状态", "小二介入状态", "平台介入状态"),
    "refund_status": ("退款状态",),
    "liable_party": ("责任方",),
    "refund_scope": ("部分退款/全部退款", "部分退款或全部退款", "退款范围"),
    "proof_due_at": ("举证超时", "举证超时时间", "举证截止时间"),
    "shipping_waybill": ("发货物流信息", "发货物流单号"),
    "instant_response": ("是否零秒响应", "零秒响应"),
    "sale_stage": ("售中或售后", "售中/售后"),
}
"""Canonical (or intermediate) name → export headers, most specific first."""

MEMBER_NAME_HEADERS: tuple[str, ...] = (
    "买家会员名",
    "买家会员名称",
    "买家昵称",
    "买家账号",
    "买家旺旺",
    "买家旺旺号",
    "买家ID",
    "买家id",
)
"""Where an export names the buyer: read only to make the salted counterparty key."""

SIGNATURE = frozenset({"退款编号", "退款单号", "退款的申请时间", "买家退款原因", "客服介入状态"})
"""Headers whose presence marks a file as a Taobao/Tmall refund report."""

GOODS_RECEIVED = {
    "买家已收到货": True,
    "已收到货": True,
    "买家已退货": True,
    "已退货": True,
    "买家未收到货": False,
    "未收到货": False,
    "未发货": False,
    "卖家未发货": False,
}
SALE_STAGES = {"售后": "true", "售中": "false"}
REFUND_TYPES = {
    "仅退款": "refund_only",
    "退款": "refund_only",
    "否": "refund_only",
    "退货退款": "return_refund",
    "退货": "return_refund",
    "是": "return_refund",
    "换货": "exchange",
}
RULED_FOR_BUYER = ("支持买家",)
RULED_FOR_SELLER = ("支持卖家",)


def is_taobao_export(columns: list[str]) -> bool:
    """Tell whether column names are those of a Taobao/Tmall refund report."""
    return len(SIGNATURE.intersection(columns)) >= 2


def from_taobao(raw: pl.DataFrame, salt: str | None = None) -> pl.DataFrame:
    """Translate a refund report read as text into canonical column names.

    Parameters
    ----------
    raw
        The export as read by :func:`~rightsguard.io._readers.read_source`.
    salt
        The shop's counterparty salt; without it the buyer's member name is
        not read and the counterparty stays unknown.

    Returns
    -------
    polars.DataFrame
        Canonical columns (as text, to be validated) plus the source helpers.
    """
    found = {name: _first_present(raw.columns, headers) for name, headers in HEADERS.items()}
    col = {
        name: (pl.col(h) if h else pl.repeat(None, pl.len(), dtype=pl.String)) for name, h in found.items()
    }
    waybill = clean_text(col["shipping_waybill"])
    outputs = [
        *(
            col[c].alias(c)
            for c in (
                "dispute_id",
                "order_id",
                "shop",
                "paid_at",
                "opened_at",
                "deadline_at",
                "closed_at",
                "reason_raw",
                "category",
                "item",
                "sku",
                "amount",
                "paid_amount",
                "instant_response",
                "proof_due_at",
            )
        ),
        *(
            clean_text(col[c]).alias(c)
            for c in ("refund_status", "cs_status", "liable_party", "refund_scope")
        ),
        stage_expr(col["refund_status"], col["cs_status"]).cast(pl.String).alias("stage"),
        _lookup(col["sale_stage"], SALE_STAGES).alias("after_sale"),
        reason_expr(col["reason_raw"]).alias("reason"),
        _lookup(col["goods_status"], GOODS_RECEIVED).alias("goods_received"),
        _lookup(col["refund_type"], REFUND_TYPES).alias("refund_type"),
        _outcome(col["cs_status"], col["refund_status"], col["liable_party"]).alias("outcome"),
        pl.when(waybill.is_not_null()).then(True).alias(evidence_column("delivery_proof")),
    ]
    member = _first_present(raw.columns, MEMBER_NAME_HEADERS)
    if salt is not None:
        if member is None:
            raise said(
                SaltError,
                "err_salt_no_member",
                headers=", ".join(MEMBER_NAME_HEADERS),
                columns=", ".join(c for c in raw.columns if c not in PROVENANCE_COLUMNS),
            )
        outputs.append(hashed_key(pl.col(member), salt).alias("counterparty"))
    helpers = [c for c in (SOURCE_ROW, SOURCE_LINE) if c in raw.columns]
    problem = source_problem(raw.columns, [h for h in found.values() if h])
    canonical = raw.select(*helpers, problem, *outputs)
    order = [c for c in SCHEMA if c in canonical.columns]
    return canonical.select(*helpers, SOURCE_PROBLEM, *order)


def _first_present(columns: list[str], headers: tuple[str, ...]) -> str | None:
    return next((h for h in headers if h in columns), None)


def _lookup(expr: pl.Expr, table: dict) -> pl.Expr:
    """Map known wordings; unknown or empty text becomes null (unknown)."""
    text = clean_text(expr).str.replace_all(r"\s", "")
    return text.replace_strict(table, default=None)


def _outcome(cs_status: pl.Expr, refund_status: pl.Expr, liable: pl.Expr) -> pl.Expr:
    """Derive the canonical outcome from the intervention and refund states.

    Without intervention, a closed refund is a withdrawal and a paid one an
    agreement; with intervention the platform ruled: for the buyer when the
    refund was paid (or closed with the seller held liable), for the seller when
    it was closed. A refund still in progress is open, whoever 责任方 names.
    """
    cs = clean_text(cs_status).fill_null("")
    refund = clean_text(refund_status).fill_null("")
    liable = clean_text(liable).fill_null("")
    taken = intervened(cs_status)
    done, closed = refund.is_in(REFUND_DONE), refund.is_in(REFUND_CLOSED)
    return (
        pl.when(cs.is_in(RULED_FOR_BUYER))
        .then(pl.lit("platform_buyer"))
        .when(cs.is_in(RULED_FOR_SELLER))
        .then(pl.lit("platform_seller"))
        .when(taken & (done | closed & liable.str.contains("卖家")))
        .then(pl.lit("platform_buyer"))
        .when(taken & closed)
        .then(pl.lit("platform_seller"))
        .when(~taken & done)
        .then(pl.lit("agreed"))
        .when(~taken & closed)
        .then(pl.lit("withdrawn"))
        .otherwise(pl.lit(None, pl.String))
    )
