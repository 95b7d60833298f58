"""Opening, upgrading and refusing databases; the schema matches the migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from models.db import DatabaseError, _alembic_config, current_revision, head_revision, make_engine, open_database, upgrade


def test_new_database_is_at_head_with_safe_pragmas(db_path: Path) -> None:
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    engine.dispose()


def test_models_and_migrations_agree(db_path: Path) -> None:
    """alembic check: a model change without a migration fails here."""
    engine = open_database(db_path)
    command.check(_alembic_config(engine))
    engine.dispose()


def test_upgrade_from_first_revision_keeps_data(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO units (code, name, level, credit_code, sort_order) VALUES ('U1', '老数据卫生院', 'township', '', 0)"))
        c.execute(
            text(
                "INSERT INTO returns (unit_id, period, scope, status, origin, template_id, template_version, unit_head, stats_head, filled_by, phone, source_file, created_at, updated_at)"
                " VALUES (1, '2024Q4', 'own', 'draft', 'imported', 'hrh-quarterly', 1, '', '', '', '', 'a.xlsx', '2025-01-05 09:00:00', '2025-01-05 09:00:00')"
            )
        )
        c.execute(text("INSERT INTO return_values (return_id, code, value) VALUES (1, 'staff.total', 42)"))
    engine.dispose()
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        assert c.execute(text("SELECT name FROM units WHERE code='U1'")).scalar() == "老数据卫生院"
        assert c.execute(text("SELECT value FROM return_values WHERE code='staff.total'")).scalar() == 42
        # 0002 back-fills when an imported return was received
        assert c.execute(text("SELECT received_at, review_status FROM returns")).one() == ("2025-01-05 09:00:00", "")
    engine.dispose()


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="更新版本的程序"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(DatabaseError, match="不是 SQLite 文件"):
        open_database(path)
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="不属于本程序"):
        open_database(path)


def test_sqlite_messages_are_explained_in_chinese() -> None:
    import sqlite3

    from models.db import describe_error, explain_sqlite_error

    assert explain_sqlite_error("disk I/O error").startswith("读写磁盘时出错")
    assert explain_sqlite_error("database is locked") == "数据库正被另一个程序使用，请稍后再试"
    assert explain_sqlite_error("something new") == "数据库出错（something new）"
    assert "disk I/O" not in describe_error(sqlite3.OperationalError("disk I/O error"))
    assert describe_error(ValueError("x")) == "ValueError: x"
