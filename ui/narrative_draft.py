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

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

if TYPE_CHECKING:
    from models.data import ReturnData
    from ui.fields import TextEdit
    from ui.host import WindowHost

ExistingAnswer = Literal["replace", "append", "cancel"]


class NarrativeDrafting(QObject):
    """The 根据数字起草 button of the narrative page and what it does."""

    def __init__(self, window: WindowHost, code: str) -> None:
        """``code``: the text drafted (the template's ``[narrative] draft``)."""
        super().__init__(window.widget())
        self.window = window
        self.code = code
        self.attach()
        # A return of another template version gets new pages: the button goes onto the new one.
        window.document.template_changed.connect(self.attach)
        window.document.loaded.connect(self.update_enabled)
        # every edit re-checks the return: the stale note follows the figures as they are typed
        window.document.findings_changed.connect(self.update_stale)
        window.document.state_changed.connect(self.update_stale)
        self.update_enabled()

    def attach(self, *_args: object) -> None:
        """Put the button and the stale note beside the text on the narrative page (the text
        the template version shown drafts)."""
        self.code = self.window.template.draft_text or self.code
        window, code = self.window, self.code
        section = window.template.text_field(code).section
        self.form = window.section_form(section)
        self.editor: TextEdit = self.form.texts[code]
        field = window.template.text_field(code)
        self.label = field.label_en if window.lang == "en" else field.label
        self.button = QPushButton(self.tr("Draft from the figures"), self.form)
        self.button.setObjectName("draft-narrative")
        self.button.setToolTip(self.tr("Write a first draft of this text from the figures of the return; edit it afterwards."))
        self.button.clicked.connect(self.draft)
        self.form.add_text_button(code, self.button)
        self.stale_label = QLabel(self.form)
        self.stale_label.setObjectName("draft-stale")
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("color: #B00020;")
        self.stale_label.hide()
        self.form.add_text_button(code, self.stale_label)

    def update_enabled(self, _data: ReturnData | None = None) -> None:
        self.button.setEnabled(self.window.data is not None and not self.editor.isReadOnly())
        self.update_stale()

    def update_stale(self, *_args: object) -> None:
        """Say whether the drafted text still matches the figures, and which sentences do not."""
        data = self.window.data
        stale = None
        if data is not None:  # none while the window is built: models.report would load SQLAlchemy before the first paint
            from models.report import stale_draft

            stale = stale_draft(self.window.template, data, self.code)
        if stale is None:
            self.stale_label.hide()
            self.stale_label.clear()
            return
        changes = "；".join(
            self.tr("{label} {then} → {now}").format(label=f.label, then=f.then or self.tr("blank"), now=f.now or self.tr("blank")) for f in stale.figures
        )
        self.stale_label.setText(
            self.tr("The text no longer matches the figures ({changes}). Click “Draft from the figures” to redraft.").format(changes=changes)
        )
        self.stale_label.setToolTip(self.tr("Sentences that give the old figures:") + "\n" + "\n".join(stale.sentences))
        self.stale_label.show()

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
        if data is None or self.editor.isReadOnly():
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
        existing = self.editor.toPlainText()
        cursor = self.editor.textCursor()
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
        self.editor.setTextCursor(cursor)
        window.show_page(self.form.section.key)
        self.editor.setFocus()
        window.show_status_message(self.tr("Draft inserted. Edit it as you like; it is saved with the return."))
        return True
