"""The measuring scripts follow today's code: a script that no longer runs measures nothing (the
store benchmark inserted its rows by position, and broke when version 4 added columns)."""

import importlib.util
import warnings

import rightsguard as rg

from conftest import ROOT


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_store_benchmark_builds_a_store_that_scores(tmp_path):
    store = tmp_path / "agency.duckdb"

    built = _script("store_benchmark").build_agency_store(store, 2_000, 2)

    assert built == {"disputes": 2_000, "statuses": 10_000}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.store.score_store(store, shop="shop_000", fitting=rg.FitOptions(method="logistic"))
    assert run.n_accepted == 1_000 and sum(run.recommendations.values()) == 40  # every fiftieth, all even


def test_an_agencys_stages_are_learned_from_the_same_sample_of_its_closed_cases_each_time(tmp_path):
    from rightsguard.store._connect import open_store
    from rightsguard.store._stages import stage_snapshots

    store = tmp_path / "agency.duckdb"
    _script("store_benchmark").build_agency_store(store, 2_000, 2)

    with open_store(store, read_only=True) as opened:
        whole = stage_snapshots(opened, None)
        sampled = stage_snapshots(opened, None, 500)
        again = stage_snapshots(opened, None, 500)
        shop = stage_snapshots(opened, "shop_000")
        bounded = stage_snapshots(opened, "shop_000", 1_000)  # over its 960 closed cases

    assert whole["dispute_id"].n_unique() > 1_900
    assert sampled["dispute_id"].n_unique() <= 500 < 2 * sampled["dispute_id"].n_unique()
    assert sampled.equals(again)  # the same sample each time
    assert sampled.join(whole, on=sampled.columns, how="anti").is_empty()  # rows of the whole
    assert bounded.equals(shop)  # a shop under the bound is learned from every case
