"""The one entry point that turns any dispute source into the canonical frame."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, overload

import polars as pl

from rightsguard._mapping import ColumnMapping
from rightsguard._readers import read_source
from rightsguard._taobao import from_taobao, is_taobao_export
from rightsguard._validation import SOURCE_ROW, ValidationResult, validate

Source = str | Path | pl.DataFrame | pl.LazyFrame


@overload
def load_disputes(source: Source, *, mapping: ColumnMapping | None = ...,
                  strict: Literal[True] = ..., sheet: str | None = ...) -> pl.DataFrame: ...
@overload
def load_disputes(source: Source, *, mapping: ColumnMapping | None = ...,
                  strict: Literal[False], sheet: str | None = ...) -> ValidationResult: ...


def load_disputes(
    source: Source,
    *,
    mapping: ColumnMapping | None = None,
    strict: bool = True,
    sheet: str | None = None,
) -> pl.DataFrame | ValidationResult:
    """Load past disputes into the validated canonical schema.

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
    strict
        When true (default) return the canonical frame and raise
        :class:`SchemaError` listing every problem; when false return a
        :class:`ValidationResult` with accepted and rejected rows.
    sheet
        Worksheet of an Excel file; the first by default.

    Returns
    -------
    polars.DataFrame or ValidationResult

    Examples
    --------
    >>> import rightsguard as rg
    >>> disputes = rg.load_disputes("data/sample/disputes.csv")
    >>> disputes.height
    5000
    """
    if isinstance(source, (pl.DataFrame, pl.LazyFrame)):
        raw = source.collect() if isinstance(source, pl.LazyFrame) else source
        if SOURCE_ROW not in raw.columns:
            raw = raw.with_row_index(SOURCE_ROW, offset=1)
    else:
        raw = read_source(source, sheet=sheet)
    if mapping is not None:
        canonical = mapping.apply(raw)
    elif is_taobao_export(raw.columns):
        canonical = from_taobao(raw)
    else:
        canonical = raw
    result = validate(canonical, strict=strict)
    return result.accepted if strict else result
