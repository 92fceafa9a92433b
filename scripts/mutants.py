"""Re-apply the mutations the adversarial trial found the suite let pass, and check each is killed.

Each mutant edits one line of the package, runs the test files that should catch
it, prints KILLED or SURVIVED, and restores the file whatever happens.

Run: uv run --frozen --group dev python scripts/mutants.py [PART OF A NAME]
It exits 1 when a mutant survived, its line is gone (the list must follow the code) or its tests
could not run (a collection error is an ERROR, never a kill: only failing tests kill). The tests
of each mutant are first run on the code as it is: a test that fails there kills nothing (BROKEN).
"""

from __future__ import annotations

import functools
import pathlib
import subprocess
import sys

from mutant_lines import MUTANTS  # scripts/ is on the path when this file runs

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main(only: str = "") -> int:
    """Run every mutant whose name holds ``only``; 1 when one survived or no longer applies."""
    outcomes = [
        run(name, ROOT / file, old, new, tests) for name, file, old, new, tests in MUTANTS if only in name
    ]
    return 0 if all(outcome == "KILLED" for outcome in outcomes) else 1


TESTS_FAILED = 1
"""pytest's exit status when tests ran and some failed; 2 (interrupted, a collection error), 3, 4
and 5 mean the tests did not run as they should."""


def run(name: str, path: pathlib.Path, old: str, new: str, tests: str) -> str:
    """KILLED, SURVIVED, ERROR when the tests could not run, STALE when the line to mutate is
    gone (the list must follow the code), or BROKEN when its tests fail on the code as it is."""
    text = path.read_text()
    if old not in text:
        print(f"STALE {name}: the line to mutate is gone from {path.name}", flush=True)
        return "STALE"
    if not _passes_unmutated(tests):
        print(f"BROKEN {name}: {tests} fail on the code as it is", flush=True)
        return "BROKEN"
    path.write_text(text.replace(old, new, 1))
    try:
        done = _pytest(tests)
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        outcome = {0: "SURVIVED", TESTS_FAILED: "KILLED"}.get(done.returncode, "ERROR")
        print(f"{outcome} {name}: {last}", flush=True)
        return outcome
    finally:
        path.write_text(text)


@functools.cache
def _passes_unmutated(tests: str) -> bool:
    """Whether ``tests`` pass on the code as it is (asked once per set of test files)."""
    return _pytest(tests).returncode == 0


def _pytest(tests: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["uv", "run", "--frozen", "--group", "dev", "pytest", "-q", "-x", "-n0", "-p", "no:cacheprovider"]
        + tests.split(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
