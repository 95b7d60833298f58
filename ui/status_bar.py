"""The window's status bar: the return's state (草稿 / 已报送 / 只读), when it was saved, and
its errors and warnings, kept up to date from the ReturnDocument."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from models.checks import count_findings
from models.vocab import ReturnStatus
from ui.words import word

if TYPE_CHECKING:
    from ui.document import ReturnDocument


class DocumentStatus(QObject):
    def __init__(self, document: ReturnDocument, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.document = document
        self.state_label = QLabel(bar)
        self.saved_label = QLabel(bar)
        self.findings_label = QLabel(bar)
        for label in (self.findings_label, self.saved_label, self.state_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        document.state_changed.connect(self.update)

    def update(self) -> None:
        doc, data = self.document, self.document.data
        if data is None:
            return
        self.state_label.setText(
            self.tr("Read-only") if doc.view_note is not None else word(ReturnStatus.SUBMITTED) if data.locked else word(ReturnStatus.DRAFT)
        )
        self.state_label.setStyleSheet("color: #2e7d32; font-weight: bold" if data.locked else "font-weight: bold")
        if doc.dirty:
            self.saved_label.setText(self.tr("Not saved: someone else saved first") if doc.conflict is not None else self.tr("Not saved yet"))
            self.saved_label.setStyleSheet("color: #b26a00")
        elif doc.saved_at is not None:
            self.saved_label.setText(self.tr("Saved {time}").format(time=doc.saved_at.strftime("%H:%M:%S")))
            self.saved_label.setStyleSheet("color: #2e7d32")
        else:
            self.saved_label.setText(self.tr("Saved") if doc.stored else self.tr("Nothing typed yet"))
            self.saved_label.setStyleSheet("")
        errors, warnings, _notes = count_findings(doc.findings)  # a note (部分未填) is no problem
        self.findings_label.setText(self.tr("{errors} errors · {warnings} warnings").format(errors=errors, warnings=warnings))
        self.findings_label.setStyleSheet("color: #d32f2f" if errors else "color: #b26a00" if warnings else "color: #2e7d32")
