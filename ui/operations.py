"""Long work off the GUI thread, the same way for every caller: a worker thread, a
progress dialog that can cancel, and the result (or the exception) back on the GUI thread.

    op = run_operation(parent, label, work, on_done, on_failed, lock=document)

``work(progress)`` runs in the worker; it calls ``progress(done, total, name)`` as it
goes, and stops when that returns False (the clerk pressed 取消). ``on_done(result,
canceled)`` and ``on_failed(exception)`` are called on the GUI thread.

With ``lock`` (the window's ReturnDocument) one operation runs at a time: while it runs
the document is busy, so the return can be neither typed in nor saved, submitted or
reviewed (nothing written behind the operation's back), and ``run_operation`` returns
None instead of starting a second one. The worker never shares a SQLAlchemy session
with the GUI thread: the services open one per call on the shared engine, whose SQLite
pool hands each thread its own connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from ui.document import ReturnDocument

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], bool]
Work = Callable[[Progress], object]


class Operation(QThread):
    """Runs ``work`` once in its own thread; progress and the outcome arrive as signals
    (queued to the GUI thread, since this object lives there)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self._cancel = threading.Event()

    @property
    def canceled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int, name: str) -> bool:
        """The progress callback handed to ``work``: False once canceled."""
        self.progressed.emit(done, total, name)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.work(self.report)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which tells the clerk
            log.exception("background operation failed")
            self.failed.emit(exc)
            return
        self.succeeded.emit(result)


class ProgressRun(QObject):
    """One operation with its progress dialog; kept by the caller until it is finished."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Work,
        on_done: Callable[[object, bool], None],
        on_failed: Callable[[BaseException], None],
        lock: ReturnDocument | None = None,
        cancelable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.lock = lock
        self.cancelable = cancelable
        self.on_done = on_done
        self.on_failed = on_failed
        self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setObjectName("progress")
        self.dialog.setWindowTitle(self.tr("Please wait"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a quick job never flashes a dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        if not cancelable:  # a file being written is finished, never left half-done
            self.dialog.setCancelButton(None)
        self.operation = Operation(work, self)
        self.dialog.canceled.connect(self.cancel)
        self.operation.progressed.connect(self.on_progress)
        self.operation.succeeded.connect(self.on_succeeded)
        self.operation.failed.connect(self.on_operation_failed)
        self.done = False

    def start(self) -> None:
        if self.lock is not None:
            self.lock.set_busy(True)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)  # the window answers; work goes on
        self.dialog.setValue(0)
        self.operation.start()

    def cancel(self) -> None:
        if not self.cancelable:
            return
        self.operation.cancel()
        self.dialog.setLabelText(self.tr("Stopping after the current file…"))

    def on_progress(self, done: int, total: int, name: str) -> None:
        if self.operation.canceled:
            return
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        else:  # how much is left is not known (one file being written): a busy bar, not "0%"
            self.dialog.setRange(0, 0)
        self.dialog.setLabelText(f"{self.label}\n{name}" if name else self.label)

    def close_dialog(self) -> None:
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def finish(self) -> None:
        self.operation.wait()
        QGuiApplication.restoreOverrideCursor()
        if self.lock is not None:
            self.lock.set_busy(False)
        self.done = True
        self.finished.emit()

    def on_succeeded(self, result: object) -> None:
        self.close_dialog()
        self.finish()
        try:
            self.on_done(result, self.operation.canceled)
        finally:
            self.deleteLater()

    def on_operation_failed(self, exc: BaseException) -> None:
        self.close_dialog()
        self.finish()
        try:
            self.on_failed(exc)
        finally:
            self.deleteLater()


def run_operation(
    parent: QWidget,
    label: str,
    work: Work,
    on_done: Callable[[object, bool], None],
    on_failed: Callable[[BaseException], None],
    lock: ReturnDocument | None = None,
    cancelable: bool = True,
) -> ProgressRun | None:
    """Start ``work`` in a worker thread with a progress dialog over ``parent``; None when
    ``lock`` is busy with another operation (nothing started)."""
    if lock is not None and lock.busy:
        return None
    run = ProgressRun(parent, label, work, on_done, on_failed, lock, cancelable)
    run.start()
    return run
