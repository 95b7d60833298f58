"""Versions that coexist: a 2024 return stays on version 1, 2025 returns are made on version 2,
and consolidation, the annual view, 本年累计 and comparisons go by stable code across them.
An indicator version 1 lacks is blank (not 0) in a version-1 period."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formats.json_io import dumps, read_json_file, to_json
from formats.xlsx_export import export_xlsx
from formats.xlsx_import import read_xlsx
from models.compare import compare
from models.consolidate import annual_view, consolidate, member_rows
from models.data import ReturnData, UnitInfo
from models.report import gather_report
from models.returns import ReturnService
from tests.factories import make_return

COUNTY = UnitInfo("C00", "测试县卫生健康局", "county")
NEW_TOWN = UnitInfo("T01", "第一乡镇卫生院", "township", "C00")  # on the new program (version 2)
OLD_TOWN = UnitInfo("T02", "第二乡镇卫生院", "township", "C00")  # still on version 1 in 2025Q1

# A 2024 return, typed on version 1: the title split is all the clerk had fields for.
V1_FIGURES = {
    "staff.total": 120,
    "staff.admin": 8,
    "staff.prof": 100,
    "staff.worker": 10,
    "staff.other": 2,
    "staff.prof.title.senior_full": 2,
    "staff.prof.title.senior_assoc": 6,
    "staff.prof.title.mid": 30,
    "staff.prof.title.junior": 50,
    "staff.prof.title.none": 12,
    "recruit.hired": 4,
    "train.outreach": 6,
}
# 2025Q1 on version 2: 高级职称 known without the split; new figures; the typed percent.
V2_FIGURES = {
    "staff.total": 126,
    "staff.admin": 8,
    "staff.prof": 105,
    "staff.worker": 11,
    "staff.other": 2,
    "staff.prof.title.senior": 10,
    "staff.prof.title.mid": 31,
    "staff.prof.title.junior": 52,
    "staff.prof.title.none": 12,
    "recruit.hired": 3,
    "train.outreach": 9,
    "research.new_tech": 2,
    "grassroots.team.village": 5,
    "incent.merit_pay_share": "62.5",
}


def put(service: ReturnService, unit: UnitInfo, period: str, figures: dict[str, int | str], version: int | None = None) -> ReturnData:
    """A return as the window makes it (the version in force for the period), or, with
    ``version``, as an older program made it."""
    data = service.store.new_return(unit.code, period)
    if version is not None:
        data.template_version = version
    data.values = {k: Decimal(v) for k, v in figures.items()}
    service.store.save(data)
    loaded = service.store.load(unit.code, period)
    assert loaded is not None
    return loaded


@pytest.fixture
def county(service: ReturnService) -> ReturnService:
    for unit in (COUNTY, NEW_TOWN, OLD_TOWN):
        service.units.save(unit)
    return service


def test_one_unit_across_the_change(county: ReturnService) -> None:
    q4 = put(county, COUNTY, "2024Q4", V1_FIGURES)
    q1 = put(county, COUNTY, "2025Q1", V2_FIGURES)
    assert (q4.template_version, q1.template_version) == (1, 2)
    # Each is checked by its own version's rules: the v1 split is complete, the v2 total is typed.
    assert [f for f in county.check(q4) if f.is_error] == []
    assert [f for f in county.check(q1) if f.is_error] == []
    assert county.template_for(q4).has_indicator("research.new_tech") is False

    view = gather_report(county, COUNTY.code, "2025Q1")
    assert view.template.version == 2 and view.previous_period == "2024Q4"
    change = compare(view).previous
    assert (change["staff.total"].base, change["staff.total"].diff, change["staff.total"].pct) == (Decimal(120), Decimal(6), Decimal("5.0"))
    assert (change["train.outreach"].diff, change["train.outreach"].pct) == (Decimal(3), Decimal("50.0"))
    # 高级职称 and 新技术新项目 did not exist in 2024: blank there, never 0, so no change is made up.
    for code in ("staff.prof.title.senior", "research.new_tech", "incent.merit_pay_share"):
        assert change[code].base is None and change[code].diff is None and change[code].pct is None, code
    # The split that 2024 had and 2025 does not: blank now, the 2024 figure kept as the base.
    assert (change["staff.prof.title.senior_full"].current, change["staff.prof.title.senior_full"].base) == (None, Decimal(2))
    assert county.queries.history(COUNTY.code, "staff.prof.title.senior", "2025Q1", quarters=2) == [("2024Q4", None), ("2025Q1", Decimal(10))]
    assert county.queries.history(COUNTY.code, "staff.total", "2025Q1", quarters=2) == [("2024Q4", Decimal(120)), ("2025Q1", Decimal(126))]

    # The 2024 year is read in version 1, the 2025 year in version 2.
    assert annual_view(county, COUNTY.code, "2024").template_version == 1
    assert annual_view(county, COUNTY.code, "2025").template_version == 2


def test_same_quarter_last_year_across_the_change(county: ReturnService) -> None:
    """同比: 2025Q1 on version 2 against 2024Q1 on version 1."""
    put(county, COUNTY, "2024Q1", {**V1_FIGURES, "staff.total": 112, "recruit.hired": 5})
    put(county, COUNTY, "2025Q1", V2_FIGURES)
    view = gather_report(county, COUNTY.code, "2025Q1")
    assert view.last_year_period == "2024Q1" and view.previous is None
    comparison = compare(view)
    assert comparison.has_last_year and not comparison.has_previous
    last = comparison.last_year
    assert (last["staff.total"].current, last["staff.total"].base, last["staff.total"].diff, last["staff.total"].pct) == (
        Decimal(126),
        Decimal(112),
        Decimal(14),
        Decimal("12.5"),
    )
    assert (last["recruit.hired"].diff, last["recruit.hired"].pct) == (Decimal(-2), Decimal("-40.0"))
    assert (last["staff.prof.title.mid"].diff, last["staff.prof.title.mid"].pct) == (Decimal(1), Decimal("3.3"))
    for code in ("staff.prof.title.senior", "research.new_tech", "grassroots.team.village", "incent.merit_pay_share"):
        assert last[code].current is not None and last[code].base is None and last[code].diff is None, code
    # Ratios: version 2's 高级职称占比 uses the typed 高级职称; the 2024 figure had none to use.
    assert view.ratios["ratio.senior_share"].value == Decimal("9.5")


def test_county_on_v2_consolidates_a_township_still_on_v1(county: ReturnService, tmp_path: Path) -> None:
    put(county, COUNTY, "2025Q1", V2_FIGURES)
    put(
        county,
        NEW_TOWN,
        "2025Q1",
        {"staff.total": 30, "staff.prof": 25, "staff.prof.title.senior": 1, "research.new_tech": 1, "incent.merit_pay_share": 55, "train.outreach": 2},
    )
    # The old township's program made its 2025Q1 return on version 1 and sent it as a file;
    # the file keeps the version it was made with.
    v1 = county.registry.get("hrh-quarterly", 1)
    assert v1 is not None
    sent = make_return(
        v1,
        {"staff.total": 40, "staff.prof": 33, "staff.prof.title.senior_full": 1, "staff.prof.title.senior_assoc": 2, "train.outreach": 4},
        unit=OLD_TOWN,
        period="2025Q1",
    )
    path = tmp_path / "T02-2025Q1.json"
    path.write_text(dumps(to_json(sent, v1)), encoding="utf-8")
    received = read_json_file(path, county.registry)
    assert received.template_version == 1
    assert county.workflow.import_return(received).action == "imported"
    assert county.store.load(OLD_TOWN.code, "2025Q1").template_version == 1  # type: ignore[union-attr]

    total = consolidate(county, COUNTY.code, "2025Q1")
    assert total.template_version == 2
    v = total.values
    assert v["staff.total"] == Decimal(126 + 30 + 40)
    assert v["train.outreach"] == Decimal(9 + 2 + 4)
    # By code: the v1 township gave no 高级职称 and no 新技术新项目 — they are the others' sum, not padded.
    assert v["staff.prof.title.senior"] == Decimal(10 + 1)
    assert v["research.new_tech"] == Decimal(2 + 1)
    # What only the v1 township gave is its figure alone.
    assert (v["staff.prof.title.senior_full"], v["staff.prof.title.senior_assoc"]) == (Decimal(1), Decimal(2))
    # Nobody gave it: blank, not 0.
    assert "research.award.province" not in v and "grassroots.pairs" not in v
    # The typed percent is never added nor averaged: blank in the 汇总, listed per unit.
    assert "incent.merit_pay_share" not in v
    rows, missing = member_rows(county, total)
    shares = {name: values.get("incent.merit_pay_share") for name, values in rows}
    assert shares == {"测试县卫生健康局（本级）": Decimal("62.5"), "第一乡镇卫生院": Decimal(55), "第二乡镇卫生院": None}
    assert missing == []
    view = gather_report(county, COUNTY.code, "2025Q1", "consolidated")
    assert "incent.merit_pay_share" not in view.totals
    assert view.totals["staff.prof.title.senior"] == Decimal(11)

    # The 汇总表 in Excel: the per-unit column lists the percent, its 合计 is blank.
    out = tmp_path / "county.xlsx"
    export_xlsx(county, COUNTY.code, "2025Q1", out, "consolidated")
    import openpyxl

    wb = openpyxl.load_workbook(out)
    summary = next(ws for ws in wb.worksheets if any(c.value == "汇总表（各单位主要指标）" for row in ws.iter_rows(max_row=3) for c in row))
    header = next(row for row in summary.iter_rows(values_only=True) if row[0] == "单位名称")
    col = header.index("绩效工资占比%")
    by_unit = {
        row[0]: row[col] for row in summary.iter_rows(values_only=True) if row[0] in ("测试县卫生健康局（本级）", "第一乡镇卫生院", "第二乡镇卫生院", "合计")
    }
    assert by_unit == {"测试县卫生健康局（本级）": 62.5, "第一乡镇卫生院": 55, "第二乡镇卫生院": None, "合计": None}


def test_the_percent_goes_to_excel_and_json_and_back_exactly(county: ReturnService, tmp_path: Path) -> None:
    stored = put(county, COUNTY, "2025Q2", {"staff.total": 10, "incent.merit_pay_share": "65.5"})
    path = tmp_path / "C00-2025Q2.xlsx"
    export_xlsx(county, COUNTY.code, "2025Q2", path)
    assert read_xlsx(path, county.registry).data.values == stored.values == {"staff.total": Decimal(10), "incent.merit_pay_share": Decimal("65.5")}
    js = tmp_path / "C00-2025Q2.json"
    tpl = county.template_for(stored)
    js.write_text(dumps(to_json(stored, tpl)), encoding="utf-8")
    assert '"incent.merit_pay_share": "65.5"' in js.read_text(encoding="utf-8")
    assert read_json_file(js, county.registry).values == stored.values


def test_the_percent_is_never_summed_over_quarters(county: ReturnService) -> None:
    put(county, COUNTY, "2025Q1", {"research.new_tech": 2, "incent.merit_pay_share": 60})
    put(county, COUNTY, "2025Q2", {"research.new_tech": 3, "incent.merit_pay_share": "65.5"})
    ytd = county.queries.year_to_date(COUNTY.code, "2025Q2")
    assert ytd == {"research.new_tech": Decimal(5)}
    year = annual_view(county, COUNTY.code, "2025")
    # Like a stock: the last quarter's figure, for one unit.
    assert (year.values["research.new_tech"], year.values["incent.merit_pay_share"]) == (Decimal(5), Decimal("65.5"))
    view = gather_report(county, COUNTY.code, "2025Q2")
    change = compare(view).previous["incent.merit_pay_share"]
    # Told in percentage points; a percent of a percent is never shown.
    assert (change.diff, change.pct) == (Decimal("5.5"), None)
    assert view.year_to_date is not None and "incent.merit_pay_share" not in view.year_to_date


def test_a_v1_return_exports_to_excel_and_reimports_exactly(county: ReturnService, tmp_path: Path) -> None:
    q4 = put(county, COUNTY, "2024Q4", {**V1_FIGURES, "incent.funding": "12.34"})
    q4.texts = {"text.problems": "1、人才紧缺。"}
    county.store.save(q4)
    path = tmp_path / "C00-2024Q4.xlsx"
    export_xlsx(county, COUNTY.code, "2024Q4", path)
    read = read_xlsx(path, county.registry)
    assert read.data.template_version == 1
    assert read.data.values == county.store.load(COUNTY.code, "2024Q4").values  # type: ignore[union-attr]
    assert read.data.texts == {"text.problems": "1、人才紧缺。"}
    # Nothing of version 2 came along: the file holds version 1's rows only.
    assert not any(c.startswith(("research.", "talent.", "grassroots.")) for c in read.data.values)
    assert county.workflow.import_return(read.data, replace_existing=True).action == "replaced"
    again = county.store.load(COUNTY.code, "2024Q4")
    assert again is not None and again.template_version == 1 and again.values == read.data.values


def test_carrying_over_last_quarters_stocks_into_the_new_version(county: ReturnService) -> None:
    put(county, COUNTY, "2024Q4", V1_FIGURES)
    fresh = county.store.new_return(COUNTY.code, "2025Q1", carry_over=True)
    assert fresh.template_version == 2
    # The 2024 split comes along by code; 高级职称, new in version 2, is left for the clerk.
    assert fresh.values["staff.prof.title.senior_full"] == Decimal(2) and "staff.prof.title.senior" not in fresh.values
    assert "recruit.hired" not in fresh.values  # a flow is never carried over
    assert [f for f in county.check(fresh) if f.is_error] == []
