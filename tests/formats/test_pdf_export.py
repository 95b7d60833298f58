"""The PDF summary read back with pypdf: the right Chinese text and figures, the font embedded,
blanks printed blank, long texts over several pages with numbered pages and repeated headers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

from formats.pdf_export import PdfResult, SummaryInput, export_pdf, render_summary, summary_pdf
from models.data import Signatories
from models.returns import ReturnService, ServiceError
from models.template import Template
from tests.factories import make_return


def pages_text(result: PdfResult | bytes, layout: bool = False) -> list[str]:
    content = result.content if isinstance(result, PdfResult) else result
    reader = pypdf.PdfReader(BytesIO(content))
    if layout:
        return [p.extract_text(extraction_mode="layout") for p in reader.pages]
    return [p.extract_text() for p in reader.pages]


def lines_with(text: str, start: str) -> list[str]:
    """The layout-mode lines whose first cell is ``start`` (table rows), spaces squeezed."""
    found = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in found if line.startswith(start)]


def line_with(text: str, start: str) -> str:
    found = lines_with(text, start)
    assert found, f"no line starts with {start!r}"
    return found[0]


def test_city_summary_holds_the_figures_and_ratios(demo_service: ReturnService) -> None:
    result = summary_pdf(demo_service, "530100000", "2024Q4")
    pages = pages_text(result)
    text = "\n".join(pages)
    assert "示范市卫生健康局2024年第四季度卫生人才工作情况" in text
    assert "报告期：2024年第四季度" in text
    layout = "\n".join(pages_text(result, layout=True))
    # Key-figure box: 1,922 in post, 1,733 professional, 90.2 %, hiring rate 48/206.
    for figure in ("1,922", "1,733", "90.2%", "23.3%", "26.4%"):
        assert figure in text
    # The seed's 95 高级 / 5 研究生 have no split in v1: the parts print blank (not 0), no 高级职称占比,
    # and the totals are said in the clerk's 说明.
    assert "5.5%" not in text and "高级职称占比" not in text
    assert lines_with(layout, "正高级职称") == ["正高级职称"] and lines_with(layout, "副高级职称") == ["副高级职称"]
    assert lines_with(layout, "博士研究生") == ["博士研究生", "博士研究生 0 0.0"]  # 专技 blank; 录用 typed 0
    assert lines_with(layout, "硕士研究生") == ["硕士研究生", "硕士研究生 0 0.0"]
    assert "说明：高级职称95人（正高、副高未分）；研究生5人（博士、硕士未分）。" in layout
    assert line_with(layout, "专业技术人员 ") == "专业技术人员 1,733 90.2"
    assert line_with(layout, "合计（在岗职工总数）") == "合计（在岗职工总数） 1,922 100.0"
    assert line_with(layout, "中级职称") == "中级职称 696 40.2"
    assert line_with(layout, "录用人数 ") == "录用人数 人 48 23.3"
    assert "录用率（录用人数 ÷ 报名人数）：23.3%" in text
    assert "单位负责人：" in text and "2025年1月10日" in text and "（单位盖章）" in text
    assert result.pages == len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {result.pages} 页" in page
        assert "示范市卫生健康局" in page and "2024年第四季度　卫人才季1表" in page  # the running header
    assert result.warnings == []


def test_font_is_embedded(demo_service: ReturnService) -> None:
    reader = pypdf.PdfReader(BytesIO(summary_pdf(demo_service, "530000100", "2024Q4").content))
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/TrueType":
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]
                embedded.append(str(font["/BaseFont"]))
    assert embedded and all("WenQuanYi" in name for name in embedded)


def test_a_character_no_font_has_is_reported_not_boxed(template: Template) -> None:
    data = make_return(
        template, {"staff.total": 5}, texts={"text.highlights": "引进人才𠀀名"}, signatories=Signatories("李明", report_date=dt.date(2025, 1, 10))
    )
    result = render_summary(SummaryInput(template, data))
    assert len(result.warnings) == 1 and "𠀀" in result.warnings[0]
    text = "\n".join(pages_text(result))
    assert "引进人才?名" in text and "𠀀" not in text


def test_export_pdf_writes_the_file_atomically(demo_service: ReturnService, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    result = export_pdf(demo_service, "530000100", "2024Q4", target)
    assert target.read_bytes() == result.content and result.content.startswith(b"%PDF")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(ServiceError, match="没有 2023年第四季度 的报表"):
        export_pdf(demo_service, "530000100", "2023Q4", tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_consolidated_export_lists_the_units_found_in_the_database(demo_service: ReturnService, template: Template) -> None:
    from models.consolidate import consolidate

    consolidate(demo_service, "530000100", "2024Q4")
    result = summary_pdf(demo_service, "530000100", "2024Q4", scope="consolidated")
    text = "\n".join(pages_text(result))
    layout = "\n".join(pages_text(result, layout=True))
    assert "示范县卫生健康局2024年第四季度卫生人才工作情况（汇总）" in text
    # The county office's 12 高级 has no 正高/副高 split: its 高级职称 cells are blank, not 0.
    row = next(line.strip() for line in layout.splitlines() if line.strip().startswith("示范县卫生健康局（本级）"))
    assert re.fullmatch(r"示范县卫生健康局（本级） +788 +762 +96\.7 {10,}300 +35 +11\.7", row)  # two empty columns
    assert line_with(layout, "示范县卫生健康局（本级）") == "示范县卫生健康局（本级） 788 762 96.7 300 35 11.7"
    assert line_with(layout, "城关镇卫生院") == "城关镇卫生院 32 26 81.3 1 3.8 12 2 16.7"
    # In post 788 + 32 + 35 + 38; professional 762 + 26 + 29 + 32 (95.1%); 录用率 (35+2+2+2)/(300+12+13+14).
    # 高级职称 from the three townships that gave it: 3 of their 87 专业技术人员 (3.4%).
    assert line_with(layout, "合计") == "合计 893 849 95.1 3 3.4 339 41 12.1"
    assert "高级职称占比 3.4%（按3个单位计算）" in layout
    assert "未报单位：示范县人民医院、示范县疾病预防控制中心" in text


def test_the_mark_is_on_every_page_of_a_return_with_errors(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530000100", "2024Q4")
    assert data is not None
    data.values["staff.prof.title.none"] = Decimal(200)  # titles add up to more than 762
    data.texts["text.plans"] = "\n".join(f"{i}、继续加强人才队伍建设，完善激励机制。" * 3 for i in range(1, 30))
    demo_service.store.save(data)
    pages = pages_text(summary_pdf(demo_service, "530000100", "2024Q4"))
    assert len(pages) >= 3
    assert all("未通过审核" in page and "草稿" in page for page in pages)


def test_a_submitted_clean_return_has_no_mark(demo_service: ReturnService) -> None:
    assert not demo_service.workflow.submit("530100000", "2024Q4")
    assert not any("草稿" in page or "未通过审核" in page for page in pages_text(summary_pdf(demo_service, "530100000", "2024Q4")))


SIGNATURE_WORDS = ("单位负责人", "统计负责人", "填表人", "联系电话", "报出日期", "（单位盖章）", "年", "月", "日")


def fill_colours(result: PdfResult) -> set[tuple[float, float, float]]:
    """Every RGB fill colour the pages paint with (the "r g b rg" operators)."""
    found = set()
    for page in pypdf.PdfReader(BytesIO(result.content)).pages:
        data = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            found.add((round(float(r), 3), round(float(g), 3), round(float(b), 3)))
    return found


def test_the_sober_layout_is_black_on_white_and_the_default_for_the_year(template: Template) -> None:
    values = {
        "staff.total": 50,
        "staff.prof": 40,
        "staff.prof.edu.bachelor": 10,
        "staff.prof.edu.college": 30,
        "staff.prof.edu.phd": 0,
        "staff.prof.edu.master": 0,
        "staff.prof.edu.secondary": 0,
    }
    annual = fill_colours(render_summary(SummaryInput(template, make_return(template, values, period="2024"))))
    quarter = fill_colours(render_summary(SummaryInput(template, make_return(template, values))))
    assert all(r == g == b for r, g, b in annual)  # greys only: no tiles, no blue bars
    assert any(not r == g == b for r, g, b in quarter)  # today's layout keeps its colours
    sober_quarter = fill_colours(render_summary(SummaryInput(template, make_return(template, values), sober=True)))
    assert all(r == g == b for r, g, b in sober_quarter)


def test_a_consolidated_figure_not_every_unit_gave_says_so_and_a_blank_stays_blank(demo_service: ReturnService) -> None:
    """The county office (788 staff) left 女性 blank: 52 is the three townships' count, printed
    with "3/4 个单位填报"; nobody gave ages, so no age table and no 0 anywhere for them."""
    from models.consolidate import consolidate

    consolidate(demo_service, "530000100", "2024Q4")
    result = summary_pdf(demo_service, "530000100", "2024Q4", scope="consolidated")
    text = "\n".join(pages_text(result))
    layout = "\n".join(pages_text(result, layout=True))
    assert line_with(layout, "其中：女性") == "其中：女性（3/4 个单位填报） 人 52"
    assert line_with(layout, "引进急需紧缺人才") == "引进急需紧缺人才（1/4 个单位填报） 人 12 12（第4季度）"  # 本年累计: Q4 only
    assert line_with(layout, "合计（在岗职工总数）") == "合计（在岗职工总数） 893 100.0"  # every unit gave it: no note
    assert "35岁及以下" not in text and "在岗职工按年龄" in text.split("未填报，不列表：")[1]
    # 县人民医院 is missing altogether: not a unit that "did not fill" 女性, so not in the N.
    assert "4 个单位填报" in text and "5 个单位填报" not in text
