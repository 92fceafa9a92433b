"""A shop's weekly refund reports: overlapping windows, statuses that move, a known truth.

A seller downloads the refund report every week; each covers the disputes
opened in the last :data:`WINDOW_DAYS` days, with their status as of that
day, so a dispute shows as open in one report and closed in a later one.
The reports come as sellers download them, in turn UTF-8 CSV, GBK CSV and
xlsx, named 退款报表_YYYYMMDD. The truth is each report's disputes and the
status it shows.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from rightsguard._schema import Stage
from rightsguard.sample._files import taobao_export, write_export_xlsx
from rightsguard.sample._generate import END, generate_disputes
from rightsguard.sample._stages import p_given_stage, stage_at, stage_deadline

WEEKS = 8
WINDOW_DAYS = 60
LAST_REPORT = END - timedelta(days=28)
"""The last report's day: four weeks before the generator's end, so that every dispute the
reports show has had four weeks to close (a few slow ones stay open)."""
WEEKLY_DISPUTES = 6000
"""Disputes generated over the whole period; those opened in the weeks' windows are reported."""
FORMATS = ("csv", "gbk.csv", "xlsx")
STAGE_TRUTH = ("p_at_opening", "hours_to_close", "path")
"""The truth's columns that say where each dispute stands at any moment."""


def write_weekly(
    directory: str | Path, *, weeks: int = WEEKS, seed: int = 20261205
) -> tuple[list[Path], pl.DataFrame]:
    """Write ``weeks`` weekly reports of one shop into ``directory``.

    Returns
    -------
    paths : list of Path
        The reports, oldest first.
    truth : polars.DataFrame
        ``report`` (file name), ``moment``, ``dispute_id``, ``status`` (the
        outcome, or ``open``), ``stage`` and ``p_now`` (the true chance of a
        negotiated end given the stage and age; at opening for a closed one)
        of every dispute each report shows, and how it ``ended`` (negotiated,
        escalated, or open still at the generator's end, weeks after the last
        report).
    """
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)  # the folder is this function's output, replaced whole
    directory.mkdir(parents=True)
    sample = generate_disputes(WEEKLY_DISPUTES, seed, evidence="inventory")
    disputes = sample.disputes.join(
        sample.truth.select("dispute_id", "refund_fraction", *STAGE_TRUTH),
        on="dispute_id",
        maintain_order="left",
    )
    paths, truth = [], []
    for week in range(weeks):
        moment = LAST_REPORT - timedelta(days=7 * (weeks - 1 - week))
        shown = _as_of(disputes, moment)
        export = taobao_export(
            shown.drop("refund_fraction", *STAGE_TRUTH, "p_now"), seed + week, shown["refund_fraction"]
        )
        kind = FORMATS[week % len(FORMATS)]
        path = directory / f"退款报表_{moment:%Y%m%d}.{kind.rsplit('.', 1)[-1]}"
        if kind == "xlsx":
            write_export_xlsx(export, path)
        else:
            path.write_bytes(export.write_csv().encode("gbk" if kind.startswith("gbk") else "utf-8"))
        paths.append(path)
        truth.append(
            shown.select(
                pl.lit(path.name).alias("report"),
                pl.lit(moment).alias("moment"),
                "dispute_id",
                pl.col("outcome").cast(pl.String).fill_null("open").alias("status"),
                pl.col("stage").cast(pl.String),
                "p_now",
                pl.col("resolution").cast(pl.String).alias("ended"),
            )
        )
    return paths, pl.concat(truth)


def _as_of(disputes: pl.DataFrame, moment: datetime) -> pl.DataFrame:
    """The disputes a report made at ``moment`` shows, with their status then: the stage each
    open one has reached, its deadline, and its true chance given that stage and its age
    (``p_now``; a closed one's chance at opening)."""
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") <= moment)
    shown = disputes.filter(pl.col("opened_at").is_between(moment - timedelta(days=WINDOW_DAYS), moment))
    hours = ((moment - shown["opened_at"]).dt.total_seconds() / 3600).to_numpy()
    to_close = shown["hours_to_close"].to_numpy()
    stage, began = stage_at(shown["path"].to_numpy(), hours, to_close)
    goes_back = (shown["refund_type"] != "refund_only").to_numpy()
    p_now = p_given_stage(shown["p_at_opening"].to_numpy(), stage, hours, goes_back)
    since = [o + timedelta(hours=float(b)) for o, b in zip(shown["opened_at"], began)]
    due = [stage_deadline(s, b) for s, b in zip(stage, since)]
    return shown.with_columns(
        pl.Series("stage", stage.astype(str)).cast(Stage),
        pl.Series("p_now", np.where(stage == "closed", shown["p_at_opening"].to_numpy(), p_now)),
        pl.when(closed).then(pl.col("outcome")).alias("outcome"),
        pl.when(closed).then(pl.col("closed_at")).alias("closed_at"),
        pl.when(closed)
        .then(pl.col("deadline_at"))
        .otherwise(pl.Series(due, dtype=pl.Datetime("us")))
        .alias("deadline_at"),
        pl.when(~closed & (pl.Series(stage) == "awaiting_evidence"))
        .then(pl.Series(due, dtype=pl.Datetime("us")))
        .alias("proof_due_at"),
        pl.when(closed).then(pl.col("refund_fraction")).alias("refund_fraction"),
    )
