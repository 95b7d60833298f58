"""Cells of the Excel return: styles, user text made safe, figures as Excel stores them,
long paragraphs cut into rows, labels with what a figure covers. No layout of a sheet here
(formats.xlsx_sheet, formats.xlsx_sections) and no database (formats.xlsx_export)."""

from __future__ import annotations

import re
from copy import copy
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from formats.xlsx_layout import display_width
from models.data import ReturnData

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

FONT_NAME = "宋体"
BLANK_ALLOWANCE_ROWS = 10
MAX_LINES_PER_ROW = 24  # a row is at most 409 points high; longer paragraphs continue below
LINE_HEIGHT = 14.5
# Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE, U+FFFF): the importers
# refuse or remove them, and the writer drops any that got into the database before that,
# so an export is always a readable file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Column widths (Excel units): indicator sheets and the narrative sheet share the A–F grid.
INDICATOR_WIDTHS = (36, 25, 8, 11, 11, 11)
TEXT_WIDTHS = (20, 20, 17, 17, 16, 16)


def clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def writable(data: ReturnData) -> ReturnData:
    """The return as the file can hold it: every text without what XML forbids (a database
    written before the importers refused such characters may still hold some). The checksum
    is made over this, so the file reads back as untouched."""
    sig = data.signatories
    return replace(
        data,
        unit=replace(data.unit, name=clean(data.unit.name)),
        texts={k: clean(v) for k, v in data.texts.items()},
        explanations={k: clean(v) for k, v in data.explanations.items()},
        allowances=[replace(a, name=clean(a.name), unit_name=clean(a.unit_name)) for a in data.allowances],
        signatories=replace(sig, unit_head=clean(sig.unit_head), stats_head=clean(sig.stats_head), filled_by=clean(sig.filled_by), phone=clean(sig.phone)),
    )


def number(value: Decimal | None, ind_decimals: int) -> int | Decimal | str | None:
    """A figure as Excel stores it; beyond 15 significant digits a double is not exact, so text."""
    if value is None:
        return None
    if ind_decimals == 0:
        return int(value)
    if len(value.as_tuple().digits) > 15:
        return f"{value:.{ind_decimals}f}"
    return value


class Styles:
    """Fonts, borders and fills made once per workbook (openpyxl shares equal styles)."""

    def __init__(self) -> None:
        from openpyxl.styles import (
            Alignment,
            Border,
            Font,
            PatternFill,
            Protection,
            Side,
        )

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.underline = Border(bottom=thin)
        self.title = Font(name=FONT_NAME, size=16, bold=True)
        self.subtitle = Font(name=FONT_NAME, size=13, bold=True)
        self.body = Font(name=FONT_NAME, size=11)
        self.bold = Font(name=FONT_NAME, size=11, bold=True)
        self.small = Font(name=FONT_NAME, size=10)
        self.heading_row = Font(name=FONT_NAME, size=11, bold=True)
        self.heading_fill = PatternFill("solid", fgColor="E8E8E8")
        self.computed_fill = PatternFill("solid", fgColor="F4F4F4")
        self.input_fill = PatternFill("solid", fgColor="FFFDE7")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.left_top = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center", indent=1)
        self.unlocked = Protection(locked=False)
        self._indent: dict[int, Any] = {}
        self._cache: dict[tuple[object, ...], Any] = {}
        self._indexes: dict[int, int] = {}  # id of a style object -> its place in the workbook's table

    def apply(self, c: Cell, font: Any, align: Any, border: Any, fmt: str | None, fill: Any, locked: bool) -> None:
        """Give a cell its style. openpyxl hashes every style object on each assignment, which
        made styling most of the export time; equal combinations now reuse the style record
        of the first cell that had them (as openpyxl's own worksheet copy does), and that
        record is made from each style object's place in the workbook's tables, found once
        per object (as openpyxl's style descriptors would, hashing it every time)."""
        key = (id(font), id(align), id(border), fmt, id(fill), locked)
        cached = self._cache.get(key)
        if cached is None:
            from openpyxl.styles.cell_style import StyleArray
            from openpyxl.styles.numbers import (
                BUILTIN_FORMATS_MAX_SIZE,
                BUILTIN_FORMATS_REVERSE,
            )

            wb = c.parent.parent
            cached = StyleArray() if c._style is None else StyleArray(c._style)
            cached.fontId = self._index(wb._fonts, font)
            if align is not None:
                cached.alignmentId = self._index(wb._alignments, align)
            if border is not None:
                cached.borderId = self._index(wb._borders, border)
            if fmt:
                cached.numFmtId = BUILTIN_FORMATS_REVERSE[fmt] if fmt in BUILTIN_FORMATS_REVERSE else wb._number_formats.add(fmt) + BUILTIN_FORMATS_MAX_SIZE
            if fill is not None:
                cached.fillId = self._index(wb._fills, fill)
            if not locked:
                cached.protectionId = self._index(wb._protections, self.unlocked)
            self._cache[key] = cached
        c._style = copy(cached)

    def _index(self, table: Any, style: Any) -> int:
        """The place of one of our style objects in a table of the workbook, added the first time."""
        found = self._indexes.get(id(style))
        if found is None:
            found = self._indexes[id(style)] = table.add(style)
        return int(found)

    def indent(self, level: int) -> Any:
        from openpyxl.styles import Alignment

        if level not in self._indent:
            self._indent[level] = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * level)
        return self._indent[level]


def covered_label(label: str, coverage: str, ytd_coverage: str = "") -> str:
    """An indicator's label with what its figures cover where not all, printed beside it (the
    figure's cell stays a number): "其中：女性（3/4 个单位填报）", "录用人数（本年累计：第1、3季度）"."""
    notes = [n for n in (coverage, f"本年累计：{ytd_coverage}" if ytd_coverage else "") if n]
    return f"{label}（{'；'.join(notes)}）" if notes else label


def coverage_line(columns: list[tuple[str, tuple[str, ...]]], coverage: dict[str, str], ratio_basis: dict[str, str]) -> str:
    """Under a 汇总表's 合计: which of its (column label, codes) not every unit reported."""
    said: list[str] = []
    for label, codes in columns:
        note = ratio_basis.get(codes[0]) if codes[0] in ratio_basis else "；".join(dict.fromkeys(n for c in codes if (n := coverage.get(c))))
        if note:
            said.append(f"{label.rstrip('%')} {note}")
    return f"说明：合计中，{'；'.join(said)}；空白单元格为未填报，不是0。" if said else ""


def header_text(value: str) -> str:
    return clean(value).replace("&", "&&")


def paragraph_pieces(text: str, max_width: int) -> list[tuple[str, bool]]:
    """Split a text into rows: one per paragraph, long paragraphs in chunks of at most
    ``max_width`` display units; (piece, continues the previous row)."""
    pieces: list[tuple[str, bool]] = []
    for para in text.split("\n"):
        chunk: list[str] = []
        width, continued = 0, False
        for ch in para:
            w = display_width(ch)
            if width + w > max_width and chunk:
                pieces.append(("".join(chunk), continued))
                chunk, width, continued = [], 0, True
            chunk.append(ch)
            width += w
        pieces.append(("".join(chunk), continued))
    return pieces


def text(cell: Cell, value: str) -> None:
    """Put user text in a cell as text, never a formula (=, +, -, @ stay literal), and
    never a character XML cannot hold."""
    value = clean(value)[:32767]  # Excel's limit, as openpyxl's own check cuts it
    # Straight into the cell: openpyxl's setter would infer the type and search the text
    # again for the characters clean() has just removed.
    cell._value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
