"""Reading what townships send by its content: .xlsx under any name, .xls (BIFF) recognised
(read through the same rules: tests/formats/test_xls_import.py), .zip and .eml members as
entries of their own, photos and damaged files named for what they are, hostile archives and
mails refused in bounded time."""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from formats.reading import SEP, read_entries
from models.importing import DAMAGED, NOT_A_RETURN
from models.template import TemplateRegistry, default_registry
from tests.formats.inbox_files import JPEG, eml_with, xls_copy, zip_of
from tests.formats.xlsx_files import demo_exports


@pytest.fixture(scope="module")
def registry() -> TemplateRegistry:
    return default_registry()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo_exports(tmp_path_factory.mktemp("inbox"))


def only(entries: list) -> object:
    assert len(entries) == 1
    return entries[0]


@pytest.mark.parametrize("name", ["附件1.xlsx", "城关镇(1).xlsx", "报表.xls", "报表.et", "报表"])
def test_an_xlsx_is_read_whatever_its_name(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path, name: str) -> None:
    renamed = tmp_path / name
    renamed.write_bytes(exported["530000110"].read_bytes())
    read = only(read_entries(renamed, registry))
    assert read.data is not None, read.message
    assert read.data.unit.code == "530000110" and read.path == renamed and read.data.source_file == name


def test_a_zip_gives_each_member_with_its_gbk_name(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    archive = zip_of(
        tmp_path / "乡镇报表.zip",
        {"城关镇.xlsx": exported["530000110"].read_bytes(), "子目录/县局.xlsx": exported["530000100"].read_bytes(), "说明.txt": "请查收".encode("gbk")},
    )
    entries = read_entries(archive, registry)
    assert [e.path.name for e in entries] == [f"乡镇报表.zip{SEP}城关镇.xlsx", f"乡镇报表.zip{SEP}子目录{SEP}县局.xlsx", f"乡镇报表.zip{SEP}说明.txt"]
    assert [e.data.unit.code if e.data else None for e in entries] == ["530000110", "530000100", None]
    assert entries[2].kind == NOT_A_RETURN
    assert entries[0].content_hash and entries[0].content_hash != entries[1].content_hash
    assert entries[0].data is not None and entries[0].data.source_file == f"乡镇报表.zip{SEP}城关镇.xlsx"


@pytest.mark.parametrize("how", ["rfc2047", "rfc2231", "raw"])
def test_an_eml_gives_every_attachment_with_its_gbk_name(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path, how: str) -> None:
    mail = eml_with(
        tmp_path / "来自城关镇.eml",
        [
            ("城关镇卫生院报表.xlsx", exported["530000110"].read_bytes(), how),
            ("县局报表.xls", xls_copy(exported["530000100"], tmp_path / "x.xls").read_bytes(), how),
        ],
    )
    entries = read_entries(mail, registry)
    assert [e.path.name for e in entries] == [f"来自城关镇.eml{SEP}城关镇卫生院报表.xlsx", f"来自城关镇.eml{SEP}县局报表.xls"]
    assert [e.data.unit.code if e.data else e.message for e in entries] == ["530000110", "530000100"]


def test_a_saved_mail_without_extension_is_recognised(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    mail = eml_with(tmp_path / "邮件", [("城关镇.xlsx", exported["530000110"].read_bytes(), "rfc2231")])
    assert [e.data.unit.code if e.data else e.message for e in read_entries(mail, registry)] == ["530000110"]


def test_a_photo_and_a_damaged_file_say_what_they_are(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    photo = tmp_path / "报表.xlsx"  # a photo of the paper return, named like a return
    photo.write_bytes(JPEG)
    read = only(read_entries(photo, registry))
    assert read.kind == NOT_A_RETURN and read.data is None and "这是图片（JPEG），不是报表" in read.message
    damaged = tmp_path / "城关镇(2).xlsx"
    raw = exported["530000110"].read_bytes()
    damaged.write_bytes(raw[: len(raw) // 2])
    read = only(read_entries(damaged, registry))
    assert read.kind == DAMAGED and "已损坏" in read.message


def test_an_encrypted_zip_member_is_refused_alone(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    archive = zip_of(tmp_path / "a.zip", {"a.xlsx": exported["530000110"].read_bytes(), "b.xlsx": exported["530000100"].read_bytes()}, gbk=False)
    raw = bytearray(archive.read_bytes())
    # Set the encrypted flag of the second member, in its local header and the central directory.
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = [i for i in range(len(raw)) if raw[i : i + 4] == sig][1]
        flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
        raw[flag_at] |= 1
    archive.write_bytes(bytes(raw))
    entries = read_entries(archive, registry)
    assert entries[0].data is not None and entries[1].data is None and "设置了密码" in entries[1].message


# ---- hostile ---------------------------------------------------------------------------------
def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("hrh-*")}


def test_a_zip_bomb_is_refused_without_unpacking(registry: TemplateRegistry, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("报表.xlsx", "w") as f:
        for _ in range(64):
            f.write(bytes(1 << 20))  # 64 MB of zeros: a few dozen kB compressed
    start = time.perf_counter()
    read = only(read_entries(bomb, registry))
    assert time.perf_counter() - start < 2
    assert read.kind == DAMAGED and "压缩炸弹" in read.message


def test_a_zip_in_a_zip_in_a_zip_is_refused(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    inner = zip_of(tmp_path / "inner.zip", {"城关镇.xlsx": exported["530000110"].read_bytes()})
    middle = zip_of(tmp_path / "middle.zip", {"inner.zip": inner.read_bytes()})
    outer = zip_of(tmp_path / "outer.zip", {"middle.zip": middle.read_bytes(), "县局.xlsx": exported["530000100"].read_bytes()})
    entries = read_entries(outer, registry)
    assert [e.path.name for e in entries] == [f"outer.zip{SEP}middle.zip", f"outer.zip{SEP}县局.xlsx"]
    assert entries[0].data is None and "压缩包里又套了压缩包" in entries[0].message and entries[1].data is not None


@pytest.mark.parametrize("name", ["../../evil.xlsx", "/etc/evil.xlsx", "C:/evil.xlsx", "a\\..\\..\\evil.xlsx"])
def test_a_member_that_leaves_the_folder_refuses_the_archive(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path, name: str) -> None:
    (tmp_path / "inside").mkdir()
    archive = zip_of(tmp_path / "inside" / "a.zip", {"ok.xlsx": exported["530000110"].read_bytes(), name: exported["530000100"].read_bytes()}, gbk=False)
    before = leftovers()
    read = only(read_entries(archive, registry))
    assert read.kind == DAMAGED and "指向压缩包以外的位置" in read.message
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.zip", "inside"] and leftovers() == before


def test_a_mail_with_a_thousand_attachments_is_refused_quickly(registry: TemplateRegistry, tmp_path: Path) -> None:
    mail = eml_with(tmp_path / "spam.eml", [(f"附件{i}.xlsx", b"PK\x03\x04" + os.urandom(16), "rfc2231") for i in range(1000)])
    start = time.perf_counter()
    read = only(read_entries(mail, registry))
    assert time.perf_counter() - start < 2
    assert read.kind == DAMAGED and "附件超过 50 个" in read.message


def test_members_are_read_in_a_private_temporary_folder_that_is_removed(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    before = leftovers()
    archive = zip_of(tmp_path / "a.zip", {"城关镇.xlsx": exported["530000110"].read_bytes()})
    assert only(read_entries(archive, registry)).data is not None  # type: ignore[attr-defined]
    assert leftovers() == before and sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]
