"""One writer per database: an OS lock on a file beside it.

The operating system drops the lock when the process ends, however it ends
(a crash, a power cut, a kill), so a stale lock never blocks; the file's text
only says who holds it, for the message.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sys
from pathlib import Path
from typing import IO


class AlreadyOpen(Exception):
    """Another copy of the program has this database open; the message says so politely."""


def _try_lock(f: IO[bytes]) -> bool:
    try:
        f.seek(0)
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DatabaseLock:
    """Hold the lock for as long as this object is open: ``with DatabaseLock(db_path): ...``."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            f = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:
            # Not another copy: the folder cannot be written (read-only, a full disk), so neither can the database.
            from models.db import DatabaseUnavailable, storage_problem

            db_path = self.path.with_name(self.path.name.removesuffix(".lock"))
            raise DatabaseUnavailable(
                storage_problem(exc, db_path) or f"无法在 {self.path.parent} 中建立锁文件（{exc.strerror or exc}），数据库未作任何修改。"
            ) from exc
        if not _try_lock(f):
            try:
                f.seek(0)
                holder = f.read().decode("utf-8", "replace").strip()
            except OSError:  # Windows refuses to read the locked byte
                holder = ""
            f.close()
            raise AlreadyOpen(
                f"这个数据库已经在另一个窗口或另一台电脑上打开（{holder or '未知'}）。"
                "为避免数据被覆盖，同一时间只能有一个程序修改它。请先关闭另一个窗口，再重新打开。"
            )
        f.seek(0)
        f.truncate()
        # The byte Windows locks (0) must exist, and the text says who holds the lock.
        f.write(f"{socket.gethostname()} 进程 {os.getpid()} 自 {dt.datetime.now():%Y-%m-%d %H:%M}".encode())
        f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the OS lock
            self._file = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
