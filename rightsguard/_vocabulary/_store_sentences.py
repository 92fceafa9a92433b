"""The sentences of the shop's store, in English and Chinese: ingesting, recording, what
changed since the last run and the track record (merged into :data:`TEXT` by the package)."""

STORE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "progress_store": "store: {path}",
        "progress_store_new": "store: {path} (new: there was no such file, so it is made here)",
        "note_by_time": (
            "validated by time, as the shop meets it: fitted on the {earlier:,} closed "
            "cases opened before {cutoff:%Y-%m-%d}, measured on the {later:,} after: "
            "ROC AUC {auc:.3f} (95% interval {low:.3f} to {high:.3f}), Brier score "
            "{brier:.3f}"
        ),
        "progress_exported_store": (
            "wrote the store's tables as Parquet under {path} (disputes and status_history by shop and month)"
        ),
        "title_track_record": "Track record: predictions made before their outcome",
        "err_ingest_no_shop": (
            "{path}: its cases name no shop, and this store keeps its shops apart ({shops}); nothing "
            "was ingested from it: say whose export it is with --shop"
        ),
        "note_store_recalibration_checked": (
            "recalibration was checked first on the newest settled run's {n:,} cases, which the "
            "checking line was not fitted on: calibration error {before:.3f} without, {after:.3f} with"
        ),
        "note_store_recalibration_refused": (
            "recalibration was not applied: on the newest settled run's {n:,} cases, which it was not "
            "fitted on, it would not have improved calibration (error {before:.3f} without, {after:.3f} with)"
        ),
        "note_store_recalibration_untested": (
            "recalibration was not applied: it can be checked only on a settled run it was not fitted "
            "on, with both outcomes among its cases and among the earlier runs' ({n:,} cases in the "
            "newest settled run)"
        ),
        "note_store_recalibrated": (
            "the open cases' probabilities were recalibrated on the "
            "{n:,} predictions made before their outcome (log-odds "
            "{intercept:+.2f} + {slope:.2f} × the model's), and decided "
            "again"
        ),
        "track_too_few": (
            "track record: {n:,} prediction(s) made before their outcome; too few "
            "of each outcome to measure yet"
        ),
        "track_quality": (
            "track record over {n:,} predictions made before their outcome: ROC AUC "
            "{auc:.3f} (95% interval {auc_low:.3f} to {auc_high:.3f}), Brier score "
            "{brier:.3f} ({brier_low:.3f} to {brier_high:.3f}), calibration error "
            "{calibration:.3f} (held out when fitted: {heldout:.3f})"
        ),
        "track_drift": (
            "DRIFT: the predictions' calibration has moved more than {margin:.2f} from "
            "what was measured when the model was fitted; score with recalibration "
            "or refit"
        ),
        "track_followed": (
            "where the advice was followed ({n:,} cases): expected ¥{expected:,.0f}, "
            "the outcomes cost ¥{realised:,.0f} (mean difference per case ¥{low:,.0f} "
            "to ¥{high:,.0f})"
        ),
        "track_not_followed": (
            "where it was not ({n:,} cases): expected ¥{expected:,.0f} for the "
            "advice, the outcomes cost ¥{realised:,.0f} (mean difference per case "
            "¥{low:,.0f} to ¥{high:,.0f})"
        ),
        "track_followed_few": (
            "where the advice was followed ({n:,} case(s)): expected "
            "¥{expected:,.0f}, the outcomes cost ¥{realised:,.0f}; too few "
            "cases to tell whether the advice paid"
        ),
        "track_not_followed_few": (
            "where it was not ({n:,} case(s)): expected ¥{expected:,.0f} "
            "for the advice, the outcomes cost ¥{realised:,.0f}; too few "
            "cases to tell"
        ),
        "progress_recorded": "{path}: {filled:,} action(s) filled in, {recorded:,} stored or changed",
        "progress_recorded_before_report": (
            "{path} held actions you typed: recorded them first "
            "({filled:,} filled in, {recorded:,} stored or "
            "changed), then made the new plan"
        ),
        "progress_unmatched": (
            "{count:,} case(s) no logged run predicted, not stored (run report --store first): {shown}"
        ),
        "note_first_run": "the first run logged in this store: the next one will say what changed",
        "note_since_last": (
            "since run {run} (as of {since}): {new:,} new cases; {closed:,} of the "
            "cases it predicted have closed, {negotiated:,} of them by "
            "negotiation against {predicted:.1f} predicted; {overdue:,} open "
            "case(s) past their deadline"
        ),
        "note_logged": "logged as run {run}: each open case's prediction is in the store",
        "moment_file_name": "file name",
        "moment_newest_timestamp": "newest timestamp",
        "moment_as_of": "--as-of",
        "err_moment_contradicted": (
            "{path}: dated {moment} (by its name or --as-of), but its newest case is dated {newest}: "
            "an export is made after its cases, within a month of the newest, and never in the future; "
            "nothing was ingested from it: rename the file with the day it was downloaded, or give that "
            "moment with --as-of"
        ),
        "progress_ingested_refused": "  refused: {problem}",
        "progress_ingested": (
            "{path}: export {export} (moment {moment}, from its {source}): "
            "{rows:,} rows, {accepted:,} merged, {rejected:,} refused; "
            "{new:,} new cases, {changed:,} status changes"
        ),
        "progress_evidence_added": "{path}: evidence source {name}, {rows:,} row(s), added",
        "progress_evidence_replaced": (
            "{path}: a newer version of evidence source {name} (ingested from {was}): replaced it "
            "whole, {rows:,} row(s); {gained:,} voucher(s) held now that were not, {lost:,} no longer held"
        ),
        "progress_evidence_unchanged": (
            "{path}: the same vouchers as the evidence ingested from {was}: nothing changed"
        ),
        "progress_ingested_before": (
            "{path}: the same content as export {export}, ingested before: nothing changed"
        ),
        "progress_shop_set": "{path}: ingested before under {was}; its {n:,} cases are shop {shop} now",
        "progress_rows_kept": (
            "{path}: the same content as export {export}, ingested before; its {n:,} rows are kept "
            "now (so that it can be forgotten), nothing else changed"
        ),
        "progress_forgotten": (
            "forgot export {export} ({name}, {moment}): its {rows:,} rows; {removed:,} cases no other "
            "export shows are gone, {rebuilt:,} are rebuilt from the other exports; {refused:,} refused "
            "rows removed. Runs and recorded choices are kept"
        ),
        "err_store_older_read": (
            "{path}: the store's tables are version {found}, older than this rightsguard reads "
            "({version}), and reading does not move them forward: run a command that writes the store "
            "first (rightsguard report --store {path} -o report), then read it"
        ),
        "no_shop": "no shop",
    },
    "zh": {
        "progress_store": "店铺数据库：{path}",
        "progress_store_new": "店铺数据库：{path}（新建：之前没有这个文件）",
        "note_by_time": (
            "按时间验证（与店铺实际使用时一致）：用 {cutoff:%Y-%m-%d} 之前申请的 "
            "{earlier:,} 个已结束售后训练，在之后的 {later:,} 个上衡量："
            "ROC AUC {auc:.3f}（95% 区间 {low:.3f} 至 {high:.3f}），Brier 分数 {brier:.3f}"
        ),
        "progress_exported_store": "已将数据库各表以 Parquet 写入 {path}（售后与状态记录按店铺和月份分区）",
        "title_track_record": "实绩：在结果出来之前做出的预测",
        "err_ingest_no_shop": "{path}：这份导出里的售后没有写店铺，而这个数据库按店铺分开保存（{shops}）；这份导出没有导入：请用 --shop 说明是哪个店铺的",
        "note_store_recalibration_checked": "重新校准前先在最近一次已结算运行的 {n:,} 个售后上检验过（检验用的校准线没有用它们拟合）：校准误差不校准时 {before:.3f}，校准后 {after:.3f}",
        "note_store_recalibration_refused": "没有重新校准：在最近一次已结算运行的 {n:,} 个售后上（校准线没有用它们拟合），校准并不会更准（校准误差不校准时 {before:.3f}，校准后 {after:.3f}）",
        "note_store_recalibration_untested": "没有重新校准：只有在没用于拟合的已结算运行上、且其中与更早的运行里两种结果都有时才能检验（最近一次已结算运行有 {n:,} 个售后）",
        "note_store_recalibrated": (
            "已用 {n:,} 条在结果出来之前做出的预测重新校准待处理售后的概率"
            "（对数几率 {intercept:+.2f} + {slope:.2f} × 模型的），并重新给出建议"
        ),
        "track_too_few": "实绩：在结果出来之前做出的预测有 {n:,} 条，各类结果还太少，暂不能衡量",
        "track_quality": (
            "实绩（{n:,} 条在结果出来之前做出的预测）：ROC AUC {auc:.3f}"
            "（95% 区间 {auc_low:.3f} 至 {auc_high:.3f}），Brier 分数 {brier:.3f}"
            "（{brier_low:.3f} 至 {brier_high:.3f}），校准误差 {calibration:.3f}"
            "（训练时检验为 {heldout:.3f}）"
        ),
        "track_drift": "偏移：预测的校准与训练时相比偏离超过 {margin:.2f}；请重新校准或重新训练",
        "track_followed": (
            "按建议处理的（{n:,} 个）：预计 ¥{expected:,.0f}，实际结果花费 "
            "¥{realised:,.0f}（每个平均差额 ¥{low:,.0f} 至 ¥{high:,.0f}）"
        ),
        "track_not_followed": (
            "未按建议处理的（{n:,} 个）：建议预计 ¥{expected:,.0f}，实际结果花费 "
            "¥{realised:,.0f}（每个平均差额 ¥{low:,.0f} 至 ¥{high:,.0f}）"
        ),
        "track_followed_few": (
            "按建议处理的（{n:,} 个）：预计 ¥{expected:,.0f}，实际结果花费 "
            "¥{realised:,.0f}；个数太少，还看不出建议是否划算"
        ),
        "track_not_followed_few": (
            "未按建议处理的（{n:,} 个）：建议预计 ¥{expected:,.0f}，实际结果花费 "
            "¥{realised:,.0f}；个数太少，还看不出差别"
        ),
        "progress_recorded_before_report": (
            "{path} 中有你填写的处理结果：已先记录（填写 {filled:,} 条，"
            "存入或更新 {recorded:,} 条），再生成新的处理计划"
        ),
        "progress_recorded": "{path}：填写了 {filled:,} 条处理结果，存入或更新 {recorded:,} 条",
        "progress_unmatched": (
            "{count:,} 个售后不在任何已记录的运行中，未存入（请先运行 report --store）：{shown}"
        ),
        "note_first_run": "这是数据库中记录的第一次运行：下一次将说明有哪些变化",
        "note_since_last": (
            "自上次运行 {run}（截至 {since}）：新售后 {new:,} 个；当时预测的售后中已结束 "
            "{closed:,} 个，其中协商解决 {negotiated:,} 个，预测为 {predicted:.1f} 个；"
            "已超时的待处理售后 {overdue:,} 个"
        ),
        "note_logged": "本次运行记为 {run}：每个待处理售后的预测都已存入数据库",
        "moment_file_name": "文件名",
        "moment_newest_timestamp": "表中最新的时间",
        "moment_as_of": "--as-of",
        "err_moment_contradicted": (
            "{path}：时间为 {moment}（取自文件名或 --as-of），但表中最新的售后时间是 {newest}：导出应晚于其中的售后、"
            "与最新售后相差不超过一个月，也不会在未来；这份导出没有导入：请把文件名改成下载当天的日期，或用 --as-of 给出导出时间"
        ),
        "progress_ingested_refused": "  拒收：{problem}",
        "progress_ingested": (
            "{path}：第 {export} 份导出（时间 {moment}，取自{source}）：{rows:,} 行，"
            "并入 {accepted:,} 行，拒收 {rejected:,} 行；新售后 {new:,} 个，"
            "状态变化 {changed:,} 个"
        ),
        "progress_evidence_added": "{path}：新的凭证来源 {name}，{rows:,} 行，已存入",
        "progress_evidence_replaced": (
            "{path}：是凭证来源 {name} 的新版本（旧版取自 {was}），已整份替换，{rows:,} 行；"
            "新增持有 {gained:,} 个凭证，不再持有 {lost:,} 个"
        ),
        "progress_evidence_unchanged": "{path}：与已存的凭证（取自 {was}）内容相同，未做改动",
        "progress_ingested_before": "{path}：与第 {export} 份导出内容相同，已导入过，未做改动",
        "progress_shop_set": "{path}：之前按「{was}」导入过；其中 {n:,} 个售后现在归店铺「{shop}」",
        "progress_rows_kept": "{path}：与第 {export} 份导出内容相同，已导入过；现已保存它的 {n:,} 行（以便日后删除它），别的没有改动",
        "progress_forgotten": (
            "已删除第 {export} 份导出（{name}，{moment}）：它的 {rows:,} 行；只有它显示过的 {removed:,} 个售后已移除，"
            "{rebuilt:,} 个按其余导出重建；删除拒收行 {refused:,} 行。运行记录和已记录的处理结果保留"
        ),
        "err_store_older_read": (
            "{path}：数据库的表是第 {found} 版，比这个 rightsguard 读的（第 {version} 版）旧，读取不会升级它："
            "请先运行一个会写入数据库的命令（rightsguard report --store {path} -o report），再读取"
        ),
        "no_shop": "没有店铺",
    },
}
