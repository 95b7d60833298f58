"""ui/host.py: the parts that add to the window (county work, file actions, import, drafting,
backups, fields) reach it only through WindowHost, never by looking through its widgets."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory

ROOT = Path(__file__).resolve().parents[2]
# Looking through the window: findChild/findChildren on it (or on widget.window()), getattr on
# it, or an attribute of widget.window() other than Qt's own screen().
REACHING_IN = re.compile(
    r"\b(?:window|host)\w*(?:\(\))?\s*\.\s*findChild(?:ren)?\("
    r"|getattr\(\s*(?:self\.)?(?:window|host)\w*\s*,"
    r"|\.window\(\)\.(?!screen\()\w+"
)


def test_the_pattern_finds_what_issue_16_found() -> None:
    for line in (
        "for a in widget.window().findChildren(QAction)",
        "toolbar = window.findChild(QToolBar)",
        "self.window.findChildren(QAction)",
        'menu = getattr(window, "help_menu")',
        "getattr(self.window, 'scrolls')",
        "widget.window().help_menu.addAction(a)",
    ):
        assert REACHING_IN.search(line), line
    for line in ("parent.window().screen()", "self.window.add_menu(menu)", "dialog.findChild(QPrintPreviewWidget)"):
        assert not REACHING_IN.search(line), line


def test_no_module_looks_through_the_window() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        if path.name == "main_window.py":  # the window may look at itself
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if REACHING_IN.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_host_says_which_keys_are_the_windows(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    export = window.file_actions.export_xlsx_action
    assert window.owns_shortcut(QKeySequence("Ctrl+E"))
    assert not window.owns_shortcut(QKeySequence("Ctrl+Shift+F12"))
    export.setEnabled(False)  # a disabled action leaves the key to the field (on X11: end of line)
    assert not window.owns_shortcut(QKeySequence("Ctrl+E"))
