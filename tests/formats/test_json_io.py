"""The JSON exchange format: exact round trip, and every bad input refused with the database unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from formats.errors import FileProblems
from formats.json_io import from_json
from main import main
from models.template import default_registry


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    assert run(db, "demo") == 0
    return db


def export(db: Path, unit: str, period: str, out: Path) -> dict:
    assert run(db, "export-json", "--unit", unit, "--period", period, "-o", str(out)) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("unit", "period"), [("530000100", "2024Q4"), ("530100000", "2024Q4"), ("530000110", "2024Q4"), ("530000100", "2024Q3")])
def test_export_import_export_is_identical(demo_db: Path, tmp_path: Path, unit: str, period: str) -> None:
    original = export(demo_db, unit, period, tmp_path / "a.json")
    fresh = tmp_path / "fresh.db"
    files = [str(tmp_path / "a.json")]
    if original["unit"]["parent"]:  # the parent unit arrives first, so the link is made
        export(demo_db, original["unit"]["parent"], "2024Q4", tmp_path / "parent.json")
        files.insert(0, str(tmp_path / "parent.json"))
    assert run(fresh, "import-json", *files) == 0
    again = export(fresh, unit, period, tmp_path / "b.json")
    assert again == original


def test_document_shape(demo_db: Path, tmp_path: Path) -> None:
    doc = export(demo_db, "530000100", "2024Q4", tmp_path / "a.json")
    assert doc["format"] == "hrh-return" and doc["format_version"] == 1
    assert doc["template"] == "hrh-quarterly" and doc["template_version"] == 1
    assert doc["unit"] == {"code": "530000100", "name": "示范县卫生健康局", "level": "county", "parent": None}
    assert doc["period"] == "2024Q4" and doc["status"] == "draft"
    assert doc["values"]["staff.total"] == 788
    assert doc["values"]["recruit.applicants"] == 300
    assert "staff.female" not in doc["values"]  # blank is left out
    assert doc["values"]["staff.other"] == 0  # zero is kept
    assert doc["allowances"][0] == {"name": "黄山名医", "persons": 20, "monthly_standard": "300.00", "one_off": "0.00", "amount": "18000.00"}
    assert doc["signatories"]["report_date"] == "2025-01-10"
    assert doc["texts"]["text.problems"].startswith("1、")


def test_blanks_zeros_decimals_and_long_text_round_trip(tmp_path: Path) -> None:
    long_text = "\n".join(f"{i}、" + "人才队伍建设需要进一步加强，" * 20 for i in range(1, 30))
    doc = {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "X1", "name": "测试卫生院", "level": "township", "parent": None},
        "period": "2025Q1",
        "status": "submitted",
        "values": {"staff.total": 0, "incent.funding": "0.05", "recruit.posts": 3},
        "texts": {"text.highlights": long_text, "text.plans": "=SUM(A1)"},
        "allowances": [{"name": "拔尖人才", "persons": 1, "monthly_standard": "500.00", "one_off": None, "amount": "1500.00"}],
        "explanations": {},
        "signatories": {"unit_head": "", "stats_head": "", "filled_by": "某某", "phone": "", "report_date": None},
    }
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "x.db"
    assert run(db, "import-json", str(src)) == 0
    out = export(db, "X1", "2025Q1", tmp_path / "out.json")
    assert out["values"] == {"staff.total": 0, "recruit.posts": 3, "incent.funding": "0.05"}
    assert out["texts"] == doc["texts"]
    assert out["allowances"] == doc["allowances"]
    assert out["status"] == "draft"  # the receiver decides: a file's 已报送 is not believed


def base_doc() -> dict:
    return {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "X1", "name": "测试卫生院", "level": "township", "parent": None},
        "period": "2024Q4",
        "status": "draft",
        "values": {"staff.total": 10},
    }


def mutated(**changes) -> str:
    doc = base_doc()
    for key, value in changes.items():
        if key.startswith("values_"):
            doc["values"][key[7:].replace("_", ".")] = value
        else:
            doc[key] = value
    return json.dumps(doc, ensure_ascii=False)


BAD_FILES = {
    "malformed": ('{"format": "hrh-return", "values": {', "JSON 格式错误"),
    "not_object": ("[1, 2, 3]", "JSON 顶层应为对象"),
    "wrong_format": (mutated(format="something-else"), "这不是卫生人才报表文件"),
    "unknown_code": (mutated(values_staff_nurses=3), "values.staff.nurses：未知指标代码"),
    "negative": (mutated(values_staff_total=-1), "values.staff.total：在岗职工总数：不能为负数"),
    "text_number": (mutated(values_staff_total="很多"), "“很多” 不是数字"),
    "fraction": (mutated(values_staff_total=1.5), "必须是整数（填了 “1.5”）"),
    "bad_period": (mutated(period="2024Q5"), "报告期 “2024Q5” 无法识别"),
    "annual_period": (mutated(period="2024"), "只能导入季度报表"),
    "newer_template": (mutated(template_version=7), "第 7 版本程序不认识"),
    "other_template": (mutated(template="other-form"), "报表模板 “other-form” 本程序不认识"),
    "newer_format": (mutated(format_version=2), "format_version 2 本程序不支持"),
    "no_unit": (mutated(unit={"name": "无代码"}), "缺少单位代码"),
    "not_utf8": ('{"format": "\xff"}'.encode("latin-1").decode("latin-1"), None),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_exit_2_database_unchanged(case: str, demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    content, message = BAD_FILES[case]
    bad = tmp_path / f"{case}.json"
    if case == "not_utf8":
        bad.write_bytes(b'{"format": "\xff\xfe"}')
        message = "不是 UTF-8"
    else:
        bad.write_text(content, encoding="utf-8")
    before = db_snapshot(demo_db)
    assert run(demo_db, "import-json", str(bad)) == 2
    err = capsys.readouterr().err
    assert bad.name in err
    assert message in err
    assert "数据库未作任何修改" in err
    assert db_snapshot(demo_db) == before


def test_all_problems_of_a_file_are_listed(demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    doc = base_doc()
    doc["values"] = {"staff.total": -1, "staff.admin": "x", "nope": 1}
    bad = tmp_path / "many.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = db_snapshot(demo_db)
    assert run(demo_db, "import-json", str(bad)) == 2
    err = capsys.readouterr().err
    assert "values.staff.total" in err and "values.staff.admin" in err and "values.nope" in err
    assert db_snapshot(demo_db) == before


def test_reimport_needs_replace(demo_db: Path, tmp_path: Path, capsys) -> None:
    src = tmp_path / "a.json"
    export(demo_db, "530000110", "2024Q4", src)
    doc = json.loads(src.read_text(encoding="utf-8"))
    doc["values"]["train.level.county"] = 99
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(demo_db, "import-json", str(src)) == 2
    assert "--replace" in capsys.readouterr().err
    assert run(demo_db, "import-json", "--replace", str(src)) == 0
    assert "已替换" in capsys.readouterr().out
    out = export(demo_db, "530000110", "2024Q4", tmp_path / "b.json")
    assert out["values"]["train.level.county"] == 99


def test_values_and_allowances_go_through_the_one_parser() -> None:
    doc = json.loads(mutated())
    doc["values"] = {
        "staff.total": "12，5",  # an IME comma for 12.5: refused, not 125
        "staff.admin": "1,2",
        "staff.prof": "1_0",
        "staff.worker": True,
        "staff.other": 10**40,  # any size of JSON integer: refused, no traceback
        "staff.female": "1e3",
        "incent.funding": "1234567890123456.78",
    }
    doc["allowances"] = [{"name": "黄山名医", "persons": "2,0", "monthly_standard": "300.00", "one_off": None, "amount": "100000000"}]
    with pytest.raises(FileProblems) as exc:
        from_json(doc, default_registry(), "odd.json")
    problems = exc.value.problems
    for code, shown in (("staff.total", "12，5"), ("staff.admin", "1,2"), ("staff.prof", "1_0"), ("staff.worker", "True"), ("staff.female", "1e3")):
        assert any(p.startswith(f"values.{code}：") and f"“{shown}” 不是数字" in p for p in problems), code
    assert any(p.startswith("values.staff.other：其他人员：“") and "个字符）” 超过上限，最大 9,999,999" in p and len(p) < 100 for p in problems)
    assert "values.incent.funding：人才工作经费投入：“1234567890123456.78” 超过上限，最大 99,999,999.99" in problems
    assert "allowances 第 1 行人数：“2,0” 不是数字" in " ".join(problems)


def test_grouped_and_full_width_strings_are_read() -> None:
    doc = json.loads(mutated())
    doc["values"] = {"staff.total": "1,922", "staff.female": "１０３２", "incent.funding": "98,765,432.10"}
    doc["allowances"] = [{"name": "黄山名医", "persons": 20, "monthly_standard": "99,999,999.99", "amount": 18000}]
    data = from_json(doc, default_registry(), "ok.json")
    assert data.values == {"staff.total": 1922, "staff.female": 1032, "incent.funding": Decimal("98765432.10")}
    assert (data.allowances[0].monthly_standard, data.allowances[0].amount) == (Decimal("99999999.99"), Decimal("18000.00"))


def test_a_consolidated_return_may_hold_more_than_one_unit_may_report() -> None:
    doc = json.loads(mutated(scope="consolidated"))
    doc["values"] = {"staff.total": 250_000_000, "incent.funding": "999999999900.00"}
    data = from_json(doc, default_registry(), "county.json")
    assert data.values == {"staff.total": 250_000_000, "incent.funding": Decimal("999999999900.00")}
    doc["values"] = {"staff.total": 99_999_990_001}
    with pytest.raises(FileProblems, match="最大 99,999,990,000"):
        from_json(doc, default_registry(), "county.json")


# ---- issue 12, part 7: text that cannot travel is stopped at the door ----------------
@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run(db, "demo") == 0
    return db


@pytest.fixture
def demo_copy(demo_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo database (built once for the module)."""
    from tests.formats.xlsx_files import copy_database

    return copy_database(demo_master, tmp_path / "demo.db")


def import_refused(db: Path, tmp_path: Path, text: str, capsys) -> str:
    """A JSON file that must be refused: exit 2, every table as it was (a logical dump)."""
    from tests.db_dump import logical_dump

    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before = logical_dump(db)
    capsys.readouterr()
    assert run(db, "import-json", str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.json 未导入，数据库未作任何修改" in err
    assert logical_dump(db) == before
    return err


def with_unit(**fields) -> str:
    doc = base_doc()
    doc["unit"] = {**doc["unit"], **fields}
    return json.dumps(doc)  # ASCII escapes: a lone surrogate can be written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (with_unit(name=["城关镇", "卫生院"]), "unit.name 应为文字（实际为列表）"),
        (with_unit(name={"zh": "城关镇卫生院"}), "unit.name 应为文字（实际为对象）"),
        (with_unit(code=530000110), "unit.code 应为文字（实际为数字）"),
        (with_unit(parent=["530000100"]), "unit.parent 应为文字（实际为列表）"),
        (with_unit(name="城关镇\n卫生院"), "单位名称 “城关镇\\u000A卫生院” 含有换行符或控制字符"),
        (with_unit(name="城关镇\r\n【本单位】卫生院"), "含有换行符或控制字符"),
        (with_unit(name="城关镇\ud800卫生院"), "单位名称 “城关镇\\uD800卫生院” 含有换行符或控制字符"),
        (with_unit(name="城关镇\uffff"), "单位名称 “城关镇\\uFFFF” 含有换行符或控制字符"),
        (with_unit(code="53000\n0110"), "单位代码 “53000\\u000A0110” 不合规"),
        (with_unit(name="院" * 201), "单位名称太长（201 个字，最多 200 个字）"),
        (with_unit(credit_code="12345"), "统一社会信用代码 “12345” 不合规：应为 18 位"),
        (with_unit(credit_code="91530000MA6K1234XI"), "不含 I、O、S、V、Z"),
        (mutated(period="2999Q4"), "报告期 “2999Q4” 的年份不合理：应在 2000 至 2099 年之间"),
        (mutated(period="1999Q1"), "的年份不合理"),
        (mutated(period=2024), "period 应为文字（实际为数字）"),
        (mutated(format_version=True), "format_version True 本程序不支持"),
        (mutated(template_version=True), "报表模板 hrh-quarterly 第 True 版本程序不认识"),
        (mutated(status=["submitted"]), "status 应为文字（实际为列表）"),
        (mutated(texts={"text.plans": ["1、", "2、"]}), "texts.text.plans 应为文字（实际为列表）"),
        (mutated(signatories={"filled_by": {"name": "张三"}}), "signatories.filled_by 应为文字（实际为对象）"),
        (mutated(signatories={"filled_by": "张" * 101}), "填表人太长（101 个字，最多 100 个字）"),
        (mutated(explanations={"warn.x": 3}), "explanations.warn.x 应为文字（实际为数字）"),
        (mutated(allowances=[{"name": ["拔尖人才"], "persons": 1}]), "allowances 第 1 行的 name 应为文字（实际为列表）"),
        (mutated(allowances=[{"name": "拔尖人才", "persons": [1]}]), "allowances 第 1 行人数：“[1]” 不是数字"),
        (mutated(values={"staff.total": {"v": 3}}), "values.staff.total：在岗职工总数：“{'v': 3}” 不是数字"),
    ],
)
def test_wrong_types_and_bad_text_are_refused_naming_the_field(demo_copy: Path, tmp_path: Path, capsys, text: str, message: str) -> None:
    assert message in import_refused(demo_copy, tmp_path, text, capsys)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "hrh-return", "format": "hrh-return", "format_version": 1}',
        mutated()[:-1] + ', "period": "2023Q4"}',  # a second period: which one counts?
        mutated().replace('"values": {"staff.total": 10}', '"values": {"staff.total": 10, "staff.total": 99}'),
        mutated().replace('"code": "X1"', '"code": "X1", "code": "530000110"'),
    ],
)
def test_duplicate_keys_are_refused_at_any_level(demo_copy: Path, tmp_path: Path, capsys, text: str) -> None:
    err = import_refused(demo_copy, tmp_path, text, capsys)
    assert "JSON 中同一对象里的键" in err and "出现了不止一次" in err


def consolidated_doc(members: list) -> str:
    doc = base_doc()
    doc["scope"] = "consolidated"
    doc["members"] = members
    return json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([{"unit_code": "../../x", "unit_name": "某乡", "state": "included"}], "members 第 1 项（../../x）：单位代码 “../../x” 不合规"),
        ([{"unit_code": "T1", "unit_name": "某乡\n【伪造】", "state": "included"}], "members 第 1 项（T1）：单位名称"),
        ([{"unit_code": "T1", "unit_name": "某乡", "state": "approved"}], "members 第 1 项：应有 unit_code、unit_name 和 state（included/missing/returned）"),
        ([{"unit_code": ["T1"], "unit_name": "某乡", "state": "included"}], "members 第 1 项的 unit_code 应为文字（实际为列表）"),
        (["T1"], "members 第 1 项 应为对象（实际为文字）"),
        ({"T1": "included"}, "members 应为列表（实际为对象）"),
        ([{"unit_code": "T1", "unit_name": "乡" * 201, "state": "included"}], "太长（201 个字，最多 200 个字）"),
    ],
)
def test_consolidation_members_are_validated_like_units(demo_copy: Path, tmp_path: Path, capsys, members, message: str) -> None:
    assert message in import_refused(demo_copy, tmp_path, consolidated_doc(members), capsys)


def test_a_million_characters_give_a_short_message(demo_copy: Path, tmp_path: Path, capsys) -> None:
    """Was a 3 MB message: every quoted value is cut to a few dozen characters."""
    doc = base_doc()
    doc["values"] = {"staff.total": "9" * 1_000_000, "staff.admin": "x" * 1_000_000}
    doc["period"] = "2" * 1_000_000
    doc["texts"] = {"text" + "x" * 1_000_000: "a"}
    err = import_refused(demo_copy, tmp_path, json.dumps(doc, ensure_ascii=False), capsys)
    assert len(err) < 1000 and err.count("（共 1,000,00") == 4
    err = import_refused(demo_copy, tmp_path, with_unit(name="院" * 1_000_000), capsys)
    assert len(err) < 300 and "单位名称太长（1,000,000 个字，最多 200 个字）" in err


def test_text_xml_cannot_hold_is_removed_with_a_note_and_exports_to_excel(demo_copy: Path, tmp_path: Path, capsys) -> None:
    """U+FFFF, U+FFFE and a lone surrogate in narrative text were stored, and then made our own
    Excel export unreadable: now removed on the way in, with a note."""
    from formats.xlsx_import import read_xlsx
    from models.template import default_registry

    doc = base_doc()
    doc["texts"] = {"text.plans": "1、加强\uffff培训\ufffe\ud800。"}
    doc["signatories"] = {"filled_by": "张\udfff三"}
    src = tmp_path / "xml.json"
    src.write_text(json.dumps(doc), encoding="utf-8")  # ASCII escapes: "\\uffff", "\\ud800"
    assert run(demo_copy, "import-json", str(src)) == 0
    assert "文字中有不可见的控制字符或文字方向控制符，已删除" in capsys.readouterr().out
    out = export(demo_copy, "X1", "2024Q4", tmp_path / "out.json")
    assert out["texts"] == {"text.plans": "1、加强培训。"} and out["signatories"]["filled_by"] == "张三"
    assert run(demo_copy, "export-xlsx", "--unit", "X1", "--period", "2024Q4", "-o", str(tmp_path / "x.xlsx")) == 0
    assert read_xlsx(tmp_path / "x.xlsx", default_registry()).data.texts == {"text.plans": "1、加强培训。"}


def test_units_listing_cannot_be_forged_by_a_name(demo_copy: Path, tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    assert run(demo_copy, "units") == 0
    before = capsys.readouterr().out
    import_refused(demo_copy, tmp_path, with_unit(name="某卫生院\n530000999  伪造单位"), capsys)
    assert run(demo_copy, "units") == 0
    assert capsys.readouterr().out == before
