"""The one door for long work (ui/operations.py): the work runs off the GUI thread, its
result or its exception comes back on the GUI thread, 取消 stops it between files, and
with the window's document as the lock one operation runs at a time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from models.template import Template
from ui.document import ReturnDocument
from ui.operations import Progress, ProgressRun, run_operation


class Outcome:
    """What the GUI-thread callbacks received, and on which thread."""

    def __init__(self) -> None:
        self.done: list[tuple[object, bool]] = []
        self.failed: list[BaseException] = []
        self.threads: list[QThread] = []

    def on_done(self, result: object, canceled: bool) -> None:
        self.threads.append(QThread.currentThread())
        self.done.append((result, canceled))

    def on_failed(self, exc: BaseException) -> None:
        self.threads.append(QThread.currentThread())
        self.failed.append(exc)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def started(run: ProgressRun | None) -> ProgressRun:
    assert run is not None
    return run


def test_the_work_runs_in_a_worker_and_its_result_comes_back_on_the_gui_thread(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    worker_threads: list[int] = []
    steps: list[tuple[int, int, str]] = []

    def work(progress: Progress) -> object:
        worker_threads.append(threading.get_ident())
        for n in range(3):
            assert progress(n + 1, 3, f"file{n}.xlsx")
        return "三个文件"

    run = started(run_operation(parent, "导入", work, outcome.on_done, outcome.on_failed))
    run.operation.progressed.connect(lambda done, total, name: steps.append((done, total, name)))
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert outcome.done == [("三个文件", False)] and outcome.failed == []
    assert worker_threads != [threading.get_ident()]  # not the GUI thread
    assert outcome.threads == [parent.thread()]
    assert run.done


def test_an_exception_in_the_work_reaches_on_failed_and_nothing_else(qtbot: QtBot, parent: QWidget, caplog: pytest.LogCaptureFixture) -> None:
    outcome = Outcome()
    problem = OSError(28, "No space left on device")

    def work(progress: Progress) -> object:
        raise problem

    run = started(run_operation(parent, "导出", work, outcome.on_done, outcome.on_failed))
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert outcome.failed == [problem] and outcome.done == []
    assert outcome.threads == [parent.thread()]
    assert "background operation failed" in caplog.text  # the trace is in the log for the developers


def test_cancel_stops_the_work_at_its_next_progress_report(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    first_file_read, canceled = threading.Event(), threading.Event()
    files_read: list[int] = []

    def work(progress: Progress) -> object:
        for n in range(100):
            if not progress(n, 100, f"file{n}.xlsx"):
                break
            files_read.append(n)
            first_file_read.set()
            canceled.wait(5)
        return len(files_read)

    run = started(run_operation(parent, "导入", work, outcome.on_done, outcome.on_failed))
    assert first_file_read.wait(5)
    run.cancel()  # what 取消 in the progress dialog does
    assert run.dialog.labelText() == "正在停止（当前文件处理完后）…"
    canceled.set()
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert outcome.done == [(1, True)]  # one file read, then stopped, and the caller is told


def test_a_file_being_written_cannot_be_canceled(qtbot: QtBot, parent: QWidget) -> None:
    outcome = Outcome()
    go = threading.Event()

    def work(progress: Progress) -> object:
        go.wait(5)
        return progress(0, 0, "a.pdf")  # True: the cancel below was refused

    run = started(run_operation(parent, "导出PDF", work, outcome.on_done, outcome.on_failed, cancelable=False))
    run.cancel()
    go.set()
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert outcome.done == [(True, False)]


def test_with_the_document_as_lock_one_operation_runs_at_a_time(qtbot: QtBot, parent: QWidget, template: Template) -> None:
    document = ReturnDocument(template)
    outcome = Outcome()
    release = threading.Event()
    busy_seen: list[bool] = []
    document.busy_changed.connect(busy_seen.append)

    def work(progress: Progress) -> object:
        release.wait(5)
        return "done"

    run = started(run_operation(parent, "汇总", work, outcome.on_done, outcome.on_failed, lock=document))
    assert document.busy and document.read_only()  # nothing typed or saved behind the operation's back
    assert run_operation(parent, "导入", work, outcome.on_done, outcome.on_failed, lock=document) is None
    release.set()
    with qtbot.waitSignal(run.finished, timeout=10_000):
        pass
    assert not document.busy and busy_seen == [True, False]
    assert outcome.done == [("done", False)]  # only the first one ran
