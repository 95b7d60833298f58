"""帮助 → 使用说明 and the first-start question."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from ui.help_dialog import GUIDE, HelpDialog
from ui.main_window import MainWindow

ASK_FIRST_START = MainWindow.ask_first_start  # the real question (the answers fixture replaces it)
HEADINGS = ("一、第一次使用", "二、填写报表", "三、审核", "四、报送", "五、导出", "六、导入", "七、汇总（县级）", "八、备份与恢复")


def test_help_menu_opens_the_chinese_guide(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.help_menu.title() == "帮助(&H)"
    assert window.help_menu.objectName() == "help-menu"  # where 关于/诊断 is added
    assert window.guide_action in window.help_menu.actions()
    assert window.guide_action.text() == "使用说明(&U)"
    window.guide_action.trigger()
    dialog = next(d for d in window.findChildren(HelpDialog) if d.isVisible())
    assert dialog.windowTitle() == "使用说明"
    text = dialog.browser.toPlainText()
    for heading in HEADINGS:
        assert heading in text
    assert "空白表示“未填报”，0 表示“没有”" in text
    dialog.close()


def test_the_guide_is_a_resource_file() -> None:
    assert GUIDE.is_file() and GUIDE.suffix == ".html"
    assert all(h in GUIDE.read_text(encoding="utf-8") for h in HEADINGS)


def test_a_missing_guide_says_to_reinstall(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = HelpDialog(guide=tmp_path / "missing.html")
    qtbot.addWidget(dialog)
    assert "找不到使用说明文件" in dialog.browser.toPlainText()
    assert "重新安装" in dialog.browser.toPlainText()


@pytest.mark.parametrize(("button", "expected"), [("填写本单位…", "own"), ("打开示范数据", "demo"), ("取消", None)])
def test_first_start_question_offers_our_unit_or_the_demo(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, button: str, expected: str | None
) -> None:
    window = make_window(units=(), our=None)
    seen: list[list[str]] = []

    def exec_(box: QMessageBox) -> int:
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append([box.windowTitle(), box.text(), *sorted(buttons)])
        buttons[button].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert ASK_FIRST_START(window) == expected
    title, text, *buttons = seen[0]
    assert title == "欢迎使用"
    assert "示范数据" in text
    assert {"填写本单位…", "打开示范数据", "取消"} <= set(buttons)


def test_the_program_has_its_icon(qapp: QApplication) -> None:
    from ui.app import APP_ICON, make_application

    assert APP_ICON.is_file() and APP_ICON.with_suffix(".ico").is_file()
    assert not make_application("zh").windowIcon().isNull()
