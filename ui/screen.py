"""Windows and dialogs sized from the screen they open on, never beyond it.

A township laptop has 1366×768 (some 1024×768), less the task bar. ``fit_to_screen``
gives a window the size the clerk left it at on this screen (remembered per screen
size in the PC's settings), or else its preferred size, each capped at the screen's
available area, and centres it there. ``remember_size`` stores the size when the
window closes; ``ScreenFit`` does both for a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room for the window frame (title bar and borders), which the size does not include.
FRAME = QSize(16, 40)


def window_settings() -> QSettings:
    """Per-PC choices of the window (sizes, last folders), not the database's settings."""
    return QSettings("hrh-returns", "hrh-returns")


def screen_of(widget: QWidget) -> QScreen:
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or widget.screen() or QGuiApplication.primaryScreen()
    return screen


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (without the task bar)."""
    return screen_of(widget).availableGeometry()


def screen_key(name: str, area: QRect) -> str:
    return f"windows/{name}/{area.width()}x{area.height()}"


def capped(size: QSize, area: QRect) -> QSize:
    """``size`` made to fit ``area`` with the window frame."""
    return QSize(max(200, min(size.width(), area.width() - FRAME.width())), max(150, min(size.height(), area.height() - FRAME.height())))


def fit_to_screen(widget: QWidget, preferred: QSize, name: str) -> QSize:
    """Size and centre ``widget`` on its screen; returns the size given."""
    area = available(widget)
    stored = window_settings().value(screen_key(name, area))
    size = stored if isinstance(stored, QSize) and stored.isValid() else preferred
    size = capped(size, area)
    widget.resize(size)
    widget.move(area.x() + (area.width() - size.width() - FRAME.width()) // 2, area.y() + max(0, (area.height() - size.height() - FRAME.height()) // 2))
    return size


def remember_size(widget: QWidget, name: str) -> None:
    if widget.isMaximized() or widget.isFullScreen():
        return
    window_settings().setValue(screen_key(name, available(widget)), widget.size())


class ScreenFit(QObject):
    """Fits a dialog to the screen when it is first shown, and remembers its size when it closes."""

    def __init__(self, widget: QWidget, preferred: QSize, name: str) -> None:
        super().__init__(widget)
        self.widget = widget
        self.preferred = preferred
        self.name = name
        self.fitted = False
        fit_to_screen(widget, preferred, name)  # now too, so the size is right before it shows
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget:
            if event.type() == QEvent.Type.Show and not self.fitted:
                self.fitted = True
                fit_to_screen(self.widget, self.preferred, self.name)  # the screen is known now
            elif event.type() in (QEvent.Type.Close, QEvent.Type.Hide) and self.fitted:
                remember_size(self.widget, self.name)
        return False


def fit_dialog(widget: QWidget, width: int, height: int, name: str) -> ScreenFit:
    """The one call a dialog makes instead of ``resize``."""
    return ScreenFit(widget, QSize(width, height), name)
