"""报送情况 (ui/completeness_dialog.py): each unit's state, received date, file and timing; 审核
and 退回 recorded; a unit's return opened from the table."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.returns import ReturnService
from tests.ui import test_county_view
from tests.ui.conftest import type_into
from tests.ui.test_county_view import (
    COUNTY,
    KIDS,
    PERIOD,
    cell,
    consolidate_now,
    open_dialog,
)
from ui.completeness_dialog import (
    ERRORS,
    FILE,
    NOTE,
    RECEIVED,
    STATE,
    TIMING,
    CompletenessModel,
)
from ui.main_window import MainWindow
from ui.unit_tree import CODE_ROLE

county = test_county_view.county  # the county of five units, a fixture


def test_completeness_model_is_a_sound_table_model(qtmodeltester, county: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models.consolidate import completeness

    model = CompletenessModel()
    model.set_report(completeness(county.service, COUNTY.code, PERIOD))  # type: ignore[arg-type]
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_completeness_table_shows_each_unit_state_with_date_file_and_timing(county: MainWindow) -> None:
    dialog = open_dialog(county)
    assert "2024年第四季度" in dialog.windowTitle() and "示范县卫生健康局" in dialog.windowTitle()
    states = {c.unit.code: cell(dialog, c.unit.code, STATE) for c in dialog.model.rows}
    assert states == {"C01": "草稿", "C02": "已导入", "C03": "已报送", "C04": "有错误", "C05": "未报"}, "每个单位的报送状态"
    assert cell(dialog, "C02", FILE) == "二号乡2024Q4.xlsx"
    today = dt.datetime.now().strftime("%Y-%m-%d")
    assert cell(dialog, "C02", RECEIVED) == today and cell(dialog, "C03", RECEIVED) == today
    assert cell(dialog, "C02", TIMING) == "逾期", "2024Q4 is due 2025-01-31; received today is late"
    assert cell(dialog, "C04", ERRORS) == "1" and cell(dialog, "C01", ERRORS) == ""
    assert cell(dialog, "C05", RECEIVED) == "" and cell(dialog, "C05", TIMING) == ""
    summary = dialog.summary.text()
    assert "应报 <b>5</b> = 已报 <b>3</b>（按时 0，逾期 3）+ 草稿未报送 <b>1</b> + 未报" in summary, "the figures add up"
    assert summary.endswith("未报 <b style='color:#d32f2f'>1</b>"), "only C05 is missing; C01 is a draft typed here"


def test_on_time_when_received_before_the_due_date(county: MainWindow, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE returns SET received_at = '2025-01-20 08:00:00' WHERE unit_id = (SELECT id FROM units WHERE code = 'C02')")
    con.close()
    dialog = open_dialog(county)
    assert cell(dialog, "C02", TIMING) == "按时" and cell(dialog, "C02", RECEIVED) == "2025-01-20"
    assert "（按时 1，" in dialog.summary.text()


def test_send_back_asks_the_reason_records_it_and_leaves_the_unit_out(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    service = county.service
    assert service is not None
    dialog = open_dialog(county)
    reasons: list[str | None] = [None, "  ", "录用人数与学历分组不符，请核对"]
    asked: list[str] = []
    told: list[str] = []

    def ask_reason(unit_name: str) -> str | None:
        asked.append(unit_name)
        return reasons.pop(0)

    monkeypatch.setattr(dialog, "ask_reason", ask_reason)
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    dialog.select_unit("C02")
    before = service.store.audit("C02", PERIOD)
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)  # cancelled
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)  # blank reason
    assert asked == ["二号乡卫生院", "二号乡卫生院"]
    assert told == ["请填写退回原因，以便该单位知道要改什么。"], "a blank reason is refused with a message"
    assert service.store.audit("C02", PERIOD) == before and cell(dialog, "C02", STATE) == "已导入", "nothing recorded yet"
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C02", STATE) == "已退回"
    assert cell(dialog, "C02", NOTE) == "录用人数与学历分组不符，请核对"
    last = service.store.audit("C02", PERIOD)[-1]
    assert (last.action, last.who, last.new) == ("send_back", "tester", "returned：录用人数与学历分组不符，请核对"), "the audit trail has it"
    assert service.store.load("C02", PERIOD).review_status == "returned"  # type: ignore[union-attr]
    # Sent back: not counted as received, and left out of the consolidation.
    assert "已报 <b>2</b>" in dialog.summary.text()
    consolidate_now(qtbot, county)
    assert "二号乡卫生院（已退回）" in county.banner_text.text()


def test_accept_is_recorded_and_a_return_with_errors_cannot_be_accepted(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    service = county.service
    assert service is not None
    dialog = open_dialog(county)
    told: list[str] = []
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    dialog.select_unit("C04")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert told and "1 个错误" in told[0] and service.store.load("C04", PERIOD).review_status == ""  # type: ignore[union-attr]
    dialog.select_unit("C03")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C03", STATE) == "已审核"
    assert service.store.audit("C03", PERIOD)[-1].action == "accept"
    assert not dialog.accept_button.isEnabled(), "already accepted"
    dialog.select_unit("C05")
    assert not dialog.accept_button.isEnabled() and not dialog.send_back_button.isEnabled(), "nothing to review for a missing unit"


def test_accept_of_a_return_changed_since_the_table_was_read_is_refused(
    qtbot: QtBot, county: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.db import open_database

    dialog = open_dialog(county)
    told: list[str] = []
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    other = ReturnService(open_database(db_path), who="李四")  # the unit's clerk, on the shared server
    changed = other.store.load("C01", PERIOD)
    assert changed is not None
    changed.values["staff.female"] = Decimal(5)
    other.store.save(changed)
    other.engine.dispose()
    dialog.select_unit("C01")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert told and "已被 李四 于 " in told[0] and "审核结果未记录" in told[0]
    assert county.service is not None and county.service.store.load("C01", PERIOD).review_status == ""  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)  # the table was read again: now it is recorded
    assert cell(dialog, "C01", STATE) == "已审核"


def test_a_review_of_the_shown_return_does_not_refuse_the_clerks_next_save(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.conflict_dialog import ConflictDialog

    conflicts: list[ConflictDialog] = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda dialog: conflicts.append(dialog) or 0)  # would wait for a click
    dialog = open_dialog(county)
    dialog.select_unit("C01")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert county.data is not None and county.data.unit.code == "C01"
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C01", STATE) == "已审核"
    type_into(qtbot, county.forms["staff"].fields["staff.female"], "7")
    assert county.commands.save() and not conflicts
    assert county.service is not None and county.service.queries.values_for("C01", PERIOD)["staff.female"] == 7  # type: ignore[index]


def test_open_a_units_return_from_the_table(qtbot: QtBot, county: MainWindow) -> None:
    dialog = open_dialog(county)
    dialog.select_unit("C03")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert county.data is not None and (county.data.unit.code, county.data.period, county.data.scope) == ("C03", PERIOD, "own")
    assert county.forms["staff"].fields["staff.total"].text() == "120"


def test_the_unit_tree_and_completeness_say_the_same_word(county: MainWindow) -> None:
    """Issue 16, item 5: one vocabulary on screen, an import changed in Excel included."""
    service = county.service
    assert service is not None
    data = service.store.load(KIDS[1].code, PERIOD)
    assert data is not None
    data.edited_in_excel = True
    service.workflow.import_return(data, replace_existing=True)
    county.update_unit_statuses()
    dialog = open_dialog(county)
    tree = {i.data(0, CODE_ROLE): i.text(1) for i in county.chooser.unit_items()}
    for kid in KIDS:
        assert tree[kid.code] == (cell(dialog, kid.code, STATE) if kid.code != "C05" else "—"), kid.code
    assert tree["C01"] == "草稿" and tree["C02"] == "已导入（有改动）" and tree["C03"] == "已报送" and tree["C04"] == "有错误"
