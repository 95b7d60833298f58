"""The database: engine with safe SQLite settings, and schema upgrade on open.

``open_database`` is called once at start-up (main.py) and the engine handed
down. Opening upgrades an older schema in place with Alembic and refuses, with
the file left untouched, a database written by a newer version of the program.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.paths import APP_NAME

if TYPE_CHECKING:
    from sqlalchemy import Engine

# SQLAlchemy is imported inside the functions that use it: the window (and its first-start
# question) shows before it is loaded, and sqlite_file() of a plain path needs none of it.

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used; the message is for the clerk (Chinese)."""


class DatabaseUnavailable(DatabaseError):
    """The database may well be sound but cannot be used here and now: a read-only file
    or folder, a full disk, another program holding it. Never a reason to restore a backup."""


def storage_problem(exc: BaseException, path: Path | None) -> str | None:
    """The clerk's message for an SQLite or OS error about where the database is kept
    (read-only, full, locked, unreadable), or None when the error is about something else.

    SQLite says only "unable to open database file" or "attempt to write a readonly
    database"; whether the file or its folder is to blame is asked of the system.
    """
    text = str(exc).lower()
    errno_ = getattr(exc, "errno", None)
    where = f"数据库 {path}" if path else "数据库"
    unchanged = "操作未完成，数据库保持出错前的状态"
    if "database or disk is full" in text or errno_ == errno.ENOSPC:
        return f"磁盘已满，无法写入{where}。{unchanged}。请清理磁盘空间（或换一个有空间的位置）后重试"
    if "database is locked" in text or "database table is locked" in text:
        return f"{where}正被另一个程序使用（可能是另一个窗口或备份软件）。{unchanged}。请关闭其他程序后重试"
    if "disk i/o error" in text:
        return f"读写{where}时磁盘出错（U盘是否已拔出？磁盘是否有故障？）。{unchanged}。请检查磁盘后重试"
    readonly = "readonly database" in text or "read-only" in text or errno_ in (errno.EPERM, errno.EACCES, errno.EROFS)
    if readonly or "unable to open database file" in text:
        if path is not None:
            folder = path.parent
            if folder.is_dir() and not os.access(folder, os.W_OK):
                return (
                    f"数据库所在的文件夹 {folder} 不允许写入（只读或没有权限），无法使用其中的数据库。数据库未作任何修改。"
                    "请取消该文件夹的只读属性，或把数据库复制到可以写入的文件夹再打开"
                )
            if path.exists() and not os.access(path, os.W_OK):
                return f"数据库文件 {path} 是只读的（或没有写入权限）。数据库未作任何修改。请取消该文件的只读属性后重试"
            if path.exists() and not os.access(path, os.R_OK):
                return f"没有读取数据库文件 {path} 的权限。数据库未作任何修改。请检查文件权限后重试"
        if readonly:
            return f"{where}是只读的，无法写入。{unchanged}。请取消只读属性后重试"
        return f"无法打开{where}（{exc}）。数据库未作任何修改。请检查文件所在的磁盘和文件夹后重试"
    return None


def _unwritable(path: Path) -> str | None:
    """Why a database file (and its folder, where SQLite keeps -wal and -shm) cannot be written, or None."""
    if (path.parent.is_dir() and not os.access(path.parent, os.W_OK)) or (path.exists() and not os.access(path, os.W_OK)):
        return storage_problem(PermissionError(errno.EACCES, "read-only"), path)
    return None


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


def sqlite_file(db: str | Path | None) -> Path | None:
    """The database file behind ``--db``, or None for a server database."""
    if db is None or "://" not in str(db):
        return Path(db_url(db).removeprefix("sqlite:///"))
    from sqlalchemy.engine import make_url

    url = make_url(db_url(db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL + synchronous=FULL: a committed save survives a power cut.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _postgresql_settings(dbapi_conn: Any, _record: Any) -> None:
    # Long texts compressed with LZ4 where the server has it (PostgreSQL 14+ built with it):
    # a province's 汇总 gathers ~1,550 units' narratives into texts of ~150 kB, which its
    # audit trail keeps again, and the default (pglz) takes twice as long to write them.
    # Read back alike whichever way a value was compressed.
    with dbapi_conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cur.fetchone() is not None:
            cur.execute("SET default_toast_compression = lz4")
    dbapi_conn.commit()  # a SET of a transaction rolled back would be undone


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_settings)
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


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


def known_head() -> str | None:
    """The newest revision, read from the revision files without importing Alembic (~0.5 s
    at start-up); None when they do not say plainly (several heads, a merge): ask Alembic."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else None


def _create_at_head(engine: Engine, head: str) -> None:
    """A new, empty database: the tables made from the models and stamped at ``head``, as
    Alembic's cookbook does, rather than replaying every revision (models and migrations are
    kept equal by the ``alembic check`` test)."""
    from sqlalchemy import text

    from models.schema import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(
            text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        )
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head})


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database (Alembic's table, read without Alembic)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if revision is None else str(revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


class DatabaseDamaged(DatabaseError):
    """The file fails SQLite's integrity check; nothing was written to it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def sqlite_copy(src: Path, dest: Path) -> None:
    """SQLite's online backup: a consistent copy even while the program has the database open.

    The copy is a standalone file (no -wal/-shm appear beside it, on a USB stick, when read).
    The source is opened read-write but query-only: a read-only connection to a database in
    WAL mode that the program is using cannot rebuild the WAL index when it has to, and then
    fails with "disk I/O error" (a file that may not be written, a backup on a read-only
    stick, is still opened read-only). On failure nothing is left at ``dest``.
    """
    try:
        # mode=rw/ro: a missing source is an error, never a new empty database copied as the backup.
        try:
            source = sqlite3.connect(f"{Path(src).resolve().as_uri()}?mode=rw", uri=True)
            source.execute("PRAGMA query_only=1")
        except sqlite3.OperationalError:
            source = sqlite3.connect(f"{Path(src).resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(dest)
            try:
                source.backup(target, pages=1024)  # in steps: the program may write in between
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        remove_sqlite_file(dest)
        raise DatabaseError(str(exc)) from exc


def remove_sqlite_file(path: Path) -> None:
    """A database file and the journal files SQLite may have made beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# SQLite's own messages, in the clerk's words: what happened and what to do.
_SQLITE_MESSAGES = (
    ("disk i/o error", "读写磁盘时出错（磁盘或U盘故障、空间不足，或者杀毒软件、网盘同步程序正在占用数据库文件）"),
    ("database is locked", "数据库正被另一个程序使用，请稍后再试"),
    ("unable to open database file", "无法打开或建立文件（文件夹不存在或不允许写入）"),
    ("database or disk is full", "磁盘已满，请清理空间或换一个位置"),
    ("attempt to write a readonly database", "文件或文件夹是只读的，请换一个位置"),
    ("file is not a database", "文件不是本程序的数据库"),
    ("database disk image is malformed", "数据库文件已损坏"),
)


def describe_error(exc: BaseException) -> str:
    """An exception for the clerk: a database error (sqlite3 or SQLAlchemy's wrapper) in
    Chinese, never SQLite's English; anything else as it is."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return explain_sqlite_error(str(exc.orig))
    if isinstance(exc, sqlite3.Error):
        return explain_sqlite_error(str(exc))
    return f"{type(exc).__name__}: {exc}"


def explain_sqlite_error(message: str) -> str:
    """A SQLite error message (English) as the clerk should read it; unknown ones are kept, after a Chinese note."""
    lowered = message.lower()
    for english, chinese in _SQLITE_MESSAGES:
        if english in lowered:
            return chinese
    return f"数据库出错（{message}）"


def _clean_mark(path: Path) -> Path:
    return path.with_name(path.name + ".clean")


def _file_stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns}"


def _wal_pending(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def mark_closed_cleanly(path: Path) -> bool:
    """After the window closed its last connection to a sound database: remember the file as
    it was left, so that the next start may leave the integrity scan (most of a second on a
    province's database) until after the window is usable. Not when SQLite left a write-ahead
    log (another program still has it open): then the next start checks first."""
    try:
        if _wal_pending(path):
            return False
        _clean_mark(path).write_text(_file_stamp(path), encoding="ascii")
        return True
    except OSError:
        return False


def take_clean_mark(path: Path) -> bool:
    """True when the file is exactly as the window left it at a clean close: the same size and
    time of change, no write-ahead log (a crash or a power cut leaves one, a copy over it or
    any other writer changes the time). The mark is used once: a session that dies leaves none."""
    mark = _clean_mark(path)
    try:
        stamp = mark.read_text(encoding="ascii")
        mark.unlink()
        return not _wal_pending(path) and stamp == _file_stamp(path)
    except OSError:
        return False


def quick_check(path: Path) -> str | None:
    """SQLite's quick integrity check of a file, on its own read-only connection (it releases
    the GIL, so it can run in a thread beside the window): None when sound, else the message."""
    try:
        inspect_sqlite(path)
    except DatabaseDamaged as exc:
        return str(exc)
    except DatabaseError:
        return None  # cannot be read just now (locked, unavailable): not a finding of damage
    return None


def inspect_sqlite(path: Path, full: bool = False, check: bool = True) -> tuple[str | None, set[str]]:
    """Revision and tables of an existing file, read-only: a file we refuse is never written to.

    ``full`` runs the complete integrity check (for backups) rather than the quick one;
    ``check`` False reads the header and the schema only (models.db.take_clean_mark says when).
    """
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise DatabaseError(f"文件 {path} 不是本程序的数据库（不是 SQLite 文件），未作任何修改。请检查 --db 参数。")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchone()[0] if check else "ok"
            if found != "ok":
                raise DatabaseDamaged(f"数据库 {path} 已损坏（{found}），未作任何修改。请从备份恢复（菜单“文件 → 备份与恢复”）。", path)
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            rev = con.execute("SELECT version_num FROM alembic_version").fetchone()[0] if "alembic_version" in tables else None
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        # Cannot open or read (a read-only folder, a locked file): the file itself may be fine.
        raise DatabaseUnavailable(storage_problem(exc, path) or f"无法打开数据库 {path}（{exc}），未作任何修改。") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"数据库 {path} 已损坏或无法读取（{exc}），未作任何修改。请从备份恢复。", path) from exc
    return rev, tables


def open_database(db: str | Path | None, backup_before_upgrade: bool = True, writable: bool = True, check: bool = True) -> Engine:
    """Open (creating or upgrading) the database; raise DatabaseError if it cannot be used.

    An existing SQLite file is first checked read-only (integrity, whose it is,
    which schema revision); an older schema is backed up, then upgraded in place.
    ``writable`` (the window, every command that changes something) refuses at once a
    file or folder that cannot be written, rather than at the first save. ``check`` False
    leaves out the integrity scan (the window's, for a file closed cleanly: it scans after).
    """
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    url = db_url(db)
    head = known_head()
    if head is None:
        head = head_revision()
    sqlite_path: Path | None = None
    if make_url(url).get_backend_name() == "sqlite" and make_url(url).database:
        sqlite_path = Path(str(make_url(url).database))
    engine = None
    if writable and sqlite_path is not None and (problem := _unwritable(sqlite_path)):
        raise DatabaseUnavailable(problem)
    if sqlite_path is not None and sqlite_path.exists() and sqlite_path.stat().st_size > 0:
        rev, tables = inspect_sqlite(sqlite_path, check=check)
        if not check and rev is not None and rev != head:
            inspect_sqlite(sqlite_path)  # never upgrade a file in place unscanned
    else:
        engine = make_engine(url)
        try:
            rev = current_revision(engine)
            tables = set(inspect(engine).get_table_names())
        except Exception as exc:  # an unreachable server, a locked file, a read-only folder
            engine.dispose()
            raise DatabaseUnavailable(storage_problem(getattr(exc, "orig", None) or exc, sqlite_path) or f"无法打开数据库 {url}：{exc}") from exc
    if rev is None and tables - {"alembic_version"}:
        if engine is not None:
            engine.dispose()
        raise DatabaseError(f"数据库 {url} 含有不属于本程序的数据表，未作任何修改。请选择另一个文件。")
    if rev is not None and rev != head:  # Alembic only when the database is not at our head
        from alembic.script import ScriptDirectory

        try:
            ScriptDirectory.from_config(_alembic_config(make_engine("sqlite://"))).get_revision(rev)
        except Exception:
            if engine is not None:
                engine.dispose()
            raise DatabaseError(f"数据库 {url} 由更新版本的程序创建（结构版本 {rev}），本程序无法使用，数据库未作任何修改。请安装最新版本的程序。") from None
    if rev is not None and rev != head and sqlite_path is not None and backup_before_upgrade:
        from models.backup import BackupError, make_backup

        try:
            make_backup(sqlite_path, "upgrade")
        except BackupError as exc:
            raise DatabaseError(f"升级数据库前的备份没有成功，数据库未作任何修改：{exc}") from exc
    engine = engine or make_engine(url)
    if rev != head:
        try:
            if rev is None and not tables:
                _create_at_head(engine, head)
            else:
                upgrade(engine)
        except Exception as exc:
            problem = storage_problem(getattr(exc, "orig", None) or exc, sqlite_path)
            if problem is None:
                raise
            engine.dispose()
            raise DatabaseUnavailable(problem) from exc
    return engine
