"""History of one figure: its value over the last eight quarters and its audit trail
(who changed it, when, old → new), so the clerk can see why a number jumped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from models.periods import Period, local_time
from models.values import format_value
from ui.screen import fit_dialog

if TYPE_CHECKING:
    from models.returns import ReturnService
    from models.template import Template


class HistoryDialog(QDialog):
    def __init__(self, service: ReturnService, template: Template, unit_code: str, period: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.template = template
        self.unit_code = unit_code
        self.period = period
        self.code = code
        self.setObjectName("history")
        self.setWindowTitle(self.tr("History: {label}").format(label=template.full_label(code)))
        self.values_table = QTableWidget(0, 2, self)
        self.values_table.setHorizontalHeaderLabels([self.tr("Period"), self.tr("Value")])
        self.audit_table = QTableWidget(0, 6, self)
        self.audit_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Period"), self.tr("Who"), self.tr("Action"), self.tr("Old"), self.tr("New")])
        for table in (self.values_table, self.audit_table):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Last eight quarters"), self))
        layout.addWidget(self.values_table)
        layout.addWidget(QLabel(self.tr("Changes (audit trail)"), self))
        layout.addWidget(self.audit_table)
        layout.addWidget(buttons)
        fit_dialog(self, 640, 560, "history")  # within the screen (ui/screen.py)

    def load(self) -> None:
        """Read the history from the database (called after construction, not in it)."""
        ind = self.template.indicator(self.code)
        history = self.service.queries.history(self.unit_code, self.code, self.period)
        self.values_table.setRowCount(len(history))
        for row, (period, value) in enumerate(reversed(history)):
            self.values_table.setItem(row, 0, QTableWidgetItem(Period.parse(period).label()))
            self.values_table.setItem(row, 1, QTableWidgetItem(format_value(ind, value, grouping=True) if value is not None else self.tr("(blank)")))
        actions = {
            "create": self.tr("created"),
            "edit": self.tr("edited"),
            "import": self.tr("imported"),
            "submit": self.tr("submitted"),
            "reopen": self.tr("reopened"),
        }
        records = list(reversed(self.service.store.audit(self.unit_code, field=self.code)))
        self.audit_table.setRowCount(len(records))
        for row, r in enumerate(records):
            # The trail is stored in UTC; the clerk reads local time.
            when = local_time(r.at).strftime("%Y-%m-%d %H:%M")
            cells = [
                when,
                Period.parse(r.period).label() if r.period else "",
                r.who,
                actions.get(r.action, r.action),
                r.old or self.tr("(blank)"),
                r.new or self.tr("(blank)"),
            ]
            for col, text in enumerate(cells):
                self.audit_table.setItem(row, col, QTableWidgetItem(text))
