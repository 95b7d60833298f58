"""The sheet data of a worksheet part, scanned with regular expressions (formats.xlsx_fast).

A return's sheets hold ~1,300 cells; as expat callbacks each costs ~10 µs in Python,
scanned here ~1 µs, and a row seen before (the labels, codes and units every file of a
quarter shares) nothing: rows and cells are kept by their bytes, in bounded caches.
Only the shapes of ``_ROW`` and ``_CELL`` are read — what openpyxl, Excel, WPS and
LibreOffice write; anything else inside <sheetData> (a formula, a comment, CDATA, a
namespace prefix, an entity that is not one of XML's own, cells or rows out of order)
raises ``Unsupported``, and openpyxl reads the file. Everything around <sheetData> is
parsed by expat (``_sheet_data``), so a part read here is well-formed XML, as openpyxl
would demand, with no DTD (XML bombs are left to openpyxl and defusedxml, which refuse
them).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, NamedTuple, NoReturn, TypeVar
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"


class Unsupported(Exception):
    """Not the common shape: openpyxl reads this file."""


class FastCell(NamedTuple):
    """A cell as openpyxl's read-only mode gives it."""

    value: Any
    data_type: str = "n"
    number_format: str | None = "General"


EMPTY = FastCell(None, "n", None)  # a cell not in the file (openpyxl's EMPTY_CELL)


def _doctype(*_args: object) -> NoReturn:
    # DTDs and entities are how XML bombs and external entities come in: openpyxl reads the
    # file then, through defusedxml, which refuses it with the reader's message.
    raise Unsupported("a DOCTYPE")


def xml_parser() -> Any:
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _doctype
    p.EntityDeclHandler = _doctype
    p.ExternalEntityRefHandler = _doctype
    return p


def local_name(tag: str) -> tuple[str, str]:
    ns, _, name = tag.rpartition(" ")
    return ns, name


def parse_xml(xml: bytes, start: Any, end: Any = None, text: Any = None) -> None:
    p = xml_parser()
    p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    if text is not None:
        p.CharacterDataHandler = text
    try:
        p.Parse(xml, True)
    except expat.ExpatError as exc:
        raise Unsupported(str(exc)) from None


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


_ATTRS = rb'(?:\s+[\w:.-]+\s*=\s*"[^"<&]*")*'
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')
_CELL_ATTRS = re.compile(rb'\s+r="([A-Z]{1,3})(\d{1,7})"(?:\s+s="(\d{1,6})")?(?:\s+t="(\w{1,9})")?')
_VALUE = re.compile(rb"\s*(?:<v>([^<]*)</v>|<v\s*/>)?\s*")
_INLINE = re.compile(rb'\s*(?:<is>\s*(?:<t(?:\s+xml:space="preserve")?>([^<]*)</t>|<t\s*/>)?\s*</is>|<is\s*/>)\s*')
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))  # not characters XML allows (nor U+FFFE, U+FFFF)
_REF = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_SHEET_DATA = re.compile(rb"<sheetData\s*(/?)>")
_ENCODING = re.compile(rb'encoding\s*=\s*["\']([\w.-]+)')
_RICH_INLINE = re.compile(rb"\s*<is>(.*)</is>\s*", re.S)
_PLAIN_ATTRS = rb'(?:\s+[\w.-]+\s*=\s*"[^"<&]*")*'
_RICH = re.compile(
    rb'<t(?:\s+xml:space="preserve")?>([^<]*)</t>|<t\s*/>|<(/?)(r|rPh)'
    + _PLAIN_ATTRS
    + rb"\s*>|<rPr\s*/>|<rPr>(?:\s*<\w+"
    + _PLAIN_ATTRS
    + rb"\s*/>)*\s*</rPr>|<phoneticPr"
    + _PLAIN_ATTRS
    + rb"\s*/>|\s+"
)
_PREFIXED = re.compile(rb"\s[\w.-]+:[\w.-]+\s*=")
_REFERENCE = re.compile(rb"[A-Z]{1,3}\d{1,7}")
_FORMULA = re.compile(rb"<f[\s>/]")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _char_ref(m: re.Match[str]) -> str:
    if m.group(3):
        return _NAMED[m.group(3)]
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        raise Unsupported("a character reference XML does not allow")
    return chr(code)


def _attributes(raw: bytes, prefixes: Collection[bytes] = ()) -> dict[bytes, bytes]:
    """The attributes of a tag, each once, a prefix only when the part declares it."""
    pairs = _ATTR.findall(raw)
    attrs = dict(pairs)
    if len(attrs) != len(pairs):
        raise Unsupported("an attribute given twice")
    if any(b":" in name and name.partition(b":")[0] not in prefixes for name in attrs):
        raise Unsupported("an attribute of an undeclared namespace")
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
            raise Unsupported("an inline string not read here")
        pos = m.end()
        text, closing, tag = m.group(1), m.group(2), m.group(3)
        if tag is not None:
            depth[tag] += -1 if closing else 1
            if depth[tag] < 0 or depth[tag] > 1:
                raise Unsupported("runs out of order")
        elif text and not depth[b"rPh"]:
            parts.append(_text(text))
    if any(depth.values()):
        raise Unsupported("a run without its end")
    return "".join(parts)


def _text(raw: bytes) -> str:
    """Character data as an XML parser gives it: line ends normalised, references resolved."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if "&" in _REF.sub("", text):
            raise Unsupported("an entity")
        text = _REF.sub(_char_ref, text)
    return text


def _sheet_data(xml: bytes) -> tuple[bytes, set[bytes]]:
    """The inside of <sheetData>, and the namespace prefixes the part declares. expat parses
    everything around it (well-formed, no DTD, the main namespace), and nothing that could
    hide a second <sheetData> (a comment, CDATA, a processing instruction) is let through."""
    declaration = xml.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")
    if b"<!" in xml or xml.count(b"<?") > declaration:
        raise Unsupported("a DOCTYPE, comment, CDATA or processing instruction")
    if len(xml.translate(None, _CONTROL)) != len(xml) or b"\xef\xbf\xbe" in xml or b"\xef\xbf\xbf" in xml:
        raise Unsupported("a character XML does not allow")
    if declaration and (enc := _ENCODING.search(xml[:200])) and enc.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Unsupported("not UTF-8")
    data, outer = b"", xml
    start = xml.find(b"<sheetData")
    if start >= 0:
        m = _SHEET_DATA.match(xml, start)
        end = -1 if m is None else m.end() if m.group(1) else xml.find(b"</sheetData>", m.end())
        if m is None or end < 0:
            raise Unsupported("an unusual sheetData")
        if not m.group(1):
            data, end = xml[m.end() : end], end + len(b"</sheetData>")
        outer = xml[:start] + b"<sheetData/>" + xml[end:]
    found: list[str] = []
    prefixes = {b"xml"}

    def start_tag(tag: str, attrs: dict[str, str]) -> None:
        ns, name = local_name(tag)
        if ns == STRICT:
            raise Unsupported("strict OOXML")
        if name == "sheetData":
            found.append(ns)

    def namespace(prefix: str | None, uri: str) -> None:
        prefixes.add((prefix or "").encode())

    p = xml_parser()
    p.StartElementHandler = start_tag
    p.StartNamespaceDeclHandler = namespace
    try:
        p.Parse(outer, True)
    except expat.ExpatError as exc:
        raise Unsupported(str(exc)) from None
    if found != ([MAIN] if start >= 0 else []):  # a prefixed or second sheetData, another namespace
        raise Unsupported("sheetData not as expected")
    if b"xmlns" in data:
        raise Unsupported("a namespace declared inside sheetData")
    return data, prefixes


# A row's or cell's start tag, or whitespace; its end is found by bytes.find, a lazy ".*?"
# costs ~10 µs a row in Python's re.
_ROW = re.compile(rb"<row(" + _ATTRS + rb")\s*(/?)>|\s+")
_CELL = re.compile(rb"<c(" + _ATTRS + rb")\s*(/?)>|\s+")
_END = {b"row": re.compile(rb"</row\s*>"), b"c": re.compile(rb"</c\s*>")}


def _element(data: bytes, m: re.Match[bytes], tag: bytes) -> tuple[bytes | None, int]:
    """The content of the element whose start tag ``m`` matched (None when it is empty,
    ``<row/>``), and where its end tag ends. Text holds no "<": the first end tag is its own."""
    if m.group(2):
        return None, m.end()
    close = data.find(b"</" + tag, m.end())
    end = _END[tag].match(data, close) if close >= 0 else None
    if end is None:
        raise Unsupported(f"no end of a <{tag.decode()}>")
    return data[m.end() : close], end.end()


# What was read, by the workbook's number formats and the markup's bytes: a cell gives
# (column or 0 for "the next one", the cell, the shared string's index or -1); a row
# (its number or 0 for "the next one", its cells, the shared strings they show or None).
Row = tuple[int, list[FastCell], list[tuple[int, int]] | None]
_CELLS: dict[tuple[str, ...], dict[bytes, tuple[int, FastCell, int]]] = {}
_ROWS: dict[tuple[str, ...], dict[bytes, Row]] = {}
_CACHE_MAX = 8000  # entries of each: a few MB; emptied when full
T = TypeVar("T")


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
            raise Unsupported("a cell reference")
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
            raise Unsupported("formula")
        else:
            raise Unsupported("cell content")
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
                raise Unsupported("a duration format")
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
    raise Unsupported(f"cell type {kind}")


def _kept(caches: dict[tuple[str, ...], dict[bytes, T]], formats: tuple[str, ...]) -> dict[bytes, T]:
    """The cache for a workbook's number formats: a few workbooks' worth, each bounded."""
    known = caches.get(formats)
    if known is None:
        if len(caches) >= 4:  # files of many programs (each its own styles): start afresh
            caches.clear()
        known = caches[formats] = {}
    elif len(known) > _CACHE_MAX:
        known.clear()
    return known


def _row(attrs: bytes, body: bytes | None, prefixes: Collection[bytes], formats: tuple[str, ...], date_format: dict[str, bool]) -> Row:
    r = _attributes(attrs, prefixes).get(b"r")
    if r is not None and not r.isdigit():
        raise Unsupported("a row number")
    known = _kept(_CELLS, formats)
    cells: list[FastCell] = []
    shared: list[tuple[int, int]] = []
    pos, size = 0, len(body or b"")
    while pos < size:
        assert body is not None
        m = _CELL.match(body, pos)
        if m is None:
            raise Unsupported(f"row content not read here at {body[pos : pos + 40]!r}")
        cell_attrs = m.group(1)
        if cell_attrs is None:
            pos = m.end()
            continue  # whitespace
        cell_body, end = _element(body, m, b"c")
        token, pos = body[m.start() : end], end
        parsed = known.get(token)
        if parsed is None:
            parsed = known[token] = _cell(cell_attrs, cell_body, formats, date_format)
        col, cell, index = parsed
        width = len(cells)
        if not col:
            col = width + 1
        elif col <= width:
            raise Unsupported("cells out of order")
        elif col > width + 1:
            cells.extend([EMPTY] * (col - 1 - width))
        if index >= 0:
            shared.append((col - 1, index))
        cells.append(cell)
    return int(r) if r else 0, cells, shared or None


def sheet_rows(xml: bytes, strings: list[str], formats: tuple[str, ...], max_rows: int) -> list[list[FastCell]]:
    """The rows of a worksheet part up to ``max_rows`` + 1, as openpyxl reads them."""
    data, prefixes = _sheet_data(xml)
    known = _kept(_ROWS, formats)
    date_format: dict[str, bool] = {}
    rows: list[list[FastCell]] = []
    row = 0
    pos, size = 0, len(data)
    while pos < size:
        m = _ROW.match(data, pos)
        if m is None:
            raise Unsupported(f"sheet data not read here at {data[pos : pos + 40]!r}")
        attrs = m.group(1)
        if attrs is None:
            pos = m.end()
            continue  # whitespace
        body, end = _element(data, m, b"row")
        token, pos = data[m.start() : end], end
        parsed = known.get(token)
        if parsed is None:
            parsed = _row(attrs, body, prefixes, formats, date_format)
            if not _PREFIXED.search(attrs):  # whether a prefix is declared is the part's to say
                known[token] = parsed
        number, cells, shared = parsed
        number = number or row + 1
        if number <= row:
            raise Unsupported("rows out of order")
        if number > max_rows + 1:
            break
        if shared:
            cells = list(cells)
            for i, index in shared:
                cells[i] = FastCell(strings[index], "s", cells[i].number_format)
        rows.extend([] for _ in range(number - 1 - len(rows)))
        rows.append(cells)
        row = number
    return rows
