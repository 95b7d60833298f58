"""根据数字起草: a first draft of 主要做法与成效 written from the figures on screen.

The button sits beside the label of the text box. The draft goes into the box as if
typed (one undo step, Ctrl+Z takes it back), so it is saved with the return and the
PDF prints what the clerk kept after editing it. Existing text is never replaced
without asking: 替换, 添加到后面, or 取消.

The draft remembers the figures it was written from (models.report.DraftFingerprint,
stored with the text). When one of them changes afterwards, a line beside the button
says the text no longer matches and which sentences; the button redrafts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

if TYPE_CHECKING:
    from models.data import ReturnData
    from ui.fields import TextEdit
    from ui.form import SectionForm
    from ui.host import WindowHost

ExistingAnswer = Literal["replace", "append", "cancel"]


class DraftControls(NamedTuple):
    """What drafting put on the narrative page's form."""

    form: SectionForm
    editor: TextEdit  # the text drafted
    button: QPushButton  # 根据数字起草
    stale_label: QLabel  # the text no longer matches the figures


class NarrativeDrafting(QObject):
    """The 根据数字起草 button of the narrative page and what it does.

    The button goes onto the page's form when that form is built: the window builds a page
    when it is first shown, and the narrative page is not the first one (so it is not built,
    nor its text boxes, before the window is painted)."""

    def __init__(self, window: WindowHost, code: str) -> None:
        """``code``: the text drafted (the template's ``[narrative] draft``)."""
        super().__init__(window.widget())
        self.window = window
        self.code = code
        self.placed: DraftControls | None = None
        self.label = ""  # the text's label, as the question about existing text names it
        # A return of another template version gets new pages: the button goes onto the new one as it is built.
        window.form_built.connect(self.on_form_built)
        if (form := window.built_form(self.section())) is not None:
            self.on_form_built(form.section.key, form)
        window.document.loaded.connect(self.update_enabled)
        # every edit re-checks the return: the stale note follows the figures as they are typed
        window.document.findings_changed.connect(self.update_stale)
        window.document.state_changed.connect(self.update_stale)

    def section(self) -> str:
        """The page of the text drafted, in the template version shown."""
        self.code = self.window.template.draft_text or self.code
        return self.window.template.text_field(self.code).section

    def on_form_built(self, key: str, form: SectionForm) -> None:
        """Put the button and the stale note beside the text on the narrative page."""
        if key != self.section():
            return
        field = self.window.template.text_field(self.code)
        self.label = field.label_en if self.window.lang == "en" else field.label
        button = QPushButton(self.tr("Draft from the figures"), form)
        button.setObjectName("draft-narrative")
        button.setToolTip(self.tr("Write a first draft of this text from the figures of the return; edit it afterwards."))
        button.clicked.connect(self.draft)
        form.add_text_button(self.code, button)
        stale_label = QLabel(form)
        stale_label.setObjectName("draft-stale")
        stale_label.setWordWrap(True)
        stale_label.setStyleSheet("color: #B00020;")
        stale_label.hide()
        form.add_text_button(self.code, stale_label)
        self.placed = DraftControls(form, form.texts[self.code], button, stale_label)
        self.update_enabled()

    def current(self) -> DraftControls | None:
        """The controls on the narrative page as it now stands; None while it is not built."""
        placed = self.placed
        return placed if placed is not None and self.window.built_form(self.section()) is placed.form else None

    def controls(self) -> DraftControls:
        """The controls, the narrative page built first if it was not yet."""
        self.window.section_form(self.section())  # builds it (on_form_built) if it was not yet
        placed = self.current()
        assert placed is not None
        return placed

    def update_enabled(self, _data: ReturnData | None = None) -> None:
        if (placed := self.current()) is None:
            return  # put right when the page is built
        placed.button.setEnabled(self.window.data is not None and not placed.editor.isReadOnly())
        self.update_stale()

    def update_stale(self, *_args: object) -> None:
        """Say whether the drafted text still matches the figures, and which sentences do not."""
        if (placed := self.current()) is None:
            return  # said when the page is built
        stale_label = placed.stale_label
        data = self.window.data
        stale = None
        if data is not None:  # none while the window is built: models.report would load SQLAlchemy before the first paint
            from models.report import stale_draft

            stale = stale_draft(self.window.template, data, self.code)
        if stale is None:
            stale_label.hide()
            stale_label.clear()
            return
        changes = "；".join(
            self.tr("{label} {then} → {now}").format(label=f.label, then=f.then or self.tr("blank"), now=f.now or self.tr("blank")) for f in stale.figures
        )
        stale_label.setText(self.tr("The text no longer matches the figures ({changes}). Click “Draft from the figures” to redraft.").format(changes=changes))
        stale_label.setToolTip(self.tr("Sentences that give the old figures:") + "\n" + "\n".join(stale.sentences))
        stale_label.show()

    # ---- question (overridable; tests replace it) ------------------------------------------
    def ask_existing(self) -> ExistingAnswer:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Replace the text?"),
            self.tr("{label} already has text. Replace it with the draft, or add the draft after it?").format(label=self.label),
            parent=self.window.widget(),
        )
        replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        append = box.addButton(self.tr("&Add after it"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "append" if clicked is append else "cancel"

    # ---- drafting ----------------------------------------------------------------------------
    def draft(self) -> bool:
        """Put the draft into the text box; False when nothing was put in."""
        window = self.window
        data = window.data
        controls = self.controls()  # the narrative page, built if it was not yet
        editor = controls.editor
        if data is None or editor.isReadOnly():
            return False
        from formats.narrative import draft
        from models.periods import Period

        last_year = None
        service = window.service
        if service is not None:
            p = Period.parse(data.period)
            if not p.is_annual:
                last_year = service.queries.values_for(data.unit.code, str(p.same_last_year()), data.scope)
        drafted = draft(window.template, data, window.document.previous, last_year)
        text = drafted.text
        if not text:
            window.inform(self.tr("Nothing to draft from"), self.tr("There are no figures in this return yet to write a draft from. Type the figures first."))
            return False
        existing = editor.toPlainText()
        cursor = editor.textCursor()
        if existing.strip():
            answer = self.ask_existing()
            if answer == "cancel":
                return False
            if answer == "append":
                cursor.movePosition(QTextCursor.MoveOperation.End)
                text = ("\n" if not existing.endswith("\n") else "") + text
            else:
                cursor.select(QTextCursor.SelectionType.Document)
        else:
            cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)  # one undo step; the box's textChanged marks the return changed
        data.drafted_from[self.code] = drafted.fingerprint.to_json()  # saved with the text
        self.update_stale()
        editor.setTextCursor(cursor)
        window.show_page(controls.form.section.key)
        editor.setFocus()
        window.show_status_message(self.tr("Draft inserted. Edit it as you like; it is saved with the return."))
        return True
