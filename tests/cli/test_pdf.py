"""export-pdf and draft as a clerk or a script uses them: files, messages, exit codes."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from main import main


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo"]) == 0
    return db


def test_export_pdf_writes_the_summary(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_snapshot: Callable[[Path], list[str]]) -> None:
    before = db_snapshot(demo_db)
    out = tmp_path / "县局.pdf"
    capsys.readouterr()
    assert main(["--db", str(demo_db), "export-pdf", "--unit", "530000100", "--period", "2024q4", "-o", str(out)]) == 0
    reader = pypdf.PdfReader(BytesIO(out.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "示范县卫生健康局2024年第四季度卫生人才工作情况" in text and "788" in text and "96.7%" in text
    assert f"第 1 页 共 {len(reader.pages)} 页" in text
    assert capsys.readouterr().out.strip() == f"已导出到 {out}（共 {len(reader.pages)} 页）"
    assert db_snapshot(demo_db) == before  # exporting changes nothing in the database


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "999", "--period", "2024Q4"], "单位代码 999 不存在"),
        (["--unit", "530000100", "--period", "2023Q4"], "530000100 没有 2023年第四季度 的报表"),
        (["--unit", "530000100", "--period", "2024Q4", "--consolidated"], "没有 2024年第四季度 的汇总报表"),
        (["--unit", "530000100", "--period", "2024季度"], "报告期 “2024季度” 无法识别"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    out = tmp_path / "x.pdf"
    capsys.readouterr()
    assert main(["--db", str(demo_db), "export-pdf", *args, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_output_exits_2_and_leaves_no_file(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "export-pdf", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "no" / "x.pdf")]) == 2
    assert "不存在，请换一个位置保存" in capsys.readouterr().err
    assert main(["--db", str(demo_db), "export-pdf", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "x.txt")]) == 2
    assert "应以 .pdf 结尾" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()


def test_draft_prints_the_narrative(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo_db), "draft", "--unit", "530100000", "--period", "2024Q4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("一、基本情况\n截至2024年12月底，我市卫生系统共有在岗职工1922人，其中专业技术人员1733人，占职工总数的90.2%")
    # The unsplit 95 高级 / 5 研究生 are said to be not filled in (blank), never printed as 0.
    assert "按职称分，中级职称696人，占40.2%，初级职称942人，占54.4%（高级职称未填）" in out and "高级职称0" not in out and "研究生0" not in out
    assert "\n二、主要工作及成效\n（一）招聘引进\n1、公开招聘。" in out


def test_export_docx_writes_the_summary(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    out = tmp_path / "总结.docx"
    assert main(["--db", str(demo_db), "export-docx", "--unit", "530100000", "--period", "2024Q4", "-o", str(out)]) == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts[0] == "示范市卫生健康局2024年第四季度卫生人才工作情况"
    assert "一、基本情况" in texts
    assert main(["--db", str(demo_db), "export-docx", "--unit", "530100000", "--period", "2024Q4", "-o", str(tmp_path / "x.pdf")]) == 2


def test_a_character_no_font_has_is_reported(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from models.db import open_database
    from models.returns import ReturnService

    engine = open_database(demo_db)
    service = ReturnService(engine)
    data = service.store.load("530100000", "2024Q4")
    assert data is not None
    data.texts["text.highlights"] = "引进人才𠀀名"
    service.store.save(data)
    engine.dispose()
    capsys.readouterr()
    assert main(["--db", str(demo_db), "export-pdf", "--unit", "530100000", "--period", "2024Q4", "-o", str(tmp_path / "x.pdf")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("注意：字体中没有这些字符，PDF 中已用“?”代替：𠀀。")


def test_a_missing_file_inside_the_program_is_not_blamed_on_the_clerks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library's own missing file (a broken install) is an internal error (70, log), never
    "the folder does not exist" about the folder the clerk chose."""
    import formats.docx_export
    from main import main

    db = tmp_path / "x.db"
    assert main(["--db", str(db), "demo"]) == 0

    def broken(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "/opt/program/_internal/docx/templates/default-footer.xml")

    monkeypatch.setattr(formats.docx_export, "export_docx", broken)
    capsys.readouterr()
    assert main(["--db", str(db), "export-docx", "--unit", "530000100", "--period", "2024Q4", "-o", str(tmp_path / "a.docx")]) == 70
    err = capsys.readouterr().err
    assert "文件夹不存在" not in err and "程序内部错误" in err
