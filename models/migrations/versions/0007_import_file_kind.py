"""the 收件箱 tells a damaged file, a file that is not a return and a 退回通知 apart

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 02:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("import_files", sa.Column("kind", sa.String(length=16), server_default="return", nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE import_files DROP COLUMN kind")
    else:
        op.drop_column("import_files", "kind")
