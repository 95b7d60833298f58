"""The return being edited (ui/document.py): autosave on a fake clock, 丢弃 really discards,
text that is not a figure is not dropped without asking."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, Answers, FakeTimer, WindowFactory, field, type_into
from ui.document import AUTOSAVE_MS, ReturnDocument
from ui.main_window import MainWindow

PERIOD = "2024Q4"


def stored_and_audited(window: MainWindow) -> tuple[dict[str, Decimal] | None, list[str | None]]:
    service = window.service
    assert service is not None
    return service.queries.values_for(UNIT.code, PERIOD), [r.new for r in service.store.audit(UNIT.code, PERIOD, "staff.total")]


def test_the_timer_saves_after_30_seconds_of_fake_time(qtbot: QtBot, make_window: WindowFactory) -> None:
    timer = FakeTimer()
    window = make_window(timer=timer)
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    timer.advance(AUTOSAVE_MS - 1)
    assert window.dirty and stored_and_audited(window)[0] is None
    timer.advance(1)
    assert not window.dirty and stored_and_audited(window)[0] == {"staff.total": 30}


def test_discard_while_the_question_outlasts_the_autosave_saves_nothing(qtbot: QtBot, make_window: WindowFactory, answers: Answers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The race of issue 16: the question stays open past the 30-second autosave, then 丢弃."""
    timer = FakeTimer()
    window = make_window(timer=timer)
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.save()
    before = stored_and_audited(window)
    type_into(qtbot, field(window, "staff.total"), "31")

    def ask_unsaved(self: MainWindow) -> str:
        answers.asked.append("unsaved")
        timer.advance(3 * AUTOSAVE_MS)  # the clerk thinks for a minute and a half
        return "discard"

    monkeypatch.setattr(MainWindow, "ask_unsaved", ask_unsaved)
    window.close()
    assert not window.isVisible() and answers.asked == ["unsaved"]
    assert timer.fired == 3  # the timer did fire during the question …
    assert stored_and_audited(window) == before == ({"staff.total": 30}, ["30"])  # … and nothing was saved or recorded


def test_the_document_never_saves_while_asking(qtbot: QtBot, make_window: WindowFactory) -> None:
    timer = FakeTimer()
    window = make_window(timer=timer)
    doc: ReturnDocument = window.document
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    with doc.asking():
        timer.advance(AUTOSAVE_MS)
        assert not doc.autosave() and doc.dirty
    doc.discard()
    assert not doc.dirty and doc.data is not None and doc.data.values == {}
    assert field(window, "staff.total").text() == ""  # the form shows the return as stored again
    assert stored_and_audited(window) == (None, [])


def paste_into(qtbot: QtBot, window: MainWindow, code: str, text: str) -> None:
    """Paste cells copied from Excel (the way text that is not a figure gets into a figure)."""
    QGuiApplication.clipboard().setText(text)
    edit = field(window, code)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_text_that_is_not_a_figure_is_asked_about_on_close(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    paste_into(qtbot, window, "staff.total", "10人\tabc")
    assert field(window, "staff.total").text() == "10人" and field(window, "staff.female").text() == "abc"
    assert not window.dirty and window.document.has_unsaved_edits()
    answers.unsaved = "save"
    window.close()  # 保存 cannot store "10人": told, the window stays, the cursor on the figure
    assert window.isVisible() and answers.asked == ["unsaved"]
    title, text, error = answers.told[-1]
    assert error and "10人" in text and "不是数字" in text
    assert QApplication.focusWidget() is field(window, "staff.total")
    answers.unsaved = "discard"
    window.close()
    assert not window.isVisible() and answers.asked == ["unsaved", "unsaved"]
    assert stored_and_audited(window) == (None, [])
