"""The exported Excel return: right numbers in the right cells, a proper printed form,
machine-readable identity, user text never a formula, and the blank template's protection."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from formats.xlsx_export import default_filename, export_xlsx
from formats.xlsx_layout import META_SHEET
from models.data import UnitInfo
from models.returns import ReturnService, ServiceError
from tests.factories import make_return
from tests.formats.xlsx_files import PREVIOUS_COL, VALUE_COL, YTD_COL, cell_by_code, libreoffice_convert, libreoffice_or_skip, row_of

SHEETS = ["人员基本情况", "人才招聘与引进", "教育培训", "激励与待遇", "存在问题与下步打算"]


def test_identity_in_a_hidden_meta_sheet_and_defined_names(county_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(county_xlsx)
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    assert wb.security.lockStructure

    def name(n: str) -> str:
        sheet, ref = next(iter(wb.defined_names[n].destinations))
        return str(wb[sheet][ref.replace("$", "")].value)

    assert name("HRH_UNIT") == "530000100"
    assert name("HRH_PERIOD") == "2024Q4"
    assert name("HRH_SCOPE") == "own"
    assert name("HRH_TEMPLATE") == "hrh-quarterly"
    assert name("HRH_TEMPLATE_VERSION") == "1"
    assert len(name("HRH_CHECKSUM")) == 64


def test_narrative_starting_with_equals_stays_text(service: ReturnService, tmp_path: Path, template) -> None:
    service.units.save(UnitInfo("X1", "测试卫生院", "township"))
    data = make_return(template, unit=UnitInfo("X1", "测试卫生院", "township"), period="2025Q1")
    data.texts = {"text.plans": "=SUM(A1:A9)", "text.problems": "+1 加强培训\n-2 引进人才\n@所有人"}
    data.allowances = []
    data.signatories.filled_by = '=HYPERLINK("http://x")'
    service.store.save(data)
    path = tmp_path / "t.xlsx"
    export_xlsx(service, "X1", "2025Q1", path)
    ws = openpyxl.load_workbook(path)["存在问题与下步打算"]
    plans = cell_by_code(ws, "text.plans", 3)
    assert plans.value == "=SUM(A1:A9)" and plans.data_type == "s" and plans.quotePrefix
    assert [c.value for c in ws.iter_rows(min_col=3, max_col=3) for c in c if isinstance(c.value, str) and c.value[:1] in "+-@"] == [
        "+1 加强培训",
        "-2 引进人才",
        "@所有人",
    ]
    with zipfile.ZipFile(path) as z:
        for member in z.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(member).decode("utf-8"), member  # no formula anywhere


def test_first_quarter_has_no_year_to_date(service: ReturnService, tmp_path: Path, template) -> None:
    unit = UnitInfo("X1", "测试卫生院", "township")
    service.units.save(unit)
    data = make_return(template, {"recruit.posts": Decimal(3)}, unit=unit, period="2025Q1")
    service.store.save(data)
    path = tmp_path / "q1.xlsx"
    export_xlsx(service, "X1", "2025Q1", path)
    ws = openpyxl.load_workbook(path)["人才招聘与引进"]
    assert cell_by_code(ws, "recruit.posts").value == 3
    assert cell_by_code(ws, "recruit.posts", YTD_COL).value == "—"


def test_year_to_date_sums_the_quarters(service: ReturnService, tmp_path: Path, template) -> None:
    unit = UnitInfo("X1", "测试卫生院", "township")
    service.units.save(unit)
    for period, posts in (("2025Q1", 3), ("2025Q2", 4), ("2025Q3", 5)):
        service.store.save(make_return(template, {"recruit.posts": Decimal(posts), "staff.total": Decimal(posts * 10)}, unit=unit, period=period))
    path = tmp_path / "q3.xlsx"
    export_xlsx(service, "X1", "2025Q3", path)
    wb = openpyxl.load_workbook(path)
    assert [cell_by_code(wb["人才招聘与引进"], "recruit.posts", c).value for c in (VALUE_COL, PREVIOUS_COL, YTD_COL)] == [5, 4, 12]
    assert [cell_by_code(wb["人员基本情况"], "staff.total", c).value for c in (VALUE_COL, PREVIOUS_COL, YTD_COL)] == [50, 40, "—"]


def test_blank_template_protects_all_but_the_input_cells(demo_service: ReturnService, tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    export_xlsx(demo_service, "530000101", "2024Q4", path, blank=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["人员基本情况"]
    assert ws.protection.sheet and not ws.protection.password
    total = cell_by_code(ws, "staff.total")
    assert total.value is None and not total.protection.locked
    assert ws.cell(row=total.row, column=1).protection.locked  # the label cannot be changed
    assert ws.cell(row=total.row, column=2).protection.locked  # nor the code
    assert cell_by_code(ws, "staff.total", PREVIOUS_COL).protection.locked
    assert cell_by_code(ws, "ratio.prof_share").protection.locked
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules[total.coordinate].type == "custom"
    formula = rules[total.coordinate].formula1
    assert f"{total.coordinate}=INT({total.coordinate})" in formula and f"{total.coordinate}>=0" in formula and '"/"' in formula
    validated = {ref for ref in rules}
    for code in ("staff.female", "staff.age.ge55", "staff.prof.edu.phd"):
        assert cell_by_code(ws, code).coordinate in validated
    incent = wb["激励与待遇"]
    funding = cell_by_code(incent, "incent.funding")
    money_rule = {str(dv.sqref): dv for dv in incent.data_validations.dataValidation}[funding.coordinate]
    assert f"ROUND({funding.coordinate},2)={funding.coordinate}" in money_rule.formula1
    first = row_of(incent, "allowances") + 2
    assert all(not incent.cell(row=first, column=c).protection.locked for c in range(1, 7))
    texts = wb["存在问题与下步打算"]
    assert not cell_by_code(texts, "text.problems", 3).protection.locked
    # another unit's template does not carry our own signatories
    sig_row = next(c for row in ws.iter_rows() for c in row if c.value == "单位负责人：")
    assert ws.cell(row=sig_row.row, column=2).value is None
    assert not ws.cell(row=sig_row.row, column=2).protection.locked
    meta = wb[META_SHEET]
    assert {r[0]: r[1] for r in meta.iter_rows(min_row=2, values_only=True)}["blank"] == "1"


def test_nothing_to_export_is_refused_and_nothing_written(demo_service: ReturnService, tmp_path: Path) -> None:
    out = tmp_path / "none.xlsx"
    with pytest.raises(ServiceError, match="没有 2023年第一季度 的报表"):
        export_xlsx(demo_service, "530000100", "2023Q1", out)
    with pytest.raises(ServiceError, match="单位代码 NOPE 不存在"):
        export_xlsx(demo_service, "NOPE", "2024Q4", out)
    assert not out.exists()
    assert not list(tmp_path.glob(".none.xlsx*"))  # no temporary file left behind


def test_default_filename(template) -> None:
    data = make_return(template, unit=UnitInfo("530000110", "城关镇 卫生院/分院", "township"))
    assert default_filename(data) == "530000110_城关镇_卫生院_分院_2024Q4_卫人才季报.xlsx"
    assert default_filename(data, blank=True).endswith("_2024Q4_卫人才季报_空白模板.xlsx")


def test_printed_by_libreoffice_one_a4_page_per_section(county_xlsx: Path, tmp_path: Path) -> None:
    libreoffice_or_skip()
    from pypdf import PdfReader

    pdf = PdfReader(libreoffice_convert(county_xlsx, "pdf", tmp_path))
    assert len(pdf.pages) == 5  # one page wide and, for this return, one page long per section
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 portrait
    first = pdf.pages[0].extract_text()
    for words in (
        "卫生人才工作季度报表",
        "人员基本情况",
        "表　　号：卫人才季1表-1",
        "报告期：2024年第四季度",
        "在岗职工总数",
        "788",
        "单位负责人",
        "李明",
        "报出日期",
        "第 1 页",
    ):
        assert words in first, words
    # The printed form shows row codes and "按…分" headings, never the program's codes or template id.
    for words in ("按职称分", "按学历分", "按年龄分", "制定机关：示范省卫生健康委员会"):
        assert words in first, words
    printed = "".join(page.extract_text() for page in pdf.pages)
    assert "staff." not in printed and "text." not in printed and "ratio." not in printed and "hrh-quarterly" not in printed
    assert "黄山名医" in pdf.pages[3].extract_text()


def test_consolidated_excel_imports_one_level_up(demo_service, tmp_path) -> None:
    from formats.xlsx_export import export_xlsx
    from formats.xlsx_import import read_xlsx
    from models.consolidate import consolidate

    made = consolidate(demo_service, "530000100", "2024Q4")
    path = tmp_path / "c.xlsx"
    export_xlsx(demo_service, "530000100", "2024Q4", path, scope="consolidated")
    read = read_xlsx(path, demo_service.registry)
    assert read.data.scope == "consolidated"
    assert read.data.values == made.values
    assert read.notes == []


def test_text_xml_cannot_hold_never_makes_an_unreadable_file(template, tmp_path: Path) -> None:
    """Issue 12, part 7: a database written before the importers refused them may hold
    U+FFFF, U+FFFE, lone surrogates or control characters; the export drops them, and the
    file reads back as an untouched export."""
    from formats.xlsx_export import ExportInput, render_xlsx
    from formats.xlsx_import import read_xlsx
    from models.data import Allowance, Signatories, UnitInfo
    from models.template import default_registry

    bad = "\uffff\ufffe\ud800\udfff\x01\x1f"
    data = make_return(
        template,
        unit=UnitInfo("X1", f"测试{bad}卫生院"),
        texts={"text.plans": f"1、计划{bad}\n2、完成"},
        explanations={"warn.recruit.hired_posts": f"说明{bad}"},
        allowances=[Allowance(f"拔尖{bad}人才", 1)],
        signatories=Signatories(f"李{bad}明", phone=f"0876{bad}"),
    )
    path = tmp_path / "x.xlsx"
    path.write_bytes(render_xlsx(ExportInput(data, template)))
    openpyxl.load_workbook(path)  # a readable workbook
    read = read_xlsx(path, default_registry())
    assert read.notes == []
    assert read.data.unit.name == "测试卫生院" and read.data.texts == {"text.plans": "1、计划\n2、完成"}
    assert read.data.allowances[0].name == "拔尖人才" and read.data.signatories.unit_head == "李明"


def test_every_printed_page_of_a_return_with_errors_says_so(demo_service: ReturnService, tmp_path: Path) -> None:
    data = demo_service.store.load("530100000", "2024Q4")
    assert data is not None
    # The demo leaves the seed's 95 高级 unsplit; the test types its own 15 + 80, then a wrong 中级.
    data.values.update({"staff.prof.title.senior_full": Decimal(15), "staff.prof.title.senior_assoc": Decimal(80)})
    data.values["staff.prof.title.mid"] = Decimal(700)  # titles no longer add up: 1,737, not 1,733
    demo_service.store.save(data)
    assert any(f.is_error for f in demo_service.check(data))
    path = tmp_path / "errors.xlsx"
    export_xlsx(demo_service, "530100000", "2024Q4", path)
    wb = openpyxl.load_workbook(path)
    printed = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    assert printed and all("未通过审核" in (ws.oddHeader.center.text or "") and "草稿" in (ws.oddHeader.center.text or "") for ws in printed)
    assert not demo_service.workflow.submit("530000110", "2024Q4")
    export_xlsx(demo_service, "530000110", "2024Q4", tmp_path / "clean.xlsx")
    clean = openpyxl.load_workbook(tmp_path / "clean.xlsx")
    assert all(not ws.oddHeader.center.text for ws in clean.worksheets)


def test_a_consolidated_figure_not_every_unit_gave_says_so_beside_a_number(demo_service, tmp_path) -> None:
    """The county office left 女性 blank: the printed sheet says 3/4 beside the label; the
    cell stays the number 52, and what nobody gave stays an empty cell, never 0."""
    from openpyxl import load_workbook

    from formats.xlsx_import import read_xlsx
    from models.consolidate import consolidate

    made = consolidate(demo_service, "530000100", "2024Q4")
    path = tmp_path / "c.xlsx"
    export_xlsx(demo_service, "530000100", "2024Q4", path, scope="consolidated")
    wb = load_workbook(path)
    staff = wb["人员基本情况"]
    assert cell_by_code(staff, "staff.female").value == 52
    assert staff.cell(row=row_of(staff, "staff.female"), column=1).value == "其中：女性（3/4 个单位填报）"
    assert staff.cell(row=row_of(staff, "staff.total"), column=1).value == "在岗职工总数"  # all four gave it
    assert cell_by_code(staff, "staff.age.le35").value is None  # nobody gave ages: blank, not 0
    recruit = wb["人才招聘与引进"]
    assert recruit.cell(row=row_of(recruit, "recruit.introduced"), column=1).value == "引进急需紧缺人才（1/4 个单位填报；本年累计：第4季度）"
    # The labels are for the reader: the file imports one level up with the same figures.
    read = read_xlsx(path, demo_service.registry)
    assert read.data.values == made.values and "staff.age.le35" not in read.data.values


def test_a_consolidated_ratio_over_some_units_says_over_how_many(demo_service, tmp_path) -> None:
    from openpyxl import load_workbook

    from models.consolidate import consolidate

    data = demo_service.store.load("530000110", "2024Q4")
    assert data is not None
    del data.values["staff.prof"]
    demo_service.store.save(data)
    consolidate(demo_service, "530000100", "2024Q4")
    path = tmp_path / "c.xlsx"
    export_xlsx(demo_service, "530000100", "2024Q4", path, scope="consolidated")
    wb = load_workbook(path)
    staff = wb["人员基本情况"]
    # (762 + 29 + 32) of (788 + 35 + 38): 城关 gave no 专业技术人员 and is left out of both sides.
    assert cell_by_code(staff, "ratio.prof_share").value == pytest.approx(95.6)
    assert staff.cell(row=row_of(staff, "ratio.prof_share"), column=1).value == "专业技术人员占比（按3个单位计算）"
    units = [r[0] for r in wb["汇总表"].iter_rows(values_only=True) if r[0]]
    said = next(t for t in units if t.startswith("说明：合计中"))
    # The county office gave no 正高/副高 (its 12 高级 is unsplit), 城关 no 专业技术人员: 高级职称占比 over 2 units.
    assert (
        said
        == "说明：合计中，专业技术人员 3/4 个单位填报；专技占比 按3个单位计算；高级职称 3/4 个单位填报；高级职称占比 按2个单位计算；空白单元格为未填报，不是0。"
    )
    assert ("城关镇卫生院", 32, None, None) == next(r for r in wb["汇总表"].iter_rows(values_only=True) if r[0] == "城关镇卫生院")[:4]
