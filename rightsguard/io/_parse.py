"""Expressions that read the text found in real exports into typed values.

Each parser returns null where the text cannot be read, so that validation can
compare the parsed value with the raw one and report the row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import SOURCE_INEXACT, SOURCE_PROBLEM, SOURCE_UNCALCULATED, Timestamp

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

DATETIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%3f",
    "%Y-%m-%dT%H:%M:%S.%3f",
    "%Y-%m-%d %H:%M:%S.%6f",
    "%Y-%m-%dT%H:%M:%S.%6f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
"""Year-first formats, tried in order. The first six are fixed-width forms of the two that
follow (the same values, read several times faster by polars). Slash dates with the year
last (``7/29/13``, ``13/02/2013``) are read by :func:`parse_datetime`'s column-wide rule."""

OFFSET_FORMATS: tuple[str, ...] = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z")
"""Timestamps with a UTC offset (``+08:00``, ``Z``): converted to UTC, not refused."""

YEAR_LAST = r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
TWO_DIGIT_PIVOT = 70
"""Two-digit years below this are 20xx, the others 19xx (``13`` → 2013, ``85`` → 1985)."""

TRUE_WORDS = ("true", "t", "yes", "y", "1", "是", "有", "已收到货", "已收到")
FALSE_WORDS = ("false", "f", "no", "n", "0", "否", "无", "没有")

_EXCEL_EPOCH = pl.datetime(1899, 12, 30, time_unit="us")


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Strip spreadsheet text guards and whitespace; empty text becomes null.

    Exports protect long ids from Excel with ``="123"``, a leading apostrophe
    or a tab; full-width spaces pad Chinese cells. Only the cells that hold
    any of these are rewritten (one pattern finds them), so a clean column
    costs one scan.
    """
    # handed the whole column at once: split into pieces, the pattern's scan costs twice the work
    return expr.cast(pl.String).map_batches(_clean_column, return_dtype=pl.String)


_NEEDS_CLEANING = r"^[\s='\t]|\s$|^$|\u3000"
"""Cells :func:`clean_text` changes: a guard or space in front, a space behind, full-width
spaces, or nothing at all."""


def _clean_column(text: pl.Series) -> pl.Series:
    needs = text.str.contains(_NEEDS_CLEANING).fill_null(False)
    if not needs.any():
        return text
    fixed = (
        text.filter(needs)
        .to_frame("text")
        .select(
            pl.col("text")
            .str.replace_all("\u3000", " ", literal=True)
            .str.strip_chars()
            .str.replace(r'^="(.*)"$', "${1}")
            .str.strip_chars_start("'\t")
            .str.strip_chars()
        )
        .to_series()
    )
    fixed = pl.select(pl.when(fixed.str.len_bytes() > 0).then(fixed)).to_series()
    return text.scatter(needs.arg_true(), fixed)


def parse_datetime(
    expr: pl.Expr, formats: tuple[str, ...] = DATETIME_FORMATS, *, cleaned: bool = False
) -> pl.Expr:
    """Parse text as a timestamp: year-first formats, offsets, year-last slash dates, Excel days.

    Year-last slash dates are read by one rule for the whole column: day first
    when any of them has a first part over 12 (``13/02/2013``), month first
    otherwise (``7/29/13``); a column where both parts exceed 12 somewhere
    mixes the two orders and none of its slash dates is read. Two-digit years
    pivot at :data:`TWO_DIGIT_PIVOT`. Times with a UTC offset become UTC.
    Each form is tried only on the cells no earlier form could read, so a
    column in one format costs one pass. ``cleaned`` says the text went
    through :func:`clean_text` already.
    """
    text = expr if cleaned else clean_text(expr)
    return text.map_batches(lambda column: _parse_datetimes(column, formats), return_dtype=Timestamp)


def _parse_datetimes(
    text: pl.Series, formats: tuple[str, ...], *, year_first_only: bool = False
) -> pl.Series:
    """Read a column of clean text, form after form, each on the cells still unread.

    The year-first forms, on the cells that start with a year, are tried
    commonest first, as a sample of those cells shows (forms are tried on it
    in turn until one reads all of it), so that a column in one format is
    read in one pass whatever its format (a text two forms read gets the same
    value from both); the first form reads the whole column, the others only
    the cells still unread. Year-last slash dates and Excel days come after
    them, unless ``year_first_only``.
    """
    column = (
        text.cast(pl.String)
        .to_frame("text")
        .with_columns(  # %Y alone takes "8" as a year
            pl.col("text").str.contains(r"^\d{4}").fill_null(False).alias("year_first")
        )
    )
    forms = [lambda t, f=f: t.str.to_datetime(f, strict=False, time_unit="us", cache=False) for f in formats]
    forms += [
        lambda t, f=f: (
            t.str.replace(r"Z$", "+00:00")
            .str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC")
            .dt.replace_time_zone(None)
        )
        for f in OFFSET_FORMATS
    ]
    sample = column.filter("year_first").head(_SAMPLE_CELLS)
    hits: list[int] = []
    for form in forms if sample.height else []:  # until one form reads the whole sample
        hits.append(sample.select(form(pl.col("text")).is_not_null().sum()).item())
        if hits[-1] == sample.height:
            break
    tried = sorted(range(len(hits)), key=lambda k: -hits[k])
    attempts = [_year_first(forms[k]) for k in tried]
    attempts += [_year_first(form) for form in forms[len(hits) :]] if sample.height else []
    guarded = len(attempts)
    if not year_first_only:
        attempts += [_year_last, _excel_serial]
    if not attempts:  # no cell starts with a year
        return pl.select(pl.repeat(None, text.len(), dtype=Timestamp)).to_series()
    parsed = column.select(attempts[0](pl.col("text")).cast(Timestamp)).to_series()
    todo = (
        column.with_columns(parsed.alias("value"))
        .with_row_index("_at")
        .filter(pl.col("text").is_not_null() & pl.col("value").is_null())
        .drop("value")
    )
    for k, attempt in enumerate(attempts[1:], 1):
        if todo.height == 0:
            break
        if k < guarded and not todo["year_first"].any():
            continue
        value = todo.select(attempt(pl.col("text")).cast(Timestamp)).to_series()
        read = value.is_not_null()
        parsed = parsed.scatter(todo["_at"].filter(read), value.filter(read))
        todo = todo.filter(~read)
    return parsed


_SAMPLE_CELLS = 200
"""Cells of a date column starting with a year read by the year-first forms to order them."""


def _year_first(form: Callable[[pl.Expr], pl.Expr]) -> Callable[[pl.Expr], pl.Expr]:
    """A year-first form applied only to the cells that start with four digits."""
    return lambda text: pl.when(pl.col("year_first")).then(form(text))


def _excel_serial(text: pl.Expr) -> pl.Expr:
    """Excel's serial days (days since 1899-12-30) between 1954 and 2119."""
    serial = text.cast(pl.Float64, strict=False)
    return pl.when(serial.is_between(20_000, 80_000)).then(
        _EXCEL_EPOCH + pl.duration(microseconds=(serial * 86_400_000_000).round())
    )


def _year_last(text: pl.Expr) -> pl.Expr:
    """Slash dates with the year last, in one day/month order for the whole column."""
    part = [text.str.extract(YEAR_LAST, i).cast(pl.Int32, strict=False) for i in range(1, 7)]
    first_over_12, second_over_12 = (part[0] > 12).any(), (part[1] > 12).any()
    day_first = first_over_12 & ~second_over_12
    mixed = first_over_12 & second_over_12
    day = pl.when(day_first).then(part[0]).otherwise(part[1])
    month = pl.when(day_first).then(part[1]).otherwise(part[0])
    year = (
        pl.when(part[2] >= 100)
        .then(part[2])
        .when(part[2] < TWO_DIGIT_PIVOT)
        .then(2000 + part[2])
        .otherwise(1900 + part[2])
    )
    iso = pl.format(
        "{}-{}-{} {}:{}:{}",
        year,
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
        part[3].fill_null(0).cast(pl.String).str.zfill(2),
        part[4].fill_null(0).cast(pl.String).str.zfill(2),
        part[5].fill_null(0).cast(pl.String).str.zfill(2),
    )
    return pl.when(~mixed).then(iso.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us"))


NUMBER = r"^[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$"
"""A number as exports write it: digits, a decimal point, and commas (ASCII or full-width)
only as thousands separators in groups of three (``1,234.50``). Anything else with a comma
(``12,50``, ``1.234,56``, ``1,2,3``), spaces inside the digits or an exponent is unreadable:
a decimal comma cannot be told from a thousands comma one cell at a time, so it is never guessed."""


def parse_number(expr: pl.Expr, *, cleaned: bool = False) -> pl.Expr:
    """Parse text as a float by the :data:`NUMBER` rule, after currency signs (¥ ￥ 元)."""
    text = (expr if cleaned else clean_text(expr)).str.replace_all(r"^[¥￥]\s*|\s*元$", "")
    plain = text.str.replace_all(r"[,，]", "")
    return pl.when(text.str.contains(NUMBER)).then(plain.cast(pl.Float64, strict=False))


def parse_boolean(expr: pl.Expr, *, cleaned: bool = False) -> pl.Expr:
    """Parse yes/no text (English or Chinese, or 1/0) as a boolean."""
    text = (expr if cleaned else clean_text(expr)).str.to_lowercase()
    return (
        pl.when(text.is_in(TRUE_WORDS))
        .then(True)
        .when(text.is_in(FALSE_WORDS))
        .then(False)
        .otherwise(None)
        .cast(pl.Boolean)
    )


def coerce(expr: pl.Expr, source: pl.DataType, target: pl.DataType, *, cleaned: bool = False) -> pl.Expr:
    """Convert ``expr`` of dtype ``source`` to ``target``, null where unreadable.

    Enum targets are returned as cleaned text: the caller checks membership.
    ``cleaned`` says text went through :func:`clean_text` already.
    """
    if isinstance(target, pl.Enum) or target == pl.String:
        return expr if cleaned and source == pl.String else clean_text(expr)
    if source == target:
        return expr
    is_text = source == pl.String or isinstance(source, (pl.Categorical, pl.Enum))
    if isinstance(target, pl.Datetime):
        return parse_datetime(expr, cleaned=cleaned) if is_text else expr.cast(target, strict=False)
    if target == pl.Float64:
        return parse_number(expr, cleaned=cleaned) if is_text else expr.cast(target, strict=False)
    if target == pl.Boolean:
        return parse_boolean(expr, cleaned=cleaned) if is_text else parse_boolean(expr.cast(pl.String))
    return expr.cast(target, strict=False)


PLAIN_NUMBER = r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
"""A number with nothing around its digits and point: read as it is, without the other rules."""


def read_text(expr: pl.Expr, target: pl.DataType) -> pl.Expr:
    """Read text into ``target``: a struct of the ``value`` and whether the cell is ``present``.

    As :func:`coerce` after :func:`clean_text` (Enum targets give text), and
    ``present`` is whether the cleaned text is not empty. Cells already in
    their plainest form (a listed word or category, a plain decimal, a
    year-first date) are read as they are, which gives the value the full
    rules give them; only the other cells are cleaned and read by the full
    rules, so that a clean column costs one pass instead of several.
    """
    return expr.cast(pl.String).map_batches(
        lambda text: _read_column(text, target),
        return_dtype=pl.Struct({"value": _value_type(target), "present": pl.Boolean()}),
    )


def _value_type(target: pl.DataType) -> pl.DataType:
    """What :func:`read_text` gives for ``target``: the type itself, or text for an Enum."""
    return pl.String() if isinstance(target, pl.Enum) else target


def _read_column(text: pl.Series, target: pl.DataType) -> pl.Series:
    """:func:`read_text` on one column: plain cells as they are, the others cleaned first."""
    if target == pl.String:
        value = _clean_column(text)
        return pl.DataFrame([value.alias("value"), value.is_not_null().alias("present")]).to_struct()
    value = _plain_value(text, target)
    present = value.is_not_null()
    unread = (present.not_() & text.is_not_null()).arg_true()
    if unread.len():
        cleaned = _clean_column(text.gather(unread))
        full = (
            cleaned.to_frame("text")
            .select(coerce(pl.col("text"), pl.String(), target, cleaned=True))
            .to_series()
        )
        value = value.scatter(unread, full)
        present = present.scatter(unread, cleaned.is_not_null())
    return pl.DataFrame([value.alias("value"), present.alias("present")]).to_struct()


def _plain_value(text: pl.Series, target: pl.DataType) -> pl.Series:
    """The value of each cell in its plainest form, null for the others."""
    if isinstance(target, pl.Datetime):
        return _parse_datetimes(text, DATETIME_FORMATS, year_first_only=True)
    cell = pl.col("text")
    plain: Then | ChainedThen
    if isinstance(target, pl.Enum):
        plain = pl.when(cell.is_in(target.categories.to_list())).then(cell)
    elif target == pl.Float64:
        plain = pl.when(cell.str.contains(PLAIN_NUMBER)).then(cell.cast(pl.Float64, strict=False))
    elif target == pl.Boolean:
        plain = pl.when(cell.is_in(TRUE_WORDS)).then(True).when(cell.is_in(FALSE_WORDS)).then(False)
    else:
        raise ValueError(f"no plain form of {target}")
    return text.to_frame("text").select(plain.cast(_value_type(target))).to_series()


def source_problem(columns: list[str], read: list[str]) -> pl.Expr:
    """The row's problem from its reader: a malformed or blank row, or a damaged cell it reads.

    A spreadsheet number too large to be exact, or a formula saved without
    its value, is a problem only in a column the loader reads (``read``); in
    any other column it is ignored.
    """
    problems = [pl.col(SOURCE_PROBLEM)] if SOURCE_PROBLEM in columns else []
    if SOURCE_INEXACT in columns:
        hit = pl.col(SOURCE_INEXACT).list.eval(pl.element().filter(pl.element().is_in(read)))
        problems.append(
            pl.format(
                "'{}' was stored by Excel as a number and has lost digits; export ids as text",
                hit.list.first(),
            )
        )
    if SOURCE_UNCALCULATED in columns:
        hit = pl.col(SOURCE_UNCALCULATED).list.eval(pl.element().filter(pl.element().is_in(read)))
        problems.append(
            pl.format(
                "'{}' holds a formula saved without its value (the file was "
                "written by a program that does not calculate); open it in "
                "Excel or WPS and save it again",
                hit.list.first(),
            )
        )
    return pl.coalesce([*problems, pl.lit(None, pl.String)]).alias(SOURCE_PROBLEM)
