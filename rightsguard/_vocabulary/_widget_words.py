"""The words of the notebooks' controls: the what-if's sliders and the plan's filters."""

from __future__ import annotations

WIDGET_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "widget_guard": "least chance to escalate",
        "widget_penalty": "a ruling lost (¥)",
        "widget_negotiation": "negotiating (¥)",
        "widget_escalation": "escalating (¥)",
        "widget_refund": "refunding (¥)",
        "widget_what_if": (
            "{moved:,} of {open:,} open case(s) would change option; their expected cost "
            "¥{now:,.0f} now, ¥{then:,.0f} then"
        ),
        "widget_stage": "stage",
        "widget_advice": "advice",
        "widget_least_amount": "at stake at least (¥)",
        "widget_any": "any",
        "widget_shown": "{shown:,} of {open:,} open case(s)",
    },
    "zh": {
        "widget_guard": "申请介入的最低胜算",
        "widget_penalty": "判给买家一次（元）",
        "widget_negotiation": "协商（元）",
        "widget_escalation": "申请客服介入（元）",
        "widget_refund": "直接退款（元）",
        "widget_what_if": "{open:,} 个待处理售后中有 {moved:,} 个会换一种处理；它们的预期成本现在 ¥{now:,.0f}，换后 ¥{then:,.0f}",
        "widget_stage": "阶段",
        "widget_advice": "建议",
        "widget_least_amount": "风险金额至少（元）",
        "widget_any": "全部",
        "widget_shown": "共 {open:,} 个待处理售后，显示 {shown:,} 个",
    },
}
"""The controls' labels and their one-line summaries, by key, in both languages."""
