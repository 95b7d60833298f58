"""status, consolidate, accept, send-back and the annual/consolidated views on the command line."""

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


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_status_consolidate_and_review(demo_db: Path, tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    assert run(demo_db, "status", "--unit", "530000100", "--period", "2024Q4") == 0
    out = capsys.readouterr().out
    assert "530000101  示范县人民医院：未报" in out
    assert "530000110  城关镇卫生院：草稿" in out
    assert "应报 5 = 已报 0（按时 0，逾期 0）+ 草稿 3 + 未报 2" in out  # adds up

    assert run(demo_db, "consolidate", "--unit", "530000100", "--period", "2024Q4") == 0
    out = capsys.readouterr().out
    assert "包含 3 个下级单位及本单位报表" in out
    assert "未报单位：示范县人民医院、示范县疾病预防控制中心" in out

    assert run(demo_db, "export-json", "--consolidated", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "c.json")) == 0
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    own = {"staff.total": 788}
    townships = [26 + 6 + 3 * i for i in (2, 3, 4)]  # models/demo.py: prof = 20 + 3*scale, total = prof + 6
    assert doc["scope"] == "consolidated"
    assert doc["values"]["staff.total"] == own["staff.total"] + sum(t - 6 for t in townships)
    assert [m["state"] for m in doc["members"]] == ["missing", "missing", "included", "included", "included"]

    assert run(demo_db, "send-back", "--unit", "530000110", "--period", "2024Q4", "--reason", "请补填女性人数") == 0
    assert run(demo_db, "accept", "--unit", "530000111", "--period", "2024Q4") == 0
    capsys.readouterr()
    assert run(demo_db, "status", "--unit", "530000100", "--period", "2024Q4") == 0
    out = capsys.readouterr().out
    assert "城关镇卫生院：已退回，退回原因：请补填女性人数" in out
    assert "新华乡卫生院：已审核" in out


def test_annual_export_says_which_quarters_are_missing(demo_db: Path, tmp_path: Path) -> None:
    assert run(demo_db, "export-json", "--unit", "530000100", "--period", "2024", "-o", str(tmp_path / "y.json")) == 0
    doc = json.loads((tmp_path / "y.json").read_text(encoding="utf-8"))
    assert doc["period"] == "2024"
    assert doc["missing_quarters"] == ["2024Q1", "2024Q2"]
    assert doc["values"]["staff.total"] == 788  # stock: the last quarter with data (Q4)
    assert doc["values"]["recruit.posts"] == 47  # flow: Q3 had none reported


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--unit", "530000100", "--period", "2024"], "按季度进行"),
        (["consolidate", "--unit", "NOPE", "--period", "2024Q4"], "单位 NOPE 不存在"),
        (["send-back", "--unit", "530000110", "--period", "2024Q4", "--reason", " "], "请填写退回原因"),
        (["check", "--unit", "530000110", "--period", "2023"], "没有任何季度"),
        (["check", "--consolidated", "--unit", "530000100", "--period", "2024Q4"], "没有 2024年第四季度 的汇总报表"),
    ],
)
def test_county_bad_input(demo_db: Path, capsys, args: list[str], message: str) -> None:
    assert run(demo_db, *args) == 2
    assert message in capsys.readouterr().err
