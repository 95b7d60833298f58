"""Backups with SQLite's online backup API, kept as a rotating set beside the database.

A backup is taken at the first start of each day, before every schema upgrade
and before every import batch; a restore checks the file first and keeps the
current database as a backup before replacing anything.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.db import DatabaseDamaged, DatabaseError, explain_sqlite_error, inspect_sqlite, remove_sqlite_file, sqlite_copy

log = logging.getLogger(__name__)

KEEP_DAYS = 14
KEEP_MONTHS = 12
KEEP_EACH_EVENT = 10  # upgrade / import / restore backups kept besides the daily ones
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z-]+)\.db$")
REASON_LABELS = {"daily": "每日自动", "upgrade": "升级前", "import": "导入前", "manual": "手动", "before-restore": "恢复前"}


class BackupError(Exception):
    """A backup or restore failed; the message (Chinese) says what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken: dt.datetime
    reason: str

    @property
    def label(self) -> str:
        return f"{self.taken:%Y-%m-%d %H:%M}（{REASON_LABELS.get(self.reason, self.reason)}）"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def make_backup(
    db_path: Path, reason: str, folder: Path | None = None, now: dt.datetime | None = None, attempts: int = 3, wait: Callable[[float], None] = time.sleep
) -> Path:
    """Copy the database to ``folder`` (default: backups/ beside it); returns the new file.

    A copy that fails is removed and tried again (``attempts`` in all, a moment apart: the
    program or an import may be writing); every failure is logged. Raises BackupError with
    the reason in Chinese; no partial file is ever left behind.
    """
    folder = folder or backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.error("backup folder %s cannot be made: %s", folder, exc)
        raise BackupError(f"备份失败（{folder}）：无法建立备份文件夹（{_why(exc)}）。请检查磁盘空间或换一个位置。") from exc
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while dest.exists():
        dest = folder / f"{db_path.stem}-{stamp}-{n}-{reason}.db"
        n += 1
    tmp = dest.with_suffix(".tmp")
    for attempt in range(1, attempts + 1):
        try:
            sqlite_copy(db_path, tmp)
            tmp.replace(dest)
            break
        except (OSError, DatabaseError) as exc:
            remove_sqlite_file(tmp)  # a copy cut short is never left behind
            log.warning("backup of %s to %s failed (attempt %d of %d): %s", db_path, dest, attempt, attempts, exc)
            lasting = _lasting(exc)  # a full disk or a read-only folder: trying again will not help
            if attempt == attempts or lasting:
                log.error("backup of %s failed: %s", db_path, exc)
                tried = "" if lasting else f"已试了 {attempts} 次，"
                raise BackupError(f"备份失败（{folder}）：{_why(exc)}。{tried}没有留下不完整的备份文件。请检查磁盘空间或换一个位置，稍后再试。") from exc
            wait(0.5 * attempt)
    log.info("backup %s", dest)
    if folder == backup_dir(db_path):
        rotate(folder, db_path.stem)
    return dest


def _lasting(exc: BaseException) -> str | None:
    """A full disk or a read-only folder, in the clerk's words; None for anything else."""
    cause = exc.__cause__ or exc
    text = str(cause).lower()
    if getattr(cause, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return "磁盘已满"
    if getattr(cause, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "unable to open" in text:
        return "文件夹不允许写入（只读或没有权限）"
    return None


def _why(exc: BaseException) -> str:
    """A failed copy in the clerk's words: a full disk and a read-only folder are the usual causes."""
    if lasting := _lasting(exc):
        return lasting
    if isinstance(exc, DatabaseError):
        return explain_sqlite_error(str(exc))
    return getattr(exc, "strerror", None) or str(exc)


def list_backups(folder: Path, stem: str = "returns") -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    found = []
    if folder.is_dir():
        for p in folder.glob("*.db"):
            m = _NAME.match(p.name)
            if m and m["stem"] == stem:
                taken = dt.datetime.strptime(m["stamp"][:15], "%Y%m%d-%H%M%S")
                found.append(BackupInfo(p, taken, m["reason"]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def rotate(folder: Path, stem: str = "returns") -> None:
    """Keep the newest daily backup of each of the last 14 days and 12 months, and the last 10
    of each event (import, upgrade, restore…). Days count daily backups only: a later event
    backup on the same day must not push out that day's daily one (it did, and a restore
    from that daily backup then found its file gone)."""
    keep: set[Path] = set()
    days: dict[dt.date, Path] = {}
    months: dict[tuple[int, int], Path] = {}
    per_reason: dict[str, int] = {}
    for b in list_backups(folder, stem):  # newest first
        if b.reason == "daily":
            days.setdefault(b.taken.date(), b.path)
            months.setdefault((b.taken.year, b.taken.month), b.path)
        else:
            per_reason[b.reason] = per_reason.get(b.reason, 0) + 1
            if per_reason[b.reason] <= KEEP_EACH_EVENT:
                keep.add(b.path)
    keep |= {p for _, p in sorted(days.items(), reverse=True)[:KEEP_DAYS]}
    keep |= {p for _, p in sorted(months.items(), reverse=True)[:KEEP_MONTHS]}
    for b in list_backups(folder, stem):
        if b.path not in keep:
            b.path.unlink(missing_ok=True)


def daily_backup_if_due(db_path: Path, today: dt.date | None = None) -> Path | None:
    """The first start of each day takes a backup (an empty, new database needs none)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    today = today or dt.date.today()
    if any(b.taken.date() == today for b in list_backups(backup_dir(db_path), db_path.stem)):
        return None
    return make_backup(db_path, "daily")


def check_file(path: Path) -> str | None:
    """None when ``path`` is a sound database of this program; else what is wrong (Chinese)."""
    try:
        _rev, tables = inspect_sqlite(path, full=True)
    except DatabaseDamaged as exc:
        return f"文件已损坏或无法读取（{exc}）"
    except DatabaseError:
        return "不是本程序的数据库文件"
    except OSError as exc:
        return f"无法读取（{exc}）"
    if not {"alembic_version", "returns", "units"} <= tables:
        return "不是本程序的数据库文件"
    return None


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    return next((b for b in list_backups(backup_dir(db_path), db_path.stem) if check_file(b.path) is None), None)


def restore(backup: Path, db_path: Path) -> Path | None:
    """Replace the database with a backup after checking it; the current one is backed up first.

    Returns the backup of the database as it was (None if there was none). The
    program must not have the database open while restoring.
    """
    problem = check_file(backup)
    if problem:
        raise BackupError(f"备份文件 {backup.name} {problem}，未作任何修改。请选择另一个备份。")
    # The backup is copied first: making the before-restore backup rotates the folder.
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        sqlite_copy(backup, tmp)
    except (OSError, DatabaseError) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"恢复失败：{exc}。原数据库未改动。") from exc
    kept = None
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                kept = make_backup(db_path, "before-restore")
            except BackupError:
                # A damaged current database cannot be read by the backup API: keep its bytes.
                kept = backup_dir(db_path) / f"{db_path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}-damaged.db"
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(db_path.read_bytes())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"恢复失败：无法保留现在的数据库（{exc.strerror or exc}）。原数据库未改动。") from exc
    try:
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        tmp.replace(db_path)
    except (OSError, DatabaseError) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"恢复失败：{exc}。原数据库未改动。") from exc
    return kept
