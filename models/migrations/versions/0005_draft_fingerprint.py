"""drafted text remembers the figures it was drafted from

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("return_texts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drafted_from", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("return_texts", schema=None) as batch_op:
        batch_op.drop_column("drafted_from")
