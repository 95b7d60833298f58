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
from models.data import Allowance, Signatories
from models.returns import ReturnService, ServiceError
from models.template import Template
from tests.formats.returns import make_return as make

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


def test_blank_indicators_are_printed_blank(template: Template) -> None:
    data = make(template, {"staff.total": 50, "staff.prof": 40, "staff.prof.title.mid": 0, "train.level.county": 0, "recruit.posts": 5})
    result = render_summary(SummaryInput(template, data))
    text = "\n".join(pages_text(result))
    layout = "\n".join(pages_text(result, layout=True))
    assert "None" not in text
    assert line_with(layout, "县级培训") == "县级培训 人次 0"  # zero is zero
    assert line_with(layout, "省级培训") == "省级培训 人次"  # blank is blank
    # A table with nothing reported is left out, and one line names it.
    assert not lines_with(layout, "学科带头人")
    assert "未填报，不列表：" in text and "激励与待遇" in text.split("未填报，不列表：")[1]
    assert line_with(layout, "中级职称") == "中级职称 0 0.0"
    assert line_with(layout, "初级职称") == "初级职称"
    assert "录用率：报名人数或录用人数未填报，不计算。" in text
    # The key-figure box leaves blanks out rather than showing 0.
    assert "80.0%" in text and "高级职称占比" not in text.split("二、")[0]
    assert "没有上期和上年同期的报表" in text
    assert re.search(r"报出日期：\s+年\s+月\s+日", text)  # no report date yet: a date to fill in by hand


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


def test_a_table_split_across_pages_repeats_its_header(template: Template) -> None:
    every = {ind.code: 10 for ind in template.indicators if ind.type == "int"}
    data = make(template, every)
    inp = SummaryInput(template, data, previous={k: Decimal(9) for k in every}, last_year={k: Decimal(8) for k in every})
    result = render_summary(inp)
    pages = pages_text(result)
    assert "本期为2024年第四季度；上期为2024年第三季度；上年同期为2023年第四季度。" in "".join(pages)
    comparison_pages = [p for p in pages if "+11.1%" in p]  # pages holding rows of the comparison table
    assert len(comparison_pages) >= 2  # it runs onto a second page, header and all
    assert all("增减%" in p and "上年同期" in p for p in comparison_pages)
    layout = "\n".join(pages_text(result, layout=True))
    assert lines_with(layout, "学术讲座") == ["学术讲座 场次 10", "学术讲座 10 9 +1 +11.1% 8 +2 +25.0%"]


def test_consolidated_units_table_has_a_total_row_with_recomputed_ratios(template: Template) -> None:
    rows = [
        ("甲镇卫生院", {"staff.total": Decimal(30), "staff.prof": Decimal(25), "recruit.applicants": Decimal(10), "recruit.hired": Decimal(2)}),
        ("乙乡卫生院", {"staff.total": Decimal(20), "staff.prof": Decimal(15), "recruit.applicants": Decimal(30), "recruit.hired": Decimal(3)}),
        ("丙乡卫生院", {"staff.total": Decimal(1200)}),
    ]
    data = make(template, {"staff.total": 1250, "staff.prof": 40}, scope="consolidated")
    result = render_summary(SummaryInput(template, data, subordinates=rows, missing_units=["丁乡卫生院"]))
    text = "\n".join(pages_text(result))
    layout = "\n".join(pages_text(result, layout=True))
    assert "某县卫生健康局2024年第四季度卫生人才工作情况（汇总）" in text
    assert line_with(layout, "甲镇卫生院") == "甲镇卫生院 30 25 83.3 10 2 20.0"
    assert line_with(layout, "丙乡卫生院") == "丙乡卫生院 1,200"
    # 合计: counts added; 专技占比 40/1,250 (3.2, not the mean of 83.3 and 75.0); 录用率 5/40.
    assert line_with(layout, "合计") == "合计 1,250 40 3.2 40 5 12.5"
    assert "未报单位：丁乡卫生院" in text


def test_annual_period_prints_the_year(template: Template) -> None:
    data = make(template, {"staff.total": 50}, period="2024")
    result = render_summary(SummaryInput(template, data, last_year={"staff.total": Decimal(40)}))
    text = "\n".join(pages_text(result))
    assert "某县卫生健康局2024年卫生人才工作情况" in text
    assert "报告期：2024年" in text and "季度" not in text
    assert "与上年比较" in text and "上年为2023年" in text
    assert "在岗职工总数 50 40 +10 +25.0%" in lines_with("\n".join(pages_text(result, layout=True)), "在岗职工总数 ")


def test_a_character_no_font_has_is_reported_not_boxed(template: Template) -> None:
    data = make(template, {"staff.total": 5}, texts={"text.highlights": "引进人才𠀀名"}, signatories=Signatories("李明", report_date=dt.date(2025, 1, 10)))
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


def test_allowances_by_unit_on_a_consolidated_return(template: Template) -> None:
    rows = [
        Allowance("黄山名医", 20, Decimal("300.00"), Decimal("0.00"), Decimal("18000.00"), unit_name="县人民医院"),
        Allowance("拔尖人才", 1, Decimal("500.00"), None, None, unit_name="城关镇卫生院"),
    ]
    data = make(template, {}, allowances=rows, scope="consolidated")
    layout = "\n".join(pages_text(render_summary(SummaryInput(template, data, subordinates=[])), layout=True))
    assert line_with(layout, "县人民医院") == "县人民医院 黄山名医 20 300.00 0.00 18,000.00"
    assert line_with(layout, "城关镇卫生院") == "城关镇卫生院 拔尖人才 1 500.00"
    assert re.search(r"^合计 21 18,000\.00$", line_with(layout, "合计 21"))


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


def test_annual_pdf_says_which_quarters_are_missing(demo_service: ReturnService) -> None:
    result = summary_pdf(demo_service, "530000100", "2024")
    text = "\n".join(pages_text(result))
    assert "示范县卫生健康局2024年卫生人才工作情况" in text
    assert "缺少 2024年第一季度、2024年第二季度 的报表" in text.replace("\n", "")


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


@pytest.mark.parametrize("lines", range(0, 48, 3))
def test_no_page_holds_only_the_signature_block(template: Template, lines: int) -> None:
    # Texts of every length push the signature block to every position on the page.
    data = make(template, {"staff.total": 50, "staff.prof": 40}, texts={"text.highlights": "\n".join(["我院开展了岗位练兵活动，提升业务水平。"] * lines)})
    pages = pages_text(render_summary(SummaryInput(template, data)))
    last = pages[-1]
    assert "单位负责人" in last
    body = [line for line in last.splitlines()[1:-1] if line.strip() and not any(w in line for w in SIGNATURE_WORDS)]
    assert body, f"the last page holds only the signature block ({lines} lines of text)"


def fill_colours(result: PdfResult) -> set[tuple[float, float, float]]:
    """Every RGB fill colour the pages paint with (the "r g b rg" operators)."""
    found = set()
    for page in pypdf.PdfReader(BytesIO(result.content)).pages:
        data = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            found.add((round(float(r), 3), round(float(g), 3), round(float(b), 3)))
    return found


def test_the_sober_layout_is_black_on_white_and_the_default_for_the_year(template: Template) -> None:
    values = {"staff.total": 50, "staff.prof": 40, "staff.prof.edu.bachelor": 10, "staff.prof.edu.college": 30, "staff.prof.edu.phd": 0, "staff.prof.edu.master": 0, "staff.prof.edu.secondary": 0}
    annual = fill_colours(render_summary(SummaryInput(template, make(template, values, period="2024"))))
    quarter = fill_colours(render_summary(SummaryInput(template, make(template, values))))
    assert all(r == g == b for r, g, b in annual)  # greys only: no tiles, no blue bars
    assert any(not r == g == b for r, g, b in quarter)  # today's layout keeps its colours
    sober_quarter = fill_colours(render_summary(SummaryInput(template, make(template, values), sober=True)))
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


def test_a_consolidated_share_uses_only_the_units_that_gave_both_sides(demo_service: ReturnService) -> None:
    from models.consolidate import consolidate

    # A township gives its professional staff by education but not its total professionals.
    data = demo_service.store.load("530000110", "2024Q4")
    assert data is not None
    del data.values["staff.prof"]
    demo_service.store.save(data)
    consolidate(demo_service, "530000100", "2024Q4")
    layout = "\n".join(pages_text(summary_pdf(demo_service, "530000100", "2024Q4", scope="consolidated"), layout=True))
    # 大学本科 99 in all, but its share is (78 + 7 + 8) of the three units that gave 专业技术人员
    # (762 + 29 + 32): 11.3%, not 99 of 823 (12.0%), nor of 849 had 城关 given it (11.7%).
    bachelor = line_with(layout, "大学本科")
    assert bachelor.startswith("大学本科 99 11.3"), bachelor
    assert "专业技术人员占比 " in layout and "（按3个单位计算）" in layout.replace("\n", "").replace(" ", "")
