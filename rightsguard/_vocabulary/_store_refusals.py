"""What rightsguard says when the store file cannot be used: missing, foreign, newer, busy,
damaged, on a full disk or unwritable, and what to do about each, in both languages."""

from __future__ import annotations

STORE_REFUSALS: dict[str, dict[str, str]] = {
    "en": {
        "err_store_newer": (
            "{path}: the store's tables are version {found}, newer than this "
            "rightsguard reads ({version}); upgrade rightsguard"
        ),
        "err_no_store": (
            "{path}: no such store; ingest an export first (rightsguard ingest EXPORT --store PATH)"
        ),
        "err_not_store": "{path}: not a rightsguard store ({error})",
        "err_not_duckdb": (
            "{path}: not a rightsguard store: it is no DuckDB database (it begins "
            "{start!r}); --store names the store's own file (rightsguard.duckdb), "
            "not an export; nothing was changed"
        ),
        "err_foreign_duckdb": (
            "{path}: a DuckDB database of other tables ({tables}), not a "
            "rightsguard store; nothing was changed: name a new file for the "
            "store, or ingest with --init to keep the store's tables beside them"
        ),
        "err_store_tables_taken": (
            "{path}: its own tables {tables} have the names of the store's; nothing was changed: "
            "name a new file for the store"
        ),
        "err_store_busy": (
            "{path}: the store is in use by another process (another rightsguard "
            "ingest or report); waited {wait:.0f} s. Run again when it has finished"
        ),
        "err_store_refused": "{path}: the store refused the work ({error}); nothing of it was kept",
        "err_store_damaged": (
            "{path}: the store file is damaged ({error}); nothing was changed. Put back a backup copy "
            "of it, or make a new store by ingesting the weekly exports and the evidence again (without "
            "a backup, the decisions recorded in it are lost)"
        ),
        "err_store_full": (
            "{path}: the disk is full ({error}); nothing of this run was kept: free some space and "
            "run it again"
        ),
        "err_store_read_only": (
            "{path}: the store cannot be written ({error}); nothing was changed: copy it to a "
            "folder you can write to and name the copy with --store"
        ),
        "err_store_empty": (
            "{path}: the store holds no dispute; ingest an export first "
            "(rightsguard ingest EXPORT --store PATH)"
        ),
        "err_store_empty_shop": (
            "{path}: the store holds no dispute of shop {shop!r}; ingest an "
            "export first (rightsguard ingest EXPORT --store PATH)"
        ),
        "err_forget_unknown": (
            "{path}: no export answers to {export!r}; nothing was changed. Name one by its file, "
            "its file name or its number. The newest: {exports}"
        ),
        "err_forget_ambiguous": (
            "{path}: {export!r} names more than one export ({exports}); nothing was changed: "
            "give its number (#3) or its file"
        ),
        "err_forget_rows_not_kept": (
            "{path}: the store did not keep the rows of exports ingested before version 6 "
            "({exports}), so what they showed could not be rebuilt; nothing was changed. Ingest "
            "them again (that keeps their rows and changes nothing else), then forget"
        ),
    },
    "zh": {
        "err_store_newer": "{path}：数据库的表是第 {found} 版，比这个 rightsguard 能读的（第 {version} 版）新；请升级 rightsguard",
        "err_no_store": "{path}：没有这个数据库；请先导入一份报表（rightsguard ingest 报表 --store 路径）",
        "err_not_store": "{path}：不是 rightsguard 的数据库（{error}）",
        "err_not_duckdb": "{path}：不是 rightsguard 的数据库：它不是 DuckDB 数据库文件（开头是 {start!r}）；--store 应指向店铺数据库文件（rightsguard.duckdb），而不是报表；没有做任何改动",
        "err_foreign_duckdb": "{path}：这是一个存有其他表（{tables}）的 DuckDB 数据库，不是 rightsguard 的数据库；没有做任何改动：请为店铺数据库另起一个文件名，或在导入时加 --init，把店铺数据库的表放在这些表旁边",
        "err_store_tables_taken": "{path}：其中已有与店铺数据库同名的表 {tables}；没有做任何改动：请为店铺数据库另起一个文件名",
        "err_store_busy": "{path}：数据库正被另一个程序使用（另一个 rightsguard 导入或报告）；已等了 {wait:.0f} 秒。请等它结束后再运行",
        "err_store_refused": "{path}：数据库拒绝了这次操作（{error}）；这次的内容都没有保存",
        "err_store_damaged": (
            "{path}：数据库文件已损坏（{error}）；没有做任何改动。请放回它的备份，或新建一个数据库，"
            "把每周的导出和凭证重新导入（没有备份的话，记录在其中的处理结果会丢失）"
        ),
        "err_store_full": "{path}：磁盘已满（{error}）；这次的内容都没有保存：请腾出空间后再运行",
        "err_store_read_only": "{path}：数据库无法写入（{error}）；没有做任何改动：请把它复制到可以写入的文件夹，再用 --store 指向副本",
        "err_store_empty": "{path}：数据库里没有售后；请先导入一份报表（rightsguard ingest 报表 --store 路径）",
        "err_store_empty_shop": "{path}：数据库里没有店铺 {shop!r} 的售后；请先导入一份报表（rightsguard ingest 报表 --store 路径）",
        "err_forget_unknown": "{path}：没有与 {export!r} 对应的导出；没有做任何改动。请给出它的文件、文件名或编号。最新的几份：{exports}",
        "err_forget_ambiguous": "{path}：{export!r} 对应不止一份导出（{exports}）；没有做任何改动：请给出它的编号（#3）或文件",
        "err_forget_rows_not_kept": (
            "{path}：数据库没有保存第 6 版之前导入的导出的行（{exports}），无法重建它们显示过的售后；"
            "没有做任何改动。请把它们再导入一次（这只会保存它们的行，不改动别的），然后再删除"
        ),
    },
}
"""Each refusal about the store file, by key, in both languages."""
