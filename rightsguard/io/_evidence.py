"""The shop's evidence inventory: which vouchers it holds, for which disputes.

Refund exports carry almost no evidence; sellers keep it in two forms, both
read here:

- a **ledger** (CSV in any encoding the readers detect, or xlsx): one row per
  voucher held, keyed by 订单编号 / 退款编号 (or ``order_id`` / ``dispute_id``),
  the voucher kind in Chinese or English, optionally a file name and a date.
  A row with a key and no kind records a dispute that was checked and holds
  nothing;
- an **evidence folder**: ``ROOT/<订单编号 or 退款编号>/<files>``, each file's
  kind read from its name (and the names of sub-folders) through
  :data:`VOUCHER_WORDS`. An empty key folder records a dispute that was
  checked and holds nothing. Reading never leaves the folder
  (:mod:`rightsguard.io._evidence_folder`).

For a dispute the inventory covers (a voucher recognised, or a key checked
and empty), a voucher it lists is held and one it does not list is not held;
a dispute it does not cover (files whose names say nothing count for nothing)
keeps its vouchers unknown. Files and kinds that match no voucher are listed,
never dropped.

Absence speaks too (:data:`ABSENCE_RULES`). A ledger lists what the shop holds,
so a dated ledger covers the days its dates span: a dispute opened within them
with no row in it (and no entry anywhere else in the inventory) holds nothing.
Outside those days, and in a ledger without dates, it stays unknown. With
``absence="unknown"`` no absence counts: only a listed key covers a dispute.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import BLANK_LINE, PROVENANCE_COLUMNS, SOURCE_ROW, VOUCHERS
from rightsguard._vocabulary import text
from rightsguard.io._absence import ABSENCE_RULES
from rightsguard.io._evidence_folder import folder_listing
from rightsguard.io._parse import clean_text, parse_datetime, source_problem
from rightsguard.io._readers import read_source

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

VOUCHER_WORDS = pl.DataFrame(
    [
        ("listing_comparison", "实物对比|对比图|实物图|实拍|与描述|listing|comparison|compare"),
        ("carrier_receipt", "第三方签收|快递破损|破损证明|物流证明|快递证明|carrier|damage.?report"),
        ("purchase_voucher", "进货|发票|采购|购货|invoice|purchase|receipt.?of.?purchase"),
        ("packing_record", "打包|称重|包装视频|装箱|packing|weigh"),
        ("delivery_proof", "发货|物流底单|底单|运单|面单|快递单|waybill|shipping|dispatch"),
        ("signature_proof", "签收|签收证明|妥投|signed|signature|delivered"),
        ("chat_log", "聊天|旺旺|沟通|对话|chat|conversation|message"),
    ],
    schema={"voucher": pl.String, "pattern": pl.String},
    orient="row",
)
"""Voucher → a regular expression of the words that name it (Chinese and English).

Replace or extend it (``load_evidence(..., words=...)``) like the evidence
rules; the first pattern that matches a name wins, so order the specific
before the general (快递破损证明 is a carrier receipt, not a shipping voucher).
"""

KEY_HEADERS: dict[str, tuple[str, ...]] = {
    "dispute_id": ("退款编号", "退款单号", "dispute_id"),
    "order_id": ("订单编号", "订单号", "order_id"),
}
KIND_HEADERS = ("凭证类型", "凭证", "类型", "voucher", "kind", "type")
FILE_HEADERS = ("文件名", "文件", "file", "filename")
DATE_HEADERS = ("日期", "取得日期", "date")


@dataclass(frozen=True)
class EvidenceInventory:
    """Vouchers the shop holds, by dispute or order key.

    Attributes
    ----------
    holdings : polars.DataFrame
        ``key``, ``voucher`` (null: the key was checked and holds nothing),
        ``file``, ``held_on`` and ``source`` (the ledger or folder it came from).
    unrecognised : polars.DataFrame
        ``key``, ``name`` and ``source`` of each file or kind that matched no
        voucher. They are no voucher, and they alone do not cover their key: a
        folder of ``IMG_0231.jpg`` may hold every voucher, so its dispute's
        vouchers stay unknown (not missing) until someone checks the files.
    rejected : polars.DataFrame
        Ledger rows that could not be read (no key, a key Excel turned into a
        number), with ``source_row`` and ``problem``.
    absence : str
        What a dispute no key names holds: ``"ledger_period"`` (nothing, when it opened
        within a dated ledger's days) or ``"unknown"`` (see :data:`ABSENCE_RULES`).
    """

    holdings: pl.DataFrame
    unrecognised: pl.DataFrame
    rejected: pl.DataFrame
    absence: str = "ledger_period"

    def __post_init__(self) -> None:
        if self.absence not in ABSENCE_RULES:
            raise ValueError(
                f"absence={self.absence!r} is not a rule of absence: use one of {', '.join(ABSENCE_RULES)}"
            )

    def ledger_periods(self) -> pl.DataFrame:
        """Per dated ledger, the first and last day its dates show (``source``, ``first``,
        ``last``): the days in which a dispute with no row holds nothing. Empty under
        ``absence="unknown"``."""
        dated = self.holdings.filter(pl.col("held_on").is_not_null())
        if self.absence != "ledger_period":
            dated = dated.clear()
        return (
            dated.group_by("source")
            .agg(pl.col("held_on").min().alias("first"), pl.col("held_on").max().alias("last"))
            .sort("source")
        )


def voucher_words_from_file(path: str | Path) -> pl.DataFrame:
    """:data:`VOUCHER_WORDS` taught a shop's own words: a TOML file of ``voucher = "pattern"``
    lines (``chat_log = "微信截图|wechat"``), tried before the defaults.

    Raises
    ------
    UnreadableFileError
        Naming the file and each unknown voucher, value that is not text, or pattern that
        is not a regular expression.
    """
    import re
    import tomllib

    path = Path(path)
    try:
        taught = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise said(UnreadableFileError, "err_voucher_words", path=path, error=error) from error
    wrong = [f"{k} (not a voucher: {', '.join(VOUCHERS)})" for k in taught if k not in VOUCHERS]
    for voucher, pattern in taught.items():
        if not isinstance(pattern, str):
            wrong.append(f"{voucher} = {pattern!r} (not text)")
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            wrong.append(f"{voucher} = {pattern!r} (not a regular expression: {error})")
    if wrong:
        raise said(UnreadableFileError, "err_in_file", path=path, error="; ".join(wrong))
    own = pl.DataFrame(
        {"voucher": list(taught), "pattern": list(taught.values())}, schema=VOUCHER_WORDS.schema
    )
    return pl.concat([own, VOUCHER_WORDS])


def load_evidence(
    paths: str | Path | list[str | Path],
    *,
    words: pl.DataFrame = VOUCHER_WORDS,
    absence: str = "ledger_period",
) -> EvidenceInventory:
    """Read the shop's evidence from ledgers and evidence folders.

    Parameters
    ----------
    paths
        One or more ledger files (CSV, xlsx) or evidence folders; their
        holdings are combined.
    words
        Voucher → name pattern table, :data:`VOUCHER_WORDS` by default.
    absence
        What a dispute no key names holds, one of :data:`ABSENCE_RULES`.

    Returns
    -------
    EvidenceInventory

    Raises
    ------
    UnreadableFileError
        When a path does not exist or a ledger has no key or kind column.
    ValueError
        When ``absence`` is not one of :data:`ABSENCE_RULES`.
    """
    parts = [_read_one(Path(p), words) for p in (paths if isinstance(paths, list) else [paths])]
    return EvidenceInventory(
        pl.concat([p.holdings for p in parts]),
        pl.concat([p.unrecognised for p in parts]),
        pl.concat([p.rejected for p in parts]),
        absence,
    )


def classify(names: pl.Expr, words: pl.DataFrame = VOUCHER_WORDS) -> pl.Expr:
    """The voucher a name (a file name, a ledger kind) speaks of; null when none."""
    lowered = names.str.to_lowercase()
    matched: Then | ChainedThen = pl.when(lowered.is_in(list(VOUCHERS))).then(lowered)
    for voucher, pattern in words.iter_rows():
        matched = matched.when(lowered.str.contains(f"(?i){pattern}")).then(pl.lit(voucher))
    return matched.otherwise(pl.lit(None, pl.String))


def _read_one(path: Path, words: pl.DataFrame) -> EvidenceInventory:
    if not path.exists():
        raise said(UnreadableFileError, "err_no_evidence", path=path)
    if path.is_dir():
        return _read_folder(path, words)
    return _read_ledger(path, words)


def _read_folder(root: Path, words: pl.DataFrame) -> EvidenceInventory:
    """One row per file under ``root/<key>/`` (an empty key folder covers its key); what the
    walk did not read (:func:`folder_listing`) are rejected rows."""
    listing, refused = folder_listing(root)
    rejected = pl.DataFrame(
        {SOURCE_ROW: [None] * len(refused), "problem": refused}, schema=_no_rejections().schema
    )
    return _inventory(
        listing.with_columns(pl.col("name").alias("file"), pl.lit(None, pl.Date).alias("held_on")),
        str(root),
        words,
        rejected=rejected,
    )


def _read_ledger(path: Path, words: pl.DataFrame) -> EvidenceInventory:
    raw = read_source(path)
    key_columns = {name: _first(raw.columns, headers) for name, headers in KEY_HEADERS.items()}
    kind = _first(raw.columns, KIND_HEADERS)
    if kind is None or not any(key_columns.values()):
        raise said(
            UnreadableFileError,
            "err_ledger_columns",
            path=path,
            orders=", ".join(KEY_HEADERS["order_id"]),
            disputes=", ".join(KEY_HEADERS["dispute_id"]),
            kinds=", ".join(KIND_HEADERS),
            found=", ".join(_own_columns(raw)),
        )
    key = pl.coalesce([clean_text(pl.col(c)) for c in key_columns.values() if c])
    file_column, date_column = _first(raw.columns, FILE_HEADERS), _first(raw.columns, DATE_HEADERS)
    problem = source_problem(raw.columns, [c for c in [*key_columns.values(), kind] if c])
    rows = raw.select(
        pl.col(SOURCE_ROW),
        key.alias("key"),
        clean_text(pl.col(kind)).alias("name"),
        (clean_text(pl.col(file_column)) if file_column else pl.lit(None, pl.String)).alias("file"),
        (parse_datetime(pl.col(date_column)).dt.date() if date_column else pl.lit(None, pl.Date)).alias(
            "held_on"
        ),
        pl.when(problem.is_not_null())
        .then(problem)
        .when(key.is_null())
        .then(pl.lit(text("evidence_no_key", "en")))
        .alias("problem"),
    )
    rows = rows.filter(pl.col("problem").fill_null("") != BLANK_LINE)  # a blank line holds nothing
    bad = pl.col("problem").is_not_null()
    rejected = rows.filter(bad).select(SOURCE_ROW, "problem")
    return _inventory(rows.filter(~bad).drop(SOURCE_ROW, "problem"), str(path), words, rejected=rejected)


def _inventory(
    listing: pl.DataFrame, source: str, words: pl.DataFrame, rejected: pl.DataFrame
) -> EvidenceInventory:
    classified = listing.with_columns(
        classify(pl.col("name"), words).alias("voucher"), pl.lit(source).alias("source")
    )
    unknown = pl.col("name").is_not_null() & pl.col("voucher").is_null()
    return EvidenceInventory(
        classified.filter(~unknown).select("key", "voucher", "file", "held_on", "source"),
        classified.filter(unknown).select("key", "name", "source"),
        rejected.with_columns(pl.lit(source).alias("source")),
    )


def _own_columns(raw: pl.DataFrame) -> list[str]:
    return [c for c in raw.columns if c not in PROVENANCE_COLUMNS]


def _no_rejections() -> pl.DataFrame:
    return pl.DataFrame(schema={SOURCE_ROW: pl.UInt32, "problem": pl.String})


def _first(columns: list[str], headers: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    return next((lowered[h.lower()] for h in headers if h.lower() in lowered), None)
