"""County work: completeness (报送情况), consolidation (汇总) and the annual view.

The consolidated return of a unit is its own return (if any) plus the
consolidated returns of its children, summed with SQL ``GROUP BY`` over the
returns involved; ratios are recomputed from the added parts wherever they are
shown (models.checks.compute_ratios), never averaged. The annual view sums
flows over the quarters and takes stocks from the last quarter with data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, any_, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import InstrumentedAttribute, Session

from models.checks import check_return
from models.data import Allowance, ReturnData, Signatories, UnitInfo, fmt_number
from models.errors import ReturnLocked, ServiceError
from models.periods import Period
from models.returns import ReturnService
from models.schema import AllowanceRow, Explanation, Return, ReturnText, ReturnValue, Unit
from models.sources import PeriodIndex, gather
from models.stored_rows import at_precision, plain_rows, read_members, signatories_of
from models.template import Template
from models.vocab import MemberState, Origin, ReturnStatus, Review, Scope, SubmissionState


@dataclass(frozen=True)
class ChildStatus:
    unit: UnitInfo
    state: SubmissionState
    scope: str = "own"
    received_at: dt.datetime | None = None
    source_file: str = ""
    on_time: bool | None = None  # None: not received
    note: str = ""  # the reason it was sent back
    errors: int = 0
    version: int | None = None  # of the return shown: 审核 of what the county looked at


@dataclass(frozen=True)
class Completeness:
    unit: UnitInfo
    period: str
    due: dt.date
    children: list[ChildStatus] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.children)

    @property
    def received(self) -> int:
        return sum(1 for c in self.children if c.received_at is not None and c.state != "returned")

    @property
    def on_time(self) -> int:
        return sum(1 for c in self.children if c.on_time and c.state != "returned")

    @property
    def late(self) -> int:
        return sum(1 for c in self.children if c.on_time is False and c.state != "returned")

    @property
    def missing(self) -> list[ChildStatus]:
        return [c for c in self.children if c.state in ("missing", "returned")]

    @property
    def not_sent(self) -> int:
        """Neither received nor missing: a return typed here (代报) or begun, not yet submitted.
        expected = received + not_sent + missing, always."""
        return self.expected - self.received - len(self.missing)


def _due(service: ReturnService, period: str) -> dt.date:
    try:
        months = int(service.settings.get("due_months"))
    except ValueError:
        months = 1
    return Period.parse(period).due(months)


def _child_scope(service: ReturnService, code: str, period: str) -> str:
    """A child that has subordinates reports its consolidated return, if it has one."""
    return "consolidated" if service.queries.values_for(code, period, "consolidated") is not None else "own"


def submission_state(data: ReturnData, errors: int) -> SubmissionState:
    """The one word for where a unit's return stands: 报送情况 and the unit tree both use it."""
    if data.review_status == Review.RETURNED:
        return SubmissionState.RETURNED
    if data.review_status == Review.ACCEPTED:
        return SubmissionState.ACCEPTED
    if errors:
        return SubmissionState.ERRORS
    if data.status == ReturnStatus.SUBMITTED:
        return SubmissionState.SUBMITTED
    if data.origin == Origin.IMPORTED:
        return SubmissionState.EDITED if data.edited_in_excel else SubmissionState.IMPORTED
    return SubmissionState.DRAFT


def _error_count(service: ReturnService, data: ReturnData) -> int:
    previous = service.queries.previous_values(data.unit.code, data.period, data.scope)
    return sum(1 for f in check_return(service.template_for(data), data, previous) if f.is_error)


def current_state(service: ReturnService, data: ReturnData) -> SubmissionState:
    """Where a stored return stands, its checks run (the 收件箱 asks this of consolidated returns)."""
    return submission_state(data, _error_count(service, data))


def submission_states(service: ReturnService, period: str, codes: Collection[str] | None = None) -> dict[str, SubmissionState]:
    """The own returns of these units (default: every unit) for a quarter, in the words of
    报送情况 (no return: absent). Each is loaded and checked: the window asks only for the
    units on screen (a province has ~1,550)."""
    states: dict[str, SubmissionState] = {}
    with service.session() as s:
        found = list(
            s.scalars(select(Unit.code).join(Return, Return.unit_id == Unit.id).where(Return.period == period, Return.scope == Scope.OWN).order_by(Unit.code))
        )
        for code in found if codes is None else [c for c in found if c in set(codes)]:
            data = service.store.load(code, period)
            if data is not None:
                states[code] = submission_state(data, _error_count(service, data))
    return states


def completeness(service: ReturnService, unit_code: str, period: str) -> Completeness:
    """报送情况 of the direct subordinates of a unit for a quarter."""
    with service.session():
        unit = service.units.get(unit_code)
        if unit is None:
            raise ServiceError(f"单位 {unit_code} 不存在")
        due = _due(service, period)
        rows: list[ChildStatus] = []
        for child in service.units.children(unit_code):
            scope = _child_scope(service, child.code, period)
            data = service.store.load(child.code, period, scope)
            if data is None:
                rows.append(ChildStatus(child, SubmissionState.MISSING))
                continue
            errors = _error_count(service, data)
            received = data.received_at
            on_time = None if received is None else received.date() <= due
            rows.append(ChildStatus(child, submission_state(data, errors), scope, received, data.source_file, on_time, data.review_note, errors, data.version))
        return Completeness(unit, period, due, rows)


# ---- consolidation ---------------------------------------------------------


def consolidate(service: ReturnService, unit_code: str, period: str) -> ReturnData:
    """汇总: make (or re-make) and store the consolidated return of a unit for a quarter, in
    one transaction (all or nothing): the children read, the sums, the stored 汇总表."""
    p = Period.parse(period)
    if p.is_annual:
        raise ServiceError("汇总按季度进行；年度数据由四个季度的汇总报表得出")
    with service.session() as s:
        unit = service.units.get(unit_code)
        if unit is None:
            raise ServiceError(f"单位 {unit_code} 不存在")
        # The 汇总表 made before, if any: only its row and its explanations are kept (its
        # figures and its ~1,550 members are made afresh, compared as they are written).
        # Read with the unit's id: the save below writes on what was read here, not reading it again.
        unit_id, existing = service.store.find_with_unit(s, unit_code, str(p), "consolidated")
        if unit_id is None:
            raise ServiceError(f"单位 {unit_code} 不存在")
        if existing is not None and existing.status == ReturnStatus.SUBMITTED:
            raise ReturnLocked(f"{unit.name} {p.label()} 的汇总表{ReturnStatus.SUBMITTED.label}；如需重新汇总请先撤回报送")
        # The version in force for the period; members on another version are added by code
        # (a code a member's version lacks is simply not reported by it).
        tpl = service.registry.for_period(str(p))
        sources, members = gather(PeriodIndex(s, service, str(p)), unit)
        ids = [src.id for src, _ in sources]
        names = {src.id: u.name for src, u in sources}
        values = _sum_values(s, tpl, ids, [i.code for i in tpl.indicators if i.sums])
        _refuse_over_limit(tpl, unit, p, values)
        if existing is not None:
            explanations = dict(s.execute(select(Explanation.key, Explanation.text).where(Explanation.return_id == existing.id)).all())
            signatories = signatories_of(existing)
        else:
            st = service.settings.all()
            explanations, signatories = {}, Signatories(st["unit_head"], st["stats_head"], st["filled_by"], st["phone"], None)
        data = ReturnData(
            unit=unit,
            period=str(p),
            template_id=tpl.id,
            template_version=tpl.version,
            scope="consolidated",
            origin="consolidated",
            values=values,
            texts=_gather_texts(s, tpl, [(rid, names[rid]) for rid in ids]),
            allowances=[
                Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name or names[a.return_id]) for a in _allowance_rows(s, ids)
            ],
            explanations=explanations,
            signatories=signatories,
            members=members,
            version=existing.version if existing else 0,  # refused if the 汇总表 was written meanwhile
        )
        # What is now stored, made from what was written: reading back ~1,550 members and the
        # thousands of allowance rows just written would cost as much again.
        return service.store.save_read(data, action="consolidate", found=(unit_id, existing))


def _refuse_over_limit(tpl: Template, unit: UnitInfo, p: Period, values: dict[str, Decimal]) -> None:
    """What a consolidation stores must be importable again (Excel, JSON) and exact as an
    Excel number: the template's consolidated limit, far beyond any province's total."""
    over = [tpl.indicator(c) for c, v in values.items() if v > tpl.indicator(c).consolidated_maximum]
    if over:
        ind = over[0]
        raise ServiceError(
            f"{unit.name} {p.label()} 汇总后的“{ind.label}”为 {fmt_number(values[ind.code], ind.decimals)}，"
            f"超过汇总表的上限 {fmt_number(ind.consolidated_maximum, ind.decimals)}；请检查各单位所填的数字"
        )


def _allowance_rows(s: Session, ids: list[int]) -> list[Any]:
    """Allowance rows of these returns (plain rows: a province has thousands), in the order
    of ``ids`` then of each list."""
    if not ids:
        return []
    order = {rid: i for i, rid in enumerate(ids)}
    a = AllowanceRow
    rows = plain_rows(
        s, select(a.return_id, a.position, a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name).where(_among(s, a.return_id, ids))
    )
    return sorted(rows, key=lambda r: (order[r.return_id], r.position))


def _among(s: Session, column: InstrumentedAttribute[int], ids: list[int]) -> ColumnElement[bool]:
    """``column IN ids``, for a list of ~1,550 return ids. PostgreSQL takes them as one array
    parameter (``= ANY``): neither 1,550 parameters to plan nor 1,550 literals to render and
    parse. SQLite has no arrays: the ids are written into the statement (integers from our
    own query)."""
    if s.get_bind().dialect.name == "postgresql":
        # Written as the array's text ('{1,2,…}'): psycopg adapts a list element by element.
        return column == any_(cast(bindparam("ids", "{" + ",".join(map(str, ids)) + "}", type_=String), postgresql.ARRAY(Integer)))
    return column.in_(bindparam("ids", ids, expanding=True, literal_execute=True))


def _sum_values(s: Session, tpl: Template, ids: list[int], codes: list[str] | None = None) -> dict[str, Decimal]:
    """Figures of ``codes`` (all when None) added up over the returns ``ids``, by code."""
    if not ids:
        return {}
    # The codes are picked here, not in SQL: a ``code IN`` makes SQLite walk the code index
    # through every period (1.3 M figures in a province) instead of the returns' own rows.
    wanted = None if codes is None else set(codes)
    q = select(ReturnValue.code, func.sum(ReturnValue.value)).where(_among(s, ReturnValue.return_id, ids)).group_by(ReturnValue.code)
    # An integer SUM of 分, read back as an exact Decimal by the column's type.
    return {code: at_precision(tpl, code, total) for code, total in plain_rows(s, q) if tpl.has_indicator(code) and (wanted is None or code in wanted)}


def _gather_texts(s: Session, tpl: Template, sources: list[tuple[int, str]]) -> dict[str, str]:
    """Narrative items gathered under each source's heading (a unit name or a quarter)."""
    order = {rid: (i, heading) for i, (rid, heading) in enumerate(sources)}
    parts: dict[str, list[tuple[int, str]]] = {}
    if order:
        for rid, code, text in plain_rows(
            s, select(ReturnText.return_id, ReturnText.code, ReturnText.text).where(_among(s, ReturnText.return_id, list(order)))
        ):
            if text := text.strip():
                position, heading = order[rid]
                parts.setdefault(code, []).append((position, f"【{heading}】\n{text}"))
    return {code: "\n\n".join(part for _, part in sorted(parts[code])) for code in tpl.text_codes() if code in parts}


# ---- the annual view -------------------------------------------------------


def annual_view(service: ReturnService, unit_code: str, year: int | str, scope: str = "own") -> ReturnData:
    """The year (``2024``) from its quarters: flows summed, stocks from the last quarter with data.

    Computed on the fly, never stored; ``missing_quarters`` says which quarters have no return.
    """
    p = Period.parse(str(year))
    if not p.is_annual:
        raise ServiceError(f"{year} 不是年度报告期")
    with service.session() as s:
        unit = service.units.get(unit_code)
        if unit is None:
            raise ServiceError(f"单位 {unit_code} 不存在")
        stored = {
            period: (rid, status, (template_id, version))
            for rid, period, status, template_id, version in s.execute(
                select(Return.id, Return.period, Return.status, Return.template_id, Return.template_version)
                .join(Unit, Return.unit_id == Unit.id)
                .where(Unit.code == unit_code, Return.scope == scope, Return.period.in_([str(q) for q in p.quarters()]))
            )
        }
        found = [(q, stored[str(q)][0]) for q in p.quarters() if str(q) in stored]
        missing = [str(q) for q in p.quarters() if str(q) not in stored]
        all_submitted = all(status == "submitted" for _, status, _ in stored.values())
        if not found:
            raise ServiceError(f"{unit.name} {p.label()} 没有任何季度的{'汇总' if scope == 'consolidated' else ''}报表")
        # The year in the version of its last quarter; quarters on another version add up by
        # code. A figure never added up (a typed percent) is taken like a stock: the last quarter's.
        tpl = service.registry.get(*stored[str(found[-1][0])][2]) or service.registry.for_period(str(p))
        flows = {i.code for i in tpl.indicators if i.kind == "flow" and i.sums}
        stocks = {i.code for i in tpl.indicators if i.kind == "stock" or not i.sums}
        values = _year_values(s, tpl, [rid for _, rid in found], flows, stocks)
        texts = _gather_texts(s, tpl, [(rid, q.label()) for q, rid in found])
        allowances = _annual_allowances(s, [rid for _, rid in found])
        last = s.get_one(Return, found[-1][1])  # signed by whoever signed its last quarter
        signatories = signatories_of(last)
        members = read_members(s, last.id)
    return ReturnData(
        unit=unit,
        period=str(p),
        template_id=tpl.id,
        template_version=tpl.version,
        scope=scope,
        status="submitted" if all_submitted and not missing else "draft",
        origin="consolidated" if scope == "consolidated" else "entered",
        values=values,
        texts=texts,
        allowances=allowances,
        explanations={},
        signatories=signatories,
        members=members,
        missing_quarters=missing,
    )


def _year_values(s: Session, tpl: Template, ids: list[int], flows: set[str], stocks: set[str]) -> dict[str, Decimal]:
    """The figures of the quarters' returns ``ids`` (in order), read in one query: ``flows``
    added up, ``stocks`` those of the last return that gives any."""
    by_return: dict[int, dict[str, Decimal]] = {rid: {} for rid in ids}
    for rid, code, value in s.execute(select(ReturnValue.return_id, ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id.in_(ids))):
        by_return[rid][code] = value
    totals: dict[str, Decimal] = {}
    for rid in ids:
        for code, value in by_return[rid].items():
            if code in flows:
                totals[code] = totals.get(code, Decimal(0)) + value
    last = next((figures for figures in map(by_return.__getitem__, reversed(ids)) if not stocks.isdisjoint(figures)), {})
    totals |= {code: value for code, value in last.items() if code in stocks}
    # Exact Decimals of the stored 分, at each indicator's precision.
    return {code: at_precision(tpl, code, total) for code, total in totals.items()}


def quarters_reported(service: ReturnService, unit_code: str, periods: list[str], scope: str = "own") -> dict[str, tuple[int, ...]]:
    """For each figure, the quarters among ``periods`` whose return of the unit reported it
    (one SQL query): what a 全年 or 本年累计 figure covers."""
    found: dict[str, set[int]] = {}
    with service.session() as s:
        for period, code in s.execute(
            select(Return.period, ReturnValue.code)
            .join(ReturnValue, ReturnValue.return_id == Return.id)
            .join(Unit, Return.unit_id == Unit.id)
            .where(Unit.code == unit_code, Return.scope == scope, Return.period.in_(periods))
        ):
            quarter = Period.parse(period).quarter
            if quarter is not None:
                found.setdefault(code, set()).add(quarter)
    return {code: tuple(sorted(qs)) for code, qs in found.items()}


def _annual_allowances(s: Session, ids: list[int]) -> list[Allowance]:
    """One row per (unit, name): amounts and one-off awards added, persons and standard of the last quarter."""
    rows: dict[tuple[str, str], Allowance] = {}
    for a in _allowance_rows(s, ids):
        key = (a.unit_name, a.name)
        prev = rows.get(key)
        if prev is None:
            rows[key] = Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name, months=3)
            continue
        prev.months = (prev.months or 0) + 3  # an allowance begun in Q4 is expected for 3 months, not 12
        prev.persons = a.persons if a.persons is not None else prev.persons
        prev.monthly_standard = a.monthly_standard if a.monthly_standard is not None else prev.monthly_standard
        prev.one_off = _add(prev.one_off, a.one_off)
        prev.amount = _add(prev.amount, a.amount)
    return list(rows.values())


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else a + b


def breakdown_gaps(service: ReturnService, unit_code: str, period: str) -> dict[str, list[str]]:
    """For each breakdown, the units in a consolidation that gave its total without its parts.

    These are why a consolidated breakdown may not add up; the clerk chases them.
    """
    tpl = service.registry.for_period(period)
    with service.session() as s:
        unit = service.units.get(unit_code)
        if unit is None:
            return {}
        sources = PeriodIndex(s, service, period).sources(unit)
        filled = [(u.name, set(s.scalars(select(ReturnValue.code).where(ReturnValue.return_id == src.id)))) for src, u in sources]
    gaps: dict[str, list[str]] = {}
    for b in tpl.breakdowns:
        # Only a breakdown someone gave in full can be out of step with its total.
        if any(all(p in codes for p in b.parts) for _, codes in filled):
            lacking = [name for name, codes in filled if b.total in codes and not all(p in codes for p in b.parts)]
            if lacking:
                gaps[b.label] = lacking
    return gaps


def member_rows(service: ReturnService, data: ReturnData) -> tuple[list[tuple[str, dict[str, Decimal]]], list[str]]:
    """The per-unit table of a consolidated return (quarter or year): 本级 (the unit's own
    return) and each included unit's figures; and the units it lacks (missing, sent back)."""
    rows: list[tuple[str, dict[str, Decimal]]] = []
    missing: list[str] = []
    quarterly = not Period.parse(data.period).is_annual

    def figures(code: str, scope: str) -> dict[str, Decimal] | None:
        if quarterly:
            return service.queries.values_for(code, data.period, scope)
        try:
            return annual_view(service, code, data.period, scope).values
        except ServiceError:
            return None

    own = figures(data.unit.code, "own")
    if own is not None:
        rows.append((f"{data.unit.name}（本级）", own))
    for m in data.members:
        values = figures(m.unit_code, m.source_scope) if m.state == "included" else None
        if values is None:
            missing.append(m.unit_name + (f"（{MemberState.RETURNED.label}）" if m.state == MemberState.RETURNED else ""))
        else:
            rows.append((m.unit_name, values))
    return rows, missing
