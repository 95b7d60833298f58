"""County work in the window: 报送情况 (completeness), 汇总 (consolidation), the
annual view (全年) and the comparison page (上期 / 去年同期 / 本年累计).

The consolidated return and the annual view are made by models.consolidate and
shown in the window's form read-only (WindowHost.show_view); they are never
edited by hand. Everything here calls the service layer; SQLAlchemy is loaded
only when a function runs, so the window still shows before the database opens.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMenu,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QDialogButtonBox,
    QPlainTextEdit,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.data import ReturnData
from models.periods import Period
from models.template import Template
from models.values import format_value
from models.vocab import MemberState
from ui.inbox_view import InboxWork
from ui.operations import Progress, ProgressRun, run_operation
from ui.screen import fit_dialog
from ui.table_model import ListTableModel, row_table
from ui.words import STATE_COLOURS, word

if TYPE_CHECKING:
    from models.compare import Comparison
    from models.consolidate import ChildStatus, Completeness
    from models.returns import ReturnService
    from ui.host import WindowHost
    from ui.notices_dialog import NoticeDialog

Index = QModelIndex | QPersistentModelIndex
UNIT, STATE, RECEIVED, FILE, TIMING, ERRORS, NOTE = range(7)


def _local(when: dt.datetime | None) -> str:
    """Stored in UTC; the clerk reads the local date."""
    return "" if when is None else when.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d")


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

    def state_text(self, c: ChildStatus) -> str:
        return word(c.state)

    def row_count(self) -> int:
        return len(self.rows)

    def cell(self, c: ChildStatus, col: int) -> str:
        if col == UNIT:
            return c.unit.name
        if col == STATE:
            return self.state_text(c)
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
            self.tr("Why is the return of {unit} sent back? A send-back notice with this reason is made next: send it to the unit, whose program shows the reason when it imports the notice.").format(unit=unit_name),
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
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.send_back_button, self.open_button, self.remind_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.accept_selected)
        self.send_back_button.clicked.connect(self.send_back_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.remind_button.clicked.connect(self.remind)
        self.refresh_button.clicked.connect(self.load)
        self.close_button.clicked.connect(self.close)
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
        has_return = c is not None and c.state != "missing" and not self.busy
        self.accept_button.setEnabled(has_return and c is not None and c.state != "accepted")
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
        if c is None or c.state == "missing":
            return False
        if c.errors:
            self.tell(self.tr("Cannot accept"), self.tr("The return of {unit} has {n} errors. Send it back with the reason instead.").format(unit=c.unit.name, n=c.errors), error=True)
            return False
        return self.review(c, True, "")

    def send_back_selected(self) -> bool:
        """退回… asks the reason; the unit's return is left out of the consolidation until it comes again."""
        c = self.selected()
        if c is None or c.state == "missing":
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


# ---- comparisons ----------------------------------------------------------------------

LABEL, UNIT_COL, CURRENT, PREVIOUS, PREV_DIFF, PREV_PCT, LAST_YEAR, LAST_DIFF, LAST_PCT, YTD = range(10)


class ComparisonModel(QAbstractTableModel):
    """Every indicator: this period, previous period and same period last year (change and %), 本年累计."""

    def __init__(self, template: Template, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.indicators = list(template.indicators)
        self.current: dict[str, Decimal] = {}
        self.comparison: Comparison | None = None
        self.ytd: dict[str, Decimal] | None = None  # None: no 本年累计 column (Q1, the year)
        self.coverage: dict[str, str] = {}  # figures not every unit (or quarter) gave: "3/4 个单位填报"
        self.ytd_coverage: dict[str, str] = {}  # 本年累计 figures lacking a quarter: "第1、3季度"

    def set_comparison(
        self,
        current: dict[str, Decimal],
        comparison: Comparison | None,
        ytd: dict[str, Decimal] | None,
        coverage: dict[str, str] | None = None,
        ytd_coverage: dict[str, str] | None = None,
        template: Template | None = None,
    ) -> None:
        self.beginResetModel()
        if template is not None:  # the rows of the return's own template version
            self.template = template
            self.indicators = list(template.indicators)
        self.current = dict(current)
        self.comparison = comparison
        self.ytd = ytd
        self.coverage = dict(coverage or {})
        self.ytd_coverage = dict(ytd_coverage or {})
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.indicators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else YTD + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        c = self.comparison
        prev = Period.parse(c.previous_period).label() if c else ""
        last = Period.parse(c.last_year_period).label() if c else ""
        heads = {
            LABEL: self.tr("Indicator"),
            UNIT_COL: self.tr("Unit"),
            CURRENT: self.tr("This period"),
            PREVIOUS: self.tr("Previous\n{period}").format(period=prev),
            PREV_DIFF: self.tr("Change"),
            PREV_PCT: self.tr("Change %"),
            LAST_YEAR: self.tr("Same period\nlast year {period}").format(period=last),
            LAST_DIFF: self.tr("Change"),
            LAST_PCT: self.tr("Change %"),
            YTD: self.tr("Year to date"),
        }
        return heads.get(section)

    def value(self, row: int, col: int) -> Decimal | None:
        """The figure in a cell (None when blank); tests read this."""
        code = self.indicators[row].code
        c = self.comparison
        if col == CURRENT:
            return self.current.get(code)
        if c is None:
            return None
        if col in (PREVIOUS, PREV_DIFF, PREV_PCT):
            change = c.previous.get(code)
        elif col in (LAST_YEAR, LAST_DIFF, LAST_PCT):
            change = c.last_year.get(code)
        elif col == YTD:
            return None if self.ytd is None else self.ytd.get(code)
        else:
            return None
        if change is None:
            return None
        return change.base if col in (PREVIOUS, LAST_YEAR) else change.diff if col in (PREV_DIFF, LAST_DIFF) else change.pct

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.indicators):
            return None
        ind, col = self.indicators[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == LABEL:
                said = self.coverage.get(ind.code)
                return "    " * ind.level + ind.label + (f"（{said}）" if said else "")
            if col == UNIT_COL:
                return ind.unit
            if col == YTD and (self.ytd is None or ind.kind != "flow"):
                return ""
            value = self.value(index.row(), col)
            if value is None:
                return ""
            if col in (PREV_PCT, LAST_PCT):
                return f"{value:+.1f}%" if value else "0.0%"
            if col in (PREV_DIFF, LAST_DIFF):
                return ("+" if value > 0 else "") + format_value(ind, value, grouping=True)
            if col == YTD and ind.code in self.ytd_coverage:
                return f"{format_value(ind, value, grouping=True)}（{self.ytd_coverage[ind.code]}）"
            return format_value(ind, value, grouping=True)
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (LABEL, UNIT_COL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col in (PREV_DIFF, PREV_PCT, LAST_DIFF, LAST_PCT):
            value = self.value(index.row(), col)
            if value is not None and value < 0:
                return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.FontRole and col == LABEL and ind.level == 0:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ComparisonPage(QWidget):
    """The 对比 page: read-only, refreshed when a return is shown and when the page is opened."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form:compare")
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.model = ComparisonModel(template, self)
        self.table = QTableView(self)
        self.table.setObjectName("comparison")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)
        for col in range(UNIT_COL, YTD + 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)

    def show_comparison(self, service: ReturnService, data: ReturnData) -> None:
        from models.compare import compare
        from models.consolidate import quarters_reported
        from models.report import build_view, quarters_words

        p = Period.parse(data.period)
        view = build_view(service, data)
        comparison = compare(view)  # the figures as shown, the earlier periods as stored
        ytd: dict[str, Decimal] | None = None
        ytd_coverage: dict[str, str] = {}
        if not p.is_annual and (p.quarter or 1) > 1:
            # Q1 .. last quarter as stored, plus this quarter as shown (it may not be saved yet).
            ytd = dict(service.queries.year_to_date(data.unit.code, str(p.previous()), data.scope, view.template))
            for ind in view.template.indicators:
                if ind.kind == "flow" and ind.sums and ind.code in data.values:
                    ytd[ind.code] = ytd.get(ind.code, Decimal(0)) + data.values[ind.code]
            stored = quarters_reported(service, data.unit.code, [str(q) for q in p.previous().year_to_date()], data.scope)
            for code in ytd:
                quarters = (*stored.get(code, ()), *((p.quarter,) if code in data.values and p.quarter else ()))
                if len(quarters) < (p.quarter or 0):
                    ytd_coverage[code] = quarters_words(quarters)
        self.model.set_comparison(data.values, comparison, ytd, {code: view.coverage_text(code) for code in view.coverage}, ytd_coverage, view.template)
        self.table.setColumnHidden(YTD, ytd is None)
        lacking = []
        if not comparison.has_previous:
            lacking.append(self.tr("no return for the previous period"))
        if not comparison.has_last_year:
            lacking.append(self.tr("no return for the same period last year"))
        text = self.tr("{unit}, {period}: compared with the previous period and the same period last year (change and %).").format(
            unit=data.unit.name, period=p.label()
        )
        if ytd is not None:
            text += " " + self.tr("Year to date = flows of quarter 1 to this quarter.")
        if lacking:
            text += " " + self.tr("Blank where there is nothing to compare: {what}.").format(what="；".join(lacking))
        self.caption.setText(text)


# ---- the controller ---------------------------------------------------------------------


class CountyWork(QObject):
    """Adds the 汇总 menu, the 本单位/汇总 switch and the 对比 page to the window."""

    OWN, CONSOLIDATED = 0, 1

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget())
        self.window = window
        self.dialog: CompletenessDialog | None = None
        self.run: ProgressRun | None = None  # the consolidation under way
        self.consolidating: tuple[str, str] = ("", "")  # its unit and period
        new = window.new_action
        self.completeness_action = new(self.tr("&Returns received…"), self.show_completeness, "Ctrl+R")
        self.consolidate_action = new(self.tr("&Consolidate"), self.consolidate, "Ctrl+G")
        self.own_action = new(self.tr("Show our &own return"), self.show_own)
        self.consolidated_action = new(self.tr("Show the &consolidated return"), self.show_consolidated_return)
        self.year_action = new(self.tr("The whole &year"), self.show_year, "Ctrl+Y")
        self.compare_action = new(self.tr("Co&mparison with earlier periods"), self.show_comparison_page, "Ctrl+M")
        self.menu = QMenu(self.tr("&County"), window.widget())
        self.menu.setObjectName("county-menu")
        window.add_menu(self.menu)
        for action in (self.completeness_action, self.consolidate_action):
            self.menu.addAction(action)
        self.inbox = InboxWork(window, self.menu, self.open_from_dialog)  # 收件箱 and 催报 (ui/inbox_view.py)
        self.menu.addSeparator()
        for action in (self.own_action, self.consolidated_action, self.year_action, self.compare_action):
            self.menu.addAction(action)
        self.scope = QComboBox(window.widget())
        self.scope.setObjectName("scope")
        self.scope.addItem(self.tr("Own return"))
        self.scope.addItem(self.tr("Consolidated return"))
        self.scope.setToolTip(self.tr("A unit with subordinate units has its own return and the consolidated return (汇总表)."))
        window.add_toolbar_items([None, self.scope, self.consolidate_action, self.completeness_action])
        self.scope.currentIndexChanged.connect(self.on_scope_chosen)
        self.compare_page = ComparisonPage(window.template)
        window.add_page("compare", self.compare_page, self.tr("Comparison"))
        window.page_changed.connect(self.on_page_changed)
        window.document.loaded.connect(self.on_return_changed)
        window.document.changed.connect(self.on_stored_changed)
        window.document.busy_changed.connect(self.on_busy)
        window.set_view_provider(self.provide_view)

    # ---- state -----------------------------------------------------------------------
    @property
    def service(self) -> ReturnService | None:
        return self.window.service

    def has_children(self, unit_code: str) -> bool:
        return self.service is not None and bool(self.service.units.children(unit_code))

    def wants_consolidated(self) -> bool:
        return self.scope.currentIndex() == self.CONSOLIDATED

    def set_scope(self, index: int) -> None:
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(index)
        self.scope.blockSignals(False)

    def on_return_changed(self, data: ReturnData | None) -> None:
        has_children = data is not None and self.has_children(data.unit.code)
        self.scope.setEnabled(has_children)
        self.consolidated_action.setEnabled(has_children)
        self.consolidate_action.setEnabled(has_children)
        self.completeness_action.setEnabled(has_children)
        self.set_scope(self.CONSOLIDATED if data is not None and data.scope == "consolidated" else self.OWN)
        if self.window.page_key() == "compare":
            self.refresh_comparison()

    def on_stored_changed(self, _unit: str, period: str) -> None:
        """Something stored for ``period`` changed: 报送情况, if open on it, shows it."""
        if self.dialog is not None and self.dialog.isVisible() and self.dialog.period == period:
            self.dialog.load()

    def on_busy(self, busy: bool) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(busy)

    def on_page_changed(self, key: str) -> None:
        if key == "compare":
            self.refresh_comparison()

    def refresh_comparison(self) -> None:
        if self.service is not None and self.window.data is not None:
            self.compare_page.show_comparison(self.service, self.window.data)

    # ---- the window asks: is (unit, period) a view? ----------------------------------------
    def provide_view(self, unit_code: str, period: str) -> bool:
        """Called by MainWindow.open_return: show the year or the 汇总表 instead of the own return."""
        p = Period.parse(period)
        if p.is_annual:
            return self.show_annual(unit_code, p)
        if self.wants_consolidated():
            if self.has_children(unit_code):
                return self.show_consolidated(unit_code, period)
            self.set_scope(self.OWN)  # a unit without subordinates has only its own return
        return False

    def show_consolidated(self, unit_code: str, period: str, made_now: bool = False) -> bool:
        """The stored 汇总表 read-only, naming the units missing from it and the breakdown gaps,
        and beside each figure not every unit gave, how many did."""
        from models.consolidate import breakdown_gaps
        from models.report import figure_coverage

        service = self.service
        assert service is not None
        data = service.store.load(unit_code, period, "consolidated")
        label = Period.parse(period).label()
        if data is None:
            data = service.store.new_return(unit_code, period)
            data.scope = data.origin = "consolidated"
            note = self.tr("There is no consolidated return for {period} yet. Press Consolidate (Ctrl+G) to make it from the returns received.").format(period=label)
            return self.window.show_view(data, note)
        included = [m.unit_name for m in data.members if m.state == MemberState.INCLUDED]
        missing = [m.unit_name + (f"（{word(MemberState.RETURNED)}）" if m.state == MemberState.RETURNED else "") for m in data.members if m.state != MemberState.INCLUDED]
        made = _local_time(data.updated_at)
        lines = [
            self.tr("<b>Consolidated return</b> (read-only: made by the program, never typed). Made {when} from {n} subordinate units{own}.").format(
                when=made, n=len(included), own=self.tr(" and our own return") if service.queries.values_for(unit_code, period) is not None else ""
            )
        ]
        if missing:
            lines.append(self.tr("<b style='color:#d32f2f'>Not reported: {units}</b> — consolidate again when their returns arrive.").format(units="、".join(missing)))
        for breakdown, names in breakdown_gaps(service, unit_code, period).items():
            lines.append(self.tr("{breakdown}: {units} gave the total without the breakdown.").format(breakdown=breakdown, units="、".join(names)))
        if made_now:
            lines.append(self.tr("Consolidated just now."))
        previous = service.queries.values_for(unit_code, str(Period.parse(period).previous()), "consolidated")
        return self.window.show_view(data, "<br>".join(lines), previous, figure_coverage(service, data))

    def show_annual(self, unit_code: str, p: Period) -> bool:
        """全年: flows summed over the quarters, stocks from the last quarter with data; says which quarters are missing."""
        from models.consolidate import annual_view
        from models.returns import ServiceError

        service = self.service
        assert service is not None
        scope = "consolidated" if self.wants_consolidated() and self.has_children(unit_code) else "own"
        what = self.tr("consolidated returns") if scope == "consolidated" else self.tr("returns")
        try:
            data = annual_view(service, unit_code, str(p), scope)
        except ServiceError:
            data = service.store.new_return(unit_code, str(p))
            data.scope = scope
            note = self.tr("<b>{year}</b>: there are no quarterly {what} for this year yet, so there is nothing to add up.").format(year=p.label(), what=what)
            return self.window.show_view(data, note)
        note = self.tr(
            "<b>{year}, whole year</b> (read-only, from the quarterly {what}): flows are the sum of the quarters, stocks are those of the last quarter with figures."
        ).format(year=p.label(), what=what)
        if data.missing_quarters:
            quarters = "、".join(Period.parse(q).label().replace(f"{p.year}年", "") for q in data.missing_quarters)
            note += "<br>" + self.tr("<b style='color:#d32f2f'>Missing: {quarters}</b> — the year is incomplete.").format(quarters=quarters)
        else:
            note += " " + self.tr("All four quarters are there.")
        from models.report import figure_coverage

        return self.window.show_view(data, note, coverage=figure_coverage(service, data))

    # ---- actions ---------------------------------------------------------------------
    def chosen_unit(self) -> str | None:
        return self.window.data.unit.code if self.window.data is not None else None

    def show_own(self) -> None:
        self.set_scope(self.OWN)
        self.on_scope_chosen()

    def show_consolidated_return(self) -> None:
        self.set_scope(self.CONSOLIDATED)
        self.on_scope_chosen()

    def on_scope_chosen(self) -> None:
        unit = self.chosen_unit()
        if unit is not None:
            self.window.open_return(unit, self.window.chosen_period())

    def show_year(self) -> None:
        self.window.choose_whole_year()

    def show_comparison_page(self) -> None:
        self.window.show_page("compare")

    def quarter_or_tell(self) -> str | None:
        period = self.window.chosen_period()
        if Period.parse(period).is_annual:
            self.window.inform(self.tr("Choose a quarter"), self.tr("Returns are received and consolidated by quarter. Choose a quarter first."), error=True)
            return None
        return period

    def consolidate(self) -> bool:
        """汇总: make (or re-make) the consolidated return of the shown unit for the chosen quarter,
        in a worker (ui/operations.py), then show it. False when it could not start."""
        from models.consolidate import consolidate

        unit = self.chosen_unit()
        period = self.quarter_or_tell()
        service = self.service
        if service is None or unit is None or period is None or self.window.document.busy:
            return False
        if not self.has_children(unit):
            self.window.inform(self.tr("Nothing to consolidate"), self.tr("This unit has no subordinate units. Add them under File → Units and settings."), error=True)
            return False
        if not self.window.document.autosave():  # the own return, as shown, is part of the consolidation
            return False

        def work(_progress: Progress) -> object:
            return consolidate(service, unit, period)

        self.consolidating = (unit, period)
        self.run = run_operation(self.window.widget(), self.tr("Consolidating…"), work, self.on_consolidated, self.on_consolidate_failed, lock=self.window.document)
        return self.run is not None

    def on_consolidated(self, _result: object, _canceled: bool) -> None:
        self.run = None
        unit, period = self.consolidating
        self.set_scope(self.CONSOLIDATED)
        self.show_consolidated(unit, period, made_now=True)
        self.window.document.changed.emit(unit, period)  # 报送情况 and the tree follow

    def on_consolidate_failed(self, exc: BaseException) -> None:
        from models.db import describe_error
        from models.returns import ServiceError

        self.run = None
        self.window.inform(self.tr("Not consolidated"), str(exc) if isinstance(exc, ServiceError) else describe_error(exc), error=True)

    def show_completeness(self) -> CompletenessDialog | None:
        unit = self.chosen_unit()
        period = self.quarter_or_tell()
        if self.service is None or unit is None or period is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog = CompletenessDialog(self.service, unit, period, self.window.widget())
        dialog.set_busy(self.window.document.busy)
        dialog.load()
        dialog.open_requested.connect(self.open_from_dialog)
        dialog.reviewed.connect(self.on_reviewed)
        dialog.show()
        self.dialog = dialog
        return dialog

    def on_reviewed(self, unit_code: str) -> None:
        if self.dialog is not None:
            self.window.document.changed.emit(unit_code, self.dialog.period)

    def open_from_dialog(self, unit_code: str, period: str) -> None:
        self.set_scope(self.OWN)
        self.window.open_return(unit_code, period)
        self.window.widget().activateWindow()


def _local_time(when: dt.datetime | None) -> str:
    return "" if when is None else when.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
