"""The data-entry window: units on the left, the period chooser, one page per section,
the checks panel and a status bar. It holds the return being edited as plain data
(models.data.ReturnData) and talks to the database only through ReturnService.

Hook points for other parts of the program:
- ``add_file_actions(actions)`` puts actions (导出Excel…, 导入Excel…, 导出PDF…, 打印…)
  into the 文件 menu's exchange block;
- ``files_dropped`` is emitted with the paths of files dropped on the window once
  ``setAcceptDrops(True)`` is called by whoever handles them;
- ``return_changed`` / ``return_saved`` tell what is shown and when it was stored;
  ``current_return()`` gives it (after saving, so exporters read what is shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.checks import Finding, blocking, check_return
from models.data import ReturnData
from models.periods import Period, current_quarter
from models.template import Template
from models.vocab import ReturnStatus
from ui.checks_panel import ChecksPanel
from ui.county_view import CountyWork
from ui.fields import NumberEdit
from ui.file_actions import FileActions
from ui.form import SectionForm
from ui.narrative_draft import NarrativeDrafting
from ui.signatories import SignatoriesForm
from ui.unit_tree import CODE_ROLE, fill_unit_tree

if TYPE_CHECKING:
    from models.returns import ReturnService
    from ui.history import HistoryDialog
    from ui.units_dialog import UnitsDialog

AUTOSAVE_MS = 30_000
UnsavedAnswer = Literal["save", "discard", "cancel"]
FirstStartAnswer = Literal["demo", "own"] | None


class MainWindow(QMainWindow):
    return_changed = Signal(object)  # ReturnData | None: a different return is shown
    return_saved = Signal(object)  # ReturnData: the shown return was stored
    files_dropped = Signal(list)  # list[str] of paths; see setAcceptDrops

    def __init__(self, template: Template, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang
        self.service: ReturnService | None = None
        self.data: ReturnData | None = None
        self.previous: dict[str, Decimal] | None = None
        self.stored = False
        self.dirty = False
        self.saved_at: dt.datetime | None = None
        self.problems: dict[str, str] = {}  # code -> why the typed text is not a figure
        self.findings: list[Finding] = []
        self.history_dialog: HistoryDialog | None = None
        self.units_dialog: UnitsDialog | None = None
        self._switching = False
        # County work (ui/county_view.py): 汇总表 and 全年 are shown read-only instead of the own return.
        self.view_note: str | None = None  # why the shown return is a read-only view; None: the own return
        self.view_provider: Callable[[str, str], bool] | None = None  # shows a view for (unit, period), or False
        self.setObjectName("main-window")
        self.setWindowTitle(self.tr("Quarterly health-workforce return"))
        self.build_actions()
        self.build_menus()
        self.build_body()
        self.build_status_bar()
        self.county = CountyWork(self)  # 汇总 menu, 本单位/汇总 switch, 对比 page (ui/county_view.py)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.setAcceptDrops(False)  # switched on by whoever connects files_dropped
        # Excel/PDF exchange, printing and the drafted narrative (ui/file_actions.py, ui/narrative_draft.py).
        self.file_actions = FileActions(self)
        self.drafting = NarrativeDrafting(self)
        self.body.setEnabled(False)
        self.show_status_message(self.tr("Opening the database…"))
        self.resize(1280, 800)

    # ---- building ------------------------------------------------------------------
    def build_actions(self) -> None:
        new = self.new_action
        self.save_action = new(self.tr("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.submit_action = new(self.tr("Su&bmit…"), self.submit)
        self.reopen_action = new(self.tr("&Reopen submitted return…"), self.reopen)
        self.settings_action = new(self.tr("&Units and settings…"), self.open_settings)
        self.quit_action = new(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.history_action = new(self.tr("&History of this figure…"), self.show_history, "Ctrl+H")
        self.next_problem_action = new(self.tr("Go to the first &problem"), self.jump_to_first_problem, "F8")
        self.next_page_action = new(self.tr("&Next section"), self.next_page, "Ctrl+PgDown")
        self.previous_page_action = new(self.tr("Pre&vious section"), self.previous_page, "Ctrl+PgUp")
        # Without a mouse: jump between the panes.
        self.focus_units_action = new(self.tr("Go to the &units"), self.focus_units, "Ctrl+1")
        self.focus_period_action = new(self.tr("Go to the &period"), self.focus_period, "Ctrl+2")
        self.focus_form_action = new(self.tr("Go to the &form"), self.focus_form, "Ctrl+3")
        self.focus_checks_action = new(self.tr("Go to the &checks"), self.focus_checks, "Ctrl+4")
        self.guide_action = new(self.tr("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)

    def new_action(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu.setObjectName("file-menu")
        self.file_menu.addAction(self.save_action)
        # Exchange block: exports, imports and printing are added here by add_file_actions.
        self.file_exchange_start = self.file_menu.addSeparator()
        self.file_exchange_end = self.file_menu.addSeparator()
        self.file_menu.addAction(self.submit_action)
        self.file_menu.addAction(self.reopen_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        for action in (self.history_action, self.next_problem_action, self.next_page_action, self.previous_page_action):
            self.edit_menu.addAction(action)
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        for action in (self.focus_units_action, self.focus_period_action, self.focus_form_action, self.focus_checks_action):
            self.view_menu.addAction(action)
        # 帮助: the guide here; other parts add theirs (关于/诊断) to the menu found by this name.
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_menu.setObjectName("help-menu")
        self.help_menu.addAction(self.guide_action)

    def add_file_actions(self, actions: list[QAction]) -> None:
        """Hook: add export/import/print actions to the 文件 menu, after the ones already there."""
        for action in actions:
            self.file_menu.insertAction(self.file_exchange_end, action)

    def build_body(self) -> None:
        toolbar = QToolBar(self.tr("Return"), self)
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addWidget(QLabel(self.tr(" Period: "), toolbar))
        self.year = QSpinBox(toolbar)
        self.year.setObjectName("year")
        self.year.setRange(2000, 2099)
        self.year.setSuffix(self.tr(" (year)"))
        self.year.setValue(current_quarter().year)
        self.year.setKeyboardTracking(False)  # typing 2025 opens 2025, not 2, 20, 202 on the way
        self.quarter = QComboBox(toolbar)
        self.quarter.setObjectName("quarter")
        for q in range(1, 5):
            self.quarter.addItem(Period(2000, q).label(self.lang).replace("2000年", "").replace(" 2000", ""), q)
        self.quarter.addItem(self.tr("Whole year"), None)  # the annual view, read-only
        self.quarter.setCurrentIndex((current_quarter().quarter or 4) - 1)
        toolbar.addWidget(self.year)
        toolbar.addWidget(self.quarter)
        toolbar.addSeparator()
        toolbar.addAction(self.save_action)
        toolbar.addAction(self.submit_action)
        toolbar.addAction(self.reopen_action)
        self.year.valueChanged.connect(self.on_period_chosen)
        self.quarter.currentIndexChanged.connect(self.on_period_chosen)

        self.units = QTreeWidget(self)
        self.units.setObjectName("units")
        self.units.setHeaderLabels([self.tr("Reporting units"), self.tr("This period")])
        self.units.header().setStretchLastSection(False)
        self.units.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.units.currentItemChanged.connect(self.on_unit_chosen)

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("QFrame#banner { background: #fff8e1; border: 1px solid #ffe082; }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.carry_button = QPushButton(self.tr("&Carry over last quarter's stock figures"), self.banner)
        self.carry_button.clicked.connect(self.carry_over)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.carry_button)
        self.banner.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sections")
        self.forms: dict[str, SectionForm] = {}
        self.scrolls: dict[str, QScrollArea] = {}
        for section in self.template.sections:
            form = SectionForm(self.template, section, self.lang)
            form.value_edited.connect(self.on_value_edited)
            form.text_edited.connect(self.on_text_edited)
            form.problem_changed.connect(self.on_problem_changed)
            form.history_requested.connect(self.show_history)
            form.allowances_edited.connect(self.on_allowances_edited)
            self.add_page(section.key, form, section.label_en if self.lang == "en" else section.label)
            self.forms[section.key] = form
        self.signatories = SignatoriesForm()
        self.signatories.edited.connect(self.on_signatories_edited)
        self.add_page("signatories", self.signatories, self.tr("Signatures"))
        self.tabs.currentChanged.connect(self.on_page_changed)

        self.checks = ChecksPanel(self)
        self.checks.jump_requested.connect(self.jump_to)
        self.checks.explanation_edited.connect(self.on_explanation_edited)

        return_area = QWidget(self)
        return_layout = QVBoxLayout(return_area)
        return_layout.setContentsMargins(0, 0, 0, 0)
        return_layout.setSpacing(2)
        return_layout.addWidget(self.banner)
        return_layout.addWidget(self.tabs)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(return_area)
        right.addWidget(self.checks)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        right.setSizes([600, 120])
        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.units)
        self.body.addWidget(right)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([230, 1050])
        self.setCentralWidget(self.body)

    def add_page(self, key: str, widget: QWidget, title: str) -> None:
        scroll = QScrollArea(self)
        scroll.setObjectName(f"page:{key}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        self.scrolls[key] = scroll
        self.tabs.addTab(scroll, title)

    def build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.findings_label = QLabel(self)
        for label in (self.findings_label, self.saved_label, self.status_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    # ---- the database arrives ---------------------------------------------------------
    def attach(self, service: ReturnService) -> None:
        """Start working on a database (the window may be shown before it is opened)."""
        self.service = service
        self.body.setEnabled(True)
        self.autosave_timer.start()
        self.show_status_message("")
        self.refresh_units()
        self.file_actions.importer.tell_interrupted()  # an import killed last time: which files are in
        if not self.unit_codes():
            self.first_start()
            return
        self.open_start_return()

    def open_start_return(self) -> None:
        assert self.service is not None
        codes = self.unit_codes()
        if not codes:
            return
        our = self.service.settings.get("our_unit")
        unit = our if our in codes else codes[0]
        periods = sorted((r.period for r in self.service.list_returns(unit) if r.scope == "own"), key=Period.parse)
        self.open_return(unit, periods[-1] if periods else str(current_quarter()))

    def first_start(self) -> None:
        """An empty database: ask for our unit, or offer the demo."""
        assert self.service is not None
        self.banner_text.setText(self.tr("There are no reporting units yet. Add your own unit under File → Units and settings."))
        self.carry_button.hide()
        self.banner.show()
        answer = self.ask_first_start()
        if answer == "demo":
            from models.demo import build_demo

            build_demo(self.service)
            self.refresh_units()
            self.open_start_return()
        elif answer == "own":
            dialog = self.open_settings()
            if dialog is not None:
                dialog.accepted.connect(self.open_start_return)

    # ---- questions (overridable; tests replace them) -------------------------------------------
    def ask_first_start(self) -> FirstStartAnswer:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Welcome"), self.tr("The database is empty. Enter your own unit, or look around with the demo data first?"), parent=self)
        own = box.addButton(self.tr("Enter our unit…"), QMessageBox.ButtonRole.AcceptRole)
        demo = box.addButton(self.tr("Open the demo data"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return "own" if box.clickedButton() is own else "demo" if box.clickedButton() is demo else None

    def ask_unsaved(self) -> UnsavedAnswer:
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The return has changes that are not saved yet. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")  # type: ignore[return-value]

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str, error: bool = False) -> None:
        if error:
            QMessageBox.warning(self, title, text)
        else:
            QMessageBox.information(self, title, text)

    # ---- units and periods ------------------------------------------------------------------
    def refresh_units(self) -> None:
        if self.service is None:
            return
        our = self.service.settings.get("our_unit")
        current = self.data.unit.code if self.data else None
        self._switching = True
        try:
            items = fill_unit_tree(self.units, self.service.list_units(), our, self.tr(" (ours)"))
            self.update_unit_statuses()
            if current in items:
                self.units.setCurrentItem(items[current])
        finally:
            self._switching = False

    def unit_codes(self) -> list[str]:
        return [item.data(0, CODE_ROLE) for item in self.unit_items()]

    def chosen_period(self) -> str:
        return str(Period(self.year.value(), self.quarter.currentData()))

    def on_unit_chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is not None and not self._switching:
            self.open_return(item.data(0, CODE_ROLE), self.chosen_period())

    def on_period_chosen(self) -> None:
        if self.data is not None and not self._switching:
            self.open_return(self.data.unit.code, self.chosen_period())

    def select_unit_item(self, code: str) -> None:
        item = next((i for i in self.unit_items() if i.data(0, CODE_ROLE) == code), None)
        if item is not None:
            self.units.setCurrentItem(item)

    # ---- showing a return -------------------------------------------------------------------
    def open_return(self, unit_code: str, period: str) -> bool:
        """Show the return of a unit and period, saving the one shown first."""
        if self.service is None:
            return False
        if self.view_provider is not None and self.view_provider(unit_code, period):
            return True
        if self.data is not None and self.view_note is None and (self.data.unit.code, self.data.period) == (unit_code, period):
            return True
        if not self.autosave():
            self.show_choosers()  # stay on the return that could not be saved
            return False
        service = self.service
        data = service.load(unit_code, period)
        self.stored = data is not None
        if data is None:
            data = service.new_return(unit_code, period)
        self.present(data, None, service.previous_values(unit_code, period), stored=self.stored)
        return True

    def present(self, data: ReturnData, note: str | None, previous: dict[str, Decimal] | None, stored: bool) -> None:
        """Put a return on screen: the form, the choosers, the statuses, the checks."""
        self.data = data
        self.view_note = note
        self.previous = previous
        self.stored = stored
        self.dirty = False
        self.saved_at = None
        self.problems.clear()
        self.show_choosers()
        self.update_unit_statuses()
        self.show_data()
        self.return_changed.emit(data)

    def show_choosers(self) -> None:
        """Unit tree and period chooser show the return on screen."""
        if self.data is None:
            return
        self._switching = True
        try:
            p = Period.parse(self.data.period)
            self.year.setValue(p.year)
            self.quarter.setCurrentIndex((p.quarter or 5) - 1)
            self.select_unit_item(self.data.unit.code)
        finally:
            self._switching = False

    def update_unit_statuses(self) -> None:
        """Beside each unit: its return's status for the chosen period, or nothing."""
        if self.service is None:
            return
        period = self.data.period if self.data else self.chosen_period()
        statuses = {r.unit_code: r.status for r in self.service.list_returns(period=period) if r.scope == "own"}
        for item in self.unit_items():
            status = statuses.get(item.data(0, CODE_ROLE))
            item.setText(1, ReturnStatus.label_of(status, self.lang) if status else "—")
            item.setForeground(1, QBrush(QColor("#2e7d32" if status == "submitted" else "#777777")))

    def unit_items(self) -> list[QTreeWidgetItem]:
        """Every unit item, parents before children, in the order shown."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is not None:
                found.append(item)
                for n in range(item.childCount()):
                    walk(item.child(n))

        for i in range(self.units.topLevelItemCount()):
            walk(self.units.topLevelItem(i))
        return found

    def reload(self) -> None:
        """Read the shown return again from the database (after 报送 / 撤回)."""
        if self.data is None:
            return
        unit, period = self.data.unit.code, self.data.period
        self.data = None
        self.dirty = False
        self.open_return(unit, period)

    def show_data(self) -> None:
        data = self.data
        assert data is not None
        months = Period.parse(data.period).months
        for form in self.forms.values():
            form.show_return(data.values, data.texts, data.allowances, self.previous, months)
            form.set_read_only(self.read_only())
        self.signatories.show_signatories(data.signatories)
        self.signatories.set_read_only(self.read_only())
        self.setWindowTitle(
            self.tr("{unit} — {period} — Quarterly health-workforce return").format(unit=data.unit.name, period=Period.parse(data.period).label(self.lang))
        )
        self.update_banner()
        self.recheck()

    def update_banner(self) -> None:
        data = self.data
        self.carry_button.setVisible(False)
        if data is None:
            self.banner.hide()
            return
        if self.view_note is not None:
            self.banner_text.setText(self.view_note)
            self.banner.show()
        elif data.locked:
            # Stored in UTC; the clerk reads the local date.
            when = data.submitted_at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d") if data.submitted_at else ""
            self.banner_text.setText(self.tr("This return was submitted {when} and is read-only. To change it, use File → Reopen submitted return.").format(when=when))
            self.banner.show()
        elif not self.stored and self.previous and self.service is not None and self.service.carry_over_values(data.unit.code, data.period):
            self.banner_text.setText(self.tr("There is no return for this quarter yet. Start from last quarter's stock figures (staff, discipline leaders)?"))
            self.carry_button.setVisible(True)
            self.banner.show()
        elif not self.stored:
            self.banner_text.setText(self.tr("There is no return for this quarter yet; it is created when you type the first figure."))
            self.banner.show()
        else:
            self.banner.hide()

    def carry_over(self) -> None:
        """Fill blank stock figures from last quarter (new quarter only)."""
        if self.service is None or self.data is None or self.read_only():
            return
        carried = self.service.new_return(self.data.unit.code, self.data.period, carry_over=True).values
        for code, value in carried.items():
            self.data.values.setdefault(code, value)
        self.show_data()
        self.mark_dirty()
        self.banner.hide()
        self.show_status_message(self.tr("{n} stock figures carried over from last quarter.").format(n=len(carried)))

    # ---- read-only views (county work) ---------------------------------------------------------
    def read_only(self) -> bool:
        """Nothing may be typed: no return, a submitted one, or a view (汇总表, 全年)."""
        return self.data is None or self.data.locked or self.view_note is not None

    def show_view(self, data: ReturnData, note: str, previous: dict[str, Decimal] | None = None) -> bool:
        """Show a return made by the program (汇总表, 全年) read-only, with ``note`` in the banner."""
        if not self.autosave():
            self.show_choosers()
            return False
        self.present(data, note, previous, stored=True)
        return True

    def detach(self) -> None:
        """Stop using the database (it is about to be replaced by a backup); attach() starts again."""
        self.autosave_timer.stop()
        self.service = None
        self.data = None
        self.view_note = None
        self.dirty = False
        self.body.setEnabled(False)

    def current_return(self) -> ReturnData | None:
        """The shown return, saved first (for exporters and printing)."""
        self.autosave()
        return self.data

    # ---- edits ------------------------------------------------------------------------------
    def on_value_edited(self, code: str, value: Decimal | None) -> None:
        if self.data is None or self.read_only():
            return
        if value is None:
            self.data.values.pop(code, None)
        else:
            self.data.values[code] = value
        self.mark_dirty()
        section = self.template.indicator(code).section
        self.forms[section].refresh_derived(self.data.values)
        self.recheck()

    def on_text_edited(self, code: str, text: str) -> None:
        if self.data is None or self.read_only():
            return
        self.data.texts[code] = text
        self.mark_dirty()

    def on_problem_changed(self, code: str, message: str) -> None:
        if message:
            self.problems[code] = message
        else:
            self.problems.pop(code, None)
        self.recheck()

    def on_allowances_edited(self) -> None:
        form = next((f for f in self.forms.values() if f.allowances is not None), None)
        if self.data is None or self.read_only() or form is None or form.allowances is None:
            return
        self.data.allowances = form.allowances.rows()
        self.mark_dirty()
        self.recheck()

    def on_signatories_edited(self) -> None:
        if self.data is None or self.read_only():
            return
        self.data.signatories = self.signatories.signatories()
        self.mark_dirty()

    def on_explanation_edited(self, key: str, text: str) -> None:
        if self.data is None or self.read_only():
            return
        if text:
            self.data.explanations[key] = text
        else:
            self.data.explanations.pop(key, None)
        self.mark_dirty()
        self.recheck()

    def mark_dirty(self) -> None:
        self.dirty = True
        self.update_status()

    # ---- checks -----------------------------------------------------------------------------
    def recheck(self) -> None:
        """Findings of the shown return, plus any typed text that is not a figure."""
        if self.data is None:
            return
        typed = [Finding("input", f"input:{code}", "error", (code,), message) for code, message in self.problems.items()]
        self.findings = typed + check_return(self.template, self.data, self.previous, self.lang)
        self.checks.set_findings(self.findings, self.data.explanations, self.read_only())
        flags: dict[str, str] = {}
        for f in self.blockers():
            for code in f.codes:
                if flags.get(code) != "error":
                    flags[code] = f.severity
        for form in self.forms.values():
            form.flag_fields(flags)
        self.update_status()

    def blockers(self) -> list[Finding]:
        return blocking(self.findings, self.data.explanations if self.data else {})

    def jump_to(self, finding: Finding) -> None:
        """Show the page of a finding's first figure and put the cursor in it."""
        if finding.codes and self.template.has_indicator(finding.codes[0]):
            code = finding.codes[0]
            key = self.template.indicator(code).section
            self.tabs.setCurrentWidget(self.scrolls[key])
            widget = self.forms[key].focus_code(code)
            if widget is not None:
                self.scrolls[key].ensureWidgetVisible(widget)
        elif finding.key.rpartition(":")[2].isdigit():  # an allowance row: rule:row
            form = next((f for f in self.forms.values() if f.allowances is not None), None)
            if form is not None and form.allowances is not None:
                self.tabs.setCurrentWidget(self.scrolls[form.section.key])
                form.allowances.select_row(int(finding.key.rpartition(":")[2]) - 1)
                self.scrolls[form.section.key].ensureWidgetVisible(form.allowances)

    def jump_to_first_problem(self) -> None:
        blockers = self.blockers()
        if blockers:
            self.jump_to(blockers[0])

    # ---- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the shown return (one transaction). Returns False if it could not be stored."""
        from models.returns import ServiceError

        if self.service is None or self.data is None:
            return False
        if self.read_only():
            return True
        self.data.signatories = self.signatories.signatories()
        try:
            self.service.save(self.data)
        except ServiceError as exc:
            self.inform(self.tr("Not saved"), str(exc), error=True)
            return False
        self.stored = True
        self.dirty = False
        self.saved_at = dt.datetime.now()
        if self.banner.isVisible() and not self.data.locked:
            self.banner.hide()
        self.update_status()
        self.update_unit_statuses()
        self.return_saved.emit(self.data)
        return True

    def autosave(self) -> bool:
        """Save if anything changed; True when nothing is left unsaved."""
        if not self.dirty:
            return True
        return self.save()

    def on_page_changed(self, _index: int) -> None:
        self.autosave()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            answer = self.ask_unsaved()
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return
            self.dirty = False
        self.autosave_timer.stop()
        for dialog in (self.history_dialog, self.units_dialog):
            if dialog is not None:
                dialog.close()
        event.accept()

    # ---- 报送 and 撤回 -------------------------------------------------------------------------
    def submit(self) -> bool:
        """报送: only with no errors and every warning explained; then read-only."""
        if self.service is None or self.data is None or self.read_only():
            return False
        if not self.data.values and not any(t.strip() for t in self.data.texts.values()):
            self.inform(self.tr("Cannot submit yet"), self.tr("The return is empty. Type the figures first (0 for none)."), error=True)
            return False
        self.recheck()
        if self.problems or not self.save():
            self.refuse_submit(self.blockers())
            return False
        blockers = self.service.submit(self.data.unit.code, self.data.period)
        if blockers:
            self.refuse_submit(blockers)
            return False
        self.reload()
        self.show_status_message(self.tr("Submitted. The return is now read-only."))
        return True

    def refuse_submit(self, blockers: list[Finding]) -> None:
        errors = sum(f.is_error for f in blockers)
        self.inform(
            self.tr("Cannot submit yet"),
            self.tr("The return cannot be submitted: {errors} errors must be corrected and {warnings} warnings need an explanation. They are listed in the checks panel; double-click one to go to the figure.").format(
                errors=errors, warnings=len(blockers) - errors
            ),
            error=True,
        )
        self.jump_to_first_problem()

    def reopen(self) -> bool:
        if self.service is None or self.data is None or self.view_note is not None or not self.data.locked:
            return False
        if not self.confirm(self.tr("Reopen the return?"), self.tr("This return has been submitted. Reopen it for changes? The reopening is recorded, and it must be submitted again.")):
            return False
        self.service.reopen(self.data.unit.code, self.data.period)
        self.reload()
        self.show_status_message(self.tr("Reopened: the return is a draft again."))
        return True

    # ---- dialogs ----------------------------------------------------------------------------
    def show_history(self, code: str | bool | None = None) -> HistoryDialog | None:
        """History of a figure (the one with the cursor when no code is given)."""
        if not isinstance(code, str) or not code:  # from the menu (triggered passes a bool)
            focus = QApplication.focusWidget()
            code = focus.code if isinstance(focus, NumberEdit) else None
        if not code or self.service is None or self.data is None:
            self.show_status_message(self.tr("Put the cursor in a figure to see its history."))
            return None
        from ui.history import HistoryDialog

        self.autosave()
        if self.history_dialog is not None:
            self.history_dialog.close()
        dialog = HistoryDialog(self.service, self.template, self.data.unit.code, self.data.period, code, self)
        dialog.load()
        dialog.show()
        self.history_dialog = dialog
        return dialog

    def open_settings(self) -> UnitsDialog | None:
        from ui.units_dialog import UnitsDialog

        if self.service is None:
            return None
        dialog = UnitsDialog(self.service, self)
        dialog.load()
        dialog.units_changed.connect(self.refresh_units)
        dialog.open()
        self.units_dialog = dialog
        return dialog

    def show_guide(self) -> QDialog:
        """帮助 → 使用说明 (resources/help/guide_zh.html)."""
        from ui.help_dialog import HelpDialog

        dialog = self.findChild(HelpDialog) or HelpDialog(self)  # one guide, however often asked
        dialog.show()
        return dialog

    # ---- pages and status --------------------------------------------------------------------
    def next_page(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_page(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def focus_units(self) -> None:
        self.units.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_period(self) -> None:
        self.year.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_form(self) -> None:
        page = self.tabs.currentWidget()
        form = page.widget() if isinstance(page, QScrollArea) else None
        first = form.first_widget() if isinstance(form, SectionForm) else form.reading_order[0] if isinstance(form, SignatoriesForm) else None
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_checks(self) -> None:
        self.checks.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.checks.model.rowCount() and not self.checks.table.currentIndex().isValid():
            self.checks.table.setCurrentIndex(self.checks.model.index(0, 0))

    def show_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000 if text else 0)

    def update_status(self) -> None:
        data = self.data
        if data is None:
            return
        self.status_label.setText(self.tr("Read-only") if self.view_note is not None else (ReturnStatus.SUBMITTED if data.locked else ReturnStatus.DRAFT).text(self.lang))
        self.status_label.setStyleSheet("color: #2e7d32; font-weight: bold" if data.locked else "font-weight: bold")
        if self.dirty:
            self.saved_label.setText(self.tr("Not saved yet"))
            self.saved_label.setStyleSheet("color: #b26a00")
        elif self.saved_at is not None:
            self.saved_label.setText(self.tr("Saved {time}").format(time=self.saved_at.strftime("%H:%M:%S")))
            self.saved_label.setStyleSheet("color: #2e7d32")
        else:
            self.saved_label.setText(self.tr("Saved") if self.stored else self.tr("Nothing typed yet"))
            self.saved_label.setStyleSheet("")
        errors = sum(f.is_error for f in self.findings)
        warnings = len(self.findings) - errors
        self.findings_label.setText(self.tr("{errors} errors · {warnings} warnings").format(errors=errors, warnings=warnings))
        self.findings_label.setStyleSheet("color: #d32f2f" if errors else "color: #b26a00" if warnings else "color: #2e7d32")
        self.save_action.setEnabled(not self.read_only())
        self.submit_action.setEnabled(not self.read_only())
        self.reopen_action.setEnabled(data.locked and self.view_note is None)

    # ---- drag and drop hook ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

