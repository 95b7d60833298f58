"""The shared base of the window's tables (ui/table_model.py): a list model with one column per
header label that passes Qt's model tester, and the read-only row table built on it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ui.table_model import ListTableModel, row_table


class Units(ListTableModel):
    headers = ["单位", "情况"]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None


ROWS = [("城关镇卫生院", "已报送"), ("新华乡卫生院", "未报")]


def test_the_model_is_a_flat_table_with_its_headers(qtmodeltester: ModelTester) -> None:
    model = Units(ROWS)
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0  # no children
    assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(3)] == ["单位", "情况", None]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_the_row_table_selects_whole_rows_one_at_a_time_and_is_not_edited(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model = Units(ROWS)
    table = row_table(parent, model, "status_table")
    assert table.objectName() == "status_table" and table.model() is model and table.parent() is parent
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not table.verticalHeader().isVisible() and not table.wordWrap()
    table.selectRow(1)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [1]


def test_a_table_dialog_has_the_summary_the_table_and_the_buttons_in_order(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialog, QLabel, QPushButton

    from ui.table_model import table_dialog_layout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    summary, table = QLabel("应报 5", dialog), row_table(dialog, QStandardItemModel(dialog), "t")
    act, refresh, close = (QPushButton(t, dialog) for t in ("打开", "刷新", "关闭"))
    table_dialog_layout(dialog, summary, table, [act], refresh, close)
    dialog.show()
    assert summary.geometry().bottom() < table.geometry().top() < act.geometry().top()
    assert act.geometry().right() < refresh.geometry().left() < close.geometry().left()
    close.click()
    assert not dialog.isVisible()
