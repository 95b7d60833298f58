"""Any accepted count or amount, up to the documented maximum, survives every way it travels:
typed in the form → database → JSON → Excel → import at the county → consolidation (汇总),
unchanged to the last digit; and the consolidated return travels again as exactly."""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from formats.errors import FileProblems
from formats.json_io import dumps, read_json_file, to_json
from formats.xlsx_export import export_xlsx
from formats.xlsx_import import read_xlsx
from models.consolidate import consolidate
from models.data import Allowance, ReturnData, UnitInfo
from models.db import open_database
from models.returns import ReturnService
from models.template import Template, default_registry
from models.values import format_value, money_limit, parse_value

TEMPLATE = default_registry().for_period("2024Q4")
# A count of each kind, a stock and a flow, and the one 万元 amount.
CODES = ("staff.total", "staff.female", "recruit.applicants", "train.level.county", "train.lectures", "incent.funding")
PERIOD = "2024Q4"
COUNTY = UnitInfo("C00", "测试县卫生健康局", "county")
UNITS = [UnitInfo(f"T{i:02d}", f"第{i}乡镇卫生院", "township", COUNTY.code) for i in (1, 2, 3)]


def figure(code: str) -> st.SearchStrategy[Decimal]:
    ind = TEMPLATE.indicator(code)
    cents = st.integers(0, int(ind.maximum * 100))
    if ind.is_int:
        return st.integers(0, int(ind.maximum)).map(Decimal)
    return cents.map(lambda c: Decimal(c).scaleb(-2))


MONEY = st.integers(0, int(money_limit(TEMPLATE) * 100)).map(lambda c: Decimal(c).scaleb(-2))
unit_values = st.fixed_dictionaries({code: st.none() | figure(code) for code in CODES}).map(lambda d: {k: v for k, v in d.items() if v is not None})
allowance = st.builds(Allowance, st.just("黄山名医"), st.none() | st.integers(0, 9999999), st.none() | MONEY, st.none() | MONEY, st.none() | MONEY)
BIGGEST = {code: TEMPLATE.indicator(code).maximum for code in CODES}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory):
    """A township PC, the county PC, and a folder for the files between them (made once:
    each example replaces the returns of the same quarter)."""
    root = tmp_path_factory.mktemp("exact")
    township = ReturnService(open_database(root / "township.db"), who="乡镇")
    county = ReturnService(open_database(root / "county.db"), who="县")
    for service in (township, county):
        service.units.save(COUNTY)
        for unit in UNITS:
            service.units.save(unit)
    yield township, county, root
    township.engine.dispose()
    county.engine.dispose()


def typed(ind_code: str, value: Decimal) -> Decimal | None:
    """What the form stores after the clerk types the figure as shown, plain and grouped."""
    ind = TEMPLATE.indicator(ind_code)
    plain = parse_value(ind, format_value(ind, value))
    grouped = parse_value(ind, format_value(ind, value, grouping=True))
    assert plain == grouped
    return plain


def travel(service: ReturnService, unit: UnitInfo, folder: Path, scope: str, counter: itertools.count) -> tuple[ReturnData, ReturnData]:
    """The stored return sent as JSON and as Excel, each read back."""
    n = next(counter)
    data = service.store.load(unit.code, PERIOD, scope)
    assert data is not None
    json_path = folder / f"{unit.code}-{n}.json"
    json_path.write_text(dumps(to_json(data, TEMPLATE)), encoding="utf-8")
    xlsx_path = folder / f"{unit.code}-{n}.xlsx"
    export_xlsx(service, unit.code, PERIOD, xlsx_path, scope)
    return read_json_file(json_path, default_registry()), read_xlsx(xlsx_path, default_registry()).data


def same(data: ReturnData, values: dict[str, Decimal], allowances: list[Allowance]) -> None:
    assert data.values == values
    assert {k: str(v) for k, v in data.values.items()} == {k: format_value(TEMPLATE.indicator(k), v) for k, v in values.items()}  # not even 12.5 for 12.50
    assert [(a.persons, a.monthly_standard, a.one_off, a.amount) for a in data.allowances] == [
        (a.persons, a.monthly_standard, a.one_off, a.amount) for a in allowances
    ]


COUNTER = itertools.count()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(unit_values, st.lists(allowance, max_size=1)), min_size=2, max_size=3))
@example([(BIGGEST, [Allowance("黄山名医", 9999999, money_limit(TEMPLATE), money_limit(TEMPLATE), money_limit(TEMPLATE))])] * 3)
@example(
    [({"incent.funding": Decimal("98765432.10"), "staff.total": Decimal(1922)}, []), ({"incent.funding": Decimal("0.01"), "staff.female": Decimal(0)}, [])]
)
def test_figures_survive_form_database_files_and_consolidation(places, units: list[tuple[dict[str, Decimal], list[Allowance]]]) -> None:
    township, county, folder = places
    members = UNITS[: len(units)]
    for unit in UNITS[len(units) :]:
        county.workflow.delete(unit.code, PERIOD)
    expected: dict[str, Decimal] = {}
    for unit, (values, allowances) in zip(members, units, strict=True):
        entered = {code: typed(code, v) for code, v in values.items()}
        assert entered == values
        draft = township.store.new_return(unit.code, PERIOD)
        # version=None: on top of what an earlier example stored in the same databases.
        township.store.save(replace(draft, values=entered, allowances=[replace(a) for a in allowances], version=None))
        stored = township.store.load(unit.code, PERIOD)
        assert stored is not None
        same(stored, values, allowances)
        from_json, from_excel = travel(township, unit, folder, "own", COUNTER)
        same(from_json, values, allowances)
        same(from_excel, values, allowances)
        county.store.save(replace(from_excel, origin="imported"), action="import")
        for code, v in values.items():
            expected[code] = expected.get(code, Decimal(0)) + v
    total = consolidate(county, COUNTY.code, PERIOD)
    everything = [a for _, rows in units for a in rows]
    same(total, {c: v.quantize(Decimal(1).scaleb(-TEMPLATE.indicator(c).decimals)) for c, v in expected.items()}, everything)
    # The consolidated return goes up to the prefecture as exactly.
    consolidated_json, consolidated_excel = travel(county, COUNTY, folder, "consolidated", COUNTER)
    same(consolidated_json, total.values, everything)
    same(consolidated_excel, total.values, everything)


def test_beyond_the_maximum_is_refused_on_every_path_in(places, template: Template) -> None:
    township, _, folder = places
    funding = template.indicator("incent.funding")
    with pytest.raises(ValueError, match="最大 99,999,999.99"):
        parse_value(funding, "1234567890123456.78")
    unit = UNITS[0]
    township.store.save(replace(township.store.new_return(unit.code, PERIOD), values={"incent.funding": Decimal("99999999.99")}, version=None))
    data = township.store.load(unit.code, PERIOD)
    assert data is not None
    doc = to_json(data, template)
    doc["values"]["incent.funding"] = "1234567890123456.78"
    doc["values"]["staff.total"] = 10**40
    path = folder / "too-big.json"
    path.write_text(dumps(doc), encoding="utf-8")
    with pytest.raises(FileProblems) as exc:
        read_json_file(path, default_registry())
    message = str(exc.value)
    assert "人才工作经费投入：“1234567890123456.78” 超过上限，最大 99,999,999.99" in message
    assert "在岗职工总数：“1" in message and "超过上限，最大 9,999,999" in message
