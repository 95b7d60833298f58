"""The return being edited, as one object the window and its helpers share.

``ReturnDocument`` holds the shown return (``models.data.ReturnData``), whether it has
edits that are not stored yet, the typed text that is not a figure, the findings of
the checks, and the autosave timer; it saves, submits and reopens through
``ReturnService``. Views observe it through signals and never keep a copy:

- ``loaded(data)``: a different return (or a read-only view: 汇总表, 全年) is the document;
- ``saved(data)``: the document was stored;
- ``findings_changed(findings)``: the checks ran again;
- ``state_changed()``: dirty, saved time or read-only changed (status bar, actions);
- ``save_failed(message)``: a save was refused; the message says why (Chinese);
- ``conflict_found(conflict)``: another clerk saved the return first (models.versions.Conflict):
  nothing was overwritten; the clerk's edits stay in ``data``, unsaved, and autosave waits
  until the clerk chooses (``take_theirs``, ``reapply_mine``, or keep editing and save again);
- ``changed(unit, period)``: what is stored for a unit and period changed (saved, submitted,
  consolidated, reviewed, imported): whatever shows it refreshes from this one signal;
  ``own_change`` is True while the document announces its own save (it shows it already);
- ``busy_changed(busy)``: a long operation (ui/operations.py) started or ended; meanwhile
  the document is read-only, so nothing is typed or saved behind the operation's back.

Autosave never runs while the clerk is being asked what to do with the edits
(``with document.asking():``), so 丢弃 always means discarded: the timer may fire
during the question, and the save it would start is simply not made.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from models.checks import Finding, blocking, check_return
from models.data import Allowance, ReturnData, Signatories
from models.versions import Conflict, differences, reapply

if TYPE_CHECKING:
    from models.returns import ReturnConflict, ReturnService
    from models.template import Template

AUTOSAVE_MS = 30_000


class Ticker(Protocol):
    """What the document needs of a timer (a QTimer; tests give a fake clock)."""

    timeout: SignalInstance

    def setInterval(self, msec: int, /) -> None: ...
    def interval(self) -> int: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def isActive(self) -> bool: ...


class ReturnDocument(QObject):
    loaded = Signal(object)  # ReturnData | None
    saved = Signal(object)  # ReturnData
    findings_changed = Signal(list)  # list[Finding]
    state_changed = Signal()
    save_failed = Signal(str)
    conflict_found = Signal(object)  # models.versions.Conflict
    changed = Signal(str, str)  # unit code, period
    about_to_save = Signal()  # last chance for a view to put pending input into ``data``
    busy_changed = Signal(bool)
    template_changed = Signal(object)  # Template: the shown return is of another template version

    def __init__(
        self,
        template: Template,
        lang: str = "zh",
        timer: Ticker | None = None,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang
        self.now = now
        self.service: ReturnService | None = None
        self.data: ReturnData | None = None
        self.previous: dict[str, Decimal] | None = None
        self.stored = False  # the return is in the database (not a new, untouched one)
        self.dirty = False
        self.saved_at: dt.datetime | None = None
        self.problems: dict[str, str] = {}  # code -> why the typed text is not a figure
        self.findings: list[Finding] = []
        self.view_note: str | None = None  # why the document is a read-only view; None: the own return
        self.coverage: dict[str, str] = {}  # a view's figures not reported in full: "3/4 个单位填报"
        self.busy = False  # a long operation runs (ui/operations.py): read-only until it ends
        self.own_change = False  # ``changed`` is the document's own save, submit or reopen
        self.foreign: str | None = None  # why another unit's imported return is read-only here (代报 lifts it)
        self.base: ReturnData | None = None  # the return as loaded or last saved: what the clerk's edits are based on
        self.conflict: Conflict | None = None  # a save refused for another clerk's newer save, not resolved yet
        self._asking = 0
        self.timer: Ticker = timer if timer is not None else QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.on_timer)

    # ---- state -----------------------------------------------------------------------------
    def read_only(self) -> bool:
        """Nothing may be typed: no return, a submitted one, a view (汇总表, 全年), a return another
        unit sent up (the service refuses it too), or an operation runs."""
        return self.data is None or self.data.locked or self.view_note is not None or self.foreign is not None or self.busy

    def set_busy(self, busy: bool) -> None:
        """Held by run_operation(lock=document) while its work runs."""
        self.busy = busy
        self.busy_changed.emit(busy)
        self.state_changed.emit()

    def has_unsaved_edits(self) -> bool:
        """Edits not stored yet, including text typed in a figure that is not a figure."""
        return self.dirty or bool(self.problems)

    @property
    def is_asking(self) -> bool:
        return self._asking > 0

    @contextmanager
    def asking(self) -> Iterator[None]:
        """While the clerk decides what happens to the edits, nothing is saved behind their back."""
        self._asking += 1
        try:
            yield
        finally:
            self._asking -= 1

    # ---- the database ------------------------------------------------------------------------
    def attach(self, service: ReturnService) -> None:
        self.service = service
        self.timer.start()

    def detach(self) -> None:
        """Stop using the database (it is about to be replaced by a backup)."""
        self.timer.stop()
        self.service = None
        self.close_return()

    def close_return(self) -> None:
        """Forget the shown return without saving (the caller saved or discarded it)."""
        self.data = None
        self.base = None
        self.conflict = None
        self.view_note = None
        self.coverage = {}
        self.foreign = None
        self.dirty = False
        self.problems.clear()

    # ---- which return ---------------------------------------------------------------------
    def load(self, unit_code: str, period: str) -> None:
        """The own return of a unit and period (a new, unsaved one when there is none yet)."""
        service = self.service
        assert service is not None
        data = service.store.load(unit_code, period)
        stored = data is not None
        if data is None:
            data = service.store.new_return(unit_code, period)
        self.present(data, None, service.queries.previous_values(unit_code, period), stored)

    def present(self, data: ReturnData, note: str | None, previous: dict[str, Decimal] | None, stored: bool, coverage: dict[str, str] | None = None) -> None:
        """Make ``data`` the document; ``note`` makes it a read-only view and says why;
        ``coverage`` says what a view's figures cover where not all (汇总表, 全年)."""
        self.data = data
        self.base = copy.deepcopy(data)
        self.conflict = None
        self.view_note = note
        self.coverage = dict(coverage or {})
        self.foreign = self.service.workflow.foreign_import(data) if self.service is not None and note is None else None
        self.previous = previous
        self.stored = stored
        self.follow_template(data)
        self.dirty = False
        self.saved_at = None
        self.problems.clear()
        self.recheck()
        self.loaded.emit(data)
        self.state_changed.emit()

    def follow_template(self, data: ReturnData) -> None:
        """Each return is shown, checked and saved with its own template version: a 2024
        return keeps version 1 after version 2 came into force."""
        if self.service is None:
            return
        template = self.service.registry.get(data.template_id, data.template_version)
        if template is not None and template is not self.template:
            self.template = template
            self.template_changed.emit(template)

    def is_showing(self, unit_code: str, period: str) -> bool:
        """The own return of (unit, period) is the document already."""
        d = self.data
        return d is not None and self.view_note is None and (d.unit.code, d.period) == (unit_code, period)

    # ---- edits -------------------------------------------------------------------------------
    def set_value(self, code: str, value: Decimal | None) -> bool:
        if self.data is None or self.read_only():
            return False
        if value is None:
            self.data.values.pop(code, None)
        else:
            self.data.values[code] = value
        self.mark_dirty()
        self.recheck()
        return True

    def set_text(self, code: str, text: str) -> None:
        if self.data is not None and not self.read_only():
            self.data.texts[code] = text
            self.mark_dirty()

    def set_problem(self, code: str, message: str) -> None:
        """Text typed in a figure that is not a figure ("10人"); "" when it is fine again."""
        if message:
            self.problems[code] = message
        else:
            self.problems.pop(code, None)
        self.recheck()

    def set_allowances(self, rows: list[Allowance]) -> None:
        if self.data is not None and not self.read_only():
            self.data.allowances = rows
            self.mark_dirty()
            self.recheck()

    def set_signatories(self, signatories: Signatories, edited: bool = True) -> None:
        if self.data is not None and not self.read_only():
            self.data.signatories = signatories
            if edited:
                self.mark_dirty()

    def set_explanation(self, key: str, text: str) -> None:
        if self.data is None or self.read_only():
            return
        if text:
            self.data.explanations[key] = text
        else:
            self.data.explanations.pop(key, None)
        self.mark_dirty()
        self.recheck()

    def carry_over(self) -> int:
        """Fill blank stock figures from last quarter; how many were filled."""
        if self.service is None or self.data is None or self.read_only():
            return 0
        carried = self.service.store.new_return(self.data.unit.code, self.data.period, carry_over=True).values
        filled = 0
        for code, value in carried.items():
            if code not in self.data.values:
                self.data.values[code] = value
                filled += 1
        self.mark_dirty()
        self.recheck()
        self.loaded.emit(self.data)  # the figures on screen change
        return filled

    def mark_dirty(self) -> None:
        self.dirty = True
        self.state_changed.emit()

    # ---- checks ------------------------------------------------------------------------------
    def recheck(self) -> list[Finding]:
        """Findings of the return, plus any typed text that is not a figure."""
        if self.data is None:
            return []
        typed = [Finding("input", f"input:{code}", "error", (code,), message) for code, message in self.problems.items()]
        self.findings = typed + check_return(self.template, self.data, self.previous, self.lang)
        self.findings_changed.emit(self.findings)
        self.state_changed.emit()
        return self.findings

    def blockers(self) -> list[Finding]:
        return blocking(self.findings, self.data.explanations if self.data else {})

    # ---- saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the return (one transaction). False when it could not be stored (save_failed says why)."""
        from models.returns import ReturnConflict, ServiceError

        if self.service is None or self.data is None:
            return False
        if self.busy:
            return not self.dirty  # written after the operation: never behind its back
        if self.read_only():
            return True
        self.about_to_save.emit()
        try:
            self.service.store.save(self.data)
        except ReturnConflict as exc:
            self.refused(exc)
            return False
        except ServiceError as exc:
            self.save_failed.emit(str(exc))
            return False
        self.base = copy.deepcopy(self.data)
        self.conflict = None
        self.stored = True
        self.dirty = False
        self.saved_at = self.now()
        self.state_changed.emit()
        self.saved.emit(self.data)
        self.announce(self.data.unit.code, self.data.period)
        return True

    def autosave(self) -> bool:
        """Save if anything changed; True when nothing is left unsaved. Never while asking,
        nor while a refused save waits for the clerk's choice (it would be refused again)."""
        if not self.dirty:
            return True
        if self.is_asking or self.conflict is not None:
            return False
        return self.save()

    # ---- another clerk saved first -----------------------------------------------------------
    def refused(self, exc: ReturnConflict) -> None:
        """A write was refused for a newer version: keep the clerk's data as typed (unsaved),
        read what is stored now, and tell (conflict_found) what differs."""
        assert self.service is not None and self.data is not None
        theirs = self.service.store.load(self.data.unit.code, self.data.period, self.data.scope)
        self.conflict = Conflict(str(exc), exc.who, self.data, theirs, differences(self.template, self.data, theirs))
        self.dirty = True
        self.state_changed.emit()
        self.conflict_found.emit(self.conflict)

    def take_theirs(self) -> None:
        """重新载入: show the stored version; the clerk's edits are dropped (the window put them
        on the clipboard first)."""
        if self.data is not None and self.service is not None:
            self.load(self.data.unit.code, self.data.period)

    def reapply_mine(self) -> None:
        """重新载入并填回我的修改: the stored version with the clerk's edits typed in again,
        unsaved, to look over and save (then based on the new version)."""
        conflict, base = self.conflict, self.base
        if conflict is None or base is None or self.service is None:
            return
        if conflict.theirs is None:  # deleted meanwhile: the clerk's return, to be stored anew
            merged = copy.deepcopy(conflict.mine)
            merged.version = 0
        else:
            merged = reapply(base, conflict.mine, conflict.theirs)
        self.present(merged, None, self.previous, conflict.theirs is not None)
        # The edits are now based on the stored version (a second refusal compares with it).
        self.base = (
            copy.deepcopy(conflict.theirs)
            if conflict.theirs is not None
            else ReturnData(merged.unit, merged.period, merged.template_id, merged.template_version, version=0)
        )
        self.mark_dirty()

    def on_timer(self) -> None:
        if not self.is_asking:
            self.autosave()

    def discard(self) -> None:
        """丢弃: the edits are dropped and the return is read again as stored."""
        self.dirty = False
        self.problems.clear()
        data = self.data
        if data is None or self.service is None or self.view_note is not None:
            self.state_changed.emit()
            return
        self.load(data.unit.code, data.period)

    # ---- 报送 and 撤回 -------------------------------------------------------------------------
    def submit(self) -> list[Finding] | None:
        """报送: stored, then submitted if nothing blocks it. Returns what blocks it ([] when
        submitted), or None when it could not be stored (save_failed said why)."""
        if self.service is None or self.data is None or self.read_only():
            return None
        self.recheck()
        if self.problems:
            return self.blockers()
        if not self.save():
            return None
        from models.returns import ReturnConflict, ServiceError

        unit, period = self.data.unit.code, self.data.period
        try:
            blockers = self.service.workflow.submit(unit, period, version=self.data.version)
        except ReturnConflict as exc:  # saved by another clerk since our own save just now
            self.refused(exc)
            return None
        except ServiceError as exc:  # refused by the service (an empty return…): it says why
            self.save_failed.emit(str(exc))
            return None
        if blockers:
            return blockers
        self.load(unit, period)
        self.announce(unit, period)
        return []

    def take_over(self) -> bool:
        """代报: the level above corrects another unit's imported return itself (recorded);
        the return is shown again, now editable."""
        if self.service is None or self.data is None or self.foreign is None:
            return False
        unit, period = self.data.unit.code, self.data.period
        self.service.workflow.take_over(unit, period, self.data.scope)
        self.load(unit, period)
        self.announce(unit, period)
        return True

    def reopen(self) -> bool:
        if self.service is None or self.data is None or self.view_note is not None or not self.data.locked or self.busy:
            return False
        from models.returns import ReturnConflict

        unit, period = self.data.unit.code, self.data.period
        try:
            self.service.workflow.reopen(unit, period, version=self.data.version)
        except ReturnConflict as exc:  # nothing typed to keep: say so and show what is stored
            self.save_failed.emit(str(exc))
            self.load(unit, period)
            return False
        self.load(unit, period)
        self.announce(unit, period)
        return True

    def announce(self, unit: str, period: str) -> None:
        """``changed`` for what the document itself stored and already shows."""
        self.own_change = True
        try:
            self.changed.emit(unit, period)
        finally:
            self.own_change = False
