"""Display names: canonical values, the model's factors and a summary's figures, in both languages."""

from __future__ import annotations

from rightsguard._schema import REASONS, VOUCHERS

FACTORS: tuple[str, ...] = (
    "reason",
    "counterparty history",
    "goods status",
    "refund type",
    "evidence completeness",
    "response time",
    "amount",
    "instant response",
    "after sale",
    "days since payment",
    "category",
    "base",
    "time open",
    "stage",
    *(v.replace("_", " ") for v in VOUCHERS),
)
"""The model's factors, by the names the scorecard and explanations use, and the time an open
dispute has been open and its stage (which its score is conditioned on)."""

SUMMARY_FIGURES: tuple[str, ...] = (
    "disputes",
    "still open",
    "negotiated share of closed disputes",
    "amount asked in open disputes",
    "open disputes to refund now",
    "open disputes to negotiate",
    "open disputes to escalate",
    "expected cost of the open disputes",
    "mean evidence completeness",
    "disputes with unrecorded evidence",
    "held-out ROC AUC",
    "held-out Brier score",
    "held-out calibration error",
)
"""The figures of a summary, by name."""

ANALYST_FIGURES: tuple[str, ...] = ("held-out ROC AUC", "held-out Brier score", "held-out calibration error")
"""The figures in an analyst's words: a page shows them apart from the seller's."""

VALUES: dict[str, dict[str, str]] = {
    "en": {
        **{r: r.replace("_", " ") for r in REASONS},
        **{v: v.replace("_", " ") for v in VOUCHERS},
        "received": "received",
        "not_received_goods": "not received",
        "unknown": "unknown",
        "negotiated": "negotiated",
        "escalated": "escalated",
        "open": "open",
        "negotiate": "negotiate",
        "escalate": "escalate",
        "refund_now": "refund now",
        "missing": "missing",
        "not recorded": "not recorded",
        "auto": "auto",
        "logistic": "logistic regression",
        "boosting": "gradient boosting",
        # scorecard factors
        **{f: f for f in FACTORS},
        # summary figures
        **{f: f for f in SUMMARY_FIGURES},
    },
    "zh": {
        "not_received": "未收到货",
        "late_shipment": "未按约定发货",
        "not_as_described": "与描述不符",
        "damaged": "破损/污渍",
        "quality": "质量问题",
        "counterfeit": "假冒品牌",
        "missing_items": "少件/漏发",
        "wrong_item": "发错货",
        "no_reason_return": "七天无理由",
        "changed_mind": "拍错/不想要",
        "shipping_fee": "退运费",
        "invoice": "发票问题",
        "other": "其他",
        "listing_comparison": "实物与描述对比",
        "carrier_receipt": "第三方签收凭证",
        "purchase_voucher": "进货凭证/发票",
        "packing_record": "打包记录",
        "delivery_proof": "发货凭证",
        "signature_proof": "买家签收凭证",
        "chat_log": "聊天记录",
        "received": "已收到货",
        "not_received_goods": "未收到货",
        "unknown": "未知",
        "negotiated": "协商解决",
        "escalated": "客服介入",
        "open": "处理中",
        "negotiate": "协商",
        "escalate": "申请客服介入",
        "refund_now": "直接退款",
        "missing": "缺失",
        "not recorded": "未记录",
        "auto": "自动",
        "logistic": "逻辑回归",
        "boosting": "梯度提升",
        # scorecard factors
        "reason": "原因",
        "counterparty history": "交易对方历史",
        "goods status": "货物状态",
        "refund type": "售后类型",
        "evidence completeness": "凭证完整度",
        "response time": "响应时间",
        "amount": "金额",
        "instant response": "零秒响应",
        "after sale": "售中/售后",
        "days since payment": "付款后天数",
        "category": "类目",
        "base": "基准",
        "time open": "已持续时间",
        "stage": "当前阶段",
        # summary figures
        "disputes": "售后数",
        "still open": "处理中",
        "negotiated share of closed disputes": "已结束售后中协商解决占比",
        "open disputes to escalate": "建议申请客服介入的售后",
        "open disputes to negotiate": "建议协商的售后",
        "open disputes to refund now": "建议直接退款的售后",
        "amount asked in open disputes": "处理中售后的退款金额",
        "expected cost of the open disputes": "处理中售后的预期花费",
        "mean evidence completeness": "平均凭证完整度",
        "disputes with unrecorded evidence": "有未记录凭证的售后",
        "held-out ROC AUC": "检验：排序准确度（ROC AUC）",
        "held-out Brier score": "检验：概率误差（Brier 分数）",
        "held-out calibration error": "检验：概率偏差（校准误差）",
        **{
            v.replace("_", " "): name
            for v, name in (
                ("listing_comparison", "实物与描述对比"),
                ("carrier_receipt", "第三方签收凭证"),
                ("purchase_voucher", "进货凭证/发票"),
                ("packing_record", "打包记录"),
                ("delivery_proof", "发货凭证"),
                ("signature_proof", "买家签收凭证"),
                ("chat_log", "聊天记录"),
            )
        },
    },
}
"""Display names of canonical values, scorecard factors and levels."""
