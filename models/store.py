"""A return as stored (``service.store``): load, save (every changed field audited), the
audit trail, and the version check that refuses a lost update in every write path."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.data import (
    Allowance,
    AuditRecord,
    Member,
    ReturnData,
    Signatories,
    UnitInfo,
)
from models.errors import (
    CONFLICT_ADVICE,
    ReturnConflict,
    ReturnLocked,
    ServiceError,
    advice,
    conflict_message,
)
from models.periods import Period
from models.schema import (
    AllowanceRow,
    AuditEntry,
    Base,
    ConsolidationMember,
    Explanation,
    Return,
    ReturnText,
    ReturnValue,
    Unit,
)
from models.stored_rows import (
    allowance_text,
    at_precision,
    audit_text,
    changed_keys,
    insert_rows,
    kept_allowances,
    read_allowances,
    read_members,
    signatories_of,
    touch,
)
from models.values import format_value, has_unencodable
from models.vocab import Origin, ReturnStatus, Review

if TYPE_CHECKING:
    from models.returns import ReturnService

AuditLogger = Callable[[str, str, object, object], None]  # (action, field, old, new)
log = logging.getLogger(__name__)
SIGNATORY_FIELDS = ("unit_head", "stats_head", "filled_by", "phone", "report_date")
# Rows are written as plain Core inserts into the tables (no ORM bulk-insert bookkeeping),
# the lists by insert_rows: a whole return is ~70 values and as many audit entries, a
# province's 汇总表 thousands of allowances and texts of ~150 kB.
VALUES = Base.metadata.tables["return_values"]
TEXTS = Base.metadata.tables["return_texts"]
ALLOWANCES = Base.metadata.tables["allowances"]
MEMBERS = Base.metadata.tables["consolidation_members"]
EXPLANATIONS = Base.metadata.tables["explanations"]
AUDIT = Base.metadata.tables["audit_log"]


class Store:
    def __init__(self, service: ReturnService) -> None:
        self.service = service

    # ---- reading ----------------------------------------------------------------------------
    def find(self, s: Session, unit_code: str, period: str, scope: str) -> Return | None:
        return s.scalar(select(Return).join(Unit, Return.unit_id == Unit.id).where(Unit.code == unit_code, Return.period == period, Return.scope == scope))

    def find_with_unit(self, s: Session, unit_code: str, period: str, scope: str) -> tuple[int | None, Return | None]:
        """The unit's id (None: no such unit) and ``find``'s return, in one query."""
        on = (Return.unit_id == Unit.id) & (Return.period == period) & (Return.scope == scope)
        row = s.execute(select(Unit.id, Return).outerjoin(Return, on).where(Unit.code == unit_code)).first()
        return (None, None) if row is None else (row[0], row[1])

    def load(self, unit_code: str, period: str, scope: str = "own") -> ReturnData | None:
        with self.service.session() as s:
            ret = self.find(s, unit_code, period, scope)
            if ret is None:
                return None
            unit = ret.unit
            parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
            values = dict(s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == ret.id)).all())
            text_rows = s.execute(select(ReturnText.code, ReturnText.text, ReturnText.drafted_from).where(ReturnText.return_id == ret.id)).all()
            expl = dict(s.execute(select(Explanation.key, Explanation.text).where(Explanation.return_id == ret.id)).all())
            return self._from_row(
                ret,
                UnitInfo(unit.code, unit.name, unit.level, parent.code if parent else None, unit.credit_code),
                values=values,
                texts={code: text for code, text, _ in text_rows},
                drafted_from={code: fp for code, _, fp in text_rows if fp},
                allowances=read_allowances(s, ret.id),
                explanations=expl,
                members=read_members(s, ret.id),
            )

    def _from_row(
        self,
        ret: Return,
        unit: UnitInfo,
        *,
        values: Mapping[str, Decimal],
        texts: dict[str, str],
        drafted_from: dict[str, str],
        allowances: list[Allowance],
        explanations: dict[str, str],
        members: list[Member],
    ) -> ReturnData:
        """A stored return: the columns of its row as they stand, and its rows as given."""
        return ReturnData(
            unit=unit,
            period=ret.period,
            template_id=ret.template_id,
            template_version=ret.template_version,
            scope=ret.scope,
            status=ret.status,
            origin=ret.origin,
            values=self.typed_values(ret.template_id, ret.template_version, values),
            texts=texts,
            allowances=allowances,
            explanations=explanations,
            drafted_from=drafted_from,
            signatories=signatories_of(ret),
            source_file=ret.source_file,
            updated_at=ret.updated_at,
            submitted_at=ret.submitted_at,
            received_at=ret.received_at,
            review_status=ret.review_status,
            review_note=ret.review_note,
            edited_in_excel=ret.edited_in_excel,
            version=ret.version,
            members=members,
        )

    def typed_values(self, template_id: str, version: int, raw: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """Stored numbers (exact, with 2 places) back at each indicator's precision (30, not 30.00)."""
        registry = self.service.registry
        tpl = registry.get(template_id, version)
        if tpl is None:  # an unknown version: each figure at the precision of a version that has it
            return {code: at_precision(registry.with_indicator(code) or registry.latest(), code, value) for code, value in raw.items()}
        return {code: at_precision(tpl, code, value) for code, value in raw.items()}

    def new_return(self, unit_code: str, period: str, carry_over: bool = False) -> ReturnData:
        """A fresh, unsaved draft with default signatories; stocks copied from last quarter if asked."""
        service = self.service
        with service.session():
            unit = service.units.get(unit_code)
            if unit is None:
                raise ServiceError(f"单位 {unit_code} 不存在")
            Period.parse(period)
            tpl = service.registry.for_period(period)  # the version in force for the period, not the newest
            st = service.settings.all()
            data = ReturnData(
                unit=unit,
                period=period,
                template_id=tpl.id,
                template_version=tpl.version,
                signatories=Signatories(st["unit_head"], st["stats_head"], st["filled_by"], st["phone"], None),
                version=0,  # based on no stored return: refused if another clerk stores one first
            )
            if carry_over:
                data.values = service.queries.carry_over_values(unit_code, period)
            return data

    def audit(self, unit_code: str, period: str | None = None, field: str | None = None, scope: str = "own") -> list[AuditRecord]:
        with self.service.session() as s:
            q = select(AuditEntry).where(AuditEntry.unit_code == unit_code, AuditEntry.scope == scope)
            if period is not None:
                q = q.where(AuditEntry.period == period)
            if field is not None:
                q = q.where(AuditEntry.field == field)
            return [AuditRecord(a.at, a.who, a.action, a.field, a.old, a.new, a.period) for a in s.scalars(q.order_by(AuditEntry.id))]

    # ---- versions: no lost update -----------------------------------------------------------
    def claim(self, s: Session, ret: Return, expected: int | None, unit: UnitInfo, advice: str) -> None:
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
        result = s.connection().execute(stmt.values(version=Return.version + 1, updated_by=self.service.who, updated_at=self.service.clock()))
        if not isinstance(result, CursorResult) or result.rowcount != 1:
            raise self.conflict(s, unit, ret.period, ret.scope, advice)
        s.refresh(ret)

    def claim_stored(self, s: Session, unit_code: str, period: str, scope: str, expected: int | None, advice: str) -> Return | None:
        """``claim`` of a return named by unit and period (None when there is none and none was
        expected; ReturnConflict when the one read at ``expected`` is gone)."""
        ret = self.find(s, unit_code, period, scope)
        if ret is None:
            if expected:
                raise self.conflict(s, UnitInfo(unit_code, unit_code), period, scope, advice)
            return None
        self.claim(s, ret, expected, UnitInfo(unit_code, ret.unit.name), advice)
        return ret

    def conflict(self, s: Session, unit: UnitInfo, period: str, scope: str, advice: str) -> ReturnConflict:
        """Who wrote the return last, and when (the row), or who deleted it (the audit trail)."""
        row = s.execute(
            select(Return.version, Return.updated_by, Return.updated_at, Unit.name)
            .join(Unit, Return.unit_id == Unit.id)
            .where(Unit.code == unit.code, Return.period == period, Return.scope == scope)
        ).first()
        if row is not None:
            return ReturnConflict(
                conflict_message(row.name, period, row.updated_by, row.updated_at, "修改", advice), row.updated_by, row.updated_at, row.version
            )
        gone = s.execute(
            select(AuditEntry.who, AuditEntry.at)
            .where(AuditEntry.unit_code == unit.code, AuditEntry.period == period, AuditEntry.scope == scope, AuditEntry.action == "delete")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).first()
        who, at = (gone.who, gone.at) if gone is not None else ("", None)
        return ReturnConflict(conflict_message(unit.name, period, who, at, "删除", advice), who, at, None)

    def load_at(self, s: Session, unit_code: str, period: str, scope: str, version: int | None, action: str) -> ReturnData | None:
        """The stored return, refused (ReturnConflict) when it is no longer at ``version``."""
        data = self.load(unit_code, period, scope)
        if version is not None and (data is None or data.version != version):
            unit = data.unit if data is not None else UnitInfo(unit_code, unit_code)
            raise self.conflict(s, unit, period, scope, CONFLICT_ADVICE[action])
        return data

    # ---- writing ----------------------------------------------------------------------------
    def refuse_unencodable(self, data: ReturnData) -> None:
        """The last line of defence: a broken character would fail deep in the database driver."""
        tpl = self.service.template_for(data)
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

    def save(self, data: ReturnData, action: str = "edit", found: tuple[int, Return | None] | None = None) -> int:
        """Store a return in one transaction (that of the operation under way, if any); audit
        every changed field. Returns the number of changes, and sets ``data.version`` to the
        stored version. ``found``: the unit's id and its return (None: none) as the caller, in
        the operation under way, has just read them (``import_return``): not read again.

        Refused with ReturnConflict, nothing written, when the return was written since
        ``data.version`` was read (``claim``); data with no version (from a file or a
        script) is written on top of whatever is stored."""
        return self._save(data, action, found)[0]

    def save_read(self, data: ReturnData, action: str = "edit", found: tuple[int, Return | None] | None = None) -> ReturnData:
        """``save``, and the return as ``load`` would now read it, made from what was written
        rather than read back (a province's 汇总表 lists ~1,550 members and thousands of rows).
        For data made of stored figures and rows (汇总), already at their stored precision.
        ``found``: as for ``save``."""
        stored = self._save(data, action, found, read=True)[1]
        assert stored is not None
        return stored

    def _save(self, data: ReturnData, action: str, found: tuple[int, Return | None] | None = None, read: bool = False) -> tuple[int, ReturnData | None]:
        self.refuse_unencodable(data)
        Period.parse(data.period)
        service = self.service
        outermost = not service.in_operation()
        stored = None
        try:
            with service.session() as s:
                changes, ret = self._store(s, data, action, found)
                version = ret.version
                if read:
                    stored = self._as_stored(ret, data)
        except IntegrityError:
            # Two clerks created the same return at once: the other one was first.
            if not outermost:
                raise
            with service.session() as s:
                if self.find(s, data.unit.code, data.period, data.scope) is None:
                    raise
                raise self.conflict(s, data.unit, data.period, data.scope, advice(action)) from None
        data.version = version
        return changes, stored

    def _as_stored(self, ret: Return, data: ReturnData) -> ReturnData:
        """What ``load`` reads of ``ret`` just written from ``data``: its row as it now stands,
        the rows of ``data`` as ``_write_values`` and ``_write_members`` keep them (the unit as
        ``data`` names it: 汇总 takes it from the service's index of the stored units)."""
        texts = {k: v for k, v in data.texts.items() if v.strip()}
        return self._from_row(
            ret,
            data.unit,
            values=data.values,
            texts=texts,
            drafted_from={c: fp for c in texts if (fp := data.drafted_from.get(c, ""))},
            allowances=[replace(a, name=a.name.strip(), months=None) for a in kept_allowances(data.allowances)],
            explanations={k: v for k, v in data.explanations.items() if v.strip()},
            members=list(data.members) if data.scope == "consolidated" else [],
        )

    def _store(self, s: Session, data: ReturnData, action: str, found: tuple[int, Return | None] | None) -> tuple[int, Return]:
        service = self.service
        now = service.clock()
        if found is None:
            unit_id, ret = self.find_with_unit(s, data.unit.code, data.period, data.scope)
            if unit_id is None:
                raise ServiceError(f"单位 {data.unit.code} 不存在，请先在“单位管理”中添加")
        else:  # the caller's read, in this operation (import_return)
            unit_id, ret = found
        audit: list[dict[str, object]] = []

        def record(act: str, fld: str, old: object, new: object) -> None:
            audit.append(
                {
                    "at": now,
                    "who": service.who,
                    "unit_code": data.unit.code,
                    "period": data.period,
                    "scope": data.scope,
                    "action": act,
                    "field": fld,
                    "old": audit_text(old),
                    "new": audit_text(new),
                }
            )

        fresh = ret is None  # nothing stored yet: nothing to read back, compare or delete
        if ret is None:
            if data.version:  # it was stored when the clerk read it: deleted since
                raise self.conflict(s, data.unit, data.period, data.scope, advice(action))
            # Every column given (the defaults of models.schema), so that one INSERT at the flush
            # below writes the whole row as this save leaves it.
            ret = Return(
                unit_id=unit_id, period=data.period, scope=data.scope, template_id=data.template_id, template_version=data.template_version, version=1, updated_by=service.who,
                created_at=now, updated_at=now, status="draft", origin="entered", unit_head="", stats_head="", filled_by="", phone="", report_date=None, source_file="",
                review_status="", review_note="", edited_in_excel=False, received_at=None, submitted_at=None,
            )  # fmt: skip
            s.add(ret)
            record("create", "", None, data.origin)
        else:
            self.claim(s, ret, data.version, data.unit, advice(action))
        mark = len(audit)
        with s.no_autoflush:
            changes, action = self._write_row(ret, data, action, record, now)
        own = audit[mark:]  # the row's own fields, audited after its figures
        del audit[mark:]
        s.flush()
        changes += self._write_values(s, ret.id, data, record, action, fresh)
        audit.extend(own)
        if data.scope == "consolidated":
            changes += self._write_members(s, ret.id, data.members, fresh)
        insert_rows(s, AUDIT, audit)
        s.flush()
        return changes, ret

    def _write_row(self, ret: Return, data: ReturnData, action: str, record: AuditLogger, now: dt.datetime) -> tuple[int, str]:
        """The return's own columns: refused when locked, then signatories, status, origin,
        received and review as ``data`` and ``action`` say. The number of changes audited,
        and the action the audit says (``proxy`` for an edit of a return taken over)."""
        if ret.status == "submitted" and action == "edit":
            raise ReturnLocked(f"{data.unit.name} {Period.parse(data.period).label()} 的报表{ReturnStatus.SUBMITTED.label}，不能修改；如需修改请先“撤回报送”")
        if action in ("edit", "submit") and (reason := self.service.workflow.imported_elsewhere(ret.origin, data)):
            raise ReturnLocked(reason)
        if action == "edit" and ret.origin == Origin.PROXY:
            action = "proxy"  # every change to a return taken over (代报) says so in the audit trail
        changes = 0
        old_status = ret.status
        for fld in SIGNATORY_FIELDS:
            old, new = getattr(ret, fld), getattr(data.signatories, fld)
            if old != new and not (old in (None, "") and new in (None, "")):
                setattr(ret, fld, new)
                record(action, f"signatory.{fld}", old, new)
                changes += 1
        ret.template_id, ret.template_version = data.template_id, data.template_version
        ret.origin, ret.source_file = data.origin, data.source_file
        if action == "import":
            ret.edited_in_excel = data.edited_in_excel
        if data.status != old_status:
            ret.status = data.status
            ret.submitted_at = now if data.status == "submitted" else None
            record(action, "status", old_status, data.status)
        if action == "import" or (action == "submit" and ret.received_at is None):
            ret.received_at = now
        if (action == "import" and ret.review_status) or (action == "submit" and ret.review_status == Review.RETURNED):
            # A file sent again after 退回 (or the corrected return submitted again) is a new submission, to be reviewed afresh.
            record(action, "review", ret.review_status, "")
            ret.review_status, ret.review_note = "", ""
        touch(ret, now)
        return changes, action

    def _write_values(self, s: Session, ret_id: int, data: ReturnData, record: AuditLogger, action: str, fresh: bool) -> int:
        changes = 0
        old_values = {} if fresh else dict(s.execute(select(ReturnValue.code, ReturnValue.value).where(ReturnValue.return_id == ret_id)).all())
        changed = changed_keys(old_values, data.values)
        if changed and not fresh:
            s.execute(delete(ReturnValue).where(ReturnValue.return_id == ret_id, ReturnValue.code.in_(changed)))
        if changed:
            rows = [{"return_id": ret_id, "code": c, "value": data.values[c]} for c in changed if c in data.values]
            insert_rows(s, VALUES, rows)
            tpl = self.service.template_for(data)
            typed_old = self.typed_values(data.template_id, data.template_version, old_values)
            for c in changed:
                old, new = typed_old.get(c), data.values.get(c)
                if tpl.has_indicator(c):
                    old = None if old is None else Decimal(format_value(tpl.indicator(c), old))
                    new = None if new is None else Decimal(format_value(tpl.indicator(c), new))
                record(action, c, old, new)
            changes += len(changed)
        text_rows = [] if fresh else s.execute(select(ReturnText.code, ReturnText.text, ReturnText.drafted_from).where(ReturnText.return_id == ret_id)).all()
        old_texts = {code: text for code, text, _ in text_rows}
        old_drafted = {code: fp for code, _, fp in text_rows}
        new_texts = {k: v for k, v in data.texts.items() if v.strip()}
        changed = changed_keys(old_texts, new_texts)
        if changed:
            if not fresh:
                s.execute(delete(ReturnText).where(ReturnText.return_id == ret_id, ReturnText.code.in_(changed)))
            rows = [{"return_id": ret_id, "code": c, "text": new_texts[c], "drafted_from": data.drafted_from.get(c, "")} for c in changed if c in new_texts]
            insert_rows(s, TEXTS, rows)
            for c in changed:
                record(action, c, old_texts.get(c), new_texts.get(c))
            changes += len(changed)
        # A drafted text's fingerprint follows the text; it is no change of its own for the audit.
        for c in sorted(set(new_texts) - set(changed)):
            if old_drafted[c] != data.drafted_from.get(c, ""):
                s.execute(update(ReturnText).where(ReturnText.return_id == ret_id, ReturnText.code == c).values(drafted_from=data.drafted_from.get(c, "")))
        old_rows = [] if fresh else read_allowances(s, ret_id)
        new_rows = kept_allowances(data.allowances)
        if [a.key() for a in old_rows] != [a.key() for a in new_rows]:
            if not fresh:
                s.execute(delete(AllowanceRow).where(AllowanceRow.return_id == ret_id))
            insert_rows(
                s,
                ALLOWANCES,
                [
                    {
                        "return_id": ret_id,
                        "position": i,
                        "name": a.name.strip(),
                        "persons": a.persons,
                        "monthly_standard": a.monthly_standard,
                        "one_off": a.one_off,
                        "amount": a.amount,
                        "unit_name": a.unit_name,
                    }
                    for i, a in enumerate(new_rows)
                ],
            )
            record(action, "allowances", allowance_text(old_rows), allowance_text(new_rows))
            changes += 1
        old_expl = {} if fresh else dict(s.execute(select(Explanation.key, Explanation.text).where(Explanation.return_id == ret_id)).all())
        new_expl = {k: v for k, v in data.explanations.items() if v.strip()}
        changed = changed_keys(old_expl, new_expl)
        if changed:
            if not fresh:
                s.execute(delete(Explanation).where(Explanation.return_id == ret_id, Explanation.key.in_(changed)))
            insert_rows(s, EXPLANATIONS, [{"return_id": ret_id, "key": k, "text": new_expl[k]} for k in changed if k in new_expl])
            for k in changed:
                record(action, f"explanation:{k}", old_expl.get(k), new_expl.get(k))
            changes += len(changed)
        return changes

    def _write_members(self, s: Session, ret_id: int, members: list[Member], fresh: bool) -> int:
        if ([] if fresh else read_members(s, ret_id)) == members:
            return 0
        if not fresh:
            s.execute(delete(ConsolidationMember).where(ConsolidationMember.return_id == ret_id))
        insert_rows(
            s,
            MEMBERS,
            [
                {
                    "return_id": ret_id,
                    "position": i,
                    "unit_code": m.unit_code,
                    "unit_name": m.unit_name,
                    "state": m.state,
                    "source_scope": m.source_scope,
                    "source_status": m.source_status,
                }
                for i, m in enumerate(members)
            ],
        )
        return 1
