"""A stored return's rows as plain data: what changed, how the audit trail says a value, a
value at its indicator's precision, the allowance rows read back in their order, rows written
as given (a COPY on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.data import Allowance
from models.returns import ReturnService
from models.schema import Base, Return
from models.stored_rows import allowance_text, at_precision, audit_text, changed_keys, insert_rows
from models.template import default_registry
from tests.factories import make_return

TEMPLATE = default_registry().for_period("2024Q4")


def test_changed_keys_are_the_added_removed_and_altered_ones_in_order() -> None:
    old = {"b": Decimal(1), "a": Decimal(2), "c": Decimal(3)}
    new = {"a": Decimal(2), "c": Decimal(4), "d": Decimal(0)}
    assert changed_keys(old, new) == ["b", "c", "d"]
    assert changed_keys(new, dict(new)) == []


def test_a_value_is_said_as_text_and_blank_stays_blank() -> None:
    assert audit_text(Decimal("12.50")) == "12.50"
    assert audit_text(0) == "0"
    assert audit_text(None) is None


def test_a_value_at_its_indicators_precision() -> None:
    assert at_precision(TEMPLATE, "staff.total", Decimal("12.00")) == Decimal("12") and str(at_precision(TEMPLATE, "staff.total", Decimal("12.00"))) == "12"
    money = next(i.code for i in TEMPLATE.indicators if i.decimals == 2)
    assert str(at_precision(TEMPLATE, money, Decimal("3"))) == "3.00"
    assert str(at_precision(TEMPLATE, "no.such.code", Decimal("1.5"))) == "1.50"  # unknown: 分


def test_two_allowance_rows_are_the_same_row_but_for_spaces_around_the_name() -> None:
    assert Allowance(" 拔尖人才 ", 1, Decimal("500")).key() == Allowance("拔尖人才", 1, Decimal("500")).key()
    assert Allowance("拔尖人才", 1, Decimal("500")).key() != Allowance("拔尖人才", 2, Decimal("500")).key()
    assert allowance_text([Allowance("拔尖人才", 2, Decimal("500"), None, Decimal("3000"))]) == "拔尖人才 2人 500元/月 元 3000元"


def test_a_changed_allowance_is_one_audited_change_said_in_full(service: ReturnService) -> None:
    data = make_return(TEMPLATE, {"staff.total": 5}, allowances=[Allowance("拔尖人才", 1, Decimal("500"))])
    if service.units.get(data.unit.code) is None:
        service.units.save(data.unit)
    service.store.save(data)
    data.allowances = [Allowance(" 拔尖人才", 1, Decimal("500"))]  # the same row: no change
    assert service.store.save(data) == 0
    data.allowances = [Allowance("拔尖人才", 2, Decimal("500"))]
    assert service.store.save(data) == 1
    entry = next(e for e in service.store.audit(data.unit.code, data.period) if e.field == "allowances" and e.new and "2人" in e.new)
    assert entry.old is not None and "1人" in entry.old


def test_rows_go_in_as_given_and_a_bad_one_is_the_databases_error_rolled_back_alone(service: ReturnService) -> None:
    # On PostgreSQL one COPY (converted by each column's type), elsewhere an executemany: the same rows either way.
    data = make_return(TEMPLATE, {"staff.total": 5})
    service.units.save(data.unit)
    service.store.save(data)
    values, audit = Base.metadata.tables["return_values"], Base.metadata.tables["audit_log"]
    at = dt.datetime(2025, 1, 10, 4, 0, 1)
    entries = [
        {"at": at, "who": "王", "unit_code": data.unit.code, "period": data.period, "scope": "own", "action": "test", "field": f, "old": old, "new": new}
        for f, old, new in [("a", None, "1"), ("b", "制表符\t与换行\n", None), ("c", "反斜杠\\N", "")]
    ]
    with Session(service.engine) as s, s.begin():
        ret_id = s.scalar(select(Return.id))
        insert_rows(
            s,
            values,
            [{"return_id": ret_id, "code": "x.money", "value": Decimal("1234567.89")}, {"return_id": ret_id, "code": "x.neg", "value": Decimal("-0.01")}],
        )
        insert_rows(s, audit, entries)
        insert_rows(s, audit, [])
        with pytest.raises(IntegrityError), s.begin_nested():  # the same figure twice: the key refuses it
            insert_rows(s, values, [{"return_id": ret_id, "code": "y", "value": Decimal(1)}, {"return_id": ret_id, "code": "y", "value": Decimal(2)}])
        insert_rows(s, values, [{"return_id": ret_id, "code": "z", "value": Decimal(3)}])  # the transaction goes on
    with Session(service.engine) as s:
        stored = dict(s.execute(select(values.c.code, values.c.value).where(values.c.code != "staff.total")).all())
        rows = s.execute(select(audit.c.at, audit.c.who, audit.c.field, audit.c.old, audit.c.new).where(audit.c.action == "test").order_by(audit.c.id)).all()
    assert stored == {"x.money": Decimal("1234567.89"), "x.neg": Decimal("-0.01"), "z": Decimal(3)}
    assert [tuple(r) for r in rows] == [(at, "王", e["field"], e["old"], e["new"]) for e in entries]
