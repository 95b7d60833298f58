"""The JSON exchange format: exact round trip, and every bad input refused with the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from main import main


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
        "format": "hrh-return", "format_version": 1, "template": "hrh-quarterly", "template_version": 1,
        "unit": {"code": "X1", "name": "测试卫生院", "level": "township", "parent": None},
        "period": "2025Q1", "status": "submitted",
        "values": {"staff.total": 0, "incent.funding": "0.05", "recruit.posts": 3},
        "texts": {"text.highlights": long_text, "text.plans": "=SUM(A1)"},
        "allowances": [{"name": "拔尖人才", "persons": 1, "monthly_standard": "500.00", "one_off": None, "amount": "1500.00"}],
        "explanations": {}, "signatories": {"unit_head": "", "stats_head": "", "filled_by": "某某", "phone": "", "report_date": None},
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
        "format": "hrh-return", "format_version": 1, "template": "hrh-quarterly", "template_version": 1,
        "unit": {"code": "X1", "name": "测试卫生院", "level": "township", "parent": None},
        "period": "2024Q4", "status": "draft", "values": {"staff.total": 10},
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
    "fraction": (mutated(values_staff_total=1.5), "必须是整数（填了 1.5）"),
    "bad_period": (mutated(period="2024Q5"), "报告期 “2024Q5” 无法识别"),
    "annual_period": (mutated(period="2024"), "只能导入季度报表"),
    "newer_template": (mutated(template_version=7), "第 7 版本程序不认识"),
    "other_template": (mutated(template="other-form"), "报表模板 “other-form” 本程序不认识"),
    "newer_format": (mutated(format_version=2), "format_version 2 本程序不支持"),
    "no_unit": (mutated(unit={"name": "无代码"}), "缺少单位代码"),
    "not_utf8": ("{\"format\": \"\xff\"}".encode("latin-1").decode("latin-1"), None),
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
