"""Shared fixtures: every test gets its own real SQLite file in tmp_path."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "HRH_CACHE_DIR" not in os.environ:  # the parsed templates, never in the tester's own cache; gone after the run
    os.environ["HRH_CACHE_DIR"] = tempfile.mkdtemp(prefix="hrh-test-cache-")
    atexit.register(shutil.rmtree, os.environ["HRH_CACHE_DIR"], True)

from models.db import open_database  # noqa: E402
from models.returns import ReturnService  # noqa: E402
from models.template import Template, default_registry  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "returns.db"


@pytest.fixture
def db_url(db_path: Path) -> Iterator[str]:
    """The test's database: its own SQLite file, or (with HRH_TEST_PG_URL set) its own
    database on that PostgreSQL server, dropped afterwards."""
    server = os.environ.get("HRH_TEST_PG_URL")
    if not server:
        yield str(db_path)
        return
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"hrh_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def service(db_url: str) -> Iterator[ReturnService]:
    engine = open_database(db_url)
    yield ReturnService(engine, who="tester")
    engine.dispose()


@pytest.fixture
def demo_service(service: ReturnService) -> ReturnService:
    from models.demo import build_demo

    build_demo(service)
    return service


@pytest.fixture
def template() -> Template:
    return default_registry().get("hrh-quarterly", 1)  # type: ignore[return-value]


def snapshot(path: Path) -> list[str]:
    """Every row of every table, as SQL text: equal snapshots mean an unchanged database."""
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def db_snapshot() -> Callable[[Path], list[str]]:
    return snapshot
