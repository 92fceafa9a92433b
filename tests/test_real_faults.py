"""The machine's own refusals, made for real rather than described: a full disk (a small tmpfs)
and a folder that cannot be written (a read-only bind mount), each inside a mount namespace of
its own (``unshare -m``), so that nothing outlives the test.

Every command must end with its refusal in the reader's language (exit 2), no traceback, nothing
half written, and a store as it was before the command."""

import shutil
import subprocess

import pytest

import rightsguard as rg

from conftest import ROOT, SAMPLE

WEEK_1, WEEK_2 = (SAMPLE / "weekly" / f"退款报表_202608{d}.csv" for d in ("15", "22"))
RG = f"{shutil.which('python') or 'python'} -m rightsguard._cli"


def _in_own_mounts(script: str, cwd) -> str:
    """Run a bash script in a mount namespace of its own; what it printed, errors in their place."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode:
        pytest.skip("this machine cannot make a mount namespace (unshare -m), so no small disk")
    done = subprocess.run(
        ["unshare", "-m", "bash", "-uc", "exec 2>&1\n" + script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout


def _answers(printed: str) -> dict[str, tuple[int, str]]:
    """Each command's exit status and what it said, from lines ``@@ NAME STATUS`` the script
    printed after it."""
    found, said = {}, []
    for line in printed.splitlines():
        if line.startswith("@@ "):
            _, name, status = line.split()
            found[name] = (int(status), "\n".join(said))
            said = []
        elif not line.startswith(("[", "LEFT: ")):  # progress lines
            said.append(line)
    return found


def test_a_full_disk_is_said_plainly_and_leaves_nothing_half_written(tmp_path):
    store_copy = tmp_path / "copy"
    script = f"""
        mkdir disk && mount -t tmpfs -o size=700k tmpfs disk
        {RG} ingest {WEEK_1} --store disk/s.duckdb --lang zh; echo "@@ first_ingest $?"
        {RG} ingest {WEEK_2} --store disk/s.duckdb --lang zh; echo "@@ ingest $?"
        mkdir {store_copy} && cp -a disk/. {store_copy}/
        head -c 2000000 /dev/zero > disk/filler 2>/dev/null
        {RG} score {WEEK_1} -o disk/plan.xlsx --method logistic --lang zh; echo "@@ plan.xlsx $?"
        {RG} report {WEEK_1} -o disk/report --method logistic --lang zh; echo "@@ report $?"
        cd {tmp_path} && echo "LEFT: $(ls -A disk | tr '\\n' ' ')"
    """

    printed = _in_own_mounts(script, tmp_path)
    answers = _answers(printed)

    assert answers["first_ingest"][0] == 0
    for name in ("ingest", "plan.xlsx", "report"):
        status, said = answers[name]
        assert status == 2, (name, said)
        assert "Traceback" not in said and "Exception ignored" not in said, said
        assert "磁盘已满" in said, said
    assert "disk/plan.xlsx：磁盘已满，无法写出结果" in answers["plan.xlsx"][1]
    left = next(line for line in printed.splitlines() if line.startswith("LEFT: ")).split()[1:]
    assert sorted(left) == ["filler", "s.duckdb", "s.duckdb.wal"]  # no output, no staging file
    assert rg.store.read_store("exports", store_copy / "s.duckdb").height == 1  # the failed ingest left none
    assert rg.store.read_store("disputes", store_copy / "s.duckdb").height == 541


def test_a_folder_that_cannot_be_written_is_said_plainly_and_the_store_is_unchanged(tmp_path):
    shop = tmp_path / "shop"
    shop.mkdir()
    rg.store.ingest(WEEK_1, store=shop / "s.duckdb")
    script = f"""
        mount --bind shop shop && mount -o remount,ro,bind shop
        {RG} ingest {WEEK_2} --store shop/s.duckdb --lang zh; echo "@@ ingest $?"
        {RG} score {WEEK_1} -o shop/plan.xlsx --method logistic --lang zh; echo "@@ plan $?"
    """

    answers = _answers(_in_own_mounts(script, tmp_path))

    assert answers["ingest"][0] == 2 and "数据库无法写入" in answers["ingest"][1], answers["ingest"]
    assert answers["plan"][0] == 2 and "shop/plan.xlsx：无法写入文件夹 shop" in answers["plan"][1]
    assert all("Traceback" not in said for _, said in answers.values())
    assert rg.store.read_store("exports", shop / "s.duckdb").height == 1
    assert sorted(p.name for p in shop.iterdir()) == ["s.duckdb"]


def test_the_library_itself_refuses_a_write_the_disk_cannot_hold(tmp_path):
    """In Python too: ``write_table`` tells the full disk by the output's name (the CLI's refusal
    is the same error), whatever words the writer used."""
    script = f"""
        mkdir disk && mount -t tmpfs -o size=64k tmpfs disk && head -c 100000 /dev/zero > disk/filler
        cd {ROOT} && python -c '
import polars as pl, rightsguard as rg
frame = pl.DataFrame({{"x": list(range(100000))}})
for name in ("t.parquet", "t.csv", "t.xlsx"):
    try:
        rg.write_table(frame, "{tmp_path}/disk/" + name)
    except rg.UnsafeOutputError as error:
        print("REFUSED", error)
'
        cd {tmp_path} && echo "LEFT: $(ls -A disk | tr '\\n' ' ')"
    """

    printed = _in_own_mounts(script, tmp_path)

    refused = [line for line in printed.splitlines() if line.startswith("REFUSED")]
    assert len(refused) == 3, printed
    assert all("the disk is full, so the output could not be written" in line for line in refused)
    assert "LEFT: filler \n" in printed  # no staging file left behind
