"""The core commands as a clerk or a script uses them: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from main import main


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    return db


def test_units_lists_the_tree(demo_db: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo_db), "units"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "530000100  示范县卫生健康局（县级卫生健康局） ★本单位"
    assert lines[1] == "  530000101  示范县人民医院（医院）"


def test_check_clean_return_exits_0_with_ratios(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "check", "--unit", "530100000", "--period", "2024Q4"]) == 0
    out = capsys.readouterr().out
    assert "专业技术人员占比：90.2%" in out
    # 95 高级 is not in the v1 figures (正高/副高 blank): no 高级职称占比 is printed, not 0 nor a guess.
    assert "高级职称占比" not in out and "0.0%" not in out
    assert "录用人数 48 大于计划招聘岗位数 19（已说明" in out
    assert "备注 [sum.staff.prof.title] 专业技术人员按职称部分未填：正高级职称、副高级职称 未填" in out
    assert "备注 [sum.staff.prof.edu] 专业技术人员按学历部分未填：博士研究生、硕士研究生 未填" in out
    assert out.rstrip().endswith("共 0 个错误，1 个提示，2 个备注（部分未填，无须处理）")


def test_check_with_errors_exits_1(demo_db: Path, tmp_path: Path, capsys) -> None:
    doc = {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "S2", "name": "第二篇市局", "level": "county", "parent": None},
        "period": "2024Q2",
        "status": "draft",
        "values": {
            "recruit.applicants": 1320,
            "recruit.applicants.edu.phd": 1,
            "recruit.applicants.edu.master": 106,
            "recruit.applicants.edu.bachelor": 1304,
            "recruit.applicants.edu.college": 13,
            "recruit.applicants.edu.secondary": 2,
        },
    }
    src = tmp_path / "seed2.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(demo_db), "import-json", str(src)]) == 0
    assert "报名人数按学历合计 1,426 与报名人数 1,320 不符" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "check", "--unit", "S2", "--period", "2024Q2"]) == 1
    out = capsys.readouterr().out
    assert "错误 [sum.recruit.applicants.edu] 报名人数按学历合计 1,426 与报名人数 1,320 不符（相差 106）" in out
    assert "共 1 个错误，0 个提示" in out
    assert main(["--db", str(demo_db), "--lang", "en", "check", "--unit", "S2", "--period", "2024Q2"]) == 1
    assert "ERROR [sum.recruit.applicants.edu] Applicants by education: parts add up to 1,426, but Applicants is 1,320" in capsys.readouterr().out


def test_check_and_import_say_a_partly_known_breakdown_as_a_note_and_exit_0(demo_db: Path, tmp_path: Path, capsys) -> None:
    # 000_…txt 第一篇: 12 高级 with no 正高/副高 split, so those two stay blank.
    values = {
        "staff.total": 788,
        "staff.admin": 22,
        "staff.prof": 762,
        "staff.worker": 4,
        "staff.other": 0,
        "staff.prof.title.mid": 155,
        "staff.prof.title.junior": 448,
        "staff.prof.title.none": 147,
    }
    doc = {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "S1", "name": "第一篇县局", "level": "county", "parent": None},
        "period": "2024Q4",
        "status": "draft",
        "values": values,
    }
    src = tmp_path / "seed1.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(demo_db), "import-json", str(src)]) == 0
    assert "备注：专业技术人员按职称部分未填：正高级职称、副高级职称 未填" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "check", "--unit", "S1", "--period", "2024Q4"]) == 0
    out = capsys.readouterr().out
    assert "备注 [sum.staff.prof.title] 专业技术人员按职称部分未填" in out and "错误" not in out.replace("0 个错误", "")
    assert "共 0 个错误，0 个提示，1 个备注（部分未填，无须处理）" in out
    assert main(["--db", str(demo_db), "--lang", "en", "check", "--unit", "S1", "--period", "2024Q4"]) == 0
    assert "0 errors, 0 warnings, 1 notes (parts left blank)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--unit", "530000100", "--period", "2024Q5"], "报告期 “2024Q5” 无法识别"),
        (["check", "--unit", "NOPE", "--period", "2024Q4"], "单位代码 NOPE 不存在"),
        (["check", "--unit", "530000100", "--period", "2023Q1"], "没有 2023年第一季度 的报表"),
        (["export-json", "--unit", "530000100", "--period", "2024Q4", "-o", "/nonexistent/dir/x.json"], "无法写入"),
        (["frobnicate"], "参数错误"),
    ],
)
def test_bad_usage_exits_2_in_chinese(demo_db: Path, capsys, args: list[str], message: str) -> None:
    try:
        code = main(["--db", str(demo_db), *args])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_import_json_goes_through_the_same_pipeline(demo_db: Path, tmp_path: Path, capsys) -> None:
    """Parents first, a duplicate in the batch named, a bad file refused: as import-xlsx does."""
    first = tmp_path / "town.json"
    assert main(["--db", str(demo_db), "export-json", "--unit", "530000110", "--period", "2024Q4", "-o", str(first)]) == 0
    doc = json.loads(first.read_text(encoding="utf-8"))
    doc["unit"] = {"code": "N2", "name": "新二号卫生院", "level": "township", "parent": "N1"}
    child = tmp_path / "child.json"
    child.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    doc["unit"] = {"code": "N1", "name": "新一号中心卫生院", "level": "township", "parent": "530000100"}
    parent = tmp_path / "parent.json"
    parent.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(demo_db), "import-json", str(child), str(parent), str(copy), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert "child.json：新二号卫生院（N2） 2024年第四季度 已导入" in out and "新单位：本数据库原来没有单位 新二号卫生院（N2），已建立，隶属于 N1" in out
    assert "parent.json：新一号中心卫生院（N1） 2024年第四季度 已导入" in out
    assert "copy.json：新一号中心卫生院（N1） 2024年第四季度 未导入（本批重复）：另一个文件的单位和报告期与此相同（parent.json）" in err
    assert "文件 bad.json 未导入" in err and "JSON 格式错误" in err
    assert main(["--db", str(demo_db), "units"]) == 0
    assert "    N2  新二号卫生院（乡镇卫生院/社区）" in capsys.readouterr().out
