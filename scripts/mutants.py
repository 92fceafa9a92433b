"""Re-apply the mutations the adversarial trial found the suite let pass, and check each is killed.

Each mutant edits one line of the package, runs the test files that should catch
it, prints KILLED or SURVIVED, and restores the file whatever happens.

Run: uv run --frozen --group dev python scripts/mutants.py [PART OF A NAME]
It exits 1 when a mutant survived, its line is gone (the list must follow the code) or its tests
could not run (a collection error is an ERROR, never a kill: only failing tests kill).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
MUTANTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "open disputes scored as they opened",
        "rightsguard/engine/_aged.py",
        "    by_time = np.where(said, 0.0, levels.time_open.log_odds_shift(hours))",
        "    by_time = np.where(said, 0.0, levels.time_open.log_odds_shift(hours)) * 0",
        "tests/test_time_open.py",
    ),
    (
        "survival learned with the outcomes swapped",
        "rightsguard/scoring/_time_open.py",
        "        return cls(_survival(negotiated), _survival(escalated), len(negotiated), len(escalated))",
        "        return cls(_survival(escalated), _survival(negotiated), len(negotiated), len(escalated))",
        "tests/test_time_open.py",
    ),
    (
        "drift alarm blind to chance",
        "rightsguard/store/_track.py",
        "        and quality.calibration_error > calibration_noise(",
        "        and quality.calibration_error > 0 * calibration_noise(",
        "tests/test_track_truth.py tests/test_drift.py",
    ),
    (
        "held rates learned from partly recorded disputes",
        "rightsguard/scoring/_held.py",
        "required[v] & pl.col(evidence_column(v)).is_null() for v in VOUCHERS)",
        "required[v] & pl.col(evidence_column(v)).is_null() & False for v in VOUCHERS)",
        "tests/test_unknown_evidence.py",
    ),
    (
        "late vouchers never count for the ruling",
        "rightsguard/scoring/_scorer.py",
        'late="late_vouchers" in columns',
        "late=False",
        "tests/test_unknown_evidence.py",
    ),
    (
        "escalate guard >= becomes >",
        "rightsguard/decide/_policy.py",
        'return pl.col("p_win_ruling") >= self.min_win_probability',
        'return pl.col("p_win_ruling") > self.min_win_probability',
        "tests/test_policy.py tests/test_pinned_behaviours.py",
    ),
    (
        "escalate cost < becomes <=",
        "rightsguard/decide/_policy.py",
        'cost["escalate"] < pl.min_horizontal(cost["negotiate"], cost["refund_now"])',
        'cost["escalate"] <= pl.min_horizontal(cost["negotiate"], cost["refund_now"])',
        "tests/test_policy.py tests/test_pinned_behaviours.py",
    ),
    (
        "escalating priced as negotiating",
        "rightsguard/decide/_policy.py",
        '            "escalate": escalate,\n        }',
        '            "escalate": negotiate,\n        }',
        "tests/test_policy.py",
    ),
    (
        "completeness when none required",
        "rightsguard/scoring/_rules.py",
        "pl.when(n_required > 0).then(n_present / n_required).otherwise(1.0)",
        "pl.when(n_required > 0).then(n_present / n_required).otherwise(0.0)",
        "tests/test_pinned_behaviours.py tests/test_evidence.py",
    ),
    (
        "tab/CR guard removed",
        "rightsguard/io/_writers.py",
        "\\uff20\\t\\r]",
        "\\uff20]",
        "tests/test_pinned_behaviours.py tests/test_cli.py",
    ),
    (
        "CSV BOM dropped",
        "rightsguard/io/_writers.py",
        "source.sink_csv(path, include_bom=True,",
        "source.sink_csv(path, include_bom=False,",
        "tests/test_pinned_behaviours.py",
    ),
    (
        "zero amounts rejected",
        "rightsguard/io/_row_checks.py",
        'Check(column, text("rule_negative", lang), value < 0,',
        'Check(column, text("rule_negative", lang), value <= 0,',
        "tests/test_pinned_behaviours.py",
    ),
    (
        "ruling for buyer branch deleted",
        "rightsguard/io/_taobao.py",
        'pl.when(cs.is_in(RULED_FOR_BUYER))\n        .then(pl.lit("platform_buyer"))\n        .when(',
        "pl.when(",
        "tests/test_pinned_behaviours.py",
    ),
    (
        "taobao detection needs three",
        "rightsguard/io/_taobao.py",
        "return len(SIGNATURE.intersection(columns)) >= 2",
        "return len(SIGNATURE.intersection(columns)) >= 3",
        "tests/test_pinned_behaviours.py",
    ),
    (
        "CJK font never registered",
        "rightsguard/present/_chart_export.py",
        "        ensure_cjk_font()\n    if fmt",
        "        pass\n    if fmt",
        "tests/test_charts.py",
    ),
    (
        "signed calibration error",
        "rightsguard/scoring/_quality.py",
        'calibration_error=float(table.select(pl.col("gap").abs().mean()).item())',
        'calibration_error=float(table.select(pl.col("gap").mean()).item())',
        "tests/test_pinned_behaviours.py",
    ),
    (
        "explanation dangling",
        "rightsguard/scoring/_explain.py",
        'pl.when("down0_notable").then(pl.lit(lowered) + sides["down"])',
        'pl.lit(lowered) + pl.when("down0_notable").then(sides["down"]).otherwise(pl.lit(""))',
        "tests/test_pinned_behaviours.py",
    ),
    (
        "summary counts closed as open",
        "rightsguard/present/_summary.py",
        '(resolution == "open").sum().alias("open")',
        '(resolution != "open").sum().alias("open")',
        "tests/test_pinned_behaviours.py",
    ),
    (
        "action list order reversed",
        "rightsguard/present/_plan.py",
        "descending=[True, True, False, True],",
        "descending=[True, False, False, True],",
        "tests/test_plan.py tests/test_report.py",
    ),
    (
        "refund wins a refund/negotiate tie",
        "rightsguard/decide/_policy.py",
        'refund = ~escalate & (cost["refund_now"] < cost["negotiate"])',
        'refund = ~escalate & (cost["refund_now"] <= cost["negotiate"])',
        "tests/test_policy.py",
    ),
    (
        "ruling chance learned with enough rulings on either side",
        "rightsguard/decide/_ruling.py",
        "    return min(won, rulings.height - won) >= MIN_RULINGS_PER_SIDE",
        "    return max(won, rulings.height - won) >= MIN_RULINGS_PER_SIDE",
        "tests/test_ruling_curve.py tests/test_inventory.py",
    ),
    (
        "future-year rule skipped",
        "rightsguard/io/_row_checks.py",
        "(year > datetime.now().year + 1)",
        "(year > datetime.now().year + 100)",
        "tests/test_validation.py",
    ),
    (
        "covered dispute forgets the export's own voucher flag",
        "rightsguard/io/_attach.py",
        "then(pl.lit(held[v]) | pl.col(evidence_column(v)).fill_null(False))",
        "then(pl.lit(held[v]))",
        "tests/test_inventory.py",
    ),
    (
        "unrecognised files alone cover their dispute",
        "rightsguard/io/_attach.py",
        'holdings = inventory.holdings.select("key", "voucher", "held_on")',
        'holdings = pl.concat([inventory.holdings.select("key", "voucher", "held_on"), '
        'inventory.unrecognised.select("key", pl.lit(None, pl.String).alias("voucher"), '
        'pl.lit(None, pl.Date).alias("held_on"))])',
        "tests/test_evidence_folder.py tests/test_inventory.py",
    ),
    (
        "late vouchers count for past disputes",
        "rightsguard/io/_attach.py",
        'in_time = pl.col("held_on").is_null() | pl.col("_open") | (pl.col("held_on") <= pl.col("_by"))',
        "in_time = pl.lit(True)",
        "tests/test_inventory.py",
    ),
    (
        "dtype guard removed",
        "rightsguard/scoring/_canonical.py",
        "    if wrong:\n        raise SchemaError(",
        "    if False:\n        raise SchemaError(",
        "tests/test_score.py",
    ),
    (
        "the unknown-voucher saving's sign flipped",
        "rightsguard/decide/_unknown.py",
        'self.saved += float((missing_cost - unknown["expected_cost"]).sum())',
        'self.saved += float((unknown["expected_cost"] - missing_cost).sum())',
        "tests/test_unknown_evidence.py",
    ),
    (
        "held-rate cells learned for vouchers still on the prior",
        "rightsguard/scoring/_held.py",
        'known.filter(pl.col("voucher").is_in(learned_vouchers))',
        "known",
        "tests/test_unknown_evidence.py",
    ),
    (
        "unrecorded rulings priced as realised in the backtest",
        "rightsguard/decide/_backtest.py",
        '"platform_buyer", "platform_seller")',
        '"platform_buyer", "platform_seller", "escalated_unknown")',
        "tests/test_backtest.py",
    ),
    (
        "a stream drops history=",
        "rightsguard/engine/_first_pass.py",
        "with_history(pl.concat(keys), job.history)",
        "with_history(pl.concat(keys))",
        "tests/test_one_engine.py",
    ),
    (
        "a stream's ruling folds ignore FitOptions",
        "rightsguard/engine/_first_pass.py",
        "learned_ruling_chances(past, job.fitting.n_splits, job.fitting.random_state)",
        "learned_ruling_chances(past)",
        "tests/test_one_engine.py",
    ),
    (
        "absence in a ledger's days never counts",
        "rightsguard/io/_attach.py",
        "files.is_null() & _within_a_ledger(",
        "files.is_null() & False & _within_a_ledger(",
        "tests/test_absence.py",
    ),
    (
        "a folder of unnamed files counts as holding nothing",
        "rightsguard/io/_attach.py",
        "~listed_key & files.is_null() & _within_a_ledger(",
        "~listed_key & _within_a_ledger(",
        "tests/test_absence.py",
    ),
    (
        "the ruling chance read at the expected share",
        "rightsguard/engine/_batch.py",
        "    p = ruling.averaged(shares, chances)",
        "    p = ruling.probability((shares * chances).sum(axis=1))",
        "tests/test_absence.py",
    ),
    (
        "the ruling curve fitted on unrecorded rulings too",
        "rightsguard/decide/_ruling.py",
        '        recorded = rulings.filter("recorded") if "recorded" in rulings.columns else rulings',
        "        recorded = rulings",
        "tests/test_ruling_curve.py tests/test_absence.py",
    ),
    (
        "the chance's interval without the fit's uncertainty",
        "rightsguard/decide/_ruling.py",
        "        covariance = _covariance(values, won + lost, intercept, slope)",
        "        covariance = (0.0, 0.0, 0.0)",
        "tests/test_ruling_curve.py",
    ),
    (
        "evidence known by the path as typed",
        "rightsguard/store/_evidence.py",
        "    name = row[0] if row else path.name",
        "    name = str(path)",
        "tests/test_store_evidence.py",
    ),
    (
        "a shop reads every shop's evidence",
        "rightsguard/store/_runs.py",
        "        WHERE ? IS NULL OR shop IS NULL OR shop = ?",
        "        WHERE ? IS NULL OR TRUE OR shop = ?",
        "tests/test_store_evidence.py",
    ),
    (
        "a full agreement read against what was paid",
        "rightsguard/scoring/_settlements.py",
        '            .then(pl.when(scope == "full").then(1.0).otherwise(_paid_share()))',
        "            .then(_paid_share())",
        "tests/test_settlements.py",
    ),
    (
        "an export forgotten without rebuilding what it showed",
        "rightsguard/store/_forget.py",
        "            merge_incoming(con)",
        "            pass",
        "tests/test_store_forget.py",
    ),
    (
        "a write the disk could not hold passes on in the writer's words",
        "rightsguard/io/_atomic.py",
        '            raise said(UnsafeOutputError, "err_output_full", path=output) from error',
        "            raise",
        "tests/test_real_faults.py",
    ),
    (
        "an export known by its file name, not its content",
        "rightsguard/store/_ingest.py",
        '"SELECT export_id, shop, export_moment FROM exports WHERE content_hash = ?", [content]',
        '"SELECT export_id, shop, export_moment FROM exports WHERE file_name = ?", [path.name]',
        "tests/test_store_forget.py tests/test_store.py",
    ),
    (
        "a state's export is the last one ingested that showed it",
        "rightsguard/store/_merge.py",
        """        export_id = CASE WHEN excluded.first_seen < status_history.first_seen
                         THEN excluded.export_id ELSE status_history.export_id END,""",
        "        export_id = excluded.export_id,",
        "tests/test_store.py tests/test_store_forget.py tests/test_store_scenarios.py",
    ),
    (
        "a run logged with no moment",
        "rightsguard/store/_runs.py",
        "        run_id = _log(opened, run, as_of, shop)",
        "        run_id = _log(opened, run, None, shop)",
        "tests/test_store_runs.py tests/test_store_scenarios.py",
    ),
    (
        "the track record counts predictions made after the outcome",
        "rightsguard/store/_track.py",
        "        WHERE m.outcome IS NOT NULL AND m.as_of < m.closed_seen",
        "        WHERE m.outcome IS NOT NULL",
        "tests/test_store_scenarios.py tests/test_store_runs.py tests/test_track_truth.py",
    ),
    (
        "a workbook's choices tied to the latest run, not the one it names",
        "rightsguard/store/_decisions.py",
        "        return plan.origin.run_id",
        "        pass  # to the run whose advice the plan's rows match",
        "tests/test_typed_plans.py",
    ),
    (
        "the store's recalibration keeps the unknown-voucher effect it changed",
        "rightsguard/store/_runs.py",
        "    return _decided_again(run, decided, policy, lang), line, improved",
        "    return replace(run, scored=decided), line, improved",
        "tests/test_track_truth.py",
    ),
    (
        "ingest keeps no export's own rows",
        "rightsguard/store/_ingest.py",
        "    keep_observations(store.connection)\n    return merge_incoming",
        "    return merge_incoming",
        "tests/test_store_forget.py",
    ),
)
"""(what breaks, the file, the line as it is, the line broken, the test files that must fail)."""


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
    """KILLED, SURVIVED, ERROR when the tests could not run, or STALE when the line to mutate is
    gone (the list must follow the code)."""
    text = path.read_text()
    if old not in text:
        print(f"STALE {name}: the line to mutate is gone from {path.name}", flush=True)
        return "STALE"
    path.write_text(text.replace(old, new, 1))
    try:
        done = subprocess.run(
            ["uv", "run", "--frozen", "--group", "dev", "pytest", "-q", "-x", "-n0", "-p", "no:cacheprovider"]
            + tests.split(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        outcome = {0: "SURVIVED", TESTS_FAILED: "KILLED"}.get(done.returncode, "ERROR")
        print(f"{outcome} {name}: {last}", flush=True)
        return outcome
    finally:
        path.write_text(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
