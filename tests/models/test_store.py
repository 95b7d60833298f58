"""A return as stored (models/store.py): save and load, blank versus zero, every change
audited, a new return carrying over last quarter's stocks, a broken character refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.data import Allowance, ReturnData, Signatories, UnitInfo
from models.db import open_database
from models.returns import ReturnService, ServiceError

UNIT = UnitInfo("T01", "城关镇卫生院", "township", None)


def new(service: ReturnService, period: str = "2024Q4", **values: int | str) -> ReturnData:
    service.units.save(UNIT)
    data = service.store.new_return(UNIT.code, period)
    data.values = {k.replace("__", "."): Decimal(v) for k, v in values.items()}
    return data


def test_save_and_load_round_trip_across_reopen(service: ReturnService, db_url: str) -> None:
    data = new(service)
    data.values = {"staff.total": Decimal(30), "staff.female": Decimal(0), "incent.funding": Decimal("12.50")}
    data.texts = {"text.problems": "1、人才紧缺\n2、培训不足", "text.note.staff": ""}
    data.allowances = [Allowance("黄山名医", 20, Decimal("300.00"), Decimal("0.00"), Decimal("18000.00"))]
    data.explanations = {"warn.x": "属实"}
    data.signatories = Signatories("李明", "王芳", "张丽", "0876-1234567", dt.date(2025, 1, 10))
    assert service.store.save(data) > 0
    service.engine.dispose()

    again = ReturnService(open_database(db_url))
    loaded = again.store.load("T01", "2024Q4")
    assert loaded is not None
    assert loaded.values == {"staff.total": 30, "staff.female": 0, "incent.funding": Decimal("12.50")}
    assert "staff.admin" not in loaded.values  # blank stays blank
    assert loaded.values["staff.female"] == 0  # zero stays zero
    assert loaded.texts == {"text.problems": "1、人才紧缺\n2、培训不足"}
    assert loaded.allowances == data.allowances
    assert loaded.explanations == {"warn.x": "属实"}
    assert loaded.signatories == data.signatories
    again.engine.dispose()


def test_every_change_is_audited(service: ReturnService) -> None:
    data = new(service, staff__total=30)
    service.store.save(data)
    data.values["staff.total"] = Decimal(31)
    del data.values["staff.total"]
    data.values["staff.admin"] = Decimal(0)
    service.store.save(data)
    trail = [(a.action, a.field, a.old, a.new, a.who) for a in service.store.audit("T01", "2024Q4")]
    assert trail == [
        ("create", "", None, "entered", "tester"),
        ("edit", "staff.total", None, "30", "tester"),
        ("edit", "staff.admin", None, "0", "tester"),
        ("edit", "staff.total", "30", None, "tester"),
    ]
    assert service.store.save(data) == 0  # nothing changed, nothing written


def test_carry_over_takes_stocks_only(service: ReturnService) -> None:
    service.store.save(new(service, "2024Q3", staff__total=30, incent__leaders=2, recruit__posts=4))
    fresh = service.store.new_return("T01", "2024Q4", carry_over=True)
    assert fresh.values == {"staff.total": 30, "incent.leaders": 2}
    assert service.store.new_return("T01", "2024Q4").values == {}


def test_a_new_return_for_an_unknown_unit_is_refused(service: ReturnService) -> None:
    with pytest.raises(ServiceError, match="单位 NOPE 不存在"):
        service.store.new_return("NOPE", "2024Q4")


def test_a_broken_character_is_refused_and_nothing_is_written(service: ReturnService) -> None:
    data = new(service, staff__total=30)
    data.texts = {"text.problems": "人才\ud800紧缺"}  # a lone surrogate
    with pytest.raises(ServiceError, match="无法保存的损坏字符"):
        service.store.save(data)
    assert service.store.load("T01", "2024Q4") is None
    assert service.store.audit("T01", "2024Q4") == []
