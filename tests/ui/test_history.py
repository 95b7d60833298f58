"""The history of one figure (ui/history.py): Ctrl+H on a figure shows its last eight
quarters and every change to it, who made it, and the value before and after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, WindowFactory, field, type_into

PERIOD = "2024Q4"


def test_history_shows_eight_quarters_and_the_audit_trail(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, "2024Q3")
    type_into(qtbot, field(window, "staff.total"), "28")
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    window.commands.save()
    type_into(qtbot, field(window, "staff.total"), "31")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    field(window, "staff.total").setFocus()
    qtbot.keyClick(field(window, "staff.total"), Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialogs.history_dialog
    assert dialog is not None and dialog.isVisible() and dialog.code == "staff.total"
    values = dialog.values_table
    assert values.rowCount() == 8
    assert [values.item(r, 1).text() for r in range(2)] == ["31", "28"]
    assert values.item(0, 0).text() == "2024年第四季度"
    trail = [[dialog.audit_table.item(r, c).text() for c in range(6)] for r in range(dialog.audit_table.rowCount())]
    assert trail[0][1:] == ["2024年第四季度", "tester", "修改", "30", "31"]
    assert ["2024年第三季度", "tester", "修改", "（空）", "28"] in [row[1:] for row in trail]
