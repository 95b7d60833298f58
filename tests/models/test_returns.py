"""The return service: submit, the check against last quarter, units, import rules, 代报.
Save/load and audit are tested in test_store.py, the queries in test_queries.py."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from models.data import ReturnData, UnitInfo
from models.returns import ReturnConflict, ReturnLocked, ReturnService, ServiceError
from tests.factories import make_return

UNIT = UnitInfo("T01", "城关镇卫生院", "township", None)


def new(service: ReturnService, period: str = "2024Q4", **values: int | str) -> ReturnData:
    service.units.save(UNIT)
    data = service.store.new_return(UNIT.code, period)
    data.values = {k.replace("__", "."): Decimal(v) for k, v in values.items()}
    return data


def test_submit_needs_no_errors_and_explained_warnings(service: ReturnService) -> None:
    data = new(service, recruit__posts=1, recruit__hired=2, staff__total=30, staff__age__le35=40)
    service.store.save(data)
    blockers = service.workflow.submit("T01", "2024Q4")
    assert sorted(f.rule_id for f in blockers) == ["sum.staff.age", "warn.recruit.hired_posts"]  # 40 of 30: an error
    data.values["staff.age.le35"] = Decimal(10)  # the other ages not known: a note, which blocks nothing
    service.store.save(data)
    assert [f.rule_id for f in service.workflow.submit("T01", "2024Q4")] == ["warn.recruit.hired_posts"]
    data.explanations["warn.recruit.hired_posts"] = "一个岗位招了两人"
    service.store.save(data)
    assert service.workflow.submit("T01", "2024Q4") == []
    loaded = service.store.load("T01", "2024Q4")
    assert loaded is not None and loaded.locked and loaded.submitted_at is not None


def test_submitted_return_cannot_be_edited_until_reopened(service: ReturnService) -> None:
    data = new(service, staff__total=30)
    service.store.save(data)
    assert service.workflow.submit("T01", "2024Q4") == []
    data = service.store.load("T01", "2024Q4")
    data.values["staff.total"] = Decimal(99)
    with pytest.raises(ReturnLocked, match="已报送"):
        service.store.save(data)
    assert service.store.load("T01", "2024Q4").values["staff.total"] == 30
    service.workflow.reopen("T01", "2024Q4")
    with pytest.raises(ReturnConflict, match="已被 tester"):  # read before the reopen
        service.store.save(data)
    data = service.store.load("T01", "2024Q4")
    data.values["staff.total"] = Decimal(99)
    service.store.save(data)
    assert service.store.load("T01", "2024Q4").values["staff.total"] == 99
    actions = [(a.action, a.field, a.new) for a in service.store.audit("T01", "2024Q4", field="status")]
    assert actions == [("submit", "status", "submitted"), ("reopen", "status", "draft")]


def test_check_compares_with_previous_quarter(service: ReturnService) -> None:
    service.store.save(new(service, "2024Q3", staff__total=100))
    data = new(service, "2024Q4", staff__total=150)
    assert [f.key for f in service.check(data)] == ["warn.stock_change:staff.total"]


def test_unit_tree_and_cycles(service: ReturnService) -> None:
    service.units.save(UnitInfo("C", "县局", "county"))
    service.units.save(UnitInfo("T1", "乡1", "township", "C"))
    service.units.save(UnitInfo("T2", "乡2", "township", "C"))
    assert [u.code for u in service.units.list()] == ["C", "T1", "T2"]
    assert [u.code for u in service.units.children("C")] == ["T1", "T2"]
    with pytest.raises(ServiceError, match="下级单位"):
        service.units.save(UnitInfo("C", "县局", "county", "T1"))
    with pytest.raises(ServiceError, match="上级单位 X 不存在"):
        service.units.save(UnitInfo("T3", "乡3", "township", "X"))


def test_import_never_replaces_without_asking(service: ReturnService) -> None:
    data = new(service, staff__total=30)
    assert service.workflow.import_return(data).action == "imported"
    assert service.store.load("T01", "2024Q4").origin == "imported"
    again = replace(data, values={"staff.total": Decimal(31)})
    assert service.workflow.import_return(again).action == "exists"
    assert service.store.load("T01", "2024Q4").values["staff.total"] == 30
    assert service.workflow.import_return(again, replace_existing=True).action == "replaced"
    assert service.store.load("T01", "2024Q4").values["staff.total"] == 31


def test_import_never_overwrites_our_submitted_return(service: ReturnService) -> None:
    data = new(service, staff__total=30)
    service.settings.set(our_unit="T01")
    service.store.save(data)
    service.workflow.submit("T01", "2024Q4")
    outcome = service.workflow.import_return(replace(data, values={}), replace_existing=True)
    assert outcome.action == "refused"
    assert service.store.load("T01", "2024Q4").values == {"staff.total": 30}


def test_import_creates_unknown_unit_under_existing_parent(service: ReturnService) -> None:
    service.units.save(UnitInfo("C", "县局", "county"))
    tpl = service.registry.for_period("2024Q4")
    data = make_return(tpl, unit=UnitInfo("NEW", "新设卫生院", "township", "C"))
    service.workflow.import_return(data)
    assert service.units.get("NEW") == UnitInfo("NEW", "新设卫生院", "township", "C")
    orphan = make_return(tpl, unit=UnitInfo("NEW2", "另一卫生院", "township", "NOPE"))
    service.workflow.import_return(orphan)
    assert service.units.get("NEW2").parent is None


def test_demo_returns_check_clean(demo_service: ReturnService) -> None:
    # No errors, every warning explained; the seeds' totals given without their split (12 / 95 高级,
    # 5 研究生) leave those parts blank: exactly those notes (部分未填), nothing invented.
    notes = {
        ("530000100", "2024Q3"): ["sum.staff.prof.title"],
        ("530000100", "2024Q4"): ["sum.staff.prof.title"],
        ("530100000", "2024Q4"): ["sum.staff.prof.title", "sum.staff.prof.edu"],
    }
    summaries = demo_service.queries.list_returns()
    assert set(notes) <= {(s.unit_code, s.period) for s in summaries}
    for summary in summaries:
        data = demo_service.store.load(summary.unit_code, summary.period)
        findings = demo_service.check(data)
        assert [f for f in findings if f.is_error] == [], summary
        assert all(data.explanations.get(f.key) for f in findings if f.is_warning), summary
        found = [f for f in findings if f.is_note]
        assert [f.rule_id for f in found] == notes.get((summary.unit_code, summary.period), []), summary
        assert all("部分未填" in f.message for f in found), summary


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (UnitInfo("T1", "城关镇\n卫生院"), "含有换行符或控制字符"),
        (UnitInfo("T1", "院" * 201), "单位名称太长（201 个字，最多 200 个字）"),
        (UnitInfo("T1", "城关镇卫生院", credit_code="12345"), "统一社会信用代码 “12345” 不合规"),
        (UnitInfo("T1", "城关镇卫生院", credit_code="91530000MA6K1234XO"), "不含 I、O、S、V、Z"),
        (UnitInfo("T\n1", "城关镇卫生院"), "单位代码 “T\\u000A1” 不合规"),
        (UnitInfo("T1", "城关镇\u202e卫生院\x07"), "含有换行符或控制字符"),
        (UnitInfo("T1", "城关镇\u202e卫生院"), "城关镇\\u202E卫生院"),
    ],
)
def test_units_typed_in_the_window_have_the_same_bounds_as_imported_ones(service: ReturnService, unit: UnitInfo, message: str) -> None:
    with pytest.raises(ServiceError, match=re.escape(message)):
        service.units.save(unit)
    assert service.units.list() == []
    service.units.save(UnitInfo("T1", "城关镇卫生院", credit_code="91530000MA6K1234XY"))
    assert service.units.get("T1") == UnitInfo("T1", "城关镇卫生院", "other", None, "91530000MA6K1234XY")


# ---- another unit's imported return: read-only here; 代报 takes it over, audited ----------
COUNTY_UNIT = UnitInfo("C01", "某县卫生健康局", "county", None)


def imported_township(service: ReturnService) -> ReturnData:
    service.units.save(COUNTY_UNIT)
    service.units.save(replace(UNIT, parent="C01"))
    service.settings.set(our_unit="C01")
    data = new(service, **{"staff.total": 30, "staff.female": 20})
    data.origin, data.source_file = "imported", "城关镇.xlsx"
    service.workflow.import_return(data)
    stored = service.store.load("T01", "2024Q4")
    assert stored is not None and stored.origin == "imported"
    return stored


def test_an_imported_return_of_another_unit_is_refused_by_save_and_submit(service: ReturnService) -> None:
    data = imported_township(service)
    assert service.workflow.foreign_import(data) is not None
    data.values["staff.total"] = Decimal(31)
    with pytest.raises(ReturnLocked, match="代报"):
        service.store.save(data)
    with pytest.raises(ReturnLocked, match="退回"):
        service.workflow.submit("T01", "2024Q4")
    stored = service.store.load("T01", "2024Q4")
    assert stored is not None and stored.values["staff.total"] == 30 and stored.status == "draft"
    # A newer file still replaces it, and 审核/退回 still work on it.
    again = replace(data, values={"staff.total": Decimal(32)})
    assert service.workflow.import_return(again, replace_existing=True).action == "replaced"
    service.workflow.review("T01", "2024Q4", accept=False, note="请核实")
    # Our own unit's file imported (from another PC of ours) stays ours to edit.
    service.settings.set(our_unit="T01")
    assert service.workflow.foreign_import(data) is None
    current = service.store.load("T01", "2024Q4")  # as stored now: the import and the review wrote newer versions
    assert current is not None
    service.store.save(replace(current, values={"staff.total": Decimal(33)}))
    assert service.queries.values_for("T01", "2024Q4") == {"staff.total": Decimal(33)}


def test_take_over_records_who_and_every_change_as_proxy(service: ReturnService) -> None:
    imported_township(service)
    service.workflow.review("T01", "2024Q4", accept=False, note="女性人数有误")
    clerk = ReturnService(service.engine, who="县统计员")
    clerk.workflow.take_over("T01", "2024Q4")
    data = clerk.store.load("T01", "2024Q4")
    assert data is not None and (data.origin, data.status, data.review_status) == ("proxy", "draft", "")
    assert clerk.workflow.foreign_import(data) is None
    data.values["staff.female"] = Decimal(18)
    assert clerk.store.save(data) == 1
    trail = [(a.who, a.action, a.field, a.old, a.new) for a in clerk.store.audit("T01", "2024Q4") if a.action == "proxy"]
    assert trail == [
        ("县统计员", "proxy", "origin", "imported", "proxy"),
        ("县统计员", "proxy", "review", "returned", ""),
        ("县统计员", "proxy", "staff.female", "20", "18"),
    ]
    # 代报 may then submit it for the unit.
    assert clerk.workflow.submit("T01", "2024Q4") == []
    assert clerk.store.load("T01", "2024Q4").status == "submitted"  # type: ignore[union-attr]
    with pytest.raises(ServiceError, match="不需要代报"):
        clerk.workflow.take_over("T01", "2024Q4")
