"""The drafted narrative: seed-style sentences from the figures; blanks left out, never 0 or None."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from formats.narrative import NARRATIVE_DIR, NarrativeError, draft_narrative, load_wording, parse_wording
from models.data import Allowance, UnitInfo
from models.returns import ReturnService
from models.template import Template
from tests.formats.returns import make_return as make


def test_city_draft_reads_like_the_seed(demo_service: ReturnService) -> None:
    data = demo_service.load("530100000", "2024Q4")
    assert data is not None
    text = draft_narrative(demo_service.template_for(data), data)
    assert text.startswith("截至2024年12月底，我市卫生系统共有在岗职工1,922人，其中专业技术人员1,733人，占90.2%，工勤技能人员189人。")
    # 第四篇: 研究生5人，占0.3%，大学本科411人，占23.7% … 高级职称95人，占5.5%
    assert "硕士研究生5人，占0.3%，大学本科411人，占23.7%，大学专科681人，占39.3%，中专及以下636人，占36.7%" in text
    assert "高级职称95人，占5.5%，中级职称696人，占40.2%，初级职称942人，占54.4%" in text
    assert "年龄状况为：35岁及以下508人，36-40岁490人，41-45岁468人，46-54岁366人，55岁及以上90人，35岁及以下占26.4%。" in text
    assert "计划招聘19个工作岗位，报名206人；131人参加考试，经过各轮筛选，最后录用48人（本科15人，专科33人），录用率23.3%。" in text
    # The city bureau has no admin staff (0) and a blank female count: neither is mentioned.
    assert "行政管理人员" not in text and "女性" not in text
    assert "None" not in text and "博士" not in text


def test_county_draft_covers_every_topic_with_thousands_separators(demo_service: ReturnService) -> None:
    data = demo_service.load("530000100", "2024Q4")
    assert data is not None
    previous = demo_service.previous_values("530000100", "2024Q4")
    text = draft_narrative(demo_service.template_for(data), data, previous)
    paragraphs = text.split("\n")
    assert len(paragraphs) == 4  # staffing, recruitment, training, incentives
    assert paragraphs[0].startswith("截至2024年12月底，我县卫生系统共有在岗职工788人，较上季度增加8人，其中专业技术人员762人，占96.7%")
    assert "正科级8人，副科级7人，科员及以下7人" in paragraphs[0]
    assert "报名300人，其中本科2人，专科13人，中专285人；295人参加考试" in paragraphs[1]
    assert "录用35人，录用率11.7%" in paragraphs[1]
    assert "引进急需紧缺人才12名" in paragraphs[1]
    assert "组织乡村医生培训4期1,032人次" in paragraphs[2]
    assert paragraphs[3].startswith("本季度新增初级职称37人，中级职称11人，高级职称2人。")
    assert "黄山名医20人，每人每月300元；江淮名医1人，一次性奖励每人50,000元；拔尖人才1人，每人每月500元，本季度共发放69,500.00元。" in paragraphs[3]


def test_without_previous_quarter_there_is_no_change_clause(demo_service: ReturnService) -> None:
    data = demo_service.load("530000100", "2024Q4")
    assert data is not None
    assert "较上季度" not in draft_narrative(demo_service.template_for(data), data)


def test_blank_indicators_are_left_out_never_zero_or_none(template: Template) -> None:
    assert draft_narrative(template, make(template, {"staff.total": 50})) == "截至2024年12月底，我县卫生系统共有在岗职工50人。"
    # A ratio whose denominator is blank is left out, and so is everything that needs it.
    text = draft_narrative(template, make(template, {"staff.prof": 40, "recruit.hired": 3}))
    assert "占" not in text and "录用率" not in text
    assert "None" not in text and "0人" not in text
    assert draft_narrative(template, make(template, {})) == ""


def test_a_partly_blank_breakdown_lists_only_the_filled_parts(template: Template) -> None:
    text = draft_narrative(template, make(template, {"staff.total": 10, "staff.prof": 8, "staff.prof.edu.bachelor": 3}))
    assert "按学历分，大学本科3人，占37.5%" in text
    assert "硕士" not in text and "中专及以下" not in text and "职称" not in text


def test_senior_titles_need_both_halves(template: Template) -> None:
    text = draft_narrative(template, make(template, {"staff.prof": 8, "staff.prof.title.senior_full": 1, "staff.prof.title.mid": 2}))
    assert "高级职称" not in text  # 副高 is blank: 高级 cannot be said
    assert text == "在专业技术人员中，按职称分，中级职称2人，占25.0%。"
    assert draft_narrative(template, make(template, {"staff.prof": 8})) == ""


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
    assert draft_narrative(template, make(template, {"staff.total": 20}, unit=unit)).startswith(start)


def test_annual_period_words(template: Template) -> None:
    text = draft_narrative(template, make(template, {"staff.total": 20, "recruit.posts": 3, "recruit.applicants": 9}, period="2024"))
    assert text.startswith("截至2024年底，我县卫生系统共有在岗职工20人。")
    assert "全年我县计划招聘3个工作岗位，报名9人。" in text


def test_shipped_wording_refers_only_to_template_codes(template: Template) -> None:
    with (NARRATIVE_DIR / "zh.toml").open("rb") as f:
        parse_wording(tomllib.load(f), "zh.toml", template)
    assert load_wording() is load_wording()


def test_a_placeholder_missing_from_needs_is_refused(template: Template) -> None:
    bad = {"subjects": [{"level": "county", "place": "我县", "subject": "我县"}], "paragraphs": [{"sentences": [{"clauses": [{"needs": [], "text": "共{staff.total}人"}]}]}]}
    with pytest.raises(NarrativeError, match="用到 staff.total，但 needs 中没有列出它"):
        parse_wording(bad, "bad.toml", template)
    unknown = {"subjects": bad["subjects"], "paragraphs": [{"sentences": [{"clauses": [{"needs": ["staff.nope"], "text": "{staff.nope}"}]}]}]}
    with pytest.raises(NarrativeError, match="未知指标 staff.nope"):
        parse_wording(unknown, "bad.toml", template)


def test_allowances_without_amounts_have_no_total(template: Template) -> None:
    data = make(template, {}, allowances=[Allowance("拔尖人才", 2, Decimal("500.00"), None, None)])
    assert draft_narrative(template, data) == "落实人才津贴与荣誉待遇：拔尖人才2人，每人每月500元。"
