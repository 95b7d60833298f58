from __future__ import annotations

from decimal import Decimal

from models.compare import Change, compare, year_to_date_as_shown
from models.data import UnitInfo
from models.report import build_view, gather_report
from models.returns import ReturnService


def test_change_and_percent() -> None:
    assert Change(Decimal(121), Decimal(100)).diff == 21
    assert Change(Decimal(121), Decimal(100)).pct == Decimal("21.0")
    assert Change(Decimal(2), Decimal(3)).pct == Decimal("-33.3")
    assert Change(Decimal(5), Decimal(0)).pct is None  # no percent of nothing
    assert Change(None, Decimal(3)).diff is None  # blank is not zero


def test_compare_with_previous_quarter_and_last_year(demo_service: ReturnService) -> None:
    result = compare(gather_report(demo_service, "530000100", "2024Q4"))
    assert result.previous_period == "2024Q3" and result.has_previous
    assert result.previous["staff.total"].diff == 8  # 780 -> 788
    assert result.previous["staff.total"].pct == Decimal("1.0")
    assert result.previous["recruit.posts"].base is None  # Q3 reported no recruitment
    assert result.last_year_period == "2023Q4" and not result.has_last_year


def test_the_year_is_compared_with_the_year_before(demo_service: ReturnService) -> None:
    result = compare(gather_report(demo_service, "530000100", "2024"))
    assert (result.previous_period, result.last_year_period) == ("2023", "2023")
    assert not result.has_previous and not result.has_last_year
    assert result.previous["staff.total"].current == 788 and result.previous["staff.total"].base is None


def _quarters(service: ReturnService, hired: dict[str, int | None]) -> None:
    unit = UnitInfo("T01", "城关镇卫生院", "township", None)
    service.units.save(unit)
    for period, n in hired.items():
        data = service.store.new_return(unit.code, period)
        data.values = {"staff.total": Decimal(100)} | ({} if n is None else {"recruit.hired": Decimal(n)})
        service.store.save(data)


def test_year_to_date_adds_the_stored_quarters_and_this_one_as_shown(service: ReturnService) -> None:
    _quarters(service, {"2024Q1": 2, "2024Q2": 3, "2024Q3": 4})
    shown = service.store.load("T01", "2024Q3")
    assert shown is not None
    shown.values["recruit.hired"] = Decimal(8)  # typed, not saved: this quarter counts as shown
    ytd = year_to_date_as_shown(service, build_view(service, shown))
    assert ytd is not None
    assert ytd.sums["recruit.hired"] == 13 and "staff.total" not in ytd.sums, "flows only (2 + 3 + 8)"
    assert ytd.short == {}


def test_year_to_date_names_the_quarters_a_figure_adds_up_where_one_is_missing(service: ReturnService) -> None:
    _quarters(service, {"2024Q1": 2, "2024Q2": None, "2024Q3": 4, "2024Q4": 8})
    shown = service.store.load("T01", "2024Q4")
    assert shown is not None
    ytd = year_to_date_as_shown(service, build_view(service, shown))
    assert ytd is not None and ytd.sums["recruit.hired"] == 14
    assert ytd.short == {"recruit.hired": "第1、3、4季度"}


def test_no_year_to_date_for_the_first_quarter_or_the_year(service: ReturnService) -> None:
    _quarters(service, {"2024Q1": 2, "2024Q2": 3})
    assert year_to_date_as_shown(service, gather_report(service, "T01", "2024Q1")) is None
    assert year_to_date_as_shown(service, gather_report(service, "T01", "2024")) is None
