"""What the command line and a run say as they go: progress lines, counts, what was written."""

from __future__ import annotations

PROGRESS: dict[str, dict[str, str]] = {
    "en": {
        "progress_loading": "loading {path}",
        "progress_warning": "warning: {message}",
        "progress_rejected": "{count:,} rows rejected; see {path}",
        "progress_rejected_of": "{count:,} of {rows:,} rows rejected",
        "progress_wrote": (
            "wrote {count:,} scored disputes ({past:,} past, {open:,} open) to {path}; "
            "of the open: {refund_now:,} refund now, {negotiate:,} negotiate, "
            "{escalate:,} escalate"
        ),
        "summary_counts": "{path}: {rows:,} rows, {accepted:,} accepted, {rejected:,} rejected",
        "summary_rejected": "  rejected: {problem}",
        "run_summary": (
            "{scored:,} disputes scored ({where}), {refused:,} refused; open disputes' options: {options}"
        ),
        "run_in_scored": "in <code>.scored</code>",
        "run_written_to": "written to {path}",
        "run_no_options": "none",
        "progress_saved_model": "saved the model fitted on all labelled disputes to {path}",
        "progress_streaming": "scoring {path} in batches with the supplied model",
        "progress_spooling": "reading {path} whole once (a workbook or a non-UTF-8 export), then in batches",
        "progress_unrecognised": (
            "{count:,} evidence file(s) whose names name no voucher are "
            "listed by order in {path}: check them, or teach their words "
            "with --voucher-words"
        ),
        "progress_salt": (
            "wrote a new counterparty salt to {path}: keep it secret and back it "
            "up, and give it to every run of this shop with --salt-file {path}"
        ),
        "progress_leftovers": "removed {count} file(s) an interrupted run left beside {path}: {names}",
        "progress_in_memory": "reading in memory instead: {error}",
        "progress_drawing": "drawing the charts",
        "progress_report": "wrote {page} (charts in {charts}, action list in {csv} and .xlsx)",
        "progress_supplied": "scoring {count:,} disputes with the supplied model",
        "progress_recalibrated": "recalibrated on {count:,} labelled disputes opened {start} to {end}",
        "progress_method": (
            "method {asked}: {picked} {auc:.3f}, {other} {other_auc:.3f} held out; keeping {picked}"
        ),
        "progress_fold": "fold {fold}/{folds}: fitting on {train:,} disputes, scoring {test:,}",
        "progress_final": "fitting on {count:,} labelled disputes",
        "progress_final_open": "fitting on {count:,} labelled disputes for {open:,} open ones",
        "progress_batch_rows": "scoring disputes {first:,}-{last:,} of {count:,}",
        "progress_batch": "batch {number}: {accepted:,} disputes scored, {rejected:,} rejected so far",
        "progress_first_pass": "first pass: {rows:,} rows, {rulings:,} past rulings",
        "progress_ids_spread": "{ids:,} dispute id(s) appear in more than one batch: reading the "
        "file again to judge their rows together",
    },
    "zh": {
        "progress_loading": "正在读取 {path}",
        "progress_warning": "提醒：{message}",
        "progress_rejected": "{count:,} 行未通过检查；见 {path}",
        "progress_rejected_of": "{rows:,} 行中有 {count:,} 行未通过检查",
        "progress_wrote": (
            "已将 {count:,} 条评分后的售后（已结束 {past:,} 条，处理中 {open:,} 条）写入 "
            "{path}；处理中的：直接退款 {refund_now:,} 条，协商 {negotiate:,} 条，"
            "申请客服介入 {escalate:,} 条"
        ),
        "summary_counts": "{path}：{rows:,} 行，接受 {accepted:,} 行，拒收 {rejected:,} 行",
        "summary_rejected": "  拒收：{problem}",
        "run_summary": (
            "已评分 {scored:,} 个售后（{where}），拒收 {refused:,} 行；待处理售后的建议：{options}"
        ),
        "run_in_scored": "见 <code>.scored</code>",
        "run_written_to": "已写入 {path}",
        "run_no_options": "无",
        "progress_saved_model": "已将用全部已结束售后训练的模型保存到 {path}",
        "progress_streaming": "正在用提供的模型分批为 {path} 评分",
        "progress_spooling": "先完整读取一次 {path}（工作簿或非 UTF-8 导出表），再分批处理",
        "progress_unrecognised": (
            "{count:,} 个凭证文件的名称看不出是哪种凭证，已按订单列在 {path}："
            "请逐一核对，或用 --voucher-words 教会新词"
        ),
        "progress_salt": (
            "已在 {path} 生成新的买家密钥：请妥善保密并备份，本店每次运行都用 --salt-file {path} 传入"
        ),
        "progress_leftovers": "已删除中断的运行在 {path} 旁留下的 {count} 个文件：{names}",
        "progress_in_memory": "改为在内存中读取：{error}",
        "progress_drawing": "正在绘制图表",
        "progress_report": "已写入 {page}（图表在 {charts}，处理计划在 {csv} 和 .xlsx）",
        "progress_supplied": "正在用提供的模型为 {count:,} 个售后打分",
        "progress_recalibrated": "已按 {start} 至 {end} 发起的 {count:,} 个已结束售后重新校准",
        "progress_method": (
            "方法{asked}：{picked} {auc:.3f}，{other} {other_auc:.3f}（用没参与训练的售后检验）；选用{picked}"
        ),
        "progress_fold": "检验 {fold}/{folds}：用 {train:,} 个售后训练，给另外 {test:,} 个打分",
        "progress_final": "正在用 {count:,} 个已结束售后训练",
        "progress_final_open": "正在用 {count:,} 个已结束售后训练，为 {open:,} 个处理中的售后打分",
        "progress_batch_rows": "正在为第 {first:,}-{last:,} 个售后打分（共 {count:,} 条）",
        "progress_batch": "第 {number} 批：已评分 {accepted:,} 条，累计 {rejected:,} 条未通过检查",
        "progress_first_pass": "第一遍读取：{rows:,} 行，{rulings:,} 次历史裁决",
        "progress_ids_spread": "{ids:,} 个售后编号出现在不止一批中：重新读取文件，把这些行放在一起检查",
    },
}
"""Progress lines and run counts in both languages."""
