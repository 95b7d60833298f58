"""The return service: units, load, save, check, submit, import — it owns the transactions.

Widgets, exporters and the command line call this and get plain data back
(models.data); no ORM object or session leaves this module.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import CursorResult, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from models.checks import Finding, blocking, check_return
from models.data import Allowance, AuditRecord, Member, ReturnData, Signatories, UnitInfo
from models.periods import Period
from models.schema import AllowanceRow, AuditEntry, Base, ConsolidationMember, Explanation, Return, ReturnText, ReturnValue, Unit, utcnow
from models.settings import Settings, clerk_name
from models.template import Template, TemplateRegistry, default_registry
from models.values import format_value, has_unencodable, unit_problems
from models.vocab import Origin, ReturnStatus, Review, SubmissionState

AuditLogger = Callable[[str, str, object, object], None]  # (action, field, old, new)
log = logging.getLogger(__name__)
# Writes more rows in an import's own transaction (models.importing records the file).
Journal = Callable[[Session, "ImportOutcome"], None]
SIGNATORY_FIELDS = ("unit_head", "stats_head", "filled_by", "phone", "report_date")


class ServiceError(Exception):
    """An operation the clerk asked for cannot be done; the message says why (Chinese)."""


class ReturnLocked(ServiceError):
    pass


class ReturnConflict(ServiceError):
    """Someone else wrote the return since it was read (or deleted it): nothing was written.

    ``who`` and ``at`` (UTC) name that writer; ``version`` is the stored version now (None:
    the return is gone). The message says it in Chinese, with what to do.
    """

    def __init__(self, message: str, who: str, at: dt.datetime | None, version: int | None) -> None:
        super().__init__(message)
        self.who, self.at, self.version = who, at, version


# What was not done when a write is refused for a newer version, per write path.
CONFLICT_ADVICE = {
    "edit": "请重新载入后再修改（您的修改未保存）。",
    "submit": "请重新载入、核对后再报送（这次报送没有完成）。",
    "reopen": "请重新载入后再撤回报送（报表未撤回）。",
    "review": "请重新载入、核对后再审核（审核结果未记录）。",
    "delete": "请重新载入后再决定是否删除（报表未删除）。",
    "import": "请重新导入这个文件（这个文件未导入）。",
    "consolidate": "请重新汇总（汇总结果未保存）。",
}


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
class ImportOutcome:
    action: str  # imported | replaced | exists | refused
    message: str


# Rows are written as plain Core inserts into the tables (no ORM bulk-insert bookkeeping):
# a whole return is ~70 values and as many audit entries.
VALUES = Base.metadata.tables["return_values"]
AUDIT = Base.metadata.tables["audit_log"]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class ReturnService:
    def __init__(self, engine: Engine, registry: TemplateRegistry | None = None, who: str | None = None) -> None:
        self.engine = engine
        self.registry = registry or default_registry()
        self.who = clerk_name() if who is None else who
        self.settings = Settings(engine)

    # ---- templates ---------------------------------------------------------
    def template_for(self, data: ReturnData) -> Template:
        tpl = self.registry.get(data.template_id, data.template_version)
        if tpl is None:
            raise ServiceError(f"本程序不认识报表模板 {data.template_id} 第 {data.template_version} 版，请安装最新版本的程序")
        return tpl

    # ---- units -------------------------------------------------------------
    def list_units(self) -> list[UnitInfo]:
        """All units, parents before children, siblings by sort order then code."""
        with Session(self.engine) as s:
            # Plain rows, not ORM objects: a province has ~1,550 units and this runs on every refresh.
            rows = s.execute(select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.parent_id, Unit.credit_code, Unit.sort_order)).all()
        by_id = {u.id: u for u in rows}
        kids: dict[int | None, list[Any]] = {}
        for u in rows:
            kids.setdefault(u.parent_id if u.parent_id in by_id else None, []).append(u)
        out: list[UnitInfo] = []
        seen: set[int] = set()

        def walk(parent: int | None) -> None:
            for u in sorted(kids.get(parent, []), key=lambda u: (u.sort_order, u.code)):
                if u.id in seen:
                    continue
                seen.add(u.id)
                par = by_id.get(u.parent_id) if u.parent_id is not None else None
                out.append(UnitInfo(u.code, u.name, u.level, par.code if par else None, u.credit_code))
                walk(u.id)

        walk(None)
        return out

    def get_unit(self, code: str) -> UnitInfo | None:
        parent = aliased(Unit)
        with Session(self.engine) as s:
            row = s.execute(select(Unit.code, Unit.name, Unit.level, parent.code, Unit.credit_code).outerjoin(parent, Unit.parent_id == parent.id).where(Unit.code == code)).first()
        return None if row is None else UnitInfo(row[0], row[1], row[2], row[3], row[4])

    def children(self, code: str) -> list[UnitInfo]:
        return [u for u in self.list_units() if u.parent == code]

    def descendants(self, code: str) -> list[UnitInfo]:
        units = self.list_units()
        found: list[UnitInfo] = []
        frontier = {code}
        while frontier:
            level = [u for u in units if u.parent in frontier]
            found.extend(level)
            frontier = {u.code for u in level}
        return found

    @contextmanager
    def _transaction(self, outer: Session | None = None) -> Iterator[Session]:
        """A transaction of its own, or the caller's: an import stores a new unit and its
        return in one (``import_return``)."""
        if outer is not None:
            yield outer
            return
        with Session(self.engine) as s, s.begin():
            yield s

    def save_unit(self, info: UnitInfo, *, session: Session | None = None) -> None:
        """Create or update a unit; the parent must exist and not be the unit or below it."""
        if problem := unit_problem(info):
            raise ServiceError(problem)
        code = info.code.strip()
        info = replace(info, name=info.name.strip(), credit_code=info.credit_code.strip())
        if info.parent == code or (info.parent and info.parent in {u.code for u in self.descendants(code)}):
            raise ServiceError(f"单位 {info.name} 不能隶属于它自己或它的下级单位")
        with self._transaction(session) as s:
            parent_id = None
            if info.parent:
                parent_id = s.scalar(select(Unit.id).where(Unit.code == info.parent))
                if parent_id is None:
                    raise ServiceError(f"上级单位 {info.parent} 不存在")
            unit = s.scalar(select(Unit).where(Unit.code == code))
            if unit is None:
                s.add(Unit(code=code, name=info.name.strip(), level=info.level, parent_id=parent_id, credit_code=info.credit_code))
            else:
                unit.name, unit.level, unit.parent_id, unit.credit_code = info.name.strip(), info.level, parent_id, info.credit_code
            s.flush()

    # ---- returns: reading --------------------------------------------------
    def _find(self, s: Session, unit_code: str, period: str, scope: str) -> Return | None:
        return s.scalar(select(Return).join(Unit, Return.unit_id == Unit.id).where(Unit.code == unit_code, Return.period == period, Return.scope == scope))

    def load(self, unit_code: str, period: str, scope: str = "own") -> ReturnData | None:
        with Session(self.engine) as s:
            ret = self._find(s, unit_code, period, scope)
            if ret is None:
                return None
            unit = ret.unit
            parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
            values = dict(s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == ret.id)).all())
            text_rows = s.execute(select(ReturnText.code, ReturnText.text, ReturnText.drafted_from).where(ReturnText.return_id == ret.id)).all()
            texts = {code: text for code, text, _ in text_rows}
            drafted_from = {code: fp for code, _, fp in text_rows if fp}
            expl = dict(s.execute(select(Explanation.key, Explanation.text).where(Explanation.return_id == ret.id)).all())
            allowances = [
                Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name)
                for a in s.scalars(select(AllowanceRow).where(AllowanceRow.return_id == ret.id).order_by(AllowanceRow.position))
            ]
            return ReturnData(
                unit=UnitInfo(unit.code, unit.name, unit.level, parent.code if parent else None, unit.credit_code),
                period=ret.period,
                template_id=ret.template_id,
                template_version=ret.template_version,
                scope=ret.scope,
                status=ret.status,
                origin=ret.origin,
                values=self._typed_values(ret.template_id, ret.template_version, values),
                texts=texts,
                allowances=allowances,
                explanations=expl,
                drafted_from=drafted_from,
                signatories=Signatories(ret.unit_head, ret.stats_head, ret.filled_by, ret.phone, ret.report_date),
                source_file=ret.source_file,
                updated_at=ret.updated_at,
                submitted_at=ret.submitted_at,
                received_at=ret.received_at,
                review_status=ret.review_status,
                review_note=ret.review_note,
                edited_in_excel=ret.edited_in_excel,
                version=ret.version,
                members=[
                    Member(m.unit_code, m.unit_name, m.state, m.source_scope, m.source_status)
                    for m in s.scalars(select(ConsolidationMember).where(ConsolidationMember.return_id == ret.id).order_by(ConsolidationMember.position))
                ],
            )

    def _typed_values(self, template_id: str, version: int, raw: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """Stored numbers (exact, with 2 places) back at each indicator's precision (30, not 30.00)."""
        tpl = self.registry.get(template_id, version)
        if tpl is None:  # an unknown version: each figure at the precision of a version that has it
            return {code: at_precision(self.registry.with_indicator(code) or self.registry.latest(), code, value) for code, value in raw.items()}
        return {code: at_precision(tpl, code, value) for code, value in raw.items()}

    def new_return(self, unit_code: str, period: str, carry_over: bool = False) -> ReturnData:
        """A fresh, unsaved draft with default signatories; stocks copied from last quarter if asked."""
        unit = self.get_unit(unit_code)
        if unit is None:
            raise ServiceError(f"单位 {unit_code} 不存在")
        Period.parse(period)
        tpl = self.registry.for_period(period)  # the version in force for the period, not the newest
        st = self.settings.all()
        data = ReturnData(
            unit=unit,
            period=period,
            template_id=tpl.id,
            template_version=tpl.version,
            signatories=Signatories(st["unit_head"], st["stats_head"], st["filled_by"], st["phone"], None),
            version=0,  # based on no stored return: refused if another clerk stores one first
        )
        if carry_over:
            data.values = self.carry_over_values(unit_code, period)
        return data

    def carry_over_values(self, unit_code: str, period: str) -> dict[str, Decimal]:
        """Last quarter's stock figures (section A, 学科带头人…), for starting a new quarter."""
        prev = self.load(unit_code, str(Period.parse(period).previous()))
        if prev is None:
            return {}
        tpl = self.template_for(prev)
        # Last quarter may be of an older template version: only what the new return's version has.
        new = self.registry.for_period(period)
        return {k: v for k, v in prev.values.items() if tpl.has_indicator(k) and tpl.indicator(k).kind == "stock" and new.has_indicator(k)}

    def values_for(self, unit_code: str, period: str, scope: str = "own") -> dict[str, Decimal] | None:
        """Just the figures of a return, or None when there is no such return."""
        with Session(self.engine) as s:
            found = s.execute(
                select(Return.id, Return.template_id, Return.template_version)
                .join(Unit, Return.unit_id == Unit.id)
                .where(Unit.code == unit_code, Return.period == period, Return.scope == scope)
            ).first()
            if found is None:
                return None
            rows = s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == found.id)).all()
            return self._typed_values(found.template_id, found.template_version, dict(rows))

    def previous_values(self, unit_code: str, period: str, scope: str = "own") -> dict[str, Decimal] | None:
        p = Period.parse(period)
        if p.is_annual:
            return None
        return self.values_for(unit_code, str(p.previous()), scope)

    def year_to_date(self, unit_code: str, period: str, scope: str = "own", template: Template | None = None) -> dict[str, Decimal]:
        """本年累计: flows summed over Q1..this quarter (a SQL GROUP BY), blank where never reported.
        By code, across template versions; ``template`` (the return's own, else the one in force
        for the period) decides which codes are flows that may be added up (never a typed percent)."""
        periods = [str(q) for q in Period.parse(period).year_to_date()]
        with Session(self.engine) as s:
            rows = s.execute(
                select(ReturnValue.code, func.sum(ReturnValue.value))
                .join(Return, ReturnValue.return_id == Return.id)
                .join(Unit, Return.unit_id == Unit.id)
                .where(Unit.code == unit_code, Return.scope == scope, Return.period.in_(periods))
                .group_by(ReturnValue.code)
            )
            tpl = template or self.registry.for_period(period)
            # The column's type reads the integer SUM of 分 back as an exact Decimal.
            return {code: at_precision(tpl, code, total) for code, total in rows if tpl.has_indicator(code) and tpl.indicator(code).kind == "flow" and tpl.indicator(code).sums}

    def history(self, unit_code: str, code: str, period: str, quarters: int = 8, scope: str = "own") -> list[tuple[str, Decimal | None]]:
        """A figure over the last ``quarters`` quarters ending at ``period``, oldest first; blank
        (None) in a quarter without a return or whose template version lacks the figure."""
        periods: list[Period] = []
        p = Period.parse(period)
        for _ in range(quarters):
            periods.append(p)
            p = p.previous()
        periods.reverse()
        with Session(self.engine) as s:
            rows = dict(
                s.execute(
                    select(Return.period, ReturnValue.value)
                    .join(ReturnValue, ReturnValue.return_id == Return.id)
                    .join(Unit, Return.unit_id == Unit.id)
                    .where(Unit.code == unit_code, Return.scope == scope, ReturnValue.code == code, Return.period.in_([str(x) for x in periods]))
                ).all()
            )
        tpl = self.registry.with_indicator(code) or self.registry.for_period(period)
        return [(str(x), at_precision(tpl, code, rows[str(x)]) if str(x) in rows else None) for x in periods]

    def audit(self, unit_code: str, period: str | None = None, field: str | None = None, scope: str = "own") -> list[AuditRecord]:
        with Session(self.engine) as s:
            q = select(AuditEntry).where(AuditEntry.unit_code == unit_code, AuditEntry.scope == scope)
            if period is not None:
                q = q.where(AuditEntry.period == period)
            if field is not None:
                q = q.where(AuditEntry.field == field)
            return [AuditRecord(a.at, a.who, a.action, a.field, a.old, a.new, a.period) for a in s.scalars(q.order_by(AuditEntry.id))]

    def list_returns(self, unit_code: str | None = None, period: str | None = None) -> list[ReturnSummary]:
        with Session(self.engine) as s:
            q = select(Return, Unit).join(Unit, Return.unit_id == Unit.id)
            if unit_code:
                q = q.where(Unit.code == unit_code)
            if period:
                q = q.where(Return.period == period)
            return [
                ReturnSummary(u.code, u.name, r.period, r.scope, r.status, r.origin, r.updated_at, r.submitted_at, r.source_file)
                for r, u in s.execute(q.order_by(Unit.code, Return.period))
            ]

    # ---- checks ------------------------------------------------------------
    def check(self, data: ReturnData, lang: str = "zh") -> list[Finding]:
        tpl = self.template_for(data)
        return check_return(tpl, data, self.previous_values(data.unit.code, data.period, data.scope), lang)

    # ---- versions: no lost update ---------------------------------------------
    def _claim(self, s: Session, ret: Return, expected: int | None, unit: UnitInfo, advice: str) -> None:
        """Take ``ret`` for this write, in every write path: raise its version and name us its
        last writer, if its version is still ``expected`` (None: whatever it is now, for data
        not read from the database). Otherwise ReturnConflict, and the caller's transaction
        is rolled back: nothing written.

        One conditional UPDATE, the first write of the transaction: on SQLite it takes the
        one-writer lock (waiting for another writer, busy_timeout) before the write reads
        what it changes; on PostgreSQL it locks the row until commit and sees the latest
        committed version. What was read of ``ret`` before is read again."""
        stmt = update(Return).where(Return.id == ret.id)
        if expected is not None:
            stmt = stmt.where(Return.version == expected)
        result = s.connection().execute(stmt.values(version=Return.version + 1, updated_by=self.who, updated_at=utcnow()))
        if not isinstance(result, CursorResult) or result.rowcount != 1:
            raise self._conflict(s, unit, ret.period, ret.scope, advice)
        s.refresh(ret)

    def _claim_stored(self, s: Session, unit_code: str, period: str, scope: str, expected: int | None, advice: str) -> Return | None:
        """``_claim`` of a return named by unit and period (None when there is none and none was
        expected; ReturnConflict when the one read at ``expected`` is gone)."""
        ret = self._find(s, unit_code, period, scope)
        if ret is None:
            if expected:
                raise self._conflict(s, UnitInfo(unit_code, unit_code), period, scope, advice)
            return None
        self._claim(s, ret, expected, UnitInfo(unit_code, ret.unit.name), advice)
        return ret

    def _conflict(self, s: Session, unit: UnitInfo, period: str, scope: str, advice: str) -> ReturnConflict:
        """Who wrote the return last, and when (the row), or who deleted it (the audit trail)."""
        row = s.execute(
            select(Return.version, Return.updated_by, Return.updated_at, Unit.name)
            .join(Unit, Return.unit_id == Unit.id)
            .where(Unit.code == unit.code, Return.period == period, Return.scope == scope)
        ).first()
        if row is not None:
            return ReturnConflict(conflict_message(row.name, period, row.updated_by, row.updated_at, "修改", advice), row.updated_by, row.updated_at, row.version)
        gone = s.execute(
            select(AuditEntry.who, AuditEntry.at)
            .where(AuditEntry.unit_code == unit.code, AuditEntry.period == period, AuditEntry.scope == scope, AuditEntry.action == "delete")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).first()
        who, at = (gone.who, gone.at) if gone is not None else ("", None)
        return ReturnConflict(conflict_message(unit.name, period, who, at, "删除", advice), who, at, None)

    def _load_at(self, unit_code: str, period: str, scope: str, version: int | None, action: str) -> ReturnData | None:
        """The stored return, refused (ReturnConflict) when it is no longer at ``version``."""
        data = self.load(unit_code, period, scope)
        if version is not None and (data is None or data.version != version):
            with Session(self.engine) as s:
                unit = data.unit if data is not None else UnitInfo(unit_code, unit_code)
                raise self._conflict(s, unit, period, scope, CONFLICT_ADVICE[action])
        return data

    # ---- returns: writing --------------------------------------------------
    def _refuse_unencodable(self, data: ReturnData) -> None:
        """The last line of defence: a broken character would fail deep in the database driver."""
        tpl = self.template_for(data)
        sig = data.signatories
        fields: list[tuple[str, str]] = [("单位代码", data.unit.code), ("单位名称", data.unit.name), ("来源文件名", data.source_file)]
        fields += [(tpl.text_field(c).label if c in tpl.text_codes() else c, t) for c, t in data.texts.items()]
        fields += [("说明", t) for t in data.explanations.values()]
        fields += [("津贴与荣誉的名称", a.name) for a in data.allowances] + [("津贴与荣誉的单位名称", a.unit_name) for a in data.allowances]
        fields += [("单位负责人", sig.unit_head), ("统计负责人", sig.stats_head), ("填表人", sig.filled_by), ("联系电话", sig.phone)]
        fields += [("汇总单位名称", m.unit_name) for m in data.members] + [("汇总单位代码", m.unit_code) for m in data.members]
        for label, text in fields:
            if has_unencodable(text):
                log.warning("refused %s %s: unencodable character in %s", data.unit.code, data.period, label)
                raise ServiceError(f"“{label}”中有无法保存的损坏字符（不成对的代理字符），报表未保存。请删去或重新输入这段文字")

    def save(self, data: ReturnData, action: str = "edit", *, session: Session | None = None) -> int:
        """Store a return in one transaction (its own, or ``session``'s); audit every changed
        field. Returns the number of changes, and sets ``data.version`` to the stored version.

        Refused with ReturnConflict, nothing written, when the return was written since
        ``data.version`` was read (``_claim``); data with no version (from a file or a
        script) is written on top of whatever is stored."""
        self._refuse_unencodable(data)
        Period.parse(data.period)
        try:
            changes, version = self._store(data, action, session)
        except IntegrityError:
            # Two clerks created the same return at once: the other one was first.
            if session is not None:
                raise
            with Session(self.engine) as s:
                if self._find(s, data.unit.code, data.period, data.scope) is None:
                    raise
                raise self._conflict(s, data.unit, data.period, data.scope, _advice(action)) from None
        data.version = version
        return changes

    def _store(self, data: ReturnData, action: str, session: Session | None) -> tuple[int, int]:
        with self._transaction(session) as s:
            unit_id = s.scalar(select(Unit.id).where(Unit.code == data.unit.code))
            if unit_id is None:
                raise ServiceError(f"单位 {data.unit.code} 不存在，请先在“单位管理”中添加")
            ret = self._find(s, data.unit.code, data.period, data.scope)
            audit: list[dict[str, object]] = []

            def log(act: str, fld: str, old: object, new: object) -> None:
                audit.append(
                    {"at": utcnow(), "who": self.who, "unit_code": data.unit.code, "period": data.period, "scope": data.scope, "action": act, "field": fld, "old": _text(old), "new": _text(new)}
                )

            created = ret is None
            if ret is None:
                if data.version:  # it was stored when the clerk read it: deleted since
                    raise self._conflict(s, data.unit, data.period, data.scope, _advice(action))
                ret = Return(unit_id=unit_id, period=data.period, scope=data.scope, template_id=data.template_id, template_version=data.template_version, version=1, updated_by=self.who)
                s.add(ret)
                s.flush()
                log("create", "", None, data.origin)
            else:
                self._claim(s, ret, data.version, data.unit, _advice(action))
            if ret.status == "submitted" and action == "edit":
                raise ReturnLocked(f"{data.unit.name} {Period.parse(data.period).label()} 的报表{ReturnStatus.SUBMITTED.label}，不能修改；如需修改请先“撤回报送”")
            if action in ("edit", "submit") and (reason := self._imported_elsewhere(ret.origin, data)):
                raise ReturnLocked(reason)
            if action == "edit" and ret.origin == Origin.PROXY:
                action = "proxy"  # every change to a return taken over (代报) says so in the audit trail
            old_status = ret.status
            changes = self._write_values(s, ret.id, data, log, action, fresh=created)
            for fld in SIGNATORY_FIELDS:
                old, new = getattr(ret, fld), getattr(data.signatories, fld)
                if old != new and not (old in (None, "") and new in (None, "")):
                    setattr(ret, fld, new)
                    log(action, f"signatory.{fld}", old, new)
                    changes += 1
            ret.template_id, ret.template_version = data.template_id, data.template_version
            ret.origin, ret.source_file = data.origin, data.source_file
            if action == "import":
                ret.edited_in_excel = data.edited_in_excel
            if data.status != old_status:
                ret.status = data.status
                ret.submitted_at = utcnow() if data.status == "submitted" else None
                log(action, "status", old_status, data.status)
            if action == "import" or (action == "submit" and ret.received_at is None):
                ret.received_at = utcnow()
            if (action == "import" and ret.review_status) or (action == "submit" and ret.review_status == Review.RETURNED):
                # A file sent again after 退回 (or the corrected return submitted again) is a new submission, to be reviewed afresh.
                log(action, "review", ret.review_status, "")
                ret.review_status, ret.review_note = "", ""
            if data.scope == "consolidated":
                changes += self._write_members(s, ret.id, data.members)
            ret.updated_at = utcnow()
            if audit:
                s.execute(insert(AUDIT), audit)
            return changes, ret.version

    def _write_values(self, s: Session, ret_id: int, data: ReturnData, record: AuditLogger, action: str, fresh: bool = False) -> int:
        """Values, texts, allowances and explanations that differ from what is stored, audited.
        ``fresh``: the return was created in this transaction, nothing of it is stored yet
        (not asked: four queries less for each file of an import)."""
        changes = 0
        old_values = {} if fresh else dict(s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == ret_id)).all())
        changed = _diff(old_values, data.values)
        if changed:
            s.execute(delete(ReturnValue).where(ReturnValue.return_id == ret_id, ReturnValue.code.in_(changed)))
            rows = [{"return_id": ret_id, "code": c, "value": data.values[c]} for c in changed if c in data.values]
            if rows:
                s.execute(insert(VALUES), rows)
            tpl = self.template_for(data)
            typed_old = self._typed_values(data.template_id, data.template_version, old_values)
            for c in changed:
                old, new = typed_old.get(c), data.values.get(c)
                if tpl.has_indicator(c):
                    old = None if old is None else Decimal(format_value(tpl.indicator(c), old))
                    new = None if new is None else Decimal(format_value(tpl.indicator(c), new))
                record(action, c, old, new)
            changes += len(changed)
        old_texts = {} if fresh else dict(s.execute(select(ReturnText.code, ReturnText.text).where(ReturnText.return_id == ret_id)).all())
        new_texts = {k: v for k, v in data.texts.items() if v.strip()}
        changed = _diff(old_texts, new_texts)
        if changed:
            s.execute(delete(ReturnText).where(ReturnText.return_id == ret_id, ReturnText.code.in_(changed)))
            rows = [{"return_id": ret_id, "code": c, "text": new_texts[c], "drafted_from": data.drafted_from.get(c, "")} for c in changed if c in new_texts]
            if rows:
                s.execute(insert(ReturnText), rows)
            for c in changed:
                record(action, c, old_texts.get(c), new_texts.get(c))
            changes += len(changed)
        # A drafted text's fingerprint follows the text; it is no change of its own for the audit.
        for c in set(new_texts) - set(changed):
            s.execute(update(ReturnText).where(ReturnText.return_id == ret_id, ReturnText.code == c, ReturnText.drafted_from != data.drafted_from.get(c, "")).values(drafted_from=data.drafted_from.get(c, "")))
        old_rows = [] if fresh else [
            Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name)
            for a in s.scalars(select(AllowanceRow).where(AllowanceRow.return_id == ret_id).order_by(AllowanceRow.position))
        ]
        new_rows = [a for a in data.allowances if a.name.strip() or a.persons is not None or a.amount is not None]
        if [_norm(a) for a in old_rows] != [_norm(a) for a in new_rows]:
            s.execute(delete(AllowanceRow).where(AllowanceRow.return_id == ret_id))
            if new_rows:
                s.execute(
                    insert(AllowanceRow),
                    [
                        {"return_id": ret_id, "position": i, "name": a.name.strip(), "persons": a.persons, "monthly_standard": a.monthly_standard, "one_off": a.one_off, "amount": a.amount, "unit_name": a.unit_name}
                        for i, a in enumerate(new_rows)
                    ],
                )
            record(action, "allowances", _allowance_text(old_rows), _allowance_text(new_rows))
            changes += 1
        old_expl = {} if fresh else dict(s.execute(select(Explanation.key, Explanation.text).where(Explanation.return_id == ret_id)).all())
        new_expl = {k: v for k, v in data.explanations.items() if v.strip()}
        changed = _diff(old_expl, new_expl)
        if changed:
            s.execute(delete(Explanation).where(Explanation.return_id == ret_id, Explanation.key.in_(changed)))
            rows = [{"return_id": ret_id, "key": k, "text": new_expl[k]} for k in changed if k in new_expl]
            if rows:
                s.execute(insert(Explanation), rows)
            for k in changed:
                record(action, f"explanation:{k}", old_expl.get(k), new_expl.get(k))
            changes += len(changed)
        return changes

    def _write_members(self, s: Session, ret_id: int, members: list[Member]) -> int:
        old = [Member(m.unit_code, m.unit_name, m.state, m.source_scope, m.source_status) for m in s.scalars(select(ConsolidationMember).where(ConsolidationMember.return_id == ret_id).order_by(ConsolidationMember.position))]
        if old == members:
            return 0
        s.execute(delete(ConsolidationMember).where(ConsolidationMember.return_id == ret_id))
        if members:
            s.execute(
                insert(ConsolidationMember),
                [{"return_id": ret_id, "position": i, "unit_code": m.unit_code, "unit_name": m.unit_name, "state": m.state, "source_scope": m.source_scope, "source_status": m.source_status} for i, m in enumerate(members)],
            )
        return 1

    def _imported_elsewhere(self, origin: str, data: ReturnData) -> str | None:
        """Why a return another unit sent up (imported) may not be changed here, or None.
        Our own unit's file imported (another PC of ours) stays ours to edit."""
        if origin != Origin.IMPORTED or data.unit.code == self.settings.get("our_unit"):
            return None
        return (
            f"{data.unit.name} {Period.parse(data.period).label()} 的报表是该单位报来的文件（{Origin.IMPORTED.label}），本级不能直接修改或报送。"
            f"需要改正时，请“退回”该单位并把退回通知发给它，或用“代报”由本级代为修改（记入修改记录）"
        )

    def foreign_import(self, data: ReturnData) -> str | None:
        """Why the window must show this return read-only (an imported return of another unit), or None."""
        return self._imported_elsewhere(data.origin, data)

    def take_over(self, unit_code: str, period: str, scope: str = "own") -> None:
        """代报: the level above takes an imported return over to correct it itself. The origin
        becomes ``proxy`` (so every later change is audited as ``proxy``, with who), the status
        stays what it is (a draft: imported returns always are), and a 退回 is withdrawn — the
        level above corrects it instead of waiting for the unit. One transaction, audited."""
        with Session(self.engine) as s, s.begin():
            ret = self._find(s, unit_code, period, scope)
            if ret is None:
                raise ServiceError(f"{unit_code} 没有 {Period.parse(period).label()} 的报表")
            if ret.origin != Origin.IMPORTED:
                raise ServiceError(f"这份报表不是导入的（{Origin.label_of(ret.origin)}），可以直接修改，不需要代报")
            entry = {"who": self.who, "unit_code": unit_code, "period": period, "scope": scope, "action": "proxy"}
            s.add(AuditEntry(**entry, field="origin", old=ret.origin, new=Origin.PROXY.value))
            if ret.review_status == Review.RETURNED:
                s.add(AuditEntry(**entry, field="review", old=ret.review_status, new=""))
                ret.review_status, ret.review_note = "", ""
            self._claim(s, ret, None, UnitInfo(unit_code, ret.unit.name), _advice("edit"))
            ret.origin = Origin.PROXY

    def review(self, unit_code: str, period: str, accept: bool, note: str = "", scope: str = "own", version: int | None = None) -> None:
        """Accept or send back (with the reason the county typed); audited. ``version``: the
        version the reviewer looked at (ReturnConflict when it was written since)."""
        if not accept and not note.strip():
            raise ServiceError("退回报表时请填写退回原因，以便下级单位修改")
        if has_unencodable(note):
            raise ServiceError("退回原因中有无法保存的损坏字符（不成对的代理字符），未退回。请重新输入退回原因")
        with Session(self.engine) as s, s.begin():
            ret = self._claim_stored(s, unit_code, period, scope, version, CONFLICT_ADVICE["review"])
            if ret is None:
                raise ServiceError(f"{unit_code} 没有 {Period.parse(period).label()} 的报表")
            new = Review.ACCEPTED if accept else Review.RETURNED
            s.add(AuditEntry(who=self.who, unit_code=unit_code, period=period, scope=scope, action="accept" if accept else "send_back", field="review", old=ret.review_status, new=f"{new}：{note}" if note else new))
            ret.review_status, ret.review_note = new, note.strip()

    def submit(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> list[Finding]:
        """报送: refuse (returning what blocks) unless no errors and every warning explained.
        ``version``: the version the clerk checked (ReturnConflict when it was written since)."""
        data = self._load_at(unit_code, period, scope, version, "submit")
        if data is None:
            raise ServiceError("报表尚未保存，不能报送")
        if data.locked:
            return []
        if reason := self.foreign_import(data):
            raise ReturnLocked(reason)
        blockers = blocking(self.check(data), data.explanations)
        if blockers:
            return blockers
        self.save(replace(data, status="submitted"), action="submit")
        return []

    def reopen(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> None:
        """撤回报送: back to draft, recorded in the audit trail."""
        data = self._load_at(unit_code, period, scope, version, "reopen")
        if data is None or not data.locked:
            return
        self.save(replace(data, status="draft"), action="reopen")

    def delete_return(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> None:
        with Session(self.engine) as s, s.begin():
            ret = self._claim_stored(s, unit_code, period, scope, version, CONFLICT_ADVICE["delete"])
            if ret is None:
                return
            if ret.status == "submitted":
                raise ReturnLocked(f"{ReturnStatus.SUBMITTED.label}的报表不能删除，请先撤回报送")
            s.delete(ret)
            s.add(AuditEntry(who=self.who, unit_code=unit_code, period=period, scope=scope, action="delete", field="", old=None, new=None))

    def import_return(self, data: ReturnData, replace_existing: bool = False, dry_run: bool = False, journal: Journal | None = None, *, session: Session | None = None) -> ImportOutcome:
        """Store a return that came from a file, in ONE transaction: its unit when new
        (under ``data.unit.parent`` when that unit exists, else at the top level), the
        return with its values, texts, allowances and explanations, the audit entries,
        and whatever ``journal`` writes (models.importing records the file there) — all or
        nothing. Never overwrites without ``replace_existing``, and never overwrites a
        submitted return of our own unit. With ``dry_run`` only say what would happen.
        ``session``: in the caller's transaction instead (models.import_apply stores each
        file of a batch in a SAVEPOINT of one)."""
        self._refuse_unencodable(data)  # before the unit is created: nothing half-written
        if problem := unit_problem(data.unit):
            raise ServiceError(problem)
        our_unit = self.settings.get("our_unit")
        name = f"{data.unit.name}（{data.unit.code}）{Period.parse(data.period).label()}"
        with self._transaction(session) as s:
            current = self._find(s, data.unit.code, data.period, data.scope)
            if current is not None:
                if current.status == "submitted" and data.unit.code == our_unit:
                    return ImportOutcome("refused", f"{name} 是本单位{ReturnStatus.SUBMITTED.label}的报表，导入不会覆盖它")
                if not replace_existing:
                    return ImportOutcome("exists", f"{name} 已有报表；如要用文件中的数据替换，请确认替换（命令行加 --replace）")
            if dry_run:
                return ImportOutcome("imported" if current is None else "replaced", f"{name} 可以{'导入' if current is None else '替换'}（试运行，未写入数据库）")
            if s.scalar(select(Unit.id).where(Unit.code == data.unit.code)) is None:
                parent = data.unit.parent if data.unit.parent and s.scalar(select(Unit.id).where(Unit.code == data.unit.parent)) else None
                self.save_unit(replace(data.unit, parent=parent), session=s)
            # The receiver decides the status: what a file says it is (submitted…) is not believed;
            # an imported return is a draft of origin "imported" until it is reviewed.
            # On top of the version read just now, in this transaction (a file carries none):
            # a write by another clerk since is refused, never overwritten.
            based_on = 0 if current is None else current.version
            self.save(replace(data, status="draft", origin="imported" if data.origin in (Origin.ENTERED, Origin.PROXY) else data.origin, version=based_on), action="import", session=s)
            outcome = ImportOutcome("imported", f"{name} {SubmissionState.IMPORTED.label}") if current is None else ImportOutcome("replaced", f"{name} 已替换")
            if journal is not None:
                journal(s, outcome)
            return outcome


def unit_problem(info: UnitInfo) -> str | None:
    """Why a unit cannot be stored as it is (code, name), or None."""
    code = info.code.strip()
    if not code or not info.name.strip():
        return "单位代码和单位名称都必须填写"
    if problems := unit_problems(code, info.name.strip(), info.credit_code.strip(), info.parent):
        return "；".join(problems)
    if has_unencodable(info.name) or has_unencodable(info.credit_code):
        return "单位名称或统一社会信用代码中有无法保存的损坏字符（不成对的代理字符）。请重新输入"
    return None


def at_precision(tpl: Template, code: str, value: Decimal) -> Decimal:
    """A stored value (or an exact SQL sum of stored values) at its indicator's decimals."""
    places = tpl.indicator(code).decimals if tpl.has_indicator(code) else 2
    return value.quantize(Decimal(1).scaleb(-places))


def conflict_message(unit_name: str, period: str, who: str, at: dt.datetime | None, verb: str, advice: str) -> str:
    """该报表（单位 报告期）已被 张三 于 2026-12-01 10:32 修改。<what to do>; ``at`` in UTC, shown in local time."""
    when = f" 于 {at.replace(tzinfo=dt.UTC).astimezone():%Y-%m-%d %H:%M}" if at is not None else ""
    return f"该报表（{unit_name} {Period.parse(period).label()}）已被 {who or '另一位用户'}{when} {verb}。{advice}"


def _advice(action: str) -> str:
    return CONFLICT_ADVICE.get(action, CONFLICT_ADVICE["edit"])


def _diff(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def _norm(a: Allowance) -> tuple[object, ...]:
    return (a.name.strip(), a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name)


def _allowance_text(rows: Iterable[Allowance]) -> str:
    return "；".join(f"{a.name} {a.persons or ''}人 {a.monthly_standard or ''}元/月 {a.one_off or ''}元 {a.amount or ''}元" for a in rows)
