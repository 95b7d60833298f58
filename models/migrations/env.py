"""Alembic environment: runs on the engine handed in by models.db (no alembic.ini)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from models.schema import Base, ExactDecimal

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """ExactDecimal is a BIGINT of 分 in the database: new revisions say so, without
    importing models (a revision must not change when the models do)."""
    if kind == "type" and isinstance(obj, ExactDecimal):
        return "sa.BigInteger()"
    return False


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """An index the models make on one kind of database only (models.schema.only_on) is not
    missed on another."""
    only_on = obj.info.get("only_on") if type_ == "index" and not reflected else None
    return only_on is None or only_on == context.get_context().dialect.name


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        # render_as_batch: SQLite can only ALTER by copying the table.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            render_item=render_item,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
