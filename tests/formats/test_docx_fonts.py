"""Which Chinese fonts the Word summary names: the preferred family where installed, else
the one every Chinese Windows has; the families found on this PC through Windows' font
folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats import docx_fonts
from formats.docx_fonts import choose_fonts


def test_fonts_fall_back_to_those_every_windows_has() -> None:
    assert choose_fonts(frozenset()) == {"title": "宋体", "body": "仿宋", "heading": "黑体", "kai": "楷体", "song": "宋体"}
    assert choose_fonts(frozenset({"华文中宋", "仿宋_GB2312"}))["title"] == "华文中宋"
    assert choose_fonts(frozenset({"华文中宋", "仿宋_GB2312"}))["body"] == "仿宋_GB2312"


def test_the_windows_font_folder_is_read_for_the_preferred_families(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    (fonts / "STZHONGS.TTF").write_bytes(b"")
    (fonts / "SIMFANG.TTF").write_bytes(b"")  # names are compared without case
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.delenv("SystemRoot", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setattr(docx_fonts.shutil, "which", lambda name: None)  # no fontconfig
    docx_fonts.installed_families.cache_clear()
    try:
        assert docx_fonts.installed_families() == frozenset({"华文中宋", "仿宋"})
        assert choose_fonts()["title"] == "华文中宋"
    finally:
        docx_fonts.installed_families.cache_clear()
