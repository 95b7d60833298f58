"""A quick reader of plain .xlsx workbooks, giving what openpyxl's read-only mode gives.

A province imports ~1,500 files a quarter; openpyxl spends ~90 % of an import building
its objects (stylesheet, theme, an element tree per row). This reads the same parts and
hands ``xlsx_import.read_workbook`` cells with the same ``value``, ``data_type`` and
``number_format`` openpyxl would give (read-only, ``data_only=False``). It reads only the
common shape — the files this program writes, and what Excel, WPS and LibreOffice write
when a clerk saves one — and says so by returning None for anything else (a formula, a
1904 date system, a date-typed cell, an unknown cell type, any parsing trouble):
openpyxl then reads that file, so the rules and the messages stay the ones of
openpyxl's reading.

The small parts (workbook, relationships, styles, shared strings) are parsed here with
expat, the sheet data by formats.xlsx_scan. A quarter's files come from one program and
share these parts: what was read from one is kept by its bytes, in a bounded cache.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from formats.xlsx_container import Package
from formats.xlsx_scan import (
    EMPTY,
    MAIN,
    STRICT,
    FastCell,
    Unsupported,
    local_name,
    parse_xml,
    sheet_rows,
)

__all__ = ["FastCell", "FastSheet", "FastWorkbook", "fast_workbook"]
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


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


T = TypeVar("T")
_PARTS: dict[tuple[str, bytes], Any] = {}  # (what, the part's bytes) -> what was read from it
_PART_CACHE_BYTES = 64 * 1024  # larger parts (long shared strings) are read each time


def _cached(what: str, raw: bytes, read: Callable[[bytes], T]) -> T:
    if len(raw) > _PART_CACHE_BYTES:
        return read(raw)
    key = (what, raw)
    if key not in _PARTS:
        if len(_PARTS) >= 32:
            _PARTS.clear()
        _PARTS[key] = read(raw)
    result: T = _PARTS[key]
    return result


def _relationships(raw: bytes) -> dict[str, str]:
    rels: dict[str, str] = {}

    def rel(tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{PKG_REL} Relationship":
            if attrs.get("TargetMode") == "External":
                return
            rels[attrs["Id"]] = attrs["Target"]

    parse_xml(raw, rel)
    return rels


def _sheet_targets(raw: bytes) -> list[tuple[str, str]]:
    """(title, relationship id) of every worksheet, in the workbook's order."""
    found: list[tuple[str, str]] = []

    def book(tag: str, attrs: dict[str, str]) -> None:
        ns, name = local_name(tag)
        if ns == STRICT:
            raise Unsupported("strict OOXML")
        if name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            raise Unsupported("1904 dates")
        if name == "sheet" and ns == MAIN:
            found.append((attrs["name"], attrs.get(f"{REL} id", "")))

    parse_xml(raw, book)
    return found


def _sheets(package: Package) -> list[tuple[str, str]]:
    """(title, member) of every worksheet, in the workbook's order."""
    rels = _cached("rels", package.read("xl/_rels/workbook.xml.rels"), _relationships)
    found = []
    for title, rid in _cached("workbook", package.read("xl/workbook.xml"), _sheet_targets):
        target = rels.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if member not in package.names or not member.startswith("xl/worksheets/"):
            raise Unsupported(f"sheet part {target} missing or not a worksheet")
        found.append((title, member))
    return found


def _shared_strings(raw: bytes) -> list[str]:
    strings: list[str] = []
    parts: list[str] = []
    depth = {"si": False, "t": False, "rPh": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        _, name = local_name(tag)
        if name == "si":
            depth["si"] = True
            parts.clear()
        elif name == "rPh":  # phonetic runs are not part of the text (as openpyxl reads it)
            depth["rPh"] += 1
        elif name == "t" and depth["si"] and not depth["rPh"]:
            depth["t"] = True

    def end(tag: str) -> None:
        _, name = local_name(tag)
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

    parse_xml(raw, start, end, text)
    return strings


def _number_formats(raw: bytes) -> tuple[str, ...]:
    """The number format of each cell style (cellXfs), by style index."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    custom: dict[int, str] = {}
    formats: list[str] = []
    inside = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        _, name = local_name(tag)
        if name == "numFmt":
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "General")
        elif name == "cellXfs":
            inside["cellXfs"] = True
        elif name == "xf" and inside["cellXfs"]:
            fid = int(attrs.get("numFmtId", "0"))
            formats.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))

    def end(tag: str) -> None:
        if local_name(tag)[1] == "cellXfs":
            inside["cellXfs"] = False

    parse_xml(raw, start, end)
    return tuple(formats)


def fast_workbook(source: Path | Package, max_rows: int) -> FastWorkbook | None:
    """The workbook's cells as openpyxl's read-only mode gives them, or None when the file is
    not of the common shape (openpyxl reads it then). Sheets are read up to ``max_rows`` + 1
    rows: a longer one is refused by the reader whatever follows. ``source``: the file, or
    its parts as formats.xlsx_container.check_container read them."""
    try:
        package = source if isinstance(source, Package) else _package(source)
        if "xl/_rels/workbook.xml.rels" not in package.names:
            return None
        sheets = _sheets(package)
        strings = _cached("strings", package.read("xl/sharedStrings.xml"), _shared_strings) if "xl/sharedStrings.xml" in package.names else []
        formats = _cached("styles", package.read("xl/styles.xml"), _number_formats) if "xl/styles.xml" in package.names else ()
        return FastWorkbook({title: FastSheet(sheet_rows(package.read(member), strings, formats, max_rows)) for title, member in sheets})
    except (Unsupported, KeyError, ValueError, IndexError, OverflowError, zipfile.BadZipFile, OSError):
        return None


def _package(path: Path) -> Package:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        return Package(path, names, {n: zf.read(n) for n in names if n.endswith((".xml", ".rels"))})
