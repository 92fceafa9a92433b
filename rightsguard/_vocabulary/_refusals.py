"""Refusals and validation problems: what rightsguard says when it cannot go on, in both languages.

Errors about what users give it are raised with a key of this table and
their values (:func:`rightsguard._errors.said`): their text is English, and
the command line says them again in the reader's language.
"""

from __future__ import annotations

REFUSALS: dict[str, dict[str, str]] = {
    "en": {
        "err_debug_hint": "(run with --debug to see where it failed)",
        "err_lenient_hint": (
            "(correct these rows in the file, or add --lenient to use the other rows and write "
            "these, with their problems, beside the output)"
        ),
        "err_in_file": "{path}: {error}",
        "err_api_reading_twice": "rg.load_disputes takes its reading options either as reading=ReadOptions(...) or one by one (mapping=, salt=, empty_reason=, shop=, lang=), not both",
        "err_in_language_streamed": (
            "this run streamed its disputes to {path} and kept none of their reasons to say again: "
            "score again with lang={asked!r}"
        ),
        "err_api_policy": "policy takes a rightsguard Policy (rg.Policy(negotiation_handling=10, ...)) or a dict of its parameters; got {kind}",
        "err_api_source": "{function} takes a file's path (str or pathlib.Path) or a frame of disputes (polars or pandas); got {kind}",
        "err_api_exports": "{function} takes a list of export files; got one {kind} ({value!r}): put it in a list, [{value!r}]",
        "err_api_run": "{function} takes what rightsguard.score returned (a ScoringRun); got {kind}. Pass the run itself: rg.{function}(run, ...)",
        "err_api_report_file": "{path} names a file, but a report is a folder (index.html, charts/, action_list.xlsx): give a folder, e.g. {folder}",
        "err_os_missing": "{path}: no such file or folder",
        "err_ingest_nothing": "ingest needs an export, or evidence to update (--evidence LEDGER)",
        "err_os_permission": "{path}: permission denied",
        "err_os_space": "{path}: no space left on the disk",
        "err_output_full": (
            "{path}: the disk is full, so the output could not be written; nothing of it was "
            "left behind, and an earlier version of it is as it was: free some space and run again"
        ),
        "err_output_read_only": (
            "{path}: this folder cannot be written (read-only or not yours); nothing was written: "
            "name an output in a folder you can write to"
        ),
        "err_os_folder": "{path}: is a folder, where a file was expected",
        "err_os_read_only": "{path}: the disk is read-only",
        "err_no_dispute_file": "no such dispute file: {path}",
        "err_file_type": "{path}: unsupported file type '{suffix}'; use .csv, .xlsx, .xls or .parquet",
        "err_parquet": "{path}: not a readable Parquet file ({reason}); write it again",
        "err_nested": (
            "{name}: column(s) {columns} hold lists, records, durations or bytes, where a "
            "dispute has one text, number or date per cell; write each as one value"
        ),
        "err_duplicate_headers": "{name}: duplicate column name(s) {columns}",
        "err_reserved_headers": (
            "{name}: column name(s) {columns} are reserved for rightsguard's row bookkeeping; rename them"
        ),
        "err_excel": ("{path}: not a readable Excel workbook ({error}); save it again from Excel or as CSV"),
        "err_sheet_empty": "{path}: the worksheet is empty",
        "err_excel_numbers": (
            "{path}: cannot read the workbook's numbers ({error}); save it again as xlsx or CSV"
        ),
        "err_file_empty": "{name}: the file is empty",
        "err_csv_parser": (
            "{name}: the CSV parser could not read it ({error}); check its quoting and save it again"
        ),
        "err_csv_records": (
            "{name}: found {records} records but parsed {rows} rows; the file's quoting is inconsistent"
        ),
        "err_csv_header": (
            "{name}: the header (line {line}) cannot be read, a stray quote perhaps ({error})"
        ),
        "err_stray_quote": (
            "{name}: line(s) {lines} hold a quote inside a value ({example}), which "
            "would be read as opening a field that runs over the lines after it; "
            'double the quote (""), remove it, or quote the whole value'
        ),
        "err_open_quote": (
            "{name}: line {line} opens a quoted field that never closes, so every "
            "line after it would be read as one value; remove or double the stray "
            'quote ("")'
        ),
        "err_nul": (
            "{name}: contains NUL bytes from byte {byte} (UTF-16 text, or a damaged file); "
            "save the export as UTF-8 or GB18030 CSV"
        ),
        "err_bom_inside": (
            "{name}: a byte-order mark (U+FEFF) sits inside the file at line {line}, "
            "as when two files are joined; save them as one file"
        ),
        "err_utf8_marked": (
            "{name}: marked as UTF-8 but byte {byte} is not UTF-8 (mixed encodings); save it again as UTF-8"
        ),
        "err_mixed_encodings": (
            "{name}: mixes encodings: line {utf8_line} is UTF-8 Chinese but line "
            "{other_line} is not UTF-8 (GBK, perhaps), as when rows are appended "
            "in another program; save the whole file again as UTF-8 or GB18030"
        ),
        "err_encoding": (
            "{name}: not UTF-8, GBK or GB18030 text (utf-8 fails at byte {utf8}; "
            "gb18030 fails at byte {gb18030}); save the export as UTF-8 or GB18030 CSV"
        ),
        "err_big5": (
            "{name}: the bytes look like Big5 or Shift-JIS text, not GBK ({share:.0%} of its "
            "two-byte characters are rare in GBK); save the export as UTF-8 or GB18030 "
            "CSV"
        ),
        "err_zip": (
            "{path}: not a readable xlsx workbook (the zip container is damaged: {error}); "
            "save it again from Excel or as CSV"
        ),
        "err_inflated": (
            "{path}: row {last:,} holds a cell but only {rows:,} rows hold any data; the "
            "sheet's used range is inflated by stray cells far below the data. Delete "
            "the rows below the data in Excel, or save the sheet as CSV"
        ),
        "err_sheet_too_big": (
            "{path}: the worksheet decompresses to more than {limit} MB, past "
            "rightsguard's limit; if the file is genuine, raise the limit with the "
            "environment variable {variable} (in MB) or save it as CSV"
        ),
        "err_xml_entities": (
            "{path}: part {part} declares XML entities, which no spreadsheet "
            "program writes and which can expand without end; refusing to read it"
        ),
        "err_salt_short": (
            "the counterparty salt has {n} character(s); use at least {minimum} "
            "random characters, kept secret and the same for every file of the shop"
        ),
        "err_salt_plain": (
            "the counterparty salt uses only {n} different character(s); use at least "
            "{minimum} (random characters, kept secret), or the keys could be guessed"
        ),
        "err_salt_file": "{path}: the counterparty salt file cannot be read ({error})",
        "err_salt_exists": (
            "{path}: already exists; a shop keeps one salt for good (a new one would "
            "split every buyer's history in two). Choose another path"
        ),
        "err_salt_no_member": (
            "a counterparty salt was given, but the export names no buyer: none of "
            "its columns is {headers}. Its columns: {columns}. Export with the "
            "buyer's member name, or score without the salt"
        ),
        "err_voucher_words": "{path}: not a readable TOML file of voucher words ({error})",
        "err_no_evidence": "no such evidence ledger or folder: {path}",
        "err_ledger_columns": (
            "{path}: an evidence ledger needs a key column ({orders} or "
            "{disputes}) and a voucher kind column ({kinds}); found {found}"
        ),
        "err_missing_columns": ("{n} missing column(s): {listed}; required are {required}; found {found}"),
        "err_not_an_export": (
            "this is not a Taobao/Tmall refund report (退款报表) nor a table of rightsguard's columns: "
            "none of its columns is one rightsguard knows ({found}). A Taobao export names its cases "
            "退款编号, 退款的申请时间 and 退款原因; rightsguard's own table dispute_id, opened_at and "
            "reason. For another platform's export, say which column is which with a mapping "
            "(--mapping FILE; see docs/loading.md)"
        ),
        "err_mapping_file": "{path}: not a readable TOML or JSON mapping ({error})",
        "err_mapping_name": "{name}: neither a shipped mapping ({shipped}) nor a mapping file",
        "err_mapping_keys": (
            "{path}: a mapping has the keys {known} ('columns' required); found unknown {unknown}"
        ),
        "err_mapping_salt": (
            "this mapping reads counterparties as salted keys (hash_counterparty): "
            "pass the shop's salt (salt=..., or --salt-file / {variable} on the "
            "command line)"
        ),
        "err_not_utf8": (
            "{path}: not UTF-8 (an export in {guess}?); load it with "
            "rightsguard.load_disputes and score it with rightsguard.score"
        ),
        "err_no_worksheet": "{path}: the workbook lists no worksheet",
        "err_worksheet_name": "{path}: no worksheet named {sheet!r}; it has {names}",
        "err_first_worksheet": "{path}: the workbook's first worksheet cannot be found",
        "err_policy_range": "Policy: {n} value(s) out of range: {wrong}",
        "err_policy_share": "a share or probability in [0, 1]",
        "err_policy_cost": "a cost ≥ 0 in CNY",
        "err_policy_file": "{path}: not a readable TOML policy file ({error})",
        "err_policy_unknown": ("{path}: unknown policy parameter(s) {unknown}; the parameters are {names}"),
        "err_policy_numbers": "{path}: policy values must be numbers: {values}",
        "err_model_file": (
            "{path}: not a rightsguard model file, or a damaged one ({error}); save the "
            "model again with rightsguard.scoring.save_model"
        ),
        "err_model_untrusted": ("{path}: refusing to load a model file holding untrusted type(s): {types}"),
        "err_model_rebuild": (
            "{path}: the model could not be rebuilt ({error}); it was probably made "
            "by an incompatible version: fit and save it again"
        ),
        "err_model_kind": "{path}: holds a {kind}, not a NegotiationModel",
        "err_no_model": "{path}: no such model file",
        "err_model_unfitted": "{path}: holds an unfitted model; fit and save it again",
        "err_model_numbers": (
            "{path}: the model's {name} hold values no fit makes ({worst}); the "
            "file is damaged: fit and save the model again"
        ),
        "err_output_type": "{path}: write .parquet, .csv or .xlsx, not '{suffix}'",
        "err_folder_foreign": (
            "{path}: the path exists and holds files rightsguard did not write; choose a new or empty folder"
        ),
        "err_report_race": "{path}: other runs kept replacing the report; try again",
        "err_output_folder": "{path}: is a folder; give a file name for this output",
        "err_name_long": "{path}: the file name is too long ({n} bytes); choose a shorter one",
        "err_unwritable": (
            "{path}: the folder {folder} cannot be written; choose another place for this output"
        ),
        "err_overwrite_input": (
            "{path}: writing here would overwrite the input {source}; choose another output path"
        ),
        "err_not_plan": "{path}: not a rightsguard plan: it needs the columns {ids} and {actions}",
        "err_actions": ("{path}: {n:,} action(s) are none of the choices ({shown}); write one of {choices}"),
        "err_action_row": "row {row}: {value!r}",
        "err_plan_no_id": (
            "{path}: {n} row(s) have an action but no {column} (rows {rows}); "
            "nothing was recorded: fill in the id or clear the action"
        ),
        "err_plan_note_only": (
            "{path}: {n} row(s) have a note but no action (rows {rows}); nothing was recorded, so "
            "that the notes are not lost: choose what was done in {column} (or {not_handled})"
        ),
        "err_plan_mangled_ids": (
            "{path}: the spreadsheet turned {n} id(s) in column {column} into "
            "numbers and changed them ({shown}); nothing was recorded. Record "
            "the action_list.xlsx workbook instead, or open the CSV with that "
            "column set to text"
        ),
        "err_plan_other_store": (
            "{path}: this plan came from another store ({origin}), not "
            "{store}; nothing was recorded. Record it into the store that "
            "made it (--store)"
        ),
        "err_plan_not_this_store": (
            "{path}: none of this plan's cases was predicted by a run of "
            "{store}; nothing was recorded. Record it into the store that "
            "made it (--store)"
        ),
        "err_plan_open": (
            "{path} is open in a spreadsheet ({lock}): save and close it, record it, "
            "then run again; nothing was changed"
        ),
        "err_plan_filled": (
            "{path} holds {n} action(s) or note(s) you typed, not yet recorded: "
            "run rightsguard record {path} --store YOUR_STORE first, or write "
            "this report to another folder; nothing was changed"
        ),
        "err_no_input": "give a dispute file, or --store PATH to score the shop's store",
        "err_input_folder": (
            "{path}: is a folder; give a dispute file (CSV, xlsx, Parquet or a Taobao export)"
        ),
        "err_sample_file": "{path}: is a file; make-sample writes a folder",
        "err_store_model": (
            "--store fits its model on every closed dispute the store holds: leave out --model"
        ),
        "err_no_plan": "{path}: no such plan file",
    },
    "zh": {
        "err_debug_hint": "（加上 --debug 可看到出错的位置）",
        "err_lenient_hint": "（在文件里改正这些行；或加上 --lenient，只用其余的行，并把这些行及其问题写在输出文件旁边）",
        "err_in_file": "{path}：{error}",
        "err_api_reading_twice": "rg.load_disputes 的读取选项要么用 reading=ReadOptions(...) 一次给出，要么逐个给出（mapping=、salt=、empty_reason=、shop=、lang=），不能两样都给",
        "err_in_language_streamed": "这次评分已把售后写入 {path}，没有保留可重新表述的原因：请用 lang={asked!r} 重新评分",
        "err_api_policy": "policy 需要 rightsguard 的 Policy（rg.Policy(negotiation_handling=10, ...)）或由其参数组成的 dict；收到的是 {kind}",
        "err_api_source": "{function} 需要文件路径（str 或 pathlib.Path）或纠纷表（polars 或 pandas）；收到的是 {kind}",
        "err_api_exports": "{function} 需要导出文件的列表；收到的是一个 {kind}（{value!r}）：请放进列表，[{value!r}]",
        "err_api_run": "{function} 需要 rightsguard.score 的返回值（ScoringRun）；收到的是 {kind}。请直接传入：rg.{function}(run, ...)",
        "err_api_report_file": "{path} 是文件名，但报告是一个文件夹（index.html、charts/、action_list.xlsx）：请给文件夹，例如 {folder}",
        "err_os_missing": "{path}：找不到这个文件或文件夹",
        "err_ingest_nothing": "ingest 需要一份导出，或要更新的凭证（--evidence 台账）",
        "err_os_permission": "{path}：没有权限",
        "err_os_space": "{path}：磁盘空间已满",
        "err_output_full": "{path}：磁盘已满，无法写出结果；没有留下写了一半的文件，原有的版本保持不变：请腾出空间后再运行",
        "err_output_read_only": "{path}：这个文件夹无法写入（只读或没有权限）；什么都没有写：请把输出放到可以写入的文件夹",
        "err_os_folder": "{path}：这是一个文件夹，这里需要文件",
        "err_os_read_only": "{path}：磁盘是只读的",
        "err_no_dispute_file": "找不到售后文件：{path}",
        "err_file_type": "{path}：不支持的文件类型“{suffix}”；请用 .csv、.xlsx、.xls 或 .parquet",
        "err_parquet": "{path}：无法读取这个 Parquet 文件（{reason}）；请重新导出",
        "err_nested": "{name}：列 {columns} 里是列表、记录、时长或字节，而每格应只有一个文字、数字或日期；请每格只写一个值",
        "err_duplicate_headers": "{name}：列名重复：{columns}",
        "err_reserved_headers": "{name}：列名 {columns} 是 rightsguard 记录行号用的；请改名",
        "err_excel": "{path}：无法读取这个 Excel 工作簿（{error}）；请用 Excel 重新保存，或另存为 CSV",
        "err_sheet_empty": "{path}：工作表是空的",
        "err_excel_numbers": "{path}：无法读取工作簿里的数字（{error}）；请重新保存为 xlsx 或 CSV",
        "err_file_empty": "{name}：文件是空的",
        "err_csv_parser": "{name}：无法读取这个 CSV（{error}）；请检查引号后重新保存",
        "err_csv_records": "{name}：有 {records} 条记录，却只读出 {rows} 行；文件里的引号前后不一致",
        "err_csv_header": "{name}：表头（第 {line} 行）无法读取，可能有多余的引号（{error}）",
        "err_stray_quote": (
            "{name}：第 {lines} 行的值里有引号（{example}），会被当成一个跨行字段的开头；"
            '请把引号写两遍（""）、删掉，或给整个值加上引号'
        ),
        "err_open_quote": '{name}：第 {line} 行的引号没有结束，后面所有行都会被读成一个值；请删掉这个引号或写两遍（""）',
        "err_nul": "{name}：从第 {byte} 个字节起有空字节（UTF-16 文本，或文件已损坏）；请把报表另存为 UTF-8 或 GB18030 的 CSV",
        "err_bom_inside": "{name}：第 {line} 行中间有字节顺序标记（U+FEFF），像是两个文件被拼在一起；请存成一个文件",
        "err_utf8_marked": "{name}：标为 UTF-8，但第 {byte} 个字节不是 UTF-8（编码混杂）；请重新存为 UTF-8",
        "err_mixed_encodings": (
            "{name}：编码混杂：第 {utf8_line} 行是 UTF-8 中文，第 {other_line} 行却不是"
            "（可能是 GBK），像是在别的软件里追加了行；请把整个文件重新存为 UTF-8 或 GB18030"
        ),
        "err_encoding": (
            "{name}：不是 UTF-8、GBK 或 GB18030 文本（UTF-8 在第 {utf8} 个字节出错，"
            "GB18030 在第 {gb18030} 个字节出错）；请把报表另存为 UTF-8 或 GB18030 的 CSV"
        ),
        "err_big5": (
            "{name}：看起来是繁体（Big5）或日文（Shift-JIS）编码，不是 GBK（{share:.0%} 的双字节字符在 GBK 里很少见）；"
            "请把报表另存为 UTF-8 或 GB18030 的 CSV"
        ),
        "err_zip": "{path}：无法读取这个 xlsx 工作簿（压缩包已损坏：{error}）；请用 Excel 重新保存，或另存为 CSV",
        "err_inflated": (
            "{path}：第 {last:,} 行有内容，但只有 {rows:,} 行有数据；数据下方很远处有零散的单元格。"
            "请在 Excel 里删掉数据下方的行，或另存为 CSV"
        ),
        "err_sheet_too_big": (
            "{path}：工作表解压后超过 {limit} MB，超出了 rightsguard 的上限；如果文件没问题，"
            "可用环境变量 {variable}（单位 MB）调高上限，或另存为 CSV"
        ),
        "err_xml_entities": "{path}：{part} 部分声明了 XML 实体，表格软件不会这样写，而且可能无限膨胀；拒绝读取",
        "err_salt_short": "买家密钥只有 {n} 个字符；请用至少 {minimum} 个随机字符，保密，并且店铺的每个文件都用同一个",
        "err_salt_plain": "买家密钥只用了 {n} 种不同的字符；请至少用 {minimum} 种（随机字符并保密），否则密钥可能被猜到",
        "err_salt_file": "{path}：无法读取买家密钥文件（{error}）",
        "err_salt_exists": "{path}：已经存在；一个店铺的密钥一直用同一个（换新的会把每个买家的历史分成两半）。请换一个路径",
        "err_salt_no_member": (
            "给了买家密钥，但报表里没有买家：没有 {headers} 中的任何一列。报表的列：{columns}。"
            "请导出带买家会员名的报表，或不带密钥打分"
        ),
        "err_voucher_words": "{path}：无法读取这个凭证关键词 TOML 文件（{error}）",
        "err_no_evidence": "找不到凭证台账或文件夹：{path}",
        "err_ledger_columns": "{path}：凭证台账需要一个编号列（{orders} 或 {disputes}）和一个凭证类型列（{kinds}）；现有的列：{found}",
        "err_missing_columns": "缺少 {n} 列：{listed}；必需的列是 {required}；现有的列：{found}",
        "err_not_an_export": "这不是淘宝/天猫的退款报表，也不是 rightsguard 的标准表：没有一列是 rightsguard 认识的（现有的列：{found}）。淘宝导出的报表有 退款编号、退款的申请时间 和 退款原因 这几列；rightsguard 的标准表是 dispute_id、opened_at 和 reason。其他平台（京东、拼多多、抖音等）的导出，请用映射文件说明哪一列是什么（--mapping 文件；见 docs/loading.md）",
        "err_mapping_file": "{path}：无法读取这个 TOML 或 JSON 列映射（{error}）",
        "err_mapping_name": "{name}：既不是自带的列映射（{shipped}），也不是列映射文件",
        "err_mapping_keys": "{path}：列映射可用的键是 {known}（必须有 columns）；发现未知的键 {unknown}",
        "err_mapping_salt": "这个列映射把买家读成加密编号（hash_counterparty）：请给出店铺的买家密钥（salt=...，或命令行的 --salt-file / {variable}）",
        "err_not_utf8": "{path}：不是 UTF-8（可能是 {guess} 编码的报表？）；请用 rightsguard.load_disputes 读取，再用 rightsguard.score 打分",
        "err_no_worksheet": "{path}：工作簿里没有工作表",
        "err_worksheet_name": "{path}：没有名为 {sheet!r} 的工作表；现有的是 {names}",
        "err_first_worksheet": "{path}：找不到工作簿的第一个工作表",
        "err_policy_range": "策略：{n} 个值超出范围：{wrong}",
        "err_policy_share": "应为 0 到 1 之间的比例或概率",
        "err_policy_cost": "应为不小于 0 的金额（元）",
        "err_policy_file": "{path}：无法读取这个 TOML 策略文件（{error}）",
        "err_policy_unknown": "{path}：未知的策略参数 {unknown}；可用的参数是 {names}",
        "err_policy_numbers": "{path}：策略的值必须是数字：{values}",
        "err_model_file": "{path}：不是 rightsguard 的模型文件，或文件已损坏（{error}）；请用 rightsguard.scoring.save_model 重新保存",
        "err_model_untrusted": "{path}：模型文件里有不受信任的类型，拒绝加载：{types}",
        "err_model_rebuild": "{path}：无法还原模型（{error}）；可能是不兼容的版本保存的：请重新训练并保存",
        "err_model_kind": "{path}：里面是 {kind}，不是 NegotiationModel",
        "err_no_model": "{path}：找不到模型文件",
        "err_model_unfitted": "{path}：模型还没训练；请训练后重新保存",
        "err_model_numbers": "{path}：模型的 {name} 有训练不会产生的值（{worst}）；文件已损坏：请重新训练并保存",
        "err_output_type": "{path}：请写成 .parquet、.csv 或 .xlsx，不能是“{suffix}”",
        "err_folder_foreign": "{path}：这个位置已存在，并且有不是 rightsguard 写的文件；请换一个新的或空的文件夹",
        "err_report_race": "{path}：其他运行一直在替换这份报告；请再试一次",
        "err_output_folder": "{path}：这是一个文件夹；请给这个输出一个文件名",
        "err_name_long": "{path}：文件名太长（{n} 字节）；请换一个短一点的",
        "err_unwritable": "{path}：无法写入文件夹 {folder}；请换一个位置",
        "err_overwrite_input": "{path}：写在这里会覆盖输入文件 {source}；请换一个输出路径",
        "err_not_plan": "{path}：不是 rightsguard 的处理计划：需要 {ids} 和 {actions} 两列",
        "err_actions": "{path}：有 {n:,} 个处理结果不在选项里（{shown}）；请填写以下之一：{choices}",
        "err_action_row": "第 {row} 行：{value!r}",
        "err_plan_no_id": "{path}：有 {n} 行填写了处理结果但没有{column}（第 {rows} 行）；什么都没有记录：请补上退款编号，或清空这几行的处理结果",
        "err_plan_note_only": "{path}：有 {n} 行写了备注但没有填处理结果（第 {rows} 行）；为免备注丢失，什么都没有记录：请在{column}里选择处理结果（或选“{not_handled}”）",
        "err_plan_mangled_ids": (
            "{path}：表格软件把{column}列中 {n} 个编号变成了数字并改掉了（{shown}）；"
            "什么都没有记录。请改为记录 action_list.xlsx，或打开 CSV 时把这一列设为文本"
        ),
        "err_plan_other_store": "{path}：这份处理计划来自另一个店铺数据库（{origin}），不是 {store}；什么都没有记录。请记录到生成它的数据库（--store）",
        "err_plan_not_this_store": "{path}：这份处理计划中的售后都不在 {store} 的任何一次运行中；什么都没有记录。请记录到生成它的数据库（--store）",
        "err_plan_open": "{path} 正在表格软件中打开（{lock}）：请保存并关闭，记录后再运行；没有做任何改动",
        "err_plan_filled": (
            "{path} 中有 {n} 条你填写的处理结果或备注还没有记录：请先运行 rightsguard record {path} "
            "--store 你的数据库，或把报告写到另一个文件夹；没有做任何改动"
        ),
        "err_no_input": "请给一个售后文件，或用 --store 路径 对店铺的数据库打分",
        "err_input_folder": "{path}：这是一个文件夹；请给一个售后文件（CSV、xlsx、Parquet 或淘宝导出的报表）",
        "err_sample_file": "{path}：这是一个文件；make-sample 要写入一个文件夹",
        "err_store_model": "--store 用数据库里所有已结束的售后训练模型：请去掉 --model",
        "err_no_plan": "{path}：找不到处理计划文件",
    },
}
"""Each refusal and validation problem, by key, in both languages."""
