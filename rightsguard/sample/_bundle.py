"""The bundled sample: canonical disputes and their truth, a Taobao/Tmall refund report
(GBK CSV and xlsx) with the shop's evidence inventory beside it and the export's own truth,
and eight weekly reports of one shop with theirs.

Everything is derived from seeded draws, so that regenerating the sample
changes no byte.
"""

from __future__ import annotations

from pathlib import Path

from rightsguard.sample._files import DATETIME_FORMAT, taobao_export, write_export_xlsx, write_inventory
from rightsguard.sample._generate import generate_disputes
from rightsguard.sample._weekly import write_weekly

SAMPLE_FILES = (
    "disputes.csv",
    "truth.csv",
    "taobao_export_gbk.csv",
    "taobao_export.xlsx",
    "taobao_truth.csv",
    "taobao_evidence_ledger.csv",
)
WEEKLY_FOLDER = "weekly"
"""Eight weekly refund reports of one shop, with their truth (see :mod:`._weekly`)."""
EXPORT_ROWS = 3000


def write_sample(directory: str | Path, *, n: int = 5000, seed: int = 20261126) -> list[Path]:
    """Write the sample files into ``directory`` and return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sample = generate_disputes(n, seed)
    paths = [directory / name for name in SAMPLE_FILES]
    sample.disputes.drop("resolution").write_csv(paths[0], datetime_format=DATETIME_FORMAT)
    sample.truth.write_csv(paths[1])
    shop = generate_disputes(EXPORT_ROWS, seed + 1, evidence="inventory")
    export = taobao_export(shop.disputes, seed + 2, shop.truth["refund_fraction"])
    paths[2].write_bytes(export.write_csv().encode("gbk"))
    write_export_xlsx(export, paths[3])
    shop.truth.write_csv(paths[4])
    weekly, truth = write_weekly(directory / WEEKLY_FOLDER)
    truth.write_csv(directory / WEEKLY_FOLDER / "truth.csv", datetime_format=DATETIME_FORMAT)
    return [
        *paths,
        *weekly,
        directory / WEEKLY_FOLDER / "truth.csv",
        *write_inventory(shop.disputes, shop.held, directory, seed + 3),
    ]
