"""Open cases by stage on the bundled weekly sample: scores and decisions against the truth.

Each week the store takes that week's export and scores its open cases twice, on the same
data: as this release does (each case's stage, learned from how the store's closed cases
moved through theirs) and as the release before did (time open only: the stage blanked).
Every open case-week whose case has ended by the generator's end is compared with the
truth (:mod:`rightsguard.sample._stages`: its chance given its stage and age) and with the
oracle that decides knowing that chance (and the plan's own chance of winning a ruling, so
that only the chance of a negotiated end differs): how far each scoring's AUC and
calibration error are from the truth's, and what each loses against the oracle (regret, in
CNY, by stage group). Negotiating with customer service holding the case is priced as what
it is: its handling, then the ruling.

Usage::

    uv run python scripts/stage_regret.py [--weeks 8]
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl

import rightsguard as rg
from rightsguard._schema import PLATFORM_STAGES, Stage
from rightsguard.decide._options import OPTIONS
from rightsguard.decide._policy import DEFAULT_POLICY
from rightsguard.sample._weekly import write_weekly
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._quality import measure
from rightsguard.store._connect import open_store
from rightsguard.store._runs import _disputes
from rightsguard.store._stages import learned_stage_times

LEARNED = 5
"""The week from which the store holds four earlier weeks' exports to learn the stages from."""
GROUPS = {"customer service": PLATFORM_STAGES, "refused": ("seller_refused",)}


def _group() -> pl.Expr:
    stage = pl.col("stage").cast(pl.String)
    chain = pl.when(stage.is_in(GROUPS["customer service"])).then(pl.lit("customer service"))
    return (
        chain.when(stage == "seller_refused")
        .then(pl.lit("refused"))
        .otherwise(pl.lit("awaiting"))
        .alias("group")
    )


def _true_costs(frame: pl.DataFrame) -> pl.DataFrame:
    """Each option's expected cost under the truth (negotiating priced at its true chance, 0
    with customer service: the attempt costs its handling and ends in a ruling)."""
    truth = frame.with_columns(pl.col("p_now").alias("p_negotiated"), pl.lit(None, Stage).alias("stage"))
    costs = DEFAULT_POLICY.costs()
    return truth.select(
        *(costs[o].alias(f"true_{o}") for o in OPTIONS), DEFAULT_POLICY.option().alias("oracle")
    )


def week_case_rows(weeks: int) -> pl.DataFrame:
    """Every open case-week of the first ``weeks`` weekly exports, scored both ways."""
    folder = Path(tempfile.mkdtemp())
    paths, truth = write_weekly(folder / "weekly", weeks=weeks)
    store, rows = folder / "store.duckdb", []
    for week, path in enumerate(paths):
        rg.store.ingest(path, store=store)
        with open_store(store) as opened:
            disputes, stages = _disputes(opened, None), learned_stage_times(opened, None)
        now = rg.score(disputes, fitting=replace(FitOptions(), stage_times=stages)).scored
        before = rg.score(disputes.with_columns(pl.lit(None, Stage).alias("stage"))).scored
        shown = truth.filter(pl.col("report") == path.name).select("dispute_id", "p_now", "ended")
        open_now = now.filter(pl.col("resolution") == "open").select(
            "dispute_id",
            "stage",
            "p_negotiated",
            "p_win_ruling",
            "recommendation",
            "amount",
            "paid_amount",
            "negotiated_refund_share",
        )
        rows.append(
            open_now.join(
                before.select(
                    "dispute_id",
                    pl.col("p_negotiated").alias("p_before"),
                    pl.col("recommendation").alias("rec_before"),
                ),
                on="dispute_id",
            )
            .join(shown, on="dispute_id")
            .with_columns(pl.lit(week + 1).alias("week"))
        )
    cases = pl.concat(rows).filter(pl.col("ended") != "open")
    return pl.concat([cases, _true_costs(cases)], how="horizontal").with_columns(_group())


def _regret(cases: pl.DataFrame, option: str) -> pl.Expr:
    chosen = pl.coalesce(
        pl.when(pl.col(option).cast(pl.String) == o).then(pl.col(f"true_{o}")) for o in OPTIONS
    )
    best = pl.coalesce(
        pl.when(pl.col("oracle").cast(pl.String) == o).then(pl.col(f"true_{o}")) for o in OPTIONS
    )
    return (chosen - best).sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    cases = week_case_rows(parser.parse_args().weeks)
    recent = cases.filter(pl.col("week") >= LEARNED)
    for period, chosen in (("every week", cases), (f"from week {LEARNED}", recent)):
        y = (chosen["ended"] == "negotiated").to_numpy().astype(int)
        print(f"{period}: {chosen.height} open case-weeks, {int(y.sum())} ended by negotiation")
        for name, column in (
            ("truth", "p_now"),
            ("this release", "p_negotiated"),
            ("time open only", "p_before"),
        ):
            quality = measure(y, chosen[column].to_numpy())
            print(f"{name:>17}: AUC {quality.roc_auc:.3f}, calibration error {quality.calibration_error:.3f}")
    platform = cases.filter(pl.col("group") == "customer service")
    print(
        f"with customer service: {platform.height} case-weeks; advised to negotiate "
        f"{int((platform['recommendation'] == 'negotiate').sum())} (this release), "
        f"{int((platform['rec_before'] == 'negotiate').sum())} (time open only)"
    )
    table = cases.group_by("group").agg(
        pl.len().alias("case-weeks"),
        _regret(cases, "rec_before").round(0).alias("regret before (CNY)"),
        _regret(cases, "recommendation").round(0).alias("regret now (CNY)"),
    )
    total = cases.select(
        pl.lit("all").alias("group"),
        pl.len().alias("case-weeks"),
        _regret(cases, "rec_before").round(0).alias("regret before (CNY)"),
        _regret(cases, "recommendation").round(0).alias("regret now (CNY)"),
    )
    with pl.Config(tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(pl.concat([table.sort("group"), total]))
    print("mean |p - truth|:", f"{np.abs(cases['p_negotiated'] - cases['p_now']).mean():.3f}")


if __name__ == "__main__":
    main()
