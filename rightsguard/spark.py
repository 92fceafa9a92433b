"""Scoring on Spark, for dispute tables past one machine: ``pip install rightsguard[spark]``.

:func:`score` applies rightsguard's own polars code to each Arrow batch of a
Spark DataFrame (``mapInArrow``): the same validation, audit, probability,
explanation and decision as :func:`rightsguard.score` with a supplied model,
the fitted model shipped to the executors once (broadcast). Fitting stays on
one machine: a model fitted on a sample of history (a few hundred thousand
disputes) is as good as one fitted on all of it.

Two things span a whole table and are not computed per batch: the chance of
winning a ruling (pass one, learned on a sample with
:meth:`rightsguard.RulingChance.fit`, or the documented prior) and a
counterparty's history (a table naming counterparties is refused; drop the
column or score it on one machine with :func:`rightsguard.score_file`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import CANONICAL_SCHEMA
from rightsguard.decide._batch import score_accepted
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import RulingChance
from rightsguard.io._validation import PROBLEMS, validate
from rightsguard.scoring._model import NegotiationModel

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame


def score(disputes: DataFrame, model: NegotiationModel, *, ruling: RulingChance | None = None,
          policy: Policy = DEFAULT_POLICY, lang: str = "en") -> DataFrame:
    """Score a Spark DataFrame of disputes with a fitted model, batch by batch on the executors.

    Parameters
    ----------
    disputes
        Canonical columns (as text or typed); any other column is dropped.
    model
        A fitted :class:`~rightsguard.NegotiationModel`.
    ruling
        The chance of winning a ruling; the documented prior when None.
    policy, lang
        The costs of the options and the language of the next steps.

    Returns
    -------
    pyspark.sql.DataFrame
        The canonical columns, :data:`~rightsguard.SCORE_COLUMNS` and
        ``problems``: rows validation refuses are kept (their ``dispute_id``
        and ``problems``, nothing else), so that rows in = rows out.

    Raises
    ------
    ValueError
        When none of the first 200 rows can be scored (their schema is the
        result's).
    """
    chance = ruling or RulingChance.prior()
    shipped = disputes.sparkSession.sparkContext.broadcast(model)
    columns = [c for c in disputes.columns if c in CANONICAL_SCHEMA or c.startswith("extra_")]
    selected = disputes.select(*columns)
    first = pl.from_arrow(selected.limit(200).toArrow())
    template = score_batch(first, model, chance, policy, lang).schema
    if "p_negotiated" not in template:
        raise ValueError("none of the table's first 200 rows passes validation; load a sample "
                         "with rightsguard.load_disputes_lenient to see why")

    def batches(arrow: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        for batch in arrow:
            scored = score_batch(pl.from_arrow(batch), shipped.value, chance, policy, lang)
            table = scored.select(
                pl.col(c).cast(t) if c in scored.columns else pl.lit(None, t).alias(c)
                for c, t in template.items()
            ).to_arrow(compat_level=pl.CompatLevel.oldest())
            yield from table.cast(_regular_offsets(table.schema)).to_batches()

    return selected.mapInArrow(batches, _spark_schema(template))


def score_batch(frame: pl.DataFrame, model: NegotiationModel, ruling: RulingChance,
                policy: Policy = DEFAULT_POLICY, lang: str = "en") -> pl.DataFrame:
    """One batch validated, scored and decided; refused rows kept with their ``problems``.

    Raises
    ------
    ValueError
        When the batch names counterparties (their history spans the table).
    """
    checked = validate(frame)
    refused = checked.rejected.select("dispute_id", pl.col(PROBLEMS).list.join("; "))
    if not checked.accepted.height:
        return refused
    if checked.accepted["counterparty"].is_not_null().any():
        raise ValueError("rightsguard.spark.score does not compute a counterparty's history "
                         "across the table: drop the counterparty column, or score the table "
                         "on one machine with rightsguard.score_file")
    scored = score_accepted(checked.accepted, model, ruling, policy, lang).with_columns(
        pl.lit(None, pl.String).alias(PROBLEMS))
    return _plain(pl.concat([scored, refused], how="diagonal") if refused.height else scored)


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

    simple = {pl.String: T.StringType(), pl.Float64: T.DoubleType(), pl.Boolean: T.BooleanType(),
              pl.Int32: T.IntegerType(), pl.Int64: T.LongType(), pl.UInt32: T.LongType()}

    def spark_type(dtype: pl.DataType):
        if isinstance(dtype, pl.Datetime):
            return T.TimestampNTZType()
        if isinstance(dtype, pl.List):
            return T.ArrayType(spark_type(dtype.inner))
        return simple[dtype.base_type()]

    return T.StructType([T.StructField(name, spark_type(dtype))
                         for name, dtype in template.items()])
