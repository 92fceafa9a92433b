"""Scores four tables on a local Spark session and writes what the Spark test compares.

Run by ``tests/conftest.py`` in the background when the run starts, so that
Spark's start-up overlaps the other tests; the test waits for OUT.done ("ok",
or the traceback) and reads what it writes beside OUT: per table, the scored
rows (``<table>.parquet``), the warnings and the ruling chance
(``<table>.json``, with the notes), the model (``model.skops``) and the disputes as given to
Spark (``<table>.input.parquet``). Usage: python tests/spark_job.py OUT.parquet
"""

import json
import sys
import traceback
import warnings
from pathlib import Path

import polars as pl
from pyspark.sql import SparkSession

import rightsguard as rg
from rightsguard import spark as rg_spark

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def tables() -> dict[str, pl.DataFrame]:
    """The sample (one row with a date no one can read), the sample with its outcomes shuffled
    (a model ranks it at chance) and the sample's GBK Taobao export, as text."""
    disputes = rg.load_disputes(SAMPLE / "disputes.csv")
    labelled = pl.col("outcome").is_not_null()
    shuffled = pl.concat(
        [
            disputes.filter(labelled).with_columns(pl.col("outcome").shuffle(seed=3)),
            disputes.filter(~labelled),
        ]
    )
    export = rg.load_disputes(SAMPLE / "taobao_export_gbk.csv")
    as_text = {
        name: frame.drop("resolution").with_columns(pl.all().cast(pl.String))
        for name, frame in (("sample", disputes), ("near_chance", shuffled), ("export", export))
    }
    as_text["sample"] = as_text["sample"].with_columns(
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit("yesterday"))
        .otherwise("opened_at")
        .alias("opened_at")
    )
    return as_text


MAPPED_FITTING = rg.FitOptions(method="logistic", n_splits=3, random_state=11)
"""The folds the mapped table's past rulings are held out in, on Spark as in memory."""


def mapped(frame: pl.DataFrame) -> tuple[pl.DataFrame, rg.ReadOptions]:
    """The sample as another system names its columns, and the mapping that reads it."""
    mapping = rg.ColumnMapping(
        columns={c: f"源_{c}" for c in frame.columns},
        values={"reason": {r: r for r in frame["reason"].unique().drop_nulls()}},
    )
    return frame.rename(lambda c: f"源_{c}"), rg.ReadOptions(mapping=mapping)


def exported_store(folder: Path) -> Path:
    """The weekly sample ingested into a store (as one shop) and exported for Spark: the
    disputes' folder, partitioned by shop and month."""
    store = folder / "shop.duckdb"
    rg.store.ingest(
        sorted((SAMPLE / "weekly").glob("退款报表_*")), store=store, reading=rg.ReadOptions(shop="示例旗舰店")
    )
    return rg.store.export_store(folder / "exported", store) / "disputes"


def main(out: str) -> None:
    warnings.simplefilter("ignore")
    folder = Path(out).parent
    model = rg.scoring.fit_model(
        rg.load_disputes(SAMPLE / "disputes.csv").head(3000), fitting=rg.FitOptions(method="logistic")
    )
    rg.scoring.save_model(model, folder / "model.skops")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rightsguard-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")  # small tables: 200 would cost more than the work
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    try:
        given = {
            name: (session.createDataFrame(frame.to_pandas()), frame) for name, frame in tables().items()
        }
        exported = session.read.parquet(str(exported_store(folder)))  # partitioned, as Spark reads it
        given["store"] = (exported, pl.from_arrow(exported.toArrow()).drop("month"))
        renamed, reading = mapped(given["sample"][1])
        given["mapped"] = (session.createDataFrame(renamed.to_pandas()), given["sample"][1])
        for name, (table, frame) in given.items():
            frame.write_parquet(folder / f"{name}.input.parquet")
            options = {"reading": reading, "fitting": MAPPED_FITTING} if name == "mapped" else {}
            run = rg_spark.score(table, model, **options)
            pl.from_arrow(run.scored.toArrow()).write_parquet(folder / f"{name}.parquet")
            (folder / f"{name}.json").write_text(
                json.dumps(
                    {
                        "warnings": run.warnings,
                        "notes": run.notes,
                        "ruling": [run.ruling.intercept, run.ruling.slope, run.ruling.source],
                    }
                ),
                encoding="utf-8",
            )
            run.scored.unpersist()
    finally:
        session.stop()


if __name__ == "__main__":
    done = Path(sys.argv[1]).with_suffix(".done")
    try:
        main(sys.argv[1])
    except BaseException:  # the test reads why, in place of a traceback lost in the background
        done.write_text(traceback.format_exc(), encoding="utf-8")
        raise
    done.write_text("ok", encoding="utf-8")
