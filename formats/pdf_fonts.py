"""The Chinese fonts of the PDF summary: found, registered once per process, checked per character.

Three roles, as printed Chinese official documents use them: 宋体 for the body
and tables, 黑体 for titles and headings, 仿宋 for the narrative. On Windows the
system fonts (simsun.ttc, simhei.ttf, simfang.ttf) are used when present; any
role without one falls back to the font shipped in resources/fonts, so the
PDF looks the same on a PC without Chinese fonts. reportlab embeds a subset of
each font, so the file prints the same everywhere.

Registering a 5 MB TrueType font costs ~0.1-0.2 s, so it happens once per
process (``load_fonts`` is cached). A character that no font has is replaced
by "?" and reported, never drawn as an empty box.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from models.paths import FONT_DIR

logger = logging.getLogger(__name__)
SHIPPED_FONT = FONT_DIR / "wqy-microhei.ttc"
# role -> Windows file name; a .ttc holds several faces, the first (index 0) is the regular one.
WINDOWS_FONTS = {"body": "simsun.ttc", "heading": "simhei.ttf", "narrative": "simfang.ttf"}
MISSING_MARK = "?"


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # subfont index inside a .ttc collection

    @property
    def name(self) -> str:
        """The reportlab font name: one per file, so a file shared by roles registers once."""
        return f"hrh-{self.path.stem.lower()}-{self.index}"


def windows_font_dir() -> Path | None:
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    return Path(windir) / "Fonts" if windir else None


def find_font_files(windows_dir: Path | None = None, shipped: Path = SHIPPED_FONT) -> dict[str, FontFile]:
    """Which file serves each role: the Windows font when present, else the shipped one."""
    out: dict[str, FontFile] = {}
    for role, filename in WINDOWS_FONTS.items():
        candidate = windows_dir / filename if windows_dir else None
        out[role] = FontFile(candidate) if candidate and candidate.is_file() else FontFile(shipped)
    return out


@dataclass
class FontSet:
    """The registered fonts: a reportlab name per role, plus the fallback used for characters a role lacks."""

    names: dict[str, str]
    fallback: str
    _glyphs: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    def has(self, font: str, char: str) -> bool:
        return ord(char) in self._glyphs[font]

    def markup(self, text: str, role: str = "body", missing: set[str] | None = None) -> str:
        """Paragraph markup for ``text``: escaped, characters the role's font lacks set in
        the fallback font, characters no font has replaced by "?" and added to ``missing``."""
        font = self.names[role]
        out: list[str] = []
        run: list[str] = []  # consecutive characters in the fallback font

        def flush() -> None:
            if run:
                out.append(f'<font name="{self.fallback}">{escape("".join(run))}</font>')
                run.clear()

        for ch in text:
            if ch in "\n\r\t" or self.has(font, ch):
                flush()
                out.append(escape(ch))
            elif self.has(self.fallback, ch):
                run.append(ch)
            else:
                flush()
                if missing is not None:
                    missing.add(ch)
                out.append(MISSING_MARK)
        flush()
        return "".join(out)

    def plain(self, text: str, role: str = "body", missing: set[str] | None = None) -> str:
        """Text for drawing directly on the canvas (one font): characters it lacks become "?"."""
        font = self.names[role]
        out = []
        for ch in text:
            if self.has(font, ch):
                out.append(ch)
            else:
                if missing is not None:
                    missing.add(ch)
                out.append(MISSING_MARK)
        return "".join(out)


def register_fonts(files: dict[str, FontFile]) -> FontSet:
    """Register ``files`` with reportlab (each file once); a role whose file will not load gets the shipped font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    glyphs: dict[str, frozenset[int]] = {}

    def register(ff: FontFile) -> None:
        if ff.name not in glyphs:
            font = TTFont(ff.name, str(ff.path), subfontIndex=ff.index)
            pdfmetrics.registerFont(font)
            glyphs[ff.name] = frozenset(font.face.charToGlyph)

    shipped = FontFile(SHIPPED_FONT)
    register(shipped)
    names: dict[str, str] = {}
    for role, ff in files.items():
        try:
            register(ff)
            names[role] = ff.name
        except Exception:  # a damaged or unembeddable system font: the shipped one serves
            logger.warning("字体 %s 无法使用，改用程序自带字体", ff.path, exc_info=True)
            names[role] = shipped.name
    return FontSet(names, shipped.name, glyphs)


@cache
def load_fonts() -> FontSet:
    """The fonts for this PC, registered with reportlab once per process."""
    return register_fonts(find_font_files(windows_font_dir()))
