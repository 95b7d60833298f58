"""The log file and the diagnostics text shown in 关于/诊断 (copied by the clerk for support)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSION = "0.1.0"
_HANDLER_NAME = "hrh-file-log"


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full disk) is skipped: it must never print a traceback at the clerk."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def fallback_log_folder() -> Path:
    """Where the log goes when the data folder cannot be written: the system's temporary folder."""
    return Path(tempfile.gettempdir()) / "hrh-logs"


def configure_logging(folder: Path | None) -> Path | None:
    """Errors and their traces to a rotating log file in ``folder`` (the data folder); returns its path."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if h.get_name() == _HANDLER_NAME:
            root.removeHandler(h)
            h.close()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "hrh.log"
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return None
        handler = _QuietFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", errors="backslashreplace", delay=True)
    except OSError:
        return None  # a read-only data folder must not stop the program
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


def diagnostics(engine: Engine | None, db: str, extra: dict[str, str] | None = None) -> str:
    """Plain text: versions, database, schema revision, backups, log file."""
    from models.backup import backup_dir, list_backups
    from models.db import current_revision, head_revision, sqlite_file

    lines = [
        f"程序版本: {VERSION}",
        f"Python: {sys.version.split()[0]} ({platform.platform()})",
        f"数据库: {db}",
    ]
    path = sqlite_file(db)
    if path is not None and path.exists():
        lines.append(f"数据库大小: {path.stat().st_size:,} 字节")
        backups = list_backups(backup_dir(path), path.stem)
        lines.append(f"备份: {len(backups)} 个" + (f"，最新 {backups[0].label}" if backups else ""))
        lines.append(f"日志: {path.parent / 'logs' / 'hrh.log'}")
    if engine is not None:
        try:
            lines.append(f"结构版本: {current_revision(engine)}（程序 {head_revision()}）")
        except Exception as exc:  # diagnostics must never fail
            lines.append(f"结构版本: 无法读取（{exc}）")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)
