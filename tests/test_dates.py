"""Reading dates and moments as real exports write them: Excel serials, Chinese dates, year-last
dates in one order per column, two-digit years, UTC offsets, and years no dispute has."""

from datetime import datetime

import polars as pl

from rightsguard import load_disputes, validate


def test_excel_serial_dates_and_chinese_dates_are_read():
    frame = pl.DataFrame(
        {
            "dispute_id": ["a", "b"],
            "opened_at": ["46023.5", "2026年1月2日 08:00:00"],
            "reason": ["quality", "quality"],
        }
    )

    opened = load_disputes(frame)["opened_at"].dt.to_string("%Y-%m-%d %H:%M").to_list()

    assert opened == ["2026-01-01 12:00", "2026-01-02 08:00"]


def test_year_last_dates_follow_one_order_per_column_and_pivot_two_digit_years():
    us = validate(
        pl.DataFrame(
            {"dispute_id": ["a", "b"], "opened_at": ["7/29/13", "8/1/13"], "reason": ["quality"] * 2}
        )
    ).accepted_or_raise()
    day_first = validate(
        pl.DataFrame(
            {"dispute_id": ["a", "b"], "opened_at": ["01/02/2013", "13/02/2013"], "reason": ["quality"] * 2}
        )
    ).accepted_or_raise()

    assert us["opened_at"].to_list() == [datetime(2013, 7, 29), datetime(2013, 8, 1)]
    assert day_first["opened_at"].to_list() == [datetime(2013, 2, 1), datetime(2013, 2, 13)]


def test_a_column_mixing_day_and_month_first_is_refused_not_guessed():
    mixed = validate(
        pl.DataFrame(
            {
                "dispute_id": ["a", "b", "c"],
                "opened_at": ["13/02/2013", "02/13/2013", "2026-01-01"],
                "reason": ["quality"] * 3,
            }
        )
    )

    assert mixed.accepted["dispute_id"].to_list() == ["c"]
    assert mixed.problems == [
        "column 'opened_at': cannot be read as a date-time: 2 row(s), rows 1, "
        "2; values '13/02/2013', '02/13/2013'"
    ]


def test_times_with_a_utc_offset_are_converted_and_year_13_never_appears():
    result = validate(
        pl.DataFrame(
            {
                "dispute_id": ["a", "b", "c"],
                "opened_at": ["2026-01-02T10:00:00+08:00", "2026-01-02 10:00:00Z", "0013-07-29"],
                "reason": ["quality"] * 3,
            }
        )
    )

    assert result.accepted["opened_at"].to_list() == [datetime(2026, 1, 2, 2), datetime(2026, 1, 2, 10)]
    assert "implausible year" in result.problems[0] and "'0013-07-29'" in result.problems[0]
