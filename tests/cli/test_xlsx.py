"""export-xlsx and import-xlsx as a clerk uses them: a corpus of bad files, each refused
with its own Chinese message, exit code 2 and the database unchanged; --replace, --dry-run."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from formats.xlsx_layout import META_SHEET
from models.template import default_registry
from tests.formats.xlsx_files import cell_by_code, copy_database, demo_database, export_xlsx, rewrite_member, row_of, run, sheet_member


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def good(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A township's exported return; every bad file is made from it."""
    return export_xlsx(demo_master, "530000110", "2024Q4", tmp_path_factory.mktemp("good") / "town.xlsx")


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo database for each test (built once per module)."""
    return copy_database(demo_master, tmp_path / "demo.db")


def edit_meta(key: str, value: str) -> Callable[[Path, Path], None]:
    def make(src: Path, dst: Path) -> None:
        wb = openpyxl.load_workbook(src)
        for row in wb[META_SHEET].iter_rows(min_row=2):
            if row[0].value == key:
                row[1].value = value
        wb.save(dst)

    return make


def edit_cell(code: str, value: object) -> Callable[[Path, Path], None]:
    def make(src: Path, dst: Path) -> None:
        wb = openpyxl.load_workbook(src)
        cell_by_code(wb["人员基本情况"], code).value = value
        wb.save(dst)

    return make


def text_file(src: Path, dst: Path) -> None:
    dst.write_text("单位,在岗职工总数\n城关镇卫生院,32\n", encoding="utf-8")


def empty(src: Path, dst: Path) -> None:
    dst.write_bytes(b"")


def truncated(src: Path, dst: Path) -> None:
    raw = src.read_bytes()
    dst.write_bytes(raw[: len(raw) // 2])


def corrupt(src: Path, dst: Path) -> None:
    """Damage the compressed data of the first worksheet (its CRC no longer matches)."""
    raw = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(sheet_member(src, "人员基本情况"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    for i in range(start, start + 40):
        raw[i] ^= 0x5A
    dst.write_bytes(bytes(raw))


def encrypted(src: Path, dst: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with src.open("rb") as f, dst.open("wb") as out:
        OOXMLFile(f).encrypt("secret", out)


def old_xls(src: Path, dst: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("人员基本情况").write(0, 0, "在岗职工总数")
    book.save(str(dst))


def with_member(name: str, data: bytes) -> Callable[[Path, Path], None]:
    def make(src: Path, dst: Path) -> None:
        shutil.copy(src, dst)
        with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, data)

    return make


def many_members(src: Path, dst: Path) -> None:
    shutil.copy(src, dst)
    with zipfile.ZipFile(dst, "a") as z:
        for i in range(600):
            z.writestr(f"xl/media/image{i}.png", b"x")


def word_document(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")


def plain_workbook(src: Path, dst: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "在岗职工总数"
    wb.active["B1"] = 32
    wb.save(dst)


def huge(src: Path, dst: Path) -> None:
    with dst.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(25 * 1024 * 1024)  # sparse: instant to make


def xml_entities(src: Path, dst: Path) -> None:
    doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    rewrite_member(src, dst, sheet_member(src, META_SHEET), lambda xml: xml.replace("?>", "?>" + doctype, 1) if xml.startswith("<?xml") else doctype + xml)


def missing_row(src: Path, dst: Path) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb["人员基本情况"]
    ws.delete_rows(row_of(ws, "staff.female"))
    wb.save(dst)


BAD_FILES: dict[str, tuple[str, Callable[[Path, Path], None], str]] = {
    "not_xlsx": ("town.xlsx", text_file, "不是 Excel 工作簿（.xlsx）文件（像是文本、CSV 或网页文件）"),
    "empty": ("town.xlsx", empty, "文件是空的（0 字节）"),
    "truncated": ("town.xlsx", truncated, "文件已损坏或不完整"),
    "corrupt": ("town.xlsx", corrupt, "文件已损坏或不完整"),
    "encrypted": ("town.xlsx", encrypted, "文件设置了打开密码（已加密）"),
    "old_xls": ("town.xls", old_xls, "这是旧版 Excel 文件（.xls）"),
    "macro": ("town.xlsm", with_member("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"), "这是含宏的工作簿（.xlsm）"),
    "word": ("town.xlsx", word_document, "这是Word 文档，不是 Excel 工作簿"),
    "other_workbook": ("town.xlsx", plain_workbook, "这不是本程序导出的卫生人才报表"),
    "other_template": ("town.xlsx", edit_meta("template", "other-form"), "这是另一种报表（模板 “other-form”）"),
    "newer_template": (
        "town.xlsx",
        edit_meta("template_version", "7"),
        f"文件使用报表模板 hrh-quarterly 第 7 版，本程序只认识到第 {default_registry().latest().version} 版",
    ),
    "newer_format": ("town.xlsx", edit_meta("format_version", "3"), "文件由更新版本的程序导出（Excel 格式第 3 版）"),
    "no_unit_code": ("town.xlsx", edit_meta("unit_code", ""), "缺少单位代码"),
    "no_period": ("town.xlsx", edit_meta("period", ""), "缺少报告期"),
    "text_in_count": ("town.xlsx", edit_cell("staff.total", "三十二"), "在岗职工总数：“三十二” 不是数字"),
    "negative": ("town.xlsx", edit_cell("staff.total", -32), "在岗职工总数：不能为负数（填了 “-32”）"),
    "fraction": ("town.xlsx", edit_cell("staff.total", 32.5), "在岗职工总数：必须是整数（填了 “32.5”）"),
    "formula_without_result": ("town.xlsx", edit_cell("staff.total", "=30+2"), "是公式，但文件中没有计算结果"),
    "zip_bomb": ("town.xlsx", with_member("xl/media/padding.bin", bytes(8 * 1024 * 1024)), "压缩炸弹"),
    "many_members": ("town.xlsx", many_members, "文件内部包含 6"),
    "huge": ("town.xlsx", huge, "文件太大（25 MB）"),
    "xml_entities": ("town.xlsx", xml_entities, "不安全的 XML 内容"),
    "missing_row": ("town.xlsx", missing_row, "找不到指标“其中：女性”（工作表“人员基本情况”，代码 02）的行"),
}


# An old .xls is read now (formats.xls_import); one that is not our return says so.
NOT_OURS_XLS = ("town.xls", old_xls, "这不是本程序导出的卫生人才报表")


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_exit_2_message_database_unchanged(case: str, good: Path, demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    name, make, message = NOT_OURS_XLS if case == "old_xls" else BAD_FILES[case]
    bad = tmp_path / name
    make(good, bad)
    before = db_snapshot(demo_db)
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", "--replace", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"文件 {name} 未导入，数据库未作任何修改" in err
    assert message in err
    assert db_snapshot(demo_db) == before


@pytest.mark.parametrize("case", ["huge", "zip_bomb", "many_members", "encrypted", "old_xls", "macro", "truncated"])
def test_dangerous_containers_are_refused_before_openpyxl_reads_them(case: str, good: Path, tmp_path: Path, monkeypatch) -> None:
    from formats.errors import FileProblems
    from formats.xlsx_import import read_xlsx

    name, make, message = BAD_FILES[case]
    bad = tmp_path / name
    make(good, bad)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read a file the container check should refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    with pytest.raises(FileProblems, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_xlsx(bad, default_registry())


def test_good_and_bad_files_together(good: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.xlsx"
    empty(good, bad)
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", "--replace", str(good), str(bad)) == 2
    out, err = capsys.readouterr()
    assert "town.xlsx：城关镇卫生院（530000110） 2024年第四季度 已替换" in out
    assert "文件 bad.xlsx 未导入" in err


def test_reimport_needs_replace_and_reports_findings(good: Path, demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    edited = tmp_path / "edited.xlsx"
    edit_cell("staff.female", 40)(good, edited)
    before = db_snapshot(demo_db)
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", str(edited)) == 2
    assert "--replace" in capsys.readouterr().err
    assert db_snapshot(demo_db) == before
    assert run(demo_db, "import-xlsx", "--replace", str(edited)) == 0
    out = capsys.readouterr().out
    assert "edited.xlsx：城关镇卫生院（530000110） 2024年第四季度 已替换" in out
    assert "注意：已在Excel中修改" in out
    assert "错误：其中：女性 40 大于在岗职工总数 32" in out


def test_dry_run_changes_nothing(good: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    db = tmp_path / "empty.db"
    assert run(db, "units") == 0
    before = db_snapshot(db)
    capsys.readouterr()
    assert run(db, "import-xlsx", "--dry-run", str(good)) == 0
    out = capsys.readouterr().out
    assert "可以导入（试运行）" in out
    assert "新单位：本数据库原来没有单位 城关镇卫生院（530000110），将建立" in out
    assert "试运行：数据库未作任何修改。" in out
    assert db_snapshot(db) == before


def test_unknown_unit_is_created_and_said(good: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "empty.db"
    capsys.readouterr()
    assert run(db, "import-xlsx", str(good)) == 0
    out = capsys.readouterr().out
    assert "新单位：本数据库原来没有单位 城关镇卫生院（530000110），已建立（上级单位 530000100 不在本数据库中" in out
    assert run(db, "units") == 0
    assert "530000110  城关镇卫生院（乡镇卫生院/社区）" in capsys.readouterr().out


def test_our_submitted_return_is_never_overwritten(demo_db: Path, tmp_path: Path, db_snapshot, capsys) -> None:
    path = export_xlsx(demo_db, "530000100", "2024Q3", tmp_path / "q3.xlsx")
    from models.db import open_database
    from models.returns import ReturnService

    engine = open_database(demo_db)
    assert ReturnService(engine).workflow.submit("530000100", "2024Q3") == []
    engine.dispose()
    before = db_snapshot(demo_db)
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", "--replace", str(path)) == 2
    assert "是本单位已报送的报表，导入不会覆盖它" in capsys.readouterr().err
    assert db_snapshot(demo_db) == before


def test_export_blank_and_errors(demo_db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "blank.xlsx"
    assert run(demo_db, "export-xlsx", "--unit", "530000101", "--period", "2025Q1", "--blank", "-o", str(out)) == 0
    assert "已导出空白模板（2025年第一季度）" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["人员基本情况"]["A1"].value == "卫生人才工作季度报表"
    assert run(demo_db, "export-xlsx", "--unit", "530000101", "--period", "2025Q1", "-o", str(tmp_path / "x.xlsx")) == 2
    assert "没有 2025年第一季度 的报表" in capsys.readouterr().err
    assert run(demo_db, "export-xlsx", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "x.pdf")) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err
    assert run(demo_db, "export-xlsx", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "no" / "x.xlsx")) == 2
    assert "无法写入" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_exported_file_is_a_valid_zip_of_xml(good: Path) -> None:
    with zipfile.ZipFile(good) as z:
        assert z.testzip() is None
        assert "xl/vbaProject.bin" not in z.namelist()
    assert io.BytesIO(good.read_bytes()).read(2) == b"PK"


def test_the_same_return_twice_in_one_batch_takes_the_newer_and_says_so(good: Path, demo_db: Path, tmp_path: Path, capsys) -> None:
    """Before the one pipeline, both files were reported 已替换 and the second silently won;
    now the newer version (same 报出日期: the later file time) is taken and the other named."""
    import os

    from models.db import open_database
    from models.returns import ReturnService

    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    edit_cell("staff.female", 5)(good, second)
    edit_cell("staff.female", 4)(good, first)
    os.utime(second, (2_000_000_000, 2_000_000_000))
    os.utime(first, (1_900_000_000, 1_900_000_000))
    capsys.readouterr()
    assert run(demo_db, "import-xlsx", "--replace", str(second), str(first)) == 2
    out, err = capsys.readouterr()
    assert "second.xlsx：城关镇卫生院（530000110） 2024年第四季度 已替换" in out
    assert (
        "first.xlsx：城关镇卫生院（530000110） 2024年第四季度 未导入（本批重复）：另一个文件的单位和报告期与此相同（second.xlsx），两个文件的报出日期相同，那个文件较新（修改时间较晚）"
        in err
    )
    assert "first.xlsx" not in out
    engine = open_database(demo_db)
    stored = ReturnService(engine).store.load("530000110", "2024Q4")
    engine.dispose()
    assert stored is not None and stored.values["staff.female"] == 5


def test_a_full_disk_stops_the_import_and_names_the_files_that_are_in(demo_master: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from models.workflow import Workflow

    db = tmp_path / "county.db"
    codes = ["530000110", "530000111", "530000112"]
    files = [export_xlsx(demo_master, code, "2024Q4", tmp_path / f"f{n}.xlsx") for n, code in enumerate(codes)]
    real, calls = Workflow.import_return, []

    def fills_up(self: Workflow, *args: object, **kwargs: object) -> object:
        if not kwargs.get("dry_run"):  # the plan asks the same service what would happen
            calls.append(1)
        if len(calls) == 2 and not kwargs.get("dry_run"):
            raise OperationalError("INSERT INTO returns", {}, sqlite3.OperationalError("database or disk is full"))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Workflow, "import_return", fills_up)
    capsys.readouterr()
    assert run(db, "import-xlsx", *map(str, files)) == 3  # the database could not be written (README: exit codes)
    out, err = capsys.readouterr()
    assert "f0.xlsx" in out and "已导入" in out
    assert "导入中途停止：磁盘已满" in err
    assert "已导入的文件：f0.xlsx" in err and "因此未导入的文件：f1.xlsx、f2.xlsx" in err
    assert run(db, "units") == 0
    listed = capsys.readouterr().out
    assert codes[0] in listed and codes[1] not in listed and codes[2] not in listed


def test_an_interrupted_import_is_told_by_the_next_import(good: Path, tmp_path: Path, capsys) -> None:
    from sqlalchemy.orm import Session

    from models.db import open_database
    from models.schema import ImportBatch, ImportFile

    db = tmp_path / "county.db"
    assert run(db, "units") == 0
    engine = open_database(db)
    with Session(engine) as s, s.begin():  # what a killed import leaves: a batch still running
        batch = ImportBatch(source="import-xlsx", status="running")
        s.add(batch)
        s.flush()
        s.add_all(
            [
                ImportFile(batch_id=batch.id, position=0, file_name="甲.xlsx", outcome="imported"),
                ImportFile(batch_id=batch.id, position=1, file_name="乙.xlsx", outcome="pending"),
            ]
        )
    engine.dispose()
    capsys.readouterr()
    assert run(db, "import-xlsx", "--dry-run", str(good)) == 0
    out = capsys.readouterr().out
    assert "被中断" in out and "已导入的 1 个文件：甲.xlsx" in out and "未导入的 1 个文件：乙.xlsx" in out
    assert run(db, "import-xlsx", str(good)) == 0
    assert "被中断" in capsys.readouterr().out  # still told: a dry run changes nothing
    assert run(db, "import-xlsx", "--replace", str(good)) == 0
    assert "被中断" not in capsys.readouterr().out  # told once by an import that wrote
