"""Writing result tables for people: Parquet keeps types; CSV and xlsx are
made safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would run as a formula in Excel or WPS; such text (a buyer's reason, say) is
prefixed with an apostrophe so that it shows as the text it is.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as formulas; join lists."""
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    joined = frame.with_columns(pl.col(c).list.join("; ") for c in lists)
    text = [c for c, t in joined.schema.items() if t in (pl.String, pl.Categorical)
            or isinstance(t, pl.Enum)]
    return joined.with_columns(
        pl.when(pl.col(c).cast(pl.String).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(c).cast(pl.String))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in text
    )


def write_table(frame: pl.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as Parquet, CSV (UTF-8 with BOM, for Excel) or xlsx, by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.write_parquet(path)
    elif suffix == ".csv":
        path.write_bytes(b"\xef\xbb\xbf" + neutralise_formulas(frame).write_csv().encode("utf-8"))
    elif suffix == ".xlsx":
        neutralise_formulas(frame).write_excel(path, autofit=True)
    else:
        raise ValueError(f"{path}: write .parquet, .csv or .xlsx, not '{suffix}'")
    return path
