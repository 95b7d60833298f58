"""Another clerk saved first: who and when, what differs (the clerk's value beside the
stored one, labels from the template), and the clerk's choice. Nothing was overwritten;
whatever is chosen, the clerk's values are not lost (the clipboard, or the form)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from models.versions import Conflict, as_text
from ui.screen import fit_dialog


class Choice(Enum):
    KEEP = "keep"  # 暂不处理: the clerk's values stay in the form, unsaved
    THEIRS = "theirs"  # 重新载入: the stored version (the clerk's values on the clipboard)
    REAPPLY = "reapply"  # 重新载入并填回我的修改


class ConflictDialog(QDialog):
    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice = Choice.KEEP
        self.setObjectName("conflict")
        self.setWindowTitle(self.tr("Saved by someone else"))
        self.message = QLabel(conflict.message, self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-weight: bold")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        if conflict.differences:
            self.hint.setText(self.tr("Your changes were not saved; what is stored was not changed. {n} items differ:").format(n=len(conflict.differences)))
        else:
            self.hint.setText(self.tr("Your changes were not saved. The stored return holds the same values as yours."))
        self.table = QTableWidget(len(conflict.differences), 3, self)
        self.table.setObjectName("differences")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Your value"), self.tr("Saved value ({who})").format(who=conflict.who or self.tr("another clerk"))]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for row, d in enumerate(conflict.differences):
            for col, text in enumerate((d.label, d.mine, d.theirs)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.copied = QLabel(self)
        self.reload_button = QPushButton(self.tr("&Reload"), self)
        self.reload_button.setToolTip(self.tr("Show the saved return. Your values are copied to the clipboard first."))
        self.reapply_button = QPushButton(self.tr("Reload and &type my changes in again"), self)
        self.reapply_button.setToolTip(self.tr("Show the saved return with your changes typed in again, not saved yet: look them over, then save."))
        self.copy_button = QPushButton(self.tr("&Copy my values"), self)
        self.keep_button = QPushButton(self.tr("&Not now"), self)
        self.keep_button.setToolTip(self.tr("Keep your values in the form, unsaved. Autosave waits until you choose."))
        self.reload_button.clicked.connect(self.take_theirs)
        self.reapply_button.clicked.connect(self.reapply_mine)
        self.copy_button.clicked.connect(self.copy)
        self.keep_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copied, 1)
        for button in (self.reload_button, self.reapply_button, self.keep_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload_button.setDefault(True)
        fit_dialog(self, 760, 420, "conflict")  # within the screen (ui/screen.py)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(as_text(self.conflict))
        self.copied.setText(self.tr("Copied."))

    def take_theirs(self) -> None:
        self.copy()
        self.choice = Choice.THEIRS
        self.accept()

    def reapply_mine(self) -> None:
        self.choice = Choice.REAPPLY
        self.accept()
