"""关于/诊断: the version, the database, its schema revision, backups and the log file,
as text the clerk copies (复制) and sends to whoever looks after the program."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.screen import fit_dialog

if TYPE_CHECKING:
    from sqlalchemy import Engine


class AboutDialog(QDialog):
    def __init__(self, engine: Engine | None, db: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.db = db
        self.setObjectName("about")
        self.setWindowTitle(self.tr("About and diagnostics"))
        self.title = QLabel(self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("diagnostics")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setFamilies([font.family(), *QGuiApplication.font().families()])  # Chinese from the app's fallback
        self.text.setFont(font)
        self.hint = QLabel(self.tr("When asking for help, press Copy and paste the text into your message."), self)
        self.hint.setWordWrap(True)
        self.copied = QLabel(self)
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copied, 1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(self.copy)
        self.close_button.clicked.connect(self.accept)
        fit_dialog(self, 720, 420, "about")  # within the screen (ui/screen.py)

    def load(self) -> None:
        """Gather the diagnostics (after construction: it reads the database)."""
        import PySide6

        from models.diagnostics import VERSION, diagnostics

        extra = {"Qt": qVersion(), "PySide6": PySide6.__version__}  # the log file is named by diagnostics()
        self.title.setText(self.tr("<b>Quarterly health-workforce return</b> — version {version}").format(version=VERSION))
        self.text.setPlainText(diagnostics(self.engine, self.db, extra))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(self.tr("Copied. Paste it into your message (Ctrl+V)."))
