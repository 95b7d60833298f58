"""保存, 报送 and 撤回 (ui/return_commands.py): each action is offered only where it can act —
保存/报送 on a return that can be typed in, 撤回 on a submitted own return. (Submitting through
the window, refusals included: tests/ui/test_main_window.py.)"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.factories import make_return
from tests.ui.conftest import UNIT, Answers, WindowFactory, field, type_into
from ui.main_window import MainWindow

PERIOD = "2024Q4"


def offered(window: MainWindow) -> tuple[bool, bool, bool]:
    commands = window.commands
    return commands.save_action.isEnabled(), commands.submit_action.isEnabled(), commands.reopen_action.isEnabled()


def test_each_action_is_offered_only_where_it_can_act(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    window.document.close_return()
    window.document.state_changed.emit()
    assert offered(window) == (False, False, False)  # no return shown
    assert window.open_return(UNIT.code, PERIOD)
    assert offered(window) == (True, True, False)  # a draft
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.submit() is True
    assert offered(window) == (False, False, True)  # submitted: only 撤回
    view = make_return(window.template, {"staff.total": 30}, unit=UNIT, scope="consolidated")
    assert window.show_view(view, "汇总表：由下级报表汇总而成")
    assert offered(window) == (False, False, False)  # a view is read, never saved or submitted


def test_reopening_declined_leaves_the_return_submitted(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    assert window.commands.reopen() is False  # a draft has nothing to reopen, and nobody is asked
    assert "撤回报送？" not in answers.asked
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.submit()
    answers.confirm = False
    assert window.commands.reopen() is False
    assert window.data is not None and window.data.locked and "撤回报送？" in answers.asked
