"""关于/诊断: what it shows, and 复制 puts it on the clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from models.db import head_revision
from models.diagnostics import VERSION
from tests.ui.conftest import Answers, WindowFactory
from ui.startup import DatabaseHandle, SafetyActions


def test_about_shows_the_diagnostics_and_copies_them(qtbot: QtBot, make_window: WindowFactory, answers: Answers, db_path: Path) -> None:
    window = make_window()
    handle = DatabaseHandle(db_path)
    assert window.service is not None
    handle.engine = window.service.engine
    safety = SafetyActions(window, handle)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() is not None and a.menu().objectName() == "help-menu")
    assert help_menu.title() == "帮助(&H)" and safety.about_action in help_menu.actions()
    safety.about_action.trigger()
    dialog = safety.about_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "关于/诊断"
    text = dialog.text.toPlainText()
    for line in (
        f"程序版本: {VERSION}",
        f"数据库: {db_path}",
        f"结构版本: {head_revision()}（程序 {head_revision()}）",
        f"日志: {db_path.parent / 'logs' / 'hrh.log'}",
        f"Qt: {qVersion()}",
        "PySide6: ",
        "备份: 0 个",
    ):
        assert line in text, line
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert dialog.copied.text().startswith("已复制")
    handle.engine = None  # the window's engine is disposed by the fixture
