"""The database: engine with safe SQLite settings, and schema upgrade on open.

``open_database`` is called once at start-up (main.py) and the engine handed
down. Opening upgrades an older schema in place with Alembic and refuses, with
the file left untouched, a database written by a newer version of the program.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
APP_NAME = "hrh-returns"


class DatabaseError(Exception):
    """The database cannot be used; the message is for the clerk (Chinese)."""


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "returns.db"


def db_url(db: str | Path | None) -> str:
    """``--db`` takes a file path or an SQLAlchemy URL; None means the default file."""
    if db is None:
        path = default_db_path()
    elif "://" in str(db):
        return str(db)
    else:
        path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL + synchronous=FULL: a committed save survives a power cut.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(make_engine("sqlite://"))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


def open_database(db: str | Path | None) -> Engine:
    """Open (creating or upgrading) the database; raise DatabaseError if it cannot be used."""
    from alembic.script import ScriptDirectory

    url = db_url(db)
    if make_url(url).get_backend_name() == "sqlite":
        path = make_url(url).database
        if path and Path(path).exists() and Path(path).stat().st_size > 0:
            with open(path, "rb") as f:
                if f.read(16) != b"SQLite format 3\x00":
                    raise DatabaseError(f"文件 {path} 不是本程序的数据库（不是 SQLite 文件），未作任何修改。请检查 --db 参数。")
    engine = make_engine(url)
    try:
        rev = current_revision(engine)
        tables = set(inspect(engine).get_table_names())
    except Exception as exc:  # a locked, damaged or unreachable database
        engine.dispose()
        raise DatabaseError(f"无法打开数据库 {url}：{exc}") from exc
    script = ScriptDirectory.from_config(_alembic_config(engine))
    if rev is None and tables - {"alembic_version"}:
        engine.dispose()
        raise DatabaseError(f"数据库 {url} 含有不属于本程序的数据表，未作任何修改。请选择另一个文件。")
    if rev is not None:
        try:
            script.get_revision(rev)
        except Exception:
            engine.dispose()
            raise DatabaseError(
                f"数据库 {url} 由更新版本的程序创建（结构版本 {rev}），本程序无法使用，数据库未作任何修改。请安装最新版本的程序。"
            ) from None
    if rev != script.get_current_head():
        upgrade(engine)
    return engine
