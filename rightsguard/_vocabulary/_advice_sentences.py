"""The advice's words: the plan's headers and statuses, next steps, the run's notes, the trust
warnings, evidence coverage, the ruling chance, the backtest and the costs (``{}`` fields filled by
the caller)."""

from __future__ import annotations

ADVICE: dict[str, dict[str, str]] = {
    "en": {
        "not_available": "n/a",
        "note_time_open": (
            "open disputes whose stage is not known are scored as they stand on {as_of}: how long "
            "they have been open counts, learned from how long {negotiated:,} negotiated and "
            "{escalated:,} escalated disputes took to close"
        ),
        "note_time_open_unknown": (
            "open disputes whose stage is not known are scored as they stood when they opened: "
            "too few closed disputes with both moments known to learn how long each kind stays open"
        ),
        "step_escalate": "escalate: ask customer service to intervene, with {}",
        "step_refund_small": (
            "refund now: the amount is small against the cost of negotiating or "
            "escalating it; a refund agreed now does not count toward the dispute "
            "refund rate"
        ),
        "step_refund_now": (
            "refund now: the buyer will probably win a ruling and the evidence is "
            "weak; a refund agreed now does not count toward the dispute refund rate"
        ),
        "step_negotiate_ready": (
            "negotiate: ask the buyer to revoke or agree; the evidence is ready if it comes to a ruling"
        ),
        "step_negotiate_collect": "negotiate: ask the buyer to revoke or agree; meanwhile collect {}",
        "step_negotiate": "negotiate: ask the buyer to revoke or agree",
        "step_check_unknown": "; check whether you hold {} (not in your records)",
        "step_check_files": "; check these files, whose names say no voucher: {}",
        "step_offer": "; you could offer a partial refund of about ¥{} (as {} similar cases settled)",
        "step_guard_turns": (
            "; whether escalating can pay turns on the vouchers to check: the chance of winning runs "
            "from {}% (none of them held) to {}% (all of them), and escalating needs {}%"
        ),
        "explain_recalibrated": "; recalibrated for drift: {}% → {}%",
        "step_guard_near": (
            "; the chance of winning a ruling, {}% (95% interval {}% to {}%), is too close to the "
            "{}% escalating needs to tell"
        ),
        "step_priced_on_paid": (
            "; priced on what the buyer paid (买家实际支付金额): the refund amount is blank"
        ),
        "step_amount_unknown": "negotiate: the amount is not recorded, so the options cannot be priced",
        "trust_auc": (
            "held-out ROC AUC {auc:.3f} (95% interval {low:.2f} to {high:.2f}) includes "
            "0.5: the score may rank disputes no better than chance"
        ),
        "trust_brier": (
            "held-out Brier score {brier:.3f} is no better than {constant:.3f} for "
            "always predicting the negotiated share"
        ),
        "trust_few_labels": (
            "only {count} {kind} past disputes (fewer than {minimum}): probabilities rest on few examples"
        ),
        "trust_share_drift": (
            "negotiated share {share:.0%} among the scored disputes against "
            "{trained:.0%} in the model's training period ({period}): "
            "probabilities are off; refit, or recalibrate on recent disputes "
            "(recalibrate=True, --recalibrate)"
        ),
        "trust_mix_drift": (
            "the mix of reasons changed since the training period ({period}; "
            "stability index {psi:.2f}): scores of the new mix are less certain"
        ),
        "trust_method_worse": (
            "the model ({picked}) ranks held-out disputes worse than {other}: ROC AUC {auc:.3f} "
            "against {other_auc:.3f}, a difference of {difference:+.3f} (95% interval {low:+.3f} "
            "to {high:+.3f}) on {n:,} disputes; use --method auto or {other}"
        ),
        "trust_unmapped": (
            "{other:,} of {disputes:,} disputes ({share:.0%}) have reason 'other': their wording is not "
            "mapped. Commonest: {listed}{more}. Map them with a ColumnMapping's "
            "values={{'reason': {{...}}}}"
        ),
        "trust_in_sample": (
            "{count:,} labelled dispute(s) were opened within the supplied model's "
            "training period ({start} to {end}); if the model was trained on "
            "them, their scores are in-sample and flatter the model. Measure "
            "quality on later disputes only"
        ),
        "note_unknown_priced": (
            "{count:,} open case(s) have vouchers nobody recorded; each counts as the chance "
            "that the shop holds it (learned from the cases the inventory covers), not as missing. "
            "That gives {changed:,} of them other advice than if the vouchers were missing "
            "({details}), and lowers their expected cost by ¥{saved:,.0f}"
        ),
        "note_unknown_priced_same": (
            "{count:,} open case(s) have vouchers nobody recorded; each counts as the chance "
            "that the shop holds it (learned from the cases the inventory covers), not as missing. "
            "That changes none of their advice"
        ),
        "unknown_change": "{count:,} {decided} instead of {missing}",
        "note_unknown_evidence": (
            "evidence is unknown for {share:.0%} of disputes: the export does not record which "
            "vouchers the shop holds. Supply the evidence ledger or folder (--evidence, or "
            "evidence=...) so that escalation and refund choices rest on the evidence held"
        ),
        "note_backtest": (
            "backtest over {n:,} past cases (scored out of fold; {left:,} more lack an amount or a "
            "recorded ruling): following the plan would have cost ¥{plan:,.0f} expected, always "
            "negotiating ¥{negotiating:,.0f}, and what happened cost ¥{realised:,.0f} at the same "
            "prices. Past outcomes depended on what was done then: a comparison, not a proof"
        ),
        "backtest_plan": "following the plan (expected)",
        "backtest_negotiating": "always negotiating (expected)",
        "backtest_happened": "what happened",
        "note_rulings": (
            "rulings for the buyer per month, over {n:,} past cases ({months:.1f} months): "
            "{plan:.1f} expected under the plan, {negotiating:.1f} always negotiating, "
            "{happened:.1f} as happened"
        ),
        "rulings_rate": (
            "; with {orders:,.0f} orders a month the plan's dispute refund rate "
            "(纠纷退款率) would be {rate:.3%}{limit}"
        ),
        "rulings_limit": " against the limit of {limit:.3%}: {verdict}",
        "rulings_under": "under it",
        "rulings_over": "OVER it: escalate less or raise min_win_probability",
        "note_costs": (
            "costs (CNY): negotiating {negotiate:g} ({negotiation_handling_origin}), escalating "
            "{escalate:g} plus {delay:g} for the wait ({escalation_handling_origin}), refunding "
            "{refund:g} ({refund_handling_origin}), a ruling for the buyer {penalty:g} beyond the "
            "refund ({ruling_against_penalty_origin}); {share}; no escalation below a "
            "{guard:.0%} chance of winning"
        ),
        "cost_default": "default",
        "cost_set": "set",
        "note_method": (
            "method {asked}: kept {picked} (held-out ROC AUC {auc:.3f}) over {other} ({other_auc:.3f}); "
            "difference {difference:+.3f}, 95% interval {low:+.3f} to {high:+.3f}, on {n:,} disputes"
        ),
        "note_recalibrated": (
            "probabilities recalibrated on {n:,} labelled disputes opened {start} to {end}, after "
            "the model's training period (log-odds × {slope:.2f} {intercept:+.2f}; those disputes "
            "out of fold)"
        ),
        "coverage_covered": "evidence inventory covers {covered:,} of {disputes:,} disputes",
        "coverage_unmatched": "{count:,} inventory key(s) match no dispute: {shown}",
        "coverage_unrecognised": "{count:,} file(s) or kind(s) name no known voucher: {shown}",
        "coverage_late": (
            "{count:,} ledger voucher(s) dated after their past dispute's decision "
            "moment (opening + {hours} h) were not counted for it: gathered once "
            "the outcome was in play"
        ),
        "coverage_undated": (
            "{count:,} voucher(s) carry no date (folder files): counted as held from their dispute's opening"
        ),
        "coverage_absent": (
            "{count:,} dispute(s) no ledger row names opened within the days the ledger covers "
            "({periods}): counted as holding none of the vouchers, since a ledger lists what is held "
            "(--absence=unknown keeps them unknown)"
        ),
        "coverage_rejected": "{count:,} ledger row(s) or evidence file(s) could not be read: {problem}",
        "evidence_link_out": "a link leading out of the evidence folder, not followed",
        "evidence_link_loops": "a link that leads back to itself, not followed",
        "evidence_link_folder": "a link to a folder, not followed",
        "evidence_broken_link": "a broken link",
        "evidence_unreadable": "cannot be read",
        "evidence_no_key": "no order or dispute id",
        "ruling_chance": (
            "chance of winning a ruling: {low:.0%} with no required evidence, "
            "{high:.0%} with all of it ({origin})"
        ),
        "ruling_learned": "learned from {count:,} past rulings",
        "ruling_learned_recorded": (
            "learned from the {count:,} past rulings whose required vouchers were all recorded; "
            "{left_out:,} with a voucher nobody recorded were left out"
        ),
        "ruling_learned_at_expectation": (
            "learned from {count:,} past rulings, those with a voucher nobody recorded at the "
            "share they were expected to hold: too few had every voucher recorded"
        ),
        "note_held_rates": (
            "how often the shop holds each voucher, learned from the disputes whose vouchers the "
            "records tell (the price of one nobody recorded): {rates}; any other voucher: a prior of "
            "{prior:.0%}"
        ),
        "held_rate": "{name} {rate:.0%} ({low:.0%} to {high:.0%}, n {n:,})",
        "ruling_held_flat": (
            "; the shop's rulings went no better with more evidence, so the chance is held at their "
            "rate rather than falling"
        ),
        "ruling_prior": "a prior (fewer than {minimum} past rulings each way)",
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
        "plan_action_taken": "Action taken",
        "plan_note": "Note",
        "plan_last_action": "Last action",
        "not_handled": "not handled",
        "plan_details": "Details",
        "details_p_negotiated": "negotiated {}",
        "details_p_win_ruling": "seller wins a ruling {}",
        "details_days_open": "open {} days",
        "details_order_id": "order {}",
        "plan_status": "Deadline",
        "actions_intro": (
            "Open disputes: those overdue or due within 48 hours first, then the most money at "
            "stake (what the advised option is expected to cost: the refund, the staff time and "
            "a ruling for the buyer's price, each weighed by its chance; it can exceed the "
            "amount, since a ruling for the buyer costs more than the refund), then the "
            "earliest deadline."
        ),
        "actions_none": "No dispute is open: there is nothing to act on.",
    },
    "zh": {
        "not_available": "无",
        "note_time_open": (
            "阶段不明的待处理售后按 {as_of} 时的状态打分：已持续的天数也计入，依据 {negotiated:,} 个"
            "协商解决和 {escalated:,} 个客服介入的售后各用了多久结束"
        ),
        "note_time_open_unknown": (
            "阶段不明的待处理售后按刚发起时的状态打分：已结束且有起止时间的售后太少，无法得知各类售后通常持续多久"
        ),
        "step_escalate": "申请客服介入：提交{}",
        "step_refund_small": "直接退款：金额小，协商或申请客服介入的成本更高；现在同意退款不计入纠纷退款率",
        "step_refund_now": "直接退款：客服裁决很可能支持买家且凭证不足；现在同意退款不计入纠纷退款率",
        "step_negotiate_ready": "协商：请买家撤销或达成一致；凭证已齐，如需客服裁决可直接提交",
        "step_negotiate_collect": "协商：请买家撤销或达成一致；同时收集{}",
        "step_negotiate": "协商：请买家撤销或达成一致",
        "step_check_unknown": "；请核实是否持有{}（记录中没有）",
        "step_check_files": "；请查看这些文件（文件名看不出是哪种凭证）：{}",
        "step_offer": "；可提出部分退款约 ¥{}（依据 {} 个类似售后）",
        "step_guard_turns": "；能否申请客服介入取决于待核对的凭证：赢面在 {}%（都不在）到 {}%（都在）之间，申请介入需要 {}%",
        "explain_recalibrated": "；因漂移重新校准：{}% → {}%",
        "step_guard_near": "；客服裁决赢面 {}%（95% 区间 {}% 至 {}%），离申请介入所需的 {}% 太近，说不准",
        "step_priced_on_paid": "；退款金额为空，按买家实际支付金额计算",
        "step_amount_unknown": "协商：退款金额未记录，无法比较各选项的预期花费",
        "trust_auc": (
            "用没参与训练的售后检验，ROC AUC 为 {auc:.3f}（95%区间 {low:.2f} 至 {high:.2f}）包含 0.5："
            "评分对售后的排序可能不比随机好"
        ),
        "trust_brier": "用没参与训练的售后检验，概率误差（Brier 分数）{brier:.3f} 不比始终预测协商占比的 {constant:.3f} 好",
        "trust_few_labels": "{kind}的历史售后只有 {count} 个（少于 {minimum} 个）：概率依据的样本太少",
        "trust_share_drift": (
            "评分售后中的协商占比为 {share:.0%}，模型训练期（{period}）为 "
            "{trained:.0%}：概率有偏差，请用近期售后重新训练或校准"
            "（recalibrate=True，--recalibrate）"
        ),
        "trust_mix_drift": (
            "退款原因的构成自训练期（{period}）以来已变化（稳定性指数 {psi:.2f}）：新构成下的评分不够可靠"
        ),
        "trust_method_worse": (
            "模型（{picked}）对没参与训练的售后的排序不如{other}：ROC AUC {auc:.3f} 对 {other_auc:.3f}，"
            "相差 {difference:+.3f}（95% 区间 {low:+.3f} 至 {high:+.3f}，{n:,} 个售后）；"
            "请改用 --method auto 或{other}"
        ),
        "trust_unmapped": (
            "{disputes:,} 个售后中有 {other:,} 个（{share:.0%}）原因为“其他”：其原文未被映射。"
            "最常见：{listed}{more}。请用 ColumnMapping 的 values={{'reason': {{...}}}} 映射"
        ),
        "trust_in_sample": (
            "有 {count:,} 个已结束的售后申请于所用模型的训练期（{start} 至 {end}）内："
            "若模型用它们训练过，这些评分会显得过好。请只用训练期之后的售后衡量模型"
        ),
        "note_unknown_priced": (
            "{count:,} 个待处理售后有凭证情况没有记录：每项凭证按店铺持有它的概率计算"
            "（从凭证清单覆盖的售后中学到），不当作缺失。这样有 {changed:,} 个得到与“当作缺失”"
            "不同的建议（{details}），"
            "预期成本合计降低 ¥{saved:,.0f}"
        ),
        "note_unknown_priced_same": (
            "{count:,} 个待处理售后有凭证情况没有记录：每项凭证按店铺持有它的概率计算"
            "（从凭证清单覆盖的售后中学到），不当作缺失。这没有改变其中任何一个的建议"
        ),
        "unknown_change": "{count:,} 个改为{decided}（原为{missing}）",
        "note_unknown_evidence": (
            "{share:.0%} 的售后凭证情况未知：导出表不记录店铺持有哪些凭证。请提供凭证台账或凭证文件夹"
            "（--evidence 或 evidence=...），让申请介入和直接退款的建议以实际持有的凭证为依据"
        ),
        "note_backtest": (
            "回测 {n:,} 个已结束售后（样本外打分，另有 {left:,} 个缺金额或介入结果未记录）："
            "按建议处理预计成本 ¥{plan:,.0f}，一律协商预计 ¥{negotiating:,.0f}，"
            "实际结果按同样价格计 ¥{realised:,.0f}。"
            "过去的结果取决于当时的处理方式，这是对照，不是证明"
        ),
        "backtest_plan": "按建议处理（预计）",
        "backtest_negotiating": "一律协商（预计）",
        "backtest_happened": "实际发生",
        "note_rulings": (
            "每月判给买家的纠纷（按 {n:,} 个已结束售后、{months:.1f} 个月计）：按建议处理预计 {plan:.1f} 个，"
            "一律协商预计 {negotiating:.1f} 个，实际 {happened:.1f} 个"
        ),
        "rulings_rate": "；按每月 {orders:,.0f} 笔订单，按建议处理的纠纷退款率约为 {rate:.3%}{limit}",
        "rulings_limit": "，上限 {limit:.3%}：{verdict}",
        "rulings_under": "未超过",
        "rulings_over": "超过上限：请少申请介入，或提高 min_win_probability",
        "note_costs": (
            "成本（元）：协商 {negotiate:g}（{negotiation_handling_origin}），申请客服介入 {escalate:g} "
            "加等待 {delay:g}（{escalation_handling_origin}），直接退款 {refund:g}"
            "（{refund_handling_origin}），判给买家一次另计 {penalty:g}（{ruling_against_penalty_origin}）；"
            "{share}；胜算低于 {guard:.0%} 不建议申请介入"
        ),
        "cost_default": "默认",
        "cost_set": "已设定",
        "note_method": (
            "方法{asked}：选用{picked}（检验 ROC AUC {auc:.3f}），而非{other}（{other_auc:.3f}）；"
            "相差 {difference:+.3f}，95% 区间 {low:+.3f} 至 {high:+.3f}，{n:,} 个售后"
        ),
        "note_recalibrated": (
            "概率已按模型训练期之后 {start} 至 {end} 发起的 {n:,} 个已结束售后重新校准"
            "（对数几率 × {slope:.2f} {intercept:+.2f}；这些售后本身用交叉拟合校准）"
        ),
        "coverage_covered": "凭证清单覆盖 {disputes:,} 个售后中的 {covered:,} 个",
        "coverage_unmatched": "{count:,} 个凭证编号找不到对应售后：{shown}",
        "coverage_unrecognised": "{count:,} 个文件或类型无法识别为凭证：{shown}",
        "coverage_late": (
            "{count:,} 条台账凭证的日期晚于其已结束售后的决策时点（申请后 {hours} 小时），未计入该售后"
        ),
        "coverage_undated": "{count:,} 个凭证没有日期（文件夹中的文件）：按自售后申请起即持有计",
        "coverage_absent": (
            "{count:,} 个售后在台账覆盖的日期内（{periods}）发起，台账里却没有它的行：台账只记持有的凭证，"
            "所以按一个凭证也没有计（加 --absence=unknown 则按未知计）"
        ),
        "coverage_rejected": "{count:,} 行台账或凭证文件无法读取：{problem}",
        "evidence_link_out": "指向凭证文件夹之外的链接，未读取",
        "evidence_link_loops": "指向自身的循环链接，未读取",
        "evidence_link_folder": "指向文件夹的链接，未读取",
        "evidence_broken_link": "失效的链接",
        "evidence_unreadable": "无法读取",
        "evidence_no_key": "没有订单编号或退款编号",
        "ruling_chance": "客服裁决支持卖家的概率：无所需凭证时 {low:.0%}，凭证齐全时 {high:.0%}（{origin}）",
        "ruling_learned": "根据 {count:,} 次历史裁决估计",
        "ruling_learned_recorded": "根据所需凭证都有记录的 {count:,} 次历史裁决估计；另有 {left_out:,} 次有凭证没有记录，未计入",
        "ruling_learned_at_expectation": "根据 {count:,} 次历史裁决估计，凭证没有记录的按预期持有比例计：凭证记录齐全的裁决太少",
        "note_held_rates": "本店持有各类凭证的比例（按记录清楚的售后估计，用于给没有记录的凭证定价）：{rates}；其余凭证按先验 {prior:.0%} 计",
        "held_rate": "{name} {rate:.0%}（{low:.0%} 至 {high:.0%}，{n:,} 个）",
        "ruling_held_flat": "；本店的历史裁决并未因凭证更多而更有利，所以概率按整体胜率保持不变，而不是随凭证增加而下降",
        "ruling_prior": "先验值（历史裁决每方不足 {minimum} 次）",
        "plan_priority": "优先级",
        "plan_dispute_id": "退款编号",
        "plan_order_id": "订单编号",
        "plan_shop": "店铺",
        "plan_recommendation": "建议",
        "plan_money_at_stake": "风险金额（元）",
        "plan_amount": "退款金额（元）",
        "plan_p_negotiated": "协商解决概率",
        "plan_p_win_ruling": "客服判卖家赢的概率",
        "plan_days_open": "已持续天数",
        "plan_hours_to_deadline": "距超时（小时）",
        "plan_next_step": "下一步",
        "plan_collect": "需补充凭证",
        "plan_check": "需核实凭证",
        "plan_reason": "退款原因",
        "plan_explanation": "原因分析",
        "plan_action_taken": "处理结果",
        "plan_note": "备注",
        "plan_last_action": "上次处理",
        "not_handled": "未处理",
        "plan_details": "详情",
        "details_p_negotiated": "协商 {}",
        "details_p_win_ruling": "判卖家赢 {}",
        "details_days_open": "已 {} 天",
        "details_order_id": "订单 {}",
        "plan_status": "超时情况",
        "actions_intro": (
            "处理中的售后：已超时或 48 小时内超时的排在最前，"
            "其余按风险金额（所建议的处理方式预计要付出的钱：退款、人工和判给买家的代价，各按其概率计算；"
            "判给买家的纠纷除退款外还有代价，所以可能高于退款金额）从高到低，"
            "再按超时时间从早到晚排列。"
        ),
        "actions_none": "没有处理中的售后：无需处理。",
    },
}
