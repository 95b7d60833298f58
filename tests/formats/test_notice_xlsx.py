"""The 退回通知 file (formats/notice_xlsx.py): it reads back exactly, under any name, is told
from a return by its content, and a damaged or newer one is refused in Chinese."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from formats.errors import FileProblems
from formats.notice_xlsx import (
    MARKER_SHEET,
    is_notice,
    notice_filename,
    read_notice,
    render_notice,
    write_notice,
)
from formats.reading import read_entries
from models.data import UnitInfo
from models.notices import SendBackNotice
from models.template import default_registry

PERIOD = "2024Q4"
COUNTY = UnitInfo("530000100", "示范县卫生健康局", "county")
TOWN = UnitInfo("530000110", "城关镇卫生院", "township", COUNTY.code)
NOTICE = SendBackNotice(TOWN.code, TOWN.name, PERIOD, "第一行\n第二行", "张三", dt.datetime(2025, 1, 5, 8, 30), COUNTY.code, COUNTY.name)


def changed(path: Path, cell: str, value: object) -> Path:
    """The notice file with one cell of its hidden sheet changed, as a damaged copy would be."""
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    wb[MARKER_SHEET][cell] = value
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_the_notice_file_reads_back_and_a_broken_one_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "附件1"  # renamed by a mail client, no extension: read by content
    path.write_bytes(render_notice(NOTICE))
    assert read_notice(path) == NOTICE
    [entry] = read_entries(path, default_registry())
    assert entry.kind == "notice" and entry.notice == NOTICE
    changed(path, "B3", None)  # unit_code gone
    [entry] = read_entries(path, default_registry())
    assert entry.notice is None and entry.kind == "damaged" and "退回通知文件不完整" in entry.message


def test_the_proposed_name_says_unit_period_and_what_it_is() -> None:
    assert notice_filename(NOTICE) == "530000110_城关镇卫生院_2024Q4_退回通知.xlsx"
    odd = SendBackNotice("../53 01", "城关/镇:卫生院", PERIOD, "原因", "张三", dt.datetime(2025, 1, 5), COUNTY.code, COUNTY.name)
    assert notice_filename(odd) == "53_01_城关_镇_卫生院_2024Q4_退回通知.xlsx"  # nothing that leaves the folder


def test_a_notice_is_told_from_a_return_and_from_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "退回通知.xlsx"
    write_notice(NOTICE, path)
    assert is_notice(path) and read_notice(path) == NOTICE
    other = tmp_path / "报表.xlsx"
    openpyxl.Workbook().save(other)
    photo = tmp_path / "照片.xlsx"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not a zip")
    assert not is_notice(other) and not is_notice(photo) and not is_notice(tmp_path / "gone.xlsx")


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("B1", "something-else", "退回通知文件已损坏（缺少标记）"),
        ("B2", 99, "这份退回通知由更新版本的程序生成，请安装最新版本的程序"),
        ("B9", "not a time", "退回通知文件不完整（缺少 sent_at）"),
        ("B5", None, "退回通知文件不完整（缺少 period）"),
    ],
)
def test_a_damaged_or_newer_notice_is_refused_saying_what_to_do(tmp_path: Path, cell: str, value: object, message: str) -> None:
    path = tmp_path / "通知.xlsx"
    path.write_bytes(render_notice(NOTICE))
    with pytest.raises(FileProblems) as refused:
        read_notice(changed(path, cell, value))
    assert message in str(refused.value)
