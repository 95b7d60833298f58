"""Alembic environment: runs on the engine handed in by models.db (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from models.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        # render_as_batch: SQLite can only ALTER by copying the table.
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
