"""Issue 12, parts 4 and 5: an Excel file's hidden part is checked, not believed, and what
the clerk sees is what is imported. Each hostile file is made with openpyxl from a real
export; a refused file leaves the database exactly as it was (a logical dump of every
table), and every message names the sheet and cell (or both values that disagree)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from formats.errors import NOTE_STATUS_IGNORED, FileProblems
from formats.xlsx_import import NOTE_EDITED, NOTE_FROM_BLANK, read_xlsx
from formats.xlsx_layout import CHECKSUM_VERSION, META_SHEET, checksum
from models.template import default_registry
from tests.db_dump import logical_dump
from tests.formats.xlsx_files import cell_by_code, copy_database, demo_database, export_xlsx, rewrite_member, row_of, run, sheet_member

DATA = Path(__file__).parent / "data"
RELEASE1_EXPORT = DATA / "release1_town_2024Q4.xlsx"  # made by the release before checksum version 2
RELEASE1_BLANK = DATA / "release1_blank_530000101_2024Q4.xlsx"
STAFF = "人员基本情况"
TEXTS = "存在问题与下步打算"


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def town(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """城关镇卫生院 2024Q4 as exported; every hostile file is made from it."""
    return export_xlsx(demo_master, "530000110", "2024Q4", tmp_path_factory.mktemp("town") / "town.xlsx")


@pytest.fixture(scope="module")
def blank(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_xlsx(demo_master, "530000101", "2024Q4", tmp_path_factory.mktemp("blank") / "blank.xlsx", "--blank")


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    return copy_database(demo_master, tmp_path / "demo.db")


def edited(src: Path, dst: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def set_meta(**values: str) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        for row in wb[META_SHEET].iter_rows(min_row=2):
            if row[0].value in values:
                row[1].value = values[row[0].value]

    return change


def meta_of(path: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path)
    return {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows(min_row=2) if r[0].value}


def refused(db: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import with --replace through the command line: exit 2, the database unchanged; the message."""
    before = logical_dump(db)
    capsys.readouterr()
    assert run(db, "import-xlsx", "--replace", str(path)) == 2
    err = capsys.readouterr().err
    assert f"文件 {path.name} 未导入，数据库未作任何修改" in err
    assert logical_dump(db) == before
    return err


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FileProblems) as exc:
        read_xlsx(path, default_registry())
    return exc.value.problems


# ---- part 4: the hidden part is checked -----------------------------------------------
def test_the_unit_code_is_shown_in_the_visible_header(town: Path) -> None:
    wb = openpyxl.load_workbook(town)
    for title in wb.sheetnames[:-1]:
        texts = [c.value for row in wb[title].iter_rows(max_row=8, max_col=1) for c in row]
        assert "单位代码：530000110" in texts, title
        assert "单位名称（公章）：城关镇卫生院" in texts and "报告期：2024年第四季度" in texts
    assert meta_of(town)["checksum_version"] == str(CHECKSUM_VERSION) == "2"


def test_hidden_part_naming_another_unit_is_refused_naming_both(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    """The example of the issue: the meta sheet says 530000111 (新华乡卫生院), whose return
    would have been replaced; the header shows 530000110. Refused, both codes named."""
    forged = edited(town, tmp_path / "other_unit.xlsx", set_meta(unit_code="530000111", unit_name="新华乡卫生院"))
    err = refused(demo_db, forged, capsys)
    assert "单位代码不一致" in err and "“530000110”" in err and "“530000111”" in err
    assert "单位名称不一致" in err and "“城关镇卫生院”" in err and "“新华乡卫生院”" in err
    assert "工作表“人员基本情况”、“人才招聘与引进”" in err  # the sheets that show it, named once


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"period": "2024Q3"}, ["报告期不一致", "“2024年第四季度”", "“2024年第三季度”"]),
        ({"scope": "consolidated"}, ["报表范围不一致", "本单位报表（单位名称）", "汇总报表（综合机关名称）"]),
        ({"unit_credit_code": "12530000MB0000001X"}, ["统一社会信用代码不一致", "“12530000MB0000001X”"]),
        ({"unit_code": "530000110X"}, ["单位代码不一致", "“530000110X”"]),
    ],
)
def test_each_identity_field_must_agree_with_the_header(town: Path, tmp_path: Path, meta: dict[str, str], expected: list[str]) -> None:
    problems = problems_of(edited(town, tmp_path / "forged.xlsx", set_meta(**meta)))
    joined = "\n".join(problems)
    for text in expected:
        assert text in joined
    assert all("请对方用本程序重新导出" in p for p in problems)


def test_a_header_edited_by_hand_is_refused_too(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb[STAFF]
        for row in ws.iter_rows(max_row=8, max_col=1):
            if isinstance(row[0].value, str) and row[0].value.startswith("单位代码："):
                row[0].value = "单位代码：530000112"

    problems = problems_of(edited(town, tmp_path / "header.xlsx", change))
    assert problems == [
        "单位代码不一致：工作表“人员基本情况”表头上是“530000112”，文件隐藏的识别信息中是“530000110”。文件可能被改动或拼接过，未导入；请对方用本程序重新导出"
    ]


def test_a_header_without_the_unit_code_is_refused_in_a_current_file(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        for row in wb[STAFF].iter_rows(max_row=8, max_col=1):
            if isinstance(row[0].value, str) and row[0].value.startswith("单位代码："):
                row[0].value = None

    problems = problems_of(edited(town, tmp_path / "no_code.xlsx", change))
    assert problems == ["工作表“人员基本情况”的表头没有“单位代码”，无法与文件的识别信息核对：文件结构被改动，请用本程序重新导出"]


def test_a_file_that_says_submitted_is_stored_as_imported_draft(demo_master: Path, tmp_path: Path, capsys) -> None:
    """The receiver decides the status: submitted at the township, 已导入 (a draft) at the county."""
    from dataclasses import replace

    from models.db import open_database
    from models.returns import ReturnService

    township = copy_database(demo_master, tmp_path / "township.db")
    engine = open_database(township)
    try:
        service = ReturnService(engine)
        data = service.store.load("530000111", "2024Q4")
        assert data is not None
        service.store.save(replace(data, status="submitted"), action="submit")
    finally:
        engine.dispose()
    path = export_xlsx(township, "530000111", "2024Q4", tmp_path / "submitted.xlsx")
    assert meta_of(path)["status"] == "submitted"
    read = read_xlsx(path, default_registry())
    assert read.data.status == "draft" and read.data.origin == "imported"
    assert read.notes == [NOTE_STATUS_IGNORED]  # untouched: no "edited" note, the claim is said
    county = copy_database(demo_master, tmp_path / "county.db")
    capsys.readouterr()
    assert run(county, "import-xlsx", "--replace", str(path)) == 0
    assert NOTE_STATUS_IGNORED in capsys.readouterr().out
    assert run(county, "status", "--unit", "530000100", "--period", "2024Q4") in (0, 1)
    line = next(x for x in capsys.readouterr().out.splitlines() if "530000111" in x or "新华乡卫生院" in x)
    assert "已导入" in line and "已报送" not in line
    engine = open_database(county)
    try:
        stored = ReturnService(engine).store.load("530000111", "2024Q4")
    finally:
        engine.dispose()
    assert stored is not None and (stored.status, stored.origin) == ("draft", "imported")


def test_status_forged_in_the_hidden_part_is_not_believed(town: Path, demo_db: Path, tmp_path: Path) -> None:
    path = edited(town, tmp_path / "forged_status.xlsx", set_meta(status="submitted"))
    read = read_xlsx(path, default_registry())
    assert read.data.status == "draft"
    assert NOTE_STATUS_IGNORED in read.notes


def test_edited_figures_with_a_forged_blank_flag_are_still_noted(town: Path, tmp_path: Path) -> None:
    """The example of the issue: figures changed and blank=1 set by hand lost the note."""

    def change(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.female").value = 15
        set_meta(blank="1")(wb)

    read = read_xlsx(edited(town, tmp_path / "forged_blank.xlsx", change), default_registry())
    assert read.data.values["staff.female"] == 15
    assert read.notes[0] == NOTE_EDITED and NOTE_FROM_BLANK not in read.notes
    assert not read.blank_template and read.data.status == "draft"


def test_a_forged_blank_flag_alone_is_noted(town: Path, tmp_path: Path) -> None:
    read = read_xlsx(edited(town, tmp_path / "blank_flag.xlsx", set_meta(blank="1")), default_registry())
    assert read.notes == [NOTE_EDITED] and not read.blank_template


def test_a_true_blank_template_verifies_empty_or_filled_in(blank: Path, tmp_path: Path) -> None:
    meta = meta_of(blank)
    assert meta["blank"] == "1" and len(meta["checksum"]) == 64
    untouched = read_xlsx(blank, default_registry())
    assert untouched.notes == [NOTE_FROM_BLANK] and untouched.blank_template and untouched.data.values == {}

    def fill(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.total").value = 120

    filled = read_xlsx(edited(blank, tmp_path / "filled.xlsx", fill), default_registry())
    assert filled.notes == [NOTE_FROM_BLANK] and filled.blank_template
    assert filled.data.values == {"staff.total": Decimal(120)}


def test_a_blank_template_whose_hidden_identity_was_changed_is_noted(blank: Path, tmp_path: Path) -> None:
    """A hidden field that is not on the header (the unit's level, its parent) is covered by the checksum."""
    for change in ({"unit_level": "county"}, {"unit_parent": "530100000"}):
        read = read_xlsx(edited(blank, tmp_path / "b.xlsx", set_meta(**change)), default_registry())
        assert read.notes == [NOTE_EDITED] and not read.blank_template, change


@pytest.mark.parametrize("field", ["unit_level", "unit_parent", "template_version"])
def test_the_checksum_covers_the_hidden_identity(town: Path, tmp_path: Path, field: str) -> None:
    if field == "template_version":
        data = read_xlsx(town, default_registry()).data
        tpl = default_registry().for_period("2024Q4")
        assert checksum(data, tpl) != checksum(data, tpl, blank=True) != checksum(data, tpl, version=1)
        return
    value = {"unit_level": "hospital", "unit_parent": "530100000"}[field]
    read = read_xlsx(edited(town, tmp_path / "level.xlsx", set_meta(**{field: value})), default_registry())
    assert read.notes == [NOTE_EDITED]


def test_files_of_the_release_before_still_import(demo_db: Path, tmp_path: Path, capsys) -> None:
    """Checksum version 1 (values only, no 单位代码 on the header): imported without a note,
    its blank template too; figures edited in it are still noted."""
    assert "checksum_version" not in meta_of(RELEASE1_EXPORT)
    read = read_xlsx(RELEASE1_EXPORT, default_registry())
    assert read.notes == [] and read.data.unit.code == "530000110"
    blank = read_xlsx(RELEASE1_BLANK, default_registry())
    assert blank.notes == [NOTE_FROM_BLANK] and blank.blank_template

    def change(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.female").value = 15

    assert read_xlsx(edited(RELEASE1_EXPORT, tmp_path / "old_edited.xlsx", change), default_registry()).notes == [NOTE_EDITED]
    assert read_xlsx(edited(RELEASE1_EXPORT, tmp_path / "old_blank_flag.xlsx", set_meta(blank="1")), default_registry()).notes == [NOTE_EDITED]
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", "--replace", str(RELEASE1_EXPORT)) == 0
    assert "已替换" in capsys.readouterr().out


def test_files_of_the_release_before_still_refuse_identity_mismatches(demo_db: Path, tmp_path: Path, capsys) -> None:
    forged = edited(RELEASE1_EXPORT, tmp_path / "old_forged.xlsx", set_meta(unit_code="530000111", unit_name="新华乡卫生院"))
    err = refused(demo_db, forged, capsys)
    assert "单位名称不一致" in err and "“城关镇卫生院”" in err and "“新华乡卫生院”" in err
    period = edited(RELEASE1_EXPORT, tmp_path / "old_period.xlsx", set_meta(period="2024Q1"))
    assert any("报告期不一致" in p for p in problems_of(period))


# ---- part 5: what the clerk sees is what is imported -------------------------------------
def test_a_row_inserted_with_a_figure_and_no_code_is_refused(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    def change(wb: Any) -> None:
        ws = wb[STAFF]
        row = row_of(ws, "staff.female") + 1
        ws.insert_rows(row)
        ws.cell(row=row, column=1).value = "其中：临时聘用"
        ws.cell(row=row, column=4).value = 5

    path = edited(town, tmp_path / "inserted.xlsx", change)
    row = row_of(openpyxl.load_workbook(path)[STAFF], "staff.female") + 1
    err = refused(demo_db, path, capsys)
    assert f"工作表“人员基本情况”第{row}行填了数字（单元格 D{row}）但没有代码，不会被导入：请把数字填到对应指标行" in err


def test_text_in_a_row_without_a_code_is_refused(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb[TEXTS]
        last = ws.max_row + 2
        ws.cell(row=last, column=3).value = "3、补充一条问题"

    problems = problems_of(edited(town, tmp_path / "text_row.xlsx", change))
    assert len(problems) == 1 and "填了内容" in problems[0] and problems[0].startswith(f"工作表“{TEXTS}”第")


def test_a_row_with_an_unknown_code_is_refused(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["人才招聘与引进"]
        row = ws.max_row + 2
        ws.cell(row=row, column=2).value = "20"  # a 代码 the form does not have
        ws.cell(row=row, column=4).value = 3

    problems = problems_of(edited(town, tmp_path / "unknown_code.xlsx", change))
    assert len(problems) == 1
    assert "的代码“20”不是本报表的指标代码" in problems[0] and "工作表“人才招聘与引进”" in problems[0]


def under_merge(src: Path, dst: Path, sheet: str, ref: str, xml_value: str) -> Path:
    """A value in a cell covered by a merged range (Excel keeps one when a merge is made by
    another program, or the sheet XML is written by hand); openpyxl cannot write one."""

    def change(xml: str) -> str:
        new, n = re.subn(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|></c>)', rf'<c r="{ref}"\1 {xml_value}</c>', xml)
        if n == 0:  # not written at all: put it after the merge's first cell (same row, column A)
            row = re.match(r"[A-Z]+(\d+)", ref).group(1)  # type: ignore[union-attr]
            new, n = re.subn(rf'(<c r="A{row}"[^>]*?(?:/>|>.*?</c>))', rf'\1<c r="{ref}" {xml_value}</c>', xml, count=1)
        assert n == 1, ref
        return new

    rewrite_member(src, dst, sheet_member(src, sheet), change)
    return dst


def test_a_figure_typed_right_of_the_form_is_refused(town: Path, tmp_path: Path) -> None:
    """Next to its indicator, in column H: not in the 本期 column, so it would be lost."""

    def change(wb: Any) -> None:
        ws = wb[STAFF]
        ws.cell(row=row_of(ws, "staff.female"), column=8).value = 18

    path = edited(town, tmp_path / "column_h.xlsx", change)
    row = row_of(openpyxl.load_workbook(path)[STAFF], "staff.female")
    assert problems_of(path) == [
        f"工作表“人员基本情况”单元格 H{row}：在报表表格（A–F 列）之外，其中的内容“18”不会被导入；请填到对应指标行的“本期”栏，删除表格外的内容后再导入"
    ]


def test_text_typed_under_a_merged_cell_is_refused(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    row = row_of(openpyxl.load_workbook(town)[TEXTS], "text.plans")
    path = under_merge(town, tmp_path / "merged.xlsx", TEXTS, f"D{row}", 't="inlineStr"><is><t>看不见的计划</t></is>')
    err = refused(demo_db, path, capsys)
    assert f"工作表“{TEXTS}”单元格 D{row}：在合并单元格 C{row}:F{row} 之内，其中的内容“看不见的计划”在Excel中看不到，不会被导入" in err
    assert f"请把它填到合并单元格的左上角（C{row}）" in err


def test_a_figure_under_a_merged_header_cell_is_refused(town: Path, tmp_path: Path) -> None:
    problems = problems_of(under_merge(town, tmp_path / "merged_head.xlsx", STAFF, "B4", "><v>32</v>"))
    assert len(problems) == 1 and "单元格 B4：在合并单元格 A4:C4 之内" in problems[0]


def test_a_copied_sheet_with_figures_is_refused_naming_it(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    def change(wb: Any) -> None:
        copy = wb.copy_worksheet(wb[STAFF])
        copy.title = "人员基本情况 (2)"
        cell_by_code(copy, "staff.total").value = 40

    err = refused(demo_db, edited(town, tmp_path / "copied.xlsx", change), capsys)
    assert "工作表“人员基本情况 (2)”不是报表的一部分（例如单元格 A1 有内容），其中的数字不会被导入" in err


def test_an_empty_extra_sheet_is_only_noted(town: Path, tmp_path: Path) -> None:
    read = read_xlsx(edited(town, tmp_path / "empty_sheet.xlsx", lambda wb: wb.create_sheet("Sheet1")), default_registry())
    assert "工作表“Sheet1”不是报表的一部分（空白），已忽略" in read.notes


@pytest.mark.parametrize(
    ("fmt", "what"),
    [
        ('"100"', "显示为文字“100”"),  # the example: shows 100, holds 32
        (";;;", "被隐藏（显示为空白）"),
        ("0;-0;;@", None),  # not refused: 32 is positive, its section shows it
        ('"1"0', "显示时带有数字文字“1”"),
        ('[>100]0;"很多"', "按条件显示，显示的可能不是这个数"),
    ],
)
def test_a_number_format_that_shows_another_value_is_refused(town: Path, tmp_path: Path, fmt: str, what: str | None) -> None:
    def change(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.total").number_format = fmt

    path = edited(town, tmp_path / "format.xlsx", change)
    coordinate = cell_by_code(openpyxl.load_workbook(path)[STAFF], "staff.total").coordinate
    if what is None:
        assert read_xlsx(path, default_registry()).data.values["staff.total"] == 32
        return
    problems = problems_of(path)
    assert problems == [
        f"工作表“人员基本情况”单元格 {coordinate}：数字格式“{fmt}”使单元格{what}，而单元格中存的是“32”；看到的与导入的不同，未导入。请把单元格格式改为“常规”后核对"
    ]


def test_a_number_shown_as_a_date_is_refused(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.total").number_format = "yyyy-mm-dd"

    problems = problems_of(edited(town, tmp_path / "date.xlsx", change))
    assert len(problems) == 1 and "在岗职工总数：“1900-02-01 00:00:00” 不是数字" in problems[0]


def test_a_zero_hidden_by_its_format_is_refused(town: Path, tmp_path: Path) -> None:
    """Blank is not zero: a 0 shown as an empty cell would be read as 0 while the clerk sees blank."""

    def change(wb: Any) -> None:
        cell = cell_by_code(wb[STAFF], "staff.other")
        cell.value, cell.number_format = 0, "0;-0;"

    assert any("被隐藏（显示为空白）" in p and "存的是“0”" in p for p in problems_of(edited(town, tmp_path / "zero.xlsx", change)))


@pytest.mark.parametrize(
    ("code", "fmt", "value", "what"),
    [
        ("staff.total", "0,", 32000, "按千（或百万）缩放显示"),
        ("staff.total", "0%", 1, "显示为百分数（乘以100）"),
        ("incent.funding", "0", Decimal("12.5"), "四舍五入显示为 0 位小数"),
    ],
)
def test_a_number_format_that_shows_it_scaled_or_rounded_is_noted(town: Path, tmp_path: Path, code: str, fmt: str, value: object, what: str) -> None:
    sheet = STAFF if code.startswith("staff") else "激励与待遇"

    def change(wb: Any) -> None:
        cell = cell_by_code(wb[sheet], code)
        cell.value, cell.number_format = value, fmt

    path = edited(town, tmp_path / "scaled.xlsx", change)
    coordinate = cell_by_code(openpyxl.load_workbook(path)[sheet], code).coordinate
    read = read_xlsx(path, default_registry())
    assert read.data.values[code] == Decimal(str(value))
    assert f"工作表“{sheet}”单元格 {coordinate}：数字格式“{fmt}”{what}，单元格中存的是 {value}，按存的数导入，请核对" in read.notes


def test_a_text_hidden_by_its_format_is_refused(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb[TEXTS]
        cell = ws.cell(row=row_of(ws, "text.problems"), column=3)
        cell.value, cell.number_format = "1、人员紧缺", ";;;"

    problems = problems_of(edited(town, tmp_path / "hidden_text.xlsx", change))
    assert len(problems) == 1 and "被数字格式隐藏或换成了别的文字" in problems[0]


def test_a_very_hidden_section_sheet_is_refused_a_hidden_one_noted(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    def very(wb: Any) -> None:
        wb[STAFF].sheet_state = "veryHidden"

    err = refused(demo_db, edited(town, tmp_path / "very_hidden.xlsx", very), capsys)
    assert "工作表“人员基本情况”被设为“非常隐藏”（在Excel中无法取消隐藏），其中的数字看不到，未导入" in err

    def hidden(wb: Any) -> None:
        wb["人才招聘与引进"].sheet_state = "hidden"

    read = read_xlsx(edited(town, tmp_path / "hidden.xlsx", hidden), default_registry())
    assert "工作表“人才招聘与引进”被隐藏了，其中的数字也已读取；请在Excel中取消隐藏核对" in read.notes
    assert read.data.values["recruit.applicants"] == read_xlsx(town, default_registry()).data.values["recruit.applicants"]


def test_a_very_hidden_extra_sheet_with_figures_is_refused(town: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb.create_sheet("数据")
        ws["D9"] = 32
        ws.sheet_state = "veryHidden"

    problems = problems_of(edited(town, tmp_path / "very_hidden_extra.xlsx", change))
    assert problems == [
        "工作表“数据”（设为“非常隐藏”的）不是报表的一部分（例如单元格 D9 有内容），其中的数字不会被导入：请把数字填到本程序导出的对应工作表中，删除这张表后再导入"
    ]


def test_own_exports_have_none_of_these_notes(town: Path, blank: Path) -> None:
    assert read_xlsx(town, default_registry()).notes == []
    assert read_xlsx(blank, default_registry()).notes == [NOTE_FROM_BLANK]


# ---- part 7 in Excel files: short messages, names that stay one line -------------------
def test_a_huge_cell_gives_a_short_message(town: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    def change(wb: Any) -> None:
        cell_by_code(wb[STAFF], "staff.total").value = "9" * 30_000
        cell_by_code(wb[STAFF], "staff.female").value = "很" * 30_000

    err = refused(demo_db, edited(town, tmp_path / "huge_cell.xlsx", change), capsys)
    assert len(err) < 800 and err.count("（共 30,000 个字符）") == 2


def test_a_unit_name_with_a_line_break_is_refused(town: Path, tmp_path: Path) -> None:
    """Hidden part and header changed alike (so they agree): the name itself is refused."""

    def change(wb: Any) -> None:
        set_meta(unit_name="城关镇卫生院\n530000999 伪造单位")(wb)
        for title in wb.sheetnames[:-1]:
            for row in wb[title].iter_rows(max_row=8, max_col=1):
                if row[0].value == "单位名称（公章）：城关镇卫生院":
                    row[0].value = "单位名称（公章）：城关镇卫生院\n530000999 伪造单位"

    problems = problems_of(edited(town, tmp_path / "newline.xlsx", change))
    assert any("单位名称 “城关镇卫生院\\u000A530000999 伪造单位” 含有换行符或控制字符" in p for p in problems)


def test_an_export_changed_in_excel_is_remembered_and_marked_on_every_printed_page(tmp_path: Path) -> None:
    """Issue 14, item 4: the edited-in-Excel state is stored with the imported return, and
    every page of the county's PDF says so; an untouched import says only that it is unreviewed."""
    import io

    from pypdf import PdfReader

    from formats.pdf_export import summary_pdf
    from formats.reading import reader_for
    from formats.xlsx_export import export_xlsx
    from models.db import open_database
    from models.demo import build_demo
    from models.importing import import_files
    from models.report import gather_report
    from models.returns import ReturnService

    township = ReturnService(open_database(tmp_path / "town.db"))
    build_demo(township)
    untouched, edited = tmp_path / "untouched.xlsx", tmp_path / "edited.xlsx"
    export_xlsx(township, "530000110", "2024Q4", untouched)
    export_xlsx(township, "530000111", "2024Q4", edited)
    township.engine.dispose()
    wb = openpyxl.load_workbook(edited)
    ws = wb.worksheets[0]
    row = next(r for r in ws.iter_rows() if any(c.value == "staff.total" for c in r))
    cell = next(c for c in row if isinstance(c.value, int | float) and not isinstance(c.value, bool))
    cell.value += 1
    wb.save(edited)

    county = ReturnService(open_database(tmp_path / "county.db"))
    result = import_files(county, [untouched, edited], reader_for(county.registry))
    assert [r.action for r in result.files] == ["imported", "imported"], [r.message for r in result.files]
    plain, changed = county.store.load("530000110", "2024Q4"), county.store.load("530000111", "2024Q4")
    assert plain is not None and changed is not None
    assert (plain.edited_in_excel, changed.edited_in_excel) == (False, True)
    assert [m.text for m in gather_report(county, "530000110", "2024Q4").marks if m.key in ("imported", "edited")] == ["导入件未审核"]
    assert [m.text for m in gather_report(county, "530000111", "2024Q4").marks if m.key in ("imported", "edited")] == ["导入件未审核", "在Excel中改过"]
    pages = PdfReader(io.BytesIO(summary_pdf(county, "530000111", "2024Q4").content)).pages
    assert pages and all("在Excel中改过" in page.extract_text() for page in pages)
    county.workflow.review("530000110", "2024Q4", accept=True)
    assert not [m for m in gather_report(county, "530000110", "2024Q4").marks if m.key in ("imported", "edited", "draft")]
