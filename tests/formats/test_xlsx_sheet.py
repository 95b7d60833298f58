"""The grid every sheet of the Excel return shares: the signatures block and the printed form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from tests.formats.xlsx_files import row_of

SHEETS = ["人员基本情况", "人才招聘与引进", "教育培训", "激励与待遇", "存在问题与下步打算"]


def test_signature_block_on_every_sheet(county_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(county_xlsx)
    for title in SHEETS:
        ws = wb[title]
        found = {
            c.value: ws.cell(row=c.row, column=c.column + (1 if c.column == 1 else 2)).value
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.endswith("：") and c.column in (1, 3)
        }
        assert found["单位负责人："] == "李明"
        assert found["统计负责人："] == "王芳"
        assert found["填表人："] == "张丽"
        assert found["联系电话："] == "0876-1234567"
        assert found["报出日期："] == dt.datetime(2025, 1, 10)


def test_prints_on_a4_one_page_wide_with_repeated_heads(county_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(county_xlsx)
    for title in SHEETS:
        ws = wb[title]
        head = row_of(ws, "代码")
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == f"${head}:${head + 1}"
        assert ws.freeze_panes == f"A{head + 2}"
        assert ws.cell(row=head + 2, column=1).font.name == "宋体"
        assert ws.cell(row=head + 2, column=1).border.left.style == "thin"
        assert ws.protection.sheet
