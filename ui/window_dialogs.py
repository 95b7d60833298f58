"""The window's own dialogs: the history of a figure, units and settings, the user guide.
One of each at a time; each reads the database when opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog

from ui.fields import NumberEdit

if TYPE_CHECKING:
    from ui.history import HistoryDialog
    from ui.host import WindowHost
    from ui.units_dialog import UnitsDialog


class WindowDialogs(QObject):
    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.widget())
        self.host = host
        self.history_dialog: HistoryDialog | None = None
        self.units_dialog: UnitsDialog | None = None
        self.guide: QDialog | None = None

    def show_history(self, code: str | bool | None = None) -> HistoryDialog | None:
        """History of a figure (the one with the cursor when no code is given)."""
        host = self.host
        if not isinstance(code, str) or not code:  # from the menu (triggered passes a bool)
            focus = QApplication.focusWidget()
            code = focus.code if isinstance(focus, NumberEdit) else None
        if not code or host.service is None or host.data is None:
            host.show_status_message(self.tr("Put the cursor in a figure to see its history."))
            return None
        from ui.history import HistoryDialog

        host.document.autosave()
        if self.history_dialog is not None:
            self.history_dialog.close()
        dialog = HistoryDialog(host.service, host.template, host.data.unit.code, host.data.period, code, host.widget())
        dialog.load()
        dialog.show()
        self.history_dialog = dialog
        return dialog

    def open_settings(self) -> UnitsDialog | None:
        from ui.units_dialog import UnitsDialog

        if self.host.service is None:
            return None
        dialog = UnitsDialog(self.host.service, self.host.widget())
        dialog.load()
        dialog.units_changed.connect(self.host.refresh_units)
        dialog.open()
        self.units_dialog = dialog
        return dialog

    def show_guide(self) -> QDialog:
        """帮助 → 使用说明 (resources/help/guide_zh.html); one guide, however often asked."""
        from ui.help_dialog import HelpDialog

        self.guide = self.guide or HelpDialog(self.host.widget())
        self.guide.show()
        return self.guide

    def close_all(self) -> None:
        for dialog in (self.history_dialog, self.units_dialog, self.guide):
            if dialog is not None:
                dialog.close()
