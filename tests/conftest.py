"""Shared paths and frames for the tests."""

from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
NYC = ROOT / "data" / "nyc_dca_2014_2016" / "Consumer_Services_Mediated_Complaints.csv"


@pytest.fixture(scope="session")
def sample_disputes() -> pl.DataFrame:
    """The bundled canonical sample, loaded strictly."""
    from rightsguard import load_disputes

    return load_disputes(SAMPLE / "disputes.csv")


@pytest.fixture(scope="session")
def sample_scored(sample_disputes) -> pl.DataFrame:
    """The sample scored once with the defaults (out of fold), shared by every test that reads it."""
    from rightsguard import score

    return score(sample_disputes)


@pytest.fixture(scope="session")
def truth() -> pl.DataFrame:
    return pl.read_csv(SAMPLE / "truth.csv", schema_overrides={"dispute_id": pl.String})
