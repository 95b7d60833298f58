"""The window step of --selftest (ui/selftest.py): Qt, the Chinese translation and the bundled
font load, and the window shows the demo return's figure; a wrong figure fails it, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models.demo import selftest_probe
from models.returns import ReturnService
from ui.selftest import window_step


def test_the_window_shows_the_demo_return(qapp: QApplication, demo_service: ReturnService, tmp_path: Path) -> None:
    probe = selftest_probe(demo_service)
    said = window_step(demo_service, tmp_path)
    assert f"示范报表显示 {probe.expected}" in said and "中文界面、字体" in said


def test_a_figure_the_window_shows_wrong_fails_the_step_naming_it(
    qapp: QApplication, demo_service: ReturnService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.fields

    probe = selftest_probe(demo_service)
    shown = ui.fields.NumberEdit.show_value
    monkeypatch.setattr(ui.fields.NumberEdit, "show_value", lambda self, value: shown(self, None if value is None else value + 1))
    with pytest.raises(AssertionError, match=f"窗口中{probe.label}显示为 '{probe.expected + 1}'，应为 {probe.expected}"):
        window_step(demo_service, tmp_path)
