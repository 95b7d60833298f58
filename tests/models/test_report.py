"""The report view: gathered once, with comparisons, coverage, 汇总 totals and marks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.consolidate import consolidate
from models.report import DraftFingerprint, gather_report
from models.returns import ReturnService, ServiceError
from tests.factories import make_return


def test_a_quarter_has_its_earlier_periods_where_they_exist(demo_service: ReturnService) -> None:
    view = gather_report(demo_service, "530000100", "2024Q4")
    assert view.previous_period == "2024Q3" and view.previous is not None and view.previous["staff.total"] == 780
    assert view.last_year is None and view.last_year_period is None  # no 2023Q4 return
    assert view.year_to_date is not None and view.year_to_date["recruit.hired"] == 35
    assert view.ratios["ratio.prof_share"].value == Decimal("96.7") and view.ratios["ratio.prof_share"].coverage_note == ""
    assert view.unit_rows is None
    assert [m.key for m in view.marks] == ["draft"] and view.mark_text == "草稿（未报送）"


def test_a_return_with_errors_is_marked(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530100000", "2024Q4")
    assert data is not None
    # The demo leaves the seed's 95 高级 unsplit: this test types its own split, then a wrong 中级.
    data.values["staff.prof.title.senior_full"] = Decimal(15)
    data.values["staff.prof.title.senior_assoc"] = Decimal(80)
    data.values["staff.prof.title.mid"] = Decimal(700)  # titles: 15 + 80 + 700 + 942 = 1,737, not 1,733
    demo_service.store.save(data)
    view = gather_report(demo_service, "530100000", "2024Q4")
    assert [f.rule_id for f in view.errors] == ["sum.staff.prof.title"] and view.marks[0].text == "未通过审核"


def test_a_consolidation_totals_units_and_says_how_many_a_ratio_covers(demo_service: ReturnService) -> None:
    consolidate(demo_service, "530000100", "2024Q4")
    view = gather_report(demo_service, "530000100", "2024Q4", "consolidated")
    assert view.unit_rows is not None
    assert view.unit_rows[0].name == "示范县卫生健康局（本级）"
    assert view.totals["staff.total"] == 788 + 32 + 35 + 38
    # The county office gave no ages: 35岁及以下占比 covers the three townships only.
    young = view.ratios["ratio.young_share"]
    assert (young.value, young.covered) == (None, 0)
    assert view.reported["staff.female"] == 3 and view.reported["staff.total"] == 4
    prof = view.ratios["ratio.prof_share"]
    assert (prof.covered, prof.of, prof.value) == (4, 4, Decimal("95.1"))
    assert view.missing_units == ["示范县人民医院", "示范县疾病预防控制中心"]
    assert "2个单位未报" in view.mark_text


def test_a_ratio_over_units_uses_only_those_that_reported_both_sides(demo_service: ReturnService) -> None:
    # A township that knows its professional staff but not its total is left out of 专技占比.
    data = demo_service.store.load("530000110", "2024Q4")
    assert data is not None
    del data.values["staff.total"]
    demo_service.store.save(data)
    consolidate(demo_service, "530000100", "2024Q4")
    view = gather_report(demo_service, "530000100", "2024Q4", "consolidated")
    prof = view.ratios["ratio.prof_share"]
    assert (prof.covered, prof.of) == (3, 4) and prof.coverage_note == "3/4 个单位填报"
    assert prof.value == (Decimal((762 + 29 + 32) * 100) / (788 + 35 + 38)).quantize(Decimal("0.1"))


def test_the_year_names_its_missing_quarters(demo_service: ReturnService) -> None:
    view = gather_report(demo_service, "530000100", "2024")
    assert view.is_annual and view.previous is None
    assert "缺第1季度、第2季度" in view.mark_text


def test_no_return_is_a_clear_message(demo_service: ReturnService) -> None:
    with pytest.raises(ServiceError, match="没有 2023年第四季度 的报表"):
        gather_report(demo_service, "530000100", "2023Q4")


def test_the_fingerprint_is_stored_with_the_text(demo_service: ReturnService) -> None:
    data = demo_service.store.load("530000100", "2024Q4")
    assert data is not None
    fp = DraftFingerprint({"staff.total": "788"}, (("共有在岗职工788人。", ("staff.total",)),))
    data.texts["text.highlights"] = "共有在岗职工788人。"
    data.drafted_from["text.highlights"] = fp.to_json()
    demo_service.store.save(data)
    data.values["staff.total"] = Decimal(790)
    demo_service.store.save(data)
    view = gather_report(demo_service, "530000100", "2024Q4")
    assert view.stale is not None and view.stale.sentences == ("共有在岗职工788人。",)
    assert "文字与数字不符" in view.mark_text
    assert DraftFingerprint.from_json("not json") is None


def test_a_consolidated_figure_says_how_many_units_reported_it(demo_service: ReturnService) -> None:
    # The county office (788 staff) left 女性 blank; the three townships gave it.
    consolidate(demo_service, "530000100", "2024Q4")
    view = gather_report(demo_service, "530000100", "2024Q4", "consolidated")
    assert view.data.values["staff.female"] == 52
    assert view.coverage_text("staff.female") == "3/4 个单位填报"
    assert view.coverage_text("staff.total") == ""  # every unit gave it
    assert "staff.age.le35" not in view.data.values and view.coverage_text("staff.age.le35") == ""  # nobody: blank, not 0
    share = view.share(("staff.female",), ("staff.total",))
    assert (share.value, share.covered, share.of, share.basis) == (Decimal("49.5"), 3, 4, "按3个单位计算")  # 52 of 32 + 35 + 38, not of 893


def test_a_year_and_its_year_to_date_carry_the_quarters_they_cover(demo_service: ReturnService) -> None:

    # The county has Q3 (staffing only) and Q4; recruitment was reported in Q4 alone.
    view = gather_report(demo_service, "530000100", "2024")
    assert view.coverage_text("recruit.hired") == "第4季度" and view.coverage_text("staff.total") == ""
    q4 = gather_report(demo_service, "530000100", "2024Q4")
    assert q4.year_to_date is not None and q4.coverage_text("recruit.hired", ytd=True) == "第4季度"
    # Q1–Q3 with hires, no Q4 return: the year's flows say 第1–3季度, its stocks the 3rd quarter's end.
    unit = demo_service.units.get("530000101")
    assert unit is not None
    tpl = demo_service.registry.for_period("2024Q4")
    for q in (1, 2, 3):
        demo_service.store.save(make_return(tpl, {"recruit.hired": Decimal(q), "staff.total": Decimal(100 + q)}, unit=unit, period=f"2025Q{q}"))
    year = gather_report(demo_service, "530000101", "2025")
    assert year.data.values["recruit.hired"] == 6 and year.coverage_text("recruit.hired") == "第1–3季度"
    assert year.data.values["staff.total"] == 103 and year.coverage_text("staff.total") == "第3季度末数"
    assert "缺第4季度" in year.mark_text  # the page mark stays the one place that names the missing quarter
    q3 = gather_report(demo_service, "530000101", "2025Q3")
    assert q3.year_to_date == {"recruit.hired": Decimal(6)} and q3.coverage_text("recruit.hired", ytd=True) == ""
    demo_service.workflow.delete("530000101", "2025Q2")
    gap = gather_report(demo_service, "530000101", "2025Q3")
    assert gap.year_to_date == {"recruit.hired": Decimal(4)} and gap.coverage_text("recruit.hired", ytd=True) == "第1、3季度"
