"""Font choice (Windows fonts first, the shipped font otherwise), one registration per process,
and characters a font lacks: set in the fallback font, or replaced by "?" and reported."""

from __future__ import annotations

from pathlib import Path

from formats.pdf_fonts import SHIPPED_FONT, FontFile, FontSet, find_font_files, load_fonts, register_fonts


def test_windows_fonts_are_preferred_when_present(tmp_path: Path) -> None:
    (tmp_path / "simsun.ttc").write_bytes(b"")
    (tmp_path / "simhei.ttf").write_bytes(b"")
    files = find_font_files(tmp_path)
    assert files["body"] == FontFile(tmp_path / "simsun.ttc", 0)
    assert files["heading"] == FontFile(tmp_path / "simhei.ttf", 0)
    assert files["narrative"] == FontFile(SHIPPED_FONT)  # no simfang.ttf: the shipped font


def test_without_windows_fonts_every_role_uses_the_shipped_font() -> None:
    assert SHIPPED_FONT.is_file()
    assert set(find_font_files(None).values()) == {FontFile(SHIPPED_FONT)}


def test_fonts_are_registered_once_per_process() -> None:
    fonts = load_fonts()
    assert load_fonts() is fonts
    assert fonts.has(fonts.names["body"], "卫") and fonts.has(fonts.names["body"], "1")


def test_markup_escapes_and_falls_back_per_character() -> None:
    fonts = FontSet({"body": "A"}, "B", {"A": frozenset(map(ord, "ab<&")), "B": frozenset(map(ord, "xy"))})
    missing: set[str] = set()
    assert fonts.markup("a<xy&z", "body", missing) == 'a&lt;<font name="B">xy</font>&amp;?'
    assert missing == {"z"}
    assert fonts.plain("axz", "body", missing) == "a??"


def test_a_damaged_windows_font_falls_back_to_the_shipped_one(tmp_path: Path, caplog) -> None:
    (tmp_path / "simhei.ttf").write_bytes(b"not a font")
    fonts = register_fonts(find_font_files(tmp_path))
    shipped = FontFile(SHIPPED_FONT).name
    assert fonts.names == {"body": shipped, "heading": shipped, "narrative": shipped}
    assert "simhei.ttf 无法使用" in caplog.text
