"""What each sheet of the Excel return holds: a section's figures, headings, allowances and
texts in the right cells, and a consolidated return's 汇总表."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from formats.xlsx_layout import META_SHEET
from tests.formats.xlsx_files import PREVIOUS_COL, YTD_COL, cell_by_code, row_of

SHEETS = ["人员基本情况", "人才招聘与引进", "教育培训", "激励与待遇", "存在问题与下步打算"]


def test_numbers_are_in_the_right_cells(county_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(county_xlsx)
    assert wb.sheetnames == [*SHEETS, META_SHEET]
    staff = wb["人员基本情况"]
    assert cell_by_code(staff, "staff.total").value == 788
    assert cell_by_code(staff, "staff.total", PREVIOUS_COL).value == 780  # 上期 = 2024Q3
    assert cell_by_code(staff, "staff.prof.title.junior").value == 448
    assert cell_by_code(staff, "staff.female").value is None  # blank stays blank
    assert cell_by_code(staff, "staff.other").value == 0  # zero stays zero
    assert cell_by_code(staff, "staff.total", YTD_COL).value == "—"  # a stock has no 本年累计
    assert staff.cell(row=row_of(staff, "staff.total"), column=1).value == "在岗职工总数"
    assert staff.cell(row=row_of(staff, "staff.total"), column=3).value == "人"
    assert cell_by_code(staff, "ratio.prof_share").value == pytest.approx(96.7)  # computed, as a value
    assert cell_by_code(staff, "ratio.prof_share", PREVIOUS_COL).value == pytest.approx(96.7)
    incent = wb["激励与待遇"]
    assert cell_by_code(incent, "incent.promoted.junior").value == 37
    assert cell_by_code(incent, "incent.promoted.junior", YTD_COL).value == 37  # Q3 had no flows
    recruit = wb["人才招聘与引进"]
    assert cell_by_code(recruit, "recruit.applicants").value == 300


def test_heading_columns_and_header_block(county_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(county_xlsx)["人员基本情况"]
    texts = [c.value for row in ws.iter_rows(max_row=12) for c in row if isinstance(c.value, str)]
    assert "卫生人才工作季度报表" in texts
    assert "表　　号：卫人才季1表-1" in texts
    # The form's particulars come from the template (tests.template_copies fills them in).
    assert "制定机关：示范省卫生健康委员会" in texts
    assert "备案机关：示范省统计局" in texts
    assert "批准文号：卫统字〔2024〕8号" in texts
    assert "有效期至：2027年12月" in texts
    assert not any("hrh-quarterly" in t for row in ws.iter_rows() for c in row if isinstance(t := c.value, str))  # the template id is not printed
    assert "单位名称（公章）：示范县卫生健康局" in texts
    assert "报告期：2024年第四季度" in texts
    assert "计量单位：人" in texts
    head = row_of(ws, "代码")
    assert [c.value for c in ws[head]] == ["指标名称", "代码", "计量单位", "本期", "上期", "本年累计", "程序代码"]
    assert [c.value for c in ws[head + 1]][:6] == ["甲", "乙", "丙", "1", "2", "3"]
    # 代码: the template's row codes, 01, 02 … per table; the stable codes in the hidden column G.
    assert [ws.cell(row=r, column=2).value for r in range(head + 2, head + 5)] == ["01", "02", "03"]
    assert [ws.cell(row=r, column=7).value for r in range(head + 2, head + 5)] == ["staff.total", "staff.female", "staff.admin"]
    assert ws.column_dimensions["G"].hidden
    # "按…分" headings: a row of their own, no code, no figure.
    by_title = ws.cell(row=row_of(ws, "staff.prof.title.senior_full") - 1, column=1)
    assert by_title.value == "按职称分" and [ws.cell(row=by_title.row, column=c).value for c in range(2, 8)] == [None] * 6


def test_allowances_and_texts(county_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(county_xlsx)
    incent = wb["激励与待遇"]
    first = row_of(incent, "allowances") + 2
    assert [c.value for c in incent[first]][:6] == ["黄山名医", None, 20, 300, 0, 18000]
    total = row_of(incent, "allowances.total")
    assert total == first + 3
    assert incent.cell(row=total, column=3).value == 22
    assert incent.cell(row=total, column=6).value == 69500
    texts = wb["存在问题与下步打算"]
    problems = [r for r in texts.iter_rows(min_col=1, max_col=7, values_only=True) if r[6] == "text.problems"]
    assert [p[2][:2] for p in problems] == ["1、", "2、"]  # one paragraph per row
    # 代码 shows the text's number on its first row; the stable code is in the hidden column only.
    assert [p[1] for p in problems] == ["02", None]
    assert texts.column_dimensions["G"].hidden and incent.column_dimensions["G"].hidden


def test_consolidated_export_has_a_units_sheet_with_a_total_row(demo_service, tmp_path) -> None:
    """汇总表: one row per unit, 合计 with ratios recomputed from the sums, the units missing."""
    from openpyxl import load_workbook

    from formats.xlsx_export import export_xlsx
    from models.consolidate import consolidate

    consolidate(demo_service, "530000100", "2024Q4")
    path = tmp_path / "c.xlsx"
    export_xlsx(demo_service, "530000100", "2024Q4", path, scope="consolidated")
    ws = load_workbook(path)["汇总表"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["单位名称"][:3] == ("在岗职工", "专业技术人员", "专技占比%")
    # The county office's 12 高级 has no 正高/副高 split: its 高级职称 cells are empty, not 0.
    assert rows["示范县卫生健康局（本级）"] == (788, 762, 96.7, None, None, 300, 35, 11.7)
    assert rows["城关镇卫生院"] == (32, 26, 81.3, 1, 3.8, 12, 2, 16.7)
    # 849 / 893 = 95.07 %: recomputed, not the mean of 96.7, 81.3, 82.9, 84.2;
    # 高级职称 from the three townships that gave it, 3 of their 87 专业技术人员.
    assert rows["合计"] == (893, 849, 95.1, 3, 3.4, 339, 41, 12.1)
    assert "未报单位：示范县人民医院、示范县疾病预防控制中心" in rows
    # an own return has no such sheet; its blank 正高/副高 stay empty cells
    export_xlsx(demo_service, "530000100", "2024Q4", tmp_path / "own.xlsx")
    own = load_workbook(tmp_path / "own.xlsx")
    assert "汇总表" not in own.sheetnames
    staff = own["人员基本情况"]
    assert cell_by_code(staff, "staff.prof.title.senior_full").value is None
    assert cell_by_code(staff, "staff.prof.title.senior_assoc").value is None
    assert cell_by_code(staff, "staff.prof.title.mid").value == 155
