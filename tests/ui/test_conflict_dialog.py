"""Another clerk saved first (ui/conflict_dialog.py, ui/document.py, ui/return_commands.py):
nothing is overwritten, the differences are shown with the template's labels, the typed
values are kept (form or clipboard), and autosave neither loops nor loses them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from models.db import open_database
from models.returns import ReturnService
from tests.ui.conftest import OTHER, UNIT, FakeTimer, WindowFactory, field, type_into
from ui.conflict_dialog import ConflictDialog
from ui.document import AUTOSAVE_MS

PERIOD = "2024Q4"


@pytest.fixture
def other_clerk(db_path: Path) -> Iterator[ReturnService]:
    """李四, on the same database with an engine of his own."""
    service = ReturnService(open_database(db_path), who="李四")
    yield service
    service.engine.dispose()


def saves_meanwhile(service: ReturnService, **values: int) -> None:
    data = service.store.load(UNIT.code, PERIOD)
    assert data is not None
    data.values.update({k.replace("__", "."): Decimal(v) for k, v in values.items()})
    service.store.save(data)


class Dialogs(list[ConflictDialog]):
    """Every conflict dialog shown; each is answered by pressing ``press(dialog)`` (暂不处理 unless set)."""

    def __init__(self) -> None:
        super().__init__()
        self.press: Callable[[ConflictDialog], QPushButton] = lambda d: d.keep_button


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    shown = Dialogs()

    def exec_(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        shown.press(dialog).click()
        return 0

    monkeypatch.setattr(ConflictDialog, "exec", exec_)
    return shown


def rows(dialog: ConflictDialog) -> list[tuple[str, ...]]:
    t = dialog.table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def test_a_refused_save_shows_who_and_the_differences_and_keeps_the_typed_values(
    qtbot: QtBot, make_window: WindowFactory, other_clerk: ReturnService, dialogs: Dialogs
) -> None:
    timer = FakeTimer()
    window = make_window(timer=timer)
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.save()
    saves_meanwhile(other_clerk, staff__total=40, staff__female=5)
    type_into(qtbot, field(window, "staff.total"), "31")
    dialogs.press = lambda d: d.keep_button
    assert not window.commands.save()
    (dialog,) = dialogs
    assert "已被 李四 于 " in dialog.message.text() and "您的修改未保存" in dialog.message.text()
    assert rows(dialog) == [("在岗职工总数", "31", "40"), ("其中：女性", "（空）", "5")]
    assert "李四" in dialog.table.horizontalHeaderItem(2).text()
    # 暂不处理: the typed value stays in the form, unsaved; what 李四 saved is untouched.
    assert field(window, "staff.total").text() == "31" and window.dirty
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 40, "staff.female": 5}
    assert "别人" in window.status.saved_label.text() or "他人" in window.status.saved_label.text()
    # Autosave does not try again behind the clerk's back (no loop of refusals and dialogs).
    timer.advance(5 * AUTOSAVE_MS)
    assert len(dialogs) == 1 and window.dirty
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 40, "staff.female": 5}
    # 保存 again: asked again; 重新载入 shows the saved return, the clerk's values on the clipboard.
    dialogs.press = lambda d: d.reload_button
    assert not window.commands.save()
    assert len(dialogs) == 2
    assert field(window, "staff.total").text() == "40" and not window.dirty
    assert "在岗职工总数\t31\t40" in QGuiApplication.clipboard().text()
    type_into(qtbot, field(window, "staff.total"), "41")
    assert window.commands.save()  # now based on 李四's version
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 41, "staff.female": 5}


def test_reload_and_type_my_changes_in_again(qtbot: QtBot, make_window: WindowFactory, other_clerk: ReturnService, dialogs: Dialogs) -> None:
    window = make_window(timer=FakeTimer())
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.save()
    saves_meanwhile(other_clerk, staff__female=5)
    type_into(qtbot, field(window, "staff.total"), "31")
    dialogs.press = lambda d: d.reapply_button
    assert not window.commands.save()
    # 李四's figure and the clerk's own, on screen, not saved until the clerk says so.
    assert field(window, "staff.total").text() == "31" and field(window, "staff.female").text() == "5"
    assert window.dirty and other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 30, "staff.female": 5}
    assert window.commands.save()
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 31, "staff.female": 5}


def test_an_autosave_refused_asks_once_and_keeps_the_values(qtbot: QtBot, make_window: WindowFactory, other_clerk: ReturnService, dialogs: Dialogs) -> None:
    timer = FakeTimer()
    window = make_window(timer=timer)
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    timer.advance(AUTOSAVE_MS)
    assert not window.dirty
    saves_meanwhile(other_clerk, staff__total=40)
    type_into(qtbot, field(window, "staff.total"), "31")
    dialogs.press = lambda d: d.keep_button
    timer.advance(10 * AUTOSAVE_MS)
    assert len(dialogs) == 1  # once, not every 30 seconds
    assert field(window, "staff.total").text() == "31" and window.dirty
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 40}


def test_a_submit_after_another_clerks_save_is_refused_and_nothing_is_submitted(
    qtbot: QtBot, make_window: WindowFactory, other_clerk: ReturnService, dialogs: Dialogs
) -> None:
    window = make_window(timer=FakeTimer())
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.save()
    saves_meanwhile(other_clerk, staff__total=40)
    dialogs.press = lambda d: d.keep_button
    assert not window.commands.submit()
    assert len(dialogs) == 1
    stored = other_clerk.store.load(UNIT.code, PERIOD)
    assert stored is not None and not stored.locked and stored.values == {"staff.total": 40}


def test_leaving_the_return_while_a_refused_save_waits_asks_again(
    qtbot: QtBot, make_window: WindowFactory, other_clerk: ReturnService, dialogs: Dialogs
) -> None:
    window = make_window(timer=FakeTimer())
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.save()
    saves_meanwhile(other_clerk, staff__total=40)
    type_into(qtbot, field(window, "staff.total"), "31")
    assert not window.commands.save()  # 暂不处理
    assert not window.open_return(OTHER.code, PERIOD)  # asked again, 暂不处理 again: the clerk stays, values kept
    assert len(dialogs) == 2 and window.data is not None and window.data.unit.code == UNIT.code
    assert field(window, "staff.total").text() == "31"
    dialogs.press = lambda d: d.reload_button
    assert window.open_return(OTHER.code, PERIOD)
    assert len(dialogs) == 3 and window.data is not None and window.data.unit.code == OTHER.code
    assert other_clerk.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 40}
