"""The offline report, opened in headless Chromium with the network cut off."""

import re
import shutil
import subprocess

import pytest

from rightsguard import ScoreSummary, summarise
from rightsguard._cli import main

from conftest import SAMPLE

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # every request is refused: the page must need none
    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=20000",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["report", str(SAMPLE / "disputes.csv"), "-o", str(out)]) == 0
    return out


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is needed: apt-get install chromium (.ci/run does)")
    return path


def test_report_writes_page_charts_and_action_list(report):
    charts = sorted(p.stem for p in (report / "charts").glob("*.png"))

    assert (report / "index.html").exists()
    assert charts == sorted([
        "negotiation_rate_by_reason", "negotiation_rate_by_completeness", "score_distribution",
        "missing_vouchers_by_reason", "recommendation_mix", "threshold_sweep",
        "disputes_over_time", "calibration", "scorecard"])
    actions = (report / "action_list.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(actions) - 1 == 155  # every open dispute of the sample
    assert actions[0].startswith("dispute_id,order_id,shop,opened_at,reason")
    assert (report / "action_list.xlsx").stat().st_size > 0


def test_the_page_refers_to_nothing_online(report):
    html = (report / "index.html").read_text(encoding="utf-8")

    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_every_chart_renders_in_chromium_without_network(report, tmp_path):
    html = (report / "index.html").read_text(encoding="utf-8")
    expected = set(re.findall(r'<div class="chart" id="([^"]+)">', html))
    profile = tmp_path / "profile"

    dom = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
         (report / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout

    rendered = {i for i, attributes in re.findall(r'<div class="chart[^"]*" id="([^"]+)"([^>]*)>', dom)
                if 'data-rendered="yes"' in attributes}
    assert len(expected) == 9 and rendered == expected
    assert dom.count('class="marks"') >= 9
    assert ">chart failed:" not in dom
    shot = tmp_path / "report.png"
    subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                    "--window-size=1280,2400", f"--screenshot={shot}",
                    (report / "index.html").as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 50_000


def test_summary_shows_readable_html(sample_disputes):
    from rightsguard import score

    summary = summarise(score(sample_disputes))

    assert isinstance(summary, ScoreSummary)
    html = summary._repr_html_()
    assert "<table>" in html and "held-out ROC AUC" in html and "still open" in html
    assert dict(summary.figures.iter_rows())["disputes"] == "5,000"
