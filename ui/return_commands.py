"""保存, 报送 and 撤回 of the shown return: the actions, their questions and messages, and
what happens when another clerk saved first (ui/conflict_dialog.py).
The work itself is the ReturnDocument's (ui/document.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from models.checks import Finding
    from models.versions import Conflict
    from ui.host import WindowHost


class ReturnCommands(QObject):
    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.widget())
        self.host = host
        self.document = host.document
        self.save_action = host.new_action(self.tr("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.submit_action = host.new_action(self.tr("Su&bmit…"), self.submit)
        self.reopen_action = host.new_action(self.tr("&Reopen submitted return…"), self.reopen)
        self.document.state_changed.connect(self.update_actions)
        self.document.conflict_found.connect(self.on_conflict)

    def update_actions(self) -> None:
        doc = self.document
        self.save_action.setEnabled(not doc.read_only())
        self.submit_action.setEnabled(not doc.read_only())
        self.reopen_action.setEnabled(doc.data is not None and doc.data.locked and doc.view_note is None and not doc.busy)

    def save(self) -> bool:
        return self.document.save()

    def submit(self) -> bool:
        """报送: only with no errors and every warning explained; then read-only."""
        doc, host = self.document, self.host
        if doc.service is None or doc.data is None or doc.read_only():
            return False
        if refusal := doc.service.workflow.submit_refusal(doc.data):  # asked before it is stored
            host.inform(self.tr("Cannot submit yet"), refusal, error=True)
            return False
        blockers = doc.submit()
        if blockers is None:
            return False  # not stored; the window said why
        if blockers:
            self.refuse(blockers)
            return False
        host.show_status_message(self.tr("Submitted. The return is now read-only."))
        return True

    def refuse(self, blockers: list[Finding]) -> None:
        errors = sum(f.is_error for f in blockers)
        self.host.inform(
            self.tr("Cannot submit yet"),
            self.tr(
                "The return cannot be submitted: {errors} errors must be corrected and {warnings} warnings need an explanation. They are listed in the checks panel; double-click one to go to the figure."
            ).format(errors=errors, warnings=len(blockers) - errors),
            error=True,
        )
        self.host.jump_to_first_problem()

    def on_conflict(self, conflict: Conflict) -> None:
        """Another clerk saved first (a save, an autosave or 报送 was refused): show what
        differs and let the clerk choose; autosave waits meanwhile and after 暂不处理."""
        from ui.conflict_dialog import Choice, ConflictDialog

        doc = self.document
        dialog = ConflictDialog(conflict, self.host.widget())
        with doc.asking():
            dialog.exec()
        if dialog.choice is Choice.THEIRS:
            doc.take_theirs()
            self.host.show_status_message(self.tr("Reloaded the saved return. Your values are on the clipboard."))
        elif dialog.choice is Choice.REAPPLY:
            doc.reapply_mine()
            self.host.show_status_message(self.tr("Your changes are typed in again on the saved return: look them over, then save."))
        else:
            self.host.show_status_message(self.tr("Not saved: another clerk saved this return first. Save again to choose."))

    def reopen(self) -> bool:
        doc = self.document
        if doc.data is None or doc.view_note is not None or not doc.data.locked:
            return False
        if not self.host.confirm(
            self.tr("Reopen the return?"),
            self.tr("This return has been submitted. Reopen it for changes? The reopening is recorded, and it must be submitted again."),
        ):
            return False
        if doc.reopen():
            self.host.show_status_message(self.tr("Reopened: the return is a draft again."))
            return True
        return False
