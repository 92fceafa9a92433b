"""A fuzz campaign against the loaders: malformed files in, every outcome counted.

Each case is a file derived from the sample by one mutation of
``tests/fuzz_cases.py`` (byte flips, truncation, encodings, quoting, headers,
numbers, dates, ids, blank lines, NUL bytes and mid-file BOMs, corrupt and
hostile xlsx/xls/Parquet), loaded strictly and leniently. The invariant: every
file loads with its rows accounted for and its values unchanged, or is refused
with a rightsguard error. Prints the counts per outcome and per mutation, and
the first few broken cases.

Run: uv run --frozen python scripts/fuzz_loaders.py [--cases 2100] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_cases import MUTATIONS, check  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    outcomes: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    broken: list[tuple[str, str]] = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.cases):
            case = MUTATIONS[i % len(MUTATIONS)](rng)
            outcome = check(case, Path(folder))
            label = outcome.split(":")[0]
            outcomes[label] += 1
            by_kind[(case.kind.split(" (")[0], label)] += 1
            if label not in ("loaded", "refused"):
                broken.append((case.kind, outcome))
    print(f"{args.cases} cases in {time.monotonic() - start:.0f} s (seed {args.seed})")
    for label in ("loaded", "refused", "crash", "hang", "unaccounted", "changed"):
        print(f"  {label:12} {outcomes.get(label, 0)}")
    print("by mutation:")
    for (kind, label), n in sorted(by_kind.items()):
        print(f"  {kind:24} {label:12} {n}")
    for kind, outcome in broken[:15]:
        print(f"BROKEN {kind}: {outcome}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
