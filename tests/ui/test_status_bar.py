"""The window's status bar (ui/status_bar.py) follows the ReturnDocument: the return's state,
whether and when it was saved, and its errors and warnings (a note is no problem)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from models.template import Template
from models.vocab import ReturnStatus
from tests.factories import make_return
from ui.document import ReturnDocument
from ui.status_bar import DocumentStatus


@pytest.fixture
def status(qtbot: QtBot, template: Template) -> Iterator[DocumentStatus]:
    bar = QStatusBar()  # held here: the labels are its children
    qtbot.addWidget(bar)
    yield DocumentStatus(ReturnDocument(template), bar)


def texts(status: DocumentStatus) -> tuple[str, str, str]:
    return status.state_label.text(), status.saved_label.text(), status.findings_label.text()


def test_nothing_is_said_before_a_return_is_shown(status: DocumentStatus) -> None:
    status.document.state_changed.emit()
    assert texts(status) == ("", "", "")


def test_a_new_draft_with_an_error_and_a_warning(status: DocumentStatus, template: Template) -> None:
    # more women than staff (an error); more hired than posts (a warning)
    data = make_return(template, {"staff.total": 10, "staff.female": 12, "recruit.posts": 1, "recruit.hired": 2})
    status.document.present(data, None, None, stored=False)
    assert texts(status) == ("草稿", "尚未填写", "错误 1 · 警告 1")
    assert "#d32f2f" in status.findings_label.styleSheet()


def test_typing_then_saving_changes_what_is_said(status: DocumentStatus, template: Template) -> None:
    document = status.document
    document.present(make_return(template, {"staff.total": 10}), None, None, stored=True)
    assert texts(status) == ("草稿", "已保存", "错误 0 · 警告 0")
    assert "#2e7d32" in status.findings_label.styleSheet()
    document.dirty = True
    document.state_changed.emit()
    assert status.saved_label.text() == "尚未保存" and "#b26a00" in status.saved_label.styleSheet()
    document.dirty, document.saved_at = False, dt.datetime(2025, 1, 5, 8, 30, 15)
    document.state_changed.emit()
    assert status.saved_label.text() == "已保存 08:30:15"


def test_a_submitted_return_and_a_view_say_so(status: DocumentStatus, template: Template) -> None:
    document = status.document
    document.present(make_return(template, {"staff.total": 10}, status=ReturnStatus.SUBMITTED), None, None, stored=True)
    assert status.state_label.text() == "已报送" and "#2e7d32" in status.state_label.styleSheet()
    document.present(make_return(template, {"staff.total": 10}, scope="consolidated"), "汇总表：由下级报表汇总而成", None, stored=False)
    assert status.state_label.text() == "只读"
