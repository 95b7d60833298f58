"""A stored return's rows as plain data, and the small rules of writing them: which keys
changed, how a value is said in the audit trail, a changed return's date, a value at its
indicator's precision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models.data import Allowance, Member
from models.schema import AllowanceRow, ConsolidationMember, Return
from models.template import Template


def touch(ret: Return, at: dt.datetime) -> None:
    """Date a changed return ``at`` (the service's clock): set even when ``claim`` already
    wrote the same time, or the column's onupdate would put the wall clock instead."""
    ret.updated_at = at
    flag_modified(ret, "updated_at")


def at_precision(tpl: Template, code: str, value: Decimal) -> Decimal:
    """A stored value (or an exact SQL sum of stored values) at its indicator's decimals."""
    places = tpl.indicator(code).decimals if tpl.has_indicator(code) else 2
    return value.quantize(Decimal(1).scaleb(-places))


def read_allowances(s: Session, ret_id: int) -> list[Allowance]:
    # Plain rows, not ORM objects: a province's 汇总表 lists thousands.
    a = AllowanceRow
    rows = s.execute(select(a.name, a.persons, a.monthly_standard, a.one_off, a.amount, a.unit_name).where(a.return_id == ret_id).order_by(a.position))
    return [Allowance(*row) for row in rows]


def kept_allowances(rows: Iterable[Allowance]) -> list[Allowance]:
    """The allowance rows a save stores: a row with no name, persons or amount is a blank line."""
    return [a for a in rows if a.name.strip() or a.persons is not None or a.amount is not None]


def read_members(s: Session, ret_id: int) -> list[Member]:
    # Plain rows too: a province's 汇总表 names ~1,550 units.
    m = ConsolidationMember
    rows = s.execute(select(m.unit_code, m.unit_name, m.state, m.source_scope, m.source_status).where(m.return_id == ret_id).order_by(m.position)).all()
    return [Member(*row) for row in rows]


def audit_text(value: object) -> str | None:
    return None if value is None else str(value)


def changed_keys(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def allowance_text(rows: Iterable[Allowance]) -> str:
    return "；".join(f"{a.name} {a.persons or ''}人 {a.monthly_standard or ''}元/月 {a.one_off or ''}元 {a.amount or ''}元" for a in rows)
