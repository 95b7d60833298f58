"""Units and settings: add and edit units with their parent, mark ours, default signatories."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from models.returns import ReturnService
from tests.ui.conftest import type_into
from ui.units_dialog import UnitsDialog

COUNTY = UnitInfo("C01", "示范县卫生健康局", "county", None)


def open_dialog(qtbot: QtBot, service: ReturnService) -> UnitsDialog:
    dialog = UnitsDialog(service)
    qtbot.addWidget(dialog)
    dialog.load()
    dialog.show()
    return dialog


def test_add_a_unit_under_a_parent_and_mark_it_ours(qtbot: QtBot, service: ReturnService) -> None:
    service.units.save(COUNTY)
    dialog = open_dialog(qtbot, service)
    changed: list[int] = []
    dialog.units_changed.connect(lambda: changed.append(1))
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.code, "T09")
    type_into(qtbot, dialog.name, "团结乡卫生院")
    dialog.level.setCurrentIndex(dialog.level.findData("township"))
    dialog.parent_unit.setCurrentIndex(dialog.parent_unit.findData("C01"))
    dialog.ours.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert service.units.get("T09") == UnitInfo("T09", "团结乡卫生院", "township", "C01", "")
    assert service.settings.get("our_unit") == "T09"
    assert changed
    assert dialog.code.isReadOnly()  # an existing unit keeps its code
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "示范县卫生健康局" and top.child(0).text(0) == "团结乡卫生院（本单位）"


def test_a_unit_without_a_name_is_refused_with_a_message(qtbot: QtBot, service: ReturnService) -> None:
    dialog = open_dialog(qtbot, service)
    type_into(qtbot, dialog.code, "X1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "必须填写" in dialog.message.text()
    assert service.units.list() == []
    dialog.accept()  # OK with the half-typed unit: stays open
    assert dialog.isVisible()


def test_settings_are_saved_and_become_the_defaults_of_a_new_return(qtbot: QtBot, service: ReturnService) -> None:
    service.units.save(COUNTY)
    dialog = open_dialog(qtbot, service)
    type_into(qtbot, dialog.setting_edits["unit_head"], "李明")
    type_into(qtbot, dialog.setting_edits["phone"], "0876-1234567")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    data = service.store.new_return("C01", "2025Q1")
    assert (data.signatories.unit_head, data.signatories.phone) == ("李明", "0876-1234567")


def test_a_bad_credit_code_or_a_two_line_name_is_refused_with_a_message(qtbot: QtBot, service: ReturnService) -> None:
    """The window uses the same bounds as the importers (issue 12, part 7)."""
    dialog = open_dialog(qtbot, service)
    type_into(qtbot, dialog.code, "X1")
    type_into(qtbot, dialog.name, "城关镇卫生院")
    type_into(qtbot, dialog.credit_code, "91530000MA6K1234")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "统一社会信用代码 “91530000MA6K1234” 不合规：应为 18 位" in dialog.message.text()
    assert service.units.list() == []
    dialog.credit_code.clear()
    dialog.name.setText("城关镇卫生院\n（伪造的第二行）")  # pasted text: QLineEdit keeps what setText gives it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "含有换行符或控制字符" in dialog.message.text()
    assert service.units.list() == []


def test_the_clerks_name_is_kept_on_this_computer_and_named_in_the_audit_trail(qtbot: QtBot, service: ReturnService) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from models.schema import Setting
    from models.settings import CLERK_NAME_KEY, clerk_name
    from ui.screen import window_settings
    from ui.startup import clerk_service

    service.units.save(COUNTY)
    dialog = open_dialog(qtbot, service)
    assert dialog.clerk_name.text() == "" and dialog.clerk_name.placeholderText() == clerk_name()  # the system user's, when blank
    type_into(qtbot, dialog.clerk_name, "王五")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert service.who == "王五" and window_settings().value(CLERK_NAME_KEY) == "王五"
    with Session(service.engine) as s:  # not in the database: on a shared server each clerk has their own
        assert "王五" not in [row.value for row in s.scalars(select(Setting))]
    data = service.store.new_return(COUNTY.code, "2024Q4")
    service.store.save(data)
    assert {r.who for r in service.store.audit(COUNTY.code, "2024Q4")} == {"王五"}
    assert clerk_service(service.engine).who == "王五"  # the next start of the window
