"""Which return: the units tree (with each unit's state for the period) and the period
chooser (year and quarter, or 全年). Showing a choice never emits a choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHeaderView, QSpinBox, QTreeWidget, QTreeWidgetItem, QWidget

from models.periods import Period, current_quarter
from ui.unit_tree import CODE_ROLE, LazyUnitTree
from ui.words import STATE_COLOURS

if TYPE_CHECKING:
    from models.returns import ReturnService

StatusSource = Callable[[list[str]], dict[str, str]]  # unit codes -> their return's state (absent: none)


class ReturnChooser(QObject):
    unit_chosen = Signal(str)  # code
    period_chosen = Signal(str)  # period

    def __init__(self, lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._switching = False
        self.year = QSpinBox(parent)
        self.year.setObjectName("year")
        self.year.setRange(2000, 2099)
        self.year.setSuffix(self.tr(" (year)"))
        self.year.setValue(current_quarter().year)
        self.year.setKeyboardTracking(False)  # typing 2025 opens 2025, not 2, 20, 202 on the way
        self.quarter = QComboBox(parent)
        self.quarter.setObjectName("quarter")
        for q in range(1, 5):
            self.quarter.addItem(Period(2000, q).label(lang).replace("2000年", "").replace(" 2000", ""), q)
        self.quarter.addItem(self.tr("Whole year"), None)  # the annual view, read-only
        self.quarter.setCurrentIndex((current_quarter().quarter or 4) - 1)
        self.year.valueChanged.connect(self.on_period_chosen)
        self.quarter.currentIndexChanged.connect(self.on_period_chosen)

        self.units = QTreeWidget(parent)
        self.units.setObjectName("units")
        self.units.setHeaderLabels([self.tr("Reporting units"), self.tr("This period")])
        self.units.header().setStretchLastSection(False)
        self.units.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.units.currentItemChanged.connect(self.on_unit_chosen)
        # Items are made as the clerk expands the tree; their states are asked for then.
        self.tree = LazyUnitTree(self.units)
        self.tree.items_made.connect(self.on_items_made)
        self._status_source: StatusSource | None = None
        self._status_names: dict[str, str] = {}

    def focus_units(self) -> None:
        self.units.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_period(self) -> None:
        self.year.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def chosen_period(self) -> str:
        return str(Period(self.year.value(), self.quarter.currentData()))

    def choose_whole_year(self) -> None:
        self.quarter.setCurrentIndex(self.quarter.count() - 1)

    def on_unit_chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is not None and not self._switching:
            self.unit_chosen.emit(item.data(0, CODE_ROLE))

    def on_period_chosen(self) -> None:
        if not self._switching:
            self.period_chosen.emit(self.chosen_period())

    # ---- showing ------------------------------------------------------------------------------
    def fill(self, service: ReturnService, current: str | None, ours_suffix: str) -> None:
        self._switching = True
        try:
            self.tree.fill(service.units.list(), service.settings.get("our_unit"), ours_suffix)
            item = self.tree.item_for(current) if current else None
            if item is not None:
                self.units.setCurrentItem(item)
        finally:
            self._switching = False

    def show(self, unit_code: str, period: str) -> None:
        """Show (unit, period) as chosen, without asking for it."""
        self._switching = True
        try:
            p = Period.parse(period)
            self.year.setValue(p.year)
            self.quarter.setCurrentIndex((p.quarter or 5) - 1)
            self.select_unit_item(unit_code)
        finally:
            self._switching = False

    def show_statuses(self, source: StatusSource, names: dict[str, str]) -> None:
        """Beside each unit on screen: its return's state for the period (``source`` says, for
        the codes it is given), else —. Units made later (on expand) are asked about then."""
        self._status_source, self._status_names = source, names
        self.on_items_made(self.unit_items())

    def on_items_made(self, items: list[QTreeWidgetItem]) -> None:
        if self._status_source is None or not items:
            return
        statuses = self._status_source([item.data(0, CODE_ROLE) for item in items])
        for item in items:
            status = statuses.get(item.data(0, CODE_ROLE))
            item.setText(1, self._status_names.get(status, "—") if status else "—")
            item.setForeground(1, QBrush(QColor(STATE_COLOURS.get(status or "", "#777777"))))

    def refresh_statuses(self, code: str) -> None:
        """Ask again about one unit on screen (its own return was saved, imported, reviewed in
        报送情况), not about every unit shown: no other unit's state follows from it (a 汇总
        of a county leaves its townships' own returns as they were)."""
        item = self.tree.items.get(code)
        if item is not None:
            self.on_items_made([item])

    def select_unit_item(self, code: str) -> None:
        item = self.tree.item_for(code)
        if item is not None:
            self.units.setCurrentItem(item)

    def unit_codes(self) -> list[str]:
        """Every unit, parents before children (made on screen or not yet)."""
        return [u.code for u in self.tree.units]

    def unit_items(self) -> list[QTreeWidgetItem]:
        """Every unit item made so far (all of them unless the tree is large), in the order shown."""
        return self.tree.made_items()
