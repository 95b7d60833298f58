"""Opening, upgrading and refusing databases; the schema matches the migrations."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from models.db import DatabaseError, _alembic_config, current_revision, head_revision, known_head, make_engine, open_database, upgrade


def test_new_database_is_at_head_with_safe_pragmas(db_path: Path) -> None:
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    engine.dispose()


def test_models_and_migrations_agree(db_path: Path) -> None:
    """alembic check: a model change without a migration fails here (on a database built by
    the migrations: a new one is made from the models)."""
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    command.check(_alembic_config(engine))
    engine.dispose()


def test_the_index_of_return_ids_is_made_on_postgresql_alone(db_url: str) -> None:
    """汇总's index of the figures by return (models.schema.only_on): on PostgreSQL in a new
    database made from the models and again after its revision is undone and redone, on
    SQLite never; either way ``alembic check`` finds the models and the database agree.
    (On PostgreSQL with HRH_TEST_PG_URL set, as ``make test-pg`` runs it.)"""
    engine = open_database(db_url, backup_before_upgrade=False)
    on_postgresql = engine.dialect.name == "postgresql"

    def indexed() -> bool:
        return "ix_return_values_return_id" in {ix["name"] for ix in inspect(engine).get_indexes("return_values")}

    assert indexed() == on_postgresql
    command.downgrade(_alembic_config(engine), "0008")
    assert not indexed()
    upgrade(engine)
    assert indexed() == on_postgresql
    command.check(_alembic_config(engine))
    engine.dispose()


def test_long_texts_are_compressed_with_lz4_where_the_server_has_it(db_url: str) -> None:
    """On PostgreSQL a 汇总表's long texts are written with LZ4 (faster than the default pglz)
    when the server offers it; every connection of the engine says so."""
    engine = open_database(db_url, backup_before_upgrade=False)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        pytest.skip("PostgreSQL only (make test-pg)")
    with engine.connect() as c:
        offered = c.execute(text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")).scalar()
        first = c.execute(text("SHOW default_toast_compression")).scalar()
        c.rollback()
        with engine.connect() as other:  # a second connection of the pool, made after a rollback of the first
            second = other.execute(text("SHOW default_toast_compression")).scalar()
    assert (first, second) == (("lz4", "lz4") if offered else ("pglz", "pglz"))
    engine.dispose()


def schema_of(engine: Engine) -> dict[str, object]:
    found = inspect(engine)
    return {
        table: (
            sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in found.get_columns(table)),  # added columns come last
            found.get_pk_constraint(table),
            sorted(found.get_foreign_keys(table), key=str),
            sorted(found.get_indexes(table), key=str),
            sorted(found.get_unique_constraints(table), key=str),
        )
        for table in sorted(found.get_table_names())
    }


def test_a_new_database_is_made_from_the_models_as_the_migrations_would_make_it(tmp_path: Path) -> None:
    """The first start creates the tables and stamps the head instead of replaying every revision."""
    assert known_head() == head_revision()
    new = open_database(tmp_path / "new.db")
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(migrated)
    assert schema_of(new) == schema_of(migrated)
    assert current_revision(new) == current_revision(migrated) == head_revision()
    new.dispose()
    migrated.dispose()
    # and it opens again without Alembic being asked anything
    open_database(tmp_path / "new.db").dispose()


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
        assert c.execute(text("SELECT value FROM return_values WHERE code='staff.total'")).scalar() == 4200  # 0003: in 分
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


def _database_at_0002_with_doubles(db_path: Path) -> None:
    """Values as the release before 0003 stored them: NUMERIC(18, 2), which SQLite keeps as
    INTEGER when whole and as a double (REAL) otherwise."""
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0002")
    with engine.begin() as c:
        c.execute(text("INSERT INTO units (code, name, level, credit_code, sort_order) VALUES ('U1', '老数据卫生院', 'township', '', 0)"))
        c.execute(
            text(
                "INSERT INTO returns (unit_id, period, scope, status, origin, template_id, template_version, unit_head, stats_head, filled_by, phone, source_file, created_at, updated_at, review_status, review_note)"
                " VALUES (1, '2024Q4', 'own', 'draft', 'entered', 'hrh-quarterly', 1, '', '', '', '', '', '2025-01-05 09:00:00', '2025-01-05 09:00:00', '', '')"
            )
        )
        for code, value in (
            ("staff.total", "1922"),
            ("staff.female", "0"),
            ("incent.funding", "12.5"),
            ("recruit.posts", "98765432109876.54"),
            ("recruit.hired", "0.1"),
        ):
            c.execute(text(f"INSERT INTO return_values (return_id, code, value) VALUES (1, '{code}', {value})"))
        c.execute(
            text(
                "INSERT INTO allowances (return_id, position, name, persons, monthly_standard, one_off, amount, unit_name)"
                " VALUES (1, 0, '黄山名医', 20, 300, NULL, 18000.1, ''), (1, 1, '江淮名医', 1, NULL, 98765432109876.54, 0.29, '')"
            )
        )
        types = dict(c.execute(text("SELECT code, typeof(value) FROM return_values")).all())
    engine.dispose()
    assert types["incent.funding"] == "real" and types["staff.total"] == "integer"  # as the old program stored them


def test_0003_turns_stored_doubles_into_exact_cents_after_a_backup(db_path: Path) -> None:
    from models.backup import backup_dir, list_backups
    from models.returns import ReturnService

    _database_at_0002_with_doubles(db_path)
    engine = open_database(db_path)
    assert current_revision(engine) == head_revision()
    with engine.connect() as c:
        stored = dict(c.execute(text("SELECT code, value FROM return_values")).all())
        kinds = {t for (t,) in c.execute(text("SELECT DISTINCT typeof(value) FROM return_values"))}
        money = c.execute(text("SELECT monthly_standard, one_off, amount FROM allowances ORDER BY position")).all()
    # Whole numbers of 分. The double of 98765432109876.54 was already …76.55 (what the old
    # program showed); the conversion keeps exactly that, it cannot recover a lost cent.
    assert stored == {"staff.total": 192200, "staff.female": 0, "incent.funding": 1250, "recruit.posts": 9876543210987655, "recruit.hired": 10}
    assert kinds == {"integer"}
    assert money == [(30000, None, 1800010), (None, 9876543210987655, 29)]
    data = ReturnService(engine).store.load("U1", "2024Q4")
    assert data is not None
    assert data.values["incent.funding"] == Decimal("12.50") and data.values["staff.total"] == 1922 and data.values["staff.female"] == 0
    assert [(a.monthly_standard, a.one_off, a.amount) for a in data.allowances] == [
        (Decimal("300.00"), None, Decimal("18000.10")),
        (None, Decimal("98765432109876.55"), Decimal("0.29")),
    ]
    engine.dispose()
    # The backup taken before the upgrade is the database as it was, doubles and all.
    (backup,) = list_backups(backup_dir(db_path))
    assert backup.reason == "upgrade"
    con = sqlite3.connect(backup.path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
        assert con.execute("SELECT value FROM return_values WHERE code='incent.funding'").fetchone()[0] == 12.5
    finally:
        con.close()


def test_0003_downgrades_back_to_the_same_figures(db_path: Path) -> None:
    _database_at_0002_with_doubles(db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    command.downgrade(_alembic_config(engine), "0002")
    with engine.connect() as c:
        assert dict(c.execute(text("SELECT code, value FROM return_values WHERE code IN ('staff.total', 'incent.funding')")).all()) == {
            "staff.total": 1922,
            "incent.funding": 12.5,
        }
    upgrade(engine)
    with engine.connect() as c:
        assert c.execute(text("SELECT value FROM return_values WHERE code='incent.funding'")).scalar() == 1250
    engine.dispose()


def test_a_read_only_folder_is_unavailable_not_damaged(tmp_path: Path) -> None:
    """The window offers a backup for DatabaseDamaged: a folder it cannot write must not be taken for damage."""
    import shutil
    import subprocess

    from models.db import DatabaseDamaged, DatabaseUnavailable

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "returns.db"
    open_database(db).dispose()
    con = sqlite3.connect(db)  # the last connection closes cleanly: no -wal/-shm left
    con.execute("SELECT 1").fetchone()
    con.close()
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(DatabaseUnavailable, match="不允许写入") as caught:
            open_database(db)
        assert not isinstance(caught.value, DatabaseDamaged)
        assert "损坏" not in str(caught.value)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


def test_sqlite_messages_are_explained_in_chinese() -> None:
    import sqlite3

    from models.db import describe_error, explain_sqlite_error

    assert explain_sqlite_error("disk I/O error").startswith("读写磁盘时出错")
    assert explain_sqlite_error("database is locked") == "数据库正被另一个程序使用，请稍后再试"
    assert explain_sqlite_error("something new") == "数据库出错（something new）"
    assert "disk I/O" not in describe_error(sqlite3.OperationalError("disk I/O error"))
    assert describe_error(ValueError("x")) == "ValueError: x"


def test_a_clean_close_is_remembered_once_and_only_for_the_file_as_it_was_left(db_path: Path) -> None:
    from models.db import mark_closed_cleanly, take_clean_mark

    open_database(db_path).dispose()
    assert not take_clean_mark(db_path), "never closed cleanly by the window: scan"
    assert mark_closed_cleanly(db_path)
    assert take_clean_mark(db_path)
    assert not take_clean_mark(db_path), "used once: a session that dies leaves no mark"
    assert mark_closed_cleanly(db_path)
    engine = open_database(db_path)
    with engine.begin() as conn:  # another writer (a command) changes the file after the close
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
    engine.dispose()
    assert not take_clean_mark(db_path), "changed since: scan"


def test_no_clean_close_is_remembered_while_a_write_ahead_log_is_left(db_path: Path) -> None:
    from models.db import mark_closed_cleanly, take_clean_mark

    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)  # another program still has it open, with a write not yet checkpointed
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    con.commit()
    try:
        assert not mark_closed_cleanly(db_path)
        assert not take_clean_mark(db_path)
    finally:
        con.close()


def test_unchecked_open_still_scans_before_an_upgrade(db_path: Path) -> None:
    from tests.models.test_backup import damage

    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0001")
    engine.dispose()
    damage(db_path)
    with pytest.raises(DatabaseError, match="已损坏"):
        open_database(db_path, check=False)


def test_quick_check_names_damage_and_passes_a_sound_file(db_path: Path) -> None:
    from models.db import quick_check
    from tests.models.test_backup import damage

    open_database(db_path).dispose()
    assert quick_check(db_path) is None
    damage(db_path)
    assert "已损坏" in (quick_check(db_path) or "")
