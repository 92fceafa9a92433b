"""Where a case stands, in words: each stage's name, the explanation of a score by stage, the
stage's next step with its deadline, and the run's notes on what the stages taught."""

from __future__ import annotations

STAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "awaiting_seller": "awaiting the seller",
        "awaiting_return": "awaiting the buyer's return",
        "return_arrived": "return arrived",
        "seller_refused": "refused by the seller",
        "cs_requested": "customer service requested",
        "cs_intervening": "customer service intervening",
        "awaiting_evidence": "evidence due",
        "closed": "closed",
        "other": "status not known to rightsguard",
    },
    "zh": {
        "awaiting_seller": "等待卖家同意",
        "awaiting_return": "等待买家退货",
        "return_arrived": "买家已退货待确认",
        "seller_refused": "卖家已拒绝",
        "cs_requested": "已申请客服介入",
        "cs_intervening": "客服已介入",
        "awaiting_evidence": "待举证",
        "closed": "已结束",
        "other": "未识别的状态",
    },
}
"""The name of each canonical stage (:data:`~rightsguard._schema.STAGES`)."""

STAGE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "why_stage": "{stage} for {days} days",
        "why_platform_stage": "{stage} for {days} days: customer service has the case, so it ends in a ruling",
        "step_platform": "customer service has the case: no more negotiating; ",
        "step_respond_by": "answer the buyer before {deadline}; ",
        "step_confirm_return": "check the returned goods and confirm them before {deadline}; ",
        "step_evidence_due": "evidence due by {deadline}; ",
        "step_submit_evidence": "answer customer service with {}",
        "step_submit_what_is_held": "answer customer service with whatever the shop holds on the case",
        "step_escalate_what_is_held": "escalate: ask customer service to intervene, with whatever the shop holds",
        "why_stage_open": "{stage}, open {days} days",
        "why_platform_stage_open": "{stage}, open {days} days: customer service has the case, so it ends in a ruling",
        "step_no_deadline": "the export gives no deadline for this stage; ",
        "plan_stage": "Stage",
        "track_by_stage": "by the stage each case stood in: {stages}",
        "track_stage": "{stage} {n:,} (predicted {predicted:.0%}, negotiated {negotiated:.0%})",
        "stage_not_said": "stage not said",
        "plan_due_at": "Due",
        "note_stages_learned": (
            "open cases are scored as they stand: in {stages}, from where {negotiated:,} negotiated and "
            "{escalated:,} escalated closed cases stood at each export, by age; a case customer service "
            "has ends in a ruling, so it has no chance of a negotiated end"
        ),
        "note_stages_one_export": (
            "{platform:,} open cases are with customer service: they end in a ruling, so they are given no "
            "chance of a negotiated end and negotiating is not offered. A single export shows its closed "
            "cases only at their end, so open cases in the stages before keep their score at opening; a "
            "store (ingest each weekly export) learns each stage from how the shop's past cases moved"
        ),
        "note_stages_unsaid": (
            "the source does not say where {n:,} open cases stand (no 退款状态 or 客服介入状态): "
            "they are scored by time open alone"
        ),
        "note_stage_words_unknown": (
            "{n:,} open cases have status words rightsguard does not know ({words}): kept as written in "
            "refund_status and cs_status, scored by time open alone"
        ),
    },
    "zh": {
        "why_stage": "{stage} {days} 天",
        "why_platform_stage": "{stage} {days} 天：客服已接手，将由客服裁决",
        "step_platform": "客服已接手，不再协商。",
        "step_respond_by": "请在 {deadline} 前回应买家。",
        "step_confirm_return": "请在 {deadline} 前验货并确认收货。",
        "step_evidence_due": "举证截止 {deadline}。",
        "step_submit_evidence": "向客服提交凭证：{}",
        "step_submit_what_is_held": "向客服说明情况，提交店铺手上能找到的凭证",
        "step_escalate_what_is_held": "申请客服介入：提交店铺手上能找到的凭证",
        "why_stage_open": "{stage}（已持续 {days} 天）",
        "why_platform_stage_open": "{stage}（已持续 {days} 天）：客服已接手，将由客服裁决",
        "step_no_deadline": "导出没有给出这一阶段的超时时间。",
        "plan_stage": "当前阶段",
        "track_by_stage": "按预测时所处阶段：{stages}",
        "track_stage": "{stage} {n:,} 次（预测 {predicted:.0%}，实际协商 {negotiated:.0%}）",
        "stage_not_said": "阶段不明",
        "plan_due_at": "超时时间",
        "note_stages_learned": (
            "待处理售后按当前阶段打分：{stages} 的影响，来自 {negotiated:,} 个协商解决和 {escalated:,} 个"
            "客服介入的已结束售后在每次导出时所处的阶段和天数；客服已接手的售后会由客服裁决，不会再协商解决"
        ),
        "note_stages_one_export": (
            "{platform:,} 个待处理售后已由客服接手：将由客服裁决，不会再协商解决，所以不再建议协商。"
            "单份导出只显示已结束售后的结局，之前阶段的售后保持发起时的评分；把每周导出导入店铺记录后，"
            "会从过去售后的进展学到每个阶段的影响"
        ),
        "note_stages_unsaid": (
            "数据没有说明 {n:,} 个待处理售后处于哪个阶段（没有退款状态或客服介入状态）：只按已持续的天数打分"
        ),
        "note_stage_words_unknown": (
            "{n:,} 个待处理售后的状态文字无法识别（{words}）：原文保留在 refund_status 和 cs_status 中，只按已持续的天数打分"
        ),
    },
}
"""Sentences about stages, in both languages."""
