"""Where a return goes (``service.workflow``): 报送 and 撤回, 审核 (accept or send back),
代报, delete, and a return received in a file. Each is one unit of work: what it checks
and what it changes in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.checks import Finding, blocking
from models.data import ReturnData, UnitInfo
from models.errors import CONFLICT_ADVICE, ReturnLocked, ServiceError, advice
from models.periods import Period
from models.schema import AuditEntry, Unit
from models.stored_rows import touch
from models.units import unit_problem
from models.values import has_unencodable
from models.vocab import Origin, ReturnStatus, Review, SubmissionState

if TYPE_CHECKING:
    from models.returns import ReturnService


@dataclass(frozen=True)
class ImportOutcome:
    action: str  # imported | replaced | exists | refused
    message: str


# Writes more rows in an import's own transaction (models.importing records the file).
Journal = Callable[[Session, ImportOutcome], None]
EMPTY_RETURN = "报表还是空的，不能报送。请先填写数字（没有的填0）。"


class Workflow:
    def __init__(self, service: ReturnService) -> None:
        self.service = service

    def submit_refusal(self, data: ReturnData) -> str | None:
        """Why this return cannot be submitted whatever its checks say (it is empty), or None."""
        if not data.values and not any(t.strip() for t in data.texts.values()):
            return EMPTY_RETURN
        return None

    def submit(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> list[Finding]:
        """报送: refuse (returning what blocks) unless no errors and every warning explained.
        ``version``: the version the clerk checked (ReturnConflict when it was written since).
        The check and the change in one transaction: what is submitted is what was checked."""
        store = self.service.store
        with self.service.session() as s:
            data = store.load_at(s, unit_code, period, scope, version, "submit")
            if data is None:
                raise ServiceError("报表尚未保存，不能报送")
            if data.locked:
                return []
            if reason := self.foreign_import(data):
                raise ReturnLocked(reason)
            if reason := self.submit_refusal(data):
                raise ServiceError(reason)
            blockers = blocking(self.service.check(data), data.explanations)
            if blockers:
                return blockers
            store.save(replace(data, status="submitted"), action="submit")
            return []

    def reopen(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> None:
        """撤回报送: back to draft, recorded in the audit trail."""
        with self.service.session() as s:
            data = self.service.store.load_at(s, unit_code, period, scope, version, "reopen")
            if data is None or not data.locked:
                return
            self.service.store.save(replace(data, status="draft"), action="reopen")

    def review(self, unit_code: str, period: str, accept: bool, note: str = "", scope: str = "own", version: int | None = None) -> None:
        """Accept or send back (with the reason the county typed); audited. ``version``: the
        version the reviewer looked at (ReturnConflict when it was written since)."""
        if not accept and not note.strip():
            raise ServiceError("退回报表时请填写退回原因，以便下级单位修改")
        if has_unencodable(note):
            raise ServiceError("退回原因中有无法保存的损坏字符（不成对的代理字符），未退回。请重新输入退回原因")
        service = self.service
        with service.session() as s:
            ret = service.store.claim_stored(s, unit_code, period, scope, version, CONFLICT_ADVICE["review"])
            if ret is None:
                raise ServiceError(f"{unit_code} 没有 {Period.parse(period).label()} 的报表")
            new = Review.ACCEPTED if accept else Review.RETURNED
            s.add(
                AuditEntry(
                    at=service.clock(),
                    who=service.who,
                    unit_code=unit_code,
                    period=period,
                    scope=scope,
                    action="accept" if accept else "send_back",
                    field="review",
                    old=ret.review_status,
                    new=f"{new}：{note}" if note else new,
                )
            )
            ret.review_status, ret.review_note = new, note.strip()
            touch(ret, service.clock())

    def take_over(self, unit_code: str, period: str, scope: str = "own") -> None:
        """代报: the level above takes an imported return over to correct it itself. The origin
        becomes ``proxy`` (so every later change is audited as ``proxy``, with who), the status
        stays what it is (a draft: imported returns always are), and a 退回 is withdrawn — the
        level above corrects it instead of waiting for the unit. One transaction, audited."""
        service = self.service
        with service.session() as s:
            ret = service.store.find(s, unit_code, period, scope)
            if ret is None:
                raise ServiceError(f"{unit_code} 没有 {Period.parse(period).label()} 的报表")
            if ret.origin != Origin.IMPORTED:
                raise ServiceError(f"这份报表不是导入的（{Origin.label_of(ret.origin)}），可以直接修改，不需要代报")
            now = service.clock()
            entry = {"at": now, "who": service.who, "unit_code": unit_code, "period": period, "scope": scope, "action": "proxy"}
            s.add(AuditEntry(**entry, field="origin", old=ret.origin, new=Origin.PROXY.value))
            if ret.review_status == Review.RETURNED:
                s.add(AuditEntry(**entry, field="review", old=ret.review_status, new=""))
                ret.review_status, ret.review_note = "", ""
            service.store.claim(s, ret, None, UnitInfo(unit_code, ret.unit.name), advice("edit"))
            ret.origin = Origin.PROXY
            touch(ret, now)

    def delete(self, unit_code: str, period: str, scope: str = "own", version: int | None = None) -> None:
        service = self.service
        with service.session() as s:
            ret = service.store.claim_stored(s, unit_code, period, scope, version, CONFLICT_ADVICE["delete"])
            if ret is None:
                return
            if ret.status == "submitted":
                raise ReturnLocked(f"{ReturnStatus.SUBMITTED.label}的报表不能删除，请先撤回报送")
            s.delete(ret)
            s.add(
                AuditEntry(at=service.clock(), who=service.who, unit_code=unit_code, period=period, scope=scope, action="delete", field="", old=None, new=None)
            )

    def imported_elsewhere(self, origin: str, data: ReturnData) -> str | None:
        """Why a return another unit sent up (imported) may not be changed here, or None.
        Our own unit's file imported (another PC of ours) stays ours to edit."""
        if origin != Origin.IMPORTED or data.unit.code == self.service.settings.get("our_unit"):
            return None
        return (
            f"{data.unit.name} {Period.parse(data.period).label()} 的报表是该单位报来的文件（{Origin.IMPORTED.label}），本级不能直接修改或报送。"
            f"需要改正时，请“退回”该单位并把退回通知发给它，或用“代报”由本级代为修改（记入修改记录）"
        )

    def foreign_import(self, data: ReturnData) -> str | None:
        """Why the window must show this return read-only (an imported return of another unit), or None."""
        return self.imported_elsewhere(data.origin, data)

    def import_return(self, data: ReturnData, replace_existing: bool = False, dry_run: bool = False, journal: Journal | None = None) -> ImportOutcome:
        """Store a return that came from a file, in ONE transaction: its unit when new
        (under ``data.unit.parent`` when that unit exists, else at the top level), the
        return with its values, texts, allowances and explanations, the audit entries,
        and whatever ``journal`` writes (models.importing records the file there) — all or
        nothing. Never overwrites without ``replace_existing``, and never overwrites a
        submitted return of our own unit. With ``dry_run`` only say what would happen."""
        service = self.service
        self.refuse_import(data)  # before the unit is created: nothing half-written
        with service.session() as s:
            unit_id, current = service.store.find_with_unit(s, data.unit.code, data.period, data.scope)
            status = None if current is None else current.status
            our_unit = service.settings.get("our_unit") if status == "submitted" else ""  # the only case it decides
            verdict = self.import_verdict(data, status, our_unit, replace_existing, dry_run)
            if dry_run or verdict.action in ("refused", "exists"):
                return verdict
            if unit_id is None:
                parent = data.unit.parent if data.unit.parent and s.scalar(select(Unit.id).where(Unit.code == data.unit.parent)) else None
                service.units.save(replace(data.unit, parent=parent))
                unit_id = s.scalar(select(Unit.id).where(Unit.code == data.unit.code))
            # The receiver decides the status: what a file says it is (submitted…) is not believed;
            # an imported return is a draft of origin "imported" until it is reviewed.
            # On top of the version read just now, in this transaction (a file carries none):
            # a write by another clerk since is refused, never overwritten.
            based_on = 0 if current is None else current.version
            service.store.save(
                replace(data, status="draft", origin="imported" if data.origin in (Origin.ENTERED, Origin.PROXY) else data.origin, version=based_on),
                action="import",
                found=(unit_id, current) if unit_id is not None else None,
            )
            if journal is not None:
                journal(s, verdict)
            return verdict

    def refuse_import(self, data: ReturnData) -> None:
        """ServiceError when ``data`` cannot be stored whatever is stored now: a broken
        character, a unit code or name that is not one."""
        self.service.store.refuse_unencodable(data)
        if problem := unit_problem(data.unit):
            raise ServiceError(problem)

    def import_verdict(
        self, data: ReturnData, stored_status: str | None, our_unit: str, replace_existing: bool = False, dry_run: bool = False
    ) -> ImportOutcome:
        """What importing ``data`` does, given the status of its return as stored now (None:
        there is none) and our unit's code: refused (a submitted return of our own unit),
        exists (not replaced unless asked), imported or replaced. The rule of
        ``import_return``, and of an import's plan, which reads every file's return at once."""
        name = f"{data.unit.name}（{data.unit.code}）{Period.parse(data.period).label()}"
        if stored_status is not None:
            if stored_status == "submitted" and data.unit.code == our_unit:
                return ImportOutcome("refused", f"{name} 是本单位{ReturnStatus.SUBMITTED.label}的报表，导入不会覆盖它")
            if not replace_existing:
                return ImportOutcome("exists", f"{name} 已有报表；如要用文件中的数据替换，请确认替换（命令行加 --replace）")
        action = "imported" if stored_status is None else "replaced"
        if dry_run:
            return ImportOutcome(action, f"{name} 可以{'导入' if stored_status is None else '替换'}（试运行，未写入数据库）")
        return ImportOutcome(action, f"{name} {SubmissionState.IMPORTED.label}" if stored_status is None else f"{name} 已替换")
