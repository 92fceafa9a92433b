"""Time and memory of refusing hostile workbooks, each in a fresh process, at default limits.

Builds a 5 KB xlsx whose one stray cell sits in row 1,048,576 and a zip bomb
(a worksheet padded to 400 MB that compresses to about 0.4 MB), loads each with
``rg.load_disputes`` in a new Python, and prints the seconds spent loading and
the process's peak memory (VmHWM, imports included) against the targets
(under 5 s and 500 MB).

Run: uv run --frozen python scripts/hostile_inputs.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

CHILD = """
import re, sys, time
import rightsguard as rg
start = time.monotonic()
try:
    rg.load_disputes(sys.argv[1])
    outcome = "loaded"
except rg.UnreadableFileError as error:
    outcome = "refused: " + str(error).split(": ", 1)[1][:70]
seconds = time.monotonic() - start
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) // 1024
print(f"{seconds:.2f} s, peak {peak} MB, {outcome}")
"""


def last_row_workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["dispute_id", "opened_at", "reason"])
    sheet.write_row(1, 0, ["a", "2026-01-01", "quality"])
    sheet.write(1_048_575, 0, "x")
    book.close()
    return path


def zip_bomb(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, ["dispute_id", "opened_at", "reason"])
    book.close()
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<sheetData>", b"<sheetData><!-- " + b" " * 400_000_000 + b" -->")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for label, make, name in (
            ("stray cell in the last row", last_row_workbook, "last.xlsx"),
            ("zip bomb", zip_bomb, "bomb.xlsx"),
        ):
            path = make(Path(folder) / name)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
            )
            print(f"{label} ({path.stat().st_size:,} bytes): {done.stdout.strip()}")


if __name__ == "__main__":
    main()
