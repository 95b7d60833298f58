"""The foot of the return (ui/signatories.py): what is shown reads back the same, showing a
return is not an edit, typing is, 今天 fills the date, a submitted return is read-only."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.data import Signatories
from tests.ui.conftest import type_into
from ui.signatories import SignatoriesForm

SIGNED = Signatories("李明", "王芳", "张丽", "0876-1234567", dt.date(2025, 1, 10))


def form(qtbot: QtBot) -> SignatoriesForm:
    widget = SignatoriesForm()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_what_is_shown_reads_back_and_showing_is_not_an_edit(qtbot: QtBot) -> None:
    foot = form(qtbot)
    edits: list[bool] = []
    foot.edited.connect(lambda: edits.append(True))
    foot.show_signatories(SIGNED)
    assert foot.signatories() == SIGNED and edits == []
    foot.show_signatories(Signatories())
    assert foot.signatories() == Signatories() and edits == []  # no date: blank, not 2000-01-01
    assert foot.report_date.text() == "（未填）"


def test_typing_is_an_edit_and_spaces_around_a_name_are_dropped(qtbot: QtBot) -> None:
    foot = form(qtbot)
    foot.show_signatories(SIGNED)
    with qtbot.waitSignal(foot.edited):
        type_into(qtbot, foot.filled_by, " 赵六 ")
    assert foot.signatories().filled_by == "赵六"


def test_today_fills_the_date_of_report(qtbot: QtBot) -> None:
    foot = form(qtbot)
    foot.show_signatories(Signatories())
    with qtbot.waitSignal(foot.edited):
        qtbot.mouseClick(foot.today_button, Qt.MouseButton.LeftButton)
    today = QDate.currentDate()
    assert foot.signatories().report_date == dt.date(today.year(), today.month(), today.day())


def test_a_submitted_return_cannot_be_signed_again(qtbot: QtBot) -> None:
    foot = form(qtbot)
    foot.show_signatories(SIGNED)
    foot.set_read_only(True)
    assert all(e.isReadOnly() for e in (foot.unit_head, foot.stats_head, foot.filled_by, foot.phone, foot.report_date))
    assert not foot.today_button.isEnabled()
    foot.set_read_only(False)
    assert not foot.phone.isReadOnly() and foot.today_button.isEnabled()


def test_tab_follows_the_form_from_top_to_bottom(qtbot: QtBot) -> None:
    foot = form(qtbot)
    foot.activateWindow()
    foot.unit_head.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is foot.unit_head)
    for after in (foot.stats_head, foot.filled_by, foot.phone):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is after
