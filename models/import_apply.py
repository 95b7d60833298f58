"""Applying an import plan: the files the plan and the clerk's decisions allow, stored.

Each file is all or nothing — its unit when new, the return, its values, texts,
allowances, explanations, the audit entries and the file's row in ``import_files``
(``ReturnService.import_return``) — in a SAVEPOINT of its own: a file that fails rolls
back alone and is reported, its neighbours stay. The files are committed together, a
chunk at a time (``COMMIT_SECONDS``, ``COMMIT_FILES``): one commit (one fsync of the
SQLite journal, synchronous=FULL) per chunk instead of per file, the cost that
dominated a province's import. A commit is what makes a file saved: an interruption
(killed, power cut) loses at most the chunk being stored, whose files are still
``pending`` in the batch record and are reported as cut off by ``interrupted_batches``
(import them again); nothing of them is in the database. A database that cannot be
written (full disk, read-only, locked) stops the batch; the files committed before it
are in. Parents are stored before their children (``parents_first``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from models.import_journal import (
    CANCELED,
    FAILED,
    IMPORTED,
    NOT_REACHED,
    REPLACE,
    REPLACED,
    SKIPPED,
    TO_APPLY,
    finish_batch,
    set_outcomes,
    start_batch,
)
from models.notices import apply_notice
from models.returns import ImportOutcome, ReturnService, ServiceError
from models.schema import ImportBatch, ImportFile, Unit

if TYPE_CHECKING:
    from models.importing import Decisions, FileReport, ImportPlan, Progress

log = logging.getLogger(__name__)
# A chunk is committed after this long or this many files, whichever comes first: at most
# this much work is lost to an interruption (and the one-writer lock of SQLite is held).
COMMIT_SECONDS = 0.5
COMMIT_FILES = 100


@dataclass
class ImportResult:
    files: list[FileReport]
    batch_id: int | None = None
    stopped: str = ""  # why the batch stopped early (a database that cannot be written)
    canceled: bool = False

    @property
    def stored(self) -> list[FileReport]:
        return [r for r in self.files if r.stored]


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


class _Chunk:
    """The transaction the files of a chunk are stored in, opened when the first is stored.

    Its first statement is a write (the batch row): pysqlite begins SQLite's transaction
    only at a write, and a SAVEPOINT outside a transaction would begin (and its RELEASE
    commit) one of its own, so each file would be committed alone."""

    def __init__(self, service: ReturnService, batch_id: int) -> None:
        self.service, self.batch_id = service, batch_id
        self.session: Session | None = None
        self.files: list[tuple[FileReport, str, str]] = []  # stored in it: (report, outcome, message)
        self.started = 0.0

    def open(self) -> Session:
        if self.session is None:
            self.session = Session(self.service.engine)
            self.session.begin()
            self.session.execute(update(ImportBatch).where(ImportBatch.id == self.batch_id).values(status="running"))
            self.started = time.monotonic()
        return self.session

    def due(self) -> bool:
        return self.session is not None and (len(self.files) >= COMMIT_FILES or time.monotonic() - self.started >= COMMIT_SECONDS)

    def commit(self) -> None:
        """Make the chunk's files saved, and say so on their reports."""
        if self.session is None:
            return
        try:
            self.session.commit()
        finally:
            self.session.close()
            self.session = None
        for r, action, message in self.files:
            r.action, r.message = action, message
        self.files = []

    def abandon(self) -> list[FileReport]:
        """Roll the chunk back (the database cannot be written); its files are not in."""
        lost = [r for r, _, _ in self.files]
        if self.session is not None:
            try:
                self.session.rollback()
            finally:
                self.session.close()
                self.session = None
                self.service.units.forget()  # it may hold units of the files rolled back
        self.files = []
        return lost


def apply_plan(service: ReturnService, plan: ImportPlan, decisions: Decisions, progress: Progress | None = None, source: str = "") -> ImportResult:
    """Store what the plan and the clerk's decisions allow, each file all or nothing, and
    record the batch. Fills in each report's outcome; returns the whole result."""
    chosen: list[FileReport] = []
    for r in plan.files:
        if r.action == "exists" and decisions.replaces(r.path):
            r.action = REPLACE
        if r.new_unit and r.unit_code in decisions.skip_units and r.action in ("import", REPLACE):
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
        batch_id, rows = start_batch(service, plan.files, source)
    except OperationalError as exc:
        log.exception("import batch could not start")
        _stop(result, ordered, exc)
        return result
    result.batch_id = batch_id
    status = "finished"
    chunk = _Chunk(service, batch_id)
    n = 0
    try:
        for n, r in enumerate(ordered):  # noqa: B007 (n: where the batch stopped)
            if progress is not None and progress(n, len(ordered), r.path.name) is False:
                chunk.commit()
                for rest in ordered[n:]:
                    rest.action, rest.message = CANCELED, "导入在这个文件之前取消，未导入"
                result.canceled, status = True, "canceled"
                break
            if r.notice is not None:
                chunk.commit()  # a notice is applied in a transaction of its own (models.notices)
            try:
                outcome = _store(service, chunk, r, rows[id(r)])
            except OperationalError:
                try:  # what the chunk stored before this file is kept, if it can still be
                    chunk.commit()
                except OperationalError:
                    pass
                raise
            if outcome is not None:
                action = {"imported": IMPORTED, "replaced": REPLACED}.get(outcome.action, outcome.action)
                if r.notice is not None:
                    r.action, r.message = action, outcome.message
                else:
                    chunk.files.append((r, action, outcome.message))
            if chunk.due():
                chunk.commit()
        else:
            chunk.commit()
            if progress is not None:
                progress(len(ordered), len(ordered), "")
    except OperationalError as exc:
        # The database itself cannot be written (full disk, read-only, locked): stop here.
        # The files of the chunk not yet committed are not in either.
        log.exception("import stopped at %s", ordered[n].path)
        lost = chunk.abandon()
        _stop(result, ordered[n:], exc)
        for r in lost:
            r.action, r.message = FAILED, f"{result.stopped}（这个文件未能写入）"
        status = "stopped"
    except BaseException:
        chunk.abandon()  # killed, interrupted: the chunk not committed is not in (its rows say pending)
        raise
    # Stored files were recorded with their return; the others are recorded now. On a
    # disk still full this may fail: the batch then stays "running" and the next start
    # reports it — from the per-file rows, which are right either way.
    try:
        set_outcomes(service.engine, [(rows[id(r)], r.action, r.message) for r in ordered if not r.stored])
        finish_batch(service.engine, batch_id, status)
    except OperationalError:
        log.warning("could not record the end of import batch %s", batch_id, exc_info=True)
    return result


def _store(service: ReturnService, chunk: _Chunk, r: FileReport, row_id: int) -> ImportOutcome | None:
    """One file, in its SAVEPOINT (a notice: its own transaction). None when it failed (the
    report says why; nothing of it is written). OperationalError: the database cannot be written."""

    def journal(s: Session, outcome: ImportOutcome) -> None:
        s.execute(update(ImportFile).where(ImportFile.id == row_id).values(outcome=outcome.action, message=outcome.message))

    try:
        if r.notice is not None:
            return apply_notice(service, r.notice, journal=journal)
        assert r.data is not None
        data = replace(r.data, unit=replace(r.data.unit, parent=r.parent)) if r.new_unit else r.data
        s = chunk.open()
        with s.begin_nested(), service.joined(s):
            outcome = service.workflow.import_return(data, replace_existing=r.action == REPLACE, journal=journal)
            if r.new_unit:
                parent = aliased(Unit)
                # where it went (the top level if its parent's file failed)
                r.parent = s.scalar(select(parent.code).join(Unit, Unit.parent_id == parent.id).where(Unit.code == r.unit_code))
        s.expunge_all()  # the chunk's session holds no file's objects after it
        return outcome
    except OperationalError:
        raise
    except Exception as exc:  # one file's failure (a bug, an unencodable text...) rolls back that file only
        log.exception("import of %s failed", r.path)
        service.units.forget()  # a unit its SAVEPOINT made and rolled back may be in the index
        r.action = FAILED
        r.message = str(exc) if isinstance(exc, ServiceError) else f"写入数据库时出错（{_short(exc)}），这个文件的任何内容都没有写入"
        return None


def _stop(result: ImportResult, rest: Sequence[FileReport], exc: OperationalError) -> None:
    """The database cannot be written: the first of ``rest`` failed, the others not reached."""
    result.stopped = _database_problem(exc)
    for n, r in enumerate(rest):
        r.action, r.message = (FAILED, result.stopped) if n == 0 else (NOT_REACHED, "导入在前一个文件处停止，这个文件未导入")


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
