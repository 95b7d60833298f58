"""County work: completeness (报送情况), consolidation (汇总) and the annual view.

The consolidated return of a unit is its own return (if any) plus the
consolidated returns of its children, summed with SQL ``GROUP BY`` over the
returns involved; ratios are recomputed from the added parts wherever they are
shown (models.checks.compute_ratios), never averaged. The annual view sums
flows over the quarters and takes stocks from the last quarter with data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.checks import check_return
from models.data import Allowance, Member, ReturnData, Signatories, UnitInfo
from models.periods import Period
from models.returns import ReturnLocked, ReturnService, ServiceError
from models.schema import AllowanceRow, Return, ReturnText, ReturnValue, Unit
from models.template import Template

STATE_LABELS = {
    "missing": "未报",
    "draft": "草稿",
    "submitted": "已报送",
    "imported": "已导入",
    "errors": "有错误",
    "accepted": "已审核",
    "returned": "退回",
}


@dataclass(frozen=True)
class ChildStatus:
    unit: UnitInfo
    state: str  # a key of STATE_LABELS
    scope: str = "own"
    received_at: dt.datetime | None = None
    source_file: str = ""
    on_time: bool | None = None  # None: not received
    note: str = ""  # the reason it was sent back
    errors: int = 0

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


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


def _due(service: ReturnService, period: str) -> dt.date:
    try:
        months = int(service.settings.get("due_months"))
    except ValueError:
        months = 1
    return Period.parse(period).due(months)


def _child_scope(service: ReturnService, code: str, period: str) -> str:
    """A child that has subordinates reports its consolidated return, if it has one."""
    return "consolidated" if service.values_for(code, period, "consolidated") is not None else "own"


def completeness(service: ReturnService, unit_code: str, period: str) -> Completeness:
    """报送情况 of the direct subordinates of a unit for a quarter."""
    unit = service.get_unit(unit_code)
    if unit is None:
        raise ServiceError(f"单位 {unit_code} 不存在")
    due = _due(service, period)
    rows: list[ChildStatus] = []
    for child in service.children(unit_code):
        scope = _child_scope(service, child.code, period)
        data = service.load(child.code, period, scope)
        if data is None:
            rows.append(ChildStatus(child, "missing"))
            continue
        errors = sum(1 for f in check_return(service.template_for(data), data, service.previous_values(child.code, period, scope)) if f.is_error)
        received = data.received_at
        on_time = None if received is None else received.date() <= due
        if data.review_status == "returned":
            state = "returned"
        elif data.review_status == "accepted":
            state = "accepted"
        elif errors:
            state = "errors"
        elif data.status == "submitted":
            state = "submitted"
        elif data.origin == "imported":
            state = "imported"
        else:
            state = "draft"
        rows.append(ChildStatus(child, state, scope, received, data.source_file, on_time, data.review_note, errors))
    return Completeness(unit, period, due, rows)


# ---- consolidation ---------------------------------------------------------


def _return_id(s: Session, unit_code: str, period: str, scope: str) -> tuple[int, str, str, str] | None:
    row = s.execute(
        select(Return.id, Return.status, Return.origin, Return.review_status)
        .join(Unit, Return.unit_id == Unit.id)
        .where(Unit.code == unit_code, Return.period == period, Return.scope == scope)
    ).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


def _sources(s: Session, service: ReturnService, unit: UnitInfo, period: str) -> list[tuple[int, UnitInfo]]:
    """The returns whose figures make up the consolidated return of ``unit``.

    A subtree that arrived as an imported consolidated return (a county's file
    at the prefecture) counts as that one return; otherwise its own returns are
    gathered unit by unit. Returns sent back (退回) are left out.
    """
    imported = _return_id(s, unit.code, period, "consolidated")
    if imported is not None and imported[2] == "imported" and imported[3] != "returned":
        return [(imported[0], unit)]
    found: list[tuple[int, UnitInfo]] = []
    own = _return_id(s, unit.code, period, "own")
    if own is not None and own[3] != "returned":
        found.append((own[0], unit))
    for child in service.children(unit.code):
        found.extend(_sources(s, service, child, period))
    return found


def consolidate(service: ReturnService, unit_code: str, period: str) -> ReturnData:
    """汇总: make (or re-make) and store the consolidated return of a unit for a quarter."""
    p = Period.parse(period)
    if p.is_annual:
        raise ServiceError("汇总按季度进行；年度数据由四个季度的汇总报表得出")
    unit = service.get_unit(unit_code)
    if unit is None:
        raise ServiceError(f"单位 {unit_code} 不存在")
    existing = service.load(unit_code, period, "consolidated")
    if existing is not None and existing.locked:
        raise ReturnLocked(f"{unit.name} {p.label()} 的汇总表已报送；如需重新汇总请先撤回报送")
    tpl = service.registry.latest()
    with Session(service.engine) as s:
        members: list[Member] = []
        sources: list[tuple[int, UnitInfo]] = []
        own = _return_id(s, unit_code, period, "own")
        if own is not None and own[3] != "returned":
            sources.append((own[0], unit))
        for child in service.children(unit_code):
            child_sources = _sources(s, service, child, period)
            sources.extend(child_sources)
            # A child's figures came either from its imported consolidated return or from its own.
            scope = "consolidated" if len(child_sources) == 1 and _is_consolidated(s, child_sources[0][0]) else "own"
            status = _return_id(s, child.code, period, scope)
            if child_sources:
                members.append(Member(child.code, child.name, "included", scope, status[1] if status else ""))
            else:
                returned = status is not None and status[3] == "returned"
                members.append(Member(child.code, child.name, "returned" if returned else "missing", scope, status[1] if status else ""))
        ids = [rid for rid, _ in sources]
        values = _sum_values(s, tpl, ids)
        names = {rid: u.name for rid, u in sources}
        allowances = [
            Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name or names[a.return_id])
            for rid in ids
            for a in s.scalars(select(AllowanceRow).where(AllowanceRow.return_id == rid).order_by(AllowanceRow.position))
        ]
        texts = _gather_texts(s, tpl, [(rid, names[rid]) for rid in ids])
    st = service.settings.all()
    data = ReturnData(
        unit=unit,
        period=str(p),
        template_id=tpl.id,
        template_version=tpl.version,
        scope="consolidated",
        origin="consolidated",
        values=values,
        texts=texts,
        allowances=allowances,
        explanations=existing.explanations if existing else {},
        signatories=existing.signatories if existing else Signatories(st["unit_head"], st["stats_head"], st["filled_by"], st["phone"], None),
        members=members,
    )
    service.save(data, action="consolidate")
    loaded = service.load(unit_code, str(p), "consolidated")
    assert loaded is not None
    return loaded


def _is_consolidated(s: Session, return_id: int) -> bool:
    return s.scalar(select(Return.scope).where(Return.id == return_id)) == "consolidated"


def _sum_values(s: Session, tpl: Template, ids: list[int], codes: list[str] | None = None) -> dict[str, Decimal]:
    if not ids:
        return {}
    q = select(ReturnValue.code, func.sum(ReturnValue.value)).where(ReturnValue.return_id.in_(ids)).group_by(ReturnValue.code)
    if codes is not None:
        q = q.where(ReturnValue.code.in_(codes))
    out: dict[str, Decimal] = {}
    for code, total in s.execute(q):
        if tpl.has_indicator(code):
            out[code] = Decimal(str(total)).quantize(Decimal(1).scaleb(-tpl.indicator(code).decimals))
    return out


def _gather_texts(s: Session, tpl: Template, sources: list[tuple[int, str]]) -> dict[str, str]:
    """Narrative items gathered under each source's heading (a unit name or a quarter)."""
    texts: dict[str, str] = {}
    for code in tpl.text_codes():
        parts = []
        for rid, heading in sources:
            text = s.scalar(select(ReturnText.text).where(ReturnText.return_id == rid, ReturnText.code == code))
            if text and text.strip():
                parts.append(f"【{heading}】\n{text.strip()}")
        if parts:
            texts[code] = "\n\n".join(parts)
    return texts


# ---- the annual view -------------------------------------------------------


def annual_view(service: ReturnService, unit_code: str, year: int | str, scope: str = "own") -> ReturnData:
    """The year (``2024``) from its quarters: flows summed, stocks from the last quarter with data.

    Computed on the fly, never stored; ``missing_quarters`` says which quarters have no return.
    """
    p = Period.parse(str(year))
    if not p.is_annual:
        raise ServiceError(f"{year} 不是年度报告期")
    unit = service.get_unit(unit_code)
    if unit is None:
        raise ServiceError(f"单位 {unit_code} 不存在")
    tpl = service.registry.latest()
    with Session(service.engine) as s:
        found: list[tuple[Period, int]] = []
        missing: list[str] = []
        all_submitted = True
        for q in p.quarters():
            row = _return_id(s, unit_code, str(q), scope)
            if row is None:
                missing.append(str(q))
            else:
                found.append((q, row[0]))
                all_submitted &= row[1] == "submitted"
        if not found:
            raise ServiceError(f"{unit.name} {p.label()} 没有任何季度的{'汇总' if scope == 'consolidated' else ''}报表")
        flows = [i.code for i in tpl.indicators if i.kind == "flow"]
        stocks = [i.code for i in tpl.indicators if i.kind == "stock"]
        values = _sum_values(s, tpl, [rid for _, rid in found], flows)
        last_with_stock = next((rid for _, rid in reversed(found) if s.scalar(select(func.count()).select_from(ReturnValue).where(ReturnValue.return_id == rid, ReturnValue.code.in_(stocks)))), None)
        if last_with_stock is not None:
            values |= _sum_values(s, tpl, [last_with_stock], stocks)
        texts = _gather_texts(s, tpl, [(rid, q.label()) for q, rid in found])
        allowances = _annual_allowances(s, [rid for _, rid in found])
    last = service.load(unit_code, str(found[-1][0]), scope)
    assert last is not None
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
        signatories=last.signatories,
        members=last.members,
        missing_quarters=missing,
    )


def _annual_allowances(s: Session, ids: list[int]) -> list[Allowance]:
    """One row per (unit, name): amounts and one-off awards added, persons and standard of the last quarter."""
    rows: dict[tuple[str, str], Allowance] = {}
    for rid in ids:
        for a in s.scalars(select(AllowanceRow).where(AllowanceRow.return_id == rid).order_by(AllowanceRow.position)):
            key = (a.unit_name, a.name)
            prev = rows.get(key)
            if prev is None:
                rows[key] = Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name)
                continue
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
    unit = service.get_unit(unit_code)
    if unit is None:
        return {}
    tpl = service.registry.latest()
    with Session(service.engine) as s:
        own = _return_id(s, unit_code, period, "own")
        sources = [(own[0], unit)] if own is not None and own[3] != "returned" else []
        for child in service.children(unit_code):
            sources.extend(_sources(s, service, child, period))
        filled = [(src.name, set(s.scalars(select(ReturnValue.code).where(ReturnValue.return_id == rid)))) for rid, src in sources]
    gaps: dict[str, list[str]] = {}
    for b in tpl.breakdowns:
        # Only a breakdown someone gave in full can be out of step with its total.
        if any(all(p in codes for p in b.parts) for _, codes in filled):
            lacking = [name for name, codes in filled if b.total in codes and not all(p in codes for p in b.parts)]
            if lacking:
                gaps[b.label] = lacking
    return gaps
