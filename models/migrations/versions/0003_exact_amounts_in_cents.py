"""exact amounts: figures and allowance money as whole numbers of 分 (BIGINT)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 23:00:00

SQLite kept ``NUMERIC(18, 2)`` as a double: 12.5 as 12.5, but 98765432109876.54
as 98765432109876.55. Each stored value becomes value × 100 in a BIGINT column.
A double is read as the shortest decimal that is that double (``repr``), rounded
half-up to 2 places: exactly what the old program showed, so nothing the clerk
saw changes (cents a double had already lost cannot be brought back). Values are
converted in Python, not with SQL arithmetic, which would go through doubles again.
A new column is filled and then takes the old one's place, so the conversion
never passes through a column too narrow for it (PostgreSQL's numeric(18, 2)).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, key columns, amount columns, nullable)
TABLES = (
    ("return_values", ("return_id", "code"), ("value",), False),
    ("allowances", ("id",), ("monthly_standard", "one_off", "amount"), True),
)
CENT = Decimal("0.01")


def to_cents(value: object) -> int | None:
    """A value as the old schema returned it (int, float, Decimal or text) as 分."""
    if value is None:
        return None
    if isinstance(value, float):
        exact = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        exact = Decimal(value)
    else:
        exact = Decimal(str(value).strip())
    return int(exact.quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def from_cents(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).scaleb(-2)


def _convert(new_type: sa.types.TypeEngine[Any], convert: Callable[[object], object]) -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    for table, keys, columns, nullable in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for col in columns:
                batch_op.add_column(sa.Column(f"{col}_new", new_type, nullable=True))
        # Exact arithmetic is done in SQL (SQLite's whole numbers, stored as INTEGER, and
        # PostgreSQL's numeric); only SQLite's doubles need Python's repr, row by row.
        select_rows = f"SELECT {', '.join(keys)}, {', '.join(columns)} FROM {table}"
        if convert is to_cents and sqlite:
            for col in columns:
                op.execute(f"UPDATE {table} SET {col}_new = {col} * 100 WHERE typeof({col}) = 'integer'")
            select_rows += " WHERE " + " OR ".join(f"typeof({col}) NOT IN ('integer', 'null')" for col in columns)
        elif convert is to_cents:
            for col in columns:
                op.execute(f"UPDATE {table} SET {col}_new = CAST(ROUND({col} * 100) AS BIGINT)")
            select_rows = ""
        rows = conn.execute(sa.text(select_rows)).all() if select_rows else []
        if rows:
            sets = ", ".join(f"{c}_new = :{c}" for c in columns)
            where = " AND ".join(f"{k} = :k_{k}" for k in keys)
            params = [{**{f"k_{k}": row[i] for i, k in enumerate(keys)}, **{c: convert(row[len(keys) + j]) for j, c in enumerate(columns)}} for row in rows]
            update = sa.text(f"UPDATE {table} SET {sets} WHERE {where}").bindparams(*(sa.bindparam(c, type_=new_type) for c in columns))
            conn.execute(update, params)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for col in columns:
                batch_op.drop_column(col)
                batch_op.alter_column(f"{col}_new", new_column_name=col, existing_type=new_type, nullable=nullable)


def upgrade() -> None:
    _convert(sa.BigInteger(), to_cents)


def downgrade() -> None:
    _convert(sa.Numeric(precision=18, scale=2), from_cents)
