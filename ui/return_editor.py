"""The return on screen: the banner, one page per section (plus pages others add), and
the checks panel. It shows a ``ReturnDocument`` and sends every edit to it; it keeps no
state of the return itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from models.periods import Period, local_time
from models.vocab import Review
from ui.checks_panel import ChecksPanel
from ui.fields import ShortcutPassThrough
from ui.form import SectionForm
from ui.signatories import SignatoriesForm

if TYPE_CHECKING:
    from models.checks import Finding
    from models.data import ReturnData
    from models.template import Template
    from ui.document import ReturnDocument


class SectionForms(Mapping[str, SectionForm]):
    """The section pages' forms by section key, in the template's order. A form is built the
    first time it is asked for (its page shown, a finding jumped to, a test reaching in):
    the window paints with only the page in sight built. ``made`` brings a new form up to
    date with the return shown."""

    def __init__(self, make: Callable[[str], SectionForm], made: Callable[[str, SectionForm], None]) -> None:
        self.make = make
        self.made = made
        self.keys_in_order: list[str] = []
        self.built_forms: dict[str, SectionForm] = {}

    def reset(self, keys: list[str]) -> None:
        """Other sections (another template version): the forms built so far are dropped."""
        self.keys_in_order = list(keys)
        self.built_forms.clear()

    def __getitem__(self, key: str) -> SectionForm:
        form = self.built_forms.get(key)
        if form is None:
            if key not in self.keys_in_order:
                raise KeyError(key)
            form = self.built_forms[key] = self.make(key)
            self.made(key, form)
        return form

    def __contains__(self, key: object) -> bool:  # Mapping's own would build the form to find out
        return key in self.keys_in_order

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def built(self) -> list[SectionForm]:
        """The forms built so far: what showing a return, read-only and flags must reach
        (a form built later is brought up to date as it is built)."""
        return list(self.built_forms.values())

    def is_built(self, key: str) -> bool:
        return key in self.built_forms


class ReturnEditor(QSplitter):
    """Pages of the return above, the checks panel below."""

    history_requested = Signal(str)  # code
    page_changed = Signal(str)  # key of the page now shown
    form_built = Signal(str, object)  # key, SectionForm: a page's form was built (when first shown or asked for)
    status_message = Signal(str)

    def __init__(self, document: ReturnDocument, parent: QWidget | None = None, owns_shortcut: Callable[[QKeySequence], bool] | None = None) -> None:
        """``owns_shortcut``: the host's (WindowHost.owns_shortcut); the entry fields leave those keys to it."""
        super().__init__(Qt.Orientation.Vertical, parent)
        self.document = document
        template = document.template
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("QFrame#banner { background: #fff8e1; border: 1px solid #ffe082; }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.carry_button = QPushButton(self.tr("&Carry over last quarter's stock figures"), self.banner)
        self.carry_button.clicked.connect(self.carry_over)
        self.proxy_button = QPushButton(self.tr("Correct it for the unit (&proxy)…"), self.banner)
        self.proxy_button.setObjectName("proxy")
        self.proxy_button.setToolTip(self.tr("代报: correct this return here instead of sending it back; every change is recorded with your name."))
        self.proxy_button.clicked.connect(self.take_over)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.carry_button)
        banner_layout.addWidget(self.proxy_button)
        self.banner.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sections")
        self.tabs.setUsesScrollButtons(True)
        self.template = template  # the version the section pages are of
        self.forms = SectionForms(self.make_form, self.bring_up_to_date)
        self.scrolls: dict[str, QScrollArea] = {}
        self.pass_through = ShortcutPassThrough(owns_shortcut, self) if owns_shortcut is not None else None
        self.build_sections(template)
        self.signatories = SignatoriesForm()
        self.signatories.edited.connect(self.on_signatories_edited)
        self.add_page("signatories", self.signatories, self.tr("Signatures"))
        self.tabs.currentChanged.connect(self.on_page_changed)
        self.build_shown_page()

        self.checks = ChecksPanel(self)
        self.checks.jump_requested.connect(self.jump_to)
        self.checks.explanation_edited.connect(document.set_explanation)

        return_area = QWidget(self)
        return_layout = QVBoxLayout(return_area)
        return_layout.setContentsMargins(0, 0, 0, 0)
        return_layout.setSpacing(2)
        return_layout.addWidget(self.banner)
        return_layout.addWidget(self.tabs)
        self.addWidget(return_area)
        self.addWidget(self.checks)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 1)
        self.setSizes([600, 120])

        document.template_changed.connect(self.rebuild_sections)
        document.loaded.connect(self.show_document)
        document.findings_changed.connect(self.show_findings)
        document.saved.connect(self.on_saved)
        document.about_to_save.connect(self.store_signatories)
        document.busy_changed.connect(self.apply_read_only)

    # ---- pages -----------------------------------------------------------------------------
    def build_sections(self, template: Template) -> None:
        """One page per section of the template, before the pages that are not sections; a
        page's form is built when it is first shown (SectionForms)."""
        lang = self.document.lang
        self.template = template
        for index, section in enumerate(template.sections):
            self.add_page(section.key, None, section.label_en if lang == "en" else section.label, index)
        self.forms.reset([s.key for s in template.sections])

    def make_form(self, key: str) -> SectionForm:
        """The form of a section page, put into its page."""
        form = SectionForm(self.template, self.template.section(key), self.document.lang)
        form.value_edited.connect(self.on_value_edited)
        form.text_edited.connect(self.document.set_text)
        form.problem_changed.connect(self.document.set_problem)
        form.history_requested.connect(self.history_requested)
        form.allowances_edited.connect(self.on_allowances_edited)
        if self.pass_through is not None:  # the entry fields leave the window's keys to it
            for edit in [*form.fields.values(), *form.texts.values()]:
                edit.installEventFilter(self.pass_through)
        self.scrolls[key].setWidget(form)
        return form

    def bring_up_to_date(self, key: str, form: SectionForm) -> None:
        """A form just built: read-only, the return, the flags, as the others have them; then
        said (``form_built``: the draft button goes onto the narrative page's)."""
        form.set_read_only(self.document.read_only())
        if self.document.data is not None:
            self.show_in(form, self.document.data)
            form.flag_fields(self.field_flags())
        self.form_built.emit(key, form)

    def build_shown_page(self) -> None:
        self.forms.get(self.page_key())  # the page in sight: its form is built as it is asked for

    def rebuild_sections(self, template: Template) -> None:
        """The return shown is of another template version (a 2024 return of version 1 in a
        window opened on version 2): its own sections, labels and rules replace the pages."""
        shown = self.page_key()
        old = list(self.forms)
        self.forms.reset([])  # the same mapping: the window's alias sees the new pages; none is built while the tabs go
        for key in old:
            scroll = self.scrolls.pop(key)
            self.tabs.removeTab(self.tabs.indexOf(scroll))
            scroll.deleteLater()
        self.build_sections(template)
        for key in [k for k in self.scrolls if k not in self.forms]:
            self.scrolls[key] = self.scrolls.pop(key)  # the pages' order, as the tabs show them
        if shown in self.scrolls:
            self.show_page(shown)
        self.build_shown_page()

    def add_page(self, key: str, widget: QWidget | None, title: str, index: int = -1) -> None:
        """A page; a section page is given its form later (``widget`` None)."""
        scroll = QScrollArea(self)
        scroll.setObjectName(f"page:{key}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        if widget is not None:
            scroll.setWidget(widget)
        self.scrolls[key] = scroll
        self.tabs.insertTab(index, scroll, title)

    def page_key(self) -> str:
        current = self.tabs.currentWidget()
        return next((k for k, s in self.scrolls.items() if s is current), "")

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.scrolls[key])

    def on_page_changed(self, _index: int) -> None:
        self.build_shown_page()
        self.page_changed.emit(self.page_key())

    def next_page(self) -> None:
        """Ctrl+PgDn: the next page, with the cursor in its first field (typing goes on there)."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())
        self.focus_form()

    def previous_page(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())
        self.focus_form()

    def first_field(self) -> QWidget | None:
        self.build_shown_page()
        page = self.tabs.currentWidget()
        form = page.widget() if isinstance(page, QScrollArea) else None
        if isinstance(form, SectionForm):
            return form.first_widget()
        if isinstance(form, SignatoriesForm):
            return form.reading_order[0]
        if form is not None:  # a page others added: its first focusable widget
            return next((w for w in form.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()), None)
        return None

    def focus_form(self) -> None:
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_checks(self) -> None:
        self.checks.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.checks.model.rowCount() and not self.checks.table.currentIndex().isValid():
            self.checks.table.setCurrentIndex(self.checks.model.index(0, 0))

    # ---- edits to the document ----------------------------------------------------------------
    def on_value_edited(self, code: str, value: Decimal | None) -> None:
        if self.document.set_value(code, value) and self.document.data is not None:
            section = self.document.template.indicator(code).section
            self.forms[section].refresh_derived(self.document.data.values)

    def allowance_form(self) -> SectionForm | None:
        key = next((s.key for s in self.template.sections if s.has_allowances), None)
        return None if key is None else self.forms[key]

    def on_allowances_edited(self) -> None:
        form = self.allowance_form()
        if form is not None and form.allowances is not None:
            self.document.set_allowances(form.allowances.rows())

    def on_signatories_edited(self) -> None:
        self.document.set_signatories(self.signatories.signatories())

    def store_signatories(self) -> None:
        self.document.set_signatories(self.signatories.signatories(), edited=False)

    def carry_over(self) -> None:
        n = self.document.carry_over()
        self.banner.hide()
        self.status_message.emit(self.tr("{n} stock figures carried over from last quarter.").format(n=n))

    # ---- showing the document ------------------------------------------------------------------
    def show_document(self, data: ReturnData | None) -> None:
        doc = self.document
        if data is None:
            self.banner.hide()
            return
        self.apply_read_only()  # first: a read-only page gives no advice to type
        for form in self.forms.built():  # the others are brought up to date as they are built
            self.show_in(form, data)
        self.signatories.show_signatories(data.signatories)
        self.update_banner()
        self.show_findings(doc.findings)

    def show_in(self, form: SectionForm, data: ReturnData) -> None:
        """The return's figures, texts, last period and coverage in one section's form."""
        doc = self.document
        form.set_consolidated(data.scope == "consolidated")
        form.show_return(data.values, data.texts, data.allowances, doc.previous, Period.parse(data.period).months)
        form.show_coverage(doc.coverage)

    def apply_read_only(self) -> None:
        """Fields take typing only when the document does (not while an operation runs):
        read-only, not disabled, so the cursor stays where the clerk was typing."""
        read_only = self.document.read_only()
        for form in self.forms.built():
            form.set_read_only(read_only)
        self.signatories.set_read_only(read_only)
        if self.document.data is not None:
            self.checks.set_findings(self.document.findings, self.document.data.explanations, read_only)

    def show_findings(self, findings: list[Finding]) -> None:
        doc = self.document
        if doc.data is None:
            return
        self.checks.set_findings(findings, doc.data.explanations, doc.read_only())
        flags = self.field_flags()
        for form in self.forms.built():
            form.flag_fields(flags)

    def field_flags(self) -> dict[str, str]:
        """code -> "error" / "warning": the figures the checks name, to be outlined."""
        flags: dict[str, str] = {}
        for f in self.document.blockers():
            for code in f.codes:
                if flags.get(code) != "error":
                    flags[code] = f.severity
        return flags

    def on_saved(self, data: ReturnData) -> None:
        if self.banner.isVisible() and not data.locked and self.document.view_note is None:
            self.update_banner()  # "no return yet" goes; a 退回 reason stays until it is submitted again

    def confirm_take_over(self, unit_name: str) -> bool:
        """Overridable (tests): the clerk confirms 代报."""
        answer = QMessageBox.question(
            self,
            self.tr("Correct the return for the unit?"),
            self.tr(
                "The return of {unit} came from the unit's own file. Correct it here for the unit (代报)? Every change is recorded with your name; the unit's file is no longer the return that counts. Otherwise send it back for the unit to correct."
            ).format(unit=unit_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def take_over(self) -> bool:
        doc = self.document
        if doc.data is None or doc.foreign is None or not self.confirm_take_over(doc.data.unit.name):
            return False
        if doc.take_over():
            self.status_message.emit(self.tr("Taken over (代报): you may correct the return; the changes are recorded."))
            self.focus_form()
            return True
        return False

    def update_banner(self) -> None:
        doc, data = self.document, self.document.data
        self.carry_button.setVisible(False)
        self.proxy_button.setVisible(False)
        if data is None:
            self.banner.hide()
            return
        sent_back = self.sent_back_text(data)
        if doc.view_note is not None:
            self.banner_text.setText(doc.view_note)
        elif doc.foreign is not None:
            text = self.tr(
                "<b>Sent up by {unit}</b> (imported from {file}): read-only here. To correct it, send it back (County → Returns received) or correct it for the unit."
            ).format(unit=data.unit.name, file=data.source_file or "?")
            self.banner_text.setText(text + (f"<br>{sent_back}" if sent_back else ""))
            self.proxy_button.setVisible(True)
        elif sent_back:
            self.banner_text.setText(sent_back)
        elif data.locked:
            # Stored in UTC; the clerk reads the local date.
            when = local_time(data.submitted_at).strftime("%Y-%m-%d") if data.submitted_at else ""
            self.banner_text.setText(
                self.tr("This return was submitted {when} and is read-only. To change it, use File → Reopen submitted return.").format(when=when)
            )
        elif not doc.stored and doc.previous and doc.service is not None and doc.service.queries.carry_over_values(data.unit.code, data.period):
            self.banner_text.setText(self.tr("There is no return for this quarter yet. Start from last quarter's stock figures (staff, discipline leaders)?"))
            self.carry_button.setVisible(True)
        elif not doc.stored:
            self.banner_text.setText(self.tr("There is no return for this quarter yet; it is created when you type the first figure."))
        else:
            self.banner.hide()
            return
        self.banner.show()

    def sent_back_text(self, data: ReturnData) -> str:
        """The 退回 standing on the return — the reason, who and when — or ""."""
        from models.notices import send_back_record

        service = self.document.service
        if service is None or data.review_status != Review.RETURNED:
            return ""
        rec = send_back_record(service, data.unit.code, data.period, data.scope)
        if rec is None:
            return ""
        from html import escape  # here: html loads its table of entities, not needed to paint the window

        when = local_time(rec.at).strftime("%Y-%m-%d %H:%M") if rec.at else ""
        reason = escape(rec.reason).replace("\n", "<br>")
        if rec.received:
            return self.tr(
                "<b style='color:#d32f2f'>Sent back by {sender}</b> ({who}, {when}). Reason: <b>{reason}</b><br>Correct the return, submit it, then export the Excel return again and send it up."
            ).format(sender=escape(rec.from_name) or self.tr("the level above"), who=escape(rec.by), when=when, reason=reason)
        return self.tr("<b style='color:#d32f2f'>Sent back to the unit</b> ({who}, {when}). Reason: {reason}").format(
            who=escape(rec.by), when=when, reason=reason
        )

    def show_note(self, text: str) -> None:
        """A message in the banner (e.g. the first start: no units yet)."""
        self.banner_text.setText(text)
        self.carry_button.hide()
        self.banner.show()

    # ---- going to a figure ---------------------------------------------------------------------
    def jump_to(self, finding: Finding) -> None:
        """Show the page of a finding's first figure and put the cursor in it."""
        template = self.document.template
        if finding.codes and template.has_indicator(finding.codes[0]):
            code = finding.codes[0]
            key = template.indicator(code).section
            self.show_page(key)
            widget = self.forms[key].focus_code(code)
            if widget is not None:
                self.scrolls[key].ensureWidgetVisible(widget)
        elif finding.key.rpartition(":")[2].isdigit():  # an allowance row: rule:row
            form = self.allowance_form()
            if form is not None and form.allowances is not None:
                self.show_page(form.section.key)
                form.allowances.select_row(int(finding.key.rpartition(":")[2]) - 1)
                self.scrolls[form.section.key].ensureWidgetVisible(form.allowances)

    def jump_to_first_problem(self) -> None:
        blockers = self.document.blockers()
        if blockers:
            self.jump_to(blockers[0])
