"""Validation of a frame against the canonical schema.

Every problem is found in one pass and reported together: missing columns,
values that cannot be read, unknown vocabulary, duplicate ids, negative
amounts, disputes closed before they opened, and rows that the loader already
found malformed. :func:`validate` always returns a :class:`ValidationResult`
(accepted rows, rejected rows with their reasons, and the problems), so that
rows in = rows accepted + rows rejected; strict callers ask it for the accepted
rows or one :class:`~rightsguard.SchemaError` listing every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html import escape

import polars as pl

from rightsguard._errors import SchemaError
from rightsguard._schema import (
    BLANK_LINE,
    CANONICAL_SCHEMA,
    PROVENANCE_COLUMNS,
    REQUIRED_COLUMNS,
    SCHEMA,
    SOURCE_LINE,
    SOURCE_PROBLEM,
    SOURCE_ROW,
    Stage,
    is_extra,
    resolution_expr,
)
from rightsguard._vocabulary import say, text
from rightsguard.io._parse import clean_text, read_text, source_problem
from rightsguard.io._row_checks import Check, row_checks
from rightsguard.io._stages import stage_expr

PROBLEMS = "problems"

_EXAMPLES = 5

EMPTY_REASONS = ("reject", "unknown")
"""What to do with a row whose reason is empty: reject it, or keep it with reason ``unknown``."""


@dataclass(frozen=True)
class ValidationResult:
    """Accepted and rejected rows of one source.

    Attributes
    ----------
    accepted : polars.DataFrame
        Valid rows in the canonical schema.
    rejected : polars.DataFrame
        Rows that failed, as text, with ``source_row`` and their ``problems``.
    problems : list of str
        Every problem found, aggregated per rule.
    ignored_columns : list of str
        Input columns that are not part of the canonical schema.
    blank_lines : int
        Wholly blank lines or rows skipped (they hold no dispute).
    lang : str
        The language of the problems.
    """

    accepted: pl.DataFrame
    rejected: pl.DataFrame
    problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    blank_lines: int = 0
    lang: str = "en"

    @property
    def n_rows(self) -> int:
        """Rows read from the source: accepted plus rejected."""
        return self.accepted.height + self.rejected.height

    @cached_property
    def rejection_counts(self) -> pl.DataFrame:
        """Rejected rows per problem wording (a row can have several)."""
        return (
            self.rejected.select(pl.col(PROBLEMS).explode().str.replace(r" \(.*$", ""))
            .group_by(PROBLEMS)
            .len("rows")
            .sort("rows", descending=True)
        )

    def accepted_or_raise(self) -> pl.DataFrame:
        """The accepted rows, or a :class:`SchemaError` listing every problem if any row failed."""
        if self.problems:
            raise SchemaError(self.problems, self.n_rows, lang=self.lang, in_rows=True)
        return self.accepted

    def _repr_html_(self) -> str:
        lines = (
            "".join(f"<li>{escape(p)}</li>" for p in self.problems)
            or f"<li>{escape(text('validation_no_problem', self.lang))}</li>"
        )
        counts = say(
            "validation_counts",
            self.lang,
            rows=self.n_rows,
            accepted=self.accepted.height,
            rejected=self.rejected.height,
            blank=self.blank_lines,
        )
        return f"<div>{escape(counts)}<ul>{lines}</ul></div>"


def validate(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    numeric_extras: tuple[str, ...] = (),
    empty_reason: str = "reject",
    lang: str = "en",
) -> ValidationResult:
    """Check ``frame`` against the canonical schema and convert it.

    Parameters
    ----------
    frame
        Canonical column names with typed or text values. Optional helper
        columns ``source_row``, ``source_line`` and ``source_problem`` come
        from the loaders. Columns named ``extra_*`` are the source's own
        features: kept as text, or as numbers when typed so or listed in
        ``numeric_extras``. The input is never modified.
    numeric_extras
        Extra columns to read as numbers (an unreadable value is a problem).
    empty_reason
        ``"reject"`` (default) refuses a row with no reason; ``"unknown"``
        keeps it with reason ``unknown``.
    lang
        The language of the problems, ``"en"`` or ``"zh"``.

    Returns
    -------
    ValidationResult

    Raises
    ------
    SchemaError
        When a required column is missing, since then no row can be accepted.
        Row problems are returned, not raised: see
        :meth:`ValidationResult.accepted_or_raise`.
    """
    data = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    missing = [c for c in REQUIRED_COLUMNS if c not in data.columns]
    found = ", ".join(c for c in data.columns if c not in PROVENANCE_COLUMNS) or "none"
    if missing and not set(SCHEMA).intersection(data.columns):  # no column rightsguard knows
        raise SchemaError([say("err_not_an_export", lang, found=found)], data.height, lang=lang)
    if missing:
        raise SchemaError(
            [
                say(
                    "err_missing_columns",
                    lang,
                    n=len(missing),
                    listed=", ".join(f"'{c}'" for c in missing),
                    required=", ".join(REQUIRED_COLUMNS),
                    found=found,
                )
            ],
            data.height,
            lang=lang,
        )
    if empty_reason not in EMPTY_REASONS:
        raise ValueError(f"empty_reason must be one of {', '.join(EMPTY_REASONS)}; got {empty_reason!r}")
    helpers = set(PROVENANCE_COLUMNS)
    extras = [c for c in data.columns if is_extra(c)]
    ignored = [c for c in data.columns if c not in SCHEMA and c not in helpers and c not in extras]
    present = [c for c in SCHEMA if c in data.columns]
    targets = {
        **{c: SCHEMA[c] for c in present},
        **{c: _extra_type(c, data.schema[c], numeric_extras) for c in extras},
    }
    if SOURCE_ROW not in data.columns:
        data = data.with_row_index(SOURCE_ROW, offset=1)
    data = data.with_columns(source_problem(data.columns, list(targets)))
    blank = pl.col(SOURCE_PROBLEM).fill_null("") == BLANK_LINE
    blank_lines = data.select(blank.sum()).item()
    data = data.filter(~blank)
    where = SOURCE_LINE if SOURCE_LINE in data.columns else SOURCE_ROW

    schema = data.schema  # built once: each call builds it again
    typed = {c for c, t in targets.items() if _already_typed(schema[c], t)}
    read = data.select(
        pl.col(SOURCE_ROW),
        pl.col(where).alias("_where"),
        pl.col(SOURCE_PROBLEM),
        *(pl.col(c).alias(f"_source_{c}") for c in targets),
        *(read_text(pl.col(c), t).alias(f"_read_{c}") for c, t in targets.items() if c not in typed),
    ).rechunk()  # one chunk per column: polars 2.1 panics formatting filtered multi-chunk text
    parsed = read.select(
        pl.exclude("^_read_.*$"),
        *(pl.col(f"_source_{c}").cast(t).alias(c) for c, t in targets.items() if c in typed),
        *(pl.col(f"_source_{c}").is_not_null().alias(f"_present_{c}") for c in typed),
        *(pl.col(f"_read_{c}").struct.field("value").alias(c) for c in targets if c not in typed),
        *(
            pl.col(f"_read_{c}").struct.field("present").alias(f"_present_{c}")
            for c in targets
            if c not in typed
        ),
    )
    if empty_reason == "unknown":
        parsed = parsed.with_columns(
            pl.when(~pl.col("_present_reason"))
            .then(pl.lit("unknown"))
            .otherwise(pl.col("reason"))
            .alias("reason")
        )
    # ids compared by hash: a collision only runs the exact duplicate rule for nothing
    has_duplicates = (
        "dispute_id" in present
        and parsed.select(pl.col("dispute_id").drop_nulls().hash().is_duplicated().any()).item()
    )
    as_read = [_as_read(c, targets[c], typed) for c in targets]
    if has_duplicates:  # the duplicate rule compares rows as read
        parsed = parsed.with_columns(as_read)
    checks = row_checks(
        targets,
        typed,
        has_duplicates,
        required=[c for c in REQUIRED_COLUMNS if not (c == "reason" and empty_reason == "unknown")],
        lang=lang,
    )
    failed = [f"_failed_{i}" for i in range(len(checks))]
    flagged = parsed.with_columns(
        check.failed.fill_null(False).alias(name) for check, name in zip(checks, failed)
    )
    counts = flagged.select(pl.col(failed).sum()).row(0) if checks else ()
    bad = pl.any_horizontal(pl.col(failed)) if checks else pl.lit(False)
    failing = [(check, name, count) for check, name, count in zip(checks, failed, counts) if count]
    rejected_rows = flagged.filter(bad)
    if not has_duplicates:
        rejected_rows = rejected_rows.with_columns(as_read)
    rejected_rows = rejected_rows.with_columns(
        pl.concat_list(
            [
                pl.when(name).then(pl.format(f"{check.column}: {check.message} ({{}})", check.value))
                for check, name, _ in failing
            ]
            or [pl.lit(None, pl.String)]
        )
        .list.drop_nulls()
        .alias(PROBLEMS)
    )
    problems = _summarise(rejected_rows, failing, where, lang)

    accepted = flagged.filter(~bad).select(
        *(
            pl.col(c).cast(dtype) if c in present else pl.lit(None, dtype).alias(c)
            for c, dtype in SCHEMA.items()
        ),
        *(pl.col(c).cast(targets[c]) for c in extras),
    )
    accepted = accepted.with_columns(resolution_expr(), _stage(present)).select(*CANONICAL_SCHEMA, *extras)
    rejected = rejected_rows.select(
        SOURCE_ROW, *(pl.col(f"_raw_{c}").cast(pl.String).alias(c) for c in targets), PROBLEMS
    )
    return ValidationResult(accepted, rejected, problems, ignored, blank_lines, lang)


def _stage(present: list[str]) -> pl.Expr:
    """The stage as given, else as the status words say (a mapping that reads 退款状态 or
    客服介入状态), and ``closed`` for a closed dispute whose source says no stage."""
    given = (
        pl.col("stage")
        if "stage" in present or not {"refund_status", "cs_status"} & set(present)
        else stage_expr(pl.col("refund_status"), pl.col("cs_status"))
    )
    return (
        pl.when(given.is_null() & pl.col("outcome").is_not_null())
        .then(pl.lit("closed", Stage))
        .otherwise(given)
        .alias("stage")
    )


def _as_read(column: str, target: pl.DataType, typed: set[str]) -> pl.Expr:
    """The column's cells as read, into ``_raw_{column}``: typed, or text cleaned of guards.

    Built only for the rows that need it (refused rows, or every row when ids
    repeat), since a clean column is read without cleaning each cell.
    """
    source = pl.col(f"_source_{column}")
    if column in typed:
        as_read = source
    elif target == pl.String:
        as_read = pl.col(column)  # its value is its cleaned text
    else:
        as_read = clean_text(source)
    return as_read.alias(f"_raw_{column}")


def _extra_type(column: str, source: pl.DataType, numeric: tuple[str, ...]) -> pl.DataType:
    """A source feature column is numeric when typed so or declared so, else text."""
    return pl.Float64() if column in numeric or source.is_numeric() else pl.String()


def _already_typed(source: pl.DataType, target: pl.DataType) -> bool:
    """Whether a column's values need no reading from text: already of the target type.

    Text never counts as typed: it is always cleaned of spreadsheet guards first.
    """
    if target == pl.String:
        return False
    if isinstance(target, pl.Enum):
        return source == target
    if target == pl.Float64:
        return source.is_numeric()
    return source == target


def _summarise(
    rejected: pl.DataFrame, failing: list[tuple[Check, str, int]], where: str, lang: str
) -> list[str]:
    """Aggregate failures per rule: count, first rows, example values.

    ``rejected`` holds the failing rows with a boolean column per rule
    (``failing``: the rule, its column and how many rows it failed).
    """
    place = text("problem_lines" if where == SOURCE_LINE else "problem_rows", lang)
    problems = []
    for check, name, count in failing:
        hits = rejected.filter(name).select(pl.col("_where"), check.value.alias("value"))
        rows = ", ".join(str(r) for r in hits["_where"].head(_EXAMPLES))
        more = say("problem_more", lang, n=count - _EXAMPLES) if count > _EXAMPLES else ""
        values = hits["value"].unique(maintain_order=True).head(_EXAMPLES).to_list()
        shown = ", ".join(repr(v) for v in values)
        problems.append(
            say(
                "problem_summary",
                lang,
                subject=check.subject(lang),
                message=check.message,
                count=count,
                place=place,
                rows=rows,
                more=more,
                shown=shown,
            )
        )
    return problems
