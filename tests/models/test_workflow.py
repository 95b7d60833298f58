"""The workflow of a return (models/workflow.py): 报送 refused when empty, each operation one
transaction (all or nothing), the injected clock on every time it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.data import ReturnData, UnitInfo
from models.returns import ReturnService, ServiceError
from models.schema import AuditEntry
from models.workflow import EMPTY_RETURN
from tests.transactions import refuse_rows_of, transactions

UNIT = UnitInfo("T01", "城关镇卫生院", "township", None)
PERIOD = "2024Q4"
NOON = dt.datetime(2025, 1, 10, 4, 0)  # naive UTC, as the service's clock gives it


def draft(service: ReturnService, **values: int) -> ReturnData:
    service.units.save(UNIT)
    data = service.store.new_return(UNIT.code, PERIOD)
    data.values = {k.replace("__", "."): Decimal(v) for k, v in values.items()}
    service.store.save(data)
    return data


def audit_rows(service: ReturnService) -> int:
    with Session(service.engine) as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_an_empty_return_is_refused_in_chinese_and_stays_a_draft(service: ReturnService) -> None:
    data = draft(service)
    assert service.workflow.submit_refusal(data) == EMPTY_RETURN
    before = audit_rows(service)
    with pytest.raises(ServiceError, match="报表还是空的，不能报送"):
        service.workflow.submit(UNIT.code, PERIOD, version=data.version)
    stored = service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.status == "draft" and stored.version == data.version
    assert audit_rows(service) == before


def test_a_return_with_only_a_text_or_a_zero_is_not_empty(service: ReturnService) -> None:
    data = draft(service)
    assert service.workflow.submit_refusal(ReturnData(UNIT, PERIOD, data.template_id, data.template_version, texts={"text.problems": "无"})) is None
    assert service.workflow.submit_refusal(ReturnData(UNIT, PERIOD, data.template_id, data.template_version, values={"staff.total": Decimal(0)})) is None
    assert service.workflow.submit_refusal(ReturnData(UNIT, PERIOD, data.template_id, data.template_version, texts={"text.problems": "  "})) == EMPTY_RETURN


def test_submit_checks_and_changes_in_one_transaction(service: ReturnService) -> None:
    data = draft(service, staff__total=0)
    with transactions(service.engine) as begun:
        assert service.workflow.submit(UNIT.code, PERIOD, version=data.version) == []
    assert len(begun) == 1
    stored = service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.locked


def test_a_submit_failing_after_its_first_write_changes_nothing(service: ReturnService, monkeypatch: pytest.MonkeyPatch) -> None:
    data = draft(service, staff__total=0)
    before = audit_rows(service)
    refuse_rows_of(monkeypatch, "audit_log")
    with pytest.raises(RuntimeError, match="injected"):
        service.workflow.submit(UNIT.code, PERIOD, version=data.version)  # the version claimed, the status set, then the audit fails
    stored = service.store.load(UNIT.code, PERIOD)
    assert stored is not None
    assert (stored.status, stored.version, stored.submitted_at, stored.received_at) == ("draft", data.version, None, None)
    assert audit_rows(service) == before


@pytest.mark.parametrize("operation", ["reopen", "review", "delete"])
def test_every_other_operation_is_one_transaction(service: ReturnService, operation: str) -> None:
    data = draft(service, staff__total=0)
    service.workflow.submit(UNIT.code, PERIOD, version=data.version)
    version = service.store.load(UNIT.code, PERIOD).version  # type: ignore[union-attr]
    with transactions(service.engine) as begun:
        if operation == "reopen":
            service.workflow.reopen(UNIT.code, PERIOD, version=version)
        elif operation == "review":
            service.workflow.review(UNIT.code, PERIOD, accept=True, version=version)
        else:
            service.workflow.reopen(UNIT.code, PERIOD, version=version)
            begun.clear()
            service.workflow.delete(UNIT.code, PERIOD, version=version + 1)
    assert len(begun) == 1


def test_the_clock_given_to_the_service_dates_what_it_writes(db_url: str) -> None:
    from models.db import open_database

    engine = open_database(db_url)
    service = ReturnService(engine, who="张三", clock=lambda: NOON)
    data = draft(service, staff__total=3)
    service.workflow.submit(UNIT.code, PERIOD, version=data.version)
    service.workflow.review(UNIT.code, PERIOD, accept=False, note="请补报")
    stored = service.store.load(UNIT.code, PERIOD)
    assert stored is not None
    assert (stored.updated_at, stored.submitted_at, stored.received_at) == (NOON, NOON, NOON)
    assert {a.at for a in service.store.audit(UNIT.code, PERIOD)} == {NOON}
    engine.dispose()
