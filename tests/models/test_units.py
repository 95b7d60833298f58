"""The unit tree of the service (models/units.py): an index read once, forgotten when a unit
is saved, read again for a unit it does not know (added by another clerk)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event

from models.data import UnitInfo
from models.returns import ReturnService, ServiceError

COUNTY = UnitInfo("C00", "测试县卫生健康局", "county")
TOWN = UnitInfo("T01", "城关镇卫生院", "township", "C00")


@contextmanager
def unit_reads(engine: Engine) -> Iterator[list[str]]:
    reads: list[str] = []

    def seen(conn: object, cursor: object, sql: str, params: object, context: object, executemany: bool) -> None:
        if sql.startswith("SELECT") and "FROM units" in sql:
            reads.append(sql)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield reads
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_get_reads_the_tree_once_and_again_after_a_save(service: ReturnService) -> None:
    service.units.save(COUNTY)
    service.units.save(TOWN)
    with unit_reads(service.engine) as reads:
        for _ in range(3):
            assert service.units.get("T01") == TOWN
            assert service.units.children("C00") == [TOWN]
            assert service.units.tree()[None] == [COUNTY] and service.units.tree()["C00"] == [TOWN] and "T01" not in service.units.tree()
        assert len(reads) == 1
        service.units.save(UnitInfo("T01", "城关镇中心卫生院", "township", "C00"))
        assert service.units.get("T01").name == "城关镇中心卫生院"  # type: ignore[union-attr]
        assert service.units.tree()["C00"][0].name == "城关镇中心卫生院"
        assert service.units.descendants("C00")[0].name == "城关镇中心卫生院"


def test_a_unit_another_clerk_added_is_found(service: ReturnService) -> None:
    service.units.save(COUNTY)
    assert service.units.get("T01") is None
    ReturnService(service.engine, who="李四").units.save(TOWN)
    assert service.units.get("T01") == TOWN
    assert service.units.children("C00") == [TOWN]


def test_a_unit_saved_in_an_operation_that_fails_is_forgotten(service: ReturnService) -> None:
    service.units.save(COUNTY)
    with pytest.raises(RuntimeError), service.session():
        service.units.save(TOWN)
        assert service.units.get("T01") == TOWN  # seen inside the operation
        raise RuntimeError("the rest of the operation failed")
    assert service.units.get("T01") is None
    assert [u.code for u in service.units.list()] == ["C00"]


def test_a_unit_cannot_be_put_below_itself(service: ReturnService) -> None:
    service.units.save(COUNTY)
    service.units.save(TOWN)
    with pytest.raises(ServiceError, match="不能隶属于它自己或它的下级单位"):
        service.units.save(UnitInfo("C00", COUNTY.name, "county", "T01"))
