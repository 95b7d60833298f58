"""Template version 2 beside version 1: what it adds, what it keeps, and which one a period uses."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from models.paths import TEMPLATE_DIR
from models.template import TemplateError, TemplateRegistry, default_registry, parse_template
from models.values import ValueProblem, parse_value
from tests.factories import make_return

V1 = default_registry().get("hrh-quarterly", 1)
V2 = default_registry().get("hrh-quarterly", 2)


def raw_v2() -> dict:
    with (TEMPLATE_DIR / "hrh-quarterly-v2.toml").open("rb") as f:
        return tomllib.load(f)


def test_both_versions_are_shipped_and_parse() -> None:
    assert V1 is not None and V2 is not None
    assert (V1.version, V1.applies_from) == (1, "")
    assert (V2.version, V2.applies_from) == (2, "2025Q1")
    assert len(V1.indicators) == 70
    assert len(V2.indicators) == 109
    assert [s.key for s in V2.sections] == ["staff", "recruit", "train", "incent", "research", "talent", "grassroots", "text"]
    # Each new section has its own remarks box, so the form gives it one.
    assert {key: V2.section(key).note_code for key in ("research", "talent", "grassroots")} == {
        "research": "text.note.research",
        "talent": "text.note.talent",
        "grassroots": "text.note.grassroots",
    }


# The deliberate changes of version 2 to indicators version 1 already had: the 正高/副高
# and 博士/硕士 rows became parts of the new intermediate totals (one level deeper).
LEVEL_CHANGES = {
    "staff.prof.title.senior_full": (2, 3),
    "staff.prof.title.senior_assoc": (2, 3),
    "staff.prof.edu.phd": (2, 3),
    "staff.prof.edu.master": (2, 3),
    "recruit.applicants.edu.phd": (1, 2),
    "recruit.applicants.edu.master": (1, 2),
    "recruit.hired.edu.phd": (1, 2),
    "recruit.hired.edu.master": (1, 2),
}


def test_every_v1_code_is_in_v2_with_the_same_meaning() -> None:
    assert V1 is not None and V2 is not None
    for old in V1.indicators:
        assert V2.has_indicator(old.code), old.code
        new = V2.indicator(old.code)
        assert (new.label, new.unit, new.kind, new.type, new.decimals, new.section, new.aggregation) == (
            old.label,
            old.unit,
            old.kind,
            old.type,
            old.decimals,
            old.section,
            old.aggregation,
        ), old.code
        assert (old.level, new.level) == LEVEL_CHANGES.get(old.code, (old.level, old.level)), old.code
    assert set(V1.text_codes()) <= set(V2.text_codes())
    assert {b.id for b in V1.breakdowns} <= {b.id for b in V2.breakdowns}
    assert {r.code for r in V1.ratios} == {r.code for r in V2.ratios}


def test_intermediate_totals_nest_in_the_breakdowns() -> None:
    assert V2 is not None
    rules = {b.id: (b.total, b.parts) for b in V2.breakdowns}
    assert rules["sum.staff.prof.title"] == (
        "staff.prof",
        ("staff.prof.title.senior", "staff.prof.title.mid", "staff.prof.title.junior", "staff.prof.title.none"),
    )
    assert rules["sum.staff.prof.title.senior"] == ("staff.prof.title.senior", ("staff.prof.title.senior_full", "staff.prof.title.senior_assoc"))
    assert rules["sum.staff.prof.edu"] == (
        "staff.prof",
        ("staff.prof.edu.postgrad", "staff.prof.edu.bachelor", "staff.prof.edu.college", "staff.prof.edu.secondary"),
    )
    assert rules["sum.staff.prof.edu.postgrad"] == ("staff.prof.edu.postgrad", ("staff.prof.edu.phd", "staff.prof.edu.master"))
    for who in ("applicants", "hired"):
        assert rules[f"sum.recruit.{who}.edu"][1][0] == f"recruit.{who}.edu.postgrad"
        assert rules[f"sum.recruit.{who}.edu.postgrad"] == (f"recruit.{who}.edu.postgrad", (f"recruit.{who}.edu.phd", f"recruit.{who}.edu.master"))
    ratios = {r.code: r.numerator for r in V2.ratios}
    assert ratios["ratio.senior_share"] == ("staff.prof.title.senior",)
    assert ratios["ratio.bachelor_up_share"] == ("staff.prof.edu.postgrad", "staff.prof.edu.bachelor")
    assert V2.full_label("staff.prof.title.senior_full") == "高级职称·正高级职称"


@pytest.mark.parametrize(
    ("code", "unit", "kind"),
    [
        ("staff.nonprof.edu.bachelor_up", "人", "stock"),
        ("research.key_subject.province", "个", "stock"),
        ("research.key_specialty.city", "个", "stock"),
        ("research.award.province", "项", "flow"),
        ("research.new_tech", "项", "flow"),
        ("talent.expert.city", "人", "stock"),
        ("talent.trainee", "人", "flow"),
        ("talent.heritage_bearer", "人", "stock"),
        ("grassroots.pairs", "对", "stock"),
        ("grassroots.team.village", "个", "stock"),
        ("grassroots.oriented.in_post", "人", "flow"),
        ("grassroots.township_hired", "人", "stock"),
        ("incent.merit_pay_share", "%", "stock"),
    ],
)
def test_new_countable_facts(code: str, unit: str, kind: str) -> None:
    assert V2 is not None
    ind = V2.indicator(code)
    assert (ind.unit, ind.kind) == (unit, kind)
    assert ind.sums == (code != "incent.merit_pay_share")


def test_the_typed_percent() -> None:
    assert V2 is not None
    share = V2.indicator("incent.merit_pay_share")
    assert (share.type, share.decimals, share.aggregation, share.maximum, share.consolidated_maximum) == ("percent", 1, "none", Decimal(100), Decimal(100))
    assert share.is_percent and not share.is_int and not share.sums
    # The one parser: 0–100, at most the template's decimals, the sign may be typed.
    assert parse_value(share, "60") == Decimal("60.0")
    assert parse_value(share, "60%") == Decimal("60.0")
    assert parse_value(share, "62.5％") == Decimal("62.5")
    assert parse_value(share, 100) == Decimal("100.0")
    assert parse_value(share, "/") is None
    for bad, message in [("100.1", "超过上限，最大 100.0"), ("60.25", "最多保留 1 位小数"), ("-5", "不能为负数"), ("六十", "不是数字"), ("60%%", "不是数字")]:
        with pytest.raises(ValueProblem, match=message):
            parse_value(share, bad)
    # The same limit in a consolidated return: a percent is never added up, so never bigger.
    with pytest.raises(ValueProblem, match="超过上限"):
        parse_value(share, "150", scope="consolidated")
    # A count never takes a percent sign.
    with pytest.raises(ValueProblem, match="不是数字"):
        parse_value(V2.indicator("staff.total"), "60%")


def test_a_lone_percent_sign_is_not_a_figure() -> None:
    assert V2 is not None
    with pytest.raises(ValueProblem, match="不是数字"):
        parse_value(V2.indicator("incent.merit_pay_share"), "%")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda ind: ind.update(aggregation="sum"), "百分比不能相加"),
        (lambda ind: ind.update(unit="人"), "计量单位应为 “%”"),
        (lambda ind: ind.update(decimals=3), "最多保留 2 位小数"),
        (lambda ind: ind.update(max="120"), "上限不能超过 100"),
        (lambda ind: ind.update(aggregation="mean"), "aggregation 必须是 sum 或 none"),
        (lambda ind: ind.update(type="ratio"), "type 必须是 int、decimal 或 percent"),
    ],
)
def test_rejects_broken_percent(mutate, message: str) -> None:
    data = raw_v2()
    incent = next(s for s in data["sections"] if s["key"] == "incent")
    mutate(next(i for i in incent["indicators"] if i["code"] == "incent.merit_pay_share"))
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "bad.toml")


@pytest.mark.parametrize("bad", ["2025", "2025Q5", "Q1 2025", "soon"])
def test_rejects_applies_from_that_is_not_a_quarter(bad: str) -> None:
    data = raw_v2()
    data["applies_from"] = bad
    with pytest.raises(TemplateError, match="applies_from"):
        parse_template(data, "bad.toml")


def test_the_period_picks_the_version() -> None:
    registry = default_registry()
    assert [t.version for t in registry.versions()] == [1, 2]
    assert registry.latest().version == 2
    for period, version in [("2000Q1", 1), ("2024Q1", 1), ("2024Q4", 1), ("2024", 1), ("2025Q1", 2), ("2025Q3", 2), ("2025", 2), ("2099Q4", 2)]:
        assert registry.for_period(period).version == version, period
    assert registry.with_indicator("staff.prof.title.senior") is V2
    assert registry.with_indicator("staff.total") is V2
    assert registry.with_indicator("nonexistent") is None


def test_a_third_version_from_mid_year() -> None:
    """Which version applies is data: a v3 from 2026Q3 takes over from that quarter on; the
    year 2026 is the version in force at its end."""
    data = raw_v2()
    data.update(version=3, applies_from="2026Q3")
    v3 = parse_template(data, "v3.toml")
    assert V1 is not None and V2 is not None
    registry = TemplateRegistry([v3, V1, V2])
    assert [registry.for_period(p).version for p in ("2024Q4", "2026Q2", "2026Q3", "2026", "2027Q1")] == [1, 2, 3, 3, 3]
    # A version whose applies_from lies after every period asked still answers something known.
    early = TemplateRegistry([v3])
    assert early.for_period("2024Q1") is v3
    with pytest.raises(KeyError):
        TemplateRegistry([]).for_period("2024Q1")


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"staff.admin": 22, "staff.worker": 4, "staff.nonprof.edu.bachelor_up": 11, "staff.nonprof.edu.college": 5, "staff.nonprof.edu.secondary": 10}, None),
        # Parts known so far, within the total: fine.
        ({"staff.admin": 22, "staff.worker": 4, "staff.nonprof.edu.bachelor_up": 11}, None),
        (
            {"staff.admin": 22, "staff.worker": 4, "staff.nonprof.edu.bachelor_up": 20, "staff.nonprof.edu.college": 9},
            "行政及工勤人员按学历合计 29 大于行政管理人员与工勤技能人员合计 26",
        ),
        # Without both of the greater side there is nothing to compare with.
        ({"staff.admin": 22, "staff.nonprof.edu.bachelor_up": 40}, None),
    ],
)
def test_admin_and_worker_education_within_admin_plus_workers(figures: dict[str, int], message: str | None) -> None:
    from models.checks import check_return
    from models.data import UnitInfo

    assert V2 is not None
    data = make_return(V2, figures, unit=UnitInfo("U", "单位"), period="2025Q1")
    found = [f for f in check_return(V2, data) if f.rule_id == "order.staff.nonprof.edu"]
    assert [f.message for f in found] == ([message] if message else [])
    if message:
        assert found[0].is_error and found[0].codes[0] == "staff.nonprof.edu.bachelor_up"
