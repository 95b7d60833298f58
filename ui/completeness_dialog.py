"""报送情况 (completeness): each subordinate unit's return for a quarter — state, received,
file, on time or late, errors, the reason it was sent back — and the county's actions on a
row: 审核通过, 退回 with the reason (and its notice), open the return, 催报 the missing units.
Everything is read and recorded through the service."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.periods import Period, local_time
from models.vocab import SubmissionState
from ui.screen import fit_dialog
from ui.table_model import Index, ListTableModel, row_table, table_dialog_layout
from ui.words import STATE_COLOURS, word

if TYPE_CHECKING:
    from models.consolidate import ChildStatus, Completeness
    from models.returns import ReturnService
    from ui.notices_dialog import NoticeDialog

UNIT, STATE, RECEIVED, FILE, TIMING, ERRORS, NOTE = range(7)


def _local(when: dt.datetime | None) -> str:
    """Stored in UTC; the clerk reads the local date."""
    return "" if when is None else local_time(when).strftime("%Y-%m-%d")


# ---- 报送情况 -------------------------------------------------------------------------


class CompletenessModel(ListTableModel):
    """One row per subordinate unit: state, received date, file, on time or late, errors, reason sent back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ChildStatus] = []
        self.headers = [
            self.tr("Unit"),
            self.tr("State"),
            self.tr("Received"),
            self.tr("File"),
            self.tr("On time"),
            self.tr("Errors"),
            self.tr("Reason sent back"),
        ]

    def set_report(self, report: Completeness | None) -> None:
        self.beginResetModel()
        self.rows = list(report.children) if report is not None else []
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.rows)

    def cell(self, c: ChildStatus, col: int) -> str:
        if col == UNIT:
            return c.unit.name
        if col == STATE:
            return word(c.state)
        if col == RECEIVED:
            return _local(c.received_at)
        if col == FILE:
            return c.source_file
        if col == TIMING:
            return "" if c.on_time is None else self.tr("On time") if c.on_time else self.tr("Late")
        if col == ERRORS:
            return str(c.errors) if c.errors else ""
        return c.note

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        c, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(c, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.unit.name}（{c.unit.code}）" if col == UNIT else self.cell(c, col) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == STATE:
                return QBrush(QColor(STATE_COLOURS.get(c.state, "#000000")))
            if col == TIMING and c.on_time is False:
                return QBrush(QColor("#d32f2f"))
            if col == ERRORS and c.errors:
                return QBrush(QColor("#d32f2f"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ERRORS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ReasonDialog(QDialog):
    """退回…: the reason, typed on several lines; Tab goes on to the buttons and Ctrl+Enter
    (or Enter on 确定) sends it back, all without the mouse."""

    def __init__(self, unit_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("send-back-reason")
        self.setWindowTitle(self.tr("Send back"))
        label = QLabel(
            self.tr(
                "Why is the return of {unit} sent back? A send-back notice with this reason is made next: send it to the unit, whose program shows the reason when it imports the notice."
            ).format(unit=unit_name),
            self,
        )
        label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reason")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("Ctrl+Enter sends it back"))
        label.setBuddy(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        fit_dialog(self, 520, 260, "send-back")

    def reason(self) -> str:
        return self.text.toPlainText()


class CompletenessDialog(QDialog):
    """报送情况 of one unit's subordinates for a quarter, with the clerk's actions on a row."""

    open_requested = Signal(str, str)  # unit code, period: show that unit's return in the form
    reviewed = Signal(str)  # the unit whose return was accepted or sent back

    def __init__(self, service: ReturnService, unit_code: str, period: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.unit_code = unit_code
        self.period = period
        self.report: Completeness | None = None
        self.busy = False  # an operation of the window runs (a consolidation): no review meanwhile
        self.notice: NoticeDialog | None = None  # the last 退回通知 shown
        self.reminder: NoticeDialog | None = None
        self.setObjectName("completeness")
        self.summary = QLabel(self)
        self.summary.setObjectName("completeness-summary")
        self.summary.setWordWrap(True)
        self.model = CompletenessModel(self)
        self.table = row_table(self, self.model, "completeness-table")
        header = self.table.horizontalHeader()
        for col in (UNIT, STATE, RECEIVED, FILE, TIMING, ERRORS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.accept_button = QPushButton(self.tr("&Accept"), self)
        self.send_back_button = QPushButton(self.tr("Send &back…"), self)
        self.open_button = QPushButton(self.tr("&Open the return"), self)
        self.remind_button = QPushButton(self.tr("Re&mind the missing units…"), self)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.accept_button.setToolTip(self.tr("The return has been checked by the county and is accepted (recorded)."))
        self.send_back_button.setToolTip(self.tr("Send the return back to the unit with the reason (recorded); it is left out of the consolidation."))
        actions = (self.accept_button, self.send_back_button, self.open_button, self.remind_button)
        table_dialog_layout(self, self.summary, self.table, actions, self.refresh_button, self.close_button)
        self.accept_button.clicked.connect(self.accept_selected)
        self.send_back_button.clicked.connect(self.send_back_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.remind_button.clicked.connect(self.remind)
        self.refresh_button.clicked.connect(self.load)
        self.table.doubleClicked.connect(self.open_selected)
        self.table.selectionModel().currentRowChanged.connect(self.update_buttons)
        fit_dialog(self, 1040, 520, "completeness")  # within the screen (ui/screen.py)

    def load(self) -> None:
        """Read the report from the database (after construction, and on 刷新)."""
        from models.consolidate import completeness

        current = self.selected()
        self.report = completeness(self.service, self.unit_code, self.period)
        r = self.report
        self.setWindowTitle(self.tr("Returns received — {unit} — {period}").format(unit=r.unit.name, period=Period.parse(self.period).label()))
        self.model.set_report(r)
        if not r.children:
            self.summary.setText(self.tr("{unit} has no subordinate units. Add them under File → Units and settings.").format(unit=r.unit.name))
        else:
            self.summary.setText(
                self.tr(
                    "<b>{period}</b>, due {due}: expected <b>{expected}</b> = received <b>{received}</b> (on time {on_time}, late {late}) + draft, not submitted <b>{drafts}</b> + missing <b style='color:#d32f2f'>{missing}</b>"
                ).format(
                    period=Period.parse(self.period).label(),
                    due=r.due.strftime("%Y-%m-%d"),
                    expected=r.expected,
                    received=r.received,
                    on_time=r.on_time,
                    late=r.late,
                    drafts=r.not_sent,
                    missing=len(r.missing),
                )
            )
        codes = [c.unit.code for c in self.model.rows]
        if codes:
            row = codes.index(current.unit.code) if current is not None and current.unit.code in codes else 0
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.update_buttons()

    def select_unit(self, code: str) -> None:
        row = next(n for n, c in enumerate(self.model.rows) if c.unit.code == code)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def selected(self) -> ChildStatus | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def update_buttons(self) -> None:
        c = self.selected()
        has_return = c is not None and c.state != SubmissionState.MISSING and not self.busy
        self.accept_button.setEnabled(has_return and c is not None and c.state != SubmissionState.ACCEPTED)
        self.send_back_button.setEnabled(has_return)
        self.open_button.setEnabled(c is not None)

    # ---- questions (overridable; tests replace them) ----------------------------------
    def ask_reason(self, unit_name: str) -> str | None:
        dialog = ReasonDialog(unit_name, self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def tell(self, title: str, text: str, error: bool = False) -> None:
        (QMessageBox.warning if error else QMessageBox.information)(self, title, text)

    # ---- actions ----------------------------------------------------------------------
    def accept_selected(self) -> bool:
        """审核通过 (recorded in the audit trail)."""
        c = self.selected()
        if c is None or c.state == SubmissionState.MISSING:
            return False
        if c.errors:
            self.tell(
                self.tr("Cannot accept"),
                self.tr("The return of {unit} has {n} errors. Send it back with the reason instead.").format(unit=c.unit.name, n=c.errors),
                error=True,
            )
            return False
        return self.review(c, True, "")

    def send_back_selected(self) -> bool:
        """退回… asks the reason; the unit's return is left out of the consolidation until it comes again."""
        c = self.selected()
        if c is None or c.state == SubmissionState.MISSING:
            return False
        reason = self.ask_reason(c.unit.name)
        if reason is None:
            return False
        if not reason.strip():
            self.tell(self.tr("Not sent back"), self.tr("Type the reason, so that the unit knows what to correct."), error=True)
            return False
        return self.review(c, False, reason.strip())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update_buttons()

    def review(self, c: ChildStatus, accept: bool, note: str) -> bool:
        from models.returns import ServiceError

        if self.busy:
            return False
        try:
            self.service.workflow.review(c.unit.code, self.period, accept, note, c.scope, c.version)
        except ServiceError as exc:
            self.tell(self.tr("Not recorded"), str(exc), error=True)
            self.load()  # what is stored now (another clerk may have changed the return)
            return False
        self.reviewed.emit(c.unit.code)  # the window's changed(unit, period) reloads this table
        if not accept:
            self.notice = self.send_back_notice(c)
        return True

    def send_back_notice(self, c: ChildStatus) -> NoticeDialog:
        """The 退回通知 to send to the unit (its text and its file): the reason reaches it this way."""
        from ui.inbox_view import documents_folder
        from ui.notices_dialog import send_back_dialog

        dialog = send_back_dialog(self.service, c.unit.code, self.period, c.scope, documents_folder(), self)
        dialog.show()
        return dialog

    def remind(self) -> NoticeDialog:
        """催报: the units still missing and the deadline, to copy or print."""
        from ui.inbox_view import documents_folder
        from ui.notices_dialog import reminder_dialog

        self.reminder = reminder_dialog(self.service, self.unit_code, self.period, documents_folder(), self)
        self.reminder.show()
        return self.reminder

    def open_selected(self) -> None:
        c = self.selected()
        if c is not None:
            self.open_requested.emit(c.unit.code, self.period)
