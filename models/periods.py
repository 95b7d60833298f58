"""Reporting periods: quarters (``2024Q4``) and years (``2024``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date

from models.values import quote

_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the sane range: 2000Q1 .. 2099Q4
_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:[Qq]\s*([1-4]))?\s*$")


class PeriodError(ValueError):
    """Text that is not a period; the message is Chinese and says what is expected."""


def days_in_month(year: int, month: int) -> int:
    """The last day of a month (not ``calendar.monthrange``: the calendar module loads the
    locale module, ~2 ms of the window's start, for this one sum)."""
    return (date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


@dataclass(frozen=True, order=True)
class Period:
    """A report period: a quarter of a year, or the year as a whole (the annual view)."""

    year: int
    quarter: int | None = None  # None: the annual view

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PATTERN.match(str(text)) if len(str(text)) <= 20 else None
        if not m:
            raise PeriodError(f"报告期 “{quote(text)}” 无法识别：请写成 2024Q4（季度）或 2024（年度）")
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(f"报告期 “{quote(text)}” 的年份不合理：应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间")
        return cls(year, int(m.group(2)) if m.group(2) else None)

    @property
    def is_annual(self) -> bool:
        return self.quarter is None

    def __str__(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}Q{self.quarter}"

    def label(self, lang: str = "zh") -> str:
        """报告期 as printed on a return: 2024年第四季度 / 2024年."""
        if lang == "en":
            return f"{self.year}" if self.quarter is None else f"Q{self.quarter} {self.year}"
        return f"{self.year}年" if self.quarter is None else f"{self.year}年第{_QUARTER_NAMES[self.quarter]}季度"

    def previous(self) -> Period:
        """The previous quarter (or year, for an annual period)."""
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)

    def next(self) -> Period:
        if self.quarter is None:
            return Period(self.year + 1)
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)

    def same_last_year(self) -> Period:
        return Period(self.year - 1, self.quarter)

    def quarters(self) -> list[Period]:
        """The quarters this period covers (itself, or the four of the year)."""
        if self.quarter is None:
            return [Period(self.year, q) for q in range(1, 5)]
        return [self]

    def year_to_date(self) -> list[Period]:
        """Q1 .. this quarter of the same year (本年累计)."""
        last = 4 if self.quarter is None else self.quarter
        return [Period(self.year, q) for q in range(1, last + 1)]

    @property
    def months(self) -> int:
        return 12 if self.quarter is None else 3

    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    def end(self) -> date:
        month = 12 if self.quarter is None else 3 * self.quarter
        return date(self.year, month, days_in_month(self.year, month))

    def due(self, months_after: int = 1) -> date:
        """Due date: the same day-of-month, ``months_after`` months after the end (季后1个月内)."""
        end = self.end()
        month = end.month + months_after
        year = end.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, days_in_month(year, month) if end.day > 28 else end.day)


def current_quarter(today: date | None = None) -> Period:
    """The quarter a clerk is most likely filling today: the one just ended."""
    today = today or date.today()
    return Period(today.year, (today.month - 1) // 3 + 1).previous()


def local_time(when: dt.datetime) -> dt.datetime:
    """A time stored in UTC (naive) on this PC's clock (naive): how every screen, message and
    printed page shows it."""
    return when.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
