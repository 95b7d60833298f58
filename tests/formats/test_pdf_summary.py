"""The PDF summary's parts in order: the comparison with earlier periods, the year, long texts over
pages, the signature block never alone on a page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formats.pdf_export import SummaryInput, render_summary, summary_pdf
from models.returns import ReturnService
from models.template import Template
from tests.factories import make_return as make
from tests.formats.test_pdf_export import (
    SIGNATURE_WORDS,
    line_with,
    lines_with,
    pages_text,
)


def test_county_summary_compares_with_last_quarter_and_lists_allowances(demo_service: ReturnService) -> None:
    result = summary_pdf(demo_service, "530000100", "2024Q4")
    text = "\n".join(pages_text(result))
    layout = "\n".join(pages_text(result, layout=True))
    assert "示范县卫生健康局2024年第四季度卫生人才工作情况" in text
    assert "788" in text and "96.7%" in text
    assert "本期为2024年第四季度；上期为2024年第三季度。" in text
    assert "在岗职工总数 788 780 +8 +1.0%" in lines_with(layout, "在岗职工总数 ")
    assert "专业技术人员占比 96.7 96.7 0.0" in lines_with(layout, "专业技术人员占比")
    assert line_with(layout, "黄山名医") == "黄山名医 20 300.00 0.00 18,000.00"
    assert line_with(layout, "合计 ") == "合计 22 69,500.00"
    # The narrative the clerk kept, every numbered item.
    assert "从昆明医学院引进12名卫生紧缺人才" in text
    assert "2、完善人才激励机制，落实周转住房。" in text


def test_annual_period_prints_the_year(template: Template) -> None:
    data = make(template, {"staff.total": 50}, period="2024")
    result = render_summary(SummaryInput(template, data, last_year={"staff.total": Decimal(40)}))
    text = "\n".join(pages_text(result))
    assert "某县卫生健康局2024年卫生人才工作情况" in text
    assert "报告期：2024年" in text and "季度" not in text
    assert "与上年比较" in text and "上年为2023年" in text
    assert "在岗职工总数 50 40 +10 +25.0%" in lines_with("\n".join(pages_text(result, layout=True)), "在岗职工总数 ")


def test_annual_pdf_says_which_quarters_are_missing(demo_service: ReturnService) -> None:
    result = summary_pdf(demo_service, "530000100", "2024")
    text = "\n".join(pages_text(result))
    assert "示范县卫生健康局2024年卫生人才工作情况" in text
    assert "缺少 2024年第一季度、2024年第二季度 的报表" in text.replace("\n", "")


@pytest.mark.parametrize("lines", range(0, 48, 3))
def test_no_page_holds_only_the_signature_block(template: Template, lines: int) -> None:
    # Texts of every length push the signature block to every position on the page.
    data = make(template, {"staff.total": 50, "staff.prof": 40}, texts={"text.highlights": "\n".join(["我院开展了岗位练兵活动，提升业务水平。"] * lines)})
    pages = pages_text(render_summary(SummaryInput(template, data)))
    last = pages[-1]
    assert "单位负责人" in last
    body = [line for line in last.splitlines()[1:-1] if line.strip() and not any(w in line for w in SIGNATURE_WORDS)]
    assert body, f"the last page holds only the signature block ({lines} lines of text)"


def test_long_texts_run_over_pages_with_numbers_on_every_page(template: Template) -> None:
    problem = "基层医疗卫生机构人才引进难、留住更难，专业技术人员结构不合理，高层次人才严重短缺。" * 12
    texts = {
        "text.highlights": "\n".join(f"{i}、{problem}" for i in range(1, 9)),
        "text.problems": "\n".join(f"{i}、{problem}" for i in range(1, 9)),
        "text.plans": "1、继续加大紧缺人才引进力度。\n2、完善人才激励机制。",
        "text.note.staff": "人员数据以2024年12月31日花名册为准。",
    }
    result = render_summary(SummaryInput(template, make(template, {"staff.total": 50}, texts=texts)))
    pages = pages_text(result)
    assert result.pages >= 5
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {result.pages} 页" in page
    text = "".join(p.replace("\n", "") for p in pages)
    assert "8、基层医疗卫生机构" in text
    assert "说明：人员数据以2024年12月31日花名册为准。" in text
    assert text.index("主要做法与成效") < text.index("存在问题") < text.index("下步工作打算") < text.index("单位负责人")
