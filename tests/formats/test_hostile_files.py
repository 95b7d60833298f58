"""Hostile files from email (issue 8): each refused or sanitised with a message, quickly,
with the database unchanged when refused; and exports that cannot be written."""

from __future__ import annotations

import errno
import json
import time
import zipfile
from pathlib import Path

import pytest

from formats.xlsx_export import default_filename, export_xlsx
from formats.xlsx_import import read_xlsx
from main import main
from models.data import UnitInfo
from models.returns import ReturnService, ServiceError
from tests.factories import make_return


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    return db


def exported(tmp_path: Path, demo_db: Path, unit: str = "530000110") -> Path:
    out = tmp_path / "ret.xlsx"
    assert main(["--db", str(demo_db), "export-xlsx", "--unit", unit, "--period", "2024Q4", "-o", str(out)]) == 0
    return out


def test_a_million_rows_is_refused_quickly(demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    src = exported(tmp_path, demo_db)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 1_000_001))
    bomb = tmp_path / "million.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + rows.encode(), 1) if b"<sheetData>" in data else data
            zout.writestr(item, data)
    before = db_snapshot(demo_db)
    t = time.perf_counter()
    assert main(["--db", str(demo_db), "import-xlsx", str(bomb)]) == 2
    assert time.perf_counter() - t < 5
    err = capsys.readouterr().err
    assert "million.xlsx" in err and "数据库未作任何修改" in err
    assert db_snapshot(demo_db) == before


def test_ten_thousand_characters_control_characters_and_direction_marks(demo_service: ReturnService, tmp_path: Path) -> None:
    data = demo_service.store.load("530000110", "2024Q4")
    long_text = "人才队伍建设持续加强。" * 1000  # 11,000 characters
    data.texts = {"text.highlights": long_text, "text.problems": "1、\u202e文字方向被反转\u202c的内容\x07\n2、正常"}
    demo_service.store.save(data)
    path = tmp_path / "x.xlsx"
    export_xlsx(demo_service, "530000110", "2024Q4", path)
    read = read_xlsx(path, demo_service.registry)
    assert read.data.texts["text.highlights"] == long_text
    assert read.data.texts["text.problems"] == "1、文字方向被反转的内容\n2、正常"
    assert "文字中有不可见的控制字符或文字方向控制符，已删除" in read.notes


def test_control_characters_in_json_are_removed_with_a_note(demo_db: Path, tmp_path: Path, capsys) -> None:
    doc = {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": "X1", "name": "测试\u202e卫生院", "level": "township", "parent": None},
        "period": "2024Q4",
        "values": {"staff.total": 3},
        "texts": {"text.plans": "1、\x1b[31m计划"},
    }
    src = tmp_path / "ctl.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(demo_db), "import-json", str(src)]) == 0
    assert "已删除" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "export-json", "--unit", "X1", "--period", "2024Q4", "-o", str(tmp_path / "o.json")]) == 0
    out = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert out["unit"]["name"] == "测试卫生院"
    assert out["texts"]["text.plans"] == "1、[31m计划"


@pytest.mark.parametrize("code", ["../../etc/passwd", "..\\..\\Windows\\evil", "a/b", "C:evil", "x" * 65, "卫生院"])
def test_path_traversal_unit_codes_are_refused(demo_db: Path, tmp_path: Path, db_snapshot, capsys, code: str) -> None:
    doc = {
        "format": "hrh-return",
        "format_version": 1,
        "template": "hrh-quarterly",
        "template_version": 1,
        "unit": {"code": code, "name": "某卫生院", "level": "township", "parent": None},
        "period": "2024Q4",
        "values": {"staff.total": 3},
    }
    src = tmp_path / "evil.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = db_snapshot(demo_db)
    assert main(["--db", str(demo_db), "import-json", str(src)]) == 2
    assert "单位代码" in capsys.readouterr().err
    assert db_snapshot(demo_db) == before


def test_unit_codes_are_checked_when_typed_too(service: ReturnService) -> None:
    with pytest.raises(ServiceError, match="只能由字母、数字"):
        service.units.save(UnitInfo("../x", "某卫生院"))


def test_default_file_names_stay_in_their_folder(template) -> None:

    data = make_return(template, unit=UnitInfo("530000110", "..\\..\\城关/镇:卫生院", "township"))
    name = default_filename(data)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name == "530000110_城关_镇_卫生院_2024Q4_卫人才季报.xlsx"


def fail_with(monkeypatch: pytest.MonkeyPatch, err: int, where: str) -> None:
    import formats.files as files

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(err, "simulated")

    monkeypatch.setattr(files.os, where, boom)


@pytest.mark.parametrize(
    ("err", "where", "message"),
    [
        (errno.ENOSPC, "fsync", "磁盘（或U盘）已满"),
        (errno.EROFS, "replace", "这个位置是只读的"),
        (errno.EACCES, "replace", "文件正被其他程序（例如 Excel、WPS）打开"),
    ],
)
@pytest.mark.parametrize("command", ["export-xlsx", "export-pdf", "export-json"])
def test_export_that_cannot_be_written(
    demo_db: Path, tmp_path: Path, db_snapshot, capsys, monkeypatch: pytest.MonkeyPatch, err: int, where: str, message: str, command: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    suffix = {"export-xlsx": ".xlsx", "export-pdf": ".pdf", "export-json": ".json"}[command]
    target = out_dir / f"return{suffix}"
    target.write_bytes(b"the clerk's previous export")
    before = db_snapshot(demo_db)
    fail_with(monkeypatch, err, where)
    assert (
        main(["--db", str(demo_db), command, "--unit", "530000100", "--period", "2024Q4", "-o", str(target)]) == 4
    )  # EXIT_FILE: the disk, not the clerk's typing
    assert message in capsys.readouterr().err
    assert db_snapshot(demo_db) == before
    assert target.read_bytes() == b"the clerk's previous export"  # untouched
    assert sorted(p.name for p in out_dir.iterdir()) == [target.name]  # no temporary file left


def test_export_into_a_missing_folder(demo_db: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "export-xlsx", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "nope" / "x.xlsx")]) == 2
    assert "文件夹不存在" in capsys.readouterr().err
