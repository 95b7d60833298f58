"""Comparisons with the previous quarter and the same quarter last year (变化 and %), and the
本年累计 of a return as shown, from the report view."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from models.report import ReportView, quarters_words

if TYPE_CHECKING:
    from models.returns import ReturnService


@dataclass(frozen=True)
class Change:
    current: Decimal | None
    base: Decimal | None
    # False for a typed percent: its change is told in percentage points (diff), never as a
    # percent of a percent.
    relative: bool = True

    @property
    def diff(self) -> Decimal | None:
        return None if self.current is None or self.base is None else self.current - self.base

    @property
    def pct(self) -> Decimal | None:
        """Change in percent to 1 decimal; None when either side is blank or the base is 0."""
        if self.diff is None or not self.base or not self.relative:
            return None
        return (self.diff * 100 / self.base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    previous_period: str
    last_year_period: str
    previous: dict[str, Change]
    last_year: dict[str, Change]
    has_previous: bool
    has_last_year: bool


def compare(view: ReportView) -> Comparison:
    """Every indicator of the view's return against the previous period and the same period
    last year, as the report view gathered them (for the year: the year before, in both)."""
    p = view.period
    prev_p, last_p = p.previous(), p.same_last_year()
    last = view.last_year
    prev = last if p.is_annual else view.previous
    current = view.data.values
    # By stable code: a figure the earlier period's template version lacked is blank there, not 0.
    indicators = view.template.indicators

    def changes(base: dict[str, Decimal] | None) -> dict[str, Change]:
        return {i.code: Change(current.get(i.code), None if base is None else base.get(i.code), relative=not i.is_percent) for i in indicators}

    return Comparison(str(prev_p), str(last_p), changes(prev), changes(last), prev is not None, last is not None)


@dataclass(frozen=True)
class YearToDate:
    """本年累计 of a return as shown: the flows added up from quarter 1 to its quarter."""

    sums: dict[str, Decimal]
    # Figures some quarter did not give: the quarters they add up ("第1、3季度").
    short: dict[str, str] = field(default_factory=dict)


def year_to_date_as_shown(service: ReturnService, view: ReportView) -> YearToDate | None:
    """The earlier quarters of the year as stored plus this quarter's figures as the view has
    them (typed, maybe not saved yet). None for the first quarter and for a year."""
    from models.consolidate import quarters_reported

    data, p = view.data, view.period
    if p.quarter is None or p.quarter == 1:
        return None
    earlier = p.previous()
    sums = dict(service.queries.year_to_date(data.unit.code, str(earlier), data.scope, view.template))
    for ind in view.template.indicators:
        if ind.kind == "flow" and ind.sums and ind.code in data.values:
            sums[ind.code] = sums.get(ind.code, Decimal(0)) + data.values[ind.code]
    stored = quarters_reported(service, data.unit.code, [str(q) for q in earlier.year_to_date()], data.scope)
    short: dict[str, str] = {}
    for code in sums:
        quarters = (*stored.get(code, ()), *((p.quarter,) if code in data.values else ()))
        if len(quarters) < p.quarter:
            short[code] = quarters_words(quarters)
    return YearToDate(sums, short)
