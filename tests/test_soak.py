"""The seller's week soaked: two shops of one agency store through ten weekly cycles, out of
order (a week arrives after the ones that follow it), with a re-run and repeated records, every
command answering 0."""

import polars as pl
import pytest

import rightsguard as rg

from conftest import type_into_workbook


@pytest.fixture(scope="module")
def weekly(tmp_path_factory):
    from rightsguard.sample._weekly import write_weekly

    return write_weekly(tmp_path_factory.mktemp("weekly"))[0]


def test_weeks_of_two_shops_out_of_order_with_reruns_and_repeated_records_never_break(
    weekly, tmp_path_factory
):
    """The soak: every week's plan exists and every command answers 0, whatever the seller
    fills in (nothing, one row, a few), re-runs, records twice, or ingests late."""
    import random

    from rightsguard._cli import main
    from rightsguard.sample._weekly import write_weekly

    folder = tmp_path_factory.mktemp("soak")
    other = write_weekly(folder / "other_shop", weeks=1, seed=7)[0]
    store = folder / "agency.duckdb"
    choose = random.Random(31)
    weeks = [("甲店", weekly[i]) for i in (0, 2, 2, 3, 1, 4, 5, 7, 6)] + [("乙店", p) for p in other]
    assert len(weeks) == 10
    tail = weeks[-3:]
    choose.shuffle(tail)  # the second shop's weeks arrive among the first's
    weeks[-3:] = tail
    for cycle, (shop, export) in enumerate(weeks):
        plan = folder / f"plan_{cycle}.xlsx"
        assert main(["ingest", str(export), "--store", str(store), "--shop", shop, "--lang", "zh"]) == 0
        assert (
            main(
                [
                    "score",
                    "--store",
                    str(store),
                    "--shop",
                    shop,
                    "-o",
                    str(plan),
                    "--method",
                    "logistic",
                    "--lang",
                    "zh",
                ]
            )
            == 0
        )
        shown = pl.read_excel(plan, sheet_name="处理计划", infer_schema_length=0)
        assert (
            shown.height
            == rg.store.read_store("predictions", store)
            .join(rg.store.read_store("runs", store).sort("made_at").tail(1), on="run_id")
            .height
        )
        ids = shown["退款编号"].to_list()
        typed = {
            i: choose.choice(["协商", "直接退款", "申请客服介入", "未处理"])
            for i in choose.sample(ids, min(len(ids), choose.choice([0, 1, 2, 5])))
        }
        type_into_workbook(plan, typed)
        for _ in range(choose.choice([1, 2])):
            assert main(["record", str(plan), "--store", str(store), "--lang", "zh"]) == 0

    decided = rg.store.read_store("decisions", store)
    assert (
        decided.height > 0
        and decided["run_id"].is_in(rg.store.read_store("runs", store)["run_id"].implode()).all()
    )
