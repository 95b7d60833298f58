"""备份与恢复 from the window: back up now, to a chosen folder, restore (round trip), a bad file refused."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.backup import backup_dir, check_file, list_backups
from tests.conftest import snapshot
from tests.ui.conftest import UNIT, Answers, WindowFactory, type_into
from ui.backup_dialog import BackupDialog
from ui.main_window import MainWindow
from ui.startup import DatabaseHandle, SafetyActions


@pytest.fixture
def window(make_window: WindowFactory, answers: Answers) -> MainWindow:
    w = make_window()
    assert w.open_return(UNIT.code, "2024Q4")
    return w


@pytest.fixture
def safety(window: MainWindow, db_path: Path) -> Iterator[SafetyActions]:
    handle = DatabaseHandle(db_path)
    assert window.service is not None
    handle.engine = window.service.engine  # the window's engine, as run_gui hands it over
    yield SafetyActions(window, handle)
    handle.release()


def total_in(window: MainWindow) -> str:
    return window.forms["staff"].fields["staff.total"].text()


def stored_total(window: MainWindow) -> Decimal | None:
    assert window.service is not None
    data = window.service.store.load(UNIT.code, "2024Q4")
    return None if data is None else data.values.get("staff.total")


def open_backups(window: MainWindow, safety: SafetyActions) -> BackupDialog:
    assert safety.backup_action in window.file_menu.actions()
    safety.backup_action.trigger()
    dialog = safety.backup_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_backup_and_restore_round_trip_from_the_dialog(
    qtbot: QtBot, window: MainWindow, safety: SafetyActions, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "30")
    dialog = open_backups(window, safety)
    qtbot.mouseClick(dialog.backup_now_button, Qt.MouseButton.LeftButton)
    assert stored_total(window) == Decimal(30), "the figure on screen was saved before the backup"
    assert dialog.model.rowCount() == 1 and dialog.model.data(dialog.model.index(0, 1)) == "手动"
    assert dialog.message.text().startswith("已备份到 ")
    backup = dialog.model.backups[0].path
    # Later the figure changes; then the clerk goes back to the backup.
    window.tabs.setCurrentWidget(window.scrolls["staff"])
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "45")
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm", lambda title, text: asked.append(text) or True)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked and "当前的数据库会先保存为一个备份" in asked[0]
    assert window.service is not None and window.data is not None
    assert total_in(window) == "30" and stored_total(window) == Decimal(30), "the window shows the restored database"
    assert dialog.message.text().startswith("已从 ") and "恢复前的数据库已保存为" in dialog.message.text()
    kept = next(b for b in list_backups(backup_dir(db_path)) if b.reason == "before-restore")
    assert kept.path.name in dialog.message.text()
    assert dialog.model.rowCount() == 2 and backup in [b.path for b in dialog.model.backups]
    # The kept copy holds the figure as it was before the restore (45, saved first).
    from models.db import open_database
    from models.returns import ReturnService

    engine = open_database(kept.path)
    try:
        assert ReturnService(engine).store.load(UNIT.code, "2024Q4").values["staff.total"] == Decimal(45)  # type: ignore[union-attr]
    finally:
        engine.dispose()
    # The window keeps working on the restored database.
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "31")
    assert window.commands.save() and stored_total(window) == Decimal(31)


def test_back_up_to_a_chosen_folder(qtbot: QtBot, window: MainWindow, safety: SafetyActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    dialog = open_backups(window, safety)
    monkeypatch.setattr(dialog, "choose_folder", lambda: usb)
    qtbot.mouseClick(dialog.backup_to_button, Qt.MouseButton.LeftButton)
    made = list(usb.glob("returns-*-manual.db"))
    assert len(made) == 1 and check_file(made[0]) is None, "a sound copy on the stick"
    assert str(made[0]) in dialog.message.text()
    monkeypatch.setattr(dialog, "choose_folder", lambda: None)  # cancelled
    qtbot.mouseClick(dialog.backup_to_button, Qt.MouseButton.LeftButton)
    assert len(list(usb.glob("*.db"))) == 1


def test_a_folder_that_cannot_be_written_gives_a_message(
    qtbot: QtBot, window: MainWindow, safety: SafetyActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    dialog = open_backups(window, safety)
    monkeypatch.setattr(dialog, "choose_folder", lambda: blocked / "sub")
    qtbot.mouseClick(dialog.backup_to_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("备份没有成功："), dialog.message.text()


def test_a_bad_file_is_refused_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, safety: SafetyActions, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "30")
    assert window.commands.save()
    bad = tmp_path / "坏备份.db"
    bad.write_bytes(b"not a database")
    dialog = open_backups(window, safety)
    before = snapshot(db_path)
    service = window.service
    monkeypatch.setattr(dialog, "choose_file", lambda: bad)
    monkeypatch.setattr(dialog, "confirm", lambda title, text: pytest.fail("must not ask: the file was refused first"))
    qtbot.mouseClick(dialog.restore_file_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "坏备份.db 不能用来恢复：不是本程序的数据库文件。数据库未作任何修改，请选择另一个备份。"
    assert snapshot(db_path) == before and window.service is service, "the database and the window are untouched"
    assert list_backups(backup_dir(db_path)) == []


def test_restore_declined_changes_nothing(qtbot: QtBot, window: MainWindow, safety: SafetyActions, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_backups(window, safety)
    qtbot.mouseClick(dialog.backup_now_button, Qt.MouseButton.LeftButton)
    before = snapshot(db_path)
    monkeypatch.setattr(dialog, "confirm", lambda title, text: False)
    assert not dialog.restore_chosen()
    assert snapshot(db_path) == before and [b.reason for b in list_backups(backup_dir(db_path))] == ["manual"]
