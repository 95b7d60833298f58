"""Every action by keyboard (issue 16): shortcuts work wherever the cursor is, pages take the
cursor with them, every menu entry has its own access key, the 退回 reason by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, Answers, WindowFactory, type_into
from ui.main_window import MainWindow

PERIOD = "2024Q4"


def field(window: MainWindow, code: str):  # type: ignore[no-untyped-def]
    return window.forms[window.template.indicator(code).section].fields[code]


def focus(qtbot: QtBot, window: MainWindow, widget) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_ctrl_e_exports_while_a_figure_has_the_cursor(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    asked: list[str] = []
    window.file_actions.ask_save_path = lambda title, suggested, file_filter: asked.append(title)  # type: ignore[method-assign]
    edit = field(window, "staff.total")
    focus(qtbot, window, edit)
    type_into(qtbot, edit, "30")
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["导出Excel报表"]
    assert edit.text() == "30"


def test_a_key_the_window_uses_is_not_kept_by_a_field_that_binds_it(qtbot: QtBot, make_window: WindowFactory) -> None:
    """On X11 a line edit binds Ctrl+E (end of line) and would swallow 导出Excel; Ctrl+→ (next
    word) is bound by text boxes on every platform, so a window action on it shows the same."""
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    fired: list[bool] = []
    window.addAction(window.new_action("test", lambda: fired.append(True), "Ctrl+Right"))
    edit = field(window, "staff.total")
    focus(qtbot, window, edit)
    type_into(qtbot, edit, "30")
    edit.setCursorPosition(0)
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True] and edit.cursorPosition() == 0  # the action, not the next word
    text = window.forms["text"].texts["text.problems"]
    window.tabs.setCurrentWidget(window.scrolls["text"])
    focus(qtbot, window, text)
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True, True]


def test_the_cursor_shows_on_a_field_outlined_in_red(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "10")
    type_into(qtbot, field(window, "staff.female"), "12")  # more women than staff: both outlined in red
    edit = field(window, "staff.female")
    assert edit.flag == "error"

    def border() -> tuple[int, int, int]:
        image = edit.grab().toImage()
        colour = image.pixelColor(0, image.height() // 2)
        return colour.red(), colour.green(), colour.blue()

    focus(qtbot, window, field(window, "staff.total"))
    red = border()
    focus(qtbot, window, edit)
    blue = border()
    assert red[0] > 150 and red[2] < 100  # red without the cursor
    assert blue[2] > 150 and blue[0] < 100  # blue with it
