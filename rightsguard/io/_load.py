"""The entry points that turn any dispute source into the canonical frame."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from rightsguard._errors import said
from rightsguard._schema import SOURCE_ROW
from rightsguard.io._attach import attach_evidence
from rightsguard.io._counterparty import check_salt
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._evidence import EvidenceInventory, load_evidence
from rightsguard.io._mapping import ColumnMapping
from rightsguard.io._readers import read_source, refuse_unread_types
from rightsguard.io._reasons import warn_if_unmapped
from rightsguard.io._taobao import from_taobao, is_taobao_export
from rightsguard.io._validation import ValidationResult, validate

Source = str | Path | pl.DataFrame | pl.LazyFrame
Evidence = EvidenceInventory | str | Path | list[str | Path]


@dataclass(frozen=True)
class ReadOptions:
    """How raw rows become canonical disputes, for every way of reading them (whole or in batches).

    The salt is checked (and cleaned) here, once, whichever path reads the rows.

    Parameters
    ----------
    mapping
        How a foreign table maps onto the canonical columns (:class:`ColumnMapping`).
    salt
        The shop's counterparty salt (see :func:`rightsguard.load_disputes`).
    empty_reason
        ``"reject"`` (default) refuses rows without a reason; ``"unknown"``
        keeps them with reason ``unknown``.
    shop
        The shop a single-shop export comes from (a Taobao export names none):
        given to every row that names no shop of its own.
    lang
        The language of validation problems and refusals, ``"en"`` or ``"zh"``.
    """

    mapping: ColumnMapping | None = None
    salt: str | None = None
    empty_reason: str = "reject"
    shop: str | None = None
    lang: str = "en"

    def __post_init__(self) -> None:
        object.__setattr__(self, "salt", check_salt(self.salt))

    def validated(self, raw: pl.DataFrame) -> ValidationResult:
        """Raw rows (text, with provenance columns) in canonical columns, validated.

        Raises
        ------
        UnreadableFileError
            When a column it reads holds lists, records, durations or bytes.
        """
        mapped = (
            frozenset([*self.mapping.columns.values(), *self.mapping.extra_columns.values()])
            if self.mapping is not None
            else None
        )
        refuse_unread_types(raw.schema, "the disputes", mapped)
        if self.mapping is not None:
            canonical = self.mapping.apply(raw, self.salt)
        elif is_taobao_export(raw.columns):
            canonical = from_taobao(raw, self.salt)
        else:
            canonical = raw
        if self.shop is not None:
            named = pl.col("shop").cast(pl.String) if "shop" in canonical.columns else pl.lit(None, pl.String)
            canonical = canonical.with_columns(
                pl.when(named.str.strip_chars().str.len_chars() > 0)
                .then(named)
                .otherwise(pl.lit(self.shop.strip()))
                .alias("shop")
            )
        numeric = self.mapping.numeric_extras if self.mapping else ()
        return validate(canonical, numeric_extras=numeric, empty_reason=self.empty_reason, lang=self.lang)

    def loaded(self, raw: pl.DataFrame) -> ValidationResult:
        """:meth:`validated`, warning when many accepted disputes fall to reason ``other``."""
        result = self.validated(raw)
        warn_if_unmapped(result.accepted, self.lang)
        return result


def load_disputes(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
    evidence: Evidence | None = None,
    salt: str | None = None,
    empty_reason: str = "reject",
    shop: str | None = None,
    lang: str = "en",
    reading: ReadOptions | None = None,
) -> pl.DataFrame:
    """Load past disputes into the validated canonical schema, refusing any bad row.

    The source kind is recognised by itself: a canonical table (CSV, Parquet
    or a polars frame with canonical column names), a Taobao/Tmall refund
    report (.xlsx, .xls or CSV in UTF-8, UTF-8 with BOM, GBK or GB18030), or
    any table with an explicit ``mapping``.

    Parameters
    ----------
    source
        A file path, or a polars DataFrame or LazyFrame (never modified).
    mapping
        How a foreign table maps onto the canonical columns; see
        :class:`ColumnMapping` and :mod:`rightsguard.mappings`.
    sheet
        Worksheet of an Excel file; the first by default.
    evidence
        The shop's evidence inventory (an :class:`EvidenceInventory`, or
        ledger files and evidence folders for :func:`load_evidence`): covered
        disputes get their voucher flags from it.
    salt
        The shop's counterparty salt (at least 16 characters, kept outside
        the data): with it, a Taobao export's buyer member name becomes a
        one-way ``counterparty`` key, the same in every file of the shop;
        without it, member names are not read.
    empty_reason
        ``"reject"`` (default) refuses rows without a reason; ``"unknown"``
        keeps them with reason ``unknown``.
    shop
        The shop of a single-shop export (a Taobao export names none), given
        to every row that names no shop of its own.
    lang
        The language of the problems, ``"en"`` or ``"zh"``.
    reading
        The same options as one :class:`ReadOptions`, as :func:`rightsguard.score`
        takes them (then give none of ``mapping``, ``salt``, ``empty_reason``,
        ``shop`` and ``lang``).

    Returns
    -------
    polars.DataFrame
        The canonical disputes, plus the source's own feature columns
        (``extra_*``) when the mapping declares some.

    Warns
    -----
    UnmappedReasonWarning
        When many disputes fall to reason ``other``, with the commonest
        wordings and their counts.

    Raises
    ------
    SchemaError
        Listing every problem of every row; :func:`load_disputes_lenient`
        keeps the valid rows instead.

    Examples
    --------
    >>> import rightsguard as rg
    >>> disputes = rg.load_disputes("data/sample/disputes.csv")
    >>> disputes.height
    5000
    """
    return load_disputes_lenient(
        source,
        mapping=mapping,
        sheet=sheet,
        evidence=evidence,
        salt=salt,
        empty_reason=empty_reason,
        shop=shop,
        lang=lang,
        reading=reading,
    ).accepted_or_raise()


def load_disputes_lenient(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
    evidence: Evidence | None = None,
    salt: str | None = None,
    empty_reason: str = "reject",
    shop: str | None = None,
    lang: str = "en",
    reading: ReadOptions | None = None,
) -> ValidationResult:
    """Load past disputes, keeping the valid rows and returning the others with their reasons.

    Takes the same sources and arguments as :func:`load_disputes`; rows in =
    ``result.accepted.height + result.rejected.height``.

    Returns
    -------
    ValidationResult
        ``accepted`` (canonical), ``rejected`` (as text, with ``source_row``
        and ``problems``) and every problem aggregated per rule.
    """
    given = frame_or_path(source, "rg.load_disputes")
    if isinstance(given, pl.DataFrame):
        raw = given if SOURCE_ROW in given.columns else given.with_row_index(SOURCE_ROW, offset=1)
    else:
        raw = read_source(given, sheet=sheet)
    one_by_one = ReadOptions(mapping, salt, empty_reason, shop, lang)
    if reading is not None and one_by_one != ReadOptions():
        raise said(TypeError, "err_api_reading_twice")
    result = (reading or one_by_one).loaded(raw)
    if evidence is None:
        return result
    return replace(result, accepted=with_evidence(result.accepted, evidence)[0])


def frame_or_path(source: object, function: str) -> pl.DataFrame | Path:
    """A source of disputes as a polars frame (a pandas one converted, a lazy one collected) or a
    file's path.

    Raises
    ------
    TypeError
        When ``source`` is none of these, naming ``function`` and what it takes.
    """
    if isinstance(source, (str, Path)):
        return Path(source)
    if type(source).__module__.split(".")[0] == "pandas":
        source = pl.from_pandas(source)  # pandas is not a dependency: never imported here
    if isinstance(source, pl.LazyFrame):
        source = source.collect()
    if not isinstance(source, pl.DataFrame):
        raise said(TypeError, "err_api_source", function=function, kind=type(source).__name__)
    return source


def with_evidence(disputes: pl.DataFrame, evidence: Evidence) -> tuple[pl.DataFrame, EvidenceCoverage]:
    """Attach an inventory, reading it first when given as paths; returns (disputes, coverage)."""
    return attach_evidence(disputes, inventory_of(evidence))


def inventory_of(evidence: Evidence) -> EvidenceInventory:
    """An inventory as given, or read from ledger files and evidence folders."""
    return evidence if isinstance(evidence, EvidenceInventory) else load_evidence(evidence)
