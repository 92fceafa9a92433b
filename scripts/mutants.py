"""Re-apply the mutations the adversarial trial found the suite let pass, and check each is killed.

Each mutant edits one line of the package, runs the test files that should catch
it, prints KILLED or SURVIVED, and restores the file whatever happens.

Run: uv run --frozen python scripts/mutants.py
"""

from __future__ import annotations

import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[1]
MUTANTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        'escalate guard >= becomes >',
        'rightsguard/decide/_policy.py',
        'may_escalate = pl.col("p_win_ruling") >= self.min_win_probability',
        'may_escalate = pl.col("p_win_ruling") > self.min_win_probability',
        'tests/test_policy.py tests/test_pinned_behaviours.py',
    ),
    (
        'escalate cost < becomes <=',
        'rightsguard/decide/_policy.py',
        'escalate = may_escalate & (cost["escalate"] < pl.min_horizontal',
        'escalate = may_escalate & (cost["escalate"] <= pl.min_horizontal',
        'tests/test_policy.py tests/test_pinned_behaviours.py',
    ),
    (
        'swapped expected costs',
        'rightsguard/decide/_policy.py',
        'return {"refund_now": refund, "negotiate": negotiate, "escalate": escalate}',
        'return {"refund_now": refund, "negotiate": escalate, "escalate": negotiate}',
        'tests/test_policy.py',
    ),
    (
        'completeness when none required',
        'rightsguard/scoring/_rules.py',
        'pl.when(n_required > 0).then(n_present / n_required).otherwise(1.0)',
        'pl.when(n_required > 0).then(n_present / n_required).otherwise(0.0)',
        'tests/test_pinned_behaviours.py tests/test_evidence.py',
    ),
    (
        'tab/CR guard removed',
        'rightsguard/io/_writers.py',
        '\\uff20\\t\\r]',
        '\\uff20]',
        'tests/test_pinned_behaviours.py tests/test_cli.py',
    ),
    (
        'CSV BOM dropped',
        'rightsguard/io/_writers.py',
        'staging.write_bytes(b"\\xef\\xbb\\xbf" + ',
        'staging.write_bytes(',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'zero amounts rejected',
        'rightsguard/io/_validation.py',
        '_Check(column, "negative value", value < 0,',
        '_Check(column, "negative value", value <= 0,',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'ruling for buyer branch deleted',
        'rightsguard/io/_taobao.py',
        'pl.when(cs.is_in(RULED_FOR_BUYER)).then(pl.lit("platform_buyer"))\n        .when(',
        'pl.when(',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'taobao detection needs three',
        'rightsguard/io/_taobao.py',
        'return len(SIGNATURE.intersection(columns)) >= 2',
        'return len(SIGNATURE.intersection(columns)) >= 3',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'CJK font never registered',
        'rightsguard/present/_chart_export.py',
        '        ensure_cjk_font()\n    if fmt',
        '        pass\n    if fmt',
        'tests/test_charts.py',
    ),
    (
        'signed calibration error',
        'rightsguard/scoring/_quality.py',
        'calibration_error=float(table["gap"].abs().mean())',
        'calibration_error=float(table["gap"].mean())',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'explanation dangling',
        'rightsguard/scoring/_explain.py',
        'pl.when("down0_notable").then(pl.lit("lowered by: ") + sides["down"])',
        'pl.lit("lowered by: ") + pl.when("down0_notable").then(sides["down"]).otherwise(pl.lit(""))',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'summary counts closed as open',
        'rightsguard/present/_summary.py',
        '(resolution == "open").sum().alias("open")',
        '(resolution != "open").sum().alias("open")',
        'tests/test_pinned_behaviours.py',
    ),
    (
        'action list order reversed',
        'rightsguard/present/_report.py',
        'descending=[True, False, False]',
        'descending=[False, False, False]',
        'tests/test_report.py',
    ),
    (
        'dtype guard removed',
        'rightsguard/scoring/_score.py',
        '    if wrong:\n        raise SchemaError(',
        '    if False:\n        raise SchemaError(',
        'tests/test_score.py',
    ),
)
"""(what breaks, the file, the line as it is, the line broken, the test files that must fail)."""


def main() -> None:
    for name, file, old, new, tests in MUTANTS:
        run(name, ROOT / file, old, new, tests)


def run(name: str, path: pathlib.Path, old: str, new: str, tests: str) -> None:
    text = path.read_text()
    if old not in text:
        print(f"SKIP {name}: the line to mutate is gone")
        return
    path.write_text(text.replace(old, new, 1))
    try:
        done = subprocess.run(["uv", "run", "--frozen", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                               *tests.split()], cwd=ROOT, capture_output=True, text=True, timeout=600)
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        print(f"{'KILLED' if done.returncode else 'SURVIVED'} {name}: {last}", flush=True)
    finally:
        path.write_text(text)


if __name__ == "__main__":
    main()
