"""Completeness, consolidation (汇总) and the annual view, checked against sums computed here."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from formats.json_io import dumps, read_json_file, to_json
from models.checks import compute_ratios
from models.consolidate import annual_view, breakdown_gaps, completeness, consolidate, submission_states
from models.data import Allowance, UnitInfo
from models.db import open_database
from models.returns import ReturnLocked, ReturnService
from models.schema import AuditEntry, Return
from models.template import default_registry
from tests.factories import make_return, random_values
from tests.transactions import refuse_rows_of, transactions

COUNTY = UnitInfo("C00", "测试县卫生健康局", "county")
TEMPLATE = default_registry().for_period("2024Q4")


def township(i: int) -> UnitInfo:
    return UnitInfo(f"T{i:02d}", f"第{i}乡镇卫生院", "township", COUNTY.code)


@pytest.fixture
def county(service: ReturnService) -> ReturnService:
    service.units.save(COUNTY)
    return service


def test_thirty_townships_imported_from_excel_consolidate_exactly(county: ReturnService, tmp_path: Path) -> None:
    """Townships fill their returns (here: one database standing for their 30 PCs) and send
    Excel files; the county imports them, consolidates, and every indicator is the sum."""
    from formats.reading import reader_for
    from formats.xlsx_export import export_xlsx
    from models.importing import import_files

    def import_xlsx_files(service: ReturnService, paths: list[Path]) -> list:  # type: ignore[type-arg]
        return import_files(service, paths, reader_for(service.registry, "xlsx")).files

    rng = random.Random(20241231)
    tpl = county.registry.for_period("2024Q4")
    townships = ReturnService(open_database(tmp_path / "townships.db"), who="乡镇")
    townships.units.save(COUNTY)
    own = random_values(rng, tpl)
    county.store.save(make_return(TEMPLATE, own, unit=COUNTY, period="2024Q4"))
    files = []
    for i in range(1, 31):
        unit = township(i)
        county.units.save(unit)  # the county knows its townships
        townships.units.save(unit)
        values = random_values(rng, tpl)
        townships.store.save(make_return(TEMPLATE, values, unit=unit, period="2024Q4", status="submitted"))
        path = tmp_path / f"{unit.code}.xlsx"
        export_xlsx(townships, unit.code, "2024Q4", path)
        files.append((path, values))
    townships.engine.dispose()
    reports = import_xlsx_files(county, [p for p, _ in files[:-1]])
    assert [r.action for r in reports] == ["imported"] * 29, [r.message for r in reports if not r.ok]
    expected: dict[str, Decimal] = {}
    for values in [own] + [v for _, v in files[:-1]]:
        for code, value in values.items():
            expected[code] = expected.get(code, Decimal(0)) + value

    result = consolidate(county, COUNTY.code, "2024Q4")
    assert result.values == expected
    assert result.scope == "consolidated" and result.origin == "consolidated"
    assert [m.unit_code for m in result.members if m.state == "missing"] == ["T30"]
    assert len([m for m in result.members if m.state == "included"]) == 29
    assert county.check(result) == []
    # ratios from the added parts, never an average of the units' ratios
    ratios = compute_ratios(tpl, result.values)
    assert ratios["ratio.prof_share"] == (expected["staff.prof"] * 100 / expected["staff.total"]).quantize(Decimal("0.1"))

    status = completeness(county, COUNTY.code, "2024Q4")
    assert status.expected == 30 and status.received == 29
    assert [c.unit.code for c in status.missing] == ["T30"]
    # submitted at the townships; at the county the receiver decides: 已导入 until reviewed
    assert {c.state for c in status.children if c.unit.code != "T30"} == {"imported"}

    # the late file arrives: consolidating again includes it
    assert import_xlsx_files(county, [files[-1][0]])[0].action == "imported"
    for code, value in files[-1][1].items():
        expected[code] += value
    again = consolidate(county, COUNTY.code, "2024Q4")
    assert again.values == expected
    assert all(m.state == "included" for m in again.members)


def test_thirty_townships_through_json_files(county: ReturnService, tmp_path: Path) -> None:
    """The same exchange through the JSON format."""
    rng = random.Random(5)
    tpl = county.registry.for_period("2024Q4")
    expected: dict[str, Decimal] = {}
    for i in range(1, 31):
        unit = township(i)
        county.units.save(unit)
        values = random_values(rng, tpl)
        path = tmp_path / f"{unit.code}.json"
        path.write_text(dumps(to_json(make_return(TEMPLATE, values, unit=unit, period="2024Q4"), tpl)), encoding="utf-8")
        assert county.workflow.import_return(read_json_file(path, county.registry)).action == "imported"
        for code, value in values.items():
            expected[code] = expected.get(code, Decimal(0)) + value
    assert consolidate(county, COUNTY.code, "2024Q4").values == expected


def test_allowances_listed_by_unit_and_texts_gathered(county: ReturnService) -> None:
    a, b = township(1), township(2)
    for u in (a, b):
        county.units.save(u)
    county.store.save(
        make_return(
            TEMPLATE,
            {"staff.total": Decimal(10)},
            unit=a,
            period="2024Q4",
            texts={"text.problems": "1、人才流失"},
            allowances=[Allowance("黄山名医", 2, Decimal("300"), Decimal("0"), Decimal("1800"))],
        )
    )
    county.store.save(
        make_return(
            TEMPLATE,
            {"staff.total": Decimal(5)},
            unit=b,
            period="2024Q4",
            texts={"text.problems": "1、培训不足"},
            allowances=[Allowance("拔尖人才", 1, Decimal("500"), Decimal("0"), Decimal("1500"))],
        )
    )
    result = consolidate(county, COUNTY.code, "2024Q4")
    assert [(x.unit_name, x.name, x.amount) for x in result.allowances] == [
        ("第1乡镇卫生院", "黄山名医", Decimal("1800.00")),
        ("第2乡镇卫生院", "拔尖人才", Decimal("1500.00")),
    ]
    assert result.texts["text.problems"] == "【第1乡镇卫生院】\n1、人才流失\n\n【第2乡镇卫生院】\n1、培训不足"


def test_completeness_states_and_deadline(county: ReturnService) -> None:
    units = [township(i) for i in range(1, 7)]
    for u in units:
        county.units.save(u)
    tpl = county.registry.for_period("2024Q4")
    county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[0], period="2024Q4"))  # 草稿 (entered by the county, 代报)
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[1], period="2024Q4"))  # 已导入
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9), "staff.female": Decimal(10)}, unit=units[2], period="2024Q4"))  # 有错误
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[3], period="2024Q4"))
    county.workflow.review(units[3].code, "2024Q4", accept=True)  # 已审核
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[4], period="2024Q4"))
    county.workflow.review(units[4].code, "2024Q4", accept=False, note="年龄分项未填，请补齐")  # 退回
    # units[5] sends nothing: 未报
    del tpl
    report = completeness(county, COUNTY.code, "2024Q4")
    states = {c.unit.code: (c.state, c.state.label) for c in report.children}
    assert states == {
        "T01": ("draft", "草稿"),
        "T02": ("imported", "已导入"),
        "T03": ("errors", "有错误"),
        "T04": ("accepted", "已审核"),
        "T05": ("returned", "已退回"),
        "T06": ("missing", "未报"),
    }
    assert report.due == dt.date(2025, 1, 31)
    sent_back = next(c for c in report.children if c.state == "returned")
    assert sent_back.note == "年龄分项未填，请补齐"
    trail = [(a.action, a.new) for a in county.store.audit("T05", "2024Q4", field="review")]
    assert trail == [("send_back", "returned：年龄分项未填，请补齐")]
    # T02..T04 were imported today, long after the 2025-01-31 deadline; T01 is the county's own draft
    assert report.received == 3 and report.on_time == 0 and report.late == 3
    # a returned return is left out of the consolidation and named
    result = consolidate(county, COUNTY.code, "2024Q4")
    assert {m.unit_code: m.state for m in result.members}["T05"] == "returned"
    assert result.values["staff.total"] == 9 * 3 + 9  # T01..T04, not T05 (returned) nor T06
    # sending it again after the fix clears 退回
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[4], period="2024Q4"), replace_existing=True)
    assert {c.unit.code: c.state for c in completeness(county, COUNTY.code, "2024Q4").children}["T05"] == "imported"


def test_submission_states_of_some_units_are_those_of_all_units_restricted(county: ReturnService) -> None:
    """The window asks only for the units on screen (a province has ~1,550): the same words."""
    units = [township(i) for i in range(1, 5)]
    for u in units:
        county.units.save(u)
    county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[0], period="2024Q4"))
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9), "staff.female": Decimal(10)}, unit=units[1], period="2024Q4"))
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(9)}, unit=units[2], period="2024Q4"))
    every = submission_states(county, "2024Q4")
    assert every == {"T01": "draft", "T02": "errors", "T03": "imported"}
    assert submission_states(county, "2024Q4", ["T02", "T04", "C00"]) == {"T02": "errors"}
    assert submission_states(county, "2024Q4", []) == {}


def test_on_time_is_judged_by_the_day_received(county: ReturnService, db_path: Path) -> None:
    county.units.save(township(1))
    county.units.save(township(2))
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(1)}, unit=township(1), period="2024Q4"))
    county.workflow.import_return(make_return(TEMPLATE, {"staff.total": Decimal(1)}, unit=township(2), period="2024Q4"))
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    with Session(county.engine) as s, s.begin():
        first = s.scalars(select_return_ids(county, "T01")).one()
        s.execute(update(Return).where(Return.id == first).values(received_at=dt.datetime(2025, 1, 20, 10)))
    report = completeness(county, COUNTY.code, "2024Q4")
    assert {c.unit.code: c.on_time for c in report.children} == {"T01": True, "T02": False}
    assert report.on_time == 1 and report.late == 1


def select_return_ids(service: ReturnService, unit_code: str):
    from sqlalchemy import select

    from models.schema import Unit

    return select(Return.id).join(Unit, Return.unit_id == Unit.id).where(Unit.code == unit_code)


def test_consolidated_breakdown_gap_is_a_note_and_names_the_units(county: ReturnService) -> None:
    a, b = township(1), township(2)
    county.units.save(a)
    county.units.save(b)
    edu = {"phd": 0, "master": 0, "bachelor": 5, "college": 3, "secondary": 2}
    county.store.save(
        make_return(
            TEMPLATE, {"recruit.applicants": Decimal(10), **{f"recruit.applicants.edu.{k}": Decimal(v) for k, v in edu.items()}}, unit=a, period="2024Q4"
        )
    )
    county.store.save(make_return(TEMPLATE, {"recruit.applicants": Decimal(7)}, unit=b, period="2024Q4"))
    assert county.check(county.store.load(a.code, "2024Q4")) == [] and county.check(county.store.load(b.code, "2024Q4")) == []
    result = consolidate(county, COUNTY.code, "2024Q4")
    [finding] = county.check(result)
    # One unit knew its applicants but not their education: partial knowledge, not a problem.
    assert finding.severity == "note" and finding.rule_id == "sum.recruit.applicants.edu"
    assert finding.message == "报名人数按学历合计 10 小于报名人数 17（相差 7）：有单位只填了合计、未填全分项"
    assert breakdown_gaps(county, COUNTY.code, "2024Q4") == {"报名人数按学历": ["第2乡镇卫生院"]}
    assert county.workflow.submit(COUNTY.code, "2024Q4", "consolidated") == []


def test_submitted_consolidation_is_not_remade(county: ReturnService) -> None:
    county.units.save(township(1))
    county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(3)}, unit=township(1), period="2024Q4"))
    consolidate(county, COUNTY.code, "2024Q4")
    assert county.workflow.submit(COUNTY.code, "2024Q4", "consolidated") == []
    with pytest.raises(ReturnLocked, match="汇总表已报送"):
        consolidate(county, COUNTY.code, "2024Q4")


def test_prefecture_consolidates_counties_one_level_up(tmp_path: Path) -> None:
    """A county's consolidated return, sent as a file, is one unit's figures at the prefecture."""
    rng = random.Random(7)
    totals: dict[str, Decimal] = {}
    pref = ReturnService(open_database(tmp_path / "pref.db"), who="州")
    pref.units.save(UnitInfo("P0", "测试州卫生健康委", "county"))
    tpl = pref.registry.for_period("2024Q4")
    for c in range(2):
        county_db = ReturnService(open_database(tmp_path / f"county{c}.db"), who="县")
        cu = UnitInfo(f"C{c}", f"第{c}县卫生健康局", "county", "P0")
        county_db.units.save(UnitInfo("P0", "测试州卫生健康委", "county"))
        county_db.units.save(cu)
        for i in range(3):
            tu = UnitInfo(f"C{c}T{i}", f"第{c}县第{i}乡", "township", cu.code)
            county_db.units.save(tu)
            values = random_values(rng, tpl)
            county_db.store.save(make_return(TEMPLATE, values, unit=tu, period="2024Q4"))
            for k, v in values.items():
                totals[k] = totals.get(k, Decimal(0)) + v
        data = consolidate(county_db, cu.code, "2024Q4")
        path = tmp_path / f"county{c}.json"
        path.write_text(dumps(to_json(data, tpl)), encoding="utf-8")
        county_db.engine.dispose()
        imported = read_json_file(path, pref.registry)
        assert imported.scope == "consolidated" and len(imported.members) == 3
        assert pref.workflow.import_return(imported).action == "imported"
    result = consolidate(pref, "P0", "2024Q4")
    assert result.values == totals
    assert [(m.unit_code, m.state, m.source_scope) for m in result.members] == [("C0", "included", "consolidated"), ("C1", "included", "consolidated")]
    pref.engine.dispose()


def test_annual_view_sums_flows_and_takes_stocks_from_the_last_quarter(county: ReturnService) -> None:
    rng = random.Random(3)
    tpl = county.registry.for_period("2024Q4")
    unit = township(1)
    county.units.save(unit)
    quarters = {}
    for q in ("2024Q1", "2024Q2", "2024Q3"):
        quarters[q] = random_values(rng, tpl)
        county.store.save(
            make_return(TEMPLATE, quarters[q], unit=unit, period=q, allowances=[Allowance("黄山名医", 2, Decimal("300"), Decimal("0"), Decimal("1800"))])
        )
    year = annual_view(county, unit.code, "2024")
    assert year.period == "2024" and year.missing_quarters == ["2024Q4"]
    for ind in tpl.indicators:
        if ind.kind == "flow":
            assert year.values[ind.code] == sum(quarters[q][ind.code] for q in quarters), ind.code
        else:
            assert year.values[ind.code] == quarters["2024Q3"][ind.code], ind.code
    assert [(a.name, a.amount) for a in year.allowances] == [("黄山名医", Decimal("5400.00"))]
    # year-to-date (本年累计) of Q3 equals the annual flows so far
    ytd = county.queries.year_to_date(unit.code, "2024Q3")
    assert all(ytd[i.code] == year.values[i.code] for i in tpl.indicators if i.kind == "flow")


def test_annual_view_takes_stocks_from_the_last_quarter_that_gives_any(county: ReturnService) -> None:
    unit = township(1)
    county.units.save(unit)
    county.store.save(make_return(TEMPLATE, {"staff.total": 12, "recruit.posts": 2, "incent.funding": "12.3"}, unit=unit, period="2024Q1"))
    county.store.save(make_return(TEMPLATE, {"recruit.posts": 3, "incent.funding": "0.35"}, unit=unit, period="2024Q2"))  # no stock given
    year = annual_view(county, unit.code, "2024")
    assert year.values == {"staff.total": 12, "recruit.posts": 5, "incent.funding": Decimal("12.65")}
    assert str(year.values["incent.funding"]) == "12.65" and str(year.values["staff.total"]) == "12"
    assert year.missing_quarters == ["2024Q3", "2024Q4"]


def test_annual_view_of_consolidated_quarters(county: ReturnService) -> None:
    county.units.save(township(1))
    for q, n in (("2024Q1", 2), ("2024Q2", 3), ("2024Q3", 4), ("2024Q4", 5)):
        county.store.save(make_return(TEMPLATE, {"recruit.posts": Decimal(n), "staff.total": Decimal(10 * n)}, unit=township(1), period=q))
        consolidate(county, COUNTY.code, q)
    year = annual_view(county, COUNTY.code, "2024", "consolidated")
    assert year.values == {"recruit.posts": 14, "staff.total": 50}
    assert year.missing_quarters == []


def test_annual_view_expects_an_allowance_only_for_the_quarters_it_was_paid(county: ReturnService) -> None:
    """全年 raised a false warning for an allowance that exists only in Q4 (issue 16)."""
    from models.checks import check_return

    tpl = county.registry.for_period("2024Q4")
    unit = township(1)
    county.units.save(unit)
    for q in ("2024Q1", "2024Q2", "2024Q3"):
        county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(10)}, unit=unit, period=q))
    county.store.save(
        make_return(
            TEMPLATE,
            {"staff.total": Decimal(10)},
            unit=unit,
            period="2024Q4",
            allowances=[Allowance("拔尖人才", 1, Decimal("500"), Decimal("0"), Decimal("1500"))],
        )
    )
    year = annual_view(county, unit.code, "2024")
    assert [(a.name, a.amount, a.months) for a in year.allowances] == [("拔尖人才", Decimal("1500.00"), 3)]
    assert not [f for f in check_return(tpl, year, None) if f.rule_id.startswith("warn.allowance")]
    wrong = make_return(
        TEMPLATE, {"staff.total": Decimal(10)}, unit=unit, period="2024Q4", allowances=[Allowance("拔尖人才", 1, Decimal("500"), Decimal("0"), Decimal("1400"))]
    )
    county.store.save(wrong)  # an amount that does not fit its own quarter is still caught
    assert [f for f in check_return(tpl, annual_view(county, unit.code, "2024"), None) if f.rule_id.startswith("warn.allowance")]


def test_a_consolidation_is_one_transaction_all_or_nothing(county: ReturnService, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in (1, 2):
        county.units.save(township(i))
        county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(10 * i)}, unit=township(i), period="2024Q4"))
    with Session(county.engine) as s:
        before = (s.scalar(select(func.count()).select_from(Return)), s.scalar(select(func.count()).select_from(AuditEntry)))
    # The return, its figures and texts written, then the list of members fails: nothing stays.
    with monkeypatch.context() as m, pytest.raises(RuntimeError, match="injected"):
        refuse_rows_of(m, "consolidation_members")
        consolidate(county, COUNTY.code, "2024Q4")
    with Session(county.engine) as s:
        assert (s.scalar(select(func.count()).select_from(Return)), s.scalar(select(func.count()).select_from(AuditEntry))) == before
    assert county.store.load(COUNTY.code, "2024Q4", "consolidated") is None
    with transactions(county.engine) as begun:
        data = consolidate(county, COUNTY.code, "2024Q4")
    assert len(begun) == 1  # the children read, the sums and the stored 汇总表 in one
    assert data.values["staff.total"] == 30 and data.version == 1


def test_the_consolidated_return_given_back_is_the_one_stored(county: ReturnService) -> None:
    """汇总 builds what it returns from what it wrote, without reading it back: it must be
    what a load reads, field for field, made afresh and made again on top of a stored one
    (its explanations, its 退回 by the level above and a member sent back kept)."""
    a, b, c = township(1), township(2), township(3)
    for u in (a, b, c):
        county.units.save(u)
    county.store.save(
        make_return(
            TEMPLATE,
            {"staff.total": Decimal(10), "incent.funding": Decimal("12.3")},
            unit=a,
            texts={"text.problems": "1、人才流失", "text.plans": "  "},
            allowances=[Allowance("黄山名医", 2, Decimal("300"), Decimal("0"), Decimal("1800")), Allowance("拔尖人才", None, None, None, Decimal("500"))],
        )
    )
    county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(5)}, unit=b, texts={"text.problems": "1、培训不足"}))
    county.workflow.review(b.code, "2024Q4", accept=False, note="人数有误")  # sent back: a member, not added up

    made = consolidate(county, COUNTY.code, "2024Q4")
    assert made == county.store.load(COUNTY.code, "2024Q4", "consolidated")
    assert made.version == 1 and made.values == {"staff.total": 10, "incent.funding": Decimal("12.30")} and len(made.allowances) == 2
    assert str(made.values["incent.funding"]) == "12.30" and set(made.texts) == {"text.problems"}
    assert [(m.unit_code, m.state) for m in made.members] == [("T01", "included"), ("T02", "returned"), ("T03", "missing")]

    made.explanations["staff.total"] = "乙乡镇卫生院退回修改中"
    county.store.save(made, action="edit")
    county.workflow.review(COUNTY.code, "2024Q4", accept=False, note="请补报", scope="consolidated")
    county.store.save(make_return(TEMPLATE, {"staff.total": Decimal(7)}, unit=c, texts={"text.problems": "1、设备老化"}))
    again = consolidate(county, COUNTY.code, "2024Q4")
    assert again == county.store.load(COUNTY.code, "2024Q4", "consolidated")
    assert again.values["staff.total"] == 17 and again.version == 4
    assert again.explanations == {"staff.total": "乙乡镇卫生院退回修改中"} and (again.review_status, again.review_note) == ("returned", "请补报")
    assert again.texts["text.problems"] == "【第1乡镇卫生院】\n1、人才流失\n\n【第3乡镇卫生院】\n1、设备老化"
    changed = [r.field for r in county.store.audit(COUNTY.code, "2024Q4", scope="consolidated") if r.action == "consolidate"]
    assert changed.count("staff.total") == 2 and "text.problems" in changed  # the audit trail: made, then what changed
    assert consolidate(county, COUNTY.code, "2024Q4") == county.store.load(COUNTY.code, "2024Q4", "consolidated")  # nothing changed: only its version
