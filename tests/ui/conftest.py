"""GUI fixtures: the application with our fonts and Chinese translation, windows on a
real SQLite file in tmp_path, and dialogs that answer without blocking."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from models.db import open_database
from models.returns import ReturnService
from models.template import default_registry
from tests.ui.files_helpers import dialogs  # noqa: F401  (the fixture: every UI test may ask for the file dialogs answered)
from ui.app import install_fonts, install_translations
from ui.document import ReturnDocument, Ticker
from ui.fields import NumberEdit
from ui.main_window import MainWindow

UNIT = UnitInfo("T01", "城关镇卫生院", "township", None)
OTHER = UnitInfo("T02", "新华乡卫生院", "township", None)


@pytest.fixture(scope="session", autouse=True)
def chinese_app(qapp: QApplication) -> QApplication:
    install_fonts(qapp)
    install_translations(qapp, "zh")
    return qapp


@pytest.fixture(autouse=True)
def pc_settings(tmp_path: Path) -> Iterator[Path]:
    """The PC's window settings (sizes, folders) in tmp_path, never the tester's own."""
    folder = tmp_path / "pc-settings"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@dataclass
class Answers:
    """What the window's questions answer in a test, and what it told the clerk."""

    unsaved: str = "discard"
    first_start: str | None = None
    confirm: bool = True
    told: list[tuple[str, str, bool]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()

    def ask_unsaved(self: MainWindow) -> str:
        a.asked.append("unsaved")
        return a.unsaved

    def ask_first_start(self: MainWindow) -> str | None:
        a.asked.append("first_start")
        return a.first_start

    def confirm(self: MainWindow, title: str, text: str) -> bool:
        a.asked.append(title)
        return a.confirm

    def inform(self: MainWindow, title: str, text: str, error: bool = False) -> None:
        a.told.append((title, text, error))

    monkeypatch.setattr(MainWindow, "ask_unsaved", ask_unsaved)
    monkeypatch.setattr(MainWindow, "ask_first_start", ask_first_start)
    monkeypatch.setattr(MainWindow, "confirm", confirm)
    monkeypatch.setattr(MainWindow, "inform", inform)
    return a


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, db_path: Path, answers: Answers) -> Iterator[WindowFactory]:
    """Open a window on the test's database file (again and again: each a new engine)."""
    engines = []

    def make(units: tuple[UnitInfo, ...] = (UNIT, OTHER), our: str | None = UNIT.code, demo: bool = False, timer: Ticker | None = None) -> MainWindow:
        engine = open_database(db_path)
        engines.append(engine)
        service = ReturnService(engine, who="tester")
        if demo:
            from models.demo import build_demo

            build_demo(service)
        for unit in units:
            service.units.save(unit)
        if our is not None:
            service.settings.set(our_unit=our)
        template = default_registry().for_period("2024Q4")
        window = MainWindow(template, document=ReturnDocument(template, timer=timer) if timer is not None else None)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.attach(service)
        return window

    yield make
    for engine in engines:
        engine.dispose()


class FakeTimer(QObject):
    """The autosave timer on a fake clock: ``advance(ms)`` fires it as the real one would."""

    timeout = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.msec = 0
        self.active = False
        self.elapsed = 0
        self.fired = 0

    def setInterval(self, msec: int, /) -> None:
        self.msec = msec

    def interval(self) -> int:
        return self.msec

    def start(self) -> None:
        self.active, self.elapsed = True, 0

    def stop(self) -> None:
        self.active = False

    def isActive(self) -> bool:
        return self.active

    def advance(self, msec: int) -> None:
        while self.active and self.elapsed + msec >= self.msec:
            msec -= self.msec - self.elapsed
            self.elapsed = 0
            self.fired += 1
            self.timeout.emit()
        self.elapsed += msec


def field(window: MainWindow, code: str) -> NumberEdit:
    """The figure box of ``code`` on its page of the window."""
    return window.forms[window.template.indicator(code).section].fields[code]


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type key by key; Chinese arrives as an input method commits it (QTest has no keys for it)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        elif widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Clear a box and type into it, as the clerk would."""
    widget.setFocus()
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.selectAll()
    type_text(qtbot, widget, text)


def type_in_cell(qtbot: QtBot, view: QAbstractItemView, row: int, column: int, text: str) -> None:
    """F2 on a cell, type, Enter; wait for the delegate's (queued) commit."""
    model = view.model()
    index = model.index(row, column)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit), "the cell did not open for editing"
    editor.selectAll()
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None)
