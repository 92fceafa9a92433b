"""A delimited text's records as the file holds them: where each begins, how many fields it has,
and the quotes that would make a parser swallow lines, found over the whole text at once.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._schema import BLANK_LINE, SOURCE_LINE, SOURCE_PROBLEM


def record_problems(records: pl.DataFrame, expected: int) -> pl.DataFrame:
    """Each data record's ``source_line`` and its ``source_problem``: a blank line, a field
    count other than the header's ``expected``, or a quoted value swallowing row-shaped lines.

    ``records`` are :func:`records_of`'s, numbered by their line in the file.
    """
    rowlike = pl.col("continuation_fields").list.eval(pl.element() == expected).list.sum()
    return records.with_columns(rowlike.alias("rowlike")).select(
        pl.col("line").alias(SOURCE_LINE),
        pl.when(pl.col("blank"))
        .then(pl.lit(BLANK_LINE))
        .when(pl.col("fields") != expected)
        .then(pl.format(f"malformed row: {{}} fields, header has {expected}", pl.col("fields")))
        .when(pl.col("rowlike") > 0)
        .then(
            pl.format(
                "a quoted value runs from line {} to line {} across {} line(s) shaped "
                "like rows of their own; check where its quote closes",
                "line",
                pl.col("line") + pl.col("span") - 1,
                "rowlike",
            )
        )
        .alias(SOURCE_PROBLEM),
    )


def refuse_stray_quote(records: pl.DataFrame, name: str | Path) -> None:
    """Refuse a file with a quote inside a value: parsers read it as opening a quoted field.

    ``records`` are :func:`records_of`'s, numbered by their line in the file.
    """
    stray = records.filter(pl.col("stray").is_not_null())
    if stray.height:
        lines = ", ".join(str(n) for n in stray["stray_line"].explode().head(5))
        raise said(UnreadableFileError, "err_stray_quote", name=name, lines=lines, example=stray["stray"][0])


def refuse_unclosed_quote(records: pl.DataFrame, name: str) -> None:
    """Refuse a file whose last record swallows the rest of it: a quote that never closes."""
    if records.height and records["open_quote"][-1]:
        line = records["line"][-1]
        raise said(UnreadableFileError, "err_open_quote", name=name, line=line)


def records_of(encoded: bytes, separator: str, first_line: int = 1) -> pl.DataFrame:
    """Count the fields of each CSV record, quotes and multi-line fields respected.

    Lines are split by polars' reader (no quoting, a separator the text cannot
    hold: NUL bytes are refused before); only the lines of multi-line records
    are joined, and only quoted records have their quoted parts removed
    before counting separators. Lines are numbered from ``first_line``.
    Each record also tells the first quote found inside a value (``stray``,
    with the lines holding one: ``stray_line``), its lines (``span``) and the
    separators of its continuation lines as fields (``continuation_fields``).
    """
    quotes = pl.col("text").str.count_matches('"', literal=True)
    sep = re.escape(separator)
    lines = (
        pl.read_csv(
            io.BytesIO(encoded),
            has_header=False,
            separator="\x00",
            quote_char=None,
            infer_schema=False,
            new_columns=["text"],
        )
        .with_columns(pl.col("text").fill_null(""))
        .with_row_index("line", offset=first_line)
    )
    if b'"' not in encoded:  # each line a record of its own, nothing quoted
        return lines.select(
            "line",
            (pl.col("text").str.count_matches(separator, literal=True) + 1).alias("fields"),
            _blank(separator),
            pl.lit(False).alias("open_quote"),
            pl.lit(None, pl.String).alias("stray"),
            pl.lit([], pl.List(pl.UInt32)).alias("stray_line"),
            pl.lit(1, pl.UInt32).alias("span"),
            pl.lit([], pl.List(pl.UInt32)).alias("continuation_fields"),
        )
    lines = lines.with_columns(
        quotes.alias("quotes"),
        pl.col("text").str.extract(f'([^{sep}"]"[^{sep}"\r])', 1).alias("stray"),
        (pl.col("text").str.count_matches(separator, literal=True) + 1).alias("line_fields"),
    ).with_columns(
        ((pl.col("quotes").cum_sum() - pl.col("quotes")) % 2 == 0).cum_sum().alias("record"),
        pl.when(pl.col("stray").is_not_null())
        .then(pl.concat_list("line"))
        .otherwise(pl.lit([], pl.List(pl.UInt32)))
        .alias("stray_line"),
    )
    multi = pl.col("record").is_duplicated()
    joined = (
        lines.filter(multi)
        .group_by("record", maintain_order=True)
        .agg(
            pl.col("line").first(),
            pl.col("text").str.join("\n"),
            pl.col("quotes").sum(),
            pl.col("stray").drop_nulls().first(),
            pl.col("stray_line").explode().drop_nulls(),
            pl.len().alias("span"),
            pl.col("line_fields").slice(1).alias("continuation_fields"),
        )
    )
    records = pl.concat(
        [
            lines.filter(~multi).with_columns(
                pl.lit(1, pl.UInt32).alias("span"),
                pl.lit([], pl.List(pl.UInt32)).alias("continuation_fields"),
            ),
            joined,
        ],
        how="diagonal",
    ).sort("line")
    plain = pl.col("quotes") == 0
    fields = (pl.col("text").str.count_matches(separator, literal=True) + 1).alias("fields")
    unquoted = pl.col("text").str.replace_all(r'"[^"]*"', "")
    counted = pl.concat(
        [
            records.filter(plain).with_columns(fields),
            records.filter(~plain).with_columns(
                (unquoted.str.count_matches(separator, literal=True) + 1).alias("fields")
            ),
        ]
    ).sort("line")
    return counted.select(
        "line",
        "fields",
        _blank(separator),
        (pl.col("quotes") % 2 == 1).alias("open_quote"),
        "stray",
        "stray_line",
        "span",
        "continuation_fields",
    )


def _blank(separator: str) -> pl.Expr:
    """Whether a record holds nothing but spaces, quotes and separators."""
    return pl.col("text").str.contains(rf'^[\s"{re.escape(separator)}]*$').alias("blank")
