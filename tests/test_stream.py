"""Scoring file to file in batches: the same rows and values as in memory, every row accounted for."""

import warnings
from pathlib import Path

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main


@pytest.fixture(scope="module")
def model(sample_disputes) -> rg.scoring.NegotiationModel:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.scoring.fit_model(sample_disputes.head(3000), fitting=rg.FitOptions(method="logistic"))


@pytest.fixture(scope="module")
def disputes(sample_disputes) -> pl.DataFrame:
    """Two thousand disputes, past and open: five batches of 400."""
    return pl.concat([sample_disputes.head(1500), sample_disputes.tail(500)])


@pytest.fixture(scope="module")
def in_memory(disputes, model) -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.score(disputes, model=model).scored.drop("counterparty", "why")  # a file holds no why


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_batches_give_exactly_the_in_memory_scores(tmp_path, disputes, model, in_memory, kind):
    source = tmp_path / f"disputes.{kind}"
    getattr(disputes, f"write_{kind}")(source)

    result = rg.score(source, model=model, output=tmp_path / "scored.parquet", batch_size=400)

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert result.scored is None and result.n_accepted == disputes.height
    assert streamed.drop("p_negotiated").equals(in_memory.drop("p_negotiated"))
    # the same arithmetic in batches of other shapes: equal to the last few bits
    assert (streamed["p_negotiated"] - in_memory["p_negotiated"]).abs().max() < 1e-12


@pytest.mark.parametrize("room", [0, 400_000], ids=["all spilled", "some spilled"])
def test_batches_spilled_to_disk_between_the_passes_give_the_same_scores(
    tmp_path, disputes, model, in_memory, room, monkeypatch
):
    from rightsguard.engine import _parts

    monkeypatch.setattr(_parts, "IN_MEMORY_BYTES", room)
    source = tmp_path / "disputes.parquet"
    disputes.write_parquet(source)
    spilled, write_ipc = [], pl.DataFrame.write_ipc
    monkeypatch.setattr(
        pl.DataFrame,
        "write_ipc",
        lambda frame, path, **kw: spilled.append(path) or write_ipc(frame, path, **kw),
    )

    rg.score(source, model=model, output=tmp_path / "scored.parquet", batch_size=400)

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert 0 < len(spilled) <= 5 and (len(spilled) == 5) == (room == 0)
    assert not any(p.exists() for p in spilled)
    assert streamed.drop("p_negotiated").equals(in_memory.drop("p_negotiated"))


def test_batches_naming_counterparties_wait_for_the_whole_files_history(tmp_path, sample_disputes, disputes):
    """Batches that name no counterparty are scored in the first pass; the others after it,
    with the history counted over the whole file: both as in memory. The model learns from
    counterparties whose earlier disputes ended as theirs will, so their history counts."""

    def named(frame: pl.DataFrame, rows: int) -> pl.DataFrame:
        return frame.with_columns(
            pl.when(pl.int_range(pl.len()) < rows)
            .then(pl.format("{}-{}", pl.col("resolution"), pl.int_range(pl.len()) % 30))
            .alias("counterparty")
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = rg.scoring.fit_model(
            named(sample_disputes.head(3000), 3000), fitting=rg.FitOptions(method="logistic")
        )
        expected = rg.score(named(disputes, 900), model=model).scored
    named(disputes, 900).write_parquet(tmp_path / "named.parquet")

    rg.score(
        tmp_path / "named.parquet",
        model=model,
        output=tmp_path / "scored.parquet",
        batch_size=400,
        keep_private=True,
    )

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert expected["explanation"].str.contains("counterparty").sum() > 100
    assert streamed.drop("p_negotiated").equals(expected.drop("p_negotiated", "why"))  # a file holds no why
    assert (streamed["p_negotiated"] - expected["p_negotiated"]).abs().max() < 1e-12


def test_rejected_rows_stream_to_their_own_file_and_every_row_is_accounted_for(
    tmp_path, sample_disputes, model
):
    text = sample_disputes.head(1000).with_columns(pl.all().cast(pl.String))
    broken = text.with_columns(
        pl.when(pl.int_range(pl.len()) % 97 == 5).then(pl.lit("¥abc")).otherwise("amount").alias("amount")
    )
    source = tmp_path / "disputes.csv"
    broken.write_csv(source)

    result = rg.score(source, model=model, output=tmp_path / "scored.csv", batch_size=300, lenient=True)

    rejected = pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)
    scored = pl.read_csv(tmp_path / "scored.csv", infer_schema=False)
    assert result.n_rows == 1000 == result.n_accepted + result.n_rejected
    assert result.n_rejected == 11 == rejected.height == broken.filter(pl.col("amount") == "¥abc").height
    assert scored.height == result.n_accepted
    assert rejected["problems"].str.contains("amount: cannot be read as a number").all()


def test_ids_repeated_across_batches_are_judged_together_as_in_memory(tmp_path, sample_disputes, model):
    text = sample_disputes.head(1000).with_columns(pl.all().cast(pl.String))
    repeated = pl.concat([text, text[10:11], text[700:701].with_columns(pl.lit("999.00").alias("amount"))])
    source = tmp_path / "disputes.csv"
    repeated.write_csv(source)

    messages = []
    result = rg.score(
        source,
        model=model,
        output=tmp_path / "scored.csv",
        batch_size=300,
        lenient=True,
        progress=messages.append,
    )

    in_memory = rg.validate(repeated)
    assert [m for m in messages if "2 dispute id(s) appear in more than one batch" in m]
    rejected = pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)
    scored = pl.read_csv(tmp_path / "scored.csv", infer_schema=False)
    assert result.n_rows == 1002 and result.n_rejected == in_memory.rejected.height == 3
    # the later exact copy of row 11, and both versions of the conflicting row 701
    assert sorted(rejected["source_row"].cast(pl.Int64)) == [701, 1001, 1002]
    assert sorted(in_memory.rejected["source_row"].cast(pl.Int64)) == [701, 1001, 1002]
    assert rejected["problems"].str.contains("duplicate id").all()
    assert sorted(scored["dispute_id"]) == sorted(in_memory.accepted["dispute_id"])


def test_ids_repeated_within_one_batch_are_judged_there_in_one_reading(tmp_path, sample_disputes, model):
    text = sample_disputes.head(100).with_columns(pl.all().cast(pl.String))
    source = tmp_path / "disputes.csv"
    pl.concat([text, text[5:6]]).write_csv(source)

    messages = []
    result = rg.score(
        source, model=model, output=tmp_path / "scored.csv", lenient=True, progress=messages.append
    )

    rejected = pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)
    assert result.n_rows == 101 and rejected["source_row"].to_list() == ["101"]
    assert not [m for m in messages if "more than one batch" in m]


def test_without_a_rejected_file_a_bad_row_stops_everything_before_writing(tmp_path, model):
    source = tmp_path / "disputes.csv"
    pl.DataFrame(
        {"dispute_id": ["a", "b"], "opened_at": ["2024-01-01", "yesterday"], "reason": ["damaged", "damaged"]}
    ).write_csv(source)

    with pytest.raises(rg.SchemaError, match=r"opened_at': cannot be read as a date-time: 1 row"):
        rg.score(source, model=model, output=tmp_path / "scored.parquet")
    assert not (tmp_path / "scored.parquet").exists()


def test_the_command_streams_with_a_model_and_spools_a_gbk_export_first(
    tmp_path, sample_disputes, model, capsys
):
    from conftest import SAMPLE

    model_path = tmp_path / "model.skops"
    rg.scoring.save_model(model, model_path)
    source = tmp_path / "disputes.parquet"
    sample_disputes.write_parquet(source)

    assert main(["score", str(source), "-o", str(tmp_path / "out.csv"), "--model", str(model_path)]) == 0
    assert "first pass: 5,000 rows" in capsys.readouterr().err
    assert (
        main(
            [
                "score",
                str(SAMPLE / "taobao_export_gbk.csv"),
                "-o",
                str(tmp_path / "t.csv"),
                "--model",
                str(model_path),
            ]
        )
        == 0
    )
    told = capsys.readouterr().err
    assert "reading" in told and "whole once" in told and "first pass: 3,000 rows" in told


@pytest.mark.parametrize("export", ["taobao_export_gbk.csv", "taobao_export.xlsx"])
def test_a_native_export_streams_to_exactly_the_in_memory_scores(tmp_path, model, export):
    """xlsx and GBK CSV, as sellers download them, are spooled and streamed: the same
    probabilities (to 1e-9), options and warnings as scoring the loaded export in memory."""
    from conftest import SAMPLE

    with warnings.catch_warnings(record=True) as in_memory_warnings:
        warnings.simplefilter("always")
        expected = rg.score(rg.load_disputes(SAMPLE / export), model=model)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = rg.score(SAMPLE / export, model=model, output=tmp_path / "scored.parquet", batch_size=700)

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert (streamed["p_negotiated"] - expected.scored["p_negotiated"]).abs().max() < 1e-9
    assert streamed["recommendation"].equals(expected.scored["recommendation"])
    assert streamed["dispute_id"].equals(expected.scored["dispute_id"])
    assert result.warnings == expected.warnings
    assert len(in_memory_warnings) >= len(expected.warnings)


CORPUS = sorted((Path(__file__).parent / "corpus").iterdir())


@pytest.mark.parametrize(
    "path", [p for p in CORPUS if p.suffix in (".csv", ".parquet")], ids=lambda p: p.name
)
def test_every_malformed_file_scores_streamed_as_in_memory_or_is_refused_alike(tmp_path, path, model):
    """The regression corpus in batches of two rows: the same rows accepted, rejected and
    blank as in memory, and the same decisions; or the same refusal."""
    try:
        in_memory = rg.load_disputes_lenient(path)
    except (rg.UnreadableFileError, rg.SchemaError) as error:
        with pytest.raises(type(error)):
            rg.score(path, model=model, output=tmp_path / "scored.csv", batch_size=2, lenient=True)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = rg.score(path, model=model, output=tmp_path / "scored.csv", batch_size=2, lenient=True)
        expected = rg.score(in_memory.accepted, model=model) if in_memory.accepted.height else None
    assert (result.n_accepted, result.n_rejected, result.n_blank) == (
        in_memory.accepted.height,
        in_memory.rejected.height,
        in_memory.blank_lines,
    )
    if expected is not None:
        streamed = pl.read_csv(tmp_path / "scored.csv", infer_schema=False)
        assert streamed["recommendation"].to_list() == (
            expected.scored["recommendation"].cast(pl.String).to_list()
        )


def test_a_streamed_csv_reads_as_the_in_memory_scores_written_to_csv(tmp_path, disputes, model, in_memory):
    source = tmp_path / "disputes.csv"
    disputes.write_csv(source)

    rg.score(source, model=model, output=tmp_path / "scored.csv", batch_size=400)
    rg.write_table(in_memory, tmp_path / "in_memory.csv")

    streamed, expected = (
        pl.read_csv(tmp_path / name, infer_schema=False) for name in ("scored.csv", "in_memory.csv")
    )
    assert streamed.columns == expected.columns
    assert streamed.drop("p_negotiated").equals(expected.drop("p_negotiated"))


def test_quotes_are_judged_alike_streamed_and_in_memory(tmp_path, sample_disputes, model):
    """A quoted value swallowing row-shaped lines rejects its row in both; a quote inside a value
    refuses the file in both, naming its line."""
    text = sample_disputes.head(600).with_columns(pl.all().cast(pl.String)).write_csv()
    lines = text.split("\n")
    lines[300] = lines[300].rsplit(",", 1)[0] + ',"x'  # its last value opens a quote ...
    lines[301] += '"'  # ... that closes at the end of the next row, swallowing it
    swallowing = tmp_path / "swallowing.csv"
    swallowing.write_text("\n".join(lines), encoding="utf-8")

    in_memory = rg.load_disputes_lenient(swallowing)
    result = rg.score(swallowing, model=model, output=tmp_path / "scored.csv", batch_size=100, lenient=True)

    assert in_memory.rejected.height >= 1
    assert (result.n_accepted, result.n_rejected) == (in_memory.accepted.height, in_memory.rejected.height)
    assert pl.read_csv(tmp_path / "scored_rejected.csv", infer_schema=False)["problems"].to_list() == [
        "; ".join(p) for p in in_memory.rejected["problems"].to_list()
    ]

    stray = tmp_path / "stray.csv"
    lines = text.split("\n")
    lines[450] = lines[450].replace(",", ',a"b', 1)
    stray.write_text("\n".join(lines), encoding="utf-8")
    for run in (
        lambda: rg.load_disputes_lenient(stray),
        lambda: rg.score(stray, model=model, output=tmp_path / "s.csv", batch_size=100),
    ):
        with pytest.raises(rg.UnreadableFileError, match=r"stray.csv: line\(s\) 451 hold a quote"):
            run()


def test_an_export_with_its_evidence_streams_to_exactly_the_in_memory_run(tmp_path, model):
    """The evidence folder and ledger attached batch by batch: the same probabilities,
    decisions, coverage, warnings and notes as attaching them to the whole export in memory."""
    from conftest import SAMPLE

    evidence = [SAMPLE / "taobao_evidence", SAMPLE / "taobao_evidence_ledger.csv"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = rg.score(
            rg.load_disputes(SAMPLE / "taobao_export_gbk.csv"), model=model, evidence=evidence
        )
        result = rg.score(
            SAMPLE / "taobao_export_gbk.csv",
            model=model,
            evidence=evidence,
            output=tmp_path / "scored.parquet",
            batch_size=700,
        )

    streamed = pl.read_parquet(tmp_path / "scored.parquet")
    assert result.scored is None  # it streamed
    assert (streamed["p_negotiated"] - expected.scored["p_negotiated"]).abs().max() < 1e-9
    assert (streamed["p_win_ruling"] - expected.scored["p_win_ruling"]).abs().max() < 1e-9
    assert streamed["recommendation"].equals(expected.scored["recommendation"].cast(pl.String))
    assert (result.coverage.n_disputes, result.coverage.n_covered, result.coverage.unmatched_keys) == (
        expected.coverage.n_disputes,
        expected.coverage.n_covered,
        expected.coverage.unmatched_keys,
    )
    assert result.coverage.n_covered > 1000
    assert result.warnings == expected.warnings and result.notes == expected.notes
