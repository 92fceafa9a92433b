"""One engine: a file streamed in batches gives what memory gives, whatever the options.

Each test names an option that one path once honoured and another silently dropped.
"""

import warnings

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS

from conftest import NYC


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _named(frame: pl.DataFrame) -> pl.DataFrame:
    """Disputes whose counterparty's earlier disputes ended as theirs will: history matters."""
    return frame.with_columns(
        pl.format("{}-{}", pl.col("resolution"), pl.int_range(pl.len()) % 40).alias("counterparty")
    )


@pytest.fixture(scope="module")
def named_model(sample_disputes):
    return _quiet(
        rg.scoring.fit_model, _named(sample_disputes.head(3000)), fitting=rg.FitOptions(method="logistic")
    )


def _same(streamed: pl.DataFrame, in_memory: pl.DataFrame) -> None:
    """The same rows and columns, but for the reasons (``why``), which a file does not hold."""
    assert streamed.drop("p_negotiated").equals(in_memory.drop("p_negotiated", "why"))
    assert (streamed["p_negotiated"] - in_memory["p_negotiated"]).abs().max() < 1e-12


def test_history_counts_alike_streamed_and_in_memory(tmp_path, sample_disputes, named_model):
    named = _named(sample_disputes)
    earlier, scored = named.head(3000), named.slice(3000, 1200)
    scored.write_parquet(tmp_path / "week.parquet")

    in_memory = _quiet(rg.score, scored, model=named_model, history=earlier).scored
    _quiet(
        rg.score,
        tmp_path / "week.parquet",
        model=named_model,
        history=earlier,
        output=tmp_path / "scored.parquet",
        batch_size=400,
        keep_private=True,
    )

    without = _quiet(rg.score, scored, model=named_model).scored
    assert (in_memory["p_negotiated"] - without["p_negotiated"]).abs().max() > 0.01  # history matters
    _same(pl.read_parquet(tmp_path / "scored.parquet"), in_memory)


def test_folds_of_the_fitting_options_give_the_same_held_out_ruling_chances(tmp_path, sample_disputes):
    model = _quiet(rg.scoring.fit_model, sample_disputes.head(3000), fitting=rg.FitOptions(method="logistic"))
    disputes = sample_disputes.slice(1000, 2000)
    disputes.write_parquet(tmp_path / "disputes.parquet")
    fitting = rg.FitOptions(method="logistic", n_splits=3, random_state=11)

    in_memory = _quiet(rg.score, disputes, model=model, fitting=fitting).scored.drop("counterparty")
    _quiet(
        rg.score,
        tmp_path / "disputes.parquet",
        model=model,
        fitting=fitting,
        output=tmp_path / "scored.parquet",
        batch_size=500,
    )

    default = _quiet(rg.score, disputes, model=model).scored
    assert (in_memory["p_win_ruling"] - default["p_win_ruling"]).abs().max() > 1e-6  # the folds matter
    _same(pl.read_parquet(tmp_path / "scored.parquet"), in_memory)


def test_a_mapping_that_declares_feature_columns_streams_with_a_saved_model(tmp_path):
    reading = rg.ReadOptions(mapping=NYC_MEDIATED_COMPLAINTS)
    loaded = rg.load_disputes_lenient(NYC, mapping=NYC_MEDIATED_COMPLAINTS).accepted
    assert [c for c in loaded.columns if c.startswith("extra_")], "the shipped mapping declares features"
    model = _quiet(rg.scoring.fit_model, loaded, fitting=rg.FitOptions(method="logistic"))
    assert model.levels_.extras

    in_memory = _quiet(rg.score, NYC, model=model, reading=reading, lenient=True)
    streamed = _quiet(
        rg.score,
        NYC,
        model=model,
        reading=reading,
        lenient=True,
        output=tmp_path / "scored.parquet",
        batch_size=1000,
    )

    assert streamed.n_accepted == in_memory.n_accepted and streamed.n_rejected == in_memory.n_rejected
    assert streamed.notes == in_memory.notes
    _same(pl.read_parquet(tmp_path / "scored.parquet"), in_memory.scored.drop("counterparty"))


def test_a_lenient_stream_leaves_the_buyers_keys_out_of_its_refused_rows(tmp_path, sample_disputes):
    model = _quiet(rg.scoring.fit_model, sample_disputes.head(3000), fitting=rg.FitOptions(method="logistic"))
    text = _named(sample_disputes.head(900)).with_columns(pl.all().cast(pl.String))
    broken = text.with_columns(
        pl.when(pl.int_range(pl.len()) % 50 == 3).then(pl.lit("¥abc")).otherwise("amount").alias("amount")
    )
    broken.write_csv(tmp_path / "disputes.csv")

    for name, batch_size in (("in_memory.xlsx", 100_000), ("streamed.csv", 300)):
        _quiet(
            rg.score,
            tmp_path / "disputes.csv",
            model=model,
            output=tmp_path / name,
            lenient=True,
            batch_size=batch_size,
        )

    refused = {
        name: pl.read_csv(tmp_path / f"{name}_rejected.csv", infer_schema=False)
        for name in ("in_memory", "streamed")
    }
    assert refused["streamed"].height == refused["in_memory"].height == 18
    assert "counterparty" not in refused["streamed"].columns
    assert refused["streamed"].columns == refused["in_memory"].columns
