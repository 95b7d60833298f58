"""A return from the cells read (formats/xlsx_build.py): figures, texts, allowances and the
signature parsed by the rules of models.values; every cell that cannot be read is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from formats.xlsx_build import build_return, cell_problem
from formats.xlsx_sheets import Found, SheetCell
from models.data import Allowance, Signatories, UnitInfo
from models.template import Template

SHEET = "一、人员"
META = {"unit_code": "T01", "unit_name": "城关镇卫生院", "unit_level": "township", "unit_parent": "C01", "period": "2024Q4"}


def cell(row: int, value: object, col: int = 4, data_type: str = "n") -> SheetCell:
    return SheetCell(SHEET, row, col, value, data_type)


def test_a_formula_without_its_result_or_an_error_value_is_named_by_its_cell() -> None:
    formula = cell_problem(cell(5, "=SUM(D6:D9)", data_type="f"))
    assert formula is not None and formula.startswith("工作表“一、人员”单元格 D5：是公式，但文件中没有计算结果")
    error = cell_problem(cell(7, "#DIV/0!", col=5, data_type="e"))
    assert error is not None and error.startswith("工作表“一、人员”单元格 E7：是错误值") and "#DIV/0!" in error
    assert cell_problem(cell(5, 30)) is None
    assert cell_problem(cell(5, "30", data_type="s")) is None


def test_figures_are_parsed_and_each_bad_cell_is_a_problem_not_a_figure(template: Template) -> None:
    found = Found(
        values={
            "staff.total": cell(5, 30.0),
            "staff.female": cell(6, "十二", data_type="s"),
            "staff.admin": cell(7, "=D8+D9", data_type="f"),
            "staff.worker": cell(8, None),
            "incent.funding": cell(9, "1,234.5", data_type="s"),
        }
    )
    problems: list[str] = []
    data = build_return(found, template, META, problems)
    assert data.values == {"staff.total": 30, "incent.funding": Decimal("1234.50")}
    assert len(problems) == 2
    assert problems[0].startswith("工作表“一、人员”单元格 D7：是公式")  # the unreadable cells first
    assert problems[1].startswith("工作表“一、人员”单元格 D6：")
    assert data.unit == UnitInfo("T01", "城关镇卫生院", "township", "C01", "")
    assert (data.period, data.scope, data.status, data.origin) == ("2024Q4", "own", "draft", "imported")


def test_texts_allowances_explanations_and_the_signature(template: Template) -> None:
    found = Found(
        texts={
            "text.problems": [(cell(20, "1、人才紧缺"), False), (cell(21, "，尤其是全科"), True), (cell(22, "2、培训不足"), False)],
            "text.note.staff": [(cell(23, "  "), False)],
        },
        allowances=[
            [cell(30, "黄山名医", 1), cell(30, "城关镇卫生院", 2), cell(30, 20, 3), cell(30, "300", 4), cell(30, 0, 5), cell(30, 18000, 6)],
            [cell(31, None, 1), cell(31, "", 2), cell(31, None, 3), cell(31, None, 4), cell(31, None, 5), cell(31, None, 6)],  # empty: skipped
            [cell(32, None, 1), cell(32, "", 2), cell(32, 3, 3), cell(32, None, 4), cell(32, None, 5), cell(32, None, 6)],
        ],
        explanations={"warn.x": cell(40, "属实"), "warn.y": cell(41, " ")},
        signatories={"unit_head": [cell(50, None), cell(50, " 李明 ", 5)], "report_date": [cell(51, "2025年1月10日")], "phone": [cell(52, 8761234567.0)]},
    )
    problems: list[str] = []
    data = build_return(found, template, META, problems)
    assert data.texts == {"text.problems": "1、人才紧缺，尤其是全科\n2、培训不足"}
    assert data.allowances == [Allowance("黄山名医", 20, Decimal(300), Decimal(0), Decimal(18000), "城关镇卫生院")]
    assert problems == ["工作表“一、人员”单元格 A32：津贴与荣誉这一行填了数字但没有名称，请填写名称"]
    assert data.explanations == {"warn.x": "属实"}
    assert data.signatories == Signatories(unit_head="李明", phone="8761234567", report_date=dt.date(2025, 1, 10))


def test_a_report_date_that_is_no_date_is_a_problem(template: Template) -> None:
    problems: list[str] = []
    data = build_return(Found(signatories={"report_date": [cell(51, "2025年13月40日")]}), template, META, problems)
    assert data.signatories.report_date is None
    assert problems == ["工作表“一、人员”单元格 D51：报出日期 “2025年13月40日” 不是日期，请写成 2025-01-10 或 2025年1月10日"]
    serial = build_return(Found(signatories={"report_date": [cell(51, 45667)]}), template, META, [])
    assert serial.signatories.report_date == dt.date(2025, 1, 10)  # an Excel date serial without a date format
