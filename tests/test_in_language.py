"""A run shown in the other language says what scoring in that language says, from the same
scores: explanations from each dispute's reasons, next steps from its decision, notes and
warnings from its counts."""

import warnings

import polars as pl
import pytest

import rightsguard as rg
from rightsguard.scoring._reasons import WHY, render_why

from conftest import NYC, SAMPLE

FITTING = rg.FitOptions(method="logistic")


def _scored(lang: str, **options) -> rg.ScoringRun:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(SAMPLE / "disputes.csv", fitting=FITTING, lang=lang, **options)


@pytest.fixture(scope="module")
def english() -> rg.ScoringRun:
    return _scored("en")


@pytest.fixture(scope="module")
def chinese() -> rg.ScoringRun:
    return _scored("zh")


@pytest.mark.parametrize(("scored_in", "shown_in"), [("english", "chinese"), ("chinese", "english")])
def test_a_run_shown_in_the_other_language_equals_the_run_scored_in_it(request, scored_in, shown_in):
    run, other = request.getfixturevalue(scored_in), request.getfixturevalue(shown_in)

    shown = run.in_language(other.lang)

    assert shown.lang == other.lang
    assert shown.scored.equals(other.scored)
    assert shown.notes == other.notes and shown.analyst_notes == other.analyst_notes
    assert shown.warnings == other.warnings
    assert shown.scored.drop("explanation", "next_step").equals(run.scored.drop("explanation", "next_step"))


def test_the_reasons_are_the_same_in_every_language_and_say_the_explanation(english, chinese):
    assert english.scored["why"].equals(chinese.scored["why"])
    open_ = english.scored.filter(pl.col("resolution") == "open")
    staged = open_["why"].list.eval(pl.element().struct.field("factor")).list.contains("where it stands")
    assert staged.any()  # where an open case stands is one of its reasons
    assert render_why(english.scored["why"], "zh").equals(chinese.scored["explanation"])


def test_a_recalibrated_run_shown_in_the_other_language_says_its_recalibration_there(sample_disputes):
    cutoff = sample_disputes["opened_at"].sort()[sample_disputes.height // 2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        earlier = rg.scoring.fit_model(sample_disputes.filter(pl.col("opened_at") < cutoff), fitting=FITTING)
    run = _scored("en", model=earlier, recalibrate=True)
    other = _scored("zh", model=earlier, recalibrate=True)

    shown = run.in_language("zh")

    assert shown.scored.equals(other.scored) and shown.notes == other.notes
    assert shown.scored["explanation"].str.contains("因漂移重新校准").any()


def test_a_streamed_run_is_refused_in_another_language_saying_how_to_get_it(tmp_path, english):
    model = english.model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        streamed = rg.score(SAMPLE / "disputes.csv", model=model, output=tmp_path / "scored.parquet")

    with pytest.raises(ValueError, match=r"scored\.parquet.*score again with lang='zh'"):
        streamed.in_language("zh")
    assert english.in_language("en") is english
    with pytest.raises(ValueError, match="lang must be one of"):
        english.in_language("fr")


def test_a_stores_run_shown_in_the_other_language_tells_the_stores_notes_there_too(tmp_path):
    """Two copies of one store, one scored in each language: the English run shown in Chinese says
    what the Chinese run says, the run it logged named by its own id."""
    weeks = sorted((SAMPLE / "weekly").glob("退款报表_*"))[:3]
    english_store, chinese_store = tmp_path / "en.duckdb", tmp_path / "zh.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rg.store.ingest(weeks[:2], store=english_store)
        rg.store.score_store(english_store, fitting=FITTING)  # a run before: what changed since is told
        rg.store.ingest(weeks[2:], store=english_store)
        chinese_store.write_bytes(english_store.read_bytes())
        english = rg.store.score_store(english_store, fitting=FITTING, recalibrate=True)
        chinese = rg.store.score_store(chinese_store, fitting=FITTING, lang="zh", recalibrate=True)

    shown = english.in_language("zh")

    assert shown.changes == chinese.changes and shown.changes[0].startswith("自上次")
    assert shown.notes[:-1] == chinese.notes[:-1]
    # the logged run's sentence names each run's own id
    assert shown.notes[-1] == chinese.notes[-1].replace(chinese.origin.run_id, english.origin.run_id)
    assert shown.analyst_notes[:-1] == chinese.analyst_notes[:-1]
    assert shown.warnings == chinese.warnings
    assert shown.scored.equals(chinese.scored) and shown.origin == english.origin


def test_reasons_are_said_raised_then_lowered_then_where_the_case_stands_and_its_recalibration():
    """Written out by hand: the words each kind of reason is said in, in order."""
    reason = {"factor": "reason", "level": 0, "value": "changed_mind", "points": 33, "days": None}
    voucher = {"factor": "chat log", "level": 1, "value": None, "points": -12, "days": None}
    category = {"factor": "category", "level": 0, "value": "服装", "points": 4, "days": None}
    recalibrated = {"factor": "recalibrated", "level": 62, "value": None, "points": 55, "days": None}
    stage = {"factor": "where it stands", "level": 3, "value": "seller_refused", "points": -9, "days": 4}
    why = pl.Series([[reason, category, voucher, recalibrated, stage], [], [voucher]], dtype=WHY)

    said = render_why(why, "en").to_list()

    assert said == [
        "raised by: reason changed mind (+33 pts), category 服装 (+4 pts); lowered by: chat log missing "
        "(-12 pts); recalibrated for drift: 62% → 55%; refused by the seller, open 4 days (-9 pts)",
        "no factor stands out: an average dispute",
        "lowered by: chat log missing (-12 pts)",
    ]
    assert render_why(why, "zh").to_list()[2] == "更难协商：缺少聊天记录（-12 分）"


def test_real_complaints_shown_in_chinese_equal_them_scored_in_chinese():
    """NYC's complaints name reasons by their own words and have features of their own (the
    business's state): their reasons are said in the other language as scoring there says them."""
    from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS

    runs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lang in ("en", "zh"):
            reading = rg.ReadOptions(mapping=NYC_MEDIATED_COMPLAINTS, lang=lang)
            runs[lang] = rg.score(NYC, reading=reading, fitting=FITTING, lenient=True, lang=lang)

    shown = runs["en"].in_language("zh")

    factors = runs["en"].scored["why"].explode().struct.field("factor")
    assert {"business state", "reason", "category"} <= set(factors.drop_nulls().to_list())
    assert shown.scored.equals(runs["zh"].scored) and shown.notes == runs["zh"].notes
