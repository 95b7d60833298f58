"""every return carries a version and its last writer: no lost update on a shared server

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 02:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch operation would rebuild "returns", and on SQLite with
    # foreign keys on that drops every child row (values, texts…) by ON DELETE CASCADE.
    op.add_column("returns", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("returns", sa.Column("updated_by", sa.String(length=100), server_default="", nullable=False))


def downgrade() -> None:
    for column in ("updated_by", "version"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE returns DROP COLUMN {column}")  # SQLite 3.35+; no rebuild (see upgrade)
        else:
            op.drop_column("returns", column)
