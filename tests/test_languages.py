"""Every word in the reader's language: refusals, validation problems and the command line's help."""

import re
from pathlib import Path

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard._errors import in_language
from rightsguard._vocabulary import TEXT, say, text

PACKAGE = Path(rg.__file__).parent


def test_every_refusal_raised_by_key_has_its_words_in_both_languages():
    keys = {
        key
        for path in PACKAGE.rglob("*.py")
        for key in re.findall(r'said\(\s*\w+,\s*"(\w+)"', path.read_text(encoding="utf-8"))
    }

    assert len(keys) > 60
    assert not [k for k in keys if k not in TEXT["en"] or k not in TEXT["zh"]]


def _keys(node) -> list[str]:
    """The keys a refusal may be raised with: a literal, or each that ``refusal_of`` may give."""
    import ast

    from rightsguard.store._connect import _FAULTS

    if isinstance(node, ast.Constant):
        return [node.value]
    assert isinstance(node, ast.Call) and node.func.id == "refusal_of", ast.dump(node)
    otherwise = [a.value for a in node.args[1:]] or ["err_store_refused"]
    return [key for key, _ in _FAULTS] + otherwise


def test_every_refusal_raised_by_key_fills_exactly_its_sentences_fields():
    import ast
    import string

    wrong = []
    for path in PACKAGE.rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "said"):
                continue
            given = {k.arg for k in call.keywords}
            for key in _keys(call.args[1]):
                wanted = {
                    f.split("!")[0].split(":")[0]
                    for _, f, _, _ in string.Formatter().parse(TEXT["en"][key])
                    if f
                }
                if given != wanted:
                    wrong.append(f"{path.name}: {key} given {sorted(given)}, wants {sorted(wanted)}")

    assert not wrong


def test_a_refusal_on_the_command_line_is_said_in_chinese(tmp_path, capsys):
    missing = tmp_path / "没有.csv"

    status = main(["score", str(missing), "-o", str(tmp_path / "out.parquet"), "--lang", "zh"])

    said = capsys.readouterr().err
    assert status == 2
    assert said.endswith(
        f"\nrightsguard: {say('err_no_dispute_file', 'zh', path=missing)}\n{text('err_debug_hint', 'zh')}\n"
    )


def test_the_help_is_in_chinese_with_argparse_s_own_words(capsys):
    with pytest.raises(SystemExit) as done:
        main(["report", "--help", "--lang", "zh"])

    shown = capsys.readouterr().out
    assert done.value.code == 0
    assert shown.startswith("用法：rightsguard report")
    assert "显示本帮助并退出" in shown and "选项" in shown
    english = [
        k
        for k in ("help_lenient", "help_evidence", "help_store_score", "help_lang")
        if TEXT["en"][k][:30] in shown
    ]
    assert not english
    assert re.sub(r"\s+", "", text("help_lenient", "zh")) in re.sub(r"\s+", "", shown)


def test_an_argument_argparse_refuses_is_refused_in_chinese(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["score", "x.csv", "-o", str(tmp_path / "o.csv"), "--lang", "zh", "--min-category-count", "0"])

    refused = capsys.readouterr().err
    assert done.value.code == 2
    assert "错误：参数 --min-category-count：" in refused
    assert say("help_at_least_one", "zh", value="0") in refused


def test_validation_problems_follow_the_language(tmp_path, capsys):
    rows = pl.DataFrame(
        {
            "dispute_id": ["1", "2"],
            "opened_at": ["2026-01-05", "not a date"],
            "reason": ["damaged", "damaged"],
        }
    )
    path = tmp_path / "disputes.csv"
    rows.write_csv(path)

    chinese = rg.load_disputes_lenient(rows, lang="zh")
    assert main(["summary", str(path), "--lang", "zh"]) == 0

    assert chinese.problems == [
        say(
            "problem_summary",
            "zh",
            subject=say("problem_column", "zh", column="opened_at"),
            message=say("rule_unreadable", "zh", kind=text("kind_datetime", "zh")),
            count=1,
            place=text("problem_rows", "zh"),
            rows="2",
            more="",
            shown="'not a date'",
        )
    ]
    assert chinese.rejected["problems"].to_list() == [
        [f"opened_at: {say('rule_unreadable', 'zh', kind='日期时间')} (not a date)"]
    ]
    assert "无法读作日期时间" in capsys.readouterr().out
    with pytest.raises(rg.SchemaError, match="售后数据的 2 行中有 1 个问题"):
        chinese.accepted_or_raise()


def test_the_machine_s_refusals_and_values_that_depend_on_the_language_are_said_in_chinese():
    with pytest.raises(ValueError) as refused:
        rg.Policy(min_win_probability=50)

    missing = FileNotFoundError(2, "No such file or directory", "退款报表.csv")
    assert in_language(missing, "zh") == "退款报表.csv：找不到这个文件或文件夹"
    assert "min_win_probability=50 (a share or probability in [0, 1])" in str(refused.value)
    assert in_language(refused.value, "zh") == (
        "策略：1 个值超出范围：min_win_probability=50 (应为 0 到 1 之间的比例或概率)"
    )


def test_the_per_reason_table_counts_every_dispute_once_and_speaks_chinese(sample_disputes):
    table = rg.plan.reason_table(sample_disputes, "zh")
    counts = {c: text(f"reasons_{c}", "zh") for c in ("disputes", "open", "negotiated", "escalated")}

    assert table.columns[0] == "退款原因" and table.columns[1] == "售后数（全部）"
    assert table[counts["disputes"]].sum() == sample_disputes.height
    assert (table[counts["open"]] + table[counts["negotiated"]] + table[counts["escalated"]]).equals(
        table[counts["disputes"]], check_names=False
    )
    assert table["退款原因"].n_unique() == sample_disputes["reason"].n_unique()
    assert table[counts["disputes"]].is_sorted(descending=True)


def test_a_summary_shows_itself_in_the_language_asked(sample_scored):
    chinese = rg.summarise(sample_scored, lang="zh")._repr_html_()
    english = rg.summarise(sample_scored)._repr_html_()

    assert "售后数" in chinese and "still open" not in chinese
    assert "still open" in english and "售后数" not in english
