from __future__ import annotations

import datetime as dt

import pytest

from models.periods import Period, PeriodError, days_in_month, local_time


def test_parse_and_format() -> None:
    assert str(Period.parse("2024Q4")) == "2024Q4"
    assert str(Period.parse(" 2024q1 ")) == "2024Q1"
    assert Period.parse("2024").is_annual
    assert Period.parse("2024Q4").label() == "2024年第四季度"
    assert Period.parse("2024").label() == "2024年"


@pytest.mark.parametrize("text", ["2024Q5", "2024Q0", "24Q1", "Q4", "2024-4", "", "abcd"])
def test_rejects_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError, match="2024Q4"):
        Period.parse(text)


def test_arithmetic() -> None:
    q1 = Period.parse("2024Q1")
    assert str(q1.previous()) == "2023Q4"
    assert str(Period.parse("2024Q4").next()) == "2025Q1"
    assert str(Period.parse("2024Q3").same_last_year()) == "2023Q3"
    assert [str(p) for p in Period.parse("2024Q3").year_to_date()] == ["2024Q1", "2024Q2", "2024Q3"]
    assert [str(p) for p in Period.parse("2024").quarters()] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert Period.parse("2024Q1").end() == dt.date(2024, 3, 31)
    assert Period.parse("2024Q4").due() == dt.date(2025, 1, 31)
    assert Period.parse("2024Q2").due() == dt.date(2024, 7, 31)
    assert Period.parse("2024Q1").months == 3


@pytest.mark.usefixtures("in_beijing")
def test_a_stored_utc_time_is_shown_on_the_pcs_clock() -> None:
    assert local_time(dt.datetime(2024, 12, 31, 16, 30)) == dt.datetime(2025, 1, 1, 0, 30)  # midnight has passed in Beijing


def test_days_in_month_is_the_calendar_s_for_every_month_of_two_centuries() -> None:
    import calendar

    assert [days_in_month(2024, m) for m in (2, 12)] == [29, 31] and days_in_month(2100, 2) == 28  # 2100 is not a leap year
    assert all(days_in_month(y, m) == calendar.monthrange(y, m)[1] for y in range(1950, 2151) for m in range(1, 13))
