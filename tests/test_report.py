"""The offline report, opened in headless Chromium with the network cut off."""

import html as html_module
import json
import re
import subprocess

import polars as pl
import pytest
from chromium import CHROMIUM_FLAGS, chromium

from rightsguard import ScoreSummary, summarise
from rightsguard._cli import main

from conftest import SAMPLE

pytestmark = pytest.mark.xdist_group("report")  # its module fixtures run in one worker, once


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    # one method: auto's comparison through the command line is test_methods'
    assert main(["report", str(SAMPLE / "disputes.csv"), "-o", str(out), "--method", "logistic"]) == 0
    return out


def test_report_writes_page_charts_and_action_list(report, sample_disputes):
    charts = sorted(p.stem for p in (report / "charts").glob("*.png"))

    assert (report / "index.html").exists()
    assert charts == sorted(
        [
            "negotiation_rate_by_reason",
            "negotiation_rate_by_completeness",
            "score_distribution",
            "missing_vouchers_by_reason",
            "recommendation_mix",
            "threshold_sweep",
            "disputes_over_time",
            "calibration",
            "scorecard",
            "skus",
        ]
    )
    actions = (report / "action_list.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(actions) - 1 == (sample_disputes["resolution"] == "open").sum()
    assert actions[0].startswith(
        "Priority,Dispute id,Option,Action taken,Note,Last action,Stage,Deadline,Money at stake (¥)"
    )
    assert (report / "action_list.xlsx").stat().st_size > 0


def test_the_page_refers_to_nothing_online(report):
    html = (report / "index.html").read_text(encoding="utf-8")

    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_every_chart_renders_in_chromium_without_network(report, tmp_path):
    html = (report / "index.html").read_text(encoding="utf-8")
    expected = set(re.findall(r'<div class="chart" id="([^"]+)">', html))
    profile = tmp_path / "profile"

    dom = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            (report / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    rendered = {
        i
        for i, attributes in re.findall(r'<div class="chart[^"]*" id="([^"]+)"([^>]*)>', dom)
        if 'data-rendered="yes"' in attributes
    }
    assert len(expected) == 10 and rendered == expected
    assert dom.count('class="marks"') >= 9
    assert ">chart failed:" not in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1280,2400",
            f"--screenshot={shot}",
            (report / "index.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 50_000


PROBE = """
<script>
// waits for the plan's table, then sorts it by a header click and filters it by typing
function rowsOf(table) {
  return [...table.querySelectorAll("tbody tr")].map(r => [...r.cells].map(c => c.textContent));
}
function probe() {
  const table = document.querySelector(".plan table.dataTable");
  const search = document.querySelector(".plan .dt-search input");
  if (!table || !search || !document.querySelectorAll("[data-rendered=yes]").length) {
    return setTimeout(probe, 100);
  }
  const headers = [...table.querySelectorAll("thead th")];
  const money = headers.findIndex(h => h.textContent.startsWith("Money at stake"));
  const before = rowsOf(table);
  headers[money].click();
  setTimeout(() => {
    const sorted = rowsOf(table).map(r => r[money]);
    const wanted = before[3][1];
    search.value = wanted;
    search.dispatchEvent(new Event("input", {bubbles: true}));
    setTimeout(() => report(money, before, sorted, wanted, rowsOf(table)), 500);
  }, 500);
}
function report(money, before, sorted, wanted, filtered) {
  const clipped = [];
  for (const svg of document.querySelectorAll(".chart svg")) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                      || r.bottom > box.bottom + 1)) clipped.push(t.textContent);
    }
  }
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({money, before: before.length, sorted, wanted, filtered, clipped});
  document.body.appendChild(out);
}
probe();
</script>
"""


def test_the_plan_sorts_and_filters_offline_and_no_chart_text_is_clipped(report, tmp_path):
    page = tmp_path / "probed.html"
    html = (report / "index.html").read_text(encoding="utf-8")
    body, end = html.rsplit("</body>", 1)
    page.write_text(body + PROBE + "</body>" + end, encoding="utf-8")

    dom = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2400",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the plan's table never became interactive"
    result = json.loads(html_module.unescape(found.group(1)))
    assert result["money"] > 0 and result["before"] == 25  # the first page of 140
    amounts = [float(v.replace(",", "")) for v in result["sorted"]]
    assert amounts == sorted(amounts) and amounts[0] < amounts[-1]  # a click sorts by number
    assert [row[1] for row in result["filtered"]] == [result["wanted"]]  # typing filters
    assert result["clipped"] == []


def test_summary_shows_readable_html(sample_scored):
    summary = summarise(sample_scored)

    assert isinstance(summary, ScoreSummary)
    html = summary._repr_html_()
    assert "<table>" in html and "held-out ROC AUC" in html and "still open" in html
    assert dict(summary.figures.select("figure", "value").iter_rows())["disputes"] == "5,000"


def test_the_workbook_opens_on_a_frozen_filtered_plan_in_yuan_and_percent(report):
    import zipfile

    with zipfile.ZipFile(report / "action_list.xlsx") as book:
        names = book.namelist()
        sheet = book.read("xl/worksheets/sheet2.xml").decode()
        table = book.read("xl/tables/table1.xml").decode()
        styles = book.read("xl/styles.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()

    assert 'name="Summary"' in workbook and 'name="Plan"' in workbook
    assert 'ySplit="1"' in sheet and 'state="frozen"' in sheet and "<autoFilter" in table
    assert "¥#,##0.00" in styles and 'formatCode="0%"' in styles
    assert "xl/worksheets/sheet3.xml" in names  # one sheet per shop: the sample has three
    assert 'wrapText="1"' in styles


def test_the_plan_sheets_columns_are_wide_enough_to_read_ids_money_and_text(report):
    """Excel and WPS take the widths in the sheet's XML as characters: a 19-digit id needs
    about 20, money about 10, wrapped text several times that; hours and days are whole."""
    import re
    import zipfile

    from rightsguard.present._plan import PEOPLE_COLUMNS

    with zipfile.ZipFile(report / "action_list.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet2.xml").decode()
    widths = {
        column: float(w)
        for low, high, w in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet)
        for column in range(int(low), int(high) + 1)
    }
    width = {c: widths.get(i, 0.0) for i, c in enumerate(PEOPLE_COLUMNS, 1)}

    assert width["dispute_id"] >= 20 and width["order_id"] >= 20
    assert width["money_at_stake"] >= 10 and width["amount"] >= 10
    assert width["next_step"] >= 40 and width["explanation"] >= 40
    assert min(width.values()) >= 7
    hours = PEOPLE_COLUMNS.index("hours_to_deadline")
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[hours]
    values = re.findall(rf'<c r="{column}\d+"[^>]*><v>([^<]+)</v>', sheet)
    assert values and all(float(v).is_integer() for v in values)


@pytest.fixture(scope="module")
def chinese_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("zh")
    assert (
        main(
            [
                "report",
                "--method",
                "logistic",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "--evidence",
                str(SAMPLE / "taobao_evidence"),
                "--evidence",
                str(SAMPLE / "taobao_evidence_ledger.csv"),
                "--lang",
                "zh",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    return out


def test_a_chinese_report_with_evidence_writes_chinese_next_steps(chinese_report):
    out = chinese_report

    steps = pl.read_csv(out / "action_list.csv", infer_schema=False)["下一步"].to_list()
    assert steps and all(re.search("协商|申请客服介入|直接退款|向客服", s) for s in steps)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "凭证清单覆盖" in html and "次历史裁决估计" in html  # coverage and the ruling chance's source
    assert "evidence inventory covers" not in html and "learned from" not in html
    assert "<h2>概要</h2>" in html and "<h2>图表</h2>" in html and "本周处理计划" in html
    assert not re.search(r"<h2>[A-Za-z ]+</h2>", html)  # every heading in Chinese


CODE = re.compile(r"\S*[A-Za-z]\S*[=_./\\-]\S*|--\S+")
"""Ids, file names, options and code (evidence=..., --evidence, action_list.csv) may be Latin."""
NAMES = {"rightsguard", "ROC", "AUC", "Brier"}
"""A product's and measures' own names, the same in Chinese."""


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", CODE.sub(" ", text)) if w not in NAMES}


def test_a_chinese_report_has_no_english_word_outside_ids_and_numbers(chinese_report):
    import zipfile

    import vl_convert as vlc

    page = (chinese_report / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1))
    drawn = " ".join(
        " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(spec)))
        for spec in specs.values()
    )
    plan = pl.read_csv(chinese_report / "action_list.csv", infer_schema=False)
    cells = " ".join([*plan.columns, *(v for c in plan.columns for v in plan[c].drop_nulls())])
    with zipfile.ZipFile(chinese_report / "action_list.xlsx") as book:
        xml = " ".join(
            book.read(n).decode()
            for n in book.namelist()
            if n.startswith("xl/sharedStrings") or n == "xl/workbook.xml"
        )
    sheets = " ".join(re.findall(r"<t[^>]*>([^<]*)</t>", xml) + re.findall(r'sheet name="([^"]*)"', xml))

    assert len(specs) >= 8 and plan.height > 0
    assert english_words(html_module.unescape(re.sub(r"<[^>]+>", " ", body))) == set()
    assert english_words(html_module.unescape(drawn)) == set()
    assert english_words(cells) == set()
    assert english_words(html_module.unescape(sheets)) == set()
    assert english_words("escalate: ask customer service, see action_list.csv") == {
        "escalate",
        "ask",
        "customer",
        "service",
        "see",
    }  # the check itself can fail


def test_the_zh_report_opens_on_the_plan_at_1366_by_768(chinese_report):
    """A seller's first screen: 退款编号 and at least eight cases of the plan, whole, nothing to
    scroll sideways, and no line of code spilled onto the page."""
    import html
    import json
    import re
    import subprocess

    page = chinese_report / "index.html"
    probe = chinese_report / "probe.html"
    probe.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            """<script>
window.addEventListener("load", () => setTimeout(() => {
  const th = [...document.querySelectorAll("th")].find(e => e.textContent.trim() === "退款编号");
  const rows = [...document.querySelectorAll("#plan-table tbody tr")];
  const box = (e) => e && [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom];
  const loose = [...document.body.childNodes].filter(n => n.nodeType === 3)
    .map(n => n.textContent.trim()).join("");
  document.body.dataset.probe = JSON.stringify({th: box(th), rows: rows.map(box), loose,
    width: document.documentElement.scrollWidth});
}, 3000));
</script></body>""",
        ),
        encoding="utf-8",
    )

    dom = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            "--window-size=1366,768",
            f"--user-data-dir={chinese_report / 'p'}",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    seen = json.loads(html.unescape(re.search(r'data-probe="([^"]*)"', dom).group(1)))

    assert seen["th"] is not None and seen["th"][1] < 768
    assert len(seen["rows"]) >= 8 and sum(bottom <= 768 for _, bottom in seen["rows"]) >= 8
    assert seen["width"] <= 1366
    assert seen["loose"] == ""


ANALYST_WORDS = ("ROC", "AUC", "Brier", "对数几率", "交叉验证", "log-odds", "cross-fit")
"""Words of the model's checks: the seller's part of a page or workbook never shows them."""


def _seller_and_analyst_text(html: str) -> tuple[str, str]:
    """The page's visible text before its analyst section, and that section's."""
    seller, analyst = html.split('<details class="analyst">', 1)

    def visible(part: str) -> str:
        return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style).*?</\1>", " ", part, flags=re.S))

    return visible(seller), visible(analyst)


@pytest.mark.parametrize("which", ["report", "chinese_report"])
def test_the_sellers_part_of_the_page_speaks_no_statistics_and_the_analyst_keeps_them(which, request):
    out = request.getfixturevalue(which)
    seller, analyst = _seller_and_analyst_text((out / "index.html").read_text(encoding="utf-8"))

    assert not [w for w in ANALYST_WORDS if w in seller]
    assert "AUC" in analyst and "Brier" in analyst


def test_the_workbooks_summary_sheet_puts_the_statistics_under_the_analysts_heading(chinese_report):
    cells = pl.read_excel(chinese_report / "action_list.xlsx", sheet_name="概要", has_header=False)
    lines = [str(v) for row in cells.rows() for v in row if v is not None]
    heading = lines.index("给分析人员：模型和检验")

    assert not [w for w in ANALYST_WORDS if any(w in line for line in lines[:heading])]
    assert any("AUC" in line for line in lines[heading:])
