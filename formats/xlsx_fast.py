"""A quick reader of plain .xlsx workbooks, giving what openpyxl's read-only mode gives.

A province imports ~1,500 files a quarter; openpyxl spends ~90 % of an import building
its objects (stylesheet, theme, an element tree per row). This reads the same parts
with expat callbacks and hands ``xlsx_import.read_workbook`` cells with the same
``value``, ``data_type`` and ``number_format`` openpyxl would give (read-only,
``data_only=False``). It reads only the common shape — the files this program writes,
and what Excel, WPS and LibreOffice write when a clerk saves one — and says so by
returning None for anything else (a formula, a 1904 date system, a date-typed cell, an
unknown cell type, any parsing trouble): openpyxl then reads that file, so the rules
and the messages stay the ones of openpyxl's reading.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class _Unsupported(Exception):
    """Not the common shape: openpyxl reads this file."""


@dataclass(frozen=True)
class FastCell:
    value: Any
    data_type: str = "n"
    number_format: str | None = "General"


EMPTY = FastCell(None, "n", None)  # a cell not in the file (openpyxl's EMPTY_CELL)


class FastSheet:
    def __init__(self, rows: list[list[FastCell]]) -> None:
        self.rows = rows

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None, values_only: bool = False) -> Iterator[Any]:
        last = len(self.rows) if max_row is None else min(max_row, len(self.rows))
        for raw in self.rows[min_row - 1 : last]:
            width = max_col if max_col is not None else len(raw)
            cells = raw[:width] + [EMPTY] * max(0, width - len(raw))
            yield tuple(c.value for c in cells) if values_only else tuple(cells)


class FastWorkbook:
    def __init__(self, sheets: dict[str, FastSheet]) -> None:
        self.sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, title: str) -> FastSheet:
        return self.sheets[title]

    def close(self) -> None:
        pass


def _doctype(*_args: object) -> NoReturn:
    # DTDs and entities are how XML bombs and external entities come in: openpyxl reads the
    # file then, through defusedxml, which refuses it with the reader's message.
    raise _Unsupported("a DOCTYPE")


def _parser() -> Any:
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _doctype
    p.EntityDeclHandler = _doctype
    p.ExternalEntityRefHandler = _doctype
    return p


def _local(tag: str) -> tuple[str, str]:
    ns, _, name = tag.rpartition(" ")
    return ns, name


def _parse(xml: bytes, start: Any, end: Any = None, text: Any = None) -> None:
    p = _parser()
    p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    if text is not None:
        p.CharacterDataHandler = text
    try:
        p.Parse(xml, True)
    except expat.ExpatError as exc:
        raise _Unsupported(str(exc)) from None


def _sheets(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(title, member) of every worksheet, in the workbook's order."""
    rels: dict[str, str] = {}

    def rel(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{PKG_REL} Relationship":
            if attrs.get("TargetMode") == "External":
                return
            rels[attrs["Id"]] = attrs["Target"]

    _parse(zf.read("xl/_rels/workbook.xml.rels"), rel)
    found: list[tuple[str, str]] = []

    def book(tag: str, attrs: dict[str, str]) -> None:
        ns, name = _local(tag)
        if ns == STRICT:
            raise _Unsupported("strict OOXML")
        if name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            raise _Unsupported("1904 dates")
        if name == "sheet" and ns == MAIN:
            target = rels.get(attrs.get(f"{REL} id", ""), "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if member not in names or not member.startswith("xl/worksheets/"):
                raise _Unsupported(f"sheet part {target} missing or not a worksheet")
            found.append((attrs["name"], member))

    _parse(zf.read("xl/workbook.xml"), book)
    return found


def _shared_strings(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    strings: list[str] = []
    parts: list[str] = []
    depth = {"si": False, "t": False, "rPh": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        _, name = _local(tag)
        if name == "si":
            depth["si"] = True
            parts.clear()
        elif name == "rPh":  # phonetic runs are not part of the text (as openpyxl reads it)
            depth["rPh"] += 1
        elif name == "t" and depth["si"] and not depth["rPh"]:
            depth["t"] = True

    def end(tag: str) -> None:
        _, name = _local(tag)
        if name == "si":
            strings.append("".join(parts))
            depth["si"] = False
        elif name == "rPh":
            depth["rPh"] -= 1
        elif name == "t":
            depth["t"] = False

    def text(data: str) -> None:
        if depth["t"]:
            parts.append(data)

    _parse(zf.read("xl/sharedStrings.xml"), start, end, text)
    return strings


def _number_formats(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The number format of each cell style (cellXfs), by style index."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    if "xl/styles.xml" not in names:
        return []
    custom: dict[int, str] = {}
    formats: list[str] = []
    inside = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        _, name = _local(tag)
        if name == "numFmt":
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "General")
        elif name == "cellXfs":
            inside["cellXfs"] = True
        elif name == "xf" and inside["cellXfs"]:
            fid = int(attrs.get("numFmtId", "0"))
            formats.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))

    def end(tag: str) -> None:
        if _local(tag)[1] == "cellXfs":
            inside["cellXfs"] = False

    _parse(zf.read("xl/styles.xml"), start, end)
    return formats


def _column(ref: str) -> int:
    col = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            col = col * 26 + ord(ch) - 64
        else:
            break
    return col


def _number(text: str) -> int | float:
    # as openpyxl: a decimal point or an exponent makes a float
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


_MAIN_TAGS = {f"{MAIN} {name}": name for name in ("c", "row", "v", "f", "is", "t", "rPh")}


def _sheet_rows(xml: bytes, strings: list[str], formats: list[str], max_rows: int) -> list[list[FastCell]]:
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import from_excel

    rows: list[list[FastCell]] = []
    state: dict[str, Any] = {"row": 0, "col": 0, "type": "n", "style": 0, "in_v": False, "in_is_t": False, "in_c": False, "rph": 0, "inline": False}
    text: list[str] = []
    current: list[FastCell] = []
    date_format: dict[str, bool] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = _MAIN_TAGS.get(tag)
        if name is None:
            if tag.startswith(STRICT):
                raise _Unsupported("strict OOXML")
            return
        if name == "c":
            state["in_c"] = True
            ref = attrs.get("r")
            state["col"] = _column(ref) if ref else state["col"] + 1
            state["type"] = attrs.get("t", "n")
            state["style"] = int(attrs.get("s", "0"))
            state["inline"] = False
            text.clear()
        elif name == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r else state["row"] + 1
            state["col"] = 0
            current.clear()
            if state["row"] > max_rows + 1:
                raise _Stop
        elif name == "v" and state["in_c"]:
            state["in_v"] = True
        elif name == "f" and state["in_c"]:
            raise _Unsupported("formula")
        elif name == "is" and state["in_c"]:
            state["inline"] = True
        elif name == "rPh":
            state["rph"] += 1
        elif name == "t" and state["in_c"] and not state["rph"]:
            state["in_is_t"] = True

    def end(tag: str) -> None:
        name = _MAIN_TAGS.get(tag)
        if name == "v":
            state["in_v"] = False
        elif name == "t":
            state["in_is_t"] = False
        elif name == "rPh":
            state["rph"] -= 1
        elif name == "c":
            state["in_c"] = False
            kind, raw = state["type"], "".join(text)
            style = state["style"]
            fmt = formats[style] if style < len(formats) else "General"
            if kind == "inlineStr":  # as openpyxl: typed 's' only when the <is> element is there
                cell = FastCell(raw, "s", fmt) if state["inline"] else FastCell(None, kind, fmt)
            elif not raw:
                cell = FastCell(None, kind, fmt)  # openpyxl keeps the stated type of an empty cell
            elif kind == "n":
                value = _number(raw)
                is_date = date_format.get(fmt)
                if is_date is None:
                    if is_timedelta_format(fmt):
                        raise _Unsupported("a duration format")
                    is_date = date_format[fmt] = is_date_format(fmt)
                cell = FastCell(from_excel(value), "d", fmt) if is_date else FastCell(value, "n", fmt)
            elif kind == "s":
                cell = FastCell(strings[int(raw)], "s", fmt)
            elif kind == "str":
                cell = FastCell(raw, "s", fmt)
            elif kind == "b":
                cell = FastCell(bool(int(raw)) if raw else None, "b", fmt)
            elif kind == "e":
                cell = FastCell(raw, "e", fmt)
            else:
                raise _Unsupported(f"cell type {kind}")
            col = state["col"]
            if col > len(current):
                current.extend([EMPTY] * (col - 1 - len(current)))
                current.append(cell)
            else:
                raise _Unsupported("cells out of order")
        elif name == "row":
            r = state["row"]
            if r <= len(rows):
                raise _Unsupported("rows out of order")
            rows.extend([] for _ in range(r - 1 - len(rows)))
            rows.append(list(current))

    def chars(data: str) -> None:
        if state["in_v"] or state["in_is_t"]:
            text.append(data)

    try:
        _parse(xml, start, end, chars)
    except _Stop:
        pass
    return rows


class _Stop(Exception):
    """Enough rows read (the reader refuses more than MAX_ROWS anyway)."""


def fast_workbook(path: Path, max_rows: int) -> FastWorkbook | None:
    """The workbook's cells as openpyxl's read-only mode gives them, or None when the file is
    not of the common shape (openpyxl reads it then). Sheets are read up to ``max_rows`` + 1
    rows: a longer one is refused by the reader whatever follows."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/_rels/workbook.xml.rels" not in names:
                return None
            sheets = _sheets(zf, names)
            strings = _shared_strings(zf, names)
            formats = _number_formats(zf, names)
            return FastWorkbook({title: FastSheet(_sheet_rows(zf.read(member), strings, formats, max_rows)) for title, member in sheets})
    except (_Unsupported, KeyError, ValueError, IndexError, OverflowError, zipfile.BadZipFile, OSError):
        return None
