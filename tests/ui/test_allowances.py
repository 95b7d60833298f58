"""The allowances table model over plain Allowance rows, and its editor."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from models.data import Allowance
from tests.ui.conftest import type_in_cell
from ui.allowances import (
    AMOUNT,
    CHECK,
    NAME,
    PERSONS,
    STANDARD,
    AllowanceEditor,
    AllowanceModel,
)

ROWS = [
    Allowance("黄山名医", 20, Decimal("300.00"), Decimal("0.00"), Decimal("18000.00")),
    Allowance("江淮名医", 1, Decimal("0.00"), Decimal("50000.00"), Decimal("50000.00")),
    Allowance("拔尖人才", 1, Decimal("500.00"), None, Decimal("1000.00")),  # 3 months: should be 1,500
]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    model = AllowanceModel()
    model.set_rows(ROWS, months=3)
    qtmodeltester.check(model, force_py=True)
    model.insert_row()
    model.move_row(0, 2)
    model.move_row(2, 0)
    model.remove_row(1)
    qtmodeltester.check(model, force_py=True)


def test_amount_check_per_row() -> None:
    model = AllowanceModel()
    model.set_rows(ROWS, months=3)
    assert model.data(model.index(0, CHECK)) == "✓"
    assert model.data(model.index(1, CHECK)) == "✓"
    assert model.data(model.index(2, CHECK)) == "⚠ 应为 1,500.00"
    tip = model.data(model.index(2, CHECK), Qt.ItemDataRole.ToolTipRole)
    assert "拔尖人才" in tip and "1,500.00" in tip
    assert not model.flags(model.index(0, CHECK)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(2, AMOUNT), "1500")
    assert model.data(model.index(2, CHECK)) == "✓"
    assert model.rows[2].amount == Decimal("1500.00")


def test_bad_cells_are_refused_with_a_message() -> None:
    model = AllowanceModel()
    model.set_rows(ROWS, months=3)
    told: list[str] = []
    model.problem.connect(told.append)
    assert not model.setData(model.index(0, PERSONS), "2.5")
    assert model.rows[0].persons == 20
    assert "整数" in told[-1]
    assert not model.setData(model.index(0, AMOUNT), "-1")
    assert "负数" in told[-1]
    assert model.setData(model.index(0, PERSONS), "/")  # '/' means blank
    assert model.rows[0].persons is None
    assert not model.setData(model.index(0, STANDARD), "3，5")  # an IME comma: refused, not 35
    assert "不是数字" in told[-1] and model.rows[0].monthly_standard == Decimal(300)
    assert not model.setData(model.index(0, AMOUNT), "100000000")  # the template's limit for 元
    assert "最大 99,999,999.99" in told[-1]
    assert model.setData(model.index(0, AMOUNT), "99,999,999.99")
    assert model.rows[0].amount == Decimal("99999999.99")


def test_editor_adds_types_moves_and_removes_rows(qtbot: QtBot) -> None:
    editor = AllowanceEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_rows(ROWS[:2], months=3)
    edits: list[int] = []
    editor.rows_edited.connect(lambda: edits.append(1))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.current_row() == 2
    type_in_cell(qtbot, editor.table, 2, NAME, "拔尖人才")
    type_in_cell(qtbot, editor.table, 2, PERSONS, "1")
    assert editor.rows()[2].name == "拔尖人才" and editor.rows()[2].persons == 1
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in editor.rows()] == ["黄山名医", "拔尖人才", "江淮名医"]
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in editor.rows()] == ["黄山名医", "江淮名医", "拔尖人才"]
    editor.select_row(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in editor.rows()] == ["江淮名医", "拔尖人才"]
    assert edits
    editor.set_read_only(True)
    assert not editor.add_button.isEnabled()
    assert not editor.model.flags(editor.model.index(0, NAME)) & Qt.ItemFlag.ItemIsEditable
