"""Importing Excel returns: exact round trips, the blank template filled in by hand,
notes on edited files and formulas, and the reader the import pipeline calls."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from formats.errors import FileProblems
from formats.reading import read_any, reader_for
from formats.xlsx_export import ExportInput, render_xlsx
from formats.xlsx_import import NOTE_EDITED, NOTE_FORMULA, NOTE_FROM_BLANK, read_xlsx
from models.data import UnitInfo
from models.importing import Decisions, apply_plan, import_files, plan_import
from models.template import Template, default_registry
from tests.factories import make_return
from tests.formats.xlsx_files import (
    cell_by_code,
    copy_database,
    demo_database,
    export_xlsx,
    libreoffice_convert,
    libreoffice_or_skip,
    rewrite_member,
    row_of,
    run,
    sheet_member,
)

DEMO_RETURNS = [
    ("530000100", "2024Q4"),
    ("530000100", "2024Q3"),
    ("530100000", "2024Q4"),
    ("530000110", "2024Q4"),
    ("530000111", "2024Q4"),
    ("530000112", "2024Q4"),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once; tests that write copy it first."""
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def exported(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every demo return exported once, for the tests that only read the files."""
    folder = tmp_path_factory.mktemp("exported")
    return {(u, p): export_xlsx(demo_db, u, p, folder / f"{u}_{p}.xlsx") for u, p in DEMO_RETURNS}


def export_json(db: Path, unit: str, period: str, out: Path, *extra: str) -> dict:
    assert run(db, "export-json", "--unit", unit, "--period", period, "-o", str(out), *extra) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("unit", "period"), DEMO_RETURNS)
def test_demo_returns_round_trip_exactly(demo_db: Path, exported: dict, tmp_path: Path, unit: str, period: str) -> None:
    original = export_json(demo_db, unit, period, tmp_path / "a.json")
    files = [str(exported[(unit, period)])]
    if original["unit"]["parent"]:  # the parent arrives first, so the link is made
        files.insert(0, str(exported[(original["unit"]["parent"], "2024Q4")]))
    fresh = tmp_path / "fresh.db"
    assert run(fresh, "import-xlsx", *files) == 0
    assert export_json(fresh, unit, period, tmp_path / "b.json") == original


LONG_TEXT = "\n".join(f"{i}、" + "人才队伍建设需要进一步加强，基层卫生人才引不进、留不住的问题仍然突出；" * 12 for i in range(1, 30))


def special_doc() -> dict:
    return {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "X1", "name": "测试卫生院（含分院）", "level": "township", "parent": None},
        "period": "2025Q2",
        "scope": "consolidated",
        "status": "submitted",
        "values": {"staff.total": 0, "staff.female": 0, "recruit.posts": 3, "incent.funding": "0.05", "incent.leaders": 0, "train.lectures": 1234567},
        "texts": {
            "text.highlights": LONG_TEXT,
            "text.problems": "一段很长的话没有换行" * 700,  # continues over several rows
            "text.plans": "=SUM(A1:A9)\n+加强\n-引进\n@全体\n\n  前后有空格  ",
            "text.note.incent": "津贴按月发放。",
        },
        "allowances": [
            {"name": "拔尖人才", "persons": 1, "monthly_standard": "500.00", "one_off": None, "amount": "1500.00", "unit_name": "城关镇卫生院"},
            {"name": "=名医", "persons": None, "monthly_standard": None, "one_off": "50000.00", "amount": None, "unit_name": "新华乡卫生院"},
            {"name": "乡村好医生", "persons": 0, "monthly_standard": "0.00", "one_off": "0.00", "amount": "0.00"},
        ],
        "explanations": {"warn.recruit.hired_posts": "-按计划录用", "warn.stock_change:staff.total": "合并机构"},
        "signatories": {"unit_head": "欧阳某某", "stats_head": "", "filled_by": "=张三", "phone": "13800000000", "report_date": "2025-07-05"},
    }


def test_blanks_zeros_long_texts_and_allowances_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(special_doc(), ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "x.db"
    assert run(db, "import-json", str(src)) == 0
    original = export_json(db, "X1", "2025Q2", tmp_path / "a.json", "--consolidated")
    xlsx = export_xlsx(db, "X1", "2025Q2", tmp_path / "x.xlsx", "--consolidated")
    fresh = tmp_path / "fresh.db"
    assert run(fresh, "import-xlsx", str(xlsx)) == 0
    again = export_json(fresh, "X1", "2025Q2", tmp_path / "b.json", "--consolidated")
    assert again == original
    assert again["texts"]["text.highlights"] == LONG_TEXT
    assert again["values"]["staff.total"] == 0 and "staff.admin" not in again["values"]
    ws = openpyxl.load_workbook(xlsx)["存在问题与下步打算"]
    codes = [c.value for c in ws["G"] if isinstance(c.value, str)]
    assert codes.count("text.highlights") == 29 and "text.problems+" in codes


def _round_trip(template: Template, values: dict[str, Decimal], scope: str = "own"):
    data = make_return(template, values, unit=UnitInfo("X1", "测试"), period="2025Q1", scope=scope)
    path_bytes = render_xlsx(ExportInput(data, template))
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xlsx"
        path.write_bytes(path_bytes)
        return read_xlsx(path, default_registry())


def test_amounts_up_to_the_limit_stay_exact(template: Template) -> None:
    read = _round_trip(template, {"incent.funding": Decimal("98765432.10"), "staff.total": Decimal(9999999)})
    assert read.data.values == {"incent.funding": Decimal("98765432.10"), "staff.total": Decimal(9999999)}
    assert read.notes == []


def test_more_than_the_limit_is_refused_not_rounded(template: Template) -> None:
    with pytest.raises(FileProblems) as exc:
        _round_trip(template, {"incent.funding": Decimal("1234567890123456.78")})
    assert "人才工作经费投入：“1234567890123456.78” 超过上限，最大 99,999,999.99" in str(exc.value)


def test_a_consolidated_return_holds_what_consolidation_can_make(template: Template) -> None:
    """The largest consolidated figure (10,000 units at their maximum) is exact in Excel."""
    biggest = {"incent.funding": Decimal("999999999900.00"), "staff.total": Decimal(99999990000)}
    assert _round_trip(template, biggest, "consolidated").data.values == biggest


def fill_in(ws, code: str, value) -> None:
    cell = cell_by_code(ws, code)
    assert not cell.protection.locked, code
    cell.value = value


def test_blank_template_filled_in_by_hand_imports_cleanly(demo_db: Path, tmp_path: Path, capsys) -> None:
    demo_db = copy_database(demo_db, tmp_path / "demo.db")
    path = export_xlsx(demo_db, "530000101", "2024Q4", tmp_path / "blank.xlsx", "--blank")
    wb = openpyxl.load_workbook(path)
    staff = wb["人员基本情况"]
    for code, value in {"staff.total": 120, "staff.admin": 10, "staff.prof": 100, "staff.worker": 8, "staff.other": 2, "staff.female": "/"}.items():
        fill_in(staff, code, value)
    fill_in(wb["激励与待遇"], "incent.funding", 12.5)
    incent = wb["激励与待遇"]
    first = row_of(incent, "allowances") + 2
    for col, value in enumerate(["拔尖人才", None, 2, 500, None, 3000], start=1):
        incent.cell(row=first, column=col).value = value
    texts = wb["存在问题与下步打算"]
    cell_by_code(texts, "text.problems", 3).value = "1、人员紧缺。\n2、培训不足。"
    sig = next(c for row in staff.iter_rows() for c in row if c.value == "填表人：")
    staff.cell(row=sig.row, column=2).value = "赵六"
    wb.save(path)

    assert run(demo_db, "import-xlsx", str(path)) == 0
    out = capsys.readouterr().out
    assert "示范县人民医院（530000101） 2024年第四季度 已导入" in out
    assert NOTE_FROM_BLANK in out
    doc = export_json(demo_db, "530000101", "2024Q4", tmp_path / "b.json")
    assert doc["values"] == {"staff.total": 120, "staff.admin": 10, "staff.prof": 100, "staff.worker": 8, "staff.other": 2, "incent.funding": "12.50"}
    assert "staff.female" not in doc["values"]  # '/' is blank
    assert doc["texts"] == {"text.problems": "1、人员紧缺。\n2、培训不足。"}
    assert doc["allowances"] == [{"name": "拔尖人才", "persons": 2, "monthly_standard": "500.00", "one_off": None, "amount": "3000.00"}]
    assert doc["signatories"]["filled_by"] == "赵六"


def test_numbers_edited_after_export_are_imported_and_noted(exported: dict, tmp_path: Path) -> None:
    path = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(exported[("530000110", "2024Q4")])
    cell_by_code(wb["人员基本情况"], "staff.female").value = 15
    wb.save(path)
    read = read_xlsx(path, default_registry())
    assert read.data.values["staff.female"] == 15
    assert read.notes == [NOTE_EDITED]
    untouched = read_xlsx(exported[("530000110", "2024Q4")], default_registry())
    assert untouched.notes == [] and untouched.data.values["staff.female"] == 16


def test_a_formula_with_its_saved_result_is_used_and_said(exported: dict, tmp_path: Path) -> None:
    src = exported[("530000110", "2024Q4")]
    ws = openpyxl.load_workbook(src)["人员基本情况"]
    ref, total = cell_by_code(ws, "staff.total").coordinate, cell_by_code(ws, "staff.total").value
    member = sheet_member(src, "人员基本情况")
    path = tmp_path / "formula.xlsx"

    def as_formula(xml: str) -> str:
        new, n = re.subn(rf'<c r="{ref}"([^>]*?) t="n"><v>(\d+)</v></c>', rf'<c r="{ref}"\1><f>20+\2-20</f><v>\2</v></c>', xml)
        assert n == 1
        return new

    rewrite_member(src, path, member, as_formula)
    read = read_xlsx(path, default_registry())
    assert read.data.values["staff.total"] == Decimal(total) == Decimal(32)
    assert any(n.startswith(NOTE_FORMULA) and ref in n for n in read.notes)


def test_every_problem_is_listed_with_sheet_and_cell(exported: dict, tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    wb = openpyxl.load_workbook(exported[("530000110", "2024Q4")])
    staff, incent = wb["人员基本情况"], wb["激励与待遇"]
    cells = {}
    for code, value in {"staff.total": "很多", "staff.admin": -3, "staff.prof": 1.5, "staff.worker": "=1+1"}.items():
        cell = cell_by_code(staff, code)
        cell.value = value
        cells[code] = cell.coordinate
    cell_by_code(incent, "incent.funding").value = 1.234
    wb.save(path)
    with pytest.raises(FileProblems) as exc:
        read_xlsx(path, default_registry())
    problems = exc.value.problems
    assert exc.value.filename == "many.xlsx"
    assert (
        f"工作表“人员基本情况”单元格 {cells['staff.total']}：在岗职工总数：“很多” 不是数字。请只填数字（可用千分位逗号，如 1,234；小数点用 .），没有填 0，不确定填 /"
        in problems
    )
    assert f"工作表“人员基本情况”单元格 {cells['staff.admin']}：行政管理人员：不能为负数（填了 “-3”）" in problems
    assert f"工作表“人员基本情况”单元格 {cells['staff.prof']}：专业技术人员：必须是整数（填了 “1.5”）" in problems
    assert any(p.startswith(f"工作表“人员基本情况”单元格 {cells['staff.worker']}：是公式，但文件中没有计算结果") for p in problems)
    assert any("工作表“激励与待遇”" in p and "最多保留 2 位小数" in p for p in problems)
    assert len(problems) == 5


def test_ambiguous_cells_are_refused_naming_sheet_and_cell(exported: dict, tmp_path: Path) -> None:
    """The one parser reads Excel cells too: text cells in odd forms, formula leftovers, the limit."""
    path = tmp_path / "odd.xlsx"
    wb = openpyxl.load_workbook(exported[("530000110", "2024Q4")])
    staff, incent = wb["人员基本情况"], wb["激励与待遇"]
    odd = {"staff.total": "12，5", "staff.admin": "1,2", "staff.prof": "1_0", "staff.worker": "1e3", "staff.other": 10_000_000}
    cells = {}
    for code, value in odd.items():
        cell = cell_by_code(staff, code)
        cell.value = value
        cells[code] = cell.coordinate
    funding = cell_by_code(incent, "incent.funding")
    funding.value = 0.3
    saved = tmp_path / "saved.xlsx"
    wb.save(saved)
    # What Excel stores for =0.1+0.2: the double's 17 digits (openpyxl itself writes fewer).
    noisy = f'<c r="{funding.coordinate}" t="n"><v>0.30000000000000004</v></c>'
    rewrite_member(saved, path, sheet_member(saved, "激励与待遇"), lambda xml: re.sub(rf'<c r="{funding.coordinate}"[^>]*>.*?</c>', noisy, xml, count=1))
    with pytest.raises(FileProblems) as exc:
        read_xlsx(path, default_registry())
    problems = exc.value.problems
    for code in ("staff.total", "staff.admin", "staff.prof", "staff.worker"):
        assert any(p.startswith(f"工作表“人员基本情况”单元格 {cells[code]}：") and f"“{odd[code]}” 不是数字" in p for p in problems), (code, problems)
    assert f"工作表“人员基本情况”单元格 {cells['staff.other']}：其他人员：“10000000” 超过上限，最大 9,999,999" in problems
    assert any(
        p.startswith(f"工作表“激励与待遇”单元格 {funding.coordinate}：人才工作经费投入：最多保留 2 位小数（填了 “0.30000000000000004”）") and "ROUND" in p
        for p in problems
    )
    assert len(problems) == 6


def test_grouped_and_full_width_text_cells_are_read(exported: dict, tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    wb = openpyxl.load_workbook(exported[("530000110", "2024Q4")])
    staff, incent = wb["人员基本情况"], wb["激励与待遇"]
    cell_by_code(staff, "staff.total").value = "1,922"
    cell_by_code(staff, "staff.female").value = "１，０３２"
    cell_by_code(incent, "incent.funding").value = " 5.43 "
    wb.save(path)
    values = read_xlsx(path, default_registry()).data.values
    assert (values["staff.total"], values["staff.female"], values["incent.funding"]) == (1922, 1032, Decimal("5.43"))


@pytest.fixture
def target(tmp_path: Path) -> Iterator:
    from models.db import open_database
    from models.returns import ReturnService

    engine = open_database(tmp_path / "target.db")
    yield ReturnService(engine, who="tester")
    engine.dispose()


def test_import_many_files_parents_first_with_progress(exported: dict, target, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    paths = [exported[("530000110", "2024Q4")], bad, exported[("530000100", "2024Q4")]]  # child before parent
    calls: list[tuple[int, int, str]] = []
    plan = plan_import(target, paths, reader_for(target.registry), progress=lambda done, total, name: calls.append((done, total, name)))
    assert plan is not None
    assert calls == [(0, 3, paths[0].name), (1, 3, "bad.xlsx"), (2, 3, paths[2].name), (3, 3, "")]
    assert [r.action for r in plan.files] == ["import", "ignored", "import"]  # text, not a return: listed, ignored
    assert plan.files[0].parent == "530000100"  # its parent comes in the same batch
    reports = apply_plan(target, plan, Decisions()).files
    assert [r.action for r in reports] == ["imported", "ignored", "imported"]
    assert [r.path for r in reports] == paths
    assert target.units.get("530000110").parent == "530000100"  # the parent was stored first
    assert reports[0].new_unit and reports[0].unit_name == "城关镇卫生院" and reports[0].period == "2024Q4"
    assert "不是 Excel 工作簿" in reports[1].message and reports[1].problems
    again = import_files(target, paths[:1], reader_for(target.registry)).files
    assert again[0].action == "same" and not again[0].ok and "已导入过相同内容，跳过" in again[0].message  # the same bytes again
    assert import_files(target, paths[:1], reader_for(target.registry), replace_existing=True).files[0].action == "same"
    changed = tmp_path / "changed.xlsx"
    changed.write_bytes(paths[0].read_bytes() + b"\0")  # other bytes, the same return: asks, like before
    again = import_files(target, [changed], reader_for(target.registry)).files
    assert again[0].action == "exists" and not again[0].ok
    assert import_files(target, [changed], reader_for(target.registry), replace_existing=True).files[0].action == "replaced"


def test_progress_can_cancel_while_reading(exported: dict, target) -> None:
    paths = [exported[("530000100", "2024Q4")], exported[("530000110", "2024Q4")]]
    assert plan_import(target, paths, reader_for(target.registry), progress=lambda done, total, name: done < 1) is None
    assert target.units.list() == []


def test_plan_then_store_after_asking(exported: dict, target) -> None:
    plan = plan_import(target, [exported[("530000110", "2024Q4")], exported[("530100000", "2024Q4")]], reader_for(target.registry))
    assert plan is not None
    reports = plan.files
    assert [r.action for r in reports] == ["import", "import"] and all(r.ok and r.new_unit for r in reports)
    # The city's warning, then the notes for its unsplit 95 高级 / 5 研究生 (blank in the file, not 0).
    assert [(f.rule_id, f.severity) for f in reports[1].findings] == [
        ("warn.recruit.hired_posts", "warning"),
        ("sum.staff.prof.title", "note"),
        ("sum.staff.prof.edu", "note"),
    ]
    assert target.units.list() == []
    # the window asks, then puts the new township under a unit of ours and stores it
    target.units.save(UnitInfo("OURS", "本县卫健局", "county"))
    assert [r.unit_code for r in plan.homeless()] == ["530000110", "530100000"]
    result = apply_plan(target, plan, Decisions(parents={"530000110": "OURS"}, skip_units={"530100000"}))
    assert [r.action for r in result.files] == ["imported", "skipped"]
    assert target.units.get("530000110").parent == "OURS"
    assert target.units.get("530100000") is None


def test_read_any_reads_json_and_excel_with_the_hash_of_the_bytes(exported: dict, tmp_path: Path) -> None:
    import hashlib

    from formats.json_io import dumps, to_json

    path = exported[("530000110", "2024Q4")]
    read = read_any(path, default_registry())
    assert read.data is not None and read.data.unit.code == "530000110" and not read.problems
    assert read.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    js = tmp_path / "town.json"
    js.write_text(dumps(to_json(read.data, default_registry().for_period("2024Q4"))), encoding="utf-8")
    again = read_any(js, default_registry())
    assert again.data is not None and again.data.values == read.data.values
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    refused = read_any(broken, default_registry())
    assert refused.data is None and "JSON 格式错误" in refused.problems[0] and "未导入" in refused.message


def test_openpyxl_reads_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed: openpyxl then refuses XML entities"


def test_a_file_saved_again_by_a_spreadsheet_program_imports_unchanged(exported: dict, tmp_path: Path) -> None:
    """Opened and saved in another program (shared strings, its own styles): same return, no note."""
    libreoffice_or_skip()
    src = exported[("530000100", "2024Q4")]
    (tmp_path / "out").mkdir()
    resaved = libreoffice_convert(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    again, original = read_xlsx(resaved, default_registry()), read_xlsx(src, default_registry())
    assert again.notes == []
    assert again.data.values == original.data.values and again.data.texts == original.data.texts
    assert again.data.allowances == original.data.allowances and again.data.signatories == original.data.signatories


def test_hidden_rows_are_said(demo_service, tmp_path) -> None:
    """What the clerk sees is what is imported: content hidden in Excel is pointed out."""
    from openpyxl import load_workbook

    from formats.xlsx_export import export_xlsx
    from formats.xlsx_import import read_xlsx

    path = tmp_path / "h.xlsx"
    export_xlsx(demo_service, "530000110", "2024Q4", path)
    assert not any("隐藏" in n for n in read_xlsx(path, demo_service.registry).notes)
    wb = load_workbook(path)
    wb["人员基本情况"].row_dimensions[12].hidden = True
    wb.save(path)
    notes = read_xlsx(path, demo_service.registry).notes
    assert "工作表“人员基本情况”有隐藏的行，其中的数字也已读取；请在Excel中取消隐藏核对" in notes


FORMAT1_COUNTY = Path(__file__).parent / "data" / "format1_county_2024Q4.xlsx"  # exported before the 代码 column held row codes


def test_a_file_of_format_1_with_stable_codes_in_the_code_column_still_imports_exactly(tmp_path: Path) -> None:
    """Files exported before row codes (stable codes such as staff.total visible in 代码, no
    hidden column) read exactly as before, untouched (no note), and equal today's export."""
    old = openpyxl.load_workbook(FORMAT1_COUNTY)
    assert (
        cell_by_code(old["人员基本情况"], "staff.total").column == 4
        and old["人员基本情况"].cell(row=row_of(old["人员基本情况"], "staff.total"), column=2).value == "staff.total"
    )
    read = read_xlsx(FORMAT1_COUNTY, default_registry())
    assert read.notes == []  # the checksum holds: imported as an untouched export
    values = read.data.values
    assert (values["staff.total"], values["staff.prof.title.junior"], values["train.village.persons"]) == (788, 448, 1032)
    assert "staff.female" not in values and values["staff.other"] == 0  # blank stays blank, zero stays zero
    assert len(values) > 30 and read.data.texts["text.problems"].startswith("1、") and len(read.data.allowances) == 3
    # Imported, then exported today (format 2) and read back: the same return, exactly.
    db = tmp_path / "fresh.db"
    assert run(db, "import-xlsx", str(FORMAT1_COUNTY)) == 0
    again = read_xlsx(export_xlsx(db, "530000100", "2024Q4", tmp_path / "format2.xlsx"), default_registry())
    assert again.data.values == values and again.data.texts == read.data.texts and again.data.allowances == read.data.allowances


def test_a_row_whose_code_does_not_match_its_hidden_code_is_refused(demo_db: Path, tmp_path: Path) -> None:
    """Rows moved without their hidden codes (a sort of A–F only) cannot import figures into the wrong indicators."""
    path = export_xlsx(demo_db, "530000100", "2024Q4", tmp_path / "county.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["人员基本情况"]
    ws.protection.sheet = False
    row = row_of(ws, "staff.total")
    ws.cell(row=row, column=2).value, ws.cell(row=row + 1, column=2).value = "02", "01"
    wb.save(tmp_path / "moved.xlsx")
    with pytest.raises(FileProblems) as exc:
        read_xlsx(tmp_path / "moved.xlsx", default_registry())
    assert any("代码应为“01”（指标“在岗职工总数”），文件中是“02”" in p for p in exc.value.problems)
