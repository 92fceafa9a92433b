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


def pytest_collection_modifyitems(session, config, items) -> None:
    """Start the Spark job in the background once its test is collected: Spark's start-up
    (a JVM and Python workers, half a minute here) then overlaps the other tests."""
    import shutil
    import subprocess
    import sys
    import tempfile

    if shutil.which("java") is None or not any(i.path.name == "test_spark.py" for i in items):
        return
    out = Path(tempfile.mkdtemp(prefix="rightsguard-spark-")) / "scored.parquet"
    job = subprocess.Popen([sys.executable, str(ROOT / "tests" / "spark_job.py"), str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    config.stash[_SPARK_JOB] = (job, out)


_SPARK_JOB = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def spark_scored(pytestconfig) -> tuple[pl.DataFrame, object]:
    """What ``tests/spark_job.py`` scored on Spark, and the model it used."""
    from rightsguard import load_model

    job, out = pytestconfig.stash[_SPARK_JOB]
    _, errors = job.communicate(timeout=600)
    assert job.returncode == 0, errors[-3000:]
    return pl.read_parquet(out), load_model(out.with_suffix(".skops"))
