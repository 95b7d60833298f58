"""Which stored returns a consolidation (汇总) adds up (models/sources.py): a unit's own return
and, below it, each unit's own return, or the one consolidated return a subtree arrived as;
returns sent back (退回) left out; what the consolidated return says of each child."""

from __future__ import annotations

import pytest

from models.data import Member, UnitInfo
from models.returns import ReturnService
from models.sources import PeriodIndex, Stored, gather
from models.vocab import MemberState
from tests.factories import make_return

PERIOD = "2024Q4"
PREFECTURE = UnitInfo("P00", "某市卫生健康委", "county")  # a level above the counties
COUNTY_1 = UnitInfo("C01", "甲县卫生健康局", "county", PREFECTURE.code)
TOWN_11 = UnitInfo("T11", "甲县城关镇卫生院", "township", COUNTY_1.code)
COUNTY_2 = UnitInfo("C02", "乙县卫生健康局", "county", PREFECTURE.code)
TOWN_21 = UnitInfo("T21", "乙县一乡卫生院", "township", COUNTY_2.code)
TOWN_22 = UnitInfo("T22", "乙县二乡卫生院", "township", COUNTY_2.code)
TOWN_23 = UnitInfo("T23", "乙县三乡卫生院", "township", COUNTY_2.code)


@pytest.fixture
def tree(service: ReturnService) -> ReturnService:
    """The prefecture's database: its own return; 甲县 arrived as its consolidated file (its
    township's own return is here too, from earlier); in 乙县 one township reported, one was
    sent back, one has not reported (and one reported only for the quarter before)."""
    service.settings.set(our_unit=PREFECTURE.code)
    for unit in (PREFECTURE, COUNTY_1, TOWN_11, COUNTY_2, TOWN_21, TOWN_22, TOWN_23):
        service.units.save(unit)
    tpl = service.registry.for_period(PERIOD)
    service.store.save(make_return(tpl, {"staff.total": 1}, unit=PREFECTURE, period=PERIOD))
    service.store.save(make_return(tpl, {"staff.total": 2}, unit=TOWN_11, period=PERIOD))
    service.workflow.import_return(make_return(tpl, {"staff.total": 3}, unit=COUNTY_1, period=PERIOD, scope="consolidated", origin="imported"))
    service.store.save(make_return(tpl, {"staff.total": 4}, unit=TOWN_21, period=PERIOD))
    service.store.save(make_return(tpl, {"staff.total": 5}, unit=TOWN_22, period=PERIOD))
    service.workflow.review(TOWN_22.code, PERIOD, accept=False, note="人数有误")
    service.store.save(make_return(service.registry.for_period("2024Q3"), {"staff.total": 6}, unit=TOWN_23, period="2024Q3"))
    return service


def added_up(service: ReturnService, unit: UnitInfo) -> tuple[list[tuple[str, str, str]], list[Member]]:
    """(unit code, scope, origin) of each return gathered for ``unit``, and its members."""
    with service.session() as s:
        index = PeriodIndex(s, service, PERIOD)
        scopes = {stored.id: scope for scope, by_unit in index.returns.items() for stored in by_unit.values()}
        sources, members = gather(index, unit)
    return [(u.code, scopes[stored.id], stored.origin) for stored, u in sources], members


def test_a_subtree_that_arrived_as_a_consolidated_file_counts_as_that_one_return(tree: ReturnService) -> None:
    sources, members = added_up(tree, PREFECTURE)
    assert sources == [("P00", "own", "entered"), ("C01", "consolidated", "imported"), ("T21", "own", "entered")]
    assert members == [
        Member("C01", "甲县卫生健康局", MemberState.INCLUDED, "consolidated", "draft"),
        Member("C02", "乙县卫生健康局", MemberState.INCLUDED, "own", ""),  # no return of its own: its townships'
    ]


def test_a_return_sent_back_is_left_out_and_a_unit_without_one_is_missing(tree: ReturnService) -> None:
    sources, members = added_up(tree, COUNTY_2)
    assert sources == [("T21", "own", "entered")]
    assert [(m.unit_code, m.state) for m in members] == [
        ("T21", MemberState.INCLUDED),
        ("T22", MemberState.RETURNED),
        ("T23", MemberState.MISSING),  # its return of the quarter before does not count
    ]


def test_a_consolidated_file_sent_back_gives_way_to_the_returns_below_it(tree: ReturnService) -> None:
    tree.workflow.review(COUNTY_1.code, PERIOD, accept=False, note="请重新汇总", scope="consolidated")
    sources, members = added_up(tree, PREFECTURE)
    assert sources == [("P00", "own", "entered"), ("T11", "own", "entered"), ("T21", "own", "entered")]
    assert members[0] == Member("C01", "甲县卫生健康局", MemberState.INCLUDED, "own", "")


def test_the_index_holds_every_return_of_the_period_and_nothing_else(tree: ReturnService) -> None:
    with tree.session() as s:
        index = PeriodIndex(s, tree, PERIOD)
    assert {scope: sorted(by_unit) for scope, by_unit in index.returns.items()} == {"own": ["P00", "T11", "T21", "T22"], "consolidated": ["C01"]}
    assert index.get("T23", "own") is None
    t22 = index.get("T22", "own")
    assert isinstance(t22, Stored) and (t22.status, t22.origin, t22.review_status) == ("draft", "entered", "returned")


def test_returns_are_gathered_depth_first_each_unit_before_the_units_below_it(tree: ReturnService) -> None:
    """The order of the sums' sources is the order of the texts and allowances gathered under
    each unit's heading: the tree read top down, a county's townships right after the county."""
    tree.workflow.review(COUNTY_1.code, PERIOD, accept=False, note="请重新汇总", scope="consolidated")
    tpl = tree.registry.for_period(PERIOD)
    for county in (COUNTY_1, COUNTY_2):
        tree.store.save(make_return(tpl, {"staff.total": 7}, unit=county, period=PERIOD))
    with tree.session() as s:
        sources = PeriodIndex(s, tree, PERIOD).sources(PREFECTURE)
    assert [u.code for _, u in sources] == ["P00", "C01", "T11", "C02", "T21"]
