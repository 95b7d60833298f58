"""The 工作总结 as a Word document: outline, 公文 page and fonts, page numbers, marks, tables."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from formats.docx_export import export_docx, render_docx
from formats.docx_fonts import FONT_CHOICES
from models.report import gather_report
from models.returns import ReturnService, ServiceError

FONTS = {role: choices[0] for role, choices in FONT_CHOICES.items()}  # as on a PC with the 公文 fonts


def document(service: ReturnService, unit: str, period: str = "2024Q4", scope: str = "own") -> Document:
    return Document(io.BytesIO(render_docx(gather_report(service, unit, period, scope), FONTS).content))


def east_asian(run: object) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[attr-defined]


def test_city_document_is_the_outline_in_official_layout(demo_service: ReturnService) -> None:
    doc = document(demo_service, "530100000")
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == "示范市卫生健康局2024年第四季度卫生人才工作情况"
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    texts = [p.text for p in paras]
    assert texts.index("一、基本情况") < texts.index("二、主要工作及成效") < texts.index("（一）招聘引进")
    h1 = next(p for p in paras if p.text == "一、基本情况")
    assert east_asian(h1.runs[0]) == "黑体"
    h2 = next(p for p in paras if p.text == "（一）招聘引进")
    assert east_asian(h2.runs[0]) == "楷体_GB2312"
    point = next(p for p in paras if p.text.startswith("1、公开招聘。"))
    assert point.runs[0].text == "1、公开招聘。" and east_asian(point.runs[0]) == "楷体_GB2312"
    # The body text is the Normal style: 仿宋 三号, named for East-Asian text.
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert point.runs[1].font.name is None and point.runs[1].font.size is None
    assert "最后录用48人（本科15人，专科33人），录用率23.3%" in point.text
    # 落款 after the text, then the tables.
    assert texts[texts.index(point.text) + 1 :][:2] == ["示范市卫生健康局", "2025年1月10日"]
    assert any(t.startswith("附表1：主要指标") for t in texts)
    sec = doc.sections[0]
    assert [round(x.mm) for x in (sec.page_width, sec.page_height)] == [210, 297]  # A4
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]


def test_county_document_holds_problems_and_plans_from_the_clerk(demo_service: ReturnService) -> None:
    texts = [p.text for p in document(demo_service, "530000100").paragraphs if p.text.strip()]
    headings = [t for t in texts if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert headings == ["一、基本情况", "二、主要工作及成效", "三、存在的问题", "四、下步打算"]
    # The clerk's own 主要做法与成效 (prose, no headings) follows the drafted work.
    assert "（五）其他工作" in texts and "从昆明医学院引进12名卫生紧缺人才；组织乡村医生培训4次1032人次；组织省州医师15名到基层开展服务。" in texts
    assert any(t.startswith("1、近年的毕业生与现实的医疗单位岗位空缺比例不协调") for t in texts)
    assert "2、完善人才激励机制，落实周转住房。" in texts
    assert not any(re.search(r"\d,\d{3}|\.00", t) for t in texts if not t.startswith("附表"))


def test_page_numbers_are_a_page_field_at_the_outer_edge(demo_service: ReturnService) -> None:
    doc = document(demo_service, "530100000")
    sec = doc.sections[0]
    for footer in (sec.footer, sec.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert doc.settings.odd_and_even_pages_header_footer


def test_the_mark_is_in_every_pages_header_of_a_return_with_errors(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530100000", "2024Q4")
    assert data is not None
    # The demo leaves the seed's 95 高级 unsplit; the test types its own 15 + 80, then 10 too many 中级.
    data.values.update({"staff.prof.title.senior_full": Decimal(15), "staff.prof.title.senior_assoc": Decimal(80)})
    data.values["staff.prof.title.mid"] = data.values["staff.prof.title.mid"] + 10
    demo_service.store.save(data)
    assert any(f.is_error for f in demo_service.check(data))
    sec = document(demo_service, "530100000").sections[0]
    for header in (sec.header, sec.even_page_header):
        assert "未通过审核" in header.paragraphs[0].text and "草稿" in header.paragraphs[0].text


def test_a_submitted_clean_return_has_no_mark(demo_service: ReturnService) -> None:
    assert not demo_service.workflow.submit("530100000", "2024Q4")
    sec = document(demo_service, "530100000").sections[0]
    assert sec.header.paragraphs[0].text == ""


def test_the_year_and_a_consolidation_are_drafted_afresh(demo_service: ReturnService) -> None:
    from models.consolidate import consolidate

    texts = [p.text for p in document(demo_service, "530000100", "2024").paragraphs]
    assert texts[0] == "示范县卫生健康局2024年卫生人才工作总结"
    assert any("第3季度、第4季度报表汇总，第1季度、第2季度报表缺报" in t for t in texts)
    assert not any("【" in t for t in texts)
    consolidate(demo_service, "530000100", "2024Q4")
    doc = document(demo_service, "530000100", scope="consolidated")
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("附表") and "各单位主要指标" in t for t in texts)
    table = doc.tables[-1]
    total = [c.text for c in table.rows[-1].cells]
    assert total[0] == "合计" and total[1] == str(788 + 32 + 35 + 38)
    assert "未报单位：示范县人民医院、示范县疾病预防控制中心。" in " ".join(texts)


def test_export_writes_the_file_or_says_why_not(demo_service: ReturnService, tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    export_docx(demo_service, "530100000", "2024Q4", path)
    assert Document(str(path)).paragraphs[0].text.startswith("示范市卫生健康局")
    with pytest.raises(ServiceError, match="没有 2023年第四季度"):
        export_docx(demo_service, "530100000", "2023Q4", tmp_path / "none.docx")
    assert not (tmp_path / "none.docx").exists()


def test_a_stale_draft_is_marked_and_its_sentences_named(demo_service: ReturnService) -> None:
    from formats.narrative import draft

    view = gather_report(demo_service, "530100000", "2024Q4")
    drafted = draft(view.template, view.data, view.previous, view.last_year)
    data = view.data
    data.texts["text.highlights"] = drafted.text
    data.drafted_from["text.highlights"] = drafted.fingerprint.to_json()
    demo_service.store.save(data)
    doc = document(demo_service, "530100000")
    assert "文字与数字不符" not in doc.sections[0].header.paragraphs[0].text
    assert "1、公开招聘。本季度我市计划招聘19个工作岗位" in [p.text[:23] for p in doc.paragraphs]  # the kept outline
    data.values["recruit.hired"] += 2
    data.values["recruit.hired.edu.college"] += 2
    demo_service.store.save(data)
    doc = document(demo_service, "530100000")
    assert "文字与数字不符" in doc.sections[0].header.paragraphs[0].text
    note = next(p.text for p in doc.paragraphs if p.text.startswith("【注意】"))
    assert "录用人数 由 48 改为 50" in note and "最后录用48人" in note


def test_a_consolidated_summary_never_says_a_share_over_units_that_gave_no_count(demo_service: ReturnService) -> None:
    """Issue 13: the county draft said "女性52人，占5.8%" while the bureau's 788 staff have 女性
    blank. Now the share is of the three townships that gave both, and both coverages are said."""
    from models.consolidate import consolidate

    data = demo_service.store.load("530000110", "2024Q4")
    assert data is not None
    del data.values["staff.prof"]  # 城关 gives no 专业技术人员: left out of every share that needs it
    demo_service.store.save(data)
    consolidate(demo_service, "530000100", "2024Q4")
    doc = document(demo_service, "530000100", scope="consolidated")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "女性52人，占49.5%（3/4个单位填报，占比按3个单位计算）" in body
    assert "女性52人，占5.8%" not in body and "女性0" not in body
    # The tables: a blank stays blank, a part not every unit gave says so, shares over those that gave both.
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    bachelor = next(r for r in cells if r[0].startswith("大学本科"))
    assert bachelor == ["大学本科", "99", "11.3"]  # (78 + 7 + 8) of (762 + 29 + 32)
    prof_total = next(r for r in cells if r[0].startswith("合计（专业技术人员）"))
    assert prof_total[:2] == ["合计（专业技术人员）（3/4 个单位填报）", "823"]
    town = next(r for r in cells if r[0] == "城关镇卫生院")
    assert town[1:4] == ["32", "", ""]  # its 专业技术人员 and 专技占比: blank, not 0
