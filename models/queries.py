"""Questions asked of the stored returns (``service.queries``): which returns there are, the
figures of one, of the quarter before, 本年累计, a figure over the quarters. Read only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from models.periods import Period
from models.schema import Return, ReturnValue, Unit
from models.stored_rows import ReturnKey, at_precision, rows_of_returns
from models.template import Template

if TYPE_CHECKING:
    from models.returns import ReturnService


@dataclass(frozen=True)
class ReturnSummary:
    unit_code: str
    unit_name: str
    period: str
    scope: str
    status: str
    origin: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    source_file: str


@dataclass(frozen=True)
class StoredState:
    status: str  # draft | submitted
    review: str  # "" | accepted | returned


class Queries:
    def __init__(self, service: ReturnService) -> None:
        self.service = service

    def list_returns(self, unit_code: str | None = None, period: str | None = None) -> list[ReturnSummary]:
        with self.service.session() as s:
            q = select(Return, Unit).join(Unit, Return.unit_id == Unit.id)
            if unit_code:
                q = q.where(Unit.code == unit_code)
            if period:
                q = q.where(Return.period == period)
            return [
                ReturnSummary(u.code, u.name, r.period, r.scope, r.status, r.origin, r.updated_at, r.submitted_at, r.source_file)
                for r, u in s.execute(q.order_by(Unit.code, Return.period))
            ]

    def states(self, keys: Collection[ReturnKey]) -> dict[ReturnKey, StoredState]:
        """The status and review of many returns (unit code, period, scope) at once, as an
        import's plan judges a batch; a key without a return is left out."""
        with self.service.session() as s:
            rows = rows_of_returns(
                s,
                keys,
                lambda codes, periods: (
                    select(Unit.code, Return.period, Return.scope, Return.status, Return.review_status)
                    .join(Unit, Return.unit_id == Unit.id)
                    .where(Unit.code.in_(codes), Return.period.in_(periods))
                ),
            )
            return {(unit_code, period, scope): StoredState(status, review) for unit_code, period, scope, status, review in rows}

    def values_for(self, unit_code: str, period: str, scope: str = "own") -> dict[str, Decimal] | None:
        """Just the figures of a return, or None when there is no such return."""
        with self.service.session() as s:
            found = s.execute(
                select(Return.id, Return.template_id, Return.template_version)
                .join(Unit, Return.unit_id == Unit.id)
                .where(Unit.code == unit_code, Return.period == period, Return.scope == scope)
            ).first()
            if found is None:
                return None
            rows = s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == found.id)).all()
            return self.service.store.typed_values(found.template_id, found.template_version, dict(rows))

    def previous_values(self, unit_code: str, period: str, scope: str = "own") -> dict[str, Decimal] | None:
        key = (unit_code, period, scope)
        return self.previous_values_of([key]).get(key)

    def previous_values_of(self, keys: Collection[ReturnKey]) -> dict[ReturnKey, dict[str, Decimal]]:
        """``previous_values`` of many returns (unit code, period, scope) at once, as an
        import's plan checks a batch: a key whose quarter before has no return (or that is
        annual) is left out."""
        before: dict[ReturnKey, ReturnKey] = {}
        for unit_code, period, scope in keys:
            p = Period.parse(period)
            if not p.is_annual:
                before[(unit_code, str(p.previous()), scope)] = (unit_code, period, scope)
        return {before[key]: values for key, values in self.values_of(before).items()}

    def values_of(self, keys: Collection[ReturnKey]) -> dict[ReturnKey, dict[str, Decimal]]:
        """``values_for`` of many returns at once (a few set queries, not one per return);
        a key without a return is left out."""
        found: dict[ReturnKey, tuple[str, int, dict[str, Decimal]]] = {}
        with self.service.session() as s:
            rows = rows_of_returns(
                s,
                keys,
                lambda codes, periods: (
                    select(Unit.code, Return.period, Return.scope, Return.template_id, Return.template_version, ReturnValue.code, ReturnValue.value)
                    .join(Unit, Return.unit_id == Unit.id)
                    .outerjoin(ReturnValue, ReturnValue.return_id == Return.id)  # a return without figures is one too
                    .where(Unit.code.in_(codes), Return.period.in_(periods))
                ),
            )
            for unit_code, period, scope, template_id, version, code, value in rows:
                raw = found.setdefault((unit_code, period, scope), (template_id, version, {}))[2]
                if code is not None:
                    raw[code] = value
        typed = self.service.store.typed_values
        return {key: typed(template_id, version, raw) for key, (template_id, version, raw) in found.items()}

    def carry_over_values(self, unit_code: str, period: str) -> dict[str, Decimal]:
        """Last quarter's stock figures (section A, 学科带头人…), for starting a new quarter."""
        service = self.service
        prev = service.store.load(unit_code, str(Period.parse(period).previous()))
        if prev is None:
            return {}
        tpl = service.template_for(prev)
        # Last quarter may be of an older template version: only what the new return's version has.
        new = service.registry.for_period(period)
        return {k: v for k, v in prev.values.items() if tpl.has_indicator(k) and tpl.indicator(k).kind == "stock" and new.has_indicator(k)}

    def year_to_date(self, unit_code: str, period: str, scope: str = "own", template: Template | None = None) -> dict[str, Decimal]:
        """本年累计: flows summed over Q1..this quarter (a SQL GROUP BY), blank where never reported.
        By code, across template versions; ``template`` (the return's own, else the one in force
        for the period) decides which codes are flows that may be added up (never a typed percent)."""
        periods = [str(q) for q in Period.parse(period).year_to_date()]
        with self.service.session() as s:
            rows = s.execute(
                select(ReturnValue.code, func.sum(ReturnValue.value))
                .join(Return, ReturnValue.return_id == Return.id)
                .join(Unit, Return.unit_id == Unit.id)
                .where(Unit.code == unit_code, Return.scope == scope, Return.period.in_(periods))
                .group_by(ReturnValue.code)
            )
            tpl = template or self.service.registry.for_period(period)
            # The column's type reads the integer SUM of 分 back as an exact Decimal.
            return {
                code: at_precision(tpl, code, total)
                for code, total in rows
                if tpl.has_indicator(code) and tpl.indicator(code).kind == "flow" and tpl.indicator(code).sums
            }

    def history(self, unit_code: str, code: str, period: str, quarters: int = 8, scope: str = "own") -> list[tuple[str, Decimal | None]]:
        """A figure over the last ``quarters`` quarters ending at ``period``, oldest first; blank
        (None) in a quarter without a return or whose template version lacks the figure."""
        periods: list[Period] = []
        p = Period.parse(period)
        for _ in range(quarters):
            periods.append(p)
            p = p.previous()
        periods.reverse()
        with self.service.session() as s:
            rows = dict(
                s.execute(
                    select(Return.period, ReturnValue.value)
                    .join(ReturnValue, ReturnValue.return_id == Return.id)
                    .join(Unit, Return.unit_id == Unit.id)
                    .where(Unit.code == unit_code, Return.scope == scope, ReturnValue.code == code, Return.period.in_([str(x) for x in periods]))
                ).all()
            )
        tpl = self.service.registry.with_indicator(code) or self.service.registry.for_period(period)
        return [(str(x), at_precision(tpl, code, rows[str(x)]) if str(x) in rows else None) for x in periods]
