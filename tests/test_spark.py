"""Spark: the same polars scoring per Arrow batch, the same numbers as rg.score."""

import shutil
import warnings

import polars as pl
import pytest

import rightsguard as rg

pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="Spark needs Java 17; .ci/run installs it")


def test_spark_scores_match_rg_score_and_refused_rows_stay(spark_scored, sample_disputes):
    scored, model = spark_scored
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = rg.score(sample_disputes, model=model)

    refused = scored.filter(pl.col("problems").is_not_null())
    both = scored.filter(pl.col("problems").is_null()).join(
        local.select("dispute_id", pl.col("p_negotiated").alias("local"),
                     pl.col("evidence_completeness").alias("local_completeness")),
        on="dispute_id")
    assert scored.height == sample_disputes.height
    assert refused.height == 1
    assert refused["problems"][0].startswith("opened_at: cannot be read as a date-time")
    assert both.height == sample_disputes.height - 1
    assert (both["p_negotiated"] - both["local"]).abs().max() <= 1e-9
    assert (both["evidence_completeness"] - both["local_completeness"]).abs().max() <= 1e-9
    assert set(scored["recommendation"].drop_nulls()) <= {"refund_now", "negotiate", "escalate"}
