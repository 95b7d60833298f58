"""What a test sees of the transactions on an engine (how many were begun), and a write made
to fail halfway through one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, Table, event
from sqlalchemy.orm import Session

import models.store


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


def refuse_rows_of(monkeypatch: pytest.MonkeyPatch, table_name: str) -> None:
    """The store's next writes of rows into ``table_name`` fail (RuntimeError "injected failure"):
    they are written by insert_rows, a COPY on PostgreSQL, which statement events do not see."""
    real = models.store.insert_rows

    def refuse(s: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
        if table.name == table_name:
            raise RuntimeError(f"injected failure: {table_name}")
        real(s, table, rows)

    monkeypatch.setattr(models.store, "insert_rows", refuse)
