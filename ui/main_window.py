"""The data-entry window: units on the left, the period chooser, the return (pages and
checks, ui/return_editor.py) and a status bar. The return being edited lives in a
``ReturnDocument`` (ui/document.py) that the window, the county view and the file
actions share; those helpers reach the window only through ``WindowHost`` (ui/host.py),
which this class implements.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QToolBar, QWidget

from models.periods import Period
from models.vocab import SubmissionState
from ui.chooser import ReturnChooser
from ui.county_view import CountyWork
from ui.document import ReturnDocument
from ui.file_actions import FileActions
from ui.narrative_draft import NarrativeDrafting
from ui.return_commands import ReturnCommands
from ui.return_editor import ReturnEditor
from ui.screen import fit_to_screen, remember_size
from ui.status_bar import DocumentStatus
from ui.window_dialogs import WindowDialogs

if TYPE_CHECKING:
    from models.data import ReturnData
    from models.returns import ReturnService
    from models.template import Template
    from ui.form import SectionForm

UnsavedAnswer = Literal["save", "discard", "cancel"]
FirstStartAnswer = Literal["demo", "own"] | None
PREFERRED_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    return_changed = Signal(object)  # ReturnData | None: a different return is shown
    return_saved = Signal(object)  # ReturnData: the shown return was stored
    page_changed = Signal(str)  # key of the page shown
    form_built = Signal(str, object)  # key, SectionForm: a section page's form was built

    def __init__(self, template: Template, lang: str = "zh", parent: QWidget | None = None, document: ReturnDocument | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.document = document or ReturnDocument(template, lang, parent=self)
        self.dialogs = WindowDialogs(self)  # 历史, 单位与设置, 使用说明
        self.view_provider: Callable[[str, str], bool] | None = None  # shows a view for (unit, period), or False
        self.shortcut_actions: list[QAction] = []  # every action with a key (owns_shortcut)
        self.setObjectName("main-window")
        self.setWindowTitle(self.tr("Quarterly health-workforce return"))
        self.chooser = ReturnChooser(self.lang, self)
        self.editor = ReturnEditor(self.document, self, self.owns_shortcut)
        self.build_actions()
        self.build_menus()
        self.build_body()
        self.status = DocumentStatus(self.document, self.statusBar())
        self.status_label, self.saved_label, self.findings_label = self.status.state_label, self.status.saved_label, self.status.findings_label
        doc = self.document
        doc.loaded.connect(self.on_loaded)
        doc.saved.connect(self.return_saved)
        doc.changed.connect(self.on_stored_changed)
        doc.save_failed.connect(self.on_save_failed)
        self.county = CountyWork(self)  # 汇总 menu, 本单位/汇总 switch, 对比 page (ui/county_view.py)
        self.file_actions = FileActions(self)  # Excel/PDF exchange and printing (ui/file_actions.py)
        # The template names the text 根据数字起草 writes; a template without one has no button.
        self.drafting = NarrativeDrafting(self, template.draft_text) if template.draft_text else None
        self.body.setEnabled(False)
        self.show_status_message(self.tr("Opening the database…"))
        fit_to_screen(self, PREFERRED_SIZE, "main")

    # ---- the document's state (WindowHost) ------------------------------------
    @property
    def service(self) -> ReturnService | None:
        return self.document.service

    @property
    def data(self) -> ReturnData | None:
        return self.document.data

    @property
    def dirty(self) -> bool:
        return self.document.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.document.dirty = value

    @property
    def template(self) -> Template:  # the shown return's version
        return self.document.template

    # ---- building ------------------------------------------------------------------
    def build_actions(self) -> None:
        new = self.new_action
        self.commands = ReturnCommands(self)  # 保存, 报送, 撤回
        self.save_action, self.submit_action, self.reopen_action = self.commands.save_action, self.commands.submit_action, self.commands.reopen_action
        self.settings_action = new(self.tr("&Units and settings…"), self.dialogs.open_settings)
        self.quit_action = new(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.history_action = new(self.tr("&History of this figure…"), self.dialogs.show_history, "Ctrl+H")
        self.next_problem_action = new(self.tr("Go to the first &problem"), self.editor.jump_to_first_problem, "F8")
        self.next_page_action = new(self.tr("&Next section"), self.editor.next_page, "Ctrl+PgDown")
        self.previous_page_action = new(self.tr("Pre&vious section"), self.editor.previous_page, "Ctrl+PgUp")
        # Without a mouse: jump between the panes.
        self.focus_units_action = new(self.tr("Go to the &units"), self.chooser.focus_units, "Ctrl+1")
        self.focus_period_action = new(self.tr("Go to the &period"), self.chooser.focus_period, "Ctrl+2")
        self.focus_form_action = new(self.tr("Go to the &form"), self.editor.focus_form, "Ctrl+3")
        self.focus_checks_action = new(self.tr("Go to the &checks"), self.editor.focus_checks, "Ctrl+4")
        self.guide_action = new(self.tr("&User guide"), self.dialogs.show_guide, QKeySequence.StandardKey.HelpContents)

    def new_action(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            self.shortcut_actions.append(action)
        action.triggered.connect(slot)
        return action

    def owns_shortcut(self, keys: QKeySequence) -> bool:
        """One of the window's enabled actions is on ``keys``: entry fields leave it to the window."""
        return any(a.isEnabled() and any(s.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for s in a.shortcuts()) for a in self.shortcut_actions)

    def build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu.setObjectName("file-menu")
        self.file_menu.addAction(self.save_action)
        # Exchange block: exports, imports and printing are added here by add_file_actions.
        self.file_exchange_start = self.file_menu.addSeparator()
        self.file_exchange_end = self.file_menu.addSeparator()
        for action in (self.submit_action, self.reopen_action, None, self.settings_action, None, self.quit_action):
            self.file_menu.addAction(action) if action is not None else self.file_menu.addSeparator()
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.edit_menu.addActions([self.history_action, self.next_problem_action, self.next_page_action, self.previous_page_action])
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu.addActions([self.focus_units_action, self.focus_period_action, self.focus_form_action, self.focus_checks_action])
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_menu.setObjectName("help-menu")
        self.help_menu.addAction(self.guide_action)

    def build_body(self) -> None:
        self.toolbar = QToolBar(self.tr("Return"), self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.year, self.quarter, self.units = self.chooser.year, self.chooser.quarter, self.chooser.units
        self.toolbar.addWidget(QLabel(self.tr(" Period: "), self.toolbar))
        self.add_toolbar_items([self.year, self.quarter, None, self.save_action, self.submit_action, self.reopen_action])
        self.chooser.unit_chosen.connect(self.on_unit_chosen)
        self.chooser.period_chosen.connect(self.on_period_chosen)
        self.editor.history_requested.connect(self.dialogs.show_history)
        self.editor.page_changed.connect(self.on_page_changed)
        self.editor.form_built.connect(self.form_built)
        self.editor.status_message.connect(self.show_status_message)
        e = self.editor  # tests and tools/screenshots.py look at these
        self.tabs, self.forms, self.scrolls, self.checks, self.signatories = e.tabs, e.forms, e.scrolls, e.checks, e.signatories
        self.banner, self.banner_text, self.carry_button = e.banner, e.banner_text, e.carry_button
        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.units)
        self.body.addWidget(self.editor)
        self.body.setStretchFactor(1, 1)
        self.body.setChildrenCollapsible(False)
        self.setCentralWidget(self.body)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The units take a fifth of the width, at most 260 px: the form keeps the rest.
        width = self.body.width()
        if width > 0 and not event.spontaneous():
            units = min(260, max(160, width // 5))
            self.body.setSizes([units, width - units])

    # ---- WindowHost (ui/host.py) --------------------------------------------------------------
    def widget(self) -> QWidget:
        return self

    def add_file_actions(self, actions: list[QAction]) -> None:
        """Export/import/print actions in the 文件 menu, after the ones already there."""
        for action in actions:
            self.file_menu.insertAction(self.file_exchange_end, action)

    def add_safety_action(self, action: QAction) -> None:
        self.file_menu.insertAction(self.settings_action, action)

    def add_menu(self, menu: QMenu) -> None:
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)  # 帮助 stays the last menu

    def add_help_action(self, action: QAction) -> None:
        self.help_menu.addAction(action)

    def add_toolbar_items(self, items: list[QWidget | QAction | None]) -> None:
        for item in items:
            if isinstance(item, QAction):
                self.toolbar.addAction(item)
            else:
                self.toolbar.addWidget(item) if item is not None else self.toolbar.addSeparator()

    def add_page(self, key: str, widget: QWidget, title: str) -> None:
        self.editor.add_page(key, widget, title)

    def show_page(self, key: str) -> None:
        self.editor.show_page(key)

    def page_key(self) -> str:
        return self.editor.page_key()

    def section_form(self, key: str) -> SectionForm:
        return self.editor.forms[key]

    def built_form(self, key: str) -> SectionForm | None:
        forms = self.editor.forms
        return forms[key] if forms.is_built(key) else None

    def set_view_provider(self, provider: Callable[[str, str], bool]) -> None:
        self.view_provider = provider

    def chosen_period(self) -> str:
        return self.chooser.chosen_period()

    def choose_whole_year(self) -> None:
        self.chooser.choose_whole_year()

    # ---- the database arrives ---------------------------------------------------------
    def attach(self, service: ReturnService, first_answer: FirstStartAnswer | Literal["ask"] = "ask") -> None:
        """Start working on a database (the window may be shown before it is opened).
        ``first_answer``: the first-start question, already asked before a new database was made."""
        self.document.attach(service)
        self.body.setEnabled(True)
        self.show_status_message("")
        self.refresh_units()
        self.file_actions.importer.tell_interrupted()  # an import killed last time: which files are in
        if not self.chooser.unit_codes():
            self.first_start(first_answer)
            return
        self.open_start_return()

    def detach(self) -> None:
        """Stop using the database (it is about to be replaced by a backup); attach() starts again."""
        self.document.detach()
        self.body.setEnabled(False)

    def open_start_return(self) -> None:
        service = self.service
        codes = self.chooser.unit_codes()
        if service is None or not codes:
            return
        our = service.settings.get("our_unit")
        unit = our if our in codes else codes[0]
        periods = sorted((r.period for r in service.queries.list_returns(unit) if r.scope == "own"), key=Period.parse)
        self.open_return(unit, periods[-1] if periods else self.chooser.chosen_period())

    def first_start(self, answer: FirstStartAnswer | Literal["ask"] = "ask") -> None:
        """An empty database: ask for our unit, or offer the demo."""
        assert self.service is not None
        self.editor.show_note(self.tr("There are no reporting units yet. Add your own unit under File → Units and settings."))
        if answer == "ask":
            answer = self.ask_first_start()
        if answer == "demo":
            from models.demo import build_demo

            build_demo(self.service)
            self.refresh_units()
            self.open_start_return()
        elif answer == "own":
            dialog = self.dialogs.open_settings()
            if dialog is not None:
                dialog.accepted.connect(self.open_start_return)

    # ---- questions (overridable; tests replace them) -------------------------------------------
    def ask_first_start(self) -> FirstStartAnswer:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Welcome"),
            self.tr("The database is empty. Enter your own unit, or look around with the demo data first?"),
            parent=self,
        )
        own = box.addButton(self.tr("Enter our unit…"), QMessageBox.ButtonRole.AcceptRole)
        demo = box.addButton(self.tr("Open the demo data"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return "own" if box.clickedButton() is own else "demo" if box.clickedButton() is demo else None

    def ask_unsaved(self) -> UnsavedAnswer:
        text = self.tr("The return has changes that are not saved yet. Save them?")
        if self.document.problems:
            text += "\n\n" + self.tr("{n} figures hold text that is not a figure; they cannot be saved until they are corrected.").format(
                n=len(self.document.problems)
            )
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self.tr("Unsaved changes"), text, buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")  # type: ignore[return-value]

    def confirm(self, title: str, text: str) -> bool:
        return (
            QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            == QMessageBox.StandardButton.Yes
        )

    def inform(self, title: str, text: str, error: bool = False) -> None:
        (QMessageBox.warning if error else QMessageBox.information)(self, title, text)

    # ---- units and periods ------------------------------------------------------------------
    def refresh_units(self) -> None:
        if self.service is not None:
            self.chooser.fill(self.service, self.data.unit.code if self.data else None, self.tr(" (ours)"))
            self.update_unit_statuses()

    def on_unit_chosen(self, code: str) -> None:
        self.open_return(code, self.chosen_period())

    def on_period_chosen(self, period: str) -> None:
        if self.data is not None:
            self.open_return(self.data.unit.code, period)

    def update_unit_statuses(self) -> None:
        """Beside each unit: where its return for the chosen period stands, in the words of 报送情况."""
        if self.service is None:
            return
        from models.consolidate import submission_states

        service, period = self.service, self.data.period if self.data else self.chosen_period()

        def states(codes: list[str]) -> dict[str, str]:  # for the units on screen, as the tree is expanded
            if Period.parse(period).is_annual:
                return {}
            return {code: state.value for code, state in submission_states(service, period, codes).items()}

        self.chooser.show_statuses(states, {s.value: s.text(self.lang) for s in SubmissionState})

    # ---- which return is shown -------------------------------------------------------------------
    def open_return(self, unit_code: str, period: str) -> bool:
        """Show the return of a unit and period, saving the one shown first."""
        if self.service is None:
            return False
        if self.view_provider is not None and self.view_provider(unit_code, period):
            return True
        if self.document.is_showing(unit_code, period):
            return True
        if self.document.conflict is not None:
            self.document.save()  # refused again, with the dialog: the clerk chooses before leaving
        if not self.document.autosave():
            self.show_choosers()  # stay on the return that could not be saved
            return False
        self.document.load(unit_code, period)
        return True

    def show_view(self, data: ReturnData, note: str, previous: dict[str, Decimal] | None = None, coverage: dict[str, str] | None = None) -> bool:
        """Show a return made by the program (汇总表, 全年) read-only, with ``note`` in the banner
        and, beside each figure not reported in full, what it covers (``coverage``)."""
        if not self.document.autosave():
            self.show_choosers()
            return False
        self.document.present(data, note, previous, stored=True, coverage=coverage)
        return True

    def reload(self) -> None:
        """Read the shown return again from the database (after an import, 报送, 撤回)."""
        if self.data is not None:
            unit, period = self.data.unit.code, self.data.period
            self.document.close_return()
            self.open_return(unit, period)

    def read_only(self) -> bool:
        return self.document.read_only()

    def current_return(self) -> ReturnData | None:
        """The shown return, saved first (for exporters and printing)."""
        self.document.autosave()
        return self.data

    def show_choosers(self) -> None:
        if self.data is not None:
            self.chooser.show(self.data.unit.code, self.data.period)

    def on_loaded(self, data: ReturnData | None) -> None:
        if data is not None:
            self.show_choosers()
            self.update_unit_statuses()
            self.setWindowTitle(
                self.tr("{unit} — {period} — Quarterly health-workforce return").format(unit=data.unit.name, period=Period.parse(data.period).label(self.lang))
            )
        self.return_changed.emit(data)

    def on_stored_changed(self, unit: str, period: str) -> None:
        """What is stored for (unit, period) changed: the tree (a unit an import added), its
        states, and the own return shown when something else stored it (import, 审核, 退回)."""
        if unit not in self.chooser.unit_codes():
            self.refresh_units()
        elif period == (self.data.period if self.data else self.chosen_period()):
            self.chooser.refresh_statuses(unit)
        if not self.document.own_change and self.document.is_showing(unit, period) and not self.document.dirty:
            self.reload()

    def on_save_failed(self, message: str) -> None:
        self.inform(self.tr("Not saved"), message, error=True)

    # ---- saving and closing ---------------------------------------------------------------------
    def on_page_changed(self, key: str) -> None:
        self.document.autosave()
        self.page_changed.emit(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        doc = self.document
        if doc.has_unsaved_edits():
            with doc.asking():  # the autosave timer may fire while the question is open: it saves nothing
                answer = self.ask_unsaved()
            if answer == "cancel" or (answer == "save" and not self.save_before_closing()):
                event.ignore()
                return
            if answer == "discard":
                doc.discard()
        doc.timer.stop()
        remember_size(self, "main")
        self.dialogs.close_all()
        event.accept()

    def save_before_closing(self) -> bool:
        """保存 on closing: refused (and the figure shown) while a figure holds text that is not a figure."""
        doc = self.document
        if doc.problems:
            self.inform(
                self.tr("Not saved"),
                self.tr("Some figures hold text that is not a figure (e.g. “10人”). Correct them, or close and discard the changes."),
                error=True,
            )
            self.editor.jump_to_first_problem()
            return False
        return doc.save()

    def jump_to_first_problem(self) -> None:
        self.editor.jump_to_first_problem()

    def show_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000 if text else 0)
