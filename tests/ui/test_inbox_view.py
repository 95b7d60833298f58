"""收件箱 in the window: the files of an import with their outcomes, Enter opens the unit's
return (read-only: another unit's imported return), 催报 from the inbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from models.data import ReturnData
from models.importing import DAMAGED, NOT_A_RETURN, Decisions, ReadFile, apply_plan, plan_files
from tests.factories import make_return
from tests.ui.conftest import WindowFactory
from tests.ui.test_county_view import COUNTY, KIDS, PERIOD, TEMPLATE, values
from ui.inbox_view import FILE, RESULT, STATE, UNIT, InboxDialog, InboxModel
from ui.main_window import MainWindow


@pytest.fixture
def county(make_window: WindowFactory) -> MainWindow:
    """The county after one import of three files: C02's return, a photo and a damaged file."""
    window = make_window(units=(COUNTY, *KIDS), our=COUNTY.code)
    service = window.service
    assert service is not None
    service.store.save(make_return(TEMPLATE, values(1), unit=COUNTY, period=PERIOD))
    data: ReturnData = make_return(TEMPLATE, values(3), unit=KIDS[1], period=PERIOD, origin="imported", source_file="二号乡.xlsx")
    files = [
        ReadFile(Path("/mail/二号乡.xlsx"), data, content_hash="a"),
        ReadFile(
            Path("/mail/照片.jpg"),
            None,
            problems=["这是图片（JPEG），不是报表"],
            message="照片.jpg：这是图片（JPEG），不是报表",
            content_hash="b",
            kind=NOT_A_RETURN,
        ),
        ReadFile(Path("/mail/坏.xlsx"), None, problems=["文件已损坏"], message="坏.xlsx：文件已损坏", content_hash="c", kind=DAMAGED),
    ]
    apply_plan(service, plan_files(service, files), Decisions(), source="test")
    assert window.open_return(COUNTY.code, PERIOD)
    return window


def open_inbox(window: MainWindow) -> InboxDialog:
    window.county.inbox.inbox_action.trigger()
    dialog = window.county.inbox.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def text(dialog: InboxDialog, row: int, col: int) -> str:
    return dialog.model.data(dialog.model.index(row, col))


def test_inbox_model_is_a_sound_table_model(qtmodeltester, county: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models.inbox import inbox

    model = InboxModel()
    model.set_inbox(inbox(county.service, PERIOD))  # type: ignore[arg-type]
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3


def test_inbox_lists_each_file_and_enter_opens_the_units_return(qtbot: QtBot, county: MainWindow) -> None:
    dialog = open_inbox(county)
    assert "收件箱" in dialog.windowTitle() and "2024年第四季度" in dialog.windowTitle()
    rows = [(text(dialog, n, FILE), text(dialog, n, UNIT), text(dialog, n, RESULT), text(dialog, n, STATE)) for n in range(3)]
    assert rows == [
        ("二号乡.xlsx", "二号乡卫生院（C02）", "已导入", "已导入"),
        ("照片.jpg", "", "不是报表", ""),
        ("坏.xlsx", "", "已损坏", ""),
    ]
    assert "3 个文件" in dialog.summary.text() and "已损坏 1" in dialog.summary.text()
    dialog.table.setCurrentIndex(dialog.model.index(1, 0))
    assert not dialog.open_button.isEnabled()  # a photo has no unit to open
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert county.data is not None and county.data.unit.code == "C02"
    # Another unit's imported return: read-only here, 代报 offered in the banner.
    assert county.document.read_only() and not county.save_action.isEnabled() and not county.submit_action.isEnabled()
    assert county.editor.proxy_button.isVisibleTo(county) and "只读" in county.banner_text.text()


def test_remind_from_the_inbox_names_the_missing_units(qtbot: QtBot, county: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = open_inbox(county)
    qtbot.mouseClick(dialog.remind_button, Qt.MouseButton.LeftButton)
    reminder = dialog.reminder
    assert reminder is not None and reminder.isVisible()
    shown = reminder.text.toPlainText()
    for kid in KIDS:
        assert (kid.name in shown) == (kid.code != "C02"), kid.name  # C02 is in; the other four are missing
    assert "报送截止日期：2025年01月31日" in shown
    qtbot.mouseClick(reminder.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown
    target = tmp_path / "催报.pdf"
    monkeypatch.setattr(reminder, "ask_save_path", lambda: target)
    qtbot.mouseClick(reminder.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF") and str(target) in reminder.status.text()
