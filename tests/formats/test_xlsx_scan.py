"""The sheet data scanner (formats.xlsx_scan) against openpyxl: what it reads, it reads as
openpyxl does; what it does not read, it declines (openpyxl then reads the file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from formats.xlsx_fast import fast_workbook
from tests.formats.test_xlsx_fast import same_as_openpyxl


def rewrite_sheet(source: Path, target: Path, sheet_data: bytes, head: bytes | None = None) -> None:
    """``source`` with the <sheetData> of its first sheet replaced (and, given ``head``, all
    before it)."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", lambda _: sheet_data, data, flags=re.S)
                if head is not None:
                    data = head + data[data.index(b"<worksheet") :]
            dst.writestr(info, data)


def fast_or_declined(path: Path) -> None:
    """The quick reader gives what openpyxl gives, or declines; never something else."""
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:
        assert fast_workbook(path, 400) is None  # openpyxl refuses the file: so must the quick reader
        return
    wb.close()
    if fast_workbook(path, 400) is not None:
        same_as_openpyxl(path)


SHEET_DATA_VARIANTS = {
    "attributes in another order": b'<sheetData><row r="1"><c t="inlineStr" s="0" r="B1"><is><t>x</t></is></c></row></sheetData>',
    "no references": b'<sheetData><row><c t="n"><v>1</v></c><c><v>2</v></c></row><row><c t="b"><v>1</v></c></row></sheetData>',
    "whitespace between and inside tags": b'<sheetData>\n  <row r="2" >\n    <c r="A2" >\n <v>3.5</v> </c>\n  </row>\n</sheetData>',
    "an empty row": b'<sheetData><row r="1"/><row r="3"><c r="C3"><v>1E-3</v></c></row></sheetData>',
    "entities and references": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b &lt;c&gt; &quot;d&apos; &#x41;&#20154;&#13;</t></is></c></row></sheetData>',
    "line ends in text": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a\r\nb\rc </t></is></c></row></sheetData>',
    "an inline string without <is>": b'<sheetData><row r="1"><c r="A1" t="inlineStr"/><c r="B1" t="inlineStr"><is/></c></row></sheetData>',
    "an empty typed cell": b'<sheetData><row r="1"><c r="A1" t="e"/><c r="B1" t="s"></c><c r="C1" t="str"><v></v></c></row></sheetData>',
    "an error and a string result": b'<sheetData><row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c><c r="B1" t="str"><v>x</v></c></row></sheetData>',
    "single-quoted attributes": b"<sheetData><row r='1'><c r='A1'><v>7</v></c></row></sheetData>",
    "a comment": b'<sheetData><!-- <row r="1"><c r="A1"><v>9</v></c></row> --><row r="2"><c r="A2"><v>1</v></c></row></sheetData>',
    "CDATA": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row></sheetData>',
    "a formula": b'<sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row></sheetData>',
    "a prefixed attribute": b'<sheetData><row r="1" x14ac:dyDescent="0.25"><c r="A1"><v>1</v></c></row></sheetData>',
    "an undeclared prefix": b'<sheetData><row r="1" zz:y="1"><c r="A1"><v>1</v></c></row></sheetData>',
    "a duplicate attribute": b'<sheetData><row r="1" r="2"><c r="A1"><v>1</v></c></row></sheetData>',
    "cells out of order": b'<sheetData><row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row></sheetData>',
    "rows out of order": b'<sheetData><row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row></sheetData>',
    "an unknown entity": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData>',
    "a control character": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row></sheetData>',
    "a reference to a control character": b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&#1;b</t></is></c></row></sheetData>',
    "text right inside sheetData": b'<sheetData>x<row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
    "an unclosed row": b'<sheetData><row r="1"><c r="A1"><v>1</v></c></sheetData>',
    "a cell outside a row": b'<sheetData><c r="A1"><v>1</v></c></sheetData>',
    "rich text with phonetic runs": (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b val="1"/><sz val="11"/></rPr><t>\xe5\x8d\xab</t></r>'
        b'<r><t xml:space="preserve"> x</t></r><rPh sb="0" eb="1"><t>wei</t></rPh><phoneticPr fontId="1"/></is></c></row></sheetData>'
    ),
    "a date-typed cell": b'<sheetData><row r="1"><c r="A1" t="d"><v>2025-01-10</v></c></row></sheetData>',
}


@pytest.mark.parametrize("variant", sorted(SHEET_DATA_VARIANTS))
def test_sheet_data_as_others_write_it(variant: str, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = 1
    base, path = tmp_path / "base.xlsx", tmp_path / "variant.xlsx"
    wb.save(base)
    rewrite_sheet(base, path, SHEET_DATA_VARIANTS[variant])
    fast_or_declined(path)


def test_what_could_hide_the_sheet_data_is_declined(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = 1
    base, path = tmp_path / "base.xlsx", tmp_path / "x.xlsx"
    wb.save(base)
    real = b'<sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>'
    for head in (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- <sheetData></sheetData> -->',
        b'<?xml version="1.0"?><?pi <sheetData/> ?>',
        b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    ):
        rewrite_sheet(base, path, real, head=head)
        fast_or_declined(path)
        assert fast_workbook(path, 400) is None
    prefixed = tmp_path / "prefixed.xlsx"
    rewrite_sheet(
        base,
        prefixed,
        b'<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row></x:sheetData>',
    )
    assert fast_workbook(prefixed, 400) is None


cell_values = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12).filter(lambda t: not t.startswith("=")),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)
number_formats = st.sampled_from(["General", "0", "0.00", "0.0%", "#,##0", ";;;", "yyyy-mm-dd", '0"人"', "@"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 12), st.integers(1, 8), cell_values, number_formats), max_size=25))
def test_any_cells_openpyxl_writes_read_as_openpyxl_reads_them(cells: list[tuple[int, int, Any, str]], tmp_path: Path) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = Workbook()
    ws = wb.active
    for row, col, value, fmt in cells:
        try:
            ws.cell(row, col, value).number_format = fmt
        except IllegalCharacterError:
            continue
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    fast_or_declined(path)


def test_rows_with_the_attributes_excel_writes_are_read(tmp_path: Path) -> None:
    import zipfile

    wb = Workbook()
    wb.active["A1"] = 1
    base, path = tmp_path / "base.xlsx", tmp_path / "excel.xlsx"
    wb.save(base)
    declared = b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' + declared,
                    1,
                )
                data = data.replace(b'<row r="1">', b'<row r="1" spans="1:1" x14ac:dyDescent="0.25">')
            dst.writestr(info, data)
    assert fast_workbook(path, 400) is not None
    same_as_openpyxl(path)
