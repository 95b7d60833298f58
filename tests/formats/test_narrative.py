"""The drafted narrative: seed-style sentences from the figures; blanks left out, never 0 or None."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from formats.narrative import draft_narrative
from models.data import Allowance, UnitInfo
from models.returns import ReturnService
from models.template import Template
from tests.factories import make_return


def body(text: str) -> list[str]:
    """The lines of a draft that are not headings."""
    return [line for line in text.split("\n") if not re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)]


def test_city_outline_reads_like_the_seed(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530100000", "2024Q4")
    assert data is not None
    text = draft_narrative(demo_service.template_for(data), data)
    lines = text.split("\n")
    # 第四篇: 一、基本情况 … 二、主要做法及取得的成效 (（一）… with numbered points)
    assert lines[0] == "一、基本情况"
    assert lines[1].startswith("截至2024年12月底，我市卫生系统共有在岗职工1922人，其中专业技术人员1733人，占职工总数的90.2%，工勤技能人员189人。")
    # The seed's 5 研究生 and 95 高级 have no split in the return (blank): said to be not filled
    # in, never "0人" nor a guess, and never silently missing (a reader would think there are none).
    assert "按学历分，大学本科411人，占23.7%，大学专科681人，占39.3%，中专及以下636人，占36.7%（博士研究生、硕士研究生未填）" in lines[1]
    assert "按职称分，中级职称696人，占40.2%，初级职称942人，占54.4%（高级职称未填）" in lines[1]
    assert "正高" not in text and "副高" not in text
    assert not re.search(r"(?<!\d)0人", text)
    assert "年龄状况为：35岁及以下508人，36-40岁490人，41-45岁468人，46-54岁366人，55岁及以上90人，35岁及以下占26.4%。" in lines[1]
    assert lines[2:5] == [
        "二、主要工作及成效",
        "（一）招聘引进",
        "1、公开招聘。本季度我市计划招聘19个工作岗位，报名206人；131人参加考试，经过各轮筛选，最后录用48人（本科15人，专科33人），录用率23.3%。",
    ]
    # The city bureau has no admin staff (0) and a blank female count: neither is mentioned.
    assert "行政管理人员" not in text and "女性" not in text
    assert "None" not in text and text.count("博士") == 1  # only in "（博士研究生、硕士研究生未填）": 0 博士 hired is not said


def test_county_outline_has_every_heading_and_point(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530000100", "2024Q4")
    assert data is not None
    previous = demo_service.queries.previous_values("530000100", "2024Q4")
    text = draft_narrative(demo_service.template_for(data), data, previous)
    lines = text.split("\n")
    headings = [line for line in lines if re.match(r"^(?:[一二]、|（[一二三四]）)", line)]
    assert headings == ["一、基本情况", "二、主要工作及成效", "（一）招聘引进", "（二）教育培训", "（三）激励保障", "（四）基层人才"]
    points = [line.split("。")[0] for line in lines if re.match(r"^\d+、", line)]
    assert points == [
        "1、公开招聘",
        "2、人才引进",
        "1、上级培训",
        "2、县级培训",
        "3、干部培训",
        "1、职称晋升",
        "2、津贴与荣誉",
        "1、乡村医生培训",
        "2、对口支援",
    ]
    assert lines[1].startswith("截至2024年12月底，我县卫生系统共有在岗职工788人，较上季度增加8人，其中专业技术人员762人，占职工总数的96.7%")
    assert "正科级8人，副科级7人，科员及以下7人" in lines[1]
    assert "报名300人，其中本科2人，专科13人，中专285人；295人参加考试" in text
    # Staff attend provincial training; the county organises its own courses.
    assert "1、上级培训。本季度选派业务骨干参加上级培训，其中78人次参加省级培训，136人次参加州（市）级培训。" in lines
    assert "2、县级培训。本季度组织县级培训286人次。" in lines
    assert "组织乡村医生培训4期1032人次" in text
    assert "1、职称晋升。本季度新增初级职称37人，中级职称11人，高级职称2人。" in lines
    assert "黄山名医20人，每人每月300元；江淮名医1人，一次性奖励每人5万元；拔尖人才1人，每人每月500元，本季度共发放6.95万元。" in text
    # Plain figures: no thousands separators, no ".00"; no line starts with punctuation.
    assert not re.search(r"\d,\d|\.00", text)
    assert all(line and line[0] not in "：，；。" for line in lines)


def test_a_township_attends_county_courses(template: Template) -> None:
    text = draft_narrative(template, make_return(template, {"train.level.county": 12}, unit=UnitInfo("T", "城关镇卫生院", "township")))
    assert "本季度12人次参加县级培训。" in text and "组织县级培训" not in text


def test_a_blank_first_figure_keeps_the_others(template: Template) -> None:
    # 第二篇: 4801 专业技术人员 without a grand total; 173 意向协议 without 紧缺人才; 115 录用 without posts.
    text = draft_narrative(template, make_return(template, {"staff.prof": 4801, "recruit.hired": 115, "recruit.intent": 173}))
    assert "截至2024年12月底，我县卫生系统共有专业技术人员4801人。" in text
    assert "1、公开招聘。本季度我县录用115人。" in text
    assert "2、人才引进。与173名毕业生签订就业意向协议。" in text
    assert "None" not in text and "占" not in text


def test_year_on_year_sentences(template: Template) -> None:
    data = make_return(template, {"staff.total": 800, "recruit.hired": 47, "train.level.county": 300, "recruit.introduced": 12})
    last_year = {"staff.total": Decimal(788), "recruit.hired": Decimal(35), "train.level.county": Decimal(300)}
    previous = {"staff.total": Decimal(795)}
    text = draft_narrative(template, data, previous, last_year)
    assert "共有在岗职工800人，较上季度增加5人，较上年同期增加12人。" in text
    assert "录用人数较上年同期增加12人" in text
    assert "组织县级培训300人次，较上年同期持平。" in text
    assert "引进急需紧缺人才12名。" in text  # no figure last year: no comparison
    # Without the earlier periods there is no comparison at all.
    assert "较" not in draft_narrative(template, data)
    annual = draft_narrative(template, make_return(template, {"staff.total": 800}, period="2024"), previous, {"staff.total": Decimal(790)})
    assert "共有在岗职工800人，较上年增加10人。" in annual and "上季度" not in annual


def test_the_draft_fingerprint_names_each_sentences_figures(template: Template) -> None:
    from formats.narrative import draft
    from models.report import stale_draft

    data = make_return(
        template,
        {
            "staff.total": 38,
            "staff.prof": 38,
            "staff.prof.title.none": 5,
            "staff.prof.title.mid": 33,
            "staff.prof.title.senior_full": 0,
            "staff.prof.title.senior_assoc": 0,
            "staff.prof.title.junior": 0,
            "recruit.hired": 3,
        },
    )
    d = draft(template, data)
    assert d.fingerprint.values["staff.prof.title.none"] == "5"
    data.texts["text.highlights"] = d.text
    data.drafted_from["text.highlights"] = d.fingerprint.to_json()
    assert stale_draft(template, data) is None
    data.values["staff.prof.title.none"] = Decimal(6)  # 未评定职称 corrected from 5 to 6
    stale = stale_draft(template, data)
    assert stale is not None
    assert [(f.code, f.then, f.now) for f in stale.figures] == [("staff.prof.title.none", "5", "6")]
    assert len(stale.sentences) == 1 and "未评定职称5人，占13.2%" in stale.sentences[0]
    # Once the clerk rewrites that sentence, the text is hers: no longer stale.
    data.texts["text.highlights"] = d.text.replace(stale.sentences[0], "在专业技术人员中，未评定职称6人。")
    assert stale_draft(template, data) is None


def test_blank_indicators_are_left_out_never_zero_or_none(template: Template) -> None:
    assert draft_narrative(template, make_return(template, {"staff.total": 50})) == "一、基本情况\n截至2024年12月底，我县卫生系统共有在岗职工50人。"
    # A ratio whose denominator is blank is left out, and so is everything that needs it.
    text = draft_narrative(template, make_return(template, {"staff.prof": 40, "recruit.hired": 3}))
    assert "占" not in text and "录用率" not in text
    assert "None" not in text and not re.search(r"(?<!\d)0人", text)
    assert draft_narrative(template, make_return(template, {})) == ""


def test_a_partly_blank_breakdown_lists_only_the_filled_parts(template: Template) -> None:
    text = draft_narrative(template, make_return(template, {"staff.total": 10, "staff.prof": 8, "staff.prof.edu.bachelor": 3}))
    assert "按学历分，大学本科3人，占37.5%（博士研究生、硕士研究生、大学专科、中专及以下未填）" in text
    assert "职称" not in text  # nothing of that breakdown is known: nothing said


def test_senior_titles_need_both_halves(template: Template) -> None:
    text = draft_narrative(template, make_return(template, {"staff.prof": 8, "staff.prof.title.senior_full": 1, "staff.prof.title.mid": 2}))
    # 副高 is blank: 高级 cannot be said, only that it is not filled in.
    assert body(text) == [
        "截至2024年12月底，我县卫生系统共有专业技术人员8人。在专业技术人员中，按职称分，中级职称2人，占25.0%（高级职称、初级职称、未评定职称未填）。"
    ]
    assert "在专业技术人员中" not in draft_narrative(template, make_return(template, {"staff.prof": 8}))


@pytest.mark.parametrize(
    ("unit", "start"),
    [
        (UnitInfo("T", "城关镇卫生院", "township"), "截至2024年12月底，我院共有在岗职工20人"),
        (UnitInfo("H", "某县人民医院", "hospital"), "截至2024年12月底，我院共有在岗职工20人"),
        (UnitInfo("C", "某市卫生健康局", "county"), "截至2024年12月底，我市卫生系统共有在岗职工20人"),
        (UnitInfo("O", "某县疾病预防控制中心", "other"), "截至2024年12月底，我单位共有在岗职工20人"),
    ],
)
def test_the_unit_speaks_of_itself_by_its_level(template: Template, unit: UnitInfo, start: str) -> None:
    assert body(draft_narrative(template, make_return(template, {"staff.total": 20}, unit=unit)))[0].startswith(start)


def test_annual_period_words(template: Template) -> None:
    text = draft_narrative(template, make_return(template, {"staff.total": 20, "recruit.posts": 3, "recruit.applicants": 9}, period="2024"))
    assert body(text)[0] == "截至2024年底，我县卫生系统共有在岗职工20人。"
    assert "1、公开招聘。全年我县计划招聘3个工作岗位，报名9人。" in text


def test_allowances_without_amounts_have_no_total(template: Template) -> None:
    data = make_return(template, {}, allowances=[Allowance("拔尖人才", 2, Decimal("500.00"), None, None)])
    assert body(draft_narrative(template, data)) == ["1、津贴与荣誉。落实人才津贴与荣誉待遇：拔尖人才2人，每人每月500元。"]


def test_a_consolidated_outline_says_how_many_units_reported_a_figure(demo_service: ReturnService) -> None:
    from formats.narrative import document_outline
    from models.consolidate import consolidate
    from models.report import gather_report

    consolidate(demo_service, "530000100", "2024Q4")
    view = gather_report(demo_service, "530000100", "2024Q4", "consolidated")
    text = document_outline(view).text()
    # The county office gave no female count: 3 of the 4 units that reported did.
    # …and its share is of those units' staff only: 52 of 32 + 35 + 38, and says so.
    assert "女性52人，占49.5%（3/4个单位填报，占比按3个单位计算）" in text
    assert "占5.8%" not in text  # 52 of all 893, the 788 who gave no count among them
    assert "共有在岗职工893人" in text and "共有在岗职工893人（" not in text  # every unit gave its total


def test_a_known_senior_total_is_said_without_its_split() -> None:
    """Template v2 holds 高级职称 itself: 95 known without 正高/副高 is said as 95."""
    from models.template import default_registry

    v2 = default_registry().for_period("2025Q1")
    data = make_return(v2, {"staff.prof": 1733, "staff.prof.title.senior": 95, "staff.prof.title.mid": 696, "staff.prof.title.junior": 942})
    text = draft_narrative(v2, data)
    assert "按职称分，高级职称95人，占5.5%，中级职称696人，占40.2%，初级职称942人，占54.4%（未评定职称未填）" in text
