"""Malformed files: the regression corpus, one minimal reproducer per class, and a property test."""

import functools
import warnings
from pathlib import Path

import numpy as np
import pytest
from fuzz_cases import MUTATIONS, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rightsguard as rg

CORPUS = sorted((Path(__file__).parent / "corpus").iterdir())


@pytest.mark.parametrize("path", [p for p in CORPUS if p.name.startswith("refuse--")], ids=lambda p: p.name)
def test_a_file_that_cannot_be_read_is_refused_by_name(path):
    with pytest.raises((rg.UnreadableFileError, rg.SchemaError), match=rf"{path.name}|dispute data"):
        rg.load_disputes_lenient(path)


@pytest.mark.parametrize("path", [p for p in CORPUS if p.name.startswith("reject--")], ids=lambda p: p.name)
def test_a_bad_row_is_rejected_by_line_and_the_rest_accepted(path):
    result = rg.load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["1001", "1002"]
    assert result.rejected["source_row"].to_list() == [3]
    assert result.rejected["problems"].list.len().to_list() == [1]
    with pytest.raises(rg.SchemaError, match=r"1 row\(s\), lines 4"):
        rg.load_disputes(path)


def test_trailing_blank_lines_and_rows_of_empty_fields_load_strictly():
    result = rg.load_disputes_lenient(next(p for p in CORPUS if "trailing_blank" in p.name))

    assert (result.accepted.height, result.rejected.height, result.blank_lines) == (2, 0, 4)


def test_a_carriage_return_inside_a_quoted_field_is_kept():
    loaded = rg.load_disputes(next(p for p in CORPUS if "quoted_cr" in p.name))

    assert loaded["reason_raw"].to_list()[-1] == "line one\rline two"
    assert loaded["dispute_id"].to_list() == ["1001", "1002", "1003"]


def test_thousands_separators_and_currency_signs_read_by_the_documented_rule():
    loaded = rg.load_disputes(next(p for p in CORPUS if "thousands" in p.name))

    assert loaded["amount"].to_list() == [12.5, 8.0, 1234.5]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, len(MUTATIONS) - 1))
def test_every_malformed_file_loads_accounted_for_or_is_refused(tmp_path, seed, which):
    case = MUTATIONS[which](np.random.default_rng(seed))

    outcome = check(case, tmp_path)

    assert outcome in ("loaded", "refused"), f"{case.kind}: {outcome}"


@functools.cache
def _fitted() -> rg.scoring.NegotiationModel:
    from conftest import SAMPLE

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.scoring.fit_model(
            rg.load_disputes(SAMPLE / "disputes.csv").head(2000), fitting=rg.FitOptions(method="logistic")
        )


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, len(MUTATIONS) - 1))
def test_every_malformed_file_scored_to_a_file_accounts_as_memory_does(tmp_path, seed, which):
    """In batches of three rows where the file can be read in batches, in memory where not:
    the same rows accepted, rejected and blank as the lenient load, or the same refusal."""
    case = MUTATIONS[which](np.random.default_rng(seed))
    path = tmp_path / case.name
    path.write_bytes(case.data)
    try:
        expected = rg.load_disputes_lenient(path)
    except (rg.SchemaError, rg.UnreadableFileError) as error:
        with pytest.raises(type(error)):
            rg.score(path, model=_fitted(), output=tmp_path / "scored.csv", lenient=True, batch_size=3)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.score(path, model=_fitted(), output=tmp_path / "scored.csv", lenient=True, batch_size=3)

    assert (run.n_accepted, run.n_rejected, run.n_blank) == (
        expected.accepted.height,
        expected.rejected.height,
        expected.blank_lines,
    ), case.kind
