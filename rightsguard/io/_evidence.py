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
  checked and holds nothing. Reading never leaves the folder: a link is
  followed only to a file or key folder inside it, and links to folders
  within a key folder are not followed (a loop would never end); each link
  not followed is reported by name. Names that are not UTF-8 (a zip made on
  Chinese Windows, unpacked on Linux or macOS) are read as GB18030, or
  reported as they are.

For a dispute the inventory covers (a voucher recognised, or a key checked
and empty), a voucher it lists is held and one it does not list is not held;
a dispute it does not cover (files whose names say nothing count for nothing)
keeps its vouchers unknown. Files and kinds that match no voucher are listed,
never dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._errors import UnreadableFileError
from rightsguard._schema import BLANK_LINE, PROVENANCE_COLUMNS, SOURCE_ROW, VOUCHERS, evidence_column
from rightsguard._vocabulary import say
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

_SYSTEM_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")


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
    """

    holdings: pl.DataFrame
    unrecognised: pl.DataFrame
    rejected: pl.DataFrame


@dataclass(frozen=True)
class EvidenceCoverage:
    """What an inventory told about a set of disputes.

    Attributes
    ----------
    n_disputes, n_covered : int
        Disputes, and those the inventory covers (by dispute or order id).
    unmatched_keys : list of str
        Inventory keys that match no dispute.
    unrecognised : polars.DataFrame
        Files and kinds that matched no voucher.
    rejected : polars.DataFrame
        Ledger rows that could not be read.
    """

    n_disputes: int
    n_covered: int
    unmatched_keys: list[str]
    unrecognised: pl.DataFrame
    rejected: pl.DataFrame
    sources: tuple[str, ...] = ()
    """The ledgers and folders the inventory was read from."""
    example_id: str | None = None
    """An order (or refund) id of these disputes, to show what keys should look like."""
    n_late: int = 0
    """Vouchers dated after their past dispute's decision moment, not counted for it."""
    n_undated: int = 0
    """Vouchers with no date (folder files), counted from their dispute's opening."""

    def merge(self, other: EvidenceCoverage) -> EvidenceCoverage:
        """The coverage of two batches of the same file by the same inventory: a key matches
        no dispute when it matches none in either."""
        unmatched = sorted(set(self.unmatched_keys) & set(other.unmatched_keys))
        return EvidenceCoverage(self.n_disputes + other.n_disputes,
                                self.n_covered + other.n_covered, unmatched, self.unrecognised,
                                self.rejected, self.sources, self.example_id or other.example_id,
                                self.n_late + other.n_late, self.n_undated)

    @property
    def share(self) -> float:
        """The share of the disputes the inventory covers (0 when there are none)."""
        return self.n_covered / self.n_disputes if self.n_disputes else 0.0

    def refuse_if_empty(self, lang: str = "en") -> None:
        """Refuse evidence that covers none of the disputes: it was surely given by mistake
        (the folder above the evidence folder, a ledger of another shop).

        Raises
        ------
        UnreadableFileError
            Naming the sources, the keys they hold, an id they should match and, when one is
            found, the folder probably meant.
        """
        if not self.n_disputes or self.n_covered:
            return
        meant = [str(p) for p in _evidence_like_folders(self.sources)]
        raise UnreadableFileError(say(
            "evidence_covers_nothing", lang, sources=", ".join(self.sources),
            disputes=self.n_disputes, shown=_first_few(self.unmatched_keys) or "-",
            example=self.example_id or "-",
            meant=say("evidence_meant", lang, path=meant[0]) if meant else ""))

    def low_coverage(self, lang: str = "en") -> str | None:
        """A sentence when the inventory covers less than :data:`LOW_COVERAGE` of the disputes."""
        if not self.n_disputes or self.share >= LOW_COVERAGE:
            return None
        return say("evidence_low_coverage", lang, covered=self.n_covered,
                   disputes=self.n_disputes, share=self.share)

    def describe(self, lang: str = "en") -> list[str]:
        """Plain sentences for a summary or a report, in ``lang``."""
        lines = [say("coverage_covered", lang, covered=self.n_covered, disputes=self.n_disputes)]
        if self.n_late:
            lines.append(say("coverage_late", lang, count=self.n_late,
                             hours=DECISION_WINDOW_HOURS))
        if self.n_undated:
            lines.append(say("coverage_undated", lang, count=self.n_undated))
        if self.unmatched_keys:
            lines.append(say("coverage_unmatched", lang, count=len(self.unmatched_keys),
                             shown=_first_few(self.unmatched_keys)))
        if self.unrecognised.height:
            named = self.unrecognised.select(pl.format("{}/{}", "key", "name")).to_series()
            lines.append(say("coverage_unrecognised", lang, count=self.unrecognised.height,
                             shown=_first_few(named.to_list())))
        if self.rejected.height:
            lines.append(say("coverage_rejected", lang, count=self.rejected.height,
                             problem=self.rejected["problem"][0]))
        return lines


DECISION_WINDOW_HOURS = 48
"""A past dispute's decision moment is its opening plus this: the time a seller has to respond to
a refund request. Evidence dated later does not count for it."""

LOW_COVERAGE = 0.2
"""Below this share of disputes covered, the run warns that most vouchers stay unknown."""

_EVIDENCE_WORDS = ("evidence", "凭证", "证据", "voucher")


def _evidence_like_folders(sources: tuple[str, ...]) -> list[Path]:
    """Sub-folders of the given folders whose names speak of evidence: the folder probably meant."""
    found = []
    for source in sources:
        folder = Path(source)
        if folder.is_dir():
            found += sorted(child for child in folder.iterdir() if child.is_dir()
                            and any(w in child.name.lower() for w in _EVIDENCE_WORDS))
    return found


def _first_few(names: list[str], shown: int = 5) -> str:
    return ", ".join(names[:shown]) + (" …" if len(names) > shown else "")


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
        raise UnreadableFileError(f"{path}: not a readable TOML file of voucher words "
                                  f"({error})") from error
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
        raise UnreadableFileError(f"{path}: {'; '.join(wrong)}")
    own = pl.DataFrame({"voucher": list(taught), "pattern": list(taught.values())},
                       schema=VOUCHER_WORDS.schema)
    return pl.concat([own, VOUCHER_WORDS])


def load_evidence(paths: str | Path | list[str | Path], *,
                  words: pl.DataFrame = VOUCHER_WORDS) -> EvidenceInventory:
    """Read the shop's evidence from ledgers and evidence folders.

    Parameters
    ----------
    paths
        One or more ledger files (CSV, xlsx) or evidence folders; their
        holdings are combined.
    words
        Voucher → name pattern table, :data:`VOUCHER_WORDS` by default.

    Returns
    -------
    EvidenceInventory

    Raises
    ------
    UnreadableFileError
        When a path does not exist or a ledger has no key or kind column.
    """
    parts = [_read_one(Path(p), words)
             for p in (paths if isinstance(paths, list) else [paths])]
    return EvidenceInventory(
        pl.concat([p.holdings for p in parts]),
        pl.concat([p.unrecognised for p in parts]),
        pl.concat([p.rejected for p in parts]),
    )


def attach_evidence(disputes: pl.DataFrame, inventory: EvidenceInventory
                    ) -> tuple[pl.DataFrame, EvidenceCoverage]:
    """Set the voucher flags of the disputes the inventory covers.

    A covered dispute holds a voucher when the inventory lists it (or the
    dispute already showed it, a waybill in the export, say) and does not
    hold it otherwise; an uncovered dispute keeps its flags. Matching is by
    ``dispute_id`` or ``order_id``, exact text.

    Evidence counts as of the moment it matters: for a past (closed)
    dispute, a ledger voucher dated after its decision moment (its opening
    plus :data:`DECISION_WINDOW_HOURS`) was gathered once the outcome was in
    play and does not count for it (it would leak the outcome into its
    features and into the ruling chance learned from it). An open dispute
    counts what is held now. A voucher with no date (folder files) counts
    from the dispute's opening, as the coverage note says.

    Returns
    -------
    disputes : polars.DataFrame
        The same rows and columns, flags updated.
    coverage : EvidenceCoverage
    """
    rows = disputes.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "dispute_id", "order_id",
        (pl.col("opened_at") + pl.duration(hours=DECISION_WINDOW_HOURS)).dt.date().alias("_by"),
        (pl.col("resolution").cast(pl.String) == "open").alias("_open"))
    holdings = inventory.holdings.select("key", "voucher", "held_on")
    listed = pl.concat([rows.join(holdings, left_on=side, right_on="key", how="inner")
                        for side in ("dispute_id", "order_id")])
    in_time = pl.col("held_on").is_null() | pl.col("_open") | (pl.col("held_on") <= pl.col("_by"))
    late = listed.filter(pl.col("voucher").is_not_null() & ~in_time).height
    per_row = listed.group_by("_row").agg(
        ((pl.col("voucher") == v) & in_time).any().alias(v) for v in VOUCHERS)
    joined = rows.select("_row").join(per_row, on="_row", how="left", maintain_order="left")
    covered = joined[VOUCHERS[0]].is_not_null()
    held = joined.select(pl.col(v).fill_null(False) for v in VOUCHERS)
    updated = disputes.with_columns(
        pl.when(pl.lit(covered)).then(pl.lit(held[v]) | pl.col(evidence_column(v)).fill_null(False))
        .otherwise(pl.col(evidence_column(v))).alias(evidence_column(v))
        for v in VOUCHERS
    )
    known = pl.concat([disputes["dispute_id"], disputes["order_id"].drop_nulls()])
    keys = pl.concat([inventory.holdings["key"], inventory.unrecognised["key"]]).unique()
    unmatched = keys.filter(~keys.is_in(known.implode())).sort().to_list()
    sources = tuple(sorted(set(inventory.holdings["source"]) | set(inventory.unrecognised["source"])
                           | set(inventory.rejected["source"])))
    example = next(iter(known.head(1).to_list()), None)
    return updated, EvidenceCoverage(disputes.height, int(covered.sum()), unmatched,
                                     inventory.unrecognised, inventory.rejected, sources, example,
                                     late, int(inventory.holdings["held_on"].is_null().sum()))


def classify(names: pl.Expr, words: pl.DataFrame = VOUCHER_WORDS) -> pl.Expr:
    """The voucher a name (a file name, a ledger kind) speaks of; null when none."""
    lowered = names.str.to_lowercase()
    matched: Then | ChainedThen = pl.when(lowered.is_in(list(VOUCHERS))).then(lowered)
    for voucher, pattern in words.iter_rows():
        matched = matched.when(lowered.str.contains(f"(?i){pattern}")).then(pl.lit(voucher))
    return matched.otherwise(pl.lit(None, pl.String))


def _read_one(path: Path, words: pl.DataFrame) -> EvidenceInventory:
    if not path.exists():
        raise UnreadableFileError(f"no such evidence ledger or folder: {path}")
    if path.is_dir():
        return _read_folder(path, words)
    return _read_ledger(path, words)


def _read_folder(root: Path, words: pl.DataFrame) -> EvidenceInventory:
    """One row per file under ``root/<key>/``; an empty key folder covers its key.

    Links leading out of ``root``, links to folders within a key folder,
    broken links and unreadable folders are not read: each is a rejected row.
    """
    inside = root.resolve()
    keys: list[str] = []
    names: list[str | None] = []
    refused: list[str] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        key = decoded_name(entry.name)
        if entry.is_symlink() and not _leads_inside(entry.path, inside):
            refused.append(f"{key}: {_LINK_OUT}")
            continue
        if not entry.is_dir():
            continue
        files = _files_in(entry.path, inside, key, refused)
        keys += [key] * max(len(files), 1)
        names += files or [None]
    listing = pl.DataFrame({"key": keys, "name": names}, schema={"key": pl.String, "name": pl.String})
    rejected = pl.DataFrame({SOURCE_ROW: [None] * len(refused), "problem": refused},
                            schema=_no_rejections().schema)
    return _inventory(listing.with_columns(pl.col("name").alias("file"),
                                           pl.lit(None, pl.Date).alias("held_on")),
                      str(root), words, rejected=rejected)


_LINK_OUT = "a link leading out of the evidence folder, not followed"


def _files_in(folder: str, inside: Path, key: str, refused: list[str]) -> list[str]:
    """The voucher files under one key folder, as names relative to it, sorted.

    Walks without following links to folders; a link to a file counts only
    when it leads to a file inside the evidence folder.
    """
    files: list[str] = []

    def unreadable(error: OSError) -> None:
        refused.append(f"{key}/{decoded_name(os.path.relpath(error.filename or folder, folder))}: "
                       f"cannot be read ({error.strerror})")

    for here, folders, found in os.walk(folder, onerror=unreadable):
        for name in sorted(folders):
            if os.path.islink(os.path.join(here, name)):
                refused.append(f"{key}/{_relative(here, name, folder)}: a link to a folder, "
                               "not followed")
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(found):
            path = os.path.join(here, name)
            if name in _SYSTEM_FILES or name.startswith("."):
                continue
            if os.path.islink(path) and not (_leads_inside(path, inside) and os.path.isfile(path)):
                refused.append(f"{key}/{_relative(here, name, folder)}: {_LINK_OUT}"
                               if os.path.exists(path) else
                               f"{key}/{_relative(here, name, folder)}: a broken link")
                continue
            files.append(_relative(here, name, folder))
    return sorted(files)


def _relative(here: str, name: str, folder: str) -> str:
    return decoded_name(Path(os.path.relpath(os.path.join(here, name), folder)).as_posix())


def _leads_inside(path: str, inside: Path) -> bool:
    """Whether a path, its links resolved, stays within the evidence folder."""
    return Path(os.path.realpath(path)).is_relative_to(inside)


def decoded_name(name: str) -> str:
    """A file name as text: UTF-8, else GB18030 (Chinese Windows), else with its bytes escaped.

    Python gives a name that is not UTF-8 with its bytes as surrogates, which
    no text column can hold.
    """
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def _read_ledger(path: Path, words: pl.DataFrame) -> EvidenceInventory:
    raw = read_source(path)
    key_columns = {name: _first(raw.columns, headers) for name, headers in KEY_HEADERS.items()}
    kind = _first(raw.columns, KIND_HEADERS)
    if kind is None or not any(key_columns.values()):
        raise UnreadableFileError(
            f"{path}: an evidence ledger needs a key column ({', '.join(KEY_HEADERS['order_id'])} "
            f"or {', '.join(KEY_HEADERS['dispute_id'])}) and a voucher kind column "
            f"({', '.join(KIND_HEADERS)}); found {', '.join(_own_columns(raw))}"
        )
    key = pl.coalesce([clean_text(pl.col(c)) for c in key_columns.values() if c])
    file_column, date_column = _first(raw.columns, FILE_HEADERS), _first(raw.columns, DATE_HEADERS)
    problem = source_problem(raw.columns, [c for c in [*key_columns.values(), kind] if c])
    rows = raw.select(
        pl.col(SOURCE_ROW),
        key.alias("key"),
        clean_text(pl.col(kind)).alias("name"),
        (clean_text(pl.col(file_column)) if file_column else pl.lit(None, pl.String)).alias("file"),
        (parse_datetime(pl.col(date_column)).dt.date() if date_column
         else pl.lit(None, pl.Date)).alias("held_on"),
        pl.when(problem.is_not_null()).then(problem)
        .when(key.is_null()).then(pl.lit("no order or dispute id")).alias("problem"),
    )
    rows = rows.filter(pl.col("problem").fill_null("") != BLANK_LINE)  # a blank line holds nothing
    bad = pl.col("problem").is_not_null()
    rejected = rows.filter(bad).select(SOURCE_ROW, "problem")
    return _inventory(rows.filter(~bad).drop(SOURCE_ROW, "problem"), str(path), words,
                      rejected=rejected)


def _inventory(listing: pl.DataFrame, source: str, words: pl.DataFrame,
               rejected: pl.DataFrame) -> EvidenceInventory:
    classified = listing.with_columns(classify(pl.col("name"), words).alias("voucher"),
                                      pl.lit(source).alias("source"))
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

