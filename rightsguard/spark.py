"""Scoring on Spark, for dispute tables past one machine: ``pip install rightsguard[spark]``.

:func:`score` applies rightsguard's own polars code to each Arrow batch of a
Spark DataFrame (``mapInArrow``): the same validation, audit, probability,
explanation, chance of winning a ruling, decision and trust warnings as
:func:`rightsguard.score` with a supplied model, the fitted model shipped to
the executors once (broadcast). Fitting stays on one machine: a model fitted
on a sample of history (a few hundred thousand disputes) is as good as one
fitted on all of it.

Two passes keep it identical to scoring in memory. The first reads each
batch's past rulings (their evidence completeness and outcome, a few bytes
each) back to the driver, which learns the chance of winning a ruling from
them, past rulings out of fold as in memory. The second scores and decides.
The scored table is persisted, and seven narrow columns of it are read back to
the driver for the trust checks (:class:`~rightsguard.scoring._trust.TrustTally`,
the same counts as every other path). A counterparty's history spans the
table and is not computed per batch: a table naming counterparties is
refused (drop the column, or score it on one machine with
:func:`rightsguard.score`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, cast

import numpy as np
import polars as pl

from rightsguard._schema import CANONICAL_SCHEMA
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import RulingChance, past_rulings_mask, rulings_of
from rightsguard.engine._options import RunOptions
from rightsguard.engine._plan import ScoringPlan
from rightsguard.io._load import ReadOptions
from rightsguard.io._validation import PROBLEMS
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._quality import Quality
from rightsguard.scoring._rules import DEFAULT_RULES, evidence_exprs
from rightsguard.scoring._scorer import expected_completeness_of
from rightsguard.scoring._time_open import data_moment
from rightsguard.scoring._trust import warn

if TYPE_CHECKING:
    import pyarrow
    from polars._typing import PolarsDataType
    from pyspark.sql import DataFrame


_UNCOUNTED = ("explanation", "why", "next_step", PROBLEMS)
"""Columns of the scored table the driver does not read back to count the run: its text."""

_POSITION = "_rightsguard_position"


@dataclass(frozen=True)
class SparkRun:
    """What :func:`score` made of a Spark table.

    Attributes
    ----------
    scored : pyspark.sql.DataFrame
        The canonical columns, :data:`~rightsguard.SCORE_COLUMNS` and ``problems``
        (persisted; ``unpersist()`` it when done). Rows validation refuses are
        kept (their ``dispute_id`` and ``problems``), so that rows in = rows out.
    ruling : RulingChance
        The chance of winning a ruling, learned from the table's past rulings
        (out of fold for those), or the documented prior.
    quality : Quality or None
        The model's quality on the labelled disputes opened after its training period.
    warnings : list of str
        Every reason to distrust the scores, as :func:`rightsguard.score` finds
        them (also emitted as Python warnings of their categories).
    notes : list of str
        What the run should be read with, as :func:`rightsguard.score` says
        it: the moment open disputes are scored at, the costs and where each
        came from, the plan replayed in money over the past disputes, what the
        unrecorded vouchers changed.
    """

    scored: DataFrame
    ruling: RulingChance
    quality: Quality | None
    warnings: list[str]
    notes: list[str]


def score(
    disputes: DataFrame,
    model: NegotiationModel,
    *,
    reading: ReadOptions | None = None,
    fitting: FitOptions | None = None,
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
) -> SparkRun:
    """Score a Spark DataFrame of disputes with a fitted model, batch by batch on the executors.

    Parameters
    ----------
    disputes
        Canonical columns (as text or typed), or the columns ``reading.mapping``
        reads; any other column is dropped.
    model
        A fitted :class:`~rightsguard.scoring.NegotiationModel`.
    reading
        How rows become canonical disputes, as :func:`rightsguard.score` reads them
        (a mapping, the salt, empty reasons, the shop).
    fitting
        Only its folds and seed are read: those of the past rulings' held-out chance of winning.
    policy, lang
        The costs of the options and the language of the next steps and warnings.

    Returns
    -------
    SparkRun

    Warns
    -----
    ScoreTrustWarning, InSampleWarning
        As :func:`rightsguard.score`, from the same checks of the same counts.

    Raises
    ------
    ValueError
        When none of the first 200 rows can be scored (their schema is the
        result's), the table names counterparties, or the mapping numbers the
        rows (each batch would number its own from 1).
    """
    from pyspark.sql import functions as F

    options = RunOptions(
        reading=replace(reading or ReadOptions(), lang=lang),
        fitting=fitting or FitOptions(),
        policy=Policy.of(policy),
        lang=lang,
    )
    selected = disputes.select(*_read_columns(disputes.columns, options.reading)).withColumn(
        _POSITION, F.monotonically_increasing_id()
    )
    rulings, as_of = _first_pass(selected, model, options.reading)
    plan, chances = ScoringPlan.learned(model, options, rulings, as_of)
    past = rulings.select("dispute_id", pl.Series("p_win_ruling", chances, dtype=pl.Float64))
    shipped = disputes.sparkSession.sparkContext.broadcast((plan, past))
    first = _frame(selected.limit(200).toArrow())
    template = score_table_batch(first, plan, past).schema
    if "p_negotiated" not in template:
        raise ValueError(
            "none of the table's first 200 rows passes validation; load a sample "
            "with rightsguard.load_disputes_lenient to see why"
        )

    def batches(arrow: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        shipped_plan, chances = shipped.value
        for batch in arrow:
            scored = score_table_batch(_frame(batch), shipped_plan, chances)
            table = scored.select(
                pl.col(c).cast(t) if c in scored.columns else pl.lit(None, t).alias(c)
                for c, t in template.items()
            ).to_arrow(compat_level=pl.CompatLevel.oldest())
            yield from table.cast(_regular_offsets(table.schema)).to_batches()

    scored = selected.mapInArrow(batches, _spark_schema(template)).persist()
    tally = plan.tally()
    counted = [c for c in template if c not in _UNCOUNTED]
    for batch in scored.filter(F.col(PROBLEMS).isNull()).select(*counted).toArrow().to_batches():
        tally.add(_frame(batch))
    quality, found, told, _ = plan.told(tally, None)
    warn(found, stacklevel=2)
    return SparkRun(scored, plan.ruling, quality, [w.message for w in found], told)


def _read_columns(columns: list[str], reading: ReadOptions) -> list[str]:
    """The columns of a table that scoring reads: those its mapping names, else the canonical
    ones and the source's own feature columns.

    Raises
    ------
    ValueError
        When the mapping numbers the rows: Spark's batches would each number theirs from 1.
    """
    mapping = reading.mapping
    if mapping is None:
        return [c for c in columns if c in CANONICAL_SCHEMA or c.startswith("extra_")]
    if "dispute_id" not in mapping.columns:
        raise ValueError(
            "rightsguard.spark.score needs the mapping to name the column of dispute ids: the "
            "ids it makes from row numbers would repeat in every batch"
        )
    named = {*mapping.columns.values(), *mapping.extra_columns.values()}
    return [c for c in columns if c in named]


def _first_pass(
    selected: DataFrame, model: NegotiationModel, reading: ReadOptions
) -> tuple[pl.DataFrame, datetime | None]:
    """Pass one: the table's past rulings, in table order, with their ``dispute_id``, gathered on
    the driver for the plan to learn from; and the table's moment (its newest opening or
    closing), to which open disputes' ages count."""
    from pyspark.sql import types as T

    rules = model.rules or DEFAULT_RULES

    def rulings(arrow: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        for batch in arrow:
            frame = _frame(batch)
            accepted = reading.validated(frame.drop(_POSITION)).accepted
            audited = accepted.with_columns(
                *evidence_exprs(rules), expected_completeness_of(model, accepted.columns)
            )
            found = audited.filter(pl.Series(past_rulings_mask(audited)))
            moment = pl.DataFrame({"moment": [data_moment(accepted)]}, schema={"moment": pl.Datetime("us")})
            yield from (
                pl.concat(
                    [
                        found.select(
                            pl.lit(frame[_POSITION].min(), pl.Int64).alias("batch"),
                            pl.int_range(pl.len(), dtype=pl.Int64).alias("order"),
                            "dispute_id",
                            *rulings_of(found),
                        ),
                        moment,
                    ],
                    how="diagonal",
                )
                .to_arrow()
                .to_batches()
            )

    schema = T.StructType(
        [
            T.StructField("batch", T.LongType()),
            T.StructField("order", T.LongType()),
            T.StructField("dispute_id", T.StringType()),
            T.StructField("completeness", T.DoubleType()),
            T.StructField("won", T.BooleanType()),
            T.StructField("recorded", T.BooleanType()),
            T.StructField("moment", T.TimestampNTZType()),
        ]
    )
    found = _frame(selected.mapInArrow(rulings, schema).toArrow())
    as_of = found.select(pl.col("moment").max()).item()
    return found.filter(pl.col("dispute_id").is_not_null()).drop("moment").sort("batch", "order"), as_of


def score_table_batch(frame: pl.DataFrame, plan: ScoringPlan, past: pl.DataFrame) -> pl.DataFrame:
    """One batch read as the plan's options say, validated, scored and decided by the plan;
    refused rows kept with their ``problems``.

    ``past`` holds the past rulings' out-of-fold chances of winning by ``dispute_id``.

    Raises
    ------
    ValueError
        When the batch names counterparties (their history spans the table).
    """
    checked = plan.options.reading.validated(frame.drop(_POSITION, strict=False))
    refused = checked.rejected.select("dispute_id", pl.col(PROBLEMS).list.join("; "))
    if not checked.accepted.height:
        return refused
    if checked.accepted["counterparty"].is_not_null().any():
        raise ValueError(
            "rightsguard.spark.score does not compute a counterparty's history "
            "across the table: drop the counterparty column, or score the table "
            "on one machine with rightsguard.score"
        )
    scored = plan.scored(checked.accepted)
    chances = None
    if past.height:
        rulings = scored.filter(pl.Series(past_rulings_mask(scored)))
        found = rulings.select("dispute_id").join(past, on="dispute_id", how="left", maintain_order="left")[
            "p_win_ruling"
        ]
        # NaN: a ruling the first pass did not see keeps its averaged chance, as in memory
        chances = found.fill_null(np.nan).to_numpy()
    decided = plan.decided(scored, chances).with_columns(pl.lit(None, pl.String).alias(PROBLEMS))
    return _plain(pl.concat([decided, refused], how="diagonal") if refused.height else decided)


def _frame(arrow: pyarrow.Table | pyarrow.RecordBatch) -> pl.DataFrame:
    """An Arrow table or batch as a polars frame (never a Series: they have named columns)."""
    return cast(pl.DataFrame, pl.from_arrow(arrow))


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Enums as text and small integers widened: types Spark's Arrow reader takes."""
    return frame.with_columns(
        pl.col(pl.Enum, pl.Categorical).cast(pl.String),
        pl.col(pl.Int8, pl.Int16, pl.UInt8, pl.UInt16).cast(pl.Int32),
    )


def _regular_offsets(schema: pyarrow.Schema) -> pyarrow.Schema:
    """The same schema with 32-bit offsets (string, list): Spark reads no large Arrow types."""
    import pyarrow as pa

    def regular(kind: pa.DataType) -> pa.DataType:
        if pa.types.is_large_string(kind):
            return pa.string()
        if pa.types.is_large_list(kind):
            return pa.list_(regular(kind.value_type))
        return kind

    return pa.schema([pa.field(f.name, regular(f.type)) for f in schema])


def _spark_schema(template: pl.Schema):
    """The Spark schema of the scored batches."""
    from pyspark.sql import types as T

    simple: dict[PolarsDataType, object] = {
        pl.String: T.StringType(),
        pl.Float64: T.DoubleType(),
        pl.Boolean: T.BooleanType(),
        pl.Int16: T.ShortType(),
        pl.Int32: T.IntegerType(),
        pl.Int64: T.LongType(),
        pl.UInt32: T.LongType(),
    }

    def spark_type(dtype: PolarsDataType):
        if isinstance(dtype, pl.Datetime):
            return T.TimestampNTZType()
        if isinstance(dtype, pl.List):
            return T.ArrayType(spark_type(dtype.inner))
        if isinstance(dtype, pl.Struct):
            return T.StructType([T.StructField(f.name, spark_type(f.dtype)) for f in dtype.fields])
        return simple[dtype.base_type()]

    return T.StructType([T.StructField(name, spark_type(dtype)) for name, dtype in template.items()])
