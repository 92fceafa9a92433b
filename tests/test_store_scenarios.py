"""Small adversarial scenarios for the store: a case that closes and then reopens, exports in any
order, and a closing export ingested after a prediction."""

import warnings
from datetime import datetime

import polars as pl
import pytest

import rightsguard as rg

from conftest import SAMPLE

CLOSED_AT = datetime(2026, 8, 20, 12, 0)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, object]:
    """Three exports of one shop: the first week as exported (its open cases open), a week later
    with every open case closed, and a week after that with one of them (``reopened``) open again."""
    folder = tmp_path_factory.mktemp("scenario")
    first = rg.load_disputes(SAMPLE / "weekly" / "退款报表_20260815.csv").drop("resolution")
    is_open = pl.col("outcome").is_null()
    platform = pl.col("stage").cast(pl.String).is_in(["cs_requested", "cs_intervening", "awaiting_evidence"])
    closed = first.with_columns(
        pl.when(is_open)
        .then(pl.when(platform).then(pl.lit("platform_seller")).otherwise(pl.lit("agreed")))
        .otherwise(pl.col("outcome").cast(pl.String))
        .cast(first.schema["outcome"])
        .alias("outcome"),
        pl.when(is_open).then(pl.lit(CLOSED_AT)).otherwise(pl.col("closed_at")).alias("closed_at"),
        pl.when(is_open)
        .then(pl.lit("closed"))
        .otherwise(pl.col("stage").cast(pl.String))
        .cast(first.schema["stage"])
        .alias("stage"),
    )
    reopened = first.filter(is_open & ~platform)["dispute_id"][0]
    again = closed.with_columns(
        pl.when(pl.col("dispute_id") == reopened).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("outcome", "closed_at")
    ).with_columns(
        pl.when(pl.col("dispute_id") == reopened)
        .then(pl.lit("awaiting_seller"))
        .otherwise(pl.col("stage").cast(pl.String))
        .cast(first.schema["stage"])
        .alias("stage")
    )
    paths = {}
    for name, frame in (("first", first), ("closed", closed), ("reopened", again)):
        day = {"first": "20260815", "closed": "20260821", "reopened": "20260828"}[name]
        paths[name] = folder / f"export_{day}.parquet"
        frame.write_parquet(paths[name])
    return {"paths": paths, "reopened": reopened, "open": first.filter(is_open)["dispute_id"].to_list()}


def state(store, dispute: str) -> tuple:
    row = rg.store.read_store("disputes", store).filter(pl.col("dispute_id") == dispute)
    return row.select("outcome", "closed_at", "stage").row(0)


@pytest.mark.parametrize(
    "order",
    [("first", "closed", "reopened"), ("reopened", "first", "closed"), ("closed", "reopened", "first")],
)
def test_a_case_that_reopens_is_open_again_whatever_order_the_exports_come_in(exports, tmp_path, order):
    store = tmp_path / "shop.duckdb"
    for name in order:
        rg.store.ingest(exports["paths"][name], store=store)

    assert state(store, exports["reopened"]) == (None, None, "awaiting_seller")
    others = [d for d in exports["open"] if d != exports["reopened"]]
    closed = rg.store.read_store("disputes", store).filter(pl.col("dispute_id").is_in(others))
    assert closed["outcome"].null_count() == 0 and (closed["closed_at"] == CLOSED_AT).all()
    history = rg.store.read_store("status_history", store).filter(pl.col("dispute_id") == exports["reopened"])
    assert {"open", "agreed"} <= set(history["status"])


def test_a_prediction_counts_when_its_closing_export_comes_after_it_and_not_once_the_case_reopens(
    exports, tmp_path
):
    store = tmp_path / "shop.duckdb"
    rg.store.ingest(exports["paths"]["first"], store=store)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rg.store.score_store(store, fitting=rg.FitOptions(method="logistic"))  # predicts the open cases
        rg.store.score_store(store, fitting=rg.FitOptions(method="logistic"))  # the same run again

    rg.store.ingest(exports["paths"]["closed"], store=store)
    counted = rg.store.track_record(store).predictions

    assert sorted(counted["dispute_id"]) == sorted(exports["open"])  # once each, the re-run once
    assert (counted["as_of"] == datetime(2026, 8, 15)).all()

    rg.store.ingest(exports["paths"]["reopened"], store=store)
    counted = rg.store.track_record(store).predictions

    assert exports["reopened"] not in counted["dispute_id"].to_list()  # its end is not known
    assert counted.height == len(exports["open"]) - 1


def test_a_prediction_made_after_its_case_was_first_seen_closed_never_counts(exports, tmp_path):
    """A case closes, reopens and closes again. The run that predicted it before its first close
    counts; the run that predicted it reopened does not: an outcome had already been seen when
    it was made, so counting it would let the record see the answer."""
    store = tmp_path / "shop.duckdb"
    closed_again = tmp_path / "export_20260904.parquet"
    pl.read_parquet(exports["paths"]["closed"]).with_columns(
        pl.when(pl.col("dispute_id") == exports["reopened"])
        .then(pl.lit(datetime(2026, 9, 1, 9, 0)))
        .otherwise(pl.col("closed_at"))
        .alias("closed_at")
    ).write_parquet(closed_again)
    fitting = rg.FitOptions(method="logistic")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rg.store.ingest(exports["paths"]["first"], store=store)
        rg.store.score_store(store, fitting=fitting)  # before its first close
        rg.store.ingest([exports["paths"]["closed"], exports["paths"]["reopened"]], store=store)
        rg.store.score_store(store, fitting=fitting)  # reopened: after an outcome was seen
    rg.store.ingest(closed_again, store=store)

    predicted = rg.store.read_store("predictions", store).filter(pl.col("dispute_id") == exports["reopened"])
    counted = rg.store.track_record(store).predictions.filter(pl.col("dispute_id") == exports["reopened"])

    assert predicted.height == 2
    assert counted["as_of"].to_list() == [datetime(2026, 8, 15)]
