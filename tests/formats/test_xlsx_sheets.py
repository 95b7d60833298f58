"""The section sheets read cell by cell (formats/xlsx_sheets.py): each cell found with where it
is, its text as the clerk sees it, and every figure of an exported return found by its code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from formats.xlsx_export import export_xlsx
from formats.xlsx_sheets import Found, SheetCell, filled, read_sheets, text_value
from models.data import UnitInfo
from models.returns import ReturnService
from tests.factories import make_return


def test_a_cell_says_where_it_is() -> None:
    c = SheetCell("二、招聘", 12, 28, 5)
    assert (c.coordinate, c.where) == ("AB12", "工作表“二、招聘”单元格 AB12")


def test_text_value_is_the_text_the_clerk_sees() -> None:
    assert text_value(SheetCell("s", 1, 1, None)) == ""
    assert text_value(SheetCell("s", 1, 1, 30.0)) == "30"  # a whole number read as a float
    assert text_value(SheetCell("s", 1, 1, 30.5)) == "30.5"
    assert text_value(SheetCell("s", 1, 1, dt.datetime(2025, 1, 10))) == "2025-01-10"
    assert text_value(SheetCell("s", 1, 1, dt.datetime(2025, 1, 10, 9, 30))) == "2025-01-10 09:30:00"
    assert text_value(SheetCell("s", 1, 1, "一行\r\n二行\r三行")) == "一行\n二行\n三行"


def test_filled_means_something_other_than_blanks() -> None:
    assert [filled(SheetCell("s", 1, 1, v)) for v in (None, "", "  \n", 0, "0", "x")] == [False, False, False, True, True, True]


def test_relevant_cells_are_every_cell_a_return_is_read_from() -> None:
    a, b, c, d, e = (SheetCell("s", n, 4, n) for n in range(1, 6))
    found = Found(values={"staff.total": a}, texts={"text.problems": [(b, False)]}, allowances=[[c]], explanations={"warn.x": d}, signatories={"phone": [e]})
    assert found.relevant() == [a, b, c, d, e]
    assert Found().relevant() == []


def test_every_figure_and_text_of_an_exported_return_is_found_by_its_code(service: ReturnService, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    unit = UnitInfo("T01", "城关镇卫生院", "township")
    service.units.save(unit)
    tpl = service.registry.for_period("2024Q4")
    service.store.save(make_return(tpl, {"staff.total": 30, "staff.female": 0, "incent.funding": "12.50"}, unit=unit, texts={"text.problems": "人才紧缺"}))
    path = tmp_path / "t01.xlsx"
    export_xlsx(service, "T01", "2024Q4", path)
    wb = load_workbook(path, read_only=True)
    try:
        problems: list[str] = []
        found = read_sheets(wb, tpl, problems)
    finally:
        wb.close()
    assert problems == []
    figures = {code: c.value for code, c in found.values.items() if filled(c)}
    assert {code: Decimal(str(v)) for code, v in figures.items()} == {"staff.total": 30, "staff.female": 0, "incent.funding": Decimal("12.50")}
    assert set(found.values) <= {i.code for i in tpl.indicators} and "staff.admin" in found.values  # blank rows are found too
    assert found.values["staff.total"].where.startswith("工作表“")
    assert "".join(text_value(c) for c, _ in found.texts["text.problems"]) == "人才紧缺"
