"""The PDF summary's tables: blanks printed blank, headers repeated over pages, a 汇总's units with a
recomputed 合计, allowances by unit, shares from the units that gave both sides."""

from __future__ import annotations

import re
from decimal import Decimal

from formats.pdf_export import SummaryInput, render_summary, summary_pdf
from models.data import Allowance
from models.returns import ReturnService
from models.template import Template
from tests.factories import make_return as make
from tests.formats.test_pdf_export import line_with, lines_with, pages_text


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
