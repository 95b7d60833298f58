"""A stored return's rows as plain data, and the small rules of writing them: which keys
changed, how a value is said in the audit trail, a changed return's date, a value at its
indicator's precision, many rows written at once (``insert_rows``), many returns asked
about a piece at a time (``rows_of_returns``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVarTuple, Unpack

from sqlalchemy import Executable, Row, Select, Table, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models.data import Allowance, Member, Signatories
from models.schema import AllowanceRow, ConsolidationMember, Return
from models.template import Template

_Ts = TypeVarTuple("_Ts")
# The IN list of a query about many returns at once is cut into pieces of this size: a
# statement every database takes (SQLite's limit on parameters), few enough round trips.
IN_LIST = 500
ReturnKey = tuple[str, str, str]  # (unit code, period, scope)


def in_pieces(codes: Iterable[str]) -> Iterator[Sequence[str]]:
    """The distinct ``codes``, sorted, ``IN_LIST`` at a time."""
    ordered = sorted(set(codes))
    for i in range(0, len(ordered), IN_LIST):
        yield ordered[i : i + IN_LIST]


def rows_of_returns(s: Session, keys: Iterable[ReturnKey], query: Callable[[Sequence[str], list[str]], Executable]) -> Iterator[Any]:
    """The rows ``query`` gives about many returns at once, whose first three columns are a
    return's key (unit code, period, scope): asked with ``IN_LIST`` unit codes at a time and
    every period wanted; a row of a return not among ``keys`` is left out."""
    wanted = set(keys)
    periods = sorted({period for _, period, _ in wanted})
    for codes in in_pieces(code for code, _, _ in wanted):
        for row in s.execute(query(codes, periods)):
            if (row[0], row[1], row[2]) in wanted:
                yield row


def plain_rows(s: Session, query: Select[Unpack[_Ts]]) -> Sequence[Row[Unpack[_Ts]]]:
    """The rows of a query about many returns (汇总 of a province reads ~1,550), read on the
    session's connection: plain rows without the ORM's result machinery. Only for reads with
    nothing pending (nothing is flushed first)."""
    return s.connection().execute(query).all()


def signatories_of(ret: Return) -> Signatories:
    """Who signed a stored return, from its row."""
    return Signatories(ret.unit_head, ret.stats_head, ret.filled_by, ret.phone, ret.report_date)


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


def insert_rows(s: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Rows (each naming the same columns) into ``table``, in the session's transaction.

    On PostgreSQL through psycopg 3 one COPY: its executemany sends one INSERT per row, each
    run alone by the server, which for a return's ~70 figures and as many audit entries was
    the largest part of storing an imported file (COPY: a third of the time; one INSERT of
    arrays, ``unnest``, no faster than the executemany). Elsewhere an executemany (SQLite
    runs it in-process). The COPY converts each value by its column's type (ExactDecimal)
    and raises SQLAlchemy's errors as any statement does (a full disk an OperationalError),
    so callers tell a file's failure from a database that cannot be written the same way;
    it is not seen by SQLAlchemy's statement events."""
    if not rows:
        return
    connection = s.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        s.execute(insert(table), rows)
        return
    columns = [table.c[name] for name in rows[0]]
    convert = [c.type.bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) FROM STDIN"
    dbapi_connection: Any = connection.connection.dbapi_connection  # psycopg's, whose cursors COPY
    try:
        with dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[c.name] if f is None else f(row[c.name]) for c, f in zip(columns, convert, strict=True)])
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dialect.loaded_dbapi.Error) from exc
