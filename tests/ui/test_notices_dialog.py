"""退回 in 报送情况 makes the notice that carries the reason down (text and file); the 退回
dialog says so; 催报 from 报送情况."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from formats.notice_xlsx import read_notice
from tests.ui.test_county_view import county, open_dialog  # noqa: F401 - the fixture, asked for by name below
from ui.completeness_dialog import ReasonDialog
from ui.main_window import MainWindow


def test_the_reason_dialog_says_how_the_reason_reaches_the_unit(qtbot: QtBot) -> None:
    dialog = ReasonDialog("二号乡卫生院")
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("请将生成的退回通知发给该单位" in t for t in texts), texts


def test_send_back_gives_the_notice_text_and_file(qtbot: QtBot, county: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    dialog = open_dialog(county)
    monkeypatch.setattr(dialog, "ask_reason", lambda unit: "女性人数多于在岗职工总数，请核实")
    dialog.select_unit("C02")
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)
    notice = dialog.notice
    assert notice is not None and notice.isVisible() and notice.windowTitle() == "退回通知"
    text = notice.text.toPlainText()
    assert "二号乡卫生院（C02）2024年第四季度" in text and "女性人数多于在岗职工总数，请核实" in text and "经办人：tester" in text
    assert "C02_二号乡卫生院_2024Q4_退回通知.xlsx" in text
    qtbot.mouseClick(notice.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    target = tmp_path / "out" / "C02_通知.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(notice, "ask_save_path", lambda: target)
    qtbot.mouseClick(notice.save_button, Qt.MouseButton.LeftButton)
    got = read_notice(target)
    assert (got.unit_code, got.period, got.reason, got.sent_by, got.from_code) == ("C02", "2024Q4", "女性人数多于在岗职工总数，请核实", "tester", "C00")
    # A folder that cannot be written: said, nothing left behind.
    monkeypatch.setattr(notice, "ask_save_path", lambda: tmp_path / "missing" / "x.xlsx")
    told: list[str] = []
    monkeypatch.setattr(notice, "tell_error", told.append)
    qtbot.mouseClick(notice.save_button, Qt.MouseButton.LeftButton)
    assert told and "无法写入 x.xlsx" in told[0] and "文件夹不存在" in told[0]


def test_remind_from_returns_received(qtbot: QtBot, county: MainWindow) -> None:  # noqa: F811
    dialog = open_dialog(county)
    qtbot.mouseClick(dialog.remind_button, Qt.MouseButton.LeftButton)
    assert dialog.reminder is not None and dialog.reminder.windowTitle() == "催报"
    text = dialog.reminder.text.toPlainText()
    assert "县疾控中心（C05）" in text and "一号镇卫生院" not in text
