"""Each rule kind of the template, the seed examples, blank versus zero, ratios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.checks import blocking, check_return, compute_ratios
from models.data import Allowance, ReturnData, UnitInfo
from models.demo import load_demo

COUNTY_2024Q4 = load_demo().get("530000100", "2024Q4").values
CITY = load_demo().get("530100000", "2024Q4")
CITY_2024Q4, CITY_EXPLANATIONS = CITY.values, CITY.explanations
from models.template import Template


def make(template: Template, values: dict[str, int | str], period: str = "2024Q4", **kw) -> ReturnData:
    return ReturnData(
        unit=UnitInfo("U1", "测试卫生院"),
        period=period,
        template_id=template.id,
        template_version=template.version,
        values={k: Decimal(v) for k, v in values.items()},
        **kw,
    )


def rule_ids(findings) -> list[str]:
    return sorted(f.rule_id for f in findings)


def test_county_seed_checks_clean(template: Template) -> None:
    assert check_return(template, make(template, COUNTY_2024Q4)) == []


def test_city_seed_has_only_the_explained_hired_over_posts_warning(template: Template) -> None:
    findings = check_return(template, make(template, CITY_2024Q4))
    assert [(f.rule_id, f.severity) for f in findings] == [("warn.recruit.hired_posts", "warning")]
    assert findings[0].message == "录用人数 48 大于计划招聘岗位数 19"
    assert blocking(findings, {}) == findings
    assert blocking(findings, CITY_EXPLANATIONS) == []


def test_city_seed_ratios_match_the_seed_text(template: Template) -> None:
    ratios = compute_ratios(template, make(template, CITY_2024Q4).values)
    assert ratios["ratio.prof_share"] == Decimal("90.2")
    assert ratios["ratio.senior_share"] == Decimal("5.5")
    assert ratios["ratio.young_share"] == Decimal("26.4")
    assert ratios["ratio.hire_rate"] == Decimal("23.3")
    assert ratios["ratio.cme_rate"] is None  # blank, not 0


def test_seed_1320_applicants_with_1426_by_education_is_caught(template: Template) -> None:
    values = {
        "recruit.posts": 329,
        "recruit.applicants": 1320,
        "recruit.applicants.edu.phd": 1,
        "recruit.applicants.edu.master": 106,
        "recruit.applicants.edu.bachelor": 1304,
        "recruit.applicants.edu.college": 13,
        "recruit.applicants.edu.secondary": 2,
        "recruit.examinees": 1041,
    }
    findings = check_return(template, make(template, values))
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule_id, f.severity) == ("sum.recruit.applicants.edu", "error")
    assert "1,426" in f.message and "1,320" in f.message
    assert f.message == "报名人数按学历合计 1,426 与报名人数 1,320 不符（相差 106）"
    assert f.codes[0] == "recruit.applicants"


def test_breakdown_message_shows_the_numbers(template: Template) -> None:
    values = dict(CITY_2024Q4)
    values["staff.prof.title.junior"] = 909  # titles now add up to 1,700
    f = check_return(template, make(template, values))[0]
    assert f.message == "专业技术人员按职称合计 1,700 与专业技术人员 1,733 不符（相差 33）"


def test_partly_filled_breakdown_is_an_error(template: Template) -> None:
    values = {"staff.total": 30, "staff.age.le35": 10, "staff.age.36_40": 20}
    [f] = check_return(template, make(template, values))
    assert f.rule_id == "sum.staff.age" and f.is_error
    assert "41–45岁、46–54岁、55岁及以上 未填" in f.message


def test_breakdown_without_total_is_an_error(template: Template) -> None:
    values = {"staff.admin.rank.zhengke": 1, "staff.admin.rank.fuke": 1, "staff.admin.rank.keyuan": 1}
    [f] = check_return(template, make(template, values))
    assert f.rule_id == "sum.staff.admin.rank"
    assert "行政管理人员未填" in f.message


def test_total_without_breakdown_is_fine(template: Template) -> None:
    assert check_return(template, make(template, {"staff.total": 60, "recruit.applicants": 300})) == []


def test_blank_is_not_zero(template: Template) -> None:
    # All parts zero with total 5: a real mismatch; all parts blank: not reported, no finding.
    zeros = {f"staff.age.{k}": 0 for k in ["le35", "36_40", "41_45", "46_54", "ge55"]}
    assert rule_ids(check_return(template, make(template, {"staff.total": 5, **zeros}))) == ["sum.staff.age"]
    assert check_return(template, make(template, {"staff.total": 5})) == []


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        ({"staff.total": 10, "staff.female": 11}, "order.staff.female"),
        ({"recruit.applicants": 10, "recruit.examinees": 9, "recruit.hired": 10}, "order.recruit.hired_examinees"),
        ({"recruit.applicants": 10, "recruit.examinees": 11}, "order.recruit.examinees_applicants"),
        ({"recruit.introduced": 1, "recruit.introduced.high": 2}, "order.recruit.introduced_high"),
        ({"recruit.leavers": 1, "recruit.leavers.mid_up": 2}, "order.recruit.leavers_mid_up"),
        ({"train.cme.required": 5, "train.cme.completed": 6}, "order.train.cme"),
    ],
)
def test_order_rules_are_errors(template: Template, values: dict[str, int], rule: str) -> None:
    findings = check_return(template, make(template, values))
    assert rule_ids(findings) == [rule]
    assert findings[0].is_error


def test_order_rule_skips_blank_side(template: Template) -> None:
    assert check_return(template, make(template, {"staff.female": 11})) == []


def test_hired_over_posts_is_a_warning(template: Template) -> None:
    [f] = check_return(template, make(template, {"recruit.posts": 1, "recruit.hired": 2}))
    assert (f.rule_id, f.severity) == ("warn.recruit.hired_posts", "warning")


def test_village_persons_without_sessions_is_a_warning(template: Template) -> None:
    [f] = check_return(template, make(template, {"train.village.persons": 40}))
    assert (f.rule_id, f.severity, f.codes[0]) == ("warn.train.village_sessions", "warning", "train.village.sessions")
    [f] = check_return(template, make(template, {"train.village.persons": 40, "train.village.sessions": 0}))
    assert f.rule_id == "warn.train.village_sessions"
    assert check_return(template, make(template, {"train.village.persons": 40, "train.village.sessions": 2})) == []


def test_stock_moving_more_than_20_percent_is_a_warning(template: Template) -> None:
    prev = {"staff.total": Decimal(100), "incent.leaders": Decimal(3), "recruit.posts": Decimal(100)}
    findings = check_return(template, make(template, {"staff.total": 121, "incent.leaders": 9, "recruit.posts": 10}), previous=prev)
    assert [(f.key, f.severity) for f in findings] == [("warn.stock_change:staff.total", "warning")]
    assert findings[0].message == "在岗职工总数由上期 100 变为本期 121，变动 +21.0%，超过 20%"
    assert check_return(template, make(template, {"staff.total": 120}), previous=prev) == []


def test_allowance_amount_check(template: Template) -> None:
    rows = [
        Allowance("黄山名医", 20, Decimal("300"), Decimal("0"), Decimal("18000.00")),
        Allowance("江淮名医", 1, None, Decimal("50000"), Decimal("50000")),
        Allowance("拔尖人才", 1, Decimal("500"), None, Decimal("500")),
    ]
    findings = check_return(template, make(template, {}, allowances=rows))
    assert [f.key for f in findings] == ["warn.allowance.amount:3"]
    assert "1,500.00" in findings[0].message and "500.00" in findings[0].message
    # an annual return counts 12 months
    annual = check_return(template, make(template, {}, period="2024", allowances=rows[:1]))
    assert "72,000.00" in annual[0].message


def test_decimal_funding_is_exact(template: Template) -> None:
    data = make(template, {"incent.funding": "12.35"})
    assert data.values["incent.funding"] == Decimal("12.35")
    assert check_return(template, data) == []


def test_annual_allowance_check_counts_only_the_quarters_present(template: Template) -> None:
    row = [Allowance("黄山名医", 20, Decimal("300"), Decimal("0"), Decimal("36000.00"))]  # two quarters' pay
    data = make(template, {}, period="2024", allowances=row, missing_quarters=["2024Q1", "2024Q2"])
    assert check_return(template, data) == []
