"""Start-up pieces: fonts, the Chinese translation, opening the database."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from models.paths import TRANSLATION_DIR
from models.template import default_registry
from ui.app import BUNDLED_FONT, TRANSLATION_NAME, install_fonts, open_engine, quicker_feature_check
from ui.main_window import MainWindow


def test_bundled_cjk_font_is_the_fallback(qapp: QApplication) -> None:
    families = install_fonts(qapp)
    assert BUNDLED_FONT.exists()
    assert "WenQuanYi Micro Hei" in families
    assert "WenQuanYi Micro Hei" in qapp.font().families()


def test_chinese_is_the_default_and_qt_buttons_are_translated(qapp: QApplication) -> None:
    assert (TRANSLATION_DIR / f"{TRANSLATION_NAME}.qm").exists()
    assert QCoreApplication.translate("MainWindow", "&Save") == "保存(&S)"
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert [box.button(b).text() for b in (QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Cancel)] == ["确定", "取消"]


def test_translation_source_matches_the_code() -> None:
    """Every tr() string of ui/ has a finished Chinese translation in the .ts file."""
    import re
    import xml.etree.ElementTree as ET

    ts = ET.parse(TRANSLATION_DIR / f"{TRANSLATION_NAME}.ts").getroot()
    translated = {
        m.findtext("source")
        for m in ts.iter("message")
        if m.find("translation") is not None and m.find("translation").get("type") is None and m.findtext("translation")
    }
    ui = Path(__file__).resolve().parents[2] / "ui"
    used = set()
    for path in ui.glob("*.py"):
        used |= set(re.findall(r'self\.tr\("((?:[^"\\]|\\.)*)"\)', path.read_text(encoding="utf-8")))
    used = {u.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") for u in used}
    assert len(used) > 100
    assert used - translated == set(), "run `make translations` and translate the new strings"


def test_qt_calls_keep_none_alive(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and the
    program aborts after a while; setup.cfg keeps it out. This catches it coming back."""
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) > before - 1000


def test_a_file_that_is_not_a_database_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "returns.db"
    bad.write_bytes(b"not a database at all")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(title + "|" + text))
    window = MainWindow(default_registry().for_period("2024Q4"))
    qtbot.addWidget(window)
    window.show()
    assert open_engine(window, str(bad)) is None
    assert told and told[0].startswith("无法打开数据库|") and "不是 SQLite" in told[0]
    assert bad.read_bytes() == b"not a database at all"


def test_run_gui_shows_the_window_then_opens_the_database(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as app_module

    seen: list[MainWindow] = []

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen.append(window)
        assert window.service is None  # shown before the database is opened
        qtbot.waitUntil(lambda: window.service is not None)
        window.dirty = False
        window.close()
        return 0

    collected: list[bool] = []  # garbage collection back on once the database is open (main.py turns it off for the start)
    monkeypatch.setattr(app_module, "collect_from_now", lambda: collected.append(seen[0].service is not None))
    monkeypatch.setattr(MainWindow, "ask_first_start", lambda self: None)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run_gui(argparse.Namespace(db=str(tmp_path / "new.db"), lang="zh", command=None)) == 0
    assert seen and (tmp_path / "new.db").exists() and collected == [True]
    seen[0].deleteLater()


def test_collect_from_now_turns_collection_on_with_what_was_made_frozen() -> None:
    import gc

    from ui.app import collect_from_now

    gc.disable()
    try:
        made = [[] for _ in range(100)]  # noqa: F841 - alive while the start's objects are frozen
        frozen = gc.get_freeze_count()
        collect_from_now()
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + 100
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_window_can_be_built_without_loading_the_database_libraries() -> None:
    """The window is shown before SQLAlchemy (~0.45 s) is imported."""
    import subprocess

    code = "import sys, ui.app, ui.main_window; print(sorted(m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'reportlab') if m in sys.modules))"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_qt_file_dialog_is_all_chinese_with_chinese_dates_on_a_c_locale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A fresh Linux (LANG=C.UTF-8): Qt's own file dialog had "Look in:", "Files of type:" and
    dates like "30 11 2026". In a process of its own: the locale is read when Qt starts."""
    import os
    import subprocess
    import sys

    script = """
import re, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QWidget
from ui.app import make_application
app = make_application("zh")
d = QFileDialog(None, "t", ".", "a (*)")
d.setOption(QFileDialog.Option.DontUseNativeDialog)
texts = [w.text() for w in d.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))] + [w.toolTip() for w in d.findChildren(QWidget)]
print("ENGLISH", [t for t in texts if re.search("[A-Za-z]{3}", t) and not re.search("[\\u4e00-\\u9fff]", t)])
print("DATE", QLocale.system().toString(QDate(2026, 11, 30), QLocale.FormatType.ShortFormat))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    root = str(Path(__file__).resolve().parents[2])
    run = subprocess.run([sys.executable, "-c", script, root], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "ENGLISH []" in run.stdout, run.stdout
    assert "DATE 2026/11/30" in run.stdout, run.stdout


def test_the_window_is_painted_before_the_heavy_libraries_are_loaded() -> None:
    """Issue 17, item 3: SQLAlchemy, Alembic and the file formats' libraries load after the first
    paint (the database is opened then), so the clerk sees the window at once."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from models.template import default_registry\n"
        "from ui.app import make_application\n"
        "from ui.main_window import MainWindow\n"
        "app = make_application('zh')\n"
        "window = MainWindow(default_registry().latest())\n"
        "window.show(); QApplication.processEvents(); window.grab()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'reportlab', 'docx', 'python_calamine') if m in sys.modules))\n"
        "window.close()\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_window_is_shown_before_sqlalchemy_or_the_commands_are_loaded(tmp_path: Path) -> None:
    """What main.py does up to the painted window (arguments, logging, the window) loads neither
    SQLAlchemy nor the command modules: they cost more than the window itself (issue 17)."""
    code = (
        "import sys\n"
        "from cli import parse\n"
        f"args = parse(['--db', {str(tmp_path / 'r.db')!r}])\n"
        "assert args.command is None and args.db.endswith('r.db')\n"
        "from models.db import sqlite_file\n"
        "from models.diagnostics import configure_logging\n"
        "from ui.app import make_application\n"
        "from models.template import default_registry\n"
        "from ui.main_window import MainWindow\n"
        "app = make_application('zh')\n"
        "window = MainWindow(default_registry().latest())\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'openpyxl', 'reportlab', 'docx', 'python_calamine'})\n"
        "commands = sorted(m for m in sys.modules if m.startswith('cli.') and m != 'cli.errors')\n"
        "print(loaded, commands)\n"
        "assert not loaded and not commands, (loaded, commands)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_command_is_still_parsed_with_every_command_module() -> None:
    from cli import parse

    assert parse(["--lang", "en", "units"]).command == "units"
    with pytest.raises(SystemExit):
        parse(["--no-such-option"])


def test_pyside_import_check_answers_as_before_from_the_file_bytes(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect
    import types

    import models.periods
    import ui.form

    feature = sys.modules["shibokensupport.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)  # put back after the test
    assert quicker_feature_check()
    check = feature._mod_uses_pyside
    assert getattr(check, "reads_bytes", False) and quicker_feature_check()  # once is enough
    for module, uses in ((ui.form, True), (models.periods, False), (argparse, False)):
        assert check(module) is uses
        assert ("PySide6" in inspect.getsource(module)) is uses  # what PySide's own check finds
    assert check(sys) is False  # built in: no file, left to PySide's own check
    gone = types.ModuleType("gone")
    gone.__file__ = str(Path("/nonexistent/gone.py"))
    assert check(gone) is False  # a file that cannot be read: PySide's own check (no source, not PySide)
