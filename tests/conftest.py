"""Shared paths and frames for the tests."""

import os
from pathlib import Path

import polars as pl
import pytest

# the command line speaks the system's language: the tests read English unless they ask for zh
os.environ["LC_ALL"] = "C.UTF-8"

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
    """The sample scored once out of fold by logistic models, shared by every test that reads it
    (the default method, which also fits and compares boosting, is tested in test_methods.py)."""
    from rightsguard import FitOptions, score

    return score(sample_disputes, fitting=FitOptions(method="logistic")).scored


@pytest.fixture(scope="session")
def truth() -> pl.DataFrame:
    return pl.read_csv(SAMPLE / "truth.csv", schema_overrides={"dispute_id": pl.String})


def pytest_configure(config) -> None:
    """Start the Spark job in the background once, in the process that leads the run (the
    xdist controller, or pytest itself without workers), when the run may include the Spark
    test: Spark's start-up (a JVM and Python workers, half a minute here) then overlaps the
    other tests. Workers learn where it writes from :func:`pytest_configure_node`."""
    import shutil
    import subprocess
    import sys
    import tempfile

    if hasattr(config, "workerinput"):
        if config.workerinput["spark_out"]:
            config.stash[_SPARK_OUT] = Path(config.workerinput["spark_out"])
        return
    chosen = config.args or ["tests"]
    if shutil.which("java") is None or not any(
        "test_spark" in a or Path(a).resolve() in (ROOT, ROOT / "tests") for a in chosen
    ):
        return
    out = Path(tempfile.mkdtemp(prefix="rightsguard-spark-")) / "scored.parquet"
    subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "spark_job.py"), str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    config.stash[_SPARK_OUT] = out


SLOWEST_FILES = (
    "test_notebooks.py",
    "test_stream.py",
    "test_soak.py",
    "test_typed_plans.py",
    "test_safe_outputs.py",
    "test_charts.py",
    "test_weekly_cycle.py",
    "test_old_stores.py",
    "test_report.py",
    "test_one_pipeline.py",
)
"""The test files that take longest (15 to 35 s each here), slowest first."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the slowest files first: the two workers each take whole files, in the order
    collected, so that a slow file left for last would keep one working while the other
    waits. Within a file, and among the others, the order stays."""
    rank = {name: place for place, name in enumerate(SLOWEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Tell an xdist worker where the Spark job writes."""
    out = node.config.stash.get(_SPARK_OUT, None)
    node.workerinput["spark_out"] = str(out) if out else ""


_SPARK_OUT = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def spark_scored(pytestconfig) -> tuple[Path, object]:
    """The folder where ``tests/spark_job.py`` wrote what it scored on Spark, and its model."""
    import time

    from rightsguard.scoring import load_model

    out = pytestconfig.stash.get(_SPARK_OUT, None)
    assert out is not None, "the Spark job was not started: run the Spark test by its file"
    done = out.with_suffix(".done")
    deadline = time.monotonic() + 600
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert done.exists(), "the Spark job did not finish within 10 minutes"
    status = done.read_text(encoding="utf-8")
    assert status == "ok", status[-3000:]
    return out.parent, load_model(out.parent / "model.skops")


def fill_plan(plan: pl.DataFrame, actions: dict[int, str], path) -> None:
    """The plan with the given rows' 处理结果 typed in, saved as CSV."""
    typed = pl.Series("处理结果", [actions.get(i) for i in range(plan.height)], pl.String)
    plan.with_columns(typed).write_csv(path)


def type_into_workbook(book, actions: dict[str, str]) -> None:
    """Type actions into the plan sheet of a workbook, as a seller does in Excel, keeping its
    other sheets (the hidden one too)."""
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    sheet = workbook["处理计划"]
    header = [c.value for c in sheet[1]]
    ids, action = header.index("退款编号"), header.index("处理结果")
    for row in sheet.iter_rows(min_row=2):
        if row[ids].value in actions:
            row[action].value = actions[row[ids].value]
    workbook.save(book)
