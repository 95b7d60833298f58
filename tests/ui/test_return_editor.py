"""The return on screen: another unit's imported return is read-only (保存 and 报送 off, the
fields locked), 代报 lifts it after the clerk confirms and the edits are audited; a township's
return sent back shows the reason in the banner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.notices import SendBackNotice, apply_notice
from tests.ui.conftest import WindowFactory, type_into
from tests.ui.test_county_view import COUNTY, KIDS, PERIOD, put, values
from ui.main_window import MainWindow


@pytest.fixture
def county(make_window: WindowFactory) -> MainWindow:
    window = make_window(units=(COUNTY, *KIDS), our=COUNTY.code)
    service = window.service
    assert service is not None
    service.import_return(put(service, KIDS[1], PERIOD, values(3), source_file="二号乡.xlsx"))
    assert window.open_return(KIDS[1].code, PERIOD)
    return window


def test_an_imported_return_of_another_unit_is_read_only_in_the_window(qtbot: QtBot, county: MainWindow) -> None:
    doc = county.document
    assert doc.read_only() and doc.foreign is not None
    assert not county.save_action.isEnabled() and not county.submit_action.isEnabled()
    field = county.forms["staff"].fields["staff.total"]
    assert field.isReadOnly()
    qtbot.keyClicks(field, "9")
    assert doc.data is not None and doc.data.values["staff.total"] == 90 and not doc.dirty
    assert "二号乡卫生院 报来的报表" in county.banner_text.text() and "二号乡.xlsx" in county.banner_text.text()
    assert county.editor.proxy_button.isVisibleTo(county)
    # The service refuses too, whatever the window does.
    doc.data.values["staff.total"] = Decimal(91)
    doc.save()  # read-only: nothing is sent to the database
    assert county.service.values_for(KIDS[1].code, PERIOD)["staff.total"] == 90  # type: ignore[index, union-attr]


def test_proxy_asks_then_lets_the_clerk_correct_with_every_change_audited(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = county.editor
    answers = [False, True]
    monkeypatch.setattr(editor, "confirm_take_over", lambda unit: answers.pop(0))
    qtbot.mouseClick(editor.proxy_button, Qt.MouseButton.LeftButton)  # the clerk says no
    assert county.document.read_only() and county.data is not None and county.data.origin == "imported"
    qtbot.mouseClick(editor.proxy_button, Qt.MouseButton.LeftButton)
    assert not county.document.read_only() and county.data.origin == "proxy"  # type: ignore[union-attr]
    assert county.save_action.isEnabled() and not editor.proxy_button.isVisibleTo(county)
    type_into(qtbot, county.forms["staff"].fields["staff.total"], "89")
    assert county.document.save()
    service = county.service
    assert service is not None
    trail = [(a.who, a.action, a.field, a.old, a.new) for a in service.audit(KIDS[1].code, PERIOD) if a.action == "proxy"]
    assert trail == [("tester", "proxy", "origin", "imported", "proxy"), ("tester", "proxy", "staff.total", "90", "89")]


def test_a_township_sees_why_its_return_was_sent_back(make_window: WindowFactory) -> None:
    town = KIDS[0]
    window = make_window(units=(COUNTY, town), our=town.code)
    service = window.service
    assert service is not None
    service.save(put(service, town, PERIOD, values(2)))
    assert service.submit(town.code, PERIOD) == []
    notice = SendBackNotice(town.code, town.name, PERIOD, "录用人数与公示不符，请核实", "县统计员", dt.datetime(2025, 2, 3, 1, 30), COUNTY.code, COUNTY.name)
    apply_notice(service, notice)
    assert window.open_return(town.code, PERIOD)
    window.reload()
    text = window.banner_text.text()
    assert window.banner.isVisibleTo(window) and "示范县卫生健康局退回了本报表" in text and "录用人数与公示不符，请核实" in text and "县统计员" in text
    assert not window.document.read_only() and window.save_action.isEnabled()  # reopened for correcting
    window.document.save()
    assert "录用人数与公示不符" in window.banner_text.text()  # the reason stays until it is submitted again
