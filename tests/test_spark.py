"""Spark: the same polars code per Arrow batch, the same numbers, decisions, warnings and notes as in
memory, on the sample, a near-chance table, a GBK Taobao export and a store exported as Parquet
partitioned by shop and month."""

import json
import shutil
import warnings

import polars as pl
import pytest

import rightsguard as rg

from spark_job import MAPPED_FITTING

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java 17; .ci/run installs it"
)


@pytest.mark.parametrize("table", ["sample", "near_chance", "export", "store", "mapped"])
def test_spark_scores_decides_and_warns_as_in_memory(spark_scored, table):
    """The mapped table is the sample under other column names, read with a mapping, its past
    rulings held out in other folds (tests/spark_job.py): Spark honours both options."""
    folder, model = spark_scored
    scored = pl.read_parquet(folder / f"{table}.parquet")
    told = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
    given = rg.validate(pl.read_parquet(folder / f"{table}.input.parquet"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = rg.score(given.accepted, model=model, fitting=MAPPED_FITTING if table == "mapped" else None)

    refused = scored.filter(pl.col("problems").is_not_null())
    both = scored.filter(pl.col("problems").is_null()).join(
        local.scored.select(
            "dispute_id",
            *(
                pl.col(c).alias(f"local_{c}")
                for c in ("p_negotiated", "evidence_completeness", "p_win_ruling", "recommendation", "stage")
            ),
        ),
        on="dispute_id",
    )
    assert scored.height == given.accepted.height + given.rejected.height
    assert refused.height == given.rejected.height
    assert both.height == given.accepted.height
    for column in ("p_negotiated", "evidence_completeness", "p_win_ruling"):
        assert (both[column] - both[f"local_{column}"]).abs().max() <= 1e-9, column
    assert both["recommendation"].equals(both["local_recommendation"].cast(pl.String), check_names=False)
    assert both["stage"].cast(pl.String).equals(both["local_stage"].cast(pl.String), check_names=False)
    assert told["ruling"][:2] == pytest.approx([local.ruling.intercept, local.ruling.slope], abs=1e-12)
    assert told["warnings"] == local.warnings
    assert told["notes"] == local.notes and any("with customer service" in n for n in local.notes)


def test_a_refused_row_stays_with_its_problem(spark_scored):
    folder, _ = spark_scored
    refused = pl.read_parquet(folder / "sample.parquet").filter(pl.col("problems").is_not_null())

    assert refused.height == 1
    assert refused["problems"][0].startswith("opened_at: cannot be read as a date-time")


def test_the_near_chance_table_warns_on_spark(spark_scored):
    folder, _ = spark_scored
    told = json.loads((folder / "near_chance.json").read_text(encoding="utf-8"))

    assert any("includes 0.5" in w for w in told["warnings"])
