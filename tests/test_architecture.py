"""Imports run one way: schema → io → scoring → decide → present → the command line."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rightsguard"
LAYERS = {
    "_counts": 0,
    "_errors": 0,
    "_lazy": 0,
    "_schema": 0,
    "_vocabulary": 0,
    "io": 1,
    "sample": 1,
    "scoring": 2,
    "mappings": 2,
    "evidence": 2,
    "decide": 3,
    "engine": 4,
    "present": 5,
    "store": 5,
    "spark": 5,
    "charts": 6,
    "plan": 6,
    "__init__": 6,
    "_cli_language": 6,
    "_cli_shared": 6,
    "_cli_small": 7,
    "_cli_store": 7,
    "_cli": 8,
}
"""Each top-level module or folder and its layer; a module may import only its layer or lower."""


def layer_of(module: str) -> int:
    return LAYERS[module.split(".")[1]]


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rightsguard"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("rightsguard")]
    return [m for m in found if m != "rightsguard"]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_runs_against_the_stated_direction(path):
    module = "rightsguard." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    own = layer_of(module)

    upward = [m for m in imports(path) if layer_of(m) > own]

    assert not upward, f"{module} (layer {own}) imports higher layers: {upward}"


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("rightsguard", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def import_graph() -> dict[str, set[str]]:
    """Each module and the package's modules it imports, wherever in it the import stands."""
    known = {module_of(p) for p in MODULES}
    graph = {}
    for path in MODULES:
        named = set()
        for target in imports(path):
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]  # a name imported from a module
            named.add(target)
        graph[module_of(path)] = named - {module_of(path)}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: its strongly connected groups of two or more modules."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle_of_three():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_two_modules_import_each_other_even_through_others():
    assert circles(import_graph()) == []


def test_every_top_level_module_and_folder_has_a_layer():
    names = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" or p.is_dir()) and p.name != "__pycache__"
    }

    assert names == set(LAYERS)


def test_the_sample_generator_does_not_depend_on_the_library_rules():
    assert not [m for m in imports(PACKAGE / "sample" / "_generate.py") if "scoring" in m]


def test_dir_offers_the_public_names_and_nothing_leaked():
    import rightsguard

    offered = set(dir(rightsguard))

    assert offered == {*rightsguard.__all__, "__version__"}
    assert not offered & {"annotations", "importlib", "version"}
    assert all(getattr(rightsguard, name) is not None for name in rightsguard.__all__)


def test_the_api_page_documents_every_public_name_and_no_other():
    import re

    import rightsguard

    page = (PACKAGE.parent / "docs" / "api.md").read_text(encoding="utf-8")
    section = page.split("# The public API", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`(\w+)`", row.split("|")[1])
    }

    assert documented == set(rightsguard.__all__)


NAMESPACE_PAGES = {
    "store": "store.md",
    "evidence": "evidence.md",
    "plan": "outputs.md",
    "scoring": "scoring.md",
}
"""Each namespace of functions and the page that holds its reference."""


@pytest.mark.parametrize("namespace", NAMESPACE_PAGES)
def test_each_namespace_offers_what_its_reference_documents_and_no_other(namespace):
    import importlib
    import re

    module = importlib.import_module(f"rightsguard.{namespace}")
    page = (PACKAGE.parent / "docs" / NAMESPACE_PAGES[namespace]).read_text(encoding="utf-8")
    section = page.split(f"## Reference: `rightsguard.{namespace}`", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`(\w+)`", row.split("|")[1])
    }

    assert documented == set(module.__all__) == set(dir(module))
    assert all(getattr(module, name) is not None for name in module.__all__)


def test_a_name_that_moved_to_a_namespace_says_where_it_went():
    import rightsguard

    with pytest.raises(AttributeError, match=r"^rightsguard.ingest is now rightsguard.store.ingest$"):
        rightsguard.ingest  # noqa: B018
    with pytest.raises(AttributeError, match=r"has no attribute 'nothing_of_the_kind'"):
        rightsguard.nothing_of_the_kind  # noqa: B018
    moved = [
        name
        for name in rightsguard._MOVED
        if name not in getattr(rightsguard, rightsguard._MOVED[name].split(".")[1]).__all__
    ]
    assert not moved


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=" ".join)
def test_ruff_finds_nothing_to_change(command):
    """ruff, as configured in pyproject.toml, on the package, the tests and the scripts."""
    import subprocess
    import sys

    checked = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "rightsguard", "tests", "scripts"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stdout[-3000:]


LONGEST_MODULE = 400


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_a_concept_needs(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())

    assert lines <= LONGEST_MODULE, f"{path.name} has {lines} lines: split it by concept"


def test_the_readme_is_short_and_links_only_pages_that_exist():
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\((docs/[^)#]+)", readme)

    assert len(readme.splitlines()) <= 150
    assert linked and all((PACKAGE.parent / page).is_file() for page in linked)
    assert {f"docs/{p.name}" for p in (PACKAGE.parent / "docs").glob("*.md")} <= set(linked)
