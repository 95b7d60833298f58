"""Questions asked of the stored returns (models/queries.py): which returns there are, the
figures of one and of the quarter before (of many returns at once too), 本年累计, a figure
over the quarters."""

from __future__ import annotations

from decimal import Decimal

import pytest

import models.stored_rows
from models.data import ReturnData, UnitInfo
from models.queries import StoredState
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


def test_the_figures_of_many_returns_at_once_are_those_of_each_alone(service: ReturnService) -> None:
    other = UnitInfo("T02", "河口乡卫生院", "township", None)
    service.store.save(new(service, "2024Q3", staff__total=30, incent__funding="12.5"))
    service.store.save(new(service, "2024Q4", staff__total=31))
    service.units.save(other)
    empty = service.store.new_return(other.code, "2024Q3")
    empty.texts = {"text.problems": "无"}  # a return without a figure is a return
    service.store.save(empty)
    keys = [("T01", "2024Q3", "own"), ("T01", "2024Q4", "own"), ("T02", "2024Q3", "own"), ("T02", "2024Q4", "own"), ("T01", "2024Q4", "consolidated")]
    many = service.queries.values_of(keys)
    assert many == {key: values for key in keys if (values := service.queries.values_for(*key)) is not None}
    assert many[("T02", "2024Q3", "own")] == {} and ("T02", "2024Q4", "own") not in many
    assert str(many[("T01", "2024Q3", "own")]["incent.funding"]) == "12.50"  # each at its precision, as values_for reads it
    # last quarter's, as previous_values gives them one by one; none for a year or a quarter with no return before
    keys = [("T01", "2024Q4", "own"), ("T02", "2024Q4", "own"), ("T01", "2024Q3", "own"), ("T01", "2024", "own")]
    assert (
        service.queries.previous_values_of(keys)
        == {key: values for key in keys if (values := service.queries.previous_values(*key)) is not None}
        == {("T01", "2024Q4", "own"): {"staff.total": 30, "incent.funding": Decimal("12.50")}, ("T02", "2024Q4", "own"): {}}
    )


def test_the_states_of_many_returns_at_once(service: ReturnService) -> None:
    service.store.save(new(service, "2024Q3", staff__total=3))
    service.store.save(new(service, "2024Q4", staff__total=3))
    service.workflow.submit("T01", "2024Q4")
    service.workflow.review("T01", "2024Q4", accept=False, note="人数不对")
    states = service.queries.states([("T01", "2024Q3", "own"), ("T01", "2024Q4", "own"), ("T01", "2024Q2", "own"), ("T09", "2024Q4", "own")])
    assert states == {("T01", "2024Q3", "own"): StoredState("draft", ""), ("T01", "2024Q4", "own"): StoredState("submitted", "returned")}


def test_many_returns_are_asked_about_in_pieces_every_database_takes(service: ReturnService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.stored_rows, "IN_LIST", 2)  # five units: three pieces
    codes = [f"T{n:02d}" for n in range(1, 6)]
    for code in codes:
        service.units.save(UnitInfo(code, f"第{code}卫生院", "township", None))
        data = service.store.new_return(code, "2024Q4")
        data.values = {"staff.total": Decimal(int(code[1:]))}
        service.store.save(data)
    assert [list(p) for p in models.stored_rows.in_pieces(reversed(codes))] == [["T01", "T02"], ["T03", "T04"], ["T05"]]
    many = service.queries.values_of([(code, "2024Q4", "own") for code in codes])
    assert {key[0]: values["staff.total"] for key, values in many.items()} == {code: int(code[1:]) for code in codes}
    assert len(service.queries.states([(code, "2024Q4", "own") for code in codes])) == 5
