"""What a test sees of the transactions on an engine: how many were begun, and a statement
the database refuses (a failure injected in the middle of an operation)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def transactions(engine: Engine) -> Iterator[list[int]]:
    """Counts the transactions begun on ``engine`` in the block (one per unit of work)."""
    begun: list[int] = []

    def count(conn: object) -> None:
        begun.append(1)

    event.listen(engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", count)


@contextmanager
def failing_on(engine: Engine, statement: str) -> Iterator[None]:
    """The database refuses the first statement that starts with ``statement``."""

    def refuse(conn: object, cursor: object, sql: str, params: object, context: object, executemany: bool) -> None:
        if sql.startswith(statement):
            raise RuntimeError(f"injected failure: {statement}")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
