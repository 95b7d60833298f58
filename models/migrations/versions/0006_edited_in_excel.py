"""an imported return remembers that its file was changed in Excel

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 00:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch operation would rebuild "returns", and on SQLite with
    # foreign keys on that drops every child row (values, texts…) by ON DELETE CASCADE.
    op.add_column("returns", sa.Column("edited_in_excel", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE returns DROP COLUMN edited_in_excel")  # SQLite 3.35+; no rebuild (see upgrade)
    else:
        op.drop_column("returns", "edited_in_excel")
