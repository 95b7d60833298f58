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
    result = apply_plan(service, plan, decisions)       # each file all or nothing

Storing is models.import_apply's (each file in a SAVEPOINT, committed a chunk at a
time); the record of batches and the report of an interrupted one models.import_journal's.
Both are importable from here as before.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.checks import Finding
from models.data import ReturnData
from models.import_apply import ImportResult, apply_plan, parents_first
from models.import_journal import (
    CANCELED,
    DAMAGED,
    DUPLICATE,
    EXISTS,
    FAILED,
    IGNORED,
    IMPORT,
    IMPORTED,
    NOT_A_RETURN,
    NOT_REACHED,
    NOTICE,
    NOTICE_FILE,
    PENDING,
    REFUSED,
    REJECTED,
    REPLACE,
    REPLACED,
    RETURN,
    SAME,
    SKIPPED,
    STORED,
    TO_APPLY,
    BatchFile,
    BatchReport,
    acknowledge,
    batch_report,
    describe_interrupted,
    interrupted_batches,
)
from models.notices import REOPENED, SendBackNotice, already_applied, notice_problem
from models.periods import Period, PeriodError
from models.returns import ReturnService, ServiceError, unit_problem
from models.schema import ImportFile
from models.stored_rows import rows_of_returns
from models.vocab import Review, SubmissionState

# What callers have always imported from here (the window, the command line, the benches).
__all__ = [
    "CANCELED",
    "DAMAGED",
    "DUPLICATE",
    "EXISTS",
    "FAILED",
    "IGNORED",
    "IMPORT",
    "IMPORTED",
    "NOT_A_RETURN",
    "NOT_REACHED",
    "NOTICE",
    "NOTICE_FILE",
    "PENDING",
    "REFUSED",
    "REJECTED",
    "REOPENED",
    "REPLACE",
    "REPLACED",
    "RETURN",
    "SAME",
    "SKIPPED",
    "STORED",
    "TO_APPLY",
    "BatchFile",
    "BatchReport",
    "Decisions",
    "FileReport",
    "ImportPlan",
    "ImportResult",
    "ReadFile",
    "Reader",
    "acknowledge",
    "apply_plan",
    "batch_report",
    "describe_interrupted",
    "expand_paths",
    "import_files",
    "interrupted_batches",
    "last_stored_hash",
    "last_stored_hashes",
    "newest_versions",
    "parents_first",
    "plan_files",
    "plan_import",
    "read_files",
]
log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], "bool | None"]  # (done, total, file name); False cancels
# The plan checks the files this many at a time, last quarter's figures of each piece read
# at once: a few queries for a province, and memory that does not grow with the batch.
CHECKED_AT_ONCE = 100


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
    with Session(service.engine) as reading, service.joined(reading):  # the dry runs share one session: no transaction per file
        return _plan_files(service, files, reading)


def _plan_files(service: ReturnService, files: Sequence[ReadFile], reading: Session) -> ImportPlan:
    # What the batch's files are judged against is read a few set queries at a time, not
    # file by file (on a server each query is a round trip): the returns stored now, the
    # files that put them in, last quarter's figures for the checks.
    units = {u.code: u for u in service.units.list()}
    our_unit = service.settings.get("our_unit")
    stored = service.queries.states({(f.data.unit.code, f.data.period, f.data.scope) for f in files if f.data is not None})
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
            service.workflow.refuse_import(d)  # the service's own rules (import_return's), nothing written
        except ServiceError as exc:  # e.g. text that cannot be stored: refused before anything is written
            r.problems.append(str(exc))
            r.message = f"文件 {f.path.name} 未导入：{exc}"
            continue
        first[r.key] = r
        state = stored.get(r.key)
        verdict = service.workflow.import_verdict(d, None if state is None else state.status, our_unit, dry_run=True)
        r.action = {"imported": IMPORT, "replaced": REPLACE}.get(verdict.action, verdict.action)
        r.message = verdict.message
        r.new_unit = d.unit.code not in units
    exists = [r for r in reports if r.action == EXISTS]
    hashes = last_stored_hashes(service.engine, [r.key for r in exists if r.content_hash])
    for r in exists:
        state = stored.get(r.key)
        if r.content_hash and hashes.get(r.key) == r.content_hash:
            r.action, r.message = SAME, f"{SubmissionState.IMPORTED.label}过相同内容，跳过（与上次导入这份报表的文件逐字节相同）"
        elif state is not None and state.review == Review.RETURNED:
            # The corrected return after a 退回: what was awaited, it replaces the one sent back.
            r.action, r.message = (
                REPLACE,
                f"{r.unit_name}（{r.unit_code}）{Period.parse(r.period).label()} 的报表曾{Review.RETURNED.label}，这是重新报来的，替换原报表",
            )
    batch_units = {r.unit_code for r in reports if r.new_unit and r.action in (IMPORT, EXISTS)}
    for r in reports:
        if r.new_unit and r.data is not None:
            wanted = r.data.unit.parent
            r.parent = wanted if wanted and (wanted in units or wanted in batch_units) and wanted != r.unit_code else None
    checked = [r for r in reports if r.action in (IMPORT, EXISTS) and r.data is not None]
    for i in range(0, len(checked), CHECKED_AT_ONCE):
        piece = checked[i : i + CHECKED_AT_ONCE]
        for r, findings in zip(piece, service.check_all([r.data for r in piece if r.data is not None]), strict=True):
            r.findings = findings
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
    return last_stored_hashes(engine, [key]).get(key, "")


def last_stored_hashes(engine: Engine, keys: Collection[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
    """``last_stored_hash`` of many returns at once; a return no file put in is left out."""
    with Session(engine) as s:
        rows = rows_of_returns(
            s,
            keys,
            lambda codes, periods: (
                select(ImportFile.unit_code, ImportFile.period, ImportFile.scope, ImportFile.content_hash)
                .where(ImportFile.unit_code.in_(codes), ImportFile.period.in_(periods), ImportFile.outcome.in_(STORED))
                .order_by(ImportFile.id)
            ),
        )
        return {(unit_code, period, scope): content_hash for unit_code, period, scope, content_hash in rows}  # the last file of each return wins


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


def import_files(service: ReturnService, paths: Sequence[Path], reader: Reader, replace_existing: bool = False, source: str = "") -> ImportResult:
    """Plan and apply without questions (as ``import-xlsx`` does): replace only when told,
    new units where their file says if that unit exists, else at the top level."""
    plan = plan_import(service, paths, reader)
    assert plan is not None  # no progress: cannot be canceled
    return apply_plan(service, plan, Decisions(replace=replace_existing), source=source)
