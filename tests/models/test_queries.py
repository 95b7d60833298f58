"""Questions asked of the stored returns (models/queries.py): which returns there are, the
figures of one and of the quarter before, 本年累计, a figure over the quarters."""

from __future__ import annotations

from decimal import Decimal

from models.data import ReturnData, UnitInfo
from models.returns import ReturnService

UNIT = UnitInfo("T01", "城关镇卫生院", "township", None)


def new(service: ReturnService, period: str = "2024Q4", **values: int | str) -> ReturnData:
    service.units.save(UNIT)
    data = service.store.new_return(UNIT.code, period)
    data.values = {k.replace("__", "."): Decimal(v) for k, v in values.items()}
    return data


def test_year_to_date_and_history(service: ReturnService) -> None:
    for q, posts in [("2024Q1", 2), ("2024Q2", 3), ("2024Q3", 0)]:
        service.store.save(new(service, q, recruit__posts=posts, staff__total=10 + posts))
    service.store.save(new(service, "2023Q4", recruit__posts=50))
    assert service.queries.year_to_date("T01", "2024Q3") == {"recruit.posts": 5}
    assert service.queries.year_to_date("T01", "2024Q1") == {"recruit.posts": 2}
    hist = service.queries.history("T01", "staff.total", "2024Q3")
    assert len(hist) == 8
    assert hist[-3:] == [("2024Q1", 12), ("2024Q2", 13), ("2024Q3", 10)]
    assert hist[0] == ("2022Q4", None)


def test_values_for_is_none_without_a_return_and_reads_each_figure_at_its_precision(service: ReturnService) -> None:
    assert service.queries.values_for("T01", "2024Q4") is None
    service.store.save(new(service, staff__total=30, staff__female=0, incent__funding="12.5"))
    values = service.queries.values_for("T01", "2024Q4")
    assert values == {"staff.total": 30, "staff.female": 0, "incent.funding": Decimal("12.50")}
    assert {k: str(v) for k, v in values.items()} == {"staff.total": "30", "staff.female": "0", "incent.funding": "12.50"}
    assert service.queries.values_for("T01", "2024Q4", scope="consolidated") is None
    assert service.queries.values_for("T01", "2024Q3") is None


def test_previous_values_are_those_of_the_quarter_before_and_none_for_a_year(service: ReturnService) -> None:
    service.store.save(new(service, "2023Q4", staff__total=20))
    service.store.save(new(service, "2024Q1", staff__total=25))
    assert service.queries.previous_values("T01", "2024Q1") == {"staff.total": 20}  # across the year end
    assert service.queries.previous_values("T01", "2024Q2") == {"staff.total": 25}
    assert service.queries.previous_values("T01", "2023Q4") is None  # no return for 2023Q3
    assert service.queries.previous_values("T01", "2024") is None  # a year has no quarter before


def test_list_returns_filters_by_unit_and_period_in_unit_then_period_order(service: ReturnService) -> None:
    service.store.save(new(service, "2024Q4", staff__total=30))
    service.store.save(new(service, "2024Q3", staff__total=29))
    service.units.save(UnitInfo("A01", "甲卫生院", "township", None))
    other = service.store.new_return("A01", "2024Q4")
    other.values = {"staff.total": Decimal(5)}
    service.store.save(other)
    listed = [(r.unit_code, r.unit_name, r.period, r.scope, r.status) for r in service.queries.list_returns()]
    assert listed == [
        ("A01", "甲卫生院", "2024Q4", "own", "draft"),
        ("T01", "城关镇卫生院", "2024Q3", "own", "draft"),
        ("T01", "城关镇卫生院", "2024Q4", "own", "draft"),
    ]
    assert [(r.unit_code, r.period) for r in service.queries.list_returns(unit_code="T01")] == [("T01", "2024Q3"), ("T01", "2024Q4")]
    assert [(r.unit_code, r.period) for r in service.queries.list_returns(period="2024Q4")] == [("A01", "2024Q4"), ("T01", "2024Q4")]
    assert service.queries.list_returns(unit_code="T01", period="2023Q4") == []
