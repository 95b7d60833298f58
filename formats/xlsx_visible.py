"""What Excel shows of a workbook, so the importer can hold a file to it.

openpyxl's fast read-only mode gives cell values and number formats but not which
sheets are hidden, which rows are hidden or which cells are covered by a merge. Those
are read here straight from the workbook's XML (one pass over each sheet with regular
expressions; the container was checked for size before), and a number format is
judged by how it would show a value: the importer refuses a value that Excel hides or
replaces by other text, and notes one that Excel shows scaled, rounded or as a percentage.
"""

from __future__ import annotations

import bisect
import html
import re
import zipfile
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from formats.xlsx_container import Package

MAX_MERGES = 5000  # merged ranges on one sheet; an exported sheet has about a hundred

_TAG = {name: re.compile(rb"<" + name + rb"\b[^>]*>") for name in (b"sheet", b"Relationship")}
_HIDDEN = re.compile(rb'<(?:\w+:)?(row|col)\b[^>]*\bhidden="(?:1|true)"[^>]*>')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"')


def _attr(tag: bytes, name: bytes) -> bytes:
    m = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
    return m.group(1) if m else b""


def _hidden_tags(xml: bytes) -> Iterator[re.Match[bytes]]:
    """What ``_HIDDEN.finditer`` finds, tried only where a hidden attribute is."""
    seen = -1
    at = xml.find(b'hidden="')
    while at >= 0:
        start = xml.rfind(b"<", 0, at)
        if start > seen and (m := _HIDDEN.match(xml, start)) is not None and m.end() > at:
            seen = start
            yield m
        at = xml.find(b'hidden="', at + 8)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


@dataclass
class SheetView:
    """One worksheet as Excel shows it."""

    title: str
    state: str = "visible"  # visible | hidden | veryHidden
    hidden: set[str] = field(default_factory=set)  # "row", "col": some are hidden
    hidden_columns: set[int] = field(default_factory=set)  # which columns (of the first 64)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)
    _by_column: dict[int, tuple[list[int], list[tuple[int, int, int, int]]]] | None = None
    _covered: set[tuple[int, int]] | Container[tuple[int, int]] | None = None

    def covered(self) -> set[tuple[int, int]] | Container[tuple[int, int]]:
        """The cells (row, column) inside a merge, but its top-left one, among the first 64
        columns: a set when there are not too many, else something as quick to ask."""
        if self._covered is None:
            size = sum((m[2] - m[0] + 1) * (min(m[3], 64) - m[1] + 1) for m in self.merges if m[1] <= 64)
            if size > 100_000:
                self._covered = _Covering(self)
            else:
                self._covered = {(r, c) for m in self.merges for r in range(m[0], m[2] + 1) for c in range(m[1], min(m[3], 64) + 1) if (r, c) != (m[0], m[1])}
        return self._covered

    def covering(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range that hides this cell (it is inside a merge, not its top-left cell)."""
        if self._by_column is None:
            index: dict[int, list[tuple[int, int, int, int]]] = {}
            for m in self.merges:
                for c in range(m[1], min(m[3], 64) + 1):  # the importer reads the first columns only
                    index.setdefault(c, []).append(m)
            self._by_column = {c: ([m[0] for m in ms], ms) for c, ms in ((c, sorted(ms)) for c, ms in index.items())}
        starts, ranges = self._by_column.get(col, ([], []))
        i = bisect.bisect_right(starts, row) - 1
        if i < 0:
            return None
        m = ranges[i]
        if m[2] >= row and (row, col) != (m[0], m[1]):
            return m
        return None


class _Covering:
    """``(row, col) in covering``: the cell is inside a merge (huge merges: asked one by one)."""

    def __init__(self, view: SheetView) -> None:
        self.view = view

    def __contains__(self, cell: object) -> bool:
        return isinstance(cell, tuple) and self.view.covering(*cell) is not None


def range_ref(m: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(m[1])}{m[0]}:{get_column_letter(m[3])}{m[2]}"


def workbook_view(source: Path | Package) -> dict[str, SheetView]:
    """Every worksheet of an xlsx file by title: its state, hidden rows/columns, merges.
    ``source``: the file, or its parts as formats.xlsx_container.check_container read them."""
    if isinstance(source, Package):
        return _views(source.names, source.read)
    with zipfile.ZipFile(source) as zf:
        return _views(set(zf.namelist()), zf.read)


def _views(names: set[str], read: Callable[[str], bytes]) -> dict[str, SheetView]:
    views: dict[str, SheetView] = {}
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return views
    rels = {_attr(t, b"Id"): _attr(t, b"Target") for t in _TAG[b"Relationship"].findall(read("xl/_rels/workbook.xml.rels"))}
    for tag in _TAG[b"sheet"].findall(read("xl/workbook.xml")):
        title = html.unescape(_attr(tag, b"name").decode("utf-8", "replace"))
        view = SheetView(title, _attr(tag, b"state").decode("ascii", "replace") or "visible")
        views[title] = view
        target = rels.get(_attr(tag, b"r:id"), b"").decode("utf-8", "replace").lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        if member not in names:
            continue
        xml = read(member)
        for m in _hidden_tags(xml):
            view.hidden.add(m.group(1).decode())
            if m.group(1) == b"col":
                first, last = _attr(m.group(0), b"min"), _attr(m.group(0), b"max")
                if first.isdigit() and last.isdigit():
                    view.hidden_columns |= set(range(int(first), min(int(last), 64) + 1))
        merges = xml.find(b"mergeCell")  # the regular expression from there: ~20x quicker on a return
        for i, m in enumerate(_MERGE.finditer(xml, max(xml.rfind(b"<", 0, merges), 0)) if merges >= 0 else ()):
            if i >= MAX_MERGES:
                break
            r1, c1, r2, c2 = int(m.group(2)), _column(m.group(1)), int(m.group(4)), _column(m.group(3))
            view.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return views


# ---- number formats -------------------------------------------------------------
_DATE_TOKENS = set("yYmMdDhHsS")


@dataclass(frozen=True)
class Section:
    """One section of a number format, split into what it shows."""

    placeholders: int  # 0 # ? (digit positions)
    decimals: int  # placeholders after the decimal point
    literal: str  # text shown as it is (quoted, escaped, or plain letters)
    percent: bool
    scaled: bool  # a comma after the last digit placeholder divides by 1,000
    scientific: bool
    fraction: bool
    date: bool
    condition: bool
    general: bool
    text_at: bool  # the @ of a text section


def _sections(fmt: str) -> list[str]:
    out, current, i, quoted = [], [], 0, False
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "\\" and i + 1 < len(fmt):
            current.append(fmt[i : i + 2])
            i += 2
            continue
        elif not quoted and ch == ";":
            out.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    out.append("".join(current))
    return out


def parse_section(sec: str) -> Section:
    placeholders = decimals = 0
    literal: list[str] = []
    percent = scientific = fraction = date = condition = general = text_at = False
    after_point = False
    pending_comma = False
    i = 0
    while i < len(sec):
        ch = sec[i]
        if ch == '"':
            end = sec.find('"', i + 1)
            end = len(sec) if end < 0 else end
            literal.append(sec[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(sec):
            literal.append(sec[i + 1])
            i += 2
            continue
        if ch in "_*" and i + 1 < len(sec):  # a space as wide as the next char; a fill character
            i += 2
            continue
        if ch == "[":
            end = sec.find("]", i)
            end = len(sec) if end < 0 else end
            inner = sec[i + 1 : end]
            if inner[:1] in "<>=":
                condition = True
            elif inner.startswith("$") and "-" in inner:
                literal.append(inner[1 : inner.index("-")])  # [$€-407]: a currency sign
            elif inner[:1].lower() in ("h", "m", "s"):
                date = True
            i = end + 1
            continue
        if sec[i : i + 7].lower() == "general":
            general = True
            i += 7
            continue
        if ch in "0#?":
            placeholders += 1
            if after_point:
                decimals += 1
            pending_comma = False
        elif ch == ".":
            after_point = True
        elif ch == ",":
            pending_comma = placeholders > 0
            i += 1
            continue
        elif ch == "%":
            percent = True
        elif ch in "eE" and i + 1 < len(sec) and sec[i + 1] in "+-":
            scientific = True
            i += 2
            continue
        elif ch == "/" and placeholders:
            fraction = True
        elif ch == "@":
            text_at = True
        elif ch in _DATE_TOKENS:
            date = True
        elif ch not in " ()-+$:^'{}<>=!&~":
            literal.append(ch)
        i += 1
    # A comma after the last digit placeholder divides by 1,000 (one between them groups digits).
    return Section(placeholders, decimals, "".join(literal), percent, pending_comma, scientific, fraction, date, condition, general, text_at)


def how_shown(fmt: str | None, value: object) -> tuple[str, bool] | None:
    """How ``fmt`` makes Excel show ``value`` other than it is stored: (what the clerk
    sees, True when the stored value cannot be read from it at all), or None when it is
    shown as it is."""
    if not fmt or fmt in ("General", "@"):
        return None
    sections = _sections(fmt)
    if isinstance(value, str):
        if len(sections) >= 4 and not parse_section(sections[3]).text_at:
            return ("被数字格式隐藏或换成了别的文字", True)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return None
    if number > 0 or len(sections) < 2:
        index = 0
    elif number < 0:
        index = 1
    else:
        index = 2 if len(sections) >= 3 else 0
    if index >= len(sections):
        index = 0
    sec = parse_section(sections[index])
    if sec.condition:
        return ("按条件显示，显示的可能不是这个数", True)
    if sec.date:
        return ("显示为日期或时间", True)
    if not sec.placeholders and not sec.general:
        if sec.literal.strip():
            return (f"显示为文字“{sec.literal[:20]}”", True)
        return ("被隐藏（显示为空白）", True)
    if any(ch.isdigit() for ch in sec.literal):
        return (f"显示时带有数字文字“{sec.literal[:20]}”", True)
    if sec.percent:
        return ("显示为百分数（乘以100）", False)
    if sec.scaled:
        return ("按千（或百万）缩放显示", False)
    if sec.scientific:
        return ("用科学计数法显示", False)
    if sec.fraction:
        return ("显示为分数", False)
    if not sec.general and sec.decimals < 30 and number != number.quantize(Decimal(1).scaleb(-sec.decimals)):
        return (f"四舍五入显示为 {sec.decimals} 位小数", False)
    return None
