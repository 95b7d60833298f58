"""The PDF page furniture shared by the summary and the 催报 page (formats/pdf_layout.py):
section numbers in Chinese, A4 pages with a running header and "第 X 页 共 Y 页", and the
draft mark on every page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.platypus import Flowable

from formats.pdf_layout import Layout, build_document, section_number


def test_sections_are_numbered_in_chinese() -> None:
    assert [section_number(n) for n in (1, 2, 9, 10, 11, 12, 19)] == ["一", "二", "九", "十", "十一", "十二", "十九"]
    assert section_number(20) == "20"  # past what a summary has: plain digits, never a wrong numeral


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text().replace(" ", "") for page in PdfReader(io.BytesIO(content)).pages]


def test_every_page_has_the_header_its_number_of_the_total_and_the_mark() -> None:
    layout = Layout(sober=True)
    story: list[Flowable] = [layout.p("标题", "title")] + [layout.p(f"第{n}段：城关镇卫生院开展岗位练兵活动。", "body") for n in range(120)]
    content, pages = build_document(
        story, layout, "示范县卫生健康局", "2024年第四季度", "测试", lambda n, total: f"第 {n} 页 共 {total} 页", mark="草稿　未通过审核"
    )
    texts = pages_text(content)
    assert pages == len(texts) > 1
    for n, text in enumerate(texts, 1):
        assert f"第{n}页共{pages}页" in text and "示范县卫生健康局" in text and "2024年第四季度" in text and "草稿" in text
    assert layout.missing == set()


def test_a_character_no_font_has_is_collected_for_the_warning() -> None:
    layout = Layout(sober=True)
    build_document([layout.p("引进人才\U00030000名", "body")], layout, "单位", "期", "测试", lambda n, total: f"{n}/{total}")
    assert layout.missing == {"\U00030000"}
