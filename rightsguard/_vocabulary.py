"""Every word shown to people, in English and Chinese: one table for both.

It sits at the bottom of the package, beside the schema, so that each layer
(decisions, charts, the report) writes its text from the same words.
:data:`VALUES` names canonical values, :data:`TEXT` holds titles, axis names
and sentence templates (``{}`` fields filled by the caller).
"""

from __future__ import annotations

import polars as pl

from rightsguard._schema import REASONS, VOUCHERS

LANGUAGES = ("en", "zh")

FACTORS: tuple[str, ...] = (
    "reason", "counterparty history", "goods status", "refund type", "evidence completeness",
    "response time", "amount", "instant response", "after sale", "days since payment", "category",
    "base", *(v.replace("_", " ") for v in VOUCHERS),
)
"""The model's factors, by the names the scorecard and explanations use."""

SUMMARY_FIGURES: tuple[str, ...] = (
    "disputes", "still open", "negotiated share of closed disputes", "amount asked in open disputes",
    "open disputes to refund now", "open disputes to negotiate", "open disputes to escalate",
    "expected cost of the open disputes", "mean evidence completeness",
    "disputes with unrecorded evidence", "held-out ROC AUC", "held-out Brier score",
    "held-out calibration error",
)
"""The figures of a summary, by name."""

VALUES: dict[str, dict[str, str]] = {
    "en": {
        **{r: r.replace("_", " ") for r in REASONS},
        **{v: v.replace("_", " ") for v in VOUCHERS},
        "received": "received", "not_received_goods": "not received", "unknown": "unknown",
        "negotiated": "negotiated", "escalated": "escalated", "open": "open",
        "negotiate": "negotiate", "escalate": "escalate", "refund_now": "refund now",
        "missing": "missing", "not recorded": "not recorded",
        # scorecard factors
        **{f: f for f in FACTORS},
        # summary figures
        **{f: f for f in SUMMARY_FIGURES},
    },
    "zh": {
        "not_received": "未收到货", "late_shipment": "未按约定发货", "not_as_described": "与描述不符",
        "damaged": "破损/污渍", "quality": "质量问题", "counterfeit": "假冒品牌",
        "missing_items": "少件/漏发", "wrong_item": "发错货", "no_reason_return": "七天无理由",
        "changed_mind": "拍错/不想要", "shipping_fee": "退运费", "invoice": "发票问题", "other": "其他",
        "listing_comparison": "实物与描述对比", "carrier_receipt": "第三方签收凭证",
        "purchase_voucher": "进货凭证/发票", "packing_record": "打包记录",
        "delivery_proof": "发货凭证", "signature_proof": "买家签收凭证", "chat_log": "聊天记录",
        "received": "已收到货", "not_received_goods": "未收到货", "unknown": "未知",
        "negotiated": "协商解决", "escalated": "客服介入", "open": "处理中",
        "negotiate": "协商", "escalate": "申请客服介入", "refund_now": "直接退款",
        "missing": "缺失", "not recorded": "未记录",
        # scorecard factors
        "reason": "原因", "counterparty history": "交易对方历史", "goods status": "货物状态",
        "refund type": "售后类型", "evidence completeness": "凭证完整度", "response time": "响应时间",
        "amount": "金额", "instant response": "零秒响应", "after sale": "售中/售后",
        "days since payment": "付款后天数", "category": "类目", "base": "基准",
        # summary figures
        "disputes": "纠纷数", "still open": "处理中", "negotiated share of closed disputes":
        "已结束纠纷中协商解决占比", "open disputes to escalate": "建议申请客服介入的纠纷",
        "open disputes to negotiate": "建议协商的纠纷",
        "open disputes to refund now": "建议直接退款的纠纷", "amount asked in open disputes":
        "处理中纠纷的退款金额", "expected cost of the open disputes": "处理中纠纷的预期花费",
        "mean evidence completeness": "平均凭证完整度",
        "disputes with unrecorded evidence": "有未记录凭证的纠纷", "held-out ROC AUC": "留出数据 ROC AUC",
        "held-out Brier score": "留出数据 Brier 分数", "held-out calibration error": "留出数据校准误差",
        **{v.replace("_", " "): name for v, name in (
            ("listing_comparison", "实物与描述对比"), ("carrier_receipt", "第三方签收凭证"),
            ("purchase_voucher", "进货凭证/发票"), ("packing_record", "打包记录"),
            ("delivery_proof", "发货凭证"), ("signature_proof", "买家签收凭证"),
            ("chat_log", "聊天记录"))},
    },
}
"""Display names of canonical values, scorecard factors and levels."""

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "reason": "Reason", "goods": "Goods", "rate": "Negotiated share of closed disputes",
        "disputes": "Number of disputes", "closed_disputes": "Closed disputes (number)",
        "completeness": "Evidence completeness", "probability": "P(negotiated)",
        "outcome": "Outcome", "predicted": "Mean predicted P(negotiated)",
        "observed": "Observed negotiated share", "voucher": "Voucher", "status": "Status",
        "recommendation": "Recommended option", "threshold": "Minimum chance of winning to escalate",
        "past_disputes": "Number of past disputes",
        "month": "Month opened", "points": "Points against the average past dispute",
        "factor": "Factor", "level": "Level", "share": "Share of the outcome's disputes",
        "title_reason": "negotiated share by reason and goods status",
        "title_completeness": "negotiated share against evidence completeness (95% interval)",
        "title_distribution": "scores by actual outcome",
        "title_calibration": "calibration of held-out scores, predicted against observed",
        "title_missing": "vouchers missing or not recorded, by reason",
        "title_recommendation": "recommended option by reason",
        "title_sweep": "option by the minimum chance of winning to escalate",
        "title_time": "disputes opened and negotiated share per month",
        "scoped_title": "{scope}: {title}",
        "scope_open": "Open disputes", "scope_past": "Past disputes", "scope_all": "All disputes",
        "masked_note": "Each cell: negotiated share and closed disputes (n); grey: fewer than {minimum}",
        "dropped_note": "Point size: closed disputes; shares from fewer than {minimum} are not shown",
        "sweep_plateau": ("The chance of winning a ruling takes {values} values (it follows the "
                          "evidence held), so between them no dispute changes option: the flat "
                          "stretches.\nDashed line: the current policy."),
        "title_scorecard": "Scorecard: points against the average past dispute (20 points double the odds)",
        "scorecard_base": "the average past dispute",
        "voucher_separator": ", ",
        "step_escalate": "escalate: ask customer service to intervene, with {}",
        "step_refund_now": ("refund now: the buyer will probably win a ruling and the evidence is "
                            "weak; a refund agreed now does not count toward the dispute refund rate"),
        "step_negotiate_ready": ("negotiate: ask the buyer to revoke or agree; the evidence is ready "
                                 "if it comes to a ruling"),
        "step_negotiate_collect": "negotiate: ask the buyer to revoke or agree; meanwhile collect {}",
        "step_negotiate": "negotiate: ask the buyer to revoke or agree",
        "step_check_unknown": "; check whether you hold {} (not in your records)",
        "step_amount_unknown": "negotiate: the amount is not recorded, so the options cannot be priced",
        "trust_auc": ("held-out ROC AUC {auc:.3f} (95% interval {low:.2f} to {high:.2f}) includes "
                      "0.5: the score may rank disputes no better than chance"),
        "trust_brier": ("held-out Brier score {brier:.3f} is no better than {constant:.3f} for "
                        "always predicting the negotiated share"),
        "trust_few_labels": ("only {count} {kind} past disputes (fewer than {minimum}): "
                             "probabilities rest on few examples"),
        "trust_share_drift": ("negotiated share {share:.0%} among the scored disputes against "
                              "{trained:.0%} in the model's training period ({period}): "
                              "probabilities are off; refit, or recalibrate on recent disputes "
                              "(recalibrate=True, --recalibrate)"),
        "trust_mix_drift": ("the mix of reasons changed since the training period ({period}; "
                            "stability index {psi:.2f}): scores of the new mix are less certain"),
        "trust_other": ("{share:.0%} of disputes have reason 'other': map the source's reasons so "
                        "that what drives the outcome can be seen"),
        "note_unknown_evidence": (
            "evidence is unknown for {share:.0%} of disputes: the export does not record which "
            "vouchers the shop holds. Supply the evidence ledger or folder (--evidence, or "
            "evidence=...) so that escalation and refund choices rest on the evidence held"),
        "note_recalibrated": (
            "probabilities recalibrated on {n:,} labelled disputes opened {start} to {end}, after "
            "the model's training period (log-odds × {slope:.2f} {intercept:+.2f}; those disputes "
            "out of fold)"),
        "coverage_covered": "evidence inventory covers {covered:,} of {disputes:,} disputes",
        "coverage_unmatched": "{count:,} inventory key(s) match no dispute: {shown}",
        "coverage_unrecognised": "{count:,} file(s) or kind(s) name no known voucher: {shown}",
        "coverage_rejected": "{count:,} ledger row(s) could not be read: {problem}",
        "ruling_chance": ("chance of winning a ruling: {low:.0%} with no required evidence, "
                          "{high:.0%} with all of it ({origin})"),
        "ruling_learned": "learned from {count} past rulings",
        "ruling_prior": "a prior (fewer than {minimum} past rulings each way)",
        "report_title": "Dispute report", "report_title_of": "Dispute report: {name}",
        "progress_loading": "loading {path}",
        "progress_warning": "warning: {message}",
        "progress_rejected": "{count:,} rows rejected; see {path}",
        "progress_rejected_of": "{count:,} of {rows:,} rows rejected",
        "progress_wrote": ("wrote {count:,} scored disputes to {path}: {refund_now:,} refund now, "
                           "{negotiate:,} negotiate, {escalate:,} escalate"),
        "progress_saved_model": "saved the model fitted on all labelled disputes to {path}",
        "progress_streaming": "scoring {path} in batches with {model}",
        "progress_in_memory": "reading in memory instead: {error}",
        "progress_drawing": "drawing the charts",
        "progress_report": "wrote {page} (charts in {charts}, action list in {csv} and .xlsx)",
        "progress_supplied": "scoring {count:,} disputes with the supplied model",
        "progress_recalibrated": "recalibrated on {count:,} labelled disputes opened {start} to {end}",
        "progress_fold": "fold {fold}/{folds}: fitting on {train:,} disputes, scoring {test:,}",
        "progress_final": "fitting on all {count:,} labelled disputes",
        "progress_final_open": "fitting on all {count:,} labelled disputes for {open:,} open ones",
        "progress_batch_rows": "scoring disputes {first:,}-{last:,} of {count:,}",
        "progress_batch": "batch {number}: {accepted:,} disputes scored, {rejected:,} rejected so far",
        "progress_first_pass": "first pass: {rows:,} rows, {rulings:,} past rulings",
        "heading_warnings": "Warnings", "heading_evidence": "Evidence",
        "heading_summary": "Summary", "heading_charts": "Charts",
        "heading_actions": "This week's plan ({count:,} open disputes)",
        "made_by": "Made by rightsguard on {moment}.",
        "showing_rows": "Showing {shown:,} of {count:,}; all are in action_list.csv and action_list.xlsx.",
        "provenance_heldout": ("Scores of past disputes are out of fold: no dispute was scored by "
                               "a model trained on it."),
        "provenance_supplied": ("Every dispute was scored by the supplied model, trained on "
                                "disputes from {start} to {end}."),
        "provenance_measured": ("Quality is measured on the {count} labelled disputes opened "
                                "after the model's training period."),
        "provenance_unmeasured": ("No labelled dispute opened after the model's training period, "
                                  "so quality is not measured here."),
        "plan_priority": "Priority",
        "plan_dispute_id": "Dispute id",
        "plan_order_id": "Order id",
        "plan_shop": "Shop",
        "plan_recommendation": "Option",
        "plan_money_at_stake": "Money at stake (¥)",
        "plan_amount": "Amount (¥)",
        "plan_p_negotiated": "P(negotiated)",
        "plan_p_win_ruling": "P(win a ruling)",
        "plan_days_open": "Days open",
        "plan_hours_to_deadline": "Hours to deadline",
        "plan_next_step": "What to do",
        "plan_collect": "Vouchers to collect",
        "plan_check": "Vouchers to check",
        "plan_reason": "Reason",
        "plan_explanation": "Why",
        "sheet_summary": "Summary", "sheet_plan": "Plan",
        "actions_intro": ("Open disputes: those overdue or due within 48 hours first, then the most money at "
                          "stake (amount × the chance it goes against the shop), then the earliest "
                          "deadline."),
        "actions_none": "No dispute is open: there is nothing to act on.",
        "percent_suffix": " (%)",
        "heading_shops": "Shops compared",
        "shops_shop": "Shop", "shops_disputes": "Disputes", "shops_open": "Open",
        "shops_negotiated_share": "Negotiated share of closed", "shops_money_at_stake":
        "Money at stake in open disputes (¥)", "shops_refund_now": "Refund now",
        "shops_negotiate": "Negotiate", "shops_escalate": "Escalate",
        "table_search": "Search:", "table_length": "Show _MENU_ disputes",
        "table_info": "Disputes _START_ to _END_ of _TOTAL_", "table_info_empty": "No disputes",
        "table_info_filtered": "(found among _MAX_)", "table_no_match": "No dispute matches",
    },
    "zh": {
        "reason": "纠纷原因", "goods": "货物状态", "rate": "已结束纠纷中的协商解决占比",
        "disputes": "纠纷数（条）", "closed_disputes": "已结束纠纷数（条）",
        "completeness": "凭证完整度", "probability": "协商解决概率", "outcome": "实际结果",
        "predicted": "平均预测概率", "observed": "实际协商占比", "voucher": "凭证", "status": "状态",
        "recommendation": "建议的处理方式", "threshold": "申请介入所需最低胜诉概率",
        "past_disputes": "历史纠纷数（条）",
        "month": "开启月份", "points": "相对历史纠纷平均水平的分值", "factor": "因素", "level": "取值",
        "share": "占该结果纠纷的比例",
        "title_reason": "各纠纷原因与货物状态的协商解决占比",
        "title_completeness": "凭证完整度与协商解决占比（95%区间）",
        "title_distribution": "按实际结果的评分分布",
        "title_calibration": "留出评分的校准：预测与实际",
        "title_missing": "各原因缺失或未记录的凭证",
        "title_recommendation": "各原因的建议处理方式",
        "title_sweep": "按申请介入所需最低胜诉概率的处理方式",
        "title_time": "每月开启的纠纷数与协商解决占比",
        "scoped_title": "{scope}：{title}",
        "scope_open": "处理中的纠纷", "scope_past": "历史纠纷", "scope_all": "全部纠纷",
        "masked_note": "每格：协商解决占比与已结束纠纷数（n）；灰色：少于 {minimum} 条",
        "dropped_note": "点的大小：已结束纠纷数；少于 {minimum} 条的占比不显示",
        "sweep_plateau": ("客服裁决胜诉概率只有 {values} 个取值（取决于持有的凭证），"
                          "取值之间没有纠纷改变处理方式：即图中的平台段。\n虚线：当前策略。"),
        "title_scorecard": "评分卡：相对历史纠纷平均水平的分值（20分使几率翻倍）",
        "scorecard_base": "历史纠纷平均水平",
        "voucher_separator": "、",
        "step_escalate": "申请客服介入：提交{}",
        "step_refund_now": "直接退款：客服裁决很可能支持买家且凭证不足；现在同意退款不计入纠纷退款率",
        "step_negotiate_ready": "协商：请买家撤销或达成一致；凭证已齐，如需客服裁决可直接提交",
        "step_negotiate_collect": "协商：请买家撤销或达成一致；同时收集{}",
        "step_negotiate": "协商：请买家撤销或达成一致",
        "step_check_unknown": "；请核实是否持有{}（记录中没有）",
        "step_amount_unknown": "协商：退款金额未记录，无法比较各选项的预期花费",
        "trust_auc": ("留出数据 ROC AUC 为 {auc:.3f}（95%区间 {low:.2f} 至 {high:.2f}）包含 0.5："
                      "评分对纠纷的排序可能不比随机好"),
        "trust_brier": "留出数据 Brier 分数 {brier:.3f} 不优于始终预测协商占比的 {constant:.3f}",
        "trust_few_labels": "{kind}的历史纠纷只有 {count} 条（少于 {minimum} 条）：概率依据的样本太少",
        "trust_share_drift": ("评分纠纷中的协商占比为 {share:.0%}，模型训练期（{period}）为 "
                              "{trained:.0%}：概率有偏差，请用近期纠纷重新训练或校准"
                              "（recalibrate=True，--recalibrate）"),
        "trust_mix_drift": ("纠纷原因的构成自训练期（{period}）以来已变化（稳定性指数 {psi:.2f}）："
                            "新构成下的评分不够可靠"),
        "trust_other": "{share:.0%} 的纠纷原因为“其他”：请映射数据源的原因，才能看出影响结果的因素",
        "note_unknown_evidence": (
            "{share:.0%} 的纠纷凭证情况未知：导出表不记录店铺持有哪些凭证。请提供凭证台账或凭证文件夹"
            "（--evidence 或 evidence=...），让申请介入和直接退款的建议以实际持有的凭证为依据"),
        "note_recalibrated": (
            "概率已按模型训练期之后 {start} 至 {end} 开启的 {n:,} 条已结纠纷重新校准"
            "（对数几率 × {slope:.2f} {intercept:+.2f}；这些纠纷本身用交叉拟合校准）"),
        "coverage_covered": "凭证清单覆盖 {disputes:,} 条纠纷中的 {covered:,} 条",
        "coverage_unmatched": "{count:,} 个凭证编号找不到对应纠纷：{shown}",
        "coverage_unrecognised": "{count:,} 个文件或类型无法识别为凭证：{shown}",
        "coverage_rejected": "{count:,} 行台账无法读取：{problem}",
        "ruling_chance": "客服裁决支持卖家的概率：无所需凭证时 {low:.0%}，凭证齐全时 {high:.0%}（{origin}）",
        "ruling_learned": "根据 {count} 次历史裁决估计",
        "ruling_prior": "先验值（历史裁决每方不足 {minimum} 次）",
        "report_title": "纠纷报告", "report_title_of": "纠纷报告：{name}",
        "progress_loading": "正在读取 {path}",
        "progress_warning": "提醒：{message}",
        "progress_rejected": "{count:,} 行未通过检查；见 {path}",
        "progress_rejected_of": "{rows:,} 行中有 {count:,} 行未通过检查",
        "progress_wrote": ("已将 {count:,} 条评分后的纠纷写入 {path}：直接退款 {refund_now:,} 条，"
                           "协商 {negotiate:,} 条，申请客服介入 {escalate:,} 条"),
        "progress_saved_model": "已将用全部已结束纠纷训练的模型保存到 {path}",
        "progress_streaming": "正在用 {model} 分批为 {path} 评分",
        "progress_in_memory": "改为在内存中读取：{error}",
        "progress_drawing": "正在绘制图表",
        "progress_report": "已写入 {page}（图表在 {charts}，处理计划在 {csv} 和 .xlsx）",
        "progress_supplied": "正在用提供的模型为 {count:,} 条纠纷评分",
        "progress_recalibrated": "已按 {start} 至 {end} 开启的 {count:,} 条已结束纠纷重新校准",
        "progress_fold": "第 {fold}/{folds} 折：用 {train:,} 条纠纷训练，为 {test:,} 条评分",
        "progress_final": "正在用全部 {count:,} 条已结束纠纷训练",
        "progress_final_open": "正在用全部 {count:,} 条已结束纠纷训练，为 {open:,} 条处理中的纠纷评分",
        "progress_batch_rows": "正在为第 {first:,}-{last:,} 条纠纷评分（共 {count:,} 条）",
        "progress_batch": "第 {number} 批：已评分 {accepted:,} 条，累计 {rejected:,} 条未通过检查",
        "progress_first_pass": "第一遍读取：{rows:,} 行，{rulings:,} 次历史裁决",
        "heading_warnings": "提醒", "heading_evidence": "凭证",
        "heading_summary": "概要", "heading_charts": "图表",
        "heading_actions": "本周处理计划（{count:,} 条处理中的纠纷）",
        "made_by": "由 rightsguard 于 {moment} 生成。",
        "showing_rows": "显示 {count:,} 条中的 {shown:,} 条；全部见 action_list.csv 和 action_list.xlsx。",
        "provenance_heldout": "历史纠纷的评分均为交叉验证留出评分：没有纠纷由训练过它的模型评分。",
        "provenance_supplied": "所有纠纷由提供的模型评分，该模型用 {start} 至 {end} 的纠纷训练。",
        "provenance_measured": "质量指标基于模型训练期之后开始的 {count} 条已结束纠纷。",
        "provenance_unmeasured": "没有在模型训练期之后开始的已结束纠纷，因此此处不衡量质量。",
        "plan_priority": "优先级",
        "plan_dispute_id": "退款编号",
        "plan_order_id": "订单编号",
        "plan_shop": "店铺",
        "plan_recommendation": "建议",
        "plan_money_at_stake": "风险金额（元）",
        "plan_amount": "退款金额（元）",
        "plan_p_negotiated": "协商解决概率",
        "plan_p_win_ruling": "介入胜诉概率",
        "plan_days_open": "已处理天数",
        "plan_hours_to_deadline": "距超时（小时）",
        "plan_next_step": "下一步",
        "plan_collect": "需补充凭证",
        "plan_check": "需核实凭证",
        "plan_reason": "退款原因",
        "plan_explanation": "原因分析",
        "sheet_summary": "概要", "sheet_plan": "处理计划",
        "actions_intro": ("处理中的纠纷：已超时或 48 小时内超时的排在最前，"
                          "其余按风险金额（退款金额 × 对店铺不利的概率）从高到低，"
                          "再按超时时间从早到晚排列。"),
        "actions_none": "没有处理中的纠纷：无需处理。",
        "percent_suffix": "（%）",
        "heading_shops": "各店铺对比",
        "shops_shop": "店铺", "shops_disputes": "纠纷数", "shops_open": "处理中",
        "shops_negotiated_share": "已结束纠纷的协商解决占比", "shops_money_at_stake":
        "处理中纠纷的风险金额（元）", "shops_refund_now": "直接退款", "shops_negotiate": "协商",
        "shops_escalate": "申请客服介入",
        "table_search": "搜索：", "table_length": "每页显示 _MENU_ 条",
        "table_info": "第 _START_ 至 _END_ 条，共 _TOTAL_ 条", "table_info_empty": "没有纠纷",
        "table_info_filtered": "（从 _MAX_ 条中筛选）", "table_no_match": "没有匹配的纠纷",
    },
}
"""Titles and axis names."""


PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "reason": ("reason {}", "reason '{}'"),
        "history": ("first dispute with this counterparty",
                    "counterparty's past disputes mostly negotiated",
                    "counterparty's past disputes mostly escalated",
                    "counterparty's earlier disputes still open", "counterparty not recorded"),
        "goods": ("goods received", "goods not received", "goods status unknown"),
        "refund_type": ("refund only", "return and refund", "exchange", "refund type unknown"),
        "completeness": ("no required evidence held", "under half the required evidence held",
                         "half or more of the required evidence held", "all required evidence held"),
        "response": ("first reply within 1 h", "first reply within 6 h", "first reply after 6-24 h",
                     "first reply after 1-3 days", "first reply after 3+ days",
                     "response time not recorded"),
        "amount": ("amount under ¥50", "amount ¥50-200", "amount ¥200-1,000", "amount ¥1,000-5,000",
                   "amount over ¥5,000", "amount not recorded"),
        "instant": ("instant reply", "no instant reply", "instant reply not recorded"),
        "after_sale": ("after the sale", "during the sale", "sale stage not recorded"),
        "payment": ("dispute within 3 days of payment", "dispute 3-15 days after payment",
                    "dispute 15-30 days after payment", "dispute 30+ days after payment",
                    "payment date not recorded"),
        "category": ("category {}", "another category", "category unknown"),
        "extra_level": ("{name} {value}", "another {name}", "{name} not recorded"),
        "extra_scale": ("{name} below average", "{name} above average", "{name} not recorded"),
        "voucher": ("{} held", "{} missing", "{} not recorded"),
        "why": ("raised by: ", "lowered by: ", "; ", ", ", " ({:+d} pts)",
                "no factor stands out: an average dispute"),
    },
    "zh": {
        "reason": ("原因：{}", "原因“{}”"),
        "history": ("与该交易对方的第一次纠纷", "该交易对方以往纠纷多为协商解决",
                    "该交易对方以往纠纷多为客服介入", "该交易对方之前的纠纷仍在处理中", "交易对方未记录"),
        "goods": ("已收到货", "未收到货", "收货状态未知"),
        "refund_type": ("仅退款", "退货退款", "换货", "售后类型未知"),
        "completeness": ("所需凭证一项都没有", "所需凭证不足一半", "所需凭证过半", "所需凭证齐全"),
        "response": ("1 小时内首次回复", "6 小时内首次回复", "6-24 小时首次回复", "1-3 天首次回复",
                     "3 天以上首次回复", "响应时间未记录"),
        "amount": ("金额低于 50 元", "金额 50-200 元", "金额 200-1,000 元", "金额 1,000-5,000 元",
                   "金额高于 5,000 元", "金额未记录"),
        "instant": ("零秒响应", "非零秒响应", "是否零秒响应未记录"),
        "after_sale": ("售后", "售中", "售中或售后未记录"),
        "payment": ("付款后 3 天内发起", "付款后 3-15 天发起", "付款后 15-30 天发起", "付款 30 天后发起",
                    "付款时间未记录"),
        "category": ("类目：{}", "其他类目", "类目未知"),
        "extra_level": ("{name}：{value}", "其他{name}", "{name}未记录"),
        "extra_scale": ("{name}低于平均", "{name}高于平均", "{name}未记录"),
        "voucher": ("已有{}", "缺少{}", "{}未记录"),
        "why": ("提高：", "降低：", "；", "，", "（{:+d} 分）", "无突出因素：与平均纠纷相当"),
    },
}
"""The phrases explanations and the scorecard name a factor's levels with, in order."""


def phrases(key: str, lang: str) -> tuple[str, ...]:
    """The phrases of one factor (or of the explanation's frame, ``"why"``) in ``lang``."""
    check_language(lang)
    return PHRASES[lang][key]


def check_language(lang: str) -> None:
    """Refuse languages rightsguard has no words for."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")


def text(key: str, lang: str) -> str:
    """A title or axis name."""
    check_language(lang)
    return TEXT[lang][key]


def say(key: str, lang: str, **values: object) -> str:
    """A sentence of :data:`TEXT` in ``lang``, its ``{fields}`` filled with ``values``."""
    return text(key, lang).format(**values)


def voucher_names(lang: str) -> dict[str, str]:
    """Each voucher's human name in ``lang``."""
    check_language(lang)
    return {v: VALUES[lang][v] for v in VOUCHERS}


def translate(expr: pl.Expr, lang: str) -> pl.Expr:
    """Display names for an expression of canonical values."""
    check_language(lang)
    return expr.cast(pl.String).replace(VALUES[lang])


def goods_status(lang: str) -> pl.Expr:
    """Display name of each dispute's goods status."""
    goods = pl.col("goods_received")
    code = (pl.when(goods).then(pl.lit("received")).when(~goods).then(pl.lit("not_received_goods"))
            .otherwise(pl.lit("unknown")))
    return translate(code, lang)
