"""Each rule kind of the template, the seed examples, blank versus zero, ratios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.checks import blocking, check_return, compute_ratios
from models.data import Allowance, UnitInfo
from models.demo import load_demo
from models.template import Template
from tests.factories import make_return

COUNTY_2024Q4 = load_demo().get("530000100", "2024Q4").values
CITY = load_demo().get("530100000", "2024Q4")
CITY_2024Q4, CITY_EXPLANATIONS = CITY.values, CITY.explanations


def rule_ids(findings) -> list[str]:
    return sorted(f.rule_id for f in findings)


def test_county_seed_checks_clean(template: Template) -> None:
    # The seed gives 12 高级 without 正高/副高: the split is blank, a note only (no error, no warning).
    findings = check_return(template, make_return(template, COUNTY_2024Q4))
    assert [(f.rule_id, f.severity) for f in findings] == [("sum.staff.prof.title", "note")]
    assert findings[0].message == "专业技术人员按职称部分未填：正高级职称、副高级职称 未填（已填分项合计 750，专业技术人员 762）"
    assert blocking(findings, {}) == []


def test_city_seed_has_only_the_explained_hired_over_posts_warning(template: Template) -> None:
    findings = check_return(template, make_return(template, CITY_2024Q4))
    # 95 高级 and 5 研究生 without their splits: two notes, after the one warning.
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("warn.recruit.hired_posts", "warning"),
        ("sum.staff.prof.title", "note"),
        ("sum.staff.prof.edu", "note"),
    ]
    assert findings[0].message == "录用人数 48 大于计划招聘岗位数 19"
    assert findings[1].message == "专业技术人员按职称部分未填：正高级职称、副高级职称 未填（已填分项合计 1,638，专业技术人员 1,733）"
    assert findings[2].message == "专业技术人员按学历部分未填：博士研究生、硕士研究生 未填（已填分项合计 1,728，专业技术人员 1,733）"
    assert blocking(findings, {}) == findings[:1]
    assert blocking(findings, CITY_EXPLANATIONS) == []


def test_city_seed_ratios_match_the_seed_text(template: Template) -> None:
    ratios = compute_ratios(template, make_return(template, CITY_2024Q4).values)
    assert ratios["ratio.prof_share"] == Decimal("90.2")
    assert ratios["ratio.senior_share"] is None  # 95 高级 is not in the v1 figures: blank, not 0 and not 5.5
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
    findings = check_return(template, make_return(template, values))
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule_id, f.severity) == ("sum.recruit.applicants.edu", "error")
    assert "1,426" in f.message and "1,320" in f.message
    assert f.message == "报名人数按学历合计 1,426 与报名人数 1,320 不符（相差 106）"
    assert f.codes[0] == "recruit.applicants"


def test_breakdown_message_shows_the_numbers(template: Template) -> None:
    values = dict(CITY_2024Q4)
    values["staff.prof.title.senior_full"] = Decimal(15)  # this test's own split of the seed's 95 高级
    values["staff.prof.title.senior_assoc"] = Decimal(80)
    values["staff.prof.title.junior"] = Decimal(909)  # titles now add up to 1,700
    [f] = [f for f in check_return(template, make_return(template, values)) if f.rule_id == "sum.staff.prof.title"]
    assert f.is_error
    assert f.message == "专业技术人员按职称合计 1,700 与专业技术人员 1,733 不符（相差 33）"


def test_partly_filled_breakdown_is_a_note_never_an_error(template: Template) -> None:
    values = {"staff.total": 30, "staff.age.le35": 10, "staff.age.36_40": 20}
    [f] = check_return(template, make_return(template, values))
    assert (f.rule_id, f.severity) == ("sum.staff.age", "note")
    assert f.is_note and not f.is_error and not f.is_warning
    assert f.message == "在岗职工按年龄部分未填：41–45岁、46–54岁、55岁及以上 未填（已填分项合计 30，在岗职工总数 30）"
    assert f.codes[0] == "staff.age.41_45"  # jumps to the first blank part
    assert blocking([f], {}) == []  # needs no explanation


def test_filled_parts_exceeding_the_total_are_an_error(template: Template) -> None:
    # 000_…txt 第二篇: 1,320 applicants, of whom 1 博士 + 106 硕士 + 1,304 本科 already
    # come to 1,411 with 专科 and 中专 not yet typed.
    values = {"recruit.applicants": 1320, "recruit.applicants.edu.phd": 1, "recruit.applicants.edu.master": 106, "recruit.applicants.edu.bachelor": 1304}
    [f] = check_return(template, make_return(template, values))
    assert (f.rule_id, f.severity) == ("sum.recruit.applicants.edu", "error")
    assert f.message == "报名人数按学历已填分项合计 1,411 超过报名人数 1,320（相差 91；大学专科、中专及以下 未填）"
    assert blocking([f], {"sum.recruit.applicants.edu": "属实"}) == [f]


def test_parts_equal_to_the_total_with_some_blank_is_still_a_note(template: Template) -> None:
    # The blank parts can only be 0 here, but blank is not 0: the clerk did not say so.
    values = {"staff.admin": 22, "staff.admin.rank.zhengke": 8, "staff.admin.rank.fuke": 14}
    findings = check_return(template, make_return(template, values))
    assert [(f.rule_id, f.severity) for f in findings] == [("sum.staff.categories", "note"), ("sum.staff.admin.rank", "note")]
    assert "科员及以下 未填" in findings[1].message


def test_breakdown_without_total_is_a_note(template: Template) -> None:
    # A clerk who knows the ranks but left 行政管理人员 blank: told, not stopped.
    values = {"staff.admin.rank.zhengke": 1, "staff.admin.rank.fuke": 1, "staff.admin.rank.keyuan": 1}
    [f] = check_return(template, make_return(template, values))
    assert (f.rule_id, f.severity) == ("sum.staff.admin.rank", "note")
    assert f.message == "行政管理人员按职级已填写（合计 3），行政管理人员未填"
    assert f.codes[0] == "staff.admin"
    [g] = check_return(template, make_return(template, {"staff.admin.rank.zhengke": 1}))
    assert g.is_note and g.message == "行政管理人员按职级已填部分分项（合计 1；副科级（含副主任科员）、科员及以下 未填），行政管理人员未填"


def test_county_seed_without_the_invented_senior_split_checks_with_a_note_only(template: Template) -> None:
    # 000_…txt 第一篇 gives 12 高级 without 正高/副高: v1 has no row for the 12, so the split stays blank.
    values = {k: v for k, v in COUNTY_2024Q4.items() if k not in ("staff.prof.title.senior_full", "staff.prof.title.senior_assoc")}
    findings = check_return(template, make_return(template, values))
    assert [(f.rule_id, f.severity) for f in findings] == [("sum.staff.prof.title", "note")]
    assert "正高级职称、副高级职称 未填（已填分项合计 750，专业技术人员 762）" in findings[0].message
    assert blocking(findings, {}) == []


def test_total_without_breakdown_is_fine(template: Template) -> None:
    assert check_return(template, make_return(template, {"staff.total": 60, "recruit.applicants": 300})) == []


def test_blank_is_not_zero(template: Template) -> None:
    # All parts zero with total 5: a real mismatch; all parts blank: not reported, no finding.
    zeros = {f"staff.age.{k}": 0 for k in ["le35", "36_40", "41_45", "46_54", "ge55"]}
    assert rule_ids(check_return(template, make_return(template, {"staff.total": 5, **zeros}))) == ["sum.staff.age"]
    assert check_return(template, make_return(template, {"staff.total": 5})) == []


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
    findings = check_return(template, make_return(template, values))
    assert rule_ids(findings) == [rule]
    assert findings[0].is_error


def test_order_rule_skips_blank_side(template: Template) -> None:
    assert check_return(template, make_return(template, {"staff.female": 11})) == []


def test_hired_over_posts_is_a_warning(template: Template) -> None:
    [f] = check_return(template, make_return(template, {"recruit.posts": 1, "recruit.hired": 2}))
    assert (f.rule_id, f.severity) == ("warn.recruit.hired_posts", "warning")


def test_village_persons_without_sessions_is_a_warning(template: Template) -> None:
    [f] = check_return(template, make_return(template, {"train.village.persons": 40}))
    assert (f.rule_id, f.severity, f.codes[0]) == ("warn.train.village_sessions", "warning", "train.village.sessions")
    [f] = check_return(template, make_return(template, {"train.village.persons": 40, "train.village.sessions": 0}))
    assert f.rule_id == "warn.train.village_sessions"
    assert check_return(template, make_return(template, {"train.village.persons": 40, "train.village.sessions": 2})) == []


def test_stock_moving_more_than_20_percent_is_a_warning(template: Template) -> None:
    prev = {"staff.total": Decimal(100), "incent.leaders": Decimal(3), "recruit.posts": Decimal(100)}
    findings = check_return(template, make_return(template, {"staff.total": 121, "incent.leaders": 9, "recruit.posts": 10}), previous=prev)
    assert [(f.key, f.severity) for f in findings] == [("warn.stock_change:staff.total", "warning")]
    assert findings[0].message == "在岗职工总数由上期 100 变为本期 121，变动 +21.0%，超过 20%"
    assert check_return(template, make_return(template, {"staff.total": 120}), previous=prev) == []


def test_allowance_amount_check(template: Template) -> None:
    rows = [
        Allowance("黄山名医", 20, Decimal("300"), Decimal("0"), Decimal("18000.00")),
        Allowance("江淮名医", 1, None, Decimal("50000"), Decimal("50000")),
        Allowance("拔尖人才", 1, Decimal("500"), None, Decimal("500")),
    ]
    findings = check_return(template, make_return(template, {}, allowances=rows))
    assert [f.key for f in findings] == ["warn.allowance.amount:3"]
    assert "1,500.00" in findings[0].message and "500.00" in findings[0].message
    # an annual return counts 12 months
    annual = check_return(template, make_return(template, {}, period="2024", allowances=rows[:1]))
    assert "72,000.00" in annual[0].message


def test_decimal_funding_is_exact(template: Template) -> None:
    data = make_return(template, {"incent.funding": "12.35"})
    assert data.values["incent.funding"] == Decimal("12.35")
    assert check_return(template, data) == []


def test_annual_allowance_check_counts_only_the_quarters_present(template: Template) -> None:
    row = [Allowance("黄山名医", 20, Decimal("300"), Decimal("0"), Decimal("36000.00"))]  # two quarters' pay
    data = make_return(template, {}, period="2024", allowances=row, missing_quarters=["2024Q1", "2024Q2"])
    assert check_return(template, data) == []


# ---- nested breakdowns: an intermediate total (高级职称 = 正高 + 副高) -------------------


@pytest.fixture
def nested() -> Template:
    """Version 1 with 高级职称 as an indicator of its own: a part of 按职称 and the total of 按级别."""
    import tomllib

    from models.paths import RESOURCES
    from models.template import parse_template

    data = tomllib.loads((RESOURCES / "templates" / "hrh-quarterly-v1.toml").read_text(encoding="utf-8"))
    data["version"] = 99
    staff = next(s for s in data["sections"] if s["key"] == "staff")["indicators"]
    at = next(i for i, ind in enumerate(staff) if ind["code"] == "staff.prof.title.senior_full")
    staff.insert(
        at, {"code": "staff.prof.title.senior", "label": "高级职称", "label_en": "Senior title", "unit": "人", "kind": "stock", "type": "int", "level": 2}
    )
    for b in data["breakdowns"]:
        if b["id"] == "sum.staff.prof.title":
            b["parts"] = ["staff.prof.title.senior", "staff.prof.title.mid", "staff.prof.title.junior", "staff.prof.title.none"]
    data["breakdowns"].append(
        {
            "id": "sum.staff.prof.title.senior",
            "label": "高级职称按级别",
            "total": "staff.prof.title.senior",
            "parts": ["staff.prof.title.senior_full", "staff.prof.title.senior_assoc"],
        }
    )
    return parse_template(data, "nested")


def _city(**change: int | None) -> dict[str, int]:
    """000_…txt 第四篇: 95 高级 without the split (the demo's invented 15 + 80 left out)."""
    values = {k: v for k, v in CITY_2024Q4.items() if k not in ("staff.prof.title.senior_full", "staff.prof.title.senior_assoc")}
    values["staff.prof.title.senior"] = 95
    for code, value in change.items():
        code = code.replace("__", ".")
        if value is None:
            values.pop(code, None)
        else:
            values[code] = value
    return values


def test_senior_known_without_its_split_is_a_note_only(nested: Template) -> None:
    findings = check_return(nested, make_return(nested, _city()))
    # 95 + 696 + 942 + 0 = 1,733: the titles add up; no part of the split is known: nothing to say of it.
    # (The seed's 5 研究生 without 博士/硕士 is still a note of its own.)
    assert [(f.rule_id, f.severity) for f in findings] == [("warn.recruit.hired_posts", "warning"), ("sum.staff.prof.edu", "note")]
    assert blocking(findings, CITY_EXPLANATIONS) == []
    # One part of the split known: a note.
    [f] = [f for f in check_return(nested, make_return(nested, _city(staff__prof__title__senior_full=15))) if f.rule_id.startswith("sum.staff.prof.title")]
    assert (f.rule_id, f.severity) == ("sum.staff.prof.title.senior", "note")
    assert f.message == "高级职称按级别部分未填：副高级职称 未填（已填分项合计 15，专业技术人员·高级职称 95）"


def test_a_nested_split_larger_than_its_total_is_an_error(nested: Template) -> None:
    findings = check_return(nested, make_return(nested, _city(staff__prof__title__senior_full=20, staff__prof__title__senior_assoc=80)))
    [f] = [f for f in findings if f.rule_id == "sum.staff.prof.title.senior"]
    assert f.is_error and "合计 100 与专业技术人员·高级职称 95 不符" in f.message
    [f] = [f for f in check_return(nested, make_return(nested, _city(staff__prof__title__senior_full=96))) if f.rule_id == "sum.staff.prof.title.senior"]
    assert f.is_error and "已填分项合计 96 超过" in f.message


def test_a_blank_intermediate_total_counts_with_what_is_known_of_it(nested: Template) -> None:
    # 高级职称 left blank, 正高 15 + 副高 80 typed: 按职称 adds up through them.
    complete = _city(staff__prof__title__senior=None, staff__prof__title__senior_full=15, staff__prof__title__senior_assoc=80)
    findings = check_return(nested, make_return(nested, complete))
    # Notes come after every problem.
    assert [(f.rule_id, f.severity) for f in findings] == [
        ("warn.recruit.hired_posts", "warning"),
        ("sum.staff.prof.edu", "note"),  # the seed's 研究生 split, blank
        ("sum.staff.prof.title.senior", "note"),
    ]
    assert findings[2].message == "高级职称按级别已填写（合计 95），专业技术人员·高级职称未填"
    # …and too many 正高 alone already exceed 专业技术人员 through the blank 高级职称.
    over = _city(staff__prof__title__senior=None, staff__prof__title__senior_full=200)
    [f] = [f for f in check_return(nested, make_return(nested, over)) if f.rule_id == "sum.staff.prof.title"]
    assert f.is_error and f.message.startswith("专业技术人员按职称已填分项合计 1,838 超过专业技术人员 1,733")
    assert "高级职称" in f.message  # named as not fully known


def test_submit_is_allowed_with_senior_known_and_its_split_blank(db_url: str, nested: Template) -> None:
    from models.data import Signatories
    from models.db import open_database
    from models.returns import ReturnService
    from models.template import TemplateRegistry

    engine = open_database(db_url)
    try:
        service = ReturnService(engine, registry=TemplateRegistry([nested]), who="tester")
        unit = UnitInfo("530100000", "示范市卫生健康局", "county")
        service.units.save(unit)
        data = make_return(nested, unit=unit, signatories=Signatories("李明", "王芳", "张丽", "0876-1234567", None))
        data.values = {k: Decimal(v) for k, v in _city().items()}
        data.explanations = dict(CITY_EXPLANATIONS)
        service.store.save(data)
        assert service.workflow.submit(unit.code, "2024Q4") == []
        loaded = service.store.load(unit.code, "2024Q4")
        assert loaded is not None and loaded.locked
        # Parts beyond the total stay an error that blocks 报送.
        other = UnitInfo("530000100", "示范县卫生健康局", "county")
        service.units.save(other)
        bad = make_return(nested, unit=other, signatories=data.signatories)
        bad.values = {"staff.prof.title.senior": Decimal(12), "staff.prof.title.senior_assoc": Decimal(13)}
        service.store.save(bad)
        assert [f.rule_id for f in service.workflow.submit(other.code, "2024Q4")] == ["sum.staff.prof.title.senior"]
    finally:
        engine.dispose()
