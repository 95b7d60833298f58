"""Windows sized from the screen (ui/screen.py), remembered per screen size, and the real
window started on an X server of a township laptop's size (tools/screen_check.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from ui import screen
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_never_opens_larger_than_the_screen(qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen, "available", lambda widget: QRect(0, 0, 1024, 728))  # 1024×768 less a task bar
    window = make_window()
    assert window.width() <= 1024 - screen.FRAME.width() and window.height() <= 728 - screen.FRAME.height()
    assert window.x() >= 0 and window.y() >= 0
    dialog = window.county.show_completeness()
    assert dialog is not None
    assert dialog.width() <= 1008 and dialog.height() <= 688  # was 1040 px wide


def test_sizes_are_remembered_per_screen_size(qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop = QRect(0, 0, 1366, 728)
    monkeypatch.setattr(screen, "available", lambda widget: laptop)
    window = make_window()
    assert window.size() == QSize(1280, 728 - screen.FRAME.height())
    window.resize(1100, 600)
    window.close()
    again = MainWindow(window.template)
    qtbot.addWidget(again)
    assert again.size() == QSize(1100, 600)  # as the clerk left it on this screen
    laptop = QRect(0, 0, 1920, 1040)  # another screen: its own size, the preferred one at first
    other = MainWindow(window.template)
    qtbot.addWidget(other)
    assert other.size() == QSize(1280, 800)


def test_a_remembered_size_larger_than_the_screen_is_cut_to_it(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    area = QRect(0, 0, 1024, 728)
    monkeypatch.setattr(screen, "available", lambda widget: area)
    screen.window_settings().setValue(screen.screen_key("main", area), QSize(3000, 2000))
    from models.template import default_registry

    window = MainWindow(default_registry().for_period("2024Q4"))
    qtbot.addWidget(window)
    assert window.width() <= 1024 and window.height() <= 728


def xvfb_or_skip() -> None:
    if shutil.which("Xvfb") is None:
        if os.environ.get("HRH_REQUIRE_XVFB"):
            pytest.fail("Xvfb is not installed, but CI must run this test: tools/sysdeps.sh installs it (package xvfb)")
        pytest.skip("Xvfb is not installed here (Debian package xvfb; CI has it)")


def test_the_real_window_starts_on_xcb_at_1366x768_and_fits(tmp_path: Path) -> None:
    """Qt's X11 platform (xcb), as on a clerk's PC: starts, fits the screen, photographed."""
    xvfb_or_skip()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screen_check.py"), "--size", "1366x768", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "screen 1366x768" in run.stdout
    assert "Ctrl+E in a figure: export asked" in run.stdout
    for name in ("form", "returns-received", "import-result"):
        assert f"{name}: frame" in run.stdout and "DOES NOT FIT" not in run.stdout
        shot = QImage(str(tmp_path / f"screen-1366x768-{name}.png"))
        assert (shot.width(), shot.height()) == (1366, 768)
        colours = {shot.pixel(x, y) for x in range(0, 1366, 37) for y in range(0, 768, 29)}
        assert len(colours) > 5, f"{name}: the screenshot is blank"
