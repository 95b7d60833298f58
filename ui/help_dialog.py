"""帮助 → 使用说明: the short Chinese guide (resources/help/guide_zh.html) in a browser dialog.

The guide is a resource file, so it is edited without touching code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from models.paths import RESOURCES
from ui.screen import fit_dialog

GUIDE = RESOURCES / "help" / "guide_zh.html"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, guide: Path = GUIDE) -> None:
        super().__init__(parent)
        self.setObjectName("help-dialog")
        self.setWindowTitle(self.tr("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide")
        self.browser.setOpenExternalLinks(False)
        try:
            self.browser.setHtml(guide.read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(self.tr("The user guide {path} is missing. Reinstall the program.").format(path=guide))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fit_dialog(self, 760, 640, "guide")  # within the screen (ui/screen.py)
