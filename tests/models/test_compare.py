from __future__ import annotations

from decimal import Decimal

from models.compare import Change, compare
from models.report import gather_report
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
