"""The 对比 page: every indicator of the return as shown beside the previous period and the
same period last year (change and %), and 本年累计 — all gathered by models.compare and
models.report; this page only shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.periods import Period
from models.values import format_value

if TYPE_CHECKING:
    from models.compare import Comparison
    from models.data import ReturnData
    from models.returns import ReturnService
    from models.template import Indicator, Template
    from ui.table_model import Index

LABEL, UNIT_COL, CURRENT, PREVIOUS, PREV_DIFF, PREV_PCT, LAST_YEAR, LAST_DIFF, LAST_PCT, YTD = range(10)


class ComparisonModel(QAbstractTableModel):
    """Every indicator: this period, previous period and same period last year (change and %), 本年累计."""

    def __init__(self, template: Template, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.indicators: list[Indicator] = []  # the rows come with the first comparison (none to size at start)
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

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.indicators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
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
        from models.compare import compare, year_to_date_as_shown
        from models.report import build_view

        p = Period.parse(data.period)
        view = build_view(service, data)
        comparison = compare(view)  # the figures as shown, the earlier periods as stored
        ytd = year_to_date_as_shown(service, view)
        coverage = {code: view.coverage_text(code) for code in view.coverage}
        self.model.set_comparison(data.values, comparison, ytd.sums if ytd else None, coverage, ytd.short if ytd else None, view.template)
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
