"""The window's own dialogs (ui/window_dialogs.py): one of each at a time, the history of the
figure with the cursor (or a word on what to do), and all closed with the window's database."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, WindowFactory, field

PERIOD = "2024Q4"


def test_history_without_a_figure_under_the_cursor_says_what_to_do(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.dialogs.show_history(False) is None  # nothing open yet
    assert window.statusBar().currentMessage() == "请先把光标放在一个数字上，再查看历史。"
    assert window.open_return(UNIT.code, PERIOD)
    window.chooser.units.setFocus()  # the cursor in the unit tree, not in a figure
    assert window.dialogs.show_history(False) is None and window.dialogs.history_dialog is None


def test_one_history_at_a_time_for_the_figure_asked(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    first = window.dialogs.show_history("staff.total")
    assert first is not None and first.code == "staff.total"
    window.activateWindow()
    field(window, "staff.female").setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "staff.female"))
    second = window.dialogs.show_history(False)  # from the menu: the figure with the cursor
    assert second is not None and second.code == "staff.female" and window.dialogs.history_dialog is second
    assert not first.isVisible() and second.isVisible()


def test_the_guide_is_one_dialog_however_often_asked_and_all_close_together(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    guide = window.dialogs.show_guide()
    assert window.dialogs.show_guide() is guide and guide.isVisible()
    units = window.dialogs.open_settings()
    assert units is not None and units.isVisible()
    window.dialogs.close_all()
    assert not guide.isVisible() and not units.isVisible()
