"""The entry fields (ui/fields.py) on their own: what a figure box lets through while typing,
how it marks a refused text with the parser's message, Enter/↓/↑, pasting cells copied from
Excel, and the narrative box."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from models.template import Template, default_registry
from ui.fields import (
    NumberEdit,
    ShortcutPassThrough,
    TextEdit,
    is_multi_cell,
    split_cells,
)


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A shown window for the fields (focus moves only between visible widgets)."""
    widget = QWidget()
    QVBoxLayout(widget)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def make_fields(host: QWidget, template: Template, *codes: str) -> list[NumberEdit]:
    """Figure boxes for ``codes``, one under the other in ``host``."""
    fields = [NumberEdit(template.indicator(code), host) for code in codes]
    for edit in fields:
        host.layout().addWidget(edit)
        edit.show()
    return fields


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_cells_copied_from_a_spreadsheet_are_split_row_by_row() -> None:
    assert split_cells("2\t10\t155\r\n448\t/\n") == ["2", "10", "155", "448", "/"]  # Excel ends with a newline
    assert split_cells(" 5 ") == ["5"]
    assert is_multi_cell("1\t2") and is_multi_cell("1\n2") and not is_multi_cell("1,922\n")


def test_a_typed_figure_is_read_by_the_parser_and_tidied_when_editing_ends(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    edited: list[tuple[str, object]] = []
    total.value_edited.connect(lambda code, value: edited.append((code, value)))
    focus(qtbot, total)
    qtbot.keyClicks(total, "1,922")
    assert total.value() == 1922 and edited[-1] == ("staff.total", Decimal(1922))
    total.normalise()
    assert total.text() == "1922" and total.problem == ""


def test_letters_never_reach_a_figure_box(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    focus(qtbot, total)
    qtbot.keyClicks(total, "1a2b")
    assert total.text() == "12"


def test_a_blank_mark_is_blank_not_zero(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    edited: list[object] = []
    total.value_edited.connect(lambda code, value: edited.append(value))
    focus(qtbot, total)
    qtbot.keyClicks(total, "/")
    assert edited == [None] and total.value() is None
    total.normalise()
    assert total.text() == ""


def test_a_fraction_in_a_count_is_marked_with_the_parsers_message_not_dropped(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    problems: list[tuple[str, str]] = []
    edited: list[object] = []
    total.problem_changed.connect(lambda code, message: problems.append((code, message)))
    total.value_edited.connect(lambda code, value: edited.append(value))
    focus(qtbot, total)
    qtbot.keyClicks(total, "12.5")
    assert total.text() == "12.5"  # every keystroke kept: the clerk sees what was typed
    assert total.problem and problems[-1] == ("staff.total", total.problem)
    assert total.toolTip() == total.problem and "#d32f2f" in total.styleSheet()
    assert edited[-1] == Decimal(12)  # "12" was a figure on the way; "12.5" is not sent
    total.normalise()
    assert total.text() == "12.5"  # a refused text is left for the clerk to correct
    qtbot.keyClick(total, Qt.Key.Key_Backspace)
    qtbot.keyClick(total, Qt.Key.Key_Backspace)
    assert total.problem == "" and problems[-1] == ("staff.total", "") and total.styleSheet() == ""


def test_money_keeps_its_cents_and_a_share_may_carry_its_percent_sign(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [funding] = make_fields(host, template, "incent.funding")
    focus(qtbot, funding)
    qtbot.keyClicks(funding, "12.5")
    funding.normalise()
    assert funding.text() == "12.50" and funding.value() == Decimal("12.50")
    v2 = default_registry().for_period("2025Q1")
    [share] = make_fields(host, v2, "incent.merit_pay_share")
    assert share.indicator.is_percent
    focus(qtbot, share)
    qtbot.keyClicks(share, "60%")
    assert share.text() == "60%" and share.problem == "" and share.value() == 60


def test_showing_a_stored_figure_is_not_an_edit(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    edited: list[object] = []
    total.value_edited.connect(lambda code, value: edited.append(value))
    total.type_text("1.5")
    assert total.problem
    total.show_value(Decimal(30))
    assert total.text() == "30" and total.problem == "" and edited == []


def test_enter_and_down_move_on_up_goes_back(qtbot: QtBot, host: QWidget, template: Template) -> None:
    total, female, admin = make_fields(host, template, "staff.total", "staff.female", "staff.admin")
    focus(qtbot, total)
    qtbot.keyClicks(total, "1,000")
    qtbot.keyClick(total, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is female and total.text() == "1000"  # tidied on the way out
    qtbot.keyClick(female, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is admin
    qtbot.keyClick(admin, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is female


def test_pasting_several_cells_asks_the_form_to_fill_the_following_fields(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    pasted: list[tuple[object, list[str]]] = []
    total.cells_pasted.connect(lambda edit, cells: pasted.append((edit, cells)))
    QGuiApplication.clipboard().setText("2\t10\n155\n")
    focus(qtbot, total)
    qtbot.keyClick(total, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pasted == [(total, ["2", "10", "155"])] and total.text() == ""


def test_one_pasted_cell_the_typing_filter_would_swallow_is_shown_and_marked(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    QGuiApplication.clipboard().setText(" 1e3 ")
    focus(qtbot, total)
    qtbot.keyClick(total, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert total.text() == "1e3" and "不是数字" in total.problem
    total.setReadOnly(True)  # a submitted return: pasting changes nothing
    total.clear()
    qtbot.keyClick(total, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert total.text() == ""


def test_the_checks_flag_outlines_a_field_until_a_typing_problem_takes_over(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [total] = make_fields(host, template, "staff.total")
    total.set_flag("warning")
    assert "#e0a000" in total.styleSheet()
    total.set_flag("error")
    assert "1px solid #d32f2f" in total.styleSheet()
    total.type_text("12.5")  # a problem of the typed text outranks the checks' flag
    assert "2px solid #d32f2f" in total.styleSheet()
    total.set_flag("")
    total.show_value(None)
    assert total.styleSheet() == ""


def test_the_history_of_a_figure_is_asked_for_by_its_code(qtbot: QtBot, host: QWidget, template: Template) -> None:
    [female] = make_fields(host, template, "staff.female")
    with qtbot.waitSignal(female.history_requested) as asked:
        female.request_history()
    assert asked.args == ["staff.female"]


@pytest.mark.parametrize("owned", [True, False])
def test_a_key_the_window_owns_is_left_to_the_window(qtbot: QtBot, host: QWidget, template: Template, owned: bool) -> None:
    [total] = make_fields(host, template, "staff.total")
    asked: list[QKeySequence] = []

    def owns_shortcut(keys: QKeySequence) -> bool:
        asked.append(keys)
        return owned

    keys = ShortcutPassThrough(owns_shortcut, total)
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    event.accept()  # as a line edit that binds Ctrl+E (X11: end of line) would
    assert keys.eventFilter(total, event) is owned  # owned: the field never sees the key
    assert asked == [QKeySequence("Ctrl+E")]
    assert event.isAccepted() is not owned  # ignored: the window's action fires, not the field's binding


def test_the_narrative_box_reports_typing_but_not_loading(qtbot: QtBot) -> None:
    box = TextEdit("text.problems")
    qtbot.addWidget(box)
    edited: list[tuple[str, str]] = []
    box.text_edited.connect(lambda code, text: edited.append((code, text)))
    box.show_text("1、人才紧缺")
    assert box.toPlainText() == "1、人才紧缺" and edited == []
    box.appendPlainText("2、培训不足")
    assert edited[-1] == ("text.problems", "1、人才紧缺\n2、培训不足")
    assert box.tabChangesFocus() and box.objectName() == "text:text.problems"
