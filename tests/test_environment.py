"""The main job's install holds what it needs: no Spark, pandas or test tools, and no
recompiling of every package on each ``uv run``."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_FOR_THE_MAIN_JOB = {
    "pyspark",
    "pandas",
    "pyarrow",
    "pytest",
    "hypothesis",
    "nbclient",
    "mypy",
    "jupyterlab",
}


def _main_job_packages() -> set[str]:
    """Every package ``uv run --frozen rightsguard ...`` installs: rightsguard's own
    dependencies in uv.lock, followed through theirs (no extra, no group)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    packages = {p["name"]: p for p in lock["package"]}
    seen, todo = set(), ["rightsguard"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [d["name"] for d in packages[name].get("dependencies", [])]
    return seen


def test_the_main_job_installs_no_spark_pandas_or_test_tools():
    installed = _main_job_packages()

    assert {"polars", "scikit-learn", "altair", "skops"} <= installed
    assert not installed & NOT_FOR_THE_MAIN_JOB, installed & NOT_FOR_THE_MAIN_JOB


def test_uv_adds_no_group_by_default_and_compiles_nothing_on_each_run():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["uv"]

    assert settings.get("default-groups") == []
    assert "compile-bytecode" not in settings
    assert "pytest" in " ".join(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]["dev"]
    )


def test_the_readme_test_command_adds_the_dev_group_and_ci_runs_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    assert "\n    uv run --frozen --group dev pytest\n" in readme
    assert ci.rstrip().splitlines()[-1] == "uv run --frozen --group dev pytest"
