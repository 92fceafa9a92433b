"""One pipeline: streamed and in-memory runs warn alike, and the command line tells each warning
once, in the reader's language, never in Python's warning format."""

import re
import warnings

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main
from rightsguard._schema import resolution_expr

PYTHON_WARNING_FORMAT = re.compile(r"\.py:\d+: \w+Warning")


@pytest.fixture(scope="module")
def near_chance(sample_disputes, tmp_path_factory):
    """The sample with its outcomes shuffled (a model on it ranks at chance), saved as Parquet,
    and a model fitted on its first 3,000 disputes."""
    folder = tmp_path_factory.mktemp("chance")
    labelled = pl.col("outcome").is_not_null()
    shuffled = pl.concat(
        [
            sample_disputes.filter(labelled).with_columns(pl.col("outcome").shuffle(seed=3)),
            sample_disputes.filter(~labelled),
        ]
    ).with_columns(resolution_expr())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = rg.scoring.fit_model(shuffled.head(3000), fitting=rg.FitOptions(method="logistic"))
    rg.scoring.save_model(model, folder / "model.skops")
    shuffled.write_parquet(folder / "disputes.parquet")
    return folder


def _warning_lines(stderr: str) -> set[str]:
    return {
        line.split("] ", 1)[1] for line in stderr.splitlines() if "] warning: " in line or "] 提醒：" in line
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_streamed_and_in_memory_runs_print_the_same_warnings(near_chance, tmp_path, capsys, lang):
    args = ["--model", str(near_chance / "model.skops"), "--lang", lang]
    assert (
        main(
            ["score", str(near_chance / "disputes.parquet"), "-o", str(tmp_path / "streamed.parquet"), *args]
        )
        == 0
    )
    streamed = capsys.readouterr().err
    assert (
        main(["score", str(near_chance / "disputes.parquet"), "-o", str(tmp_path / "in_memory.xlsx"), *args])
        == 0
    )
    in_memory = capsys.readouterr().err

    assert "in batches" in streamed or "分批" in streamed
    told = _warning_lines(streamed)
    assert any("0.5" in line for line in told)  # the near-chance AUC
    assert told == _warning_lines(in_memory)
    assert not PYTHON_WARNING_FORMAT.search(streamed + in_memory)


def test_each_warning_is_told_once(near_chance, tmp_path, capsys):
    main(
        [
            "score",
            str(near_chance / "disputes.parquet"),
            "-o",
            str(tmp_path / "s.csv"),
            "--model",
            str(near_chance / "model.skops"),
        ]
    )
    lines = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines() if "] warning: " in line]
    assert lines and len(lines) == len(set(lines))


def test_fail_on_warning_exits_3_after_writing(near_chance, tmp_path):
    output = tmp_path / "scored.parquet"
    status = main(
        [
            "score",
            str(near_chance / "disputes.parquet"),
            "-o",
            str(output),
            "--model",
            str(near_chance / "model.skops"),
            "--fail-on-warning",
        ]
    )
    assert status == 3 and output.exists()


def test_a_streamed_run_emits_and_returns_the_warnings_memory_gives(near_chance, tmp_path):
    model = rg.scoring.load_model(near_chance / "model.skops")
    disputes = pl.read_parquet(near_chance / "disputes.parquet")
    with pytest.warns(rg.ScoreTrustWarning, match="includes 0.5"):
        result = rg.score(near_chance / "disputes.parquet", model=model, output=tmp_path / "s.parquet")
    with pytest.warns(rg.ScoreTrustWarning, match="includes 0.5"):
        run = rg.score(disputes, model=rg.scoring.load_model(near_chance / "model.skops"))

    assert result.scored is None  # it streamed
    assert result.warnings == run.warnings
    assert result.quality.roc_auc == pytest.approx(run.quality.roc_auc, abs=1e-12)


def test_save_model_saves_the_model_that_scored_the_run(tmp_path):
    """With --rules and --evidence, the saved file holds the run's own model: the same
    coefficients, rules and evidence, so it scores the open disputes exactly as the run did."""
    from conftest import SAMPLE

    rules = tmp_path / "rules.csv"
    rg.evidence.DEFAULT_RULES.table.filter(pl.col("voucher") != "chat_log").write_csv(rules)
    evidence = [
        "--evidence",
        str(SAMPLE / "taobao_evidence"),
        "--evidence",
        str(SAMPLE / "taobao_evidence_ledger.csv"),
    ]
    out, saved = tmp_path / "scored.parquet", tmp_path / "model.skops"
    assert (
        main(
            [
                "score",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "-o",
                str(out),
                "--rules",
                str(rules),
                *evidence,
                "--method",
                "logistic",
                "--save-model",
                str(saved),
            ]
        )
        == 0
    )

    model = rg.scoring.load_model(saved)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = rg.score(
            rg.load_disputes(SAMPLE / "taobao_export_gbk.csv"),
            evidence=[SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"],
            fitting=rg.FitOptions(method="logistic", rules=rg.evidence.EvidenceRules.from_csv(rules)),
        )
    assert model.coefficients().equals(run.model.coefficients())
    assert "chat_log" not in {row[2] for row in model.rules.rows}
    scored = pl.read_parquet(out).filter(pl.col("scored_by") == "all_labelled")
    rescored = rg.score(
        rg.load_disputes(
            SAMPLE / "taobao_export_gbk.csv",
            evidence=[SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"],
        ),
        model=model,
    ).scored.filter(pl.col("resolution") == "open")
    assert (scored["p_negotiated"] - rescored["p_negotiated"]).abs().max() < 1e-12


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_stream_whose_every_row_is_refused_writes_a_readable_file_of_no_row(
    sample_disputes, tmp_path, suffix
):
    broken = (
        sample_disputes.head(50)
        .with_columns(pl.all().cast(pl.String))
        .with_columns(pl.lit("not a date").alias("opened_at"))
    )
    broken.write_csv(tmp_path / "broken.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = rg.scoring.fit_model(sample_disputes.head(2000), fitting=rg.FitOptions(method="logistic"))
        result = rg.score(
            tmp_path / "broken.csv", model=model, output=tmp_path / f"scored{suffix}", lenient=True
        )

    read = pl.read_parquet if suffix == ".parquet" else pl.read_csv
    scored = read(tmp_path / f"scored{suffix}")
    assert (result.n_accepted, result.n_rejected) == (0, 50)
    assert scored.height == 0 and {"p_negotiated", "recommendation", "next_step"} <= set(scored.columns)
    assert pl.read_csv(tmp_path / "scored_rejected.csv").height == 50


def test_a_rejected_file_left_by_an_earlier_run_is_removed_when_nothing_is_refused(sample_disputes, tmp_path):
    stale = tmp_path / "scored_rejected.csv"
    stale.write_text("dispute_id,problems\nold,an earlier run's refusal\n")
    sample_disputes.head(300).write_parquet(tmp_path / "clean.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = rg.scoring.fit_model(sample_disputes.head(2000), fitting=rg.FitOptions(method="logistic"))
        rg.score(tmp_path / "clean.parquet", model=model, output=tmp_path / "scored.parquet")

    assert not stale.exists()


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".xlsx"])
def test_every_output_format_is_readable_with_no_row(sample_scored, tmp_path, suffix):
    path = rg.write_table(sample_scored.clear(), tmp_path / f"empty{suffix}")

    if suffix == ".xlsx":
        import zipfile

        with zipfile.ZipFile(path) as book:
            assert "dispute_id" in book.read("xl/sharedStrings.xml").decode()
    else:
        read = pl.read_parquet if suffix == ".parquet" else pl.read_csv
        assert read(path).columns[0] == "dispute_id"


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_the_command_leaves_no_earlier_runs_rejected_file(near_chance, tmp_path, suffix):
    """Streamed (.parquet) and in memory (.xlsx): the rejected file beside the output is this
    run's or absent."""
    stale = tmp_path / "scored_rejected.csv"
    stale.write_text("dispute_id,problems\nold,an earlier run's refusal\n")
    main(
        [
            "score",
            str(near_chance / "disputes.parquet"),
            "-o",
            str(tmp_path / f"scored{suffix}"),
            "--model",
            str(near_chance / "model.skops"),
            "--lenient",
        ]
    )

    assert not stale.exists()
