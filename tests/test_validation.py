"""Validation: every problem at once, pinned wording, no row lost."""

from datetime import datetime

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsguard import SchemaError, validate


def good_rows(n: int = 3) -> dict[str, list]:
    return {
        "dispute_id": [f"d{i}" for i in range(n)],
        "opened_at": ["2026-01-01 10:00:00"] * n,
        "closed_at": ["2026-01-03 10:00:00"] * n,
        "reason": ["quality"] * n,
        "amount": ["10.5"] * n,
        "outcome": ["agreed"] * n,
    }


def test_missing_required_columns_are_listed_with_what_was_expected():
    frame = pl.DataFrame({"order_id": ["1"], "amount": [1.0]})

    with pytest.raises(
        SchemaError,
        match=r"2 missing column\(s\): 'dispute_id', 'opened_at'; "
        r"required are dispute_id, opened_at, reason; found order_id, amount",
    ):
        validate(frame.with_columns(reason=pl.lit("quality")))


def test_every_problem_is_reported_in_one_error():
    rows = good_rows(6)
    rows["amount"][0] = "abc"
    rows["reason"][1] = "bad_reason"
    rows["dispute_id"][3] = "d2"
    rows["amount"][3] = "11"
    rows["amount"][4] = "-3"
    rows["closed_at"][5] = "2025-12-31 00:00:00"
    frame = pl.DataFrame(rows)

    with pytest.raises(SchemaError) as error:
        validate(frame).accepted_or_raise()

    message = str(error.value)
    assert message.startswith("5 problem(s) in 6 row(s) of the dispute data:")
    assert "column 'amount': cannot be read as a number: 1 row(s), rows 1; values 'abc'" in message
    assert (
        "column 'reason': unknown value, expected one of not_received, late_shipment" in message
        and "rows 2; values 'bad_reason'" in message
    )
    assert "column 'dispute_id': duplicate id: 2 row(s), rows 3, 4; values 'd2'" in message
    assert "column 'amount': negative value: 1 row(s), rows 5; values '-3.0'" in message
    assert (
        "column 'closed_at': closed before opened: 1 row(s), rows 6; "
        "values 'opened 2026-01-01 10:00, closed 2025-12-31 00:00'"
    ) in message


def test_exact_copies_lose_only_the_copy():
    rows = good_rows(2)
    frame = pl.concat([pl.DataFrame(rows), pl.DataFrame(rows).head(1)])

    result = validate(frame)

    assert result.accepted["dispute_id"].to_list() == ["d0", "d1"]
    assert result.rejected["source_row"].to_list() == [3]


def test_lenient_mode_returns_rejected_rows_with_reasons():
    rows = good_rows(3)
    rows["opened_at"][1] = "yesterday"
    frame = pl.DataFrame(rows)

    result = validate(frame)

    assert result.accepted["dispute_id"].to_list() == ["d0", "d2"]
    assert result.rejected.to_dicts() == [
        {
            "source_row": 2,
            "dispute_id": "d1",
            "opened_at": "yesterday",
            "closed_at": "2026-01-03 10:00:00",
            "reason": "quality",
            "amount": "10.5",
            "outcome": "agreed",
            "problems": ["opened_at: cannot be read as a date-time (yesterday)"],
        }
    ]
    assert "3 rows read, 2 accepted, 1 rejected" in result._repr_html_()


def test_input_is_never_mutated():
    frame = pl.DataFrame(good_rows(3))
    before = frame.clone()

    validate(frame)

    assert frame.equals(before)


def test_typed_frames_are_accepted_as_they_are():
    frame = pl.DataFrame(
        {
            "dispute_id": ["a"],
            "opened_at": [datetime(2026, 1, 1)],
            "reason": ["damaged"],
            "goods_received": [True],
            "amount": [3],
            "evidence_chat_log": [None],
        }
    )

    accepted = validate(frame).accepted

    assert accepted["amount"].dtype == pl.Float64
    assert accepted["resolution"].cast(pl.String).to_list() == ["open"]


CELL = {
    "amount": st.sampled_from(["1", "2.5", "-1", "x", "", "1,200", "¥30"]),
    "reason": st.sampled_from(["quality", "damaged", "nonsense", ""]),
    "opened_at": st.sampled_from(["2026-01-01", "2026/02/03 10:00", "not a date", ""]),
    "dispute_id": st.sampled_from(["a", "b", "c", "d", "e", ""]),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries(CELL), min_size=1, max_size=40))
def test_rows_in_equal_rows_accepted_plus_rows_rejected(rows):
    frame = pl.DataFrame(rows, schema={c: pl.String for c in CELL})

    result = validate(frame)

    assert result.accepted.height + result.rejected.height == frame.height
    assert result.rejected["problems"].list.len().min() or result.rejected.height == 0
    rows_back = set(result.rejected["source_row"].to_list())
    assert len(rows_back) == result.rejected.height
    assert result.accepted["dispute_id"].is_duplicated().sum() == 0
    if result.rejected.height:
        with pytest.raises(SchemaError, match=r"problem\(s\) in \d+ row\(s\) of the dispute data"):
            validate(frame).accepted_or_raise()


PLAIN_AND_DRESSED = {
    pl.Boolean(): ["true", "false", "是", "否", "1", "0", "TRUE", " yes", "No ", "='1'", "maybe", ""],
    pl.Float64(): [
        "12.5",
        "-3",
        "007",
        "1,234.50",
        "¥ 12",
        "12元",
        " 8",
        "1e5",
        "12,50",
        "inf",
        ".5",
        "+4",
        "١٢",
    ],
    pl.Datetime("us"): [
        "2025-03-01 14:05:09",
        "2025-03-01T14:05:09.123",
        "2025-03-01 14:05:09.5",
        "2025-03-01\u300014:05:09",
        " 2025-03-01 14:05:09",
        "2025-03-01 14:05:09 ",
        '="2025-03-01"',
        "13/02/2013",
        "7/08/2013",
        "45000",
        "2025年3月1日",
        "2025-03-01T14:05:09+08:00",
        "8-01-01 00:00:00",
        "2025-02-30 00:00:00",
    ],
    pl.Enum(["refund_only", "return_refund"]): [
        "refund_only",
        " return_refund",
        "REFUND_ONLY",
        "'return_refund",
        "exchange",
    ],
}


@pytest.mark.parametrize("target", list(PLAIN_AND_DRESSED), ids=str)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_cells_read_as_they_are_get_what_cleaning_and_the_full_rules_give(target, data):
    from rightsguard.io._parse import clean_text, coerce, read_text

    cells = data.draw(
        st.lists(
            st.one_of(st.sampled_from(PLAIN_AND_DRESSED[target]), st.none(), st.text(max_size=6)), max_size=30
        )
    )
    frame = pl.DataFrame({"text": cells}, schema={"text": pl.String})

    read = frame.select(read_text(pl.col("text"), target).struct.unnest())
    full = frame.select(
        coerce(pl.col("text"), pl.String(), target).alias("value"),
        clean_text(pl.col("text")).is_not_null().alias("present"),
    )

    assert read.to_dict(as_series=False) == full.to_dict(as_series=False)


def test_a_year_after_next_year_is_a_problem_and_next_year_is_not():
    year = datetime.now().year
    rows = pl.DataFrame(
        {
            "dispute_id": ["a", "b"],
            "reason": ["damaged"] * 2,
            "opened_at": [f"{year + 1}-06-01", f"{year + 2}-06-01"],
        }
    )

    result = validate(rows)

    assert result.accepted["dispute_id"].to_list() == ["a"]
    assert any("implausible year" in p for p in result.problems)
