"""The notebooks run top to bottom through a real Jupyter kernel."""

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

pytestmark = pytest.mark.xdist_group("notebooks")  # its module fixtures run in one worker, once

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def with_parameters(book: nbformat.NotebookNode, **values: str) -> nbformat.NotebookNode:
    """Insert a cell after the parameters cell that overrides some of them."""
    index = next(i for i, c in enumerate(book.cells) if "parameters" in c.metadata.get("tags", []))
    lines = "\n".join(f"{k} = {v!r}" for k, v in values.items())
    book.cells.insert(index + 1, nbformat.v4.new_code_cell(lines))
    return book


def test_there_are_five_notebooks_committed_without_outputs():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_explore_disputes",
        "02_score_and_recommend",
        "03_model_quality",
        "04_real_world_data",
        "05_weekly_review",
    ]
    for path in NOTEBOOKS:
        book = nbformat.read(path, as_version=4)
        code = [c for c in book.cells if c.cell_type == "code"]
        assert not any(c.outputs or c.execution_count for c in code), path.name
        assert "parameters" in code[0].metadata.get("tags", []), path.name


def execute(path: Path, output_dir: Path) -> nbformat.NotebookNode:
    """Run one notebook through a fresh kernel (notebook 02 writes into ``output_dir``)."""
    book = nbformat.read(path, as_version=4)
    if path.stem.startswith("02"):  # one method: auto's comparison is notebook 03's and test_methods'
        book = with_parameters(book, OUTPUT_DIR=str(output_dir), METHOD="logistic")
    if path.stem.startswith("05"):
        book = with_parameters(book, WEEKS=5)  # enough weeks for closures to measure
    NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute(env={**os.environ, "IPYTHONDIR": str(_kernel_without_a_front_end(output_dir.parent))})
    return book


def _kernel_without_a_front_end(folder: Path) -> Path:
    """An IPython folder whose kernels open no comm: the notebooks' widgets are built and shown
    as text, with no messages to a front end that is not there. (nbclient answering widget
    messages deadlocks now and then, nbclient#312; what the widgets do is tested in-process,
    tests/test_widgets.py.)"""
    startup = folder / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00_no_front_end.py").write_text("import comm\n\ncomm.create_comm = comm.DummyComm\n")
    return folder / "ipython"


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, tuple[Future, Path]]:
    """Every notebook and its output folder, run two at a time (one per core) while the tests
    wait for theirs."""
    out = tmp_path_factory.mktemp("notebooks")
    pool = ThreadPoolExecutor(max_workers=2)
    yield {p.stem: (pool.submit(execute, p, out / p.stem), out / p.stem) for p in NOTEBOOKS}
    pool.shutdown(wait=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, executed):
    running, output_dir = executed[path.stem]
    book = running.result()

    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    charts = [
        o["data"]
        for c in book.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "application/vnd.vegalite.v5+json" in o.get("data", {})
    ]
    assert charts, f"{path.name} drew no chart"
    # interactive for JupyterLab, and a picture for an untrusted or exported notebook
    assert all(c["image/png"] and c["application/vnd.vegalite.v5+json"]["datasets"] for c in charts)
    if path.stem.startswith("02"):
        written = {p.suffix for p in output_dir.iterdir()}
        assert {".png", ".svg", ".pdf", ".html", ".csv", ".xlsx"} <= written


@pytest.mark.parametrize(
    ("stem", "words"),
    [("01_explore_disputes", ("处理中", "退款原因")), ("02_score_and_recommend", ("处理中", "退款编号"))],
)
def test_a_chinese_notebook_shows_its_tables_in_chinese(stem, words, executed):
    book = executed[stem][0].result()

    shown = "".join(
        o.get("data", {}).get("text/html", "") for c in book.cells if c.cell_type == "code" for o in c.outputs
    )
    assert all(word in shown for word in words)
    for english in ("still open", "rows read", "Disputes (all)", "Reason</th>", "Open disputes to negotiate"):
        assert english not in shown, english


@pytest.mark.parametrize(
    ("stem", "control"), [("02_score_and_recommend", "FloatSlider"), ("05_weekly_review", "Dropdown")]
)
def test_a_notebook_shows_its_controls(stem, control, executed):
    """The what-if's sliders (02) and the plan's filters (05) are built and shown (here as text:
    the test's kernel has no front end to draw them; tests/test_widgets.py moves them)."""
    book = executed[stem][0].result()

    shown = [
        o["data"]
        for c in book.cells
        if c.cell_type == "code" and "_explorer(" in c.source
        for o in c.outputs
        if o.output_type == "execute_result"
    ]
    assert len(shown) == 1
    assert "application/vnd.jupyter.widget-view+json" in shown[0]
    assert shown[0]["text/plain"].startswith(f"VBox(children=({control}(")
