"""The command line's help, in both languages, and argparse's own words in Chinese."""

from __future__ import annotations

HELP: dict[str, dict[str, str]] = {
    "en": {
        "help_description": (
            "Score buyer disputes, audit their evidence and recommend refunding "
            "now, negotiating or escalating."
        ),
        "help_debug": "show tracebacks of user errors",
        "help_summary": "load and validate disputes, print a summary",
        "help_summary_input": "dispute files",
        "help_score": ("score disputes: probability of negotiation, evidence gaps, recommendation"),
        "help_score_output": "result file: .parquet, .csv or .xlsx",
        "help_save_model": (
            "also save the model that scored the open disputes (fitted on all "
            "labelled disputes, with the run's rules and evidence)"
        ),
        "help_keep_counterparty": ("keep the counterparty key in the result file (left out by default)"),
        "help_report": "write an offline HTML report with charts and an action list",
        "help_report_output": "report folder",
        "help_salt": ("create the shop's secret counterparty salt in a new file (kept for good)"),
        "help_salt_output": "the salt file to create (it must not exist)",
        "help_make_sample": "regenerate the bundled sample data",
        "help_sample_output": "the folder to write the sample into (default data/sample)",
        "help_input": (
            "disputes: CSV, Parquet, xlsx or a Taobao export (with --store: an export "
            "to ingest first, or none)"
        ),
        "help_store_score": (
            "score every dispute the shop's store holds (ingesting INPUT first) "
            "and log the open ones' predictions in it"
        ),
        "help_evidence": (
            "the shop's evidence ledger (CSV, xlsx) or folder (ROOT/<order or "
            "dispute id>/<files>); may be repeated"
        ),
        "help_voucher_words": (
            'a TOML file teaching voucher names: voucher = "pattern" lines '
            '(chat_log = "微信截图|wechat"), tried before the built-in words'
        ),
        "help_absence": (
            "what a dispute no evidence key names holds: ledger_period (nothing, when it opened "
            "within the days a dated ledger covers) or unknown"
        ),
        "help_model": "score with this saved model (.skops)",
        "help_method": (
            "when fitting here: auto (default) keeps the better of logistic "
            "regression and gradient boosting by held-out ROC AUC and says both "
            "figures; boosting is also checked against logistic"
        ),
        "help_recalibrate": (
            "with --model, recalibrate its probabilities on the labelled "
            "disputes opened after its training period (for drift); with "
            "--store, on the predictions made before their outcome"
        ),
        "help_min_category_count": (
            "disputes a category, reason wording or source feature level "
            "needs to get a feature of its own (default 30)"
        ),
        "help_policy": (
            "the costs of the options as a TOML file of parameter = value lines "
            "(ruling_against_penalty, negotiated_refund_share, ...); defaults for the "
            "rest"
        ),
        "help_rules": "evidence rules table (CSV: goods_received, reason, voucher, provider)",
        "help_lang": (
            "language of every word shown: next steps, charts, the page, progress, "
            "errors and this help (default: the system's, from LC_ALL, LC_MESSAGES or "
            "LANG)"
        ),
        "help_lenient": "use the valid rows; write the rejected rows beside the output",
        "help_fail_on_warning": (
            "exit with status {status} when the scores come with a warning (the outputs are still written)"
        ),
        "help_mapping": (
            "how a foreign table maps onto disputes: the name of a shipped mapping "
            "(rightsguard.mappings.SHIPPED, e.g. nyc-mediated-complaints) or a TOML "
            "or JSON file"
        ),
        "help_salt_file": (
            "file holding the shop's secret counterparty salt (16+ characters); "
            "with it a buyer's member name becomes a one-way key for the buyer's "
            "history. Default: the RIGHTSGUARD_COUNTERPARTY_SALT variable, if set"
        ),
        "help_shop": (
            "the shop a single-shop export comes from (Taobao exports name none), shown "
            "in the plan and reports"
        ),
        "help_empty_reason": "reject rows without a reason (default) or keep them as 'unknown'",
        "help_store": (
            "the store file (DuckDB); default: the RIGHTSGUARD_STORE variable, else "
            "rightsguard.duckdb in the current folder"
        ),
        "help_ingest": "add weekly exports (and evidence) to the shop's store, each file once",
        "help_ingest_input": "dispute exports, in any order (none: only update the evidence)",
        "help_ingest_evidence": (
            "an evidence ledger or folder to keep in the store, replacing an earlier version of "
            "itself (the same name, without _v2, (1), 副本 or a date); may be repeated"
        ),
        "help_not_a_moment": "'{value}' is no moment: write YYYY-MM-DD or 'YYYY-MM-DD HH:MM'",
        "help_as_of": (
            "when the exports were downloaded (YYYY-MM-DD or 'YYYY-MM-DD HH:MM'), where their file names "
            "do not say it right"
        ),
        "help_record": "store what the seller did, from the plan's filled-in action column",
        "help_record_plan": "the plan: the workbook or action_list.csv",
        "help_export_store": "write the store's tables as Parquet, partitioned by shop and month",
        "help_export_output": "a new or empty folder (or an earlier export)",
        "help_init": "keep the store's tables in a DuckDB database that holds tables of its own",
        "help_forget": (
            "take an export out of the store (one ingested by mistake) and rebuild the cases it "
            "showed from the other exports"
        ),
        "help_forget_export": "the export: its file, its file name as ingested, or its number (#3)",
        "help_at_least_one": "expected a whole number of at least 1, got {value!r}",
    },
    "zh": {
        "help_description": "给买家的售后打分，核对凭证，并建议立即退款、协商或申请客服介入。",
        "help_debug": "出错时显示程序内部的调用记录",
        "help_summary": "读取并检查售后数据，打印概要",
        "help_summary_input": "售后文件",
        "help_score": "给售后打分：协商解决的可能性、缺少的凭证、建议的处理方式",
        "help_score_output": "结果文件：.parquet、.csv 或 .xlsx",
        "help_save_model": "同时保存给待处理售后打分的模型（用所有已结束的售后训练，带本次的凭证规则和凭证）",
        "help_keep_counterparty": "在结果文件里保留买家密钥列（默认不保留）",
        "help_report": "生成离线的 HTML 报告，带图表和处理计划",
        "help_report_output": "报告文件夹",
        "help_salt": "在新文件里生成店铺的买家密钥（一直使用同一个）",
        "help_salt_output": "要生成的密钥文件（必须是不存在的文件）",
        "help_make_sample": "重新生成自带的示例数据",
        "help_sample_output": "写入示例数据的文件夹（默认 data/sample）",
        "help_input": "售后数据：CSV、Parquet、xlsx 或淘宝导出的报表（用 --store 时：先导入的一份报表，或不给）",
        "help_store_score": "给店铺数据库里的每个售后打分（先导入 INPUT），并把待处理售后的预测记入数据库",
        "help_evidence": "店铺的凭证台账（CSV、xlsx）或凭证文件夹（根目录/<订单号或退款编号>/<文件>）；可以给多个",
        "help_voucher_words": '教程序认凭证名称的 TOML 文件：每行 凭证 = "关键词"（chat_log = "微信截图|wechat"），先于内置关键词使用',
        "help_absence": "凭证清单里没有编号的售后算什么：ledger_period（在有日期的台账覆盖的日期内发起的，按一个凭证也没有计）或 unknown（按未知计）",
        "help_model": "用这个保存过的模型（.skops）打分",
        "help_method": "在这里训练时：auto（默认）按留出数据的 ROC AUC 在逻辑回归和梯度提升中选更好的，并给出两者的数字；梯度提升也会与逻辑回归对照",
        "help_recalibrate": "用 --model 时，用其训练期之后已结束的售后重新校准概率（应对偏移）；用 --store 时，用结果出来之前做出的预测重新校准",
        "help_min_category_count": "一个类目、原因说法或源数据特征取值至少要有多少个售后，才单独作为一个特征（默认 30）",
        "help_policy": "各处理方式的成本，TOML 文件，每行 参数 = 值（ruling_against_penalty、negotiated_refund_share 等）；其余用默认值",
        "help_rules": "凭证规则表（CSV：goods_received、reason、voucher、provider）",
        "help_lang": "所有文字的语言：下一步、图表、页面、进度、错误和本帮助（默认跟随系统的 LC_ALL、LC_MESSAGES 或 LANG）",
        "help_lenient": "只用有效的行；被拒绝的行写在输出文件旁边",
        "help_fail_on_warning": "打分带有警告时以状态码 {status} 退出（输出照常写出）",
        "help_mapping": "外部表格如何对应到售后：自带列映射的名称（rightsguard.mappings.SHIPPED，如 nyc-mediated-complaints）或 TOML、JSON 文件",
        "help_salt_file": "存放店铺买家密钥的文件（至少 16 个字符）；有了它，买家会员名会变成不可还原的编号，用来统计该买家的历史。默认：环境变量 RIGHTSGUARD_COUNTERPARTY_SALT（如果设置了）",
        "help_shop": "单店铺报表所属的店铺（淘宝报表里没有店铺名），显示在计划和报告中",
        "help_empty_reason": "没有退款原因的行：拒绝（默认）或记为 unknown",
        "help_store": "数据库文件（DuckDB）；默认：环境变量 RIGHTSGUARD_STORE，否则是当前文件夹下的 rightsguard.duckdb",
        "help_ingest": "把每周的报表（和凭证）导入店铺的数据库，每个文件只导入一次",
        "help_ingest_input": "售后报表，顺序不限（不给则只更新凭证）",
        "help_ingest_evidence": "要存入数据库的凭证台账或文件夹，替换它自己的旧版本（同名，不计 _v2、(1)、副本或日期）；可以给多个",
        "help_not_a_moment": "'{value}' 不是时间：请写 YYYY-MM-DD 或 'YYYY-MM-DD HH:MM'",
        "help_as_of": "导出的下载时间（YYYY-MM-DD 或 'YYYY-MM-DD HH:MM'），在文件名没有写对时使用",
        "help_record": "从处理计划里填好的“处理结果”列，记录卖家实际的处理",
        "help_record_plan": "处理计划：工作簿或 action_list.csv",
        "help_export_store": "把数据库的表导出为 Parquet，按店铺和月份分区",
        "help_export_output": "一个新的或空的文件夹（或之前导出过的文件夹）",
        "help_init": "把店铺数据库的表放进一个已有其他表的 DuckDB 数据库",
        "help_forget": "从数据库中删除一份导出（误导入的那份），并按其余导出重建它显示过的售后",
        "help_forget_export": "要删除的导出：它的文件、导入时的文件名，或它的编号（#3）",
        "help_at_least_one": "需要不小于 1 的整数，收到的是 {value!r}",
    },
}
"""The command line's help and its own refusals, in both languages."""

ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式参数 %r",
}
"""argparse's own words (its gettext message ids) in Chinese: the usage line, section titles,
the help option and its refusals."""
