"""The shared base of the window's tables over plain lists (checks, 报送情况, backups, imports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """Rows from ``row_count()``, one column per header label; subclasses give ``data()``."""

    headers: list[str]

    def row_count(self) -> int:
        raise NotImplementedError

    def header_labels(self) -> list[str]:
        return self.headers

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header_labels())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        labels = self.header_labels()
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(labels):
            return labels[section]
        return None


def row_table(parent: QWidget, model: QAbstractTableModel, name: str) -> QTableView:
    """A read-only table of whole rows, one selected at a time, one line a row (报送情况, 收件箱)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)  # a long reason is in the tooltip
    return table


def table_dialog_layout(dialog: QDialog, summary: QLabel, table: QTableView, actions: Sequence[QPushButton], refresh: QPushButton, close: QPushButton) -> None:
    """A row table's dialog (报送情况, 收件箱): the summary line, the table, the actions on a
    row at the left and 刷新/关闭 at the right; 关闭 closes it."""
    buttons = QHBoxLayout()
    for b in actions:
        buttons.addWidget(b)
    buttons.addStretch(1)
    buttons.addWidget(refresh)
    buttons.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(summary)
    layout.addWidget(table, 1)
    layout.addLayout(buttons)
    close.clicked.connect(dialog.close)
