"""Benchmark the shop's store at an agency's size, against DuckDB's own work on the same rows.

It builds an agency store (100 shops over 3 years: 10 million disputes and 50
million status rows by default) in bulk SQL, then times what a seller runs
each week, each beside a baseline on the same rows in the same process:

- ``rg.store.ingest`` of one shop's weekly export (a generated Taobao report, CSV),
  against DuckDB inserting the same disputes in bulk from Parquet;
- ``rg.store.score_store`` of that shop (every dispute it holds: models fitted, all
  scored, the open ones' predictions logged), against DuckDB scanning the
  same rows out to Parquet.

Run: uv run --frozen --group dev python scripts/store_benchmark.py [--disputes N] [--shops N]
[--all-shops]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import polars as pl

import rightsguard as rg
from rightsguard._schema import REASONS, REFUND_TYPES
from rightsguard.sample._files import taobao_export
from rightsguard.sample._generate import generate_disputes
from rightsguard.store._connect import open_store
from rightsguard.store._tables import DISPUTE_COLUMNS

STATUSES = ("open", "withdrawn", "agreed", "platform_buyer", "platform_seller")
LOGISTIC = rg.FitOptions(method="logistic")
"""How the timed runs fit: the method ``auto`` keeps on the sample and the exports. The store's
outcomes are noise, so auto would keep either by a hair; gradient boosting explains each dispute
by ablation and costs about twice as much."""
WEEKLY_ROWS = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--disputes", type=float, default=1e7)
    parser.add_argument("--shops", type=int, default=100)
    parser.add_argument(
        "--all-shops", action="store_true", help="also time scoring every shop of the store at once"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="rightsguard-store-bench-"))
    store = workdir / "agency.duckdb"
    try:
        started = time.perf_counter()
        built = build_agency_store(store, int(args.disputes), args.shops)
        print(
            f"agency store: {built['disputes']:,} disputes, {built['statuses']:,} status rows, "
            f"{args.shops} shops, {store.stat().st_size / 1e9:.1f} GB, built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        export = workdir / "退款报表_20261101.csv"
        weekly = generate_disputes(WEEKLY_ROWS, seed=77, evidence="inventory")
        export.write_text(taobao_export(weekly.disputes, 78).write_csv(), encoding="utf-8")

        ingest_s = timed(
            lambda: rg.store.ingest([export], store=store, reading=rg.ReadOptions(shop="shop_007"))
        )
        insert_s = bulk_insert_baseline(store, export, workdir)
        print(
            f"ingest one weekly export ({WEEKLY_ROWS:,} rows) into it: {ingest_s:.2f} s; "
            f"DuckDB's bulk insert of the same rows: {insert_s:.3f} s "
            f"({ingest_s / insert_s:.0f}x)"
        )

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report_s = timed(lambda: rg.store.score_store(store, shop="shop_007", fitting=LOGISTIC))
        scan_s, rows = scan_baseline(store, "shop_007", workdir)
        print(
            f"score one shop from it ({rows:,} disputes): {report_s:.1f} s; DuckDB's scan of "
            f"the same rows to Parquet: {scan_s:.2f} s ({report_s / scan_s:.0f}x)"
        )
        if args.all_shops:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                every_s = timed(lambda: rg.store.score_store(store, fitting=LOGISTIC))
            print(
                f"score every shop at once ({built['disputes']:,} disputes, models fitted on "
                f"samples of {rg.FitOptions().max_training:,}): {every_s:.1f} s"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def build_agency_store(path: Path, disputes: int, shops: int) -> dict[str, int]:
    """Fill a new store in bulk SQL: disputes spread over 3 years and ``shops`` shops, each with
    its statuses (five a dispute) and one export a shop a week."""
    reasons = ", ".join(f"'{r}'" for r in REASONS[:-1])
    refund_types = ", ".join(f"'{t}'" for t in REFUND_TYPES)
    outcomes = ", ".join(f"'{s}'" for s in STATUSES[1:])
    columns = {
        "dispute_id": "'A' || lpad(i::VARCHAR, 12, '0')",
        "order_id": "'O' || lpad(i::VARCHAR, 12, '0')",
        "shop": f"'shop_' || lpad((i % {shops})::VARCHAR, 3, '0')",
        "counterparty": "NULL",
        "paid_at": "opened - INTERVAL 3 DAY",
        "opened_at": "opened",
        "deadline_at": "opened + INTERVAL 5 DAY",
        "closed_at": "CASE WHEN i % 50 = 0 THEN NULL ELSE opened + INTERVAL 4 DAY END",
        "reason": f"([{reasons}])[1 + i % {len(REASONS) - 1}]",
        "reason_raw": f"([{reasons}])[1 + i % {len(REASONS) - 1}]",
        "category": "(['apparel', 'home', 'beauty', 'food', 'electronics'])[1 + i % 5]",
        "item": "'款式 ' || (i % 40)::VARCHAR",
        "sku": "'SKU-' || lpad((i % 40)::VARCHAR, 3, '0')",
        "goods_received": "i % 3 <> 0",
        "refund_type": f"([{refund_types}])[1 + i % 3]",
        "amount": "10 + (i * 7919) % 2000",
        "paid_amount": "10 + (i * 7919) % 2000",
        "seller_response_hours": "(i % 97) / 4.0",
        "instant_response": "i % 3 = 0",
        "after_sale": "i % 3 <> 0",
        **{c: "NULL" for c in DISPUTE_COLUMNS if c.startswith("evidence_")},
        "stage": "CASE WHEN i % 50 = 0 THEN 'awaiting_seller' ELSE 'closed' END",
        "stage_since": "opened",
        **{c: "NULL" for c in ("refund_status", "cs_status", "liable_party", "proof_due_at", "refund_scope")},
        # hashed, so that no column (the amount's last digits, say) gives the outcome away
        "outcome": f"CASE WHEN i % 50 = 0 THEN NULL ELSE ([{outcomes}])[1 + (hash(i) % 4)::BIGINT] END",
    }
    named = ", ".join(DISPUTE_COLUMNS)
    select = ", ".join(f"{columns[name]} AS {name}" for name in DISPUTE_COLUMNS)
    with open_store(path, create=True) as store:
        con = store.connection
        con.execute(f"""
            INSERT INTO disputes ({named}, first_seen, last_seen, state_moment, export_id)
            SELECT {select}, opened, opened + INTERVAL 28 DAY, opened + INTERVAL 28 DAY,
                   1 + (i // {shops}) % 156
            FROM (SELECT range AS i,
                         TIMESTAMP '2023-11-01' + to_seconds(((range * 2654435761) % 94608000)::BIGINT)
                         AS opened
                  FROM range({disputes}))""")
        con.execute(f"""
            INSERT INTO status_history (dispute_id, state, status, stage, first_seen, export_id)
            SELECT dispute_id, status, status, CASE WHEN k = 0 THEN 'awaiting_seller' ELSE 'closed' END,
                   first_seen + to_days(7 * k::INTEGER), export_id
            FROM (SELECT *, ([{", ".join(f"'{s}'" for s in STATUSES)}])[1 + k] AS status
                  FROM disputes, range({len(STATUSES)}) AS steps(k))""")
        con.execute(f"""
            INSERT INTO exports (export_id, file_name, content_hash, export_moment, moment_source,
                                 n_rows, n_accepted, n_rejected, shop, ingested_at)
            SELECT w, 'report_' || w || '.csv', 'hash' || w, TIMESTAMP '2023-11-01' + to_days(7 * w::INTEGER),
                   'file_name', {disputes // 156}, {disputes // 156}, 0, NULL, now()
            FROM range(1, 157) AS weeks(w)""")
        counts = con.execute(
            "SELECT (SELECT count(*) FROM disputes), (SELECT count(*) FROM status_history)"
        ).fetchone()
    return {"disputes": int(counts[0]), "statuses": int(counts[1])}  # type: ignore[index]


def bulk_insert_baseline(store: Path, export: Path, workdir: Path) -> float:
    """DuckDB inserting the export's disputes, already canonical, from Parquet in bulk."""
    rows = rg.load_disputes(export).drop("resolution")
    staged = workdir / "weekly.parquet"
    rows.with_columns(pl.col(pl.Enum).cast(pl.String)).write_parquet(staged)
    with open_store(store) as opened:
        con = opened.connection
        con.execute("CREATE TEMP TABLE copy AS SELECT * FROM disputes LIMIT 0")
        named = ", ".join(DISPUTE_COLUMNS)
        started = time.perf_counter()
        con.execute(
            f"INSERT INTO copy ({named}, first_seen, last_seen, state_moment, export_id) "
            f"SELECT {named}, now(), now(), now(), 0 FROM read_parquet('{staged}')"
        )
        return time.perf_counter() - started


def scan_baseline(store: Path, shop: str, workdir: Path) -> tuple[float, int]:
    """DuckDB scanning one shop's disputes out to Parquet."""
    with open_store(store) as opened:
        started = time.perf_counter()
        opened.connection.execute(
            f"COPY (SELECT * FROM disputes WHERE shop = '{shop}') TO "
            f"'{workdir / 'scan.parquet'}' (FORMAT parquet)"
        )
        elapsed = time.perf_counter() - started
    return elapsed, pl.scan_parquet(workdir / "scan.parquet").select(pl.len()).collect().item()


if __name__ == "__main__":
    main()
