"""Scores the sample on a local Spark session and writes what the Spark test compares.

Run by ``tests/conftest.py`` in the background when the run starts, so that
Spark's start-up overlaps the other tests; the test waits for OUT.done ("ok",
or the traceback) and reads the file it writes. Usage: python
tests/spark_job.py OUT.parquet
"""

import sys
import traceback
import warnings
from pathlib import Path

import polars as pl
from pyspark.sql import SparkSession

import rightsguard as rg
from rightsguard import spark as rg_spark

ROOT = Path(__file__).resolve().parents[1]


def main(out: str) -> None:
    warnings.simplefilter("ignore")
    disputes = rg.load_disputes(ROOT / "data" / "sample" / "disputes.csv")
    model = rg.fit_model(disputes.head(3000))
    session = (SparkSession.builder.master("local[1]").appName("rightsguard-test")
               .config("spark.ui.enabled", "false").getOrCreate())
    try:
        as_text = disputes.drop("resolution").with_columns(pl.all().cast(pl.String))
        broken = as_text.with_columns(
            pl.when(pl.int_range(pl.len()) == 7).then(pl.lit("yesterday")).otherwise("opened_at")
            .alias("opened_at"))
        scored = rg_spark.score(session.createDataFrame(broken.to_pandas()), model)
        pl.from_arrow(scored.toArrow()).write_parquet(out)
    finally:
        session.stop()
    rg.save_model(model, Path(out).with_suffix(".skops"))


if __name__ == "__main__":
    done = Path(sys.argv[1]).with_suffix(".done")
    try:
        main(sys.argv[1])
    except BaseException:  # the test reads why, in place of a traceback lost in the background
        done.write_text(traceback.format_exc(), encoding="utf-8")
        raise
    done.write_text("ok", encoding="utf-8")
