"""The printable 催报 page (formats/reminder_pdf.py), from a Reminder as plain data: one A4
page naming exactly the units listed, the deadline and how late it is, the issuing unit."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from formats.reminder_pdf import export_reminder, render_reminder
from models.data import UnitInfo
from models.notices import Reminder

COUNTY = UnitInfo("530000100", "示范县卫生健康局", "county")
HOSPITAL = UnitInfo("530000101", "示范县人民医院", "hospital", COUNTY.code)
CDC = UnitInfo("530000102", "示范县疾病预防控制中心", "other", COUNTY.code)
XINHUA = UnitInfo("530000111", "新华乡卫生院", "township", COUNTY.code)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


def late_reminder() -> Reminder:
    return Reminder(COUNTY, "2024Q4", dt.date(2025, 1, 31), dt.date(2025, 2, 3), 5, [HOSPITAL, CDC], [(XINHUA, "女性人数多于总数")], "李明", "0876-1234567")


def test_reminder_pdf_holds_the_units_and_the_deadline() -> None:
    result = render_reminder(late_reminder())
    assert result.pages == 1 and result.warnings == []
    text = pdf_text(result.content)
    for words in (
        "示范县人民医院",
        "530000101",
        "示范县疾病预防控制中心",
        "新华乡卫生院",
        "女性人数多于总数",
        "2025年01月31日",
        "已逾期3天",
        "示范县卫生健康局",
        "0876-1234567",
        "共应报5个",
    ):
        assert words in text, words
    assert "城关镇卫生院" not in text  # only the units the reminder lists


def test_when_everything_is_in_the_page_says_so_without_a_table() -> None:
    everything_in = Reminder(COUNTY, "2024Q4", dt.date(2025, 1, 31), dt.date(2025, 1, 21), 5)
    text = pdf_text(render_reminder(everything_in).content)
    assert "全部5个单位的报表都已收到，无需催报。" in text and "还有10天" in text
    assert "单位名称" not in text  # no empty table


def test_export_writes_the_page_and_returns_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "催报.pdf"
    result = export_reminder(late_reminder(), path)
    assert path.read_bytes() == result.content and path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["催报.pdf"]  # no temporary file left beside it
