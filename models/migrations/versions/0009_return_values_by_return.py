"""PostgreSQL: the figures of a return found by an index of return ids alone (汇总 of a province)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":  # models.schema: on SQLite the primary key serves
        op.create_index("ix_return_values_return_id", "return_values", ["return_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_return_values_return_id", table_name="return_values")
