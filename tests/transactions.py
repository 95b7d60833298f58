"""What a test sees of the transactions on an engine: how many were begun."""

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
