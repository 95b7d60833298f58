"""The quick .xlsx reader gives what openpyxl's read-only mode gives, or declines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from formats.xlsx_export import export_xlsx
from formats.xlsx_fast import fast_workbook
from models.demo import build_demo
from models.returns import ReturnService


def cells_of(wb: Any) -> dict[str, list[list[tuple[Any, str, str]]]]:
    return {
        title: [[(c.value, c.data_type, c.number_format) for c in row] for row in wb[title].iter_rows(min_row=1, max_row=400, max_col=8)]
        for title in wb.sheetnames
    }


def same_as_openpyxl(path: Path) -> None:
    fast = fast_workbook(path, 400)
    assert fast is not None
    wb = load_workbook(path, read_only=True, data_only=False)
    for ws in wb.worksheets:
        ws.reset_dimensions()  # as the reader does
    try:
        assert fast.sheetnames == wb.sheetnames
        assert cells_of(fast) == cells_of(wb)
        for title in wb.sheetnames:  # values only, every column, as _read_meta and _other_sheets read
            assert [tuple(r) for r in fast[title].iter_rows(values_only=True)] == [tuple(r) for r in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_values_types_and_formats_as_openpyxl_reads_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws["A1"] = "在岗职工总数"
    ws["B1"] = 788
    ws["C1"] = 12.5
    ws["D1"] = True
    ws["E1"] = "#N/A"
    ws["E1"].data_type = "e"
    ws["A3"] = dt.datetime(2025, 1, 31)
    ws["B3"] = 0.894
    ws["B3"].number_format = "0.0%"
    ws["C3"] = 1234567
    ws["C3"].number_format = ";;;"  # hides the value
    ws["D3"] = 45678
    ws["D3"].number_format = "yyyy-mm-dd"  # a number shown as a date: read as a date
    ws["F3"] = "  空格  "
    ws["A5"] = CellRichText(["其中：", TextBlock(InlineFont(b=True), "女性")])
    ws["H7"] = 1e20
    hidden = wb.create_sheet("meta")
    hidden.sheet_state = "hidden"
    hidden.append(["format", "hrh"])
    wb.create_sheet("空白")
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    same_as_openpyxl(path)


def test_an_exported_return_reads_the_same(service: ReturnService, tmp_path: Path) -> None:
    build_demo(service)
    for code, scope in (("530000100", "own"), ("530000100", "consolidated")):
        if service.store.load(code, "2024Q4", scope) is None:
            from models.consolidate import consolidate

            consolidate(service, code, "2024Q4")
        path = tmp_path / f"{code}-{scope}.xlsx"
        export_xlsx(service, code, "2024Q4", path, scope=scope)
        same_as_openpyxl(path)


def test_declines_what_it_does_not_read(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = 3
    wb.active["A2"] = "=A1*2"  # a formula: openpyxl reads the file (and the reader resolves it)
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    assert fast_workbook(path, 400) is None
    wb.active["A2"] = 6
    wb.active["A3"] = dt.timedelta(hours=30)  # a duration format: openpyxl gives a timedelta
    wb.save(path)
    assert fast_workbook(path, 400) is None
    # an XML bomb (entities in a DOCTYPE): left to openpyxl and defusedxml, which refuse it
    import zipfile

    clean, bomb = tmp_path / "clean.xlsx", tmp_path / "bomb.xlsx"
    wb = Workbook()
    wb.active["A1"] = "在岗职工总数"
    wb.save(clean)
    assert fast_workbook(clean, 400) is not None
    with zipfile.ZipFile(clean) as src, zipfile.ZipFile(bomb, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                data = data.replace(b"?>", b"?>" + doctype, 1) if data.startswith(b"<?xml") else doctype + data
            dst.writestr(info, data)
    assert fast_workbook(bomb, 400) is None
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    assert fast_workbook(damaged, 400) is None


def test_stops_after_the_rows_the_reader_looks_at(tmp_path: Path) -> None:
    wb = Workbook()
    for n in range(1, 31):
        wb.active.append([n])
    path = tmp_path / "long.xlsx"
    wb.save(path)
    fast = fast_workbook(path, 10)
    assert fast is not None
    assert [row[0] for row in fast["Sheet"].iter_rows(values_only=True)] == list(range(1, 12))
