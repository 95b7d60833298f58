"""A stored return's rows as plain data: what changed, how the audit trail says a value, a
value at its indicator's precision, the allowance rows read back in their order."""

from __future__ import annotations

from decimal import Decimal

from models.data import Allowance
from models.returns import ReturnService
from models.stored_rows import allowance_text, at_precision, audit_text, changed_keys
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
