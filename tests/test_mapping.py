"""Explicit column mappings, proved on the real NYC mediated complaints."""

import polars as pl
import pytest

from rightsguard import ColumnMapping, SchemaError, load_disputes, load_disputes_lenient
from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS

from conftest import NYC


@pytest.fixture(scope="module")
def nyc_raw() -> pl.DataFrame:
    return pl.read_csv(NYC, infer_schema=False)


@pytest.fixture(scope="module")
def nyc():
    return load_disputes_lenient(NYC, mapping=NYC_MEDIATED_COMPLAINTS)


def test_every_complaint_is_accepted_or_rejected(nyc, nyc_raw):
    assert nyc.accepted.height + nyc.rejected.height == nyc_raw.height == 4495


def test_empty_complaint_types_are_rejected_as_such(nyc, nyc_raw):
    empty = nyc_raw["Complaint Type"].is_null().sum()
    flagged = nyc.rejected.filter(
        pl.col("problems").list.eval(pl.element().str.contains("reason: required")).list.any()
    )

    assert flagged.height == empty == 286


def test_excluded_result_codes_are_rejected_with_the_code(nyc, nyc_raw):
    codes = nyc_raw["Complaint Result"].str.extract(r"- ([A-Z]{3})$")
    expected = codes.is_in(["NCR", "CIN", "CWC", "ULC"]).sum()
    excluded = nyc.rejected["problems"].list.join("|").str.contains("excluded by mapping: outcome")

    assert excluded.sum() == expected == 315


def test_evidence_is_unknown_throughout(nyc):
    evidence = nyc.accepted.select(pl.col("^evidence_.*$"))

    assert evidence.null_count().row(0) == (nyc.accepted.height,) * evidence.width


def test_outcomes_reasons_and_goods_status_follow_the_codes(nyc):
    frame = nyc.accepted
    assert set(frame["resolution"].cast(pl.String).unique()) == {"negotiated", "escalated"}
    non_delivery = frame.filter(pl.col("reason_raw").str.ends_with("N01"))
    assert non_delivery["reason"].cast(pl.String).unique().to_list() == ["not_received"]
    assert non_delivery["goods_received"].unique().to_list() == [False]
    assert frame.filter(pl.col("reason_raw").str.ends_with("B02"))["goods_received"].null_count() > 0
    assert frame["opened_at"].min().year == 2014 or frame["opened_at"].min().year == 2015


def test_closed_before_opened_rows_in_the_real_data_are_caught(nyc):
    problems = nyc.rejected["problems"].list.join("|")

    assert problems.str.contains("closed before opened").sum() == 4


def test_strict_mode_lists_all_problems_of_the_real_file():
    with pytest.raises(
        SchemaError,
        match=r"(?s)3 problem\(s\) in 4495 row\(s\).*outcome = CWC.*"
        r"reason': required value is empty: 286 row\(s\).*"
        r"closed before opened: 4 row\(s\)",
    ):
        load_disputes(NYC, mapping=NYC_MEDIATED_COMPLAINTS)


def test_a_mapping_that_does_not_fit_names_what_is_wrong(nyc_raw):
    mapping = ColumnMapping(
        columns={"opened_at": "Start", "reason": "Complaint Type", "mood": "Satisfaction"}
    )

    with pytest.raises(
        SchemaError, match="(?s)column mapping.*not canonical columns: mood.*source columns not found: Start"
    ):
        load_disputes(nyc_raw, mapping=mapping)


def test_unmapped_values_reach_validation_with_examples(nyc_raw):
    mapping = ColumnMapping(
        columns={
            "opened_at": "Mediation Start Date",
            "reason": "Complaint Type",
            "outcome": "Complaint Result",
        },
        values={"outcome": {"Cash Amount - AMT": "agreed"}},
        id_prefix="x-",
    )

    with pytest.raises(
        SchemaError, match="column 'outcome': unknown value.*'Unable to Locate Business - ULV'"
    ):
        load_disputes(nyc_raw.filter(pl.col("Complaint Type").is_not_null()), mapping=mapping)


def test_a_mapped_column_of_a_type_no_cell_holds_is_refused_by_name():
    from datetime import timedelta

    from rightsguard import UnreadableFileError, load_disputes_lenient

    mapping = ColumnMapping(columns={"opened_at": "Start", "reason": "Complaint Type"}, id_prefix="x-")
    frame = pl.DataFrame({"Start": ["2026-01-01"], "Complaint Type": [timedelta(hours=1)]})

    with pytest.raises(UnreadableFileError, match=r"'Complaint Type' \(Duration"):
        load_disputes_lenient(frame, mapping=mapping)
