"""The one import pipeline: read and plan, the clerk's decisions, apply.

The window (ui/import_dialog.py), ``import-xlsx`` and ``import-json`` all go through here;
only the questions differ. This module never imports ``formats`` or Qt: the caller
passes what was read as plain data (``ReadFile``), or a reader callable that makes them
(formats.reading.read_entries: .xlsx, .xls, .json, and the members of .zip and .eml files);
folders are walked here (``expand_paths``). Every entry is planned: a return, a second
version of one in the same batch (the newer is taken: ``newest_versions``), the same
content as the file that put the return in (``SAME``), not a return (``IGNORED``), damaged::

    plan = plan_import(service, paths, reader)          # reads, judges; writes nothing
    decisions = Decisions(replace=True)                 # or the clerk's answers in the window
    result = apply_plan(service, plan, decisions)       # one transaction per file

``apply_plan`` stores parents before their children. Each file is one transaction
(``service.workflow.import_return``): its unit when new, the return, its values, texts,
allowances, explanations, the audit entries and the file's row in ``import_files``. A
file that fails rolls back alone and is reported; a database that cannot be written
(full disk, read-only, locked) stops the batch, and the files before it are in.

A batch is written (status ``running``, every file with its planned outcome) before the
first file is stored, and marked finished at the end; a batch still ``running`` at the
next import or window start was interrupted (killed, power cut), and
``interrupted_batches`` says which of its files went in and which did not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models.checks import Finding
from models.data import ReturnData
from models.periods import Period, PeriodError
from models.notices import REOPENED, SendBackNotice, already_applied, apply_notice, notice_problem
from models.returns import ImportOutcome, ReturnService, ServiceError, unit_problem
from models.schema import ImportBatch, ImportFile, Return, Unit, utcnow
from models.vocab import Review, SubmissionState

log = logging.getLogger(__name__)

# Planned outcomes (what would happen) ...
IMPORT, REPLACE, EXISTS, REFUSED, REJECTED, DUPLICATE = "import", "replace", "exists", "refused", "rejected", "duplicate"
SAME, IGNORED = "same", "ignored"  # the same content is in already; not a return (a photo, a letter)
NOTICE = "notice"  # a 退回通知 for a return held here: it will be reopened (models.notices)
# ... and what happened.
IMPORTED, REPLACED, SKIPPED, FAILED, CANCELED, NOT_REACHED = "imported", "replaced", "skipped", "failed", "canceled", "not_reached"
STORED = (IMPORTED, REPLACED, REOPENED)  # REOPENED: a 退回通知 applied
TO_APPLY = (IMPORT, REPLACE, NOTICE)
PENDING = "pending"  # in import_files: to be stored, not (yet) in
# What a reader found a file to be (ReadFile.kind).
RETURN, NOT_A_RETURN, DAMAGED, NOTICE_FILE = "return", "not_a_return", "damaged", "notice"

Progress = Callable[[int, int, str], "bool | None"]  # (done, total, file name); False cancels


@dataclass
class ReadFile:
    """One file as a reader left it: the return, or the problems that make it unusable."""

    path: Path
    data: ReturnData | None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    content_hash: str = ""  # sha256 of the file's bytes
    message: str = ""  # the whole refusal, as the clerk reads it (when data is None)
    kind: str = RETURN  # RETURN (read, or refused for its content) | NOT_A_RETURN | DAMAGED | NOTICE_FILE
    modified: float | None = None  # the file's time (POSIX), to tell the newer of two versions
    notice: SendBackNotice | None = None  # a 退回通知 (kind NOTICE_FILE; data is None)


# One path to what it holds: a file gives one entry, an archive or an e-mail one per member.
Reader = Callable[[Path], "ReadFile | Sequence[ReadFile]"]


@dataclass
class FileReport:
    """What would happen (after ``plan_import``) and then what did happen (after
    ``apply_plan``) to one file of a batch."""

    path: Path
    action: str  # planned: import | replace | exists | refused | rejected | duplicate | same | ignored; after apply also imported | replaced | skipped | failed | canceled | not_reached
    message: str = ""
    unit_code: str = ""
    unit_name: str = ""
    period: str = ""
    scope: str = "own"
    new_unit: bool = False  # the unit is not in the database: it is created with the return
    parent: str | None = None  # where a new unit goes (None: the top level)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why a file is rejected
    findings: list[Finding] = field(default_factory=list)
    data: ReturnData | None = None
    content_hash: str = ""
    duplicate_of: Path | None = None  # the file of the batch whose version of the same return is taken
    kind: str = RETURN  # what the reader found the file to be (see ReadFile.kind)
    notice: SendBackNotice | None = None  # a 退回通知: applied instead of imported

    @property
    def ok(self) -> bool:
        """The file is (or, planned, would be) imported (or, a notice, applied)."""
        return self.action in (*TO_APPLY, *STORED)

    @property
    def stored(self) -> bool:
        return self.action in STORED

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit_code, self.period, self.scope)


@dataclass(frozen=True)
class BatchFile:
    file_name: str
    unit_code: str
    period: str
    outcome: str
    message: str

    @property
    def went_in(self) -> bool:
        return self.outcome in STORED


@dataclass(frozen=True)
class BatchReport:
    """A batch as recorded: when, from where, and each file's outcome."""

    batch_id: int
    started_at: dt.datetime  # UTC
    source: str
    status: str
    files: list[BatchFile]

    @property
    def started_local(self) -> dt.datetime:
        """When the batch started, on this PC's clock (stored as UTC)."""
        return self.started_at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)

    @property
    def went_in(self) -> list[BatchFile]:
        return [f for f in self.files if f.went_in]

    @property
    def not_in(self) -> list[BatchFile]:
        return [f for f in self.files if not f.went_in]

    @property
    def cut_off(self) -> list[BatchFile]:
        """Files that were to be stored when the interruption came: import them again."""
        return [f for f in self.files if f.outcome == PENDING]


@dataclass
class ImportPlan:
    files: list[FileReport]
    interrupted: list[BatchReport] = field(default_factory=list)  # earlier batches never finished

    def to_confirm(self) -> list[FileReport]:
        """Files whose return is already in the database: replace only if the clerk says so."""
        return [r for r in self.files if r.action == EXISTS]

    def homeless(self) -> list[FileReport]:
        """New units that would go to the top level: their file names no parent we have
        (in the database or in this batch). The window asks where to put them."""
        return [r for r in self.files if r.new_unit and r.parent is None and r.action == IMPORT]


@dataclass
class Decisions:
    """The clerk's answers: ``replace`` every file already in the database (True), none
    (False) or just these paths; ``parents`` puts a new unit (by code) under another unit
    (None: the top level); ``skip_units`` are new units the clerk did not want added."""

    replace: bool | Collection[Path] = False
    parents: Mapping[str, str | None] = field(default_factory=dict)
    skip_units: Collection[str] = ()

    def replaces(self, path: Path) -> bool:
        return self.replace if isinstance(self.replace, bool) else path in self.replace


@dataclass
class ImportResult:
    files: list[FileReport]
    batch_id: int | None = None
    stopped: str = ""  # why the batch stopped early (a database that cannot be written)
    canceled: bool = False

    @property
    def stored(self) -> list[FileReport]:
        return [r for r in self.files if r.stored]


# ---- read and plan ---------------------------------------------------------------------
def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and every file under a folder given (recursively, in name order)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(sorted((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.relative_to(path).parts))
        else:
            out.append(path)
    return out


def read_files(paths: Sequence[Path], reader: Reader, progress: Progress | None = None) -> list[ReadFile] | None:
    """Every file (folders: every file under them) through ``reader``; None when ``progress`` cancels."""
    paths = expand_paths(paths)
    out: list[ReadFile] = []
    for i, path in enumerate(paths):
        if progress is not None and progress(i, len(paths), Path(path).name) is False:
            return None
        read = reader(Path(path))
        out.extend([read] if isinstance(read, ReadFile) else read)
    if progress is not None:
        progress(len(paths), len(paths), "")
    return out


def plan_import(service: ReturnService, paths: Sequence[Path], reader: Reader, progress: Progress | None = None) -> ImportPlan | None:
    """Read every file and say what would happen to each; None when canceled. Writes nothing."""
    read = read_files(paths, reader, progress)
    return None if read is None else plan_files(service, read)


def plan_files(service: ReturnService, files: Sequence[ReadFile]) -> ImportPlan:
    """What would happen to each file read, with every problem found; writes nothing."""
    units = {u.code: u for u in service.units.list()}
    reports: list[FileReport] = []
    first: dict[tuple[str, str, str], FileReport] = {}
    taken = newest_versions(files)
    for f in files:
        r = FileReport(f.path, REJECTED, f.message, notes=list(f.notes), problems=list(f.problems), content_hash=f.content_hash, kind=f.kind)
        reports.append(r)
        if f.notice is not None:
            _plan_notice(service, r, f.notice)
            continue
        if f.data is None:
            r.message = r.message or f"文件 {f.path.name} 未导入：" + "；".join(f.problems)
            if f.kind == NOT_A_RETURN:
                r.action = IGNORED
            continue
        d = f.data
        r.data, r.unit_code, r.unit_name, r.period, r.scope = d, d.unit.code, d.unit.name, d.period, d.scope
        problems = _return_problems(service, d)
        if problems:
            r.problems += problems
            r.message = f"文件 {f.path.name} 未导入：" + "；".join(problems)
            continue
        winner = taken.get(id(f))
        if winner is not None:
            other, reason = winner
            r.action, r.duplicate_of = DUPLICATE, other.path
            r.message = f"另一个文件的单位和报告期与此相同（{other.path.name}），{reason}，本次导入那个文件，这个文件未导入；如要用它替换，请单独再导入它"
            continue
        earlier = first.get(r.key)
        if earlier is not None:  # a second version the reader could not tell apart (not in ``taken``)
            r.action, r.duplicate_of = DUPLICATE, earlier.path
            r.message = f"另一个文件的单位和报告期与此相同（{earlier.path.name}），本次只导入在前的那个文件，这个文件未导入；如要用它替换，请单独再导入它"
            continue
        try:
            verdict = service.workflow.import_return(d, dry_run=True)  # the service's own rules, nothing written
        except ServiceError as exc:  # e.g. text that cannot be stored: refused before anything is written
            r.problems.append(str(exc))
            r.message = f"文件 {f.path.name} 未导入：{exc}"
            continue
        first[r.key] = r
        r.action = {"imported": IMPORT, "replaced": REPLACE}.get(verdict.action, verdict.action)
        r.message = verdict.message
        if r.action == EXISTS and f.content_hash and last_stored_hash(service.engine, r.key) == f.content_hash:
            r.action, r.message = SAME, f"{SubmissionState.IMPORTED.label}过相同内容，跳过（与上次导入这份报表的文件逐字节相同）"
        elif r.action == EXISTS and _sent_back(service.engine, r.key):
            # The corrected return after a 退回: what was awaited, it replaces the one sent back.
            r.action, r.message = REPLACE, f"{d.unit.name}（{d.unit.code}）{Period.parse(d.period).label()} 的报表曾{Review.RETURNED.label}，这是重新报来的，替换原报表"
        r.new_unit = d.unit.code not in units
    batch_units = {r.unit_code for r in reports if r.new_unit and r.action in (IMPORT, EXISTS)}
    for r in reports:
        if r.new_unit and r.data is not None:
            wanted = r.data.unit.parent
            r.parent = wanted if wanted and (wanted in units or wanted in batch_units) and wanted != r.unit_code else None
        if r.action in (IMPORT, EXISTS) and r.data is not None:
            r.findings = service.check(r.data)
    return ImportPlan(reports, interrupted_batches(service.engine))


def _plan_notice(service: ReturnService, r: FileReport, notice: SendBackNotice) -> None:
    """A 退回通知: applied when this database holds the return it names (models.notices)."""
    r.notice, r.unit_code, r.unit_name, r.period, r.scope = notice, notice.unit_code, notice.unit_name, notice.period, notice.scope
    if problem := notice_problem(service, notice):
        r.action, r.problems, r.message = REJECTED, [problem], f"退回通知 {r.path.name} 未使用：{problem}"
    elif already_applied(service, notice) or _applied_before(service.engine, r.content_hash):
        # The same notice again (also after the return was corrected and submitted): not reopened twice.
        r.action, r.message = SAME, "这份退回通知已经导入过（报表当时已重新打开修改），这次不再处理"
    else:
        r.action, r.message = NOTICE, f"退回通知：{notice.unit_name}（{notice.unit_code}）{notice.period_label} 的报表将重新打开修改，原因：{notice.reason}"


def _applied_before(engine: Engine, content_hash: str) -> bool:
    if not content_hash:
        return False
    with Session(engine) as s:
        return s.scalar(select(ImportFile.id).where(ImportFile.content_hash == content_hash, ImportFile.outcome == REOPENED).limit(1)) is not None


def _sent_back(engine: Engine, key: tuple[str, str, str]) -> bool:
    unit_code, period, scope = key
    with Session(engine) as s:
        review = s.scalar(
            select(Return.review_status).join(Unit, Return.unit_id == Unit.id).where(Unit.code == unit_code, Return.period == period, Return.scope == scope)
        )
    return review == Review.RETURNED


def newest_versions(files: Sequence[ReadFile]) -> dict[int, tuple[ReadFile, str]]:
    """Two or more files for one unit, period and scope: the newest is taken — by 报出日期,
    then by the file's time, then the first in the batch. Gives, for each other file (by
    ``id``), the one taken instead and why."""
    groups: dict[tuple[str, str, str], list[tuple[int, ReadFile]]] = {}
    for n, f in enumerate(files):
        if f.data is not None:
            groups.setdefault((f.data.unit.code, f.data.period, f.data.scope), []).append((n, f))
    out: dict[int, tuple[ReadFile, str]] = {}
    for group in groups.values():
        if len(group) < 2:
            continue

        def age(item: tuple[int, ReadFile]) -> tuple[dt.date, float, int]:
            n, f = item
            assert f.data is not None
            return (f.data.signatories.report_date or dt.date.min, f.modified or 0.0, -n)

        # A copy of the same bytes is no newer than its original, whatever its file time.
        originals = list({f.content_hash or id(f): (n, f) for n, f in reversed(group)}.values())
        _, best = max(originals, key=age)
        assert best.data is not None
        for _, f in group:
            if f is best:
                continue
            assert f.data is not None
            mine, theirs = f.data.signatories.report_date, best.data.signatories.report_date
            if f.content_hash and f.content_hash == best.content_hash:
                reason = "两个文件内容完全相同"
            elif theirs and theirs != mine:
                reason = f"那个文件的报出日期较新（{theirs:%Y-%m-%d}，这个文件是 {f'{mine:%Y-%m-%d}' if mine else '未填'}）"
            elif (best.modified or 0.0) > (f.modified or 0.0):
                reason = "两个文件的报出日期相同，那个文件较新（修改时间较晚）"
            else:
                reason = "两个文件分不出新旧，导入在前的那个"
            out[id(f)] = (best, reason)
    return out


def last_stored_hash(engine: Engine, key: tuple[str, str, str]) -> str:
    """The content hash of the file that last put this return into the database ("" if none)."""
    unit_code, period, scope = key
    with Session(engine) as s:
        row = s.scalar(
            select(ImportFile.content_hash)
            .where(ImportFile.unit_code == unit_code, ImportFile.period == period, ImportFile.scope == scope, ImportFile.outcome.in_(STORED))
            .order_by(ImportFile.id.desc())
            .limit(1)
        )
    return row or ""


def _return_problems(service: ReturnService, data: ReturnData) -> list[str]:
    problems = []
    try:
        service.template_for(data)
    except ServiceError as exc:
        problems.append(str(exc))
    if problem := unit_problem(data.unit):
        problems.append(problem)
    try:
        Period.parse(data.period)
    except PeriodError as exc:
        problems.append(str(exc))
    return problems


def parents_first(reports: Sequence[FileReport]) -> list[FileReport]:
    """Storing order: a new unit's parent before it when both are in the batch (so the
    parent link can be made); otherwise the order given."""
    by_unit = {r.unit_code: r for r in reports}

    def depth(r: FileReport) -> int:
        n, parent, seen = 0, r.parent, set()
        while parent in by_unit and parent not in seen:
            seen.add(parent)
            n += 1
            parent = by_unit[parent].parent
        return n

    return sorted(reports, key=depth)


# ---- apply -------------------------------------------------------------------------------
def apply_plan(service: ReturnService, plan: ImportPlan, decisions: Decisions, progress: Progress | None = None, source: str = "") -> ImportResult:
    """Store what the plan and the clerk's decisions allow, one transaction per file, and
    record the batch. Fills in each report's outcome; returns the whole result."""
    chosen: list[FileReport] = []
    for r in plan.files:
        if r.action == EXISTS and decisions.replaces(r.path):
            r.action = REPLACE
        if r.new_unit and r.unit_code in decisions.skip_units and r.action in (IMPORT, REPLACE):
            r.action = SKIPPED
        if r.new_unit and r.unit_code in decisions.parents:
            r.parent = decisions.parents[r.unit_code]
        if r.action in TO_APPLY:
            chosen.append(r)
    result = ImportResult(plan.files)
    if not chosen:
        # Nothing to store: the database stays exactly as it was (no batch recorded either,
        # so such a batch does not appear in the 收件箱).
        return result
    ordered = parents_first(chosen)
    try:
        batch_id, rows = _start_batch(service, plan.files, source)
    except OperationalError as exc:
        log.exception("import batch could not start")
        _stop(result, ordered, exc)
        return result
    result.batch_id = batch_id
    status = "finished"
    for n, r in enumerate(ordered):
        if progress is not None and progress(n, len(ordered), r.path.name) is False:
            for rest in ordered[n:]:
                rest.action, rest.message = CANCELED, "导入在这个文件之前取消，未导入"
            result.canceled, status = True, "canceled"
            break
        row_id = rows[id(r)]

        def journal(s: Session, outcome: ImportOutcome, row_id: int = row_id) -> None:
            s.execute(update(ImportFile).where(ImportFile.id == row_id).values(outcome=outcome.action, message=outcome.message))

        try:
            if r.notice is not None:
                outcome = apply_notice(service, r.notice, journal=journal)
            else:
                assert r.data is not None
                data = replace(r.data, unit=replace(r.data.unit, parent=r.parent)) if r.new_unit else r.data
                outcome = service.workflow.import_return(data, replace_existing=r.action == REPLACE, journal=journal)
        except OperationalError as exc:
            # The database itself cannot be written (full disk, read-only, locked): stop here.
            log.exception("import stopped at %s", r.path)
            _stop(result, ordered[n:], exc)
            status = "stopped"
            break
        except Exception as exc:  # one file's failure (a bug, an unencodable text...) rolls back that file only
            log.exception("import of %s failed", r.path)
            r.action = FAILED
            r.message = str(exc) if isinstance(exc, ServiceError) else f"写入数据库时出错（{_short(exc)}），这个文件的任何内容都没有写入"
            continue
        r.action = {"imported": IMPORTED, "replaced": REPLACED}.get(outcome.action, outcome.action)
        r.message = outcome.message
        if r.new_unit and (unit := service.units.get(r.unit_code)) is not None:
            r.parent = unit.parent  # where it went (the top level if its parent's file failed)
    else:
        if progress is not None:
            progress(len(ordered), len(ordered), "")
    # Stored files were recorded with their return; the others are recorded now. On a
    # disk still full this may fail: the batch then stays "running" and the next start
    # reports it — from the per-file rows, which are right either way.
    try:
        _set_outcomes(service.engine, [(rows[id(r)], r.action, r.message) for r in ordered if not r.stored])
        _finish_batch(service.engine, batch_id, status)
    except OperationalError:
        log.warning("could not record the end of import batch %s", batch_id, exc_info=True)
    return result


def _stop(result: ImportResult, rest: Sequence[FileReport], exc: OperationalError) -> None:
    """The database cannot be written: the first of ``rest`` failed, the others not reached."""
    result.stopped = _database_problem(exc)
    for n, r in enumerate(rest):
        r.action, r.message = (FAILED, result.stopped) if n == 0 else (NOT_REACHED, "导入在前一个文件处停止，这个文件未导入")


def import_files(service: ReturnService, paths: Sequence[Path], reader: Reader, replace_existing: bool = False, source: str = "") -> ImportResult:
    """Plan and apply without questions (as ``import-xlsx`` does): replace only when told,
    new units where their file says if that unit exists, else at the top level."""
    plan = plan_import(service, paths, reader)
    assert plan is not None  # no progress: cannot be canceled
    return apply_plan(service, plan, Decisions(replace=replace_existing), source=source)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def _database_problem(exc: OperationalError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "full" in text:
        return "磁盘已满，数据库无法写入。请腾出磁盘空间后再导入其余文件"
    if "readonly" in text or "read-only" in text:
        return "数据库文件是只读的，无法写入"
    if "locked" in text or "busy" in text:
        return "数据库正被另一个程序使用，无法写入"
    return f"数据库无法写入（{_short(exc.orig or exc)}）"


def _start_batch(service: ReturnService, files: Sequence[FileReport], source: str) -> tuple[int, dict[int, int]]:
    """Record the batch and all its files before storing any: then an interruption can be
    told file by file. Earlier batches that never finished are marked as reported."""
    with Session(service.engine) as s, s.begin():
        s.execute(update(ImportBatch).where(ImportBatch.status == "running").values(status="interrupted"))
        batch = ImportBatch(source=source, who=service.who, status="running")
        s.add(batch)
        s.flush()
        rows: dict[int, ImportFile] = {}
        for n, r in enumerate(files):
            rows[id(r)] = ImportFile(
                    batch_id=batch.id,
                    position=n,
                    file_name=r.path.name[:500],
                    content_hash=r.content_hash,
                    unit_code=r.unit_code[:64],
                    period=r.period[:8],
                    scope=r.scope[:16],
                    outcome=PENDING if r.action in TO_APPLY else r.action,
                    message=r.message,
                    kind=r.kind[:16],
                )
        s.add_all(rows.values())
        s.flush()
        return batch.id, {key: row.id for key, row in rows.items()}


def _set_outcomes(engine: Engine, outcomes: Sequence[tuple[int, str, str]]) -> None:
    if not outcomes:
        return
    with Session(engine) as s, s.begin():
        for row_id, outcome, message in outcomes:
            s.execute(update(ImportFile).where(ImportFile.id == row_id).values(outcome=outcome, message=message))


def _finish_batch(engine: Engine, batch_id: int, status: str) -> None:
    with Session(engine) as s, s.begin():
        s.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(status=status, finished_at=utcnow()))


# ---- what went in ---------------------------------------------------------------------
def batch_report(engine: Engine, batch_id: int) -> BatchReport:
    with Session(engine) as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise ServiceError(f"没有编号为 {batch_id} 的导入记录")
        files = [
            BatchFile(f.file_name, f.unit_code, f.period, f.outcome, f.message)
            for f in s.scalars(select(ImportFile).where(ImportFile.batch_id == batch_id).order_by(ImportFile.position))
        ]
        return BatchReport(batch.id, batch.started_at, batch.source, batch.status, files)


def interrupted_batches(engine: Engine) -> list[BatchReport]:
    """Batches that started and never finished (the program was killed or the power went):
    for each, which files went in and which did not. Read only; the next import marks them
    as reported (``acknowledge``)."""
    with Session(engine) as s:
        ids = list(s.scalars(select(ImportBatch.id).where(ImportBatch.status == "running").order_by(ImportBatch.id)))
    return [batch_report(engine, i) for i in ids]


def acknowledge(engine: Engine, batch_ids: Collection[int]) -> None:
    """The clerk has been told about these interrupted batches: don't tell again."""
    if not batch_ids:
        return
    with Session(engine) as s, s.begin():
        s.execute(update(ImportBatch).where(ImportBatch.id.in_(list(batch_ids)), ImportBatch.status == "running").values(status="interrupted"))


def describe_interrupted(report: BatchReport) -> list[str]:
    """The Chinese lines the command line prints about an interrupted batch."""
    when = f"{report.started_local:%Y-%m-%d %H:%M}"
    lines = [f"注意：上次的导入（{when} 开始，共 {len(report.files)} 个文件）被中断，没有做完。"]
    went, rest, cut = report.went_in, report.not_in, report.cut_off
    lines.append(f"  {SubmissionState.IMPORTED.label}的 {len(went)} 个文件：" + ("、".join(f.file_name for f in went) if went else "无"))
    lines.append(f"  未导入的 {len(rest)} 个文件：" + ("、".join(f.file_name for f in rest) if rest else "无"))
    if cut:
        lines.append("  其中因中断而未导入、请重新导入的：" + "、".join(f.file_name for f in cut) + "（每个文件要么全部导入，要么完全没有导入）")
    return lines
