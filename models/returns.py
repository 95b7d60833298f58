"""The return service: the composition root (like Anki's collection, ``col.decks``…).

    service.units      the unit tree (models/units.py)
    service.store      load, save and audit a return (models/store.py)
    service.workflow   submit, reopen, review, take over, delete, import (models/workflow.py)
    service.queries    which returns, figures of one, 本年累计, history (models/queries.py)

The service owns the transactions: each public operation is one unit of work
(``session()``), and what it calls joins it. Widgets, exporters and the command line
call these and get plain data back (models.data); no ORM object or session leaves them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.checks import Finding, check_return
from models.data import ReturnData
from models.errors import (
    CONFLICT_ADVICE,
    ReturnConflict,
    ReturnLocked,
    ServiceError,
    conflict_message,
)
from models.queries import Queries, ReturnSummary
from models.schema import utcnow
from models.settings import Settings, clerk_name
from models.store import Store
from models.stored_rows import at_precision
from models.template import Template, TemplateRegistry, default_registry
from models.units import Units, unit_problem
from models.workflow import ImportOutcome, Journal, Workflow

__all__ = [
    "CONFLICT_ADVICE",
    "ImportOutcome",
    "Journal",
    "ReturnConflict",
    "ReturnLocked",
    "ReturnService",
    "ReturnSummary",
    "ServiceError",
    "at_precision",
    "conflict_message",
    "unit_problem",
]

Clock = Callable[[], dt.datetime]  # naive UTC, like models.schema.utcnow


class ReturnService:
    def __init__(self, engine: Engine, registry: TemplateRegistry | None = None, who: str | None = None, clock: Clock = utcnow) -> None:
        self.engine = engine
        self.registry = registry or default_registry()
        self.who = clerk_name() if who is None else who
        self.clock = clock  # audit times, submitted/received times, a return's updated_at
        self._work = threading.local()  # the unit of work under way in this thread
        self.settings = Settings(engine, self.session)
        self.units = Units(self)
        self.store = Store(self)
        self.workflow = Workflow(self)
        self.queries = Queries(self)

    # ---- the unit of work ----------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """The session of the operation under way in this thread, or a new one whose
        transaction is committed when the block ends (rolled back on an exception): a
        public operation and everything it calls are one transaction, all or nothing."""
        current: Session | None = getattr(self._work, "session", None)
        if current is not None:
            yield current
            return
        self._work.session, self._work.done = Session(self.engine), []
        try:
            with self._work.session as s, s.begin():
                yield s
        finally:
            done: list[Callable[[], None]] = self._work.done
            self._work.session, self._work.done = None, []
            for callback in done:
                callback()

    @contextmanager
    def joined(self, session: Session) -> Iterator[Session]:
        """The operations called in this block join ``session``, a transaction the caller
        owns and ends (models.import_apply stores each file of a batch in a SAVEPOINT of
        one). What the operations leave to the end of the transaction (the unit index to be
        forgotten after a unit was written) is done at the end of the block; the caller calls
        ``units.forget()`` when it rolls back."""
        if getattr(self._work, "session", None) is not None:
            raise RuntimeError("an operation is already under way in this thread")
        self._work.session, self._work.done = session, []
        try:
            yield session
        finally:
            done: list[Callable[[], None]] = self._work.done
            self._work.session, self._work.done = None, []
            for callback in done:
                callback()

    def in_operation(self) -> bool:
        return getattr(self._work, "session", None) is not None

    def when_done(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the unit of work under way ends, committed or not."""
        self._work.done.append(callback)

    # ---- templates and checks --------------------------------------------------------------
    def template_for(self, data: ReturnData) -> Template:
        tpl = self.registry.get(data.template_id, data.template_version)
        if tpl is None:
            raise ServiceError(f"本程序不认识报表模板 {data.template_id} 第 {data.template_version} 版，请安装最新版本的程序")
        return tpl

    def check(self, data: ReturnData, lang: str = "zh") -> list[Finding]:
        return self.check_all([data], lang)[0]

    def check_all(self, returns: Sequence[ReturnData], lang: str = "zh") -> list[list[Finding]]:
        """``check`` of each return, last quarter's figures of all of them read at once."""
        previous = self.queries.previous_values_of({(d.unit.code, d.period, d.scope) for d in returns})
        return [check_return(self.template_for(d), d, previous.get((d.unit.code, d.period, d.scope)), lang) for d in returns]
