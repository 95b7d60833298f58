"""收件箱: every file that arrived for a quarter, when, from which unit, what became of it,
and where that unit's return stands now.

Read from the import record (import_batches / import_files, written by models.importing
for every file of every batch, stored or not) and from the returns (the words of
报送情况: models.consolidate.submission_state). Plain data; the window shows it
(ui/inbox_view.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.periods import local_time
from models.returns import ReturnService
from models.schema import ImportBatch, ImportFile
from models.vocab import Arrival, Scope, SubmissionState


@dataclass(frozen=True)
class InboxRow:
    file_name: str
    arrived_at: dt.datetime  # UTC: when its batch was imported
    unit_code: str  # "" when the file could not be read as a return
    unit_name: str
    period: str
    scope: str
    arrival: Arrival  # what became of it
    reason: str  # the import's message: why, in the clerk's words
    state: SubmissionState | None  # the unit's return now (None: no unit)
    batch_id: int
    known_unit: bool  # the unit is in the database: its return can be opened

    @property
    def arrived_local(self) -> dt.datetime:
        return local_time(self.arrived_at)


@dataclass(frozen=True)
class Inbox:
    period: str
    rows: list[InboxRow]

    def count(self, arrival: Arrival) -> int:
        return sum(1 for r in self.rows if r.arrival == arrival)

    def counts(self) -> Counter[Arrival]:
        return Counter(r.arrival for r in self.rows)


def arrival_of(outcome: str, kind: str, same_bytes_in_batch: bool) -> Arrival:
    """An import outcome (models.importing) as the 收件箱 says it."""
    if outcome == "duplicate":
        return Arrival.DUPLICATE if same_bytes_in_batch else Arrival.OLDER
    if kind == "damaged":
        return Arrival.DAMAGED
    simple = {
        "imported": Arrival.IMPORTED,
        "replaced": Arrival.REPLACED,
        "reopened": Arrival.NOTICE,
        "same": Arrival.SAME,
        "ignored": Arrival.NOT_A_RETURN,
        "pending": Arrival.PENDING,
    }
    return simple.get(outcome, Arrival.REFUSED)


def inbox(service: ReturnService, period: str) -> Inbox:
    """Every file of every import batch that brought a file for ``period`` (the files of
    those batches that were not returns are listed too), newest batch first."""
    from models.consolidate import current_state, submission_states

    with Session(service.engine) as s:
        batch_ids = select(ImportFile.batch_id).where(ImportFile.period == period).distinct()
        found = s.execute(
            select(ImportFile, ImportBatch.started_at)
            .join(ImportBatch, ImportFile.batch_id == ImportBatch.id)
            .where(ImportFile.batch_id.in_(batch_ids))
            .order_by(ImportBatch.id.desc(), ImportFile.position)
        ).all()
        files = [(f.batch_id, f.file_name, f.content_hash, f.unit_code, f.period, f.scope, f.outcome, f.kind, f.message, at) for f, at in found]
    units = {u.code: u for u in service.units.list()}
    states: dict[tuple[str, str], SubmissionState] = {(code, Scope.OWN.value): st for code, st in submission_states(service, period).items()}
    hashes = Counter((batch, digest) for batch, _, digest, *_ in files if digest)
    rows: list[InboxRow] = []
    for batch, name, digest, code, file_period, scope, outcome, kind, message, at in files:
        known = code in units
        state: SubmissionState | None = None
        if known and file_period == period:
            if (code, scope) not in states and scope != Scope.OWN:
                data = service.store.load(code, period, scope)
                if data is not None:
                    states[(code, scope)] = current_state(service, data)
            state = states.get((code, scope), SubmissionState.MISSING)
        arrival = arrival_of(outcome, kind, bool(digest) and hashes[(batch, digest)] > 1)
        rows.append(InboxRow(name, at, code, units[code].name if known else code, file_period, scope, arrival, message, state, batch, known))
    return Inbox(period, rows)
