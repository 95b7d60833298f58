"""The record of import batches: what each file of a batch was to do and what became of it.

A batch is written (status ``running``, every file with its planned outcome, ``PENDING``
for those to be stored) before the first file is stored (``start_batch``); each file's
row is updated in the transaction that stores it, and the batch is marked finished at
the end. A batch still ``running`` at the next import or window start was interrupted
(killed, power cut): ``interrupted_batches`` says which of its files went in and which did
not, from those rows — right whatever moment the interruption came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from models.notices import REOPENED
from models.periods import local_time
from models.returns import ServiceError
from models.schema import ImportBatch, ImportFile, utcnow
from models.vocab import SubmissionState

if TYPE_CHECKING:
    from models.importing import FileReport
    from models.returns import ReturnService

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
        return local_time(self.started_at)

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


def start_batch(service: ReturnService, files: Sequence[FileReport], source: str) -> tuple[int, dict[int, int]]:
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


def set_outcomes(engine: Engine, outcomes: Sequence[tuple[int, str, str]]) -> None:
    if not outcomes:
        return
    with Session(engine) as s, s.begin():
        for row_id, outcome, message in outcomes:
            s.execute(update(ImportFile).where(ImportFile.id == row_id).values(outcome=outcome, message=message))


def finish_batch(engine: Engine, batch_id: int, status: str) -> None:
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
