"""收件箱 in the window: every file that arrived for a quarter (models.inbox) — when, from
which unit, what became of it and why, and where that unit's return stands now.

Enter (or a double click) on a row opens that unit's return in the window; 催报 gives
the reminder for the units still missing (ui/notices_dialog.py). The dialog sits beside
报送情况 in the 汇总 menu (``InboxWork``, made by ui/county_view.CountyWork).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QMenu, QPushButton, QWidget

from models.periods import Period
from ui.screen import fit_dialog
from ui.table_model import Index, ListTableModel, row_table, table_dialog_layout
from ui.words import STATE_COLOURS, word

if TYPE_CHECKING:
    from models.inbox import Inbox, InboxRow
    from models.returns import ReturnService
    from ui.host import WindowHost
    from ui.notices_dialog import NoticeDialog

ARRIVED, FILE, UNIT, RESULT, REASON, STATE = range(6)
# Arrival (models.vocab) -> colour of its word: stored green, skipped grey, refused red.
ARRIVAL_COLOURS = {
    "imported": "#2e7d32",
    "replaced": "#2e7d32",
    "notice": "#2e7d32",
    "same": "#757575",
    "duplicate": "#757575",
    "older": "#757575",
    "not_a_return": "#757575",
}


class InboxModel(ListTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InboxRow] = []
        self.headers = [self.tr("Arrived"), self.tr("File"), self.tr("Unit"), self.tr("What became of it"), self.tr("Why"), self.tr("Unit's return now")]

    def set_inbox(self, inbox: Inbox | None) -> None:
        self.beginResetModel()
        self.rows = list(inbox.rows) if inbox is not None else []
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.rows)

    def cell(self, r: InboxRow, col: int) -> str:
        if col == ARRIVED:
            return f"{r.arrived_local:%Y-%m-%d %H:%M}"
        if col == FILE:
            return r.file_name
        if col == UNIT:
            return f"{r.unit_name}（{r.unit_code}）" if r.unit_code and r.unit_name != r.unit_code else r.unit_code
        if col == RESULT:
            return word(r.arrival)
        if col == REASON:
            return self.why(r)
        return word(r.state) if r.state is not None else ""

    @staticmethod
    def why(r: InboxRow) -> str:
        """The import's message without what the other columns say (the file, 未导入)."""
        if r.arrival.value in ("imported", "replaced"):
            return ""  # "…已导入" only repeats the columns
        for prefix in (f"文件 {r.file_name} 未导入，数据库未作任何修改：", f"文件 {r.file_name} 未导入："):
            if r.reason.startswith(prefix):
                return r.reason[len(prefix) :].strip()
        return r.reason

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(r, col).replace("\n", "；")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell(r, col) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == RESULT:
                return QBrush(QColor(ARRIVAL_COLOURS.get(r.arrival.value, "#d32f2f")))
            if col == STATE and r.state is not None:
                return QBrush(QColor(STATE_COLOURS.get(r.state.value, "#000000")))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


class InboxDialog(QDialog):
    """The 收件箱 of a quarter; Enter opens the selected row's return."""

    open_requested = Signal(str, str)  # unit code, period

    def __init__(self, service: ReturnService, unit_code: str, period: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.unit_code = unit_code
        self.period = period
        self.inbox: Inbox | None = None
        self.reminder: NoticeDialog | None = None
        self.setObjectName("inbox")
        self.summary = QLabel(self)
        self.summary.setObjectName("inbox-summary")
        self.summary.setWordWrap(True)
        self.model = InboxModel(self)
        self.table = row_table(self, self.model, "inbox-table")
        header = self.table.horizontalHeader()
        for col in (ARRIVED, FILE, UNIT, RESULT, STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton(self.tr("&Open the return"), self)
        self.remind_button = QPushButton(self.tr("Re&mind the missing units…"), self)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.remind_button.setToolTip(
            self.tr("A notice naming the units that have not reported and the deadline: text for the chat group and a page to print.")
        )
        for b in (self.open_button, self.remind_button, self.refresh_button, self.close_button):
            b.setAutoDefault(False)  # Enter in the table opens the row, it does not press a button
        table_dialog_layout(self, self.summary, self.table, (self.open_button, self.remind_button), self.refresh_button, self.close_button)
        self.open_button.clicked.connect(self.open_selected)
        self.remind_button.clicked.connect(self.remind)
        self.refresh_button.clicked.connect(self.load)
        self.table.activated.connect(self.open_selected)  # Enter, and a double click
        self.table.selectionModel().currentRowChanged.connect(self.update_buttons)
        fit_dialog(self, 1100, 520, "inbox")

    def load(self) -> None:
        from models.inbox import inbox
        from models.vocab import Arrival

        current = self.table.currentIndex().row()
        self.inbox = box = inbox(self.service, self.period)
        label = Period.parse(self.period).label()
        self.setWindowTitle(self.tr("Inbox — {period}").format(period=label))
        self.model.set_inbox(box)
        if not box.rows:
            self.summary.setText(
                self.tr("<b>{period}</b>: no files have been imported for this quarter yet. Import the returns received (File → Import).").format(period=label)
            )
        else:
            counts = box.counts()
            parts = "，".join(f"{word(a)} {counts[a]}" for a in Arrival if counts[a])
            self.summary.setText(
                self.tr("<b>{period}</b>: {files} files arrived — {parts}. Enter opens the unit's return.").format(
                    period=label, files=len(box.rows), parts=parts
                )
            )
        if box.rows:
            self.table.setCurrentIndex(self.model.index(min(max(current, 0), len(box.rows) - 1), 0))
        self.update_buttons()

    def selected(self) -> InboxRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def update_buttons(self) -> None:
        r = self.selected()
        self.open_button.setEnabled(r is not None and r.known_unit)

    def open_selected(self) -> bool:
        r = self.selected()
        if r is None or not r.known_unit:
            return False
        self.open_requested.emit(r.unit_code, r.period or self.period)
        return True

    def remind(self) -> NoticeDialog:
        from ui.notices_dialog import reminder_dialog

        self.reminder = reminder_dialog(self.service, self.unit_code, self.period, documents_folder(), self)
        self.reminder.show()
        return self.reminder


def documents_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


class InboxWork(QObject):
    """收件箱 and 催报 in the 汇总 menu, for a unit with subordinate units."""

    def __init__(self, window: WindowHost, menu: QMenu, opener: Callable[[str, str], None] | None = None) -> None:
        super().__init__(window.widget())
        self.window = window
        self.opener = opener  # how a row's return is shown (CountyWork: the own return, not the 汇总表)
        self.dialog: InboxDialog | None = None
        self.reminder: NoticeDialog | None = None
        self.inbox_action = window.new_action(self.tr("&Inbox (files received)…"), self.show_inbox, "Ctrl+Shift+R")
        self.remind_action = window.new_action(self.tr("Remi&nd the missing units…"), self.remind)
        self.inbox_action.setObjectName("inbox")
        self.remind_action.setObjectName("remind")
        menu.addAction(self.inbox_action)
        menu.addAction(self.remind_action)
        window.document.changed.connect(self.on_stored_changed)

    def where(self) -> tuple[ReturnService, str, str] | None:
        """The service, the shown unit and the chosen quarter; None (the clerk told) when there is no quarter."""
        service, data = self.window.service, self.window.data
        if service is None or data is None:
            return None
        period = self.window.chosen_period()
        if Period.parse(period).is_annual:
            self.window.inform(self.tr("Choose a quarter"), self.tr("Returns are received by quarter. Choose a quarter first."), error=True)
            return None
        return service, data.unit.code, period

    def show_inbox(self) -> InboxDialog | None:
        found = self.where()
        if found is None:
            return None
        service, unit, period = found
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = InboxDialog(service, unit, period, self.window.widget())
        self.dialog.load()
        self.dialog.open_requested.connect(self.open_return)
        self.dialog.show()
        return self.dialog

    def remind(self) -> NoticeDialog | None:
        from ui.notices_dialog import reminder_dialog

        found = self.where()
        if found is None:
            return None
        service, unit, period = found
        if not service.units.children(unit):
            self.window.inform(self.tr("No subordinate units"), self.tr("This unit has no subordinate units to remind."), error=True)
            return None
        self.reminder = reminder_dialog(service, unit, period, documents_folder(), self.window.widget())
        self.reminder.show()
        return self.reminder

    def on_stored_changed(self, _unit: str, period: str) -> None:
        if self.dialog is not None and self.dialog.isVisible() and self.dialog.period == period:
            self.dialog.load()

    def open_return(self, unit_code: str, period: str) -> None:
        if self.opener is not None:
            self.opener(unit_code, period)
        else:
            self.window.open_return(unit_code, period)
            self.window.widget().activateWindow()
