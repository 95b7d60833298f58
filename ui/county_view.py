"""County work in the window, the controller: the 县级 menu and the 本单位/汇总 switch; it
opens 报送情况 (ui/completeness_dialog.py), runs 汇总 (consolidation), shows the annual view
(全年) and keeps the comparison page (ui/comparison_page.py) current.

The consolidated return and the annual view are made by models.consolidate and
shown in the window's form read-only (WindowHost.show_view); they are never
edited by hand. Everything here calls the service layer; SQLAlchemy is loaded
only when a function runs, so the window still shows before the database opens.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QMenu

from models.periods import Period, local_time
from models.vocab import MemberState
from ui.comparison_page import ComparisonPage
from ui.inbox_view import InboxWork
from ui.words import word

if TYPE_CHECKING:
    from models.data import ReturnData
    from models.returns import ReturnService
    from ui.completeness_dialog import CompletenessDialog
    from ui.host import WindowHost
    from ui.operations import Progress, ProgressRun


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
            note = self.tr("There is no consolidated return for {period} yet. Press Consolidate (Ctrl+G) to make it from the returns received.").format(
                period=label
            )
            return self.window.show_view(data, note)
        included = [m.unit_name for m in data.members if m.state == MemberState.INCLUDED]
        missing = [
            m.unit_name + (f"（{word(MemberState.RETURNED)}）" if m.state == MemberState.RETURNED else "")
            for m in data.members
            if m.state != MemberState.INCLUDED
        ]
        made = _local_time(data.updated_at)
        lines = [
            self.tr("<b>Consolidated return</b> (read-only: made by the program, never typed). Made {when} from {n} subordinate units{own}.").format(
                when=made, n=len(included), own=self.tr(" and our own return") if service.queries.values_for(unit_code, period) is not None else ""
            )
        ]
        if missing:
            lines.append(
                self.tr("<b style='color:#d32f2f'>Not reported: {units}</b> — consolidate again when their returns arrive.").format(units="、".join(missing))
            )
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
            self.window.inform(
                self.tr("Nothing to consolidate"), self.tr("This unit has no subordinate units. Add them under File → Units and settings."), error=True
            )
            return False
        if not self.window.document.autosave():  # the own return, as shown, is part of the consolidation
            return False

        def work(_progress: Progress) -> object:
            return consolidate(service, unit, period)

        from ui.operations import run_operation

        self.consolidating = (unit, period)
        self.run = run_operation(
            self.window.widget(), self.tr("Consolidating…"), work, self.on_consolidated, self.on_consolidate_failed, lock=self.window.document
        )
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
        from ui.completeness_dialog import CompletenessDialog  # when first asked for, not before the window is painted

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
    return "" if when is None else local_time(when).strftime("%Y-%m-%d %H:%M")
