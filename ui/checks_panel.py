"""The checks panel (审核结果): every finding with its message; a warning can be kept
with an explanation typed beside it; a note (部分未填) is shown apart, in grey-blue, and
asks for nothing; double-click (or Enter) jumps to the field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from models.checks import Finding, count_findings
from ui.table_model import ListTableModel

Index = QModelIndex | QPersistentModelIndex
KIND, MESSAGE, EXPLANATION = range(3)
_ERROR, _WARNING, _KEPT = QColor("#d32f2f"), QColor("#b26a00"), QColor("#2e7d32")
_NOTE = QColor("#546e7a")  # neither red nor amber: a note is not a problem


class FindingsModel(ListTableModel):
    """Findings as rows; the explanation column is editable for warnings."""

    explanation_edited = Signal(str, str)  # finding key, text

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.explanations: dict[str, str] = {}
        self.read_only = False
        self.headers = [self.tr("Kind"), self.tr("Problem"), self.tr("Explanation (to keep a warning)")]

    def set_findings(self, findings: list[Finding], explanations: dict[str, str]) -> None:
        if findings == self.findings:
            # Same problems, new explanations: no reset, so an open editor stays valid.
            self.explanations = dict(explanations)
            if self.findings:
                self.dataChanged.emit(self.index(0, KIND), self.index(len(self.findings) - 1, EXPLANATION))
            return
        self.beginResetModel()
        self.findings = list(findings)
        self.explanations = dict(explanations)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.findings)

    def kept(self, f: Finding) -> bool:
        return f.is_warning and bool(self.explanations.get(f.key, "").strip())

    def kind_text(self, f: Finding) -> str:
        if f.is_error:
            return self.tr("Error")
        if f.is_note:
            return self.tr("Note")
        return self.tr("Warning (kept)") if self.kept(f) else self.tr("Warning")

    def colour(self, f: Finding) -> QColor:
        return _ERROR if f.is_error else _NOTE if f.is_note else _KEPT if self.kept(f) else _WARNING

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        f, col = self.findings[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == KIND:
                return self.kind_text(f)
            if col == MESSAGE:
                return f.message
            if f.is_error:
                return self.tr("(errors must be corrected)") if role == Qt.ItemDataRole.DisplayRole else ""
            if f.is_note:
                return self.tr("(nothing to do: a part not known may stay blank)") if role == Qt.ItemDataRole.DisplayRole else ""
            return self.explanations.get(f.key, "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == KIND or (col == MESSAGE and f.is_note):
                return QBrush(self.colour(f))
            if col == EXPLANATION and not f.is_warning:
                return QBrush(QColor("#999999"))
        if role == Qt.ItemDataRole.ToolTipRole and col == MESSAGE:
            return f.message
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        f = self.findings[index.row()]
        if index.column() == EXPLANATION and f.is_warning and not self.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        f = self.findings[index.row()]
        text = str(value).strip()
        self.explanations[f.key] = text
        self.dataChanged.emit(self.index(index.row(), KIND), self.index(index.row(), EXPLANATION))
        self.explanation_edited.emit(f.key, text)
        return True


class ChecksPanel(QWidget):
    """The findings table with a one-line summary above it."""

    jump_requested = Signal(object)  # Finding
    explanation_edited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.summary = QLabel(self)
        self.table = QTableView(self)
        self.table.setObjectName("findings")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EXPLANATION, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(EXPLANATION, 300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self.on_activated)
        self.table.activated.connect(self.on_activated)
        self.model.explanation_edited.connect(self.explanation_edited)

    def set_findings(self, findings: list[Finding], explanations: dict[str, str], read_only: bool) -> None:
        self.model.read_only = read_only
        self.model.set_findings(findings, explanations)
        errors, warnings, notes = count_findings(findings)
        unexplained = sum(f.is_warning and not explanations.get(f.key, "").strip() for f in findings)
        self.model.headers[EXPLANATION] = self.tr("Explanation") if read_only else self.tr("Explanation (to keep a warning)")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, EXPLANATION, EXPLANATION)
        if not errors and not warnings:
            self.summary.setText(
                self.tr("No problems found.")
                if not notes
                else self.tr("No problems found. {notes} notes: parts left blank, nothing to do.").format(notes=notes)
            )
        elif read_only:
            # Nothing can be typed here (汇总表, 全年, a submitted return): no request to explain.
            self.summary.setText(
                self.tr("{errors} errors, {warnings} warnings. This return is read-only; double-click a problem to go to the figure.").format(
                    errors=errors, warnings=warnings
                )
            )
        else:
            self.summary.setText(
                self.tr(
                    "{errors} errors, {warnings} warnings ({unexplained} without explanation). Double-click a problem to go to the figure; type an explanation beside a warning to keep it."
                ).format(errors=errors, warnings=warnings, unexplained=unexplained)
            )
        if notes and (errors or warnings):
            self.summary.setText(self.summary.text() + " " + self.tr("{notes} notes (parts left blank) need nothing.").format(notes=notes))
        self.table.resizeRowsToContents()

    def on_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if index.column() == EXPLANATION and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.table.edit(index)
            return
        self.jump_requested.emit(self.model.findings[index.row()])
