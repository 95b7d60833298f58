"""The container check: what is not a plain xlsx workbook is refused before any XML is
read; what is gives its parts, each CRC-checked, the XML ones kept for the readers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from formats.errors import FileProblems, NotAReturn
from formats.xlsx_container import OLE_MAGIC, check_container, ole_stream_names


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.active["A1"] = "在岗职工总数"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(1000))
    return path


def copy_with(src: Path, dst: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as s, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as d:
        for info in s.infolist():
            d.writestr(info, s.read(info))
        d.writestr(name, data)
    return dst


def test_a_workbook_gives_its_xml_parts_read_once(workbook: Path) -> None:
    package = check_container(workbook)
    assert "xl/workbook.xml" in package.names and "xl/media/image1.png" in package.names
    assert package.read("xl/worksheets/sheet1.xml").startswith(b"<")
    assert "xl/media/image1.png" not in package.parts  # checked, not kept
    with pytest.raises(KeyError):
        package.read("xl/media/image1.png")


@pytest.mark.parametrize(
    ("make", "refusal", "message"),
    [
        (lambda p, t: t.write_bytes(b""), FileProblems, "文件是空的（0 字节）"),
        (lambda p, t: t.write_bytes(OLE_MAGIC + bytes(1000)), FileProblems, "这是旧版 Excel 文件（.xls）"),
        (lambda p, t: t.write_text("a,b,c\n1,2,3\n"), NotAReturn, "像是文本、CSV 或网页文件"),
        (lambda p, t: copy_with(p, t, "xl/vbaProject.bin", b"macro"), FileProblems, "含宏的工作簿"),
        (lambda p, t: copy_with(p, t, "xl/media/pad.bin", bytes(8 * 1024 * 1024)), FileProblems, "压缩炸弹"),
    ],
)
def test_what_is_not_a_plain_workbook_is_refused(workbook: Path, tmp_path: Path, make: object, refusal: type[Exception], message: str) -> None:
    target = tmp_path / "bad.xlsx"
    make(workbook, target)  # type: ignore[operator]
    with pytest.raises(refusal, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_container(target)


def test_a_word_document_is_named(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    with pytest.raises(NotAReturn, match="Word 文档"):
        check_container(path)


def test_a_damaged_part_is_found_even_where_no_reader_looks(workbook: Path, tmp_path: Path) -> None:
    raw = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as z:
        info = z.getinfo("xl/media/image1.png")
    at = info.header_offset + 30 + len(info.filename.encode()) + 5  # inside the stored picture's data
    raw[at] ^= 0xFF
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(raw))
    with pytest.raises(FileProblems, match="文件已损坏或不完整"):
        check_container(damaged)


def test_the_streams_of_an_ole_file_are_listed_defensively() -> None:
    assert ole_stream_names(b"") == set() and ole_stream_names(OLE_MAGIC + bytes(100)) == set()
