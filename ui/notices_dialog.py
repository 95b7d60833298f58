"""What goes back down, in the window: the 催报 notice and the 退回 notice.

Both are a text to copy into a chat group (复制) and a file to save: the printable
催报 page (PDF, formats.reminder_pdf) or the 退回通知 file (.xlsx, formats.notice_xlsx)
that the township's program imports. The words are models.notices'.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.screen import fit_dialog

if TYPE_CHECKING:
    from models.returns import ReturnService


class NoticeDialog(QDialog):
    """A notice: what it is for, its text (复制 copies it), and 保存 for its file."""

    def __init__(
        self,
        title: str,
        intro: str,
        text: str,
        save_label: str,
        suggested: Path,
        file_filter: str,
        write: Callable[[Path], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWindowTitle(title)
        self.suggested = suggested
        self.file_filter = file_filter
        self.write = write
        self.saved_path: Path | None = None
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("notice-text")
        self.text.setPlainText(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.copy_button = QPushButton(self.tr("&Copy the text"), self)
        self.save_button = QPushButton(save_label, self)
        self.status = QLabel(self)
        self.status.setObjectName("notice-status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.copy_button.setFocus()
        fit_dialog(self, 640, 420, "notice")

    # ---- questions (overridable; tests replace them) ----------------------------------
    def ask_save_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.save_button.text().replace("&", ""), str(self.suggested), self.file_filter)
        return Path(name) if name else None

    def tell_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Not saved"), text)

    # ---- actions ----------------------------------------------------------------------
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.status.setText(self.tr("Copied. Paste it into the chat group or an e-mail."))

    def save(self) -> Path | None:
        from formats.files import write_error_message

        path = self.ask_save_path()
        if path is None:
            return None
        try:
            self.write(path)
        except OSError as exc:
            self.tell_error(write_error_message(path, exc))
            return None
        self.saved_path = path
        self.status.setText(self.tr("Saved: {path}").format(path=path))
        return path


def reminder_dialog(service: ReturnService, unit_code: str, period: str, folder: Path, parent: QWidget | None = None) -> NoticeDialog:
    """催报: the units of ``unit_code`` that have not reported ``period``, and the deadline."""
    from formats.reminder_pdf import export_reminder
    from models.notices import reminder, reminder_text

    r = reminder(service, unit_code, period)
    dialog = NoticeDialog(
        QCoreApplication.translate("NoticeDialog", "Reminder"),
        QCoreApplication.translate("NoticeDialog", "Copy the text into the chat group, or save the page as PDF to print it. It names {n} units.").format(
            n=len(r.units)
        ),
        reminder_text(r),
        QCoreApplication.translate("NoticeDialog", "Save as &PDF…"),
        folder / f"{r.unit.code}_{r.period}_催报.pdf",
        "PDF (*.pdf)",
        lambda path: export_reminder(r, path),
        parent,
    )
    dialog.setObjectName("reminder")
    return dialog


def send_back_dialog(service: ReturnService, unit_code: str, period: str, scope: str, folder: Path, parent: QWidget | None = None) -> NoticeDialog:
    """The 退回通知 of a return just sent back: its text and its file, to send to the unit."""
    from formats.notice_xlsx import notice_filename, write_notice
    from models.notices import notice_text, send_back_notice

    notice = send_back_notice(service, unit_code, period, scope)
    name = notice_filename(notice)
    dialog = NoticeDialog(
        QCoreApplication.translate("NoticeDialog", "Send-back notice"),
        QCoreApplication.translate(
            "NoticeDialog",
            "The return of {unit} is sent back. Send this notice to the unit: save the notice file and send it with the text (e-mail, chat group, USB stick). "
            "When the unit imports the file, its program shows the reason and reopens the return for correcting.",
        ).format(unit=notice.unit_name),
        notice_text(notice, name),
        QCoreApplication.translate("NoticeDialog", "Save the notice &file…"),
        folder / name,
        QCoreApplication.translate("NoticeDialog", "Excel notice (*.xlsx)"),
        lambda path: write_notice(notice, path),
        parent,
    )
    dialog.setObjectName("send-back-notice")
    return dialog
