"""What the plan loses against the generator's oracle on the sample export, per evidence coverage,
under each rule of absence.

Scores ``data/sample/taobao_export_gbk.csv`` with its evidence folder and ledger, and prices
every dispute's recommended option and the oracle's (the cheapest at the true chance of a
negotiated end and of winning a ruling, ``taobao_truth.csv``) at the truth. Prints, per rule of absence
(``ledger_period``, the default, and ``unknown``; and the default with the ruling curve fitted
on every ruling at its expected share of vouchers, as before it was learned from the recorded
ones), the regret in CNY of the disputes with a folder, those with a ledger row, those with no
row that opened within the ledger's dates, and those nothing covers, and the mean chance of
winning a ruling in each against the truth's.

Run: uv run --frozen python scripts/ruling_regret.py
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import polars as pl

import rightsguard as rg

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
FOLDER, LEDGER = SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"


def coverage() -> pl.Expr:
    """Where each dispute's vouchers are told: ``folder``, ``ledger row``, ``no row in the
    ledger's dates`` or ``none``."""
    folders = [p.name for p in FOLDER.iterdir() if p.is_dir()]
    ledger = pl.read_csv(LEDGER, infer_schema=False)
    days = ledger["日期"].str.to_date()
    return (
        pl.when(pl.col("order_id").is_in(folders))
        .then(pl.lit("folder"))
        .when(pl.col("dispute_id").is_in(ledger["退款编号"].unique().to_list()))
        .then(pl.lit("ledger row"))
        .when(pl.col("opened_at").dt.date().is_between(days.min(), days.max()))
        .then(pl.lit("no row in the ledger's dates"))
        .otherwise(pl.lit("none"))
        .alias("coverage")
    )


def regret_by_coverage(run: rg.ScoringRun) -> pl.DataFrame:
    """Regret against the oracle (both priced at the truth) and the ruling chance, per coverage."""
    truth = pl.read_csv(SAMPLE / "taobao_truth.csv", schema_overrides={"dispute_id": pl.String})
    scored = run.scored.join(
        truth.select(
            "dispute_id", pl.col("p_negotiated").alias("true_p"), pl.col("p_win_ruling").alias("true_w")
        ),
        on="dispute_id",
    ).with_columns(coverage())
    # the oracle takes the cheapest option at the truth, unguarded (the guard is the plan's rule
    # for chances it is unsure of), so that no plan can do better than it: regret is never negative
    policy = replace(run.policy, min_win_probability=0.0)
    at_truth = scored.with_columns(p_negotiated="true_p", p_win_ruling="true_w")
    costs = at_truth.select(**{o: c for o, c in policy.costs().items()}, oracle=policy.option())

    def cost_of(option: pl.Expr) -> pl.Expr:
        return pl.coalesce(pl.when(option.cast(pl.String) == o).then(pl.col(o)) for o in rg.OPTIONS)

    priced = pl.concat(
        [scored.select("coverage", "recommendation", "p_win_ruling", "true_w"), costs], how="horizontal"
    )
    return (
        priced.with_columns((cost_of(pl.col("recommendation")) - cost_of(pl.col("oracle"))).alias("regret"))
        .group_by("coverage")
        .agg(
            pl.len().alias("disputes"),
            pl.col("regret").sum().round(0).alias("regret (CNY)"),
            pl.col("p_win_ruling").mean().round(3).alias("ruling chance"),
            pl.col("true_w").mean().round(3).alias("true chance"),
        )
        .sort("coverage")
    )


def at_expected_shares(run: rg.ScoringRun) -> rg.ScoringRun:
    """The run decided again with the ruling curve fitted on every past ruling at its expected
    share of vouchers (regression calibration), as before the curve was learned from the
    rulings whose vouchers were all recorded."""
    from rightsguard._schema import VOUCHERS
    from rightsguard.decide._ruling import RulingChance, rulings_of
    from rightsguard.scoring._held import completeness_distribution

    flattened = RulingChance.from_rulings(rulings_of(run.scored).drop("recorded"))
    required = dict(zip(VOUCHERS, rg.evidence.DEFAULT_RULES.required_exprs()))
    law = completeness_distribution(run.scored, run.model.levels_.held_rates, required)
    again = run.scored.with_columns(pl.Series("p_win_ruling", flattened.averaged(law)))
    return replace(run, scored=again.with_columns(run.policy.option().alias("recommendation")))


def main() -> None:
    tables = []
    for absence in ("ledger_period", "unknown"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evidence = rg.evidence.load_evidence([FOLDER, LEDGER], absence=absence)
            run = rg.score(SAMPLE / "taobao_export_gbk.csv", evidence=evidence)
        variants = {absence: run}
        if absence == "ledger_period":
            variants["ledger_period, curve at expected shares"] = at_expected_shares(run)
        for name, decided in variants.items():
            table = regret_by_coverage(decided)
            tables.append(table.select(pl.lit(name).alias("absence"), pl.all()))
            print(f"{name}: {table['regret (CNY)'].sum():,.0f} CNY")
        print(f"  {run.ruling.describe()}")
    with pl.Config(
        tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True, tbl_rows=20, fmt_str_lengths=40
    ):
        print(pl.concat(tables))


if __name__ == "__main__":
    main()
