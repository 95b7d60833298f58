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

The small parts (workbook, relationships, styles, shared strings) are parsed with expat;
the sheet data with regular expressions (see ``_sheet_rows``). A quarter's files come
from one program and share their styles and most of their cells (labels, codes,
units): what was parsed is kept by its bytes, in bounded caches, and not parsed again.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, TypeVar
from xml.parsers import expat

from formats.xlsx_container import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


class _Unsupported(Exception):
    """Not the common shape: openpyxl reads this file."""


class FastCell(NamedTuple):
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


T = TypeVar("T")
_PARTS: dict[tuple[str, bytes], Any] = {}  # (what, the part's bytes) -> what was read from it
_PART_CACHE_BYTES = 256 * 1024  # larger parts (long shared strings) are read each time


def _cached(what: str, raw: bytes, read: Callable[[bytes], T]) -> T:
    if len(raw) > _PART_CACHE_BYTES:
        return read(raw)
    key = (what, raw)
    if key not in _PARTS:
        if len(_PARTS) >= 64:
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

    _parse(raw, rel)
    return rels


def _sheet_targets(raw: bytes) -> list[tuple[str, str]]:
    """(title, relationship id) of every worksheet, in the workbook's order."""
    found: list[tuple[str, str]] = []

    def book(tag: str, attrs: dict[str, str]) -> None:
        ns, name = _local(tag)
        if ns == STRICT:
            raise _Unsupported("strict OOXML")
        if name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            raise _Unsupported("1904 dates")
        if name == "sheet" and ns == MAIN:
            found.append((attrs["name"], attrs.get(f"{REL} id", "")))

    _parse(raw, book)
    return found


def _sheets(package: Package) -> list[tuple[str, str]]:
    """(title, member) of every worksheet, in the workbook's order."""
    rels = _cached("rels", package.read("xl/_rels/workbook.xml.rels"), _relationships)
    found = []
    for title, rid in _cached("workbook", package.read("xl/workbook.xml"), _sheet_targets):
        target = rels.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if member not in package.names or not member.startswith("xl/worksheets/"):
            raise _Unsupported(f"sheet part {target} missing or not a worksheet")
        found.append((title, member))
    return found


def _shared_strings(raw: bytes) -> list[str]:
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

    _parse(raw, start, end, text)
    return strings


def _number_formats(raw: bytes) -> tuple[str, ...]:
    """The number format of each cell style (cellXfs), by style index."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

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

    _parse(raw, start, end)
    return tuple(formats)


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


# The shapes of <sheetData> read here (``_sheet_rows``).
_ATTRS = rb'(?:\s+[\w:.-]+\s*=\s*"[^"<&]*")*'
_TOKEN = re.compile(rb"<c(" + _ATTRS + rb')\s*(?:/>|>(.*?)</c\s*>)|<row(' + _ATTRS + rb")\s*(/?)>|</row\s*>|\s+", re.S)
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')
_CELL_ATTRS = re.compile(rb'\s+r="([A-Z]{1,3})(\d{1,7})"(?:\s+s="(\d{1,6})")?(?:\s+t="(\w{1,9})")?')
_VALUE = re.compile(rb'\s*(?:<v>([^<]*)</v>|<v\s*/>)?\s*')
_INLINE = re.compile(rb'\s*(?:<is>\s*(?:<t(?:\s+xml:space="preserve")?>([^<]*)</t>|<t\s*/>)?\s*</is>|<is\s*/>)\s*')
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))  # not characters XML allows (nor U+FFFE, U+FFFF)
_REF = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_SHEET_DATA = re.compile(rb"<sheetData\s*(/?)>")
_ENCODING = re.compile(rb'encoding\s*=\s*["\']([\w.-]+)')
_RICH_INLINE = re.compile(rb"\s*<is>(.*)</is>\s*", re.S)
_PLAIN_ATTRS = rb'(?:\s+[\w.-]+\s*=\s*"[^"<&]*")*'
_RICH = re.compile(
    rb'<t(?:\s+xml:space="preserve")?>([^<]*)</t>|<t\s*/>|<(/?)(r|rPh)' + _PLAIN_ATTRS + rb"\s*>|<rPr\s*/>|<rPr>(?:\s*<\w+" + _PLAIN_ATTRS
    + rb"\s*/>)*\s*</rPr>|<phoneticPr" + _PLAIN_ATTRS + rb"\s*/>|\s+"
)
_REFERENCE = re.compile(rb"[A-Z]{1,3}\d{1,7}")
_FORMULA = re.compile(rb"<f[\s>/]")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _char_ref(m: re.Match[str]) -> str:
    if m.group(3):
        return _NAMED[m.group(3)]
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        raise _Unsupported("a character reference XML does not allow")
    return chr(code)


def _attributes(raw: bytes, prefixes: Collection[bytes] = ()) -> dict[bytes, bytes]:
    """The attributes of a tag, each once, a prefix only when the part declares it."""
    pairs = _ATTR.findall(raw)
    attrs = dict(pairs)
    if len(attrs) != len(pairs):
        raise _Unsupported("an attribute given twice")
    if any(b":" in name and name.partition(b":")[0] not in prefixes for name in attrs):
        raise _Unsupported("an attribute of an undeclared namespace")
    return attrs


def _rich_text(inner: bytes) -> str:
    """The text of an inline string in runs (<r><rPr>…</rPr><t>…</t></r>), phonetic runs left
    out (as openpyxl reads it)."""
    parts: list[str] = []
    depth = {b"r": 0, b"rPh": 0}
    pos = 0
    while pos < len(inner):
        m = _RICH.match(inner, pos)
        if m is None:
            raise _Unsupported("an inline string not read here")
        pos = m.end()
        text, closing, tag = m.group(1), m.group(2), m.group(3)
        if tag is not None:
            depth[tag] += -1 if closing else 1
            if depth[tag] < 0 or depth[tag] > 1:
                raise _Unsupported("runs out of order")
        elif text and not depth[b"rPh"]:
            parts.append(_text(text))
    if any(depth.values()):
        raise _Unsupported("a run without its end")
    return "".join(parts)


def _text(raw: bytes) -> str:
    """Character data as an XML parser gives it: line ends normalised, references resolved."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if "&" in _REF.sub("", text):
            raise _Unsupported("an entity")
        text = _REF.sub(_char_ref, text)
    return text


def _sheet_data(xml: bytes) -> tuple[bytes, set[bytes]]:
    """The inside of <sheetData>, and the namespace prefixes the part declares. expat parses
    everything around it (well-formed, no DTD, the main namespace), and nothing that could
    hide a second <sheetData> (a comment, CDATA, a processing instruction) is let through."""
    declaration = xml.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")
    if b"<!" in xml or xml.count(b"<?") > declaration:
        raise _Unsupported("a DOCTYPE, comment, CDATA or processing instruction")
    if len(xml.translate(None, _CONTROL)) != len(xml) or b"\xef\xbf\xbe" in xml or b"\xef\xbf\xbf" in xml:
        raise _Unsupported("a character XML does not allow")
    if declaration and (enc := _ENCODING.search(xml[:200])) and enc.group(1).lower() not in (b"utf-8", b"utf8"):
        raise _Unsupported("not UTF-8")
    data, outer = b"", xml
    start = xml.find(b"<sheetData")
    if start >= 0:
        m = _SHEET_DATA.match(xml, start)
        end = -1 if m is None else m.end() if m.group(1) else xml.find(b"</sheetData>", m.end())
        if m is None or end < 0:
            raise _Unsupported("an unusual sheetData")
        if not m.group(1):
            data, end = xml[m.end() : end], end + len(b"</sheetData>")
        outer = xml[:start] + b"<sheetData/>" + xml[end:]
    found: list[str] = []
    prefixes = {b"xml"}

    def start_tag(tag: str, attrs: dict[str, str]) -> None:
        ns, name = _local(tag)
        if ns == STRICT:
            raise _Unsupported("strict OOXML")
        if name == "sheetData":
            found.append(ns)

    def namespace(prefix: str | None, uri: str) -> None:
        prefixes.add((prefix or "").encode())

    p = _parser()
    p.StartElementHandler = start_tag
    p.StartNamespaceDeclHandler = namespace
    try:
        p.Parse(outer, True)
    except expat.ExpatError as exc:
        raise _Unsupported(str(exc)) from None
    if found != ([MAIN] if start >= 0 else []):  # a prefixed or second sheetData, another namespace
        raise _Unsupported("sheetData not as expected")
    if b"xmlns" in data:
        raise _Unsupported("a namespace declared inside sheetData")
    return data, prefixes


# Each cell's markup, read once: by the workbook's number formats, the markup's bytes give
# (column or 0 for "the next one", the cell, the shared string's index or -1).
_CELLS: dict[tuple[str, ...], dict[bytes, tuple[int, FastCell, int]]] = {}
_CELLS_MAX = 20000


def _cell(attrs: bytes, body: bytes | None, formats: tuple[str, ...], date_format: dict[str, bool]) -> tuple[int, FastCell, int]:
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import from_excel

    a = _CELL_ATTRS.fullmatch(attrs)
    if a is not None:
        letters, _, style_text, kind_text = a.groups()
        col, style, kind = _column(letters.decode()), int(style_text or 0), (kind_text or b"n").decode()
    else:
        named = _attributes(attrs)  # no prefixed attribute: a cell's reading is kept whatever the part declares
        ref = named.get(b"r")
        if ref is not None and not _REFERENCE.fullmatch(ref):
            raise _Unsupported("a cell reference")
        col, style, kind = _column(ref.decode()) if ref else 0, int(named.get(b"s", b"0")), named.get(b"t", b"n").decode()
    inline, raw = False, ""
    if body:
        if (v := _VALUE.fullmatch(body)) is not None:
            raw = _text(v.group(1)) if v.group(1) else ""
        elif (t := _INLINE.fullmatch(body)) is not None:
            inline, raw = True, _text(t.group(1)) if t.group(1) else ""
        elif (r := _RICH_INLINE.fullmatch(body)) is not None:
            inline, raw = True, _rich_text(r.group(1))
        elif _FORMULA.search(body):
            raise _Unsupported("formula")
        else:
            raise _Unsupported("cell content")
    fmt = formats[style] if style < len(formats) else "General"
    if kind == "inlineStr":  # as openpyxl: typed 's' only when the <is> element is there
        return col, FastCell(raw, "s", fmt) if inline else FastCell(None, kind, fmt), -1
    if not raw:
        return col, FastCell(None, kind, fmt), -1  # openpyxl keeps the stated type of an empty cell
    if kind == "n":
        value = _number(raw)
        is_date = date_format.get(fmt)
        if is_date is None:
            if is_timedelta_format(fmt):
                raise _Unsupported("a duration format")
            is_date = date_format[fmt] = is_date_format(fmt)
        return col, FastCell(from_excel(value), "d", fmt) if is_date else FastCell(value, "n", fmt), -1
    if kind == "s":
        return col, FastCell(None, "s", fmt), int(raw)
    if kind == "str":
        return col, FastCell(raw, "s", fmt), -1
    if kind == "b":
        return col, FastCell(bool(int(raw)), "b", fmt), -1
    if kind == "e":
        return col, FastCell(raw, "e", fmt), -1
    raise _Unsupported(f"cell type {kind}")


def _sheet_rows(xml: bytes, strings: list[str], formats: tuple[str, ...], max_rows: int) -> list[list[FastCell]]:
    """The rows of a worksheet part. Its <sheetData> is scanned with regular expressions,
    not an XML parser: a return's ~1,300 cells cost ~1 µs each this way, ~10 µs as expat
    callbacks. Only the shapes of ``_TOKEN`` are read (what openpyxl, Excel, WPS and
    LibreOffice write); anything else there — a formula, rich text, a comment, CDATA, a
    namespace prefix, an entity that is not one of XML's own — declines the file. The rest
    of the part is parsed by expat (``_sheet_data``), so a file read here is well-formed
    XML, as openpyxl would demand."""
    data, prefixes = _sheet_data(xml)
    known = _CELLS.setdefault(formats, {})
    if len(known) > _CELLS_MAX:
        known.clear()
    date_format: dict[str, bool] = {}
    rows: list[list[FastCell]] = []
    current: list[FastCell] | None = None
    row = 0
    pos, size = 0, len(data)
    match = _TOKEN.match
    while pos < size:
        m = match(data, pos)
        if m is None:
            raise _Unsupported(f"sheet data not read here at {data[pos : pos + 40]!r}")
        pos = m.end()
        cell_attrs, body, row_attrs, empty_row = m.groups()
        if cell_attrs is not None:
            if current is None:
                raise _Unsupported("a cell outside a row")
            token = m.group(0)
            parsed = known.get(token)
            if parsed is None:
                parsed = known[token] = _cell(cell_attrs, body, formats, date_format)
            col, cell, shared = parsed
            if shared >= 0:
                cell = FastCell(strings[shared], "s", cell.number_format)
            width = len(current)
            if not col:
                col = width + 1
            elif col <= width:
                raise _Unsupported("cells out of order")
            elif col > width + 1:
                current.extend([EMPTY] * (col - 1 - width))
            current.append(cell)
        elif row_attrs is not None:
            if current is not None:
                raise _Unsupported("a row inside a row")
            r = _attributes(row_attrs, prefixes).get(b"r")
            if r is not None and not r.isdigit():
                raise _Unsupported("a row number")
            r_no = int(r) if r else row + 1
            if r_no <= row:
                raise _Unsupported("rows out of order")
            if r_no > max_rows + 1:
                break
            row, current = r_no, []
            if empty_row:  # <row/>
                rows.extend([] for _ in range(row - len(rows)))
                current = None
        elif m.group(0).startswith(b"</row"):
            if current is None:
                raise _Unsupported("an end of row without its start")
            rows.extend([] for _ in range(row - 1 - len(rows)))
            rows.append(current)
            current = None
    else:
        if current is not None:
            raise _Unsupported("a row without its end")
    return rows


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
        return FastWorkbook({title: FastSheet(_sheet_rows(package.read(member), strings, formats, max_rows)) for title, member in sheets})
    except (_Unsupported, KeyError, ValueError, IndexError, OverflowError, zipfile.BadZipFile, OSError):
        return None


def _package(path: Path) -> Package:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        return Package(path, names, {n: zf.read(n) for n in names if n.endswith((".xml", ".rels"))})
