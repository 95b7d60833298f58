"""The allowances and honours list (津贴与荣誉): a table model over plain Allowance rows,
and the editor around it (add, remove, move rows) with the amount check per row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from models.checks import allowance_finding
from models.data import Allowance, fmt_number
from models.template import Template, default_registry
from models.values import ValueProblem, count_limit, money_limit, parse_count, parse_money

Index = QModelIndex | QPersistentModelIndex
NAME, PERSONS, STANDARD, ONE_OFF, AMOUNT, CHECK = range(6)
_FIELDS = {PERSONS: "persons", STANDARD: "monthly_standard", ONE_OFF: "one_off", AMOUNT: "amount"}
_WARN = QColor("#b26a00")


class AllowanceModel(QAbstractTableModel):
    """Rows of Allowance; the last column is the amount check (read-only)."""

    rows_edited = Signal()
    problem = Signal(str)  # a refused cell, in the clerk's words

    def __init__(self, months: int = 3, parent: Any = None, template: Template | None = None) -> None:
        super().__init__(parent)
        # The template's limits bound each column, as they do in an imported file.
        template = template or default_registry().latest()
        self.max_persons, self.max_money = count_limit(template), money_limit(template)
        self.rows: list[Allowance] = []
        self.months = months
        self.read_only = False
        self.headers = [
            self.tr("Name"),
            self.tr("Persons"),
            self.tr("Standard (yuan/person/month)"),
            self.tr("One-off award (yuan/person)"),
            self.tr("Paid this period (yuan)"),
            self.tr("Check"),
        ]

    def set_rows(self, rows: list[Allowance], months: int) -> None:
        self.beginResetModel()
        self.rows = [Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name) for a in rows]
        self.months = months
        self.endResetModel()

    # ---- reading -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def check_message(self, row: int) -> str | None:
        return allowance_finding(row + 1, self.rows[row], self.months)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == NAME:
                return row.name
            if col == CHECK:
                return self.check_text(index.row()) if role == Qt.ItemDataRole.DisplayRole else None
            value = getattr(row, _FIELDS[col])
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else str(value)
            return fmt_number(value, 0 if col == PERSONS else 2)
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (NAME, CHECK):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == CHECK:
            return self.check_message(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and col == CHECK and self.check_message(index.row()):
            return QBrush(_WARN)
        return None

    def check_text(self, row: int) -> str:
        if self.check_message(row) is None:
            return "✓" if self.rows[row].amount is not None else ""
        expected = self.rows[row].expected_amount(self.months)
        return self.tr("⚠ expected {amount}").format(amount=fmt_number(expected, 2))

    # ---- editing -----------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CHECK or self.read_only:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only or index.column() == CHECK:
            return False
        row, col = self.rows[index.row()], index.column()
        try:
            if col == NAME:
                row.name = str(value).strip()
            elif col == PERSONS:
                row.persons = parse_count(value, self.headers[col], self.max_persons)
            else:
                parsed: Decimal | None = parse_money(value, self.headers[col], self.max_money)
                setattr(row, _FIELDS[col], parsed)
        except ValueProblem as exc:
            self.problem.emit(str(exc))
            return False
        self.problem.emit("")
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), CHECK))
        self.rows_edited.emit()
        return True

    def insert_row(self, at: int | None = None) -> int:
        at = len(self.rows) if at is None else at
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, Allowance(""))
        self.endInsertRows()
        self.rows_edited.emit()
        return at

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self.rows_edited.emit()

    def move_row(self, row: int, to: int) -> bool:
        """Move a row up (to = row - 1) or down (to = row + 1)."""
        if not (0 <= row < len(self.rows) and 0 <= to < len(self.rows)) or row == to:
            return False
        # Qt's destination index is "before which row", so moving down is to + 1.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), to + 1 if to > row else to)
        self.rows.insert(to, self.rows.pop(row))
        self.endMoveRows()
        self.rows_edited.emit()
        return True


class AllowanceEditor(QWidget):
    """The table and its buttons; emits ``rows_edited`` when anything changes."""

    rows_edited = Signal()

    def __init__(self, parent: QWidget | None = None, template: Template | None = None) -> None:
        super().__init__(parent)
        self.model = AllowanceModel(parent=self, template=template)
        self.table = QTableView(self)
        self.table.setObjectName("allowances")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((NAME, 150), (PERSONS, 60), (STANDARD, 150), (ONE_OFF, 150), (AMOUNT, 140)):
            self.table.setColumnWidth(col, width)
        self.table.setMinimumHeight(150)
        self.add_button = QPushButton(self.tr("&Add row"), self)
        self.remove_button = QPushButton(self.tr("&Remove row"), self)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #d32f2f")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.model.rows_edited.connect(self.rows_edited)
        self.model.problem.connect(self.message.setText)

    def rows(self) -> list[Allowance]:
        return [Allowance(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name) for a in self.model.rows]

    def set_rows(self, rows: list[Allowance], months: int) -> None:
        self.model.set_rows(rows, months)
        self.message.clear()

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            b.setEnabled(not read_only)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, NAME))
            self.table.setFocus()

    def add_row(self) -> None:
        row = self.model.insert_row()
        self.select_row(row)

    def remove_row(self) -> None:
        self.model.remove_row(self.current_row())

    def move_up(self) -> None:
        row = self.current_row()
        if self.model.move_row(row, row - 1):
            self.select_row(row - 1)

    def move_down(self) -> None:
        row = self.current_row()
        if self.model.move_row(row, row + 1):
            self.select_row(row + 1)
