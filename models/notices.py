"""What goes back down to the units: the 退回 notice and the 催报 reminder.

A 退回 (``service.workflow.review``) is recorded where it is made; an offline township
learns of it only from a file. ``send_back_notice`` gathers what the notice carries
(unit, period, reason, who and when, and the unit sending it back); formats.notice_xlsx
writes and reads it; the township's import (models.importing) plans it like any other
file (``notice_problem``) and applies it (``apply_notice``): its return for that unit and
period is reopened (back to draft), marked 已退回 with the reason, and audited — one
transaction, together with the file's row in import_files.

``reminder`` (催报) names the subordinate units that have not reported a quarter (and
those whose return was sent back) and the deadline, as text for a chat group
(``reminder_text``) and for the printed page (formats.reminder_pdf).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.consolidate import completeness
from models.data import UnitInfo
from models.periods import Period, local_time
from models.returns import ImportOutcome, Journal, ReturnService, ServiceError
from models.schema import AuditEntry, Return, Unit, utcnow
from models.vocab import ReturnStatus, Review, SubmissionState

REOPENED = "reopened"  # what applying a notice did (an import outcome, see models.importing)


# ---- 退回通知 ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SendBackNotice:
    """What travels down with a 退回: enough for the township's program to find its return."""

    unit_code: str
    unit_name: str
    period: str
    reason: str
    sent_by: str  # the user who sent it back
    sent_at: dt.datetime  # UTC
    from_code: str = ""  # the unit sending it back (the level above)
    from_name: str = ""
    scope: str = "own"

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label()


def send_back_notice(service: ReturnService, unit_code: str, period: str, scope: str = "own") -> SendBackNotice:
    """The notice of the 退回 recorded for this return (its reason, who and when)."""
    data = service.store.load(unit_code, period, scope)
    if data is None or data.review_status != Review.RETURNED:
        raise ServiceError(f"{unit_code} {Period.parse(period).label()} 的报表没有被退回，没有退回通知可以生成")
    sent = [a for a in service.store.audit(unit_code, period, field="review", scope=scope) if a.action == "send_back"]
    by, at = (sent[-1].who, sent[-1].at) if sent else (service.who, utcnow())
    our = service.settings.get("our_unit")
    sender = service.units.get(our) if our else None
    if sender is None and data.unit.parent:
        sender = service.units.get(data.unit.parent)
    return SendBackNotice(data.unit.code, data.unit.name, period, data.review_note, by, at, sender.code if sender else "", sender.name if sender else "", scope)


def notice_text(notice: SendBackNotice, file_name: str = "") -> str:
    """The notice as text for a chat group or an e-mail; ``file_name`` names the notice file sent with it."""
    sender = notice.from_name or "上级单位"
    lines = [
        f"【退回通知】{notice.unit_name}（{notice.unit_code}）{notice.period_label}卫生人才工作季度报表",
        f"退回原因：{notice.reason}",
        f"退回单位：{sender}　经办人：{notice.sent_by or '—'}　退回时间：{local_time(notice.sent_at):%Y-%m-%d %H:%M}",
    ]
    how = "请在本程序中用“导入”打开随附的退回通知文件" + (f"（{file_name}）" if file_name else "")
    lines.append(f"{how}，报表会重新打开并显示退回原因；按原因修改、报送后，重新导出Excel报表发回{sender}。")
    return "\n".join(lines)


def notice_problem(service: ReturnService, notice: SendBackNotice) -> str | None:
    """Why this database cannot take the notice (it is not for a return held here), or None."""
    try:
        Period.parse(notice.period)
    except ValueError as exc:
        return f"退回通知中的报告期有误：{exc}"
    label = f"{notice.unit_name}（{notice.unit_code}）{notice.period_label}"
    our = service.settings.get("our_unit")
    if notice.from_code and notice.from_code == our:
        return f"这是本单位发出的退回通知（退回 {label} 的报表），应发给该单位，在该单位的程序中导入"
    if our and our != notice.unit_code and service.units.get(our) is not None:
        return f"这份退回通知是发给 {label} 的，不是本单位的；请把它转给该单位"
    if service.queries.values_for(notice.unit_code, notice.period, notice.scope) is None:
        return f"本数据库中没有 {label} 的报表，无法按这份退回通知打开修改；请确认通知是发给本单位的、报告期正确，或先导入（或录入）这份报表"
    return None


def already_applied(service: ReturnService, notice: SendBackNotice) -> bool:
    data = service.store.load(notice.unit_code, notice.period, notice.scope)
    return data is not None and data.review_status == Review.RETURNED and data.review_note == notice.reason.strip()


def apply_notice(service: ReturnService, notice: SendBackNotice, journal: Journal | None = None) -> ImportOutcome:
    """The township imports the notice: its return is reopened (back to draft), marked
    已退回 with the reason; the audit trail keeps who sent it back, when and from where.
    One transaction, with whatever ``journal`` writes (the file's row)."""
    if problem := notice_problem(service, notice):
        raise ServiceError(problem)
    label = f"{notice.unit_name}（{notice.unit_code}）{notice.period_label}"
    with Session(service.engine) as s, s.begin():
        ret = s.scalar(
            select(Return)
            .join(Unit, Return.unit_id == Unit.id)
            .where(Unit.code == notice.unit_code, Return.period == notice.period, Return.scope == notice.scope)
        )
        if ret is None:  # removed between the plan and now
            raise ServiceError(f"本数据库中没有 {label} 的报表")
        entry = {"who": service.who, "unit_code": notice.unit_code, "period": notice.period, "scope": notice.scope, "action": "notice"}
        if ret.status == ReturnStatus.SUBMITTED:
            s.add(AuditEntry(**entry, field="status", old=ret.status, new=ReturnStatus.DRAFT.value))
            ret.status, ret.submitted_at = ReturnStatus.DRAFT, None
        s.add(AuditEntry(**entry, field="review", old=ret.review_status, new=f"{Review.RETURNED}：{notice.reason.strip()}"))
        record = {"from_code": notice.from_code, "from_name": notice.from_name, "by": notice.sent_by, "at": notice.sent_at.isoformat(timespec="seconds")}
        s.add(AuditEntry(**entry, field="notice", old=None, new=json.dumps(record, ensure_ascii=False)))
        ret.review_status, ret.review_note = Review.RETURNED, notice.reason.strip()
        ret.updated_at = utcnow()
        outcome = ImportOutcome(REOPENED, f"{label} 的报表被{notice.from_name or '上级'}退回：{notice.reason.strip()}。报表已重新打开，请修改后报送并重新导出")
        if journal is not None:
            journal(s, outcome)
        return outcome


@dataclass(frozen=True)
class SendBackRecord:
    """Who sent a return back, when and why (for the window's banner)."""

    reason: str
    by: str
    at: dt.datetime | None  # UTC
    from_name: str
    received: bool  # True: a notice we imported (we must correct); False: we sent it back


def send_back_record(service: ReturnService, unit_code: str, period: str, scope: str = "own") -> SendBackRecord | None:
    """The 退回 standing on this return, or None when it is not sent back."""
    data = service.store.load(unit_code, period, scope)
    if data is None or data.review_status != Review.RETURNED:
        return None
    for a in reversed(service.store.audit(unit_code, period, scope=scope)):
        if a.action == "notice" and a.field == "notice" and a.new:
            try:
                rec = json.loads(a.new)
                at = dt.datetime.fromisoformat(rec.get("at", ""))
            except (ValueError, TypeError):
                break
            return SendBackRecord(data.review_note, str(rec.get("by", "")), at, str(rec.get("from_name", "")), True)
        if a.action == "send_back":
            return SendBackRecord(data.review_note, a.who, a.at, "", False)
    return SendBackRecord(data.review_note, "", None, "", False)


# ---- 催报 --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reminder:
    """Who has not reported a quarter yet, and by when they must."""

    unit: UnitInfo  # the unit asking (the level above)
    period: str
    due: dt.date
    today: dt.date
    expected: int
    missing: list[UnitInfo] = field(default_factory=list)  # no return at all
    returned: list[tuple[UnitInfo, str]] = field(default_factory=list)  # sent back: (unit, reason)
    contact: str = ""
    phone: str = ""

    @property
    def overdue_days(self) -> int:
        return (self.today - self.due).days

    @property
    def units(self) -> list[UnitInfo]:
        """Every unit the reminder names."""
        return self.missing + [u for u, _ in self.returned]


def reminder(service: ReturnService, unit_code: str, period: str, today: dt.date | None = None) -> Reminder:
    """催报 for the direct subordinates of ``unit_code`` that have not reported ``period``."""
    report = completeness(service, unit_code, period)
    settings = service.settings.all()
    missing = [c.unit for c in report.children if c.state == SubmissionState.MISSING]
    returned = [(c.unit, c.note) for c in report.children if c.state == SubmissionState.RETURNED]
    return Reminder(
        report.unit,
        period,
        report.due,
        today or dt.date.today(),
        report.expected,
        missing,
        returned,
        settings["stats_head"] or settings["filled_by"],
        settings["phone"],
    )


def reminder_deadline(r: Reminder) -> str:
    days = r.overdue_days
    when = f"已逾期 {days} 天" if days > 0 else "今天截止" if days == 0 else f"还有 {-days} 天"
    return f"报送截止日期：{r.due:%Y年%m月%d日}（{when}）"


def reminder_request(r: Reminder) -> str:
    if not r.units:
        return f"全部 {r.expected} 个单位的报表都已收到，无需催报。"
    by = f"在 {r.due:%Y年%m月%d日} 前" if r.overdue_days < 0 else "尽快"
    return f"请以上单位{by}用本程序导出Excel报表，发送给{r.unit.name}。"


def reminder_contact(r: Reminder) -> str:
    return "　".join(x for x in (f"联系人：{r.contact}" if r.contact else "", f"电话：{r.phone}" if r.phone else "") if x)


def reminder_text(r: Reminder) -> str:
    """The 催报 notice as text to paste into a chat group (the printed page says the same)."""
    lines = [f"【催报】{Period.parse(r.period).label()}卫生人才工作季度报表", reminder_deadline(r)]
    if r.missing:
        lines.append(f"还没有报送的单位（{len(r.missing)} 个）：")
        lines += [f"{n}. {u.name}（{u.code}）" for n, u in enumerate(r.missing, 1)]
    if r.returned:
        lines.append(f"报表被退回、还需重新报送的单位（{len(r.returned)} 个）：")
        lines += [f"{n}. {u.name}（{u.code}）——退回原因：{reason}" for n, (u, reason) in enumerate(r.returned, 1)]
    lines.append(reminder_request(r))
    if contact := reminder_contact(r):
        lines.append(contact)
    lines.append(f"{r.unit.name}　{r.today:%Y年%m月%d日}")
    return "\n".join(lines)
