"""How a command ends: every failure as one Chinese line and a documented exit code.

``main.main`` runs each command through ``run_guarded``; this is the one place
that decides what the clerk is told when a command fails. No Python traceback
reaches the terminal: the trace goes to the log file (models.diagnostics).
The exit codes are listed in README.md ("Exit codes"); a test keeps the two equal.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3
EXIT_FILE = 4
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in the program
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it

EXIT_CODES = {
    EXIT_OK: "成功 / fine",
    EXIT_FINDINGS: "审核发现错误 / the check found errors",
    EXIT_BAD_INPUT: "输入或用法有误 / bad input or usage",
    EXIT_DATABASE: "数据库无法打开或写入 / the database cannot be opened or written",
    EXIT_FILE: "文件无法读取或写入 / a file cannot be read or written",
    EXIT_INTERNAL: "程序内部错误 / internal error (a bug)",
    EXIT_INTERRUPTED: "已中断 / interrupted (Ctrl+C)",
}

# Arguments that name files: their bytes are kept as the system gave them, never re-decoded.
PATH_ARGUMENTS = frozenset({"db"})
# Errors of a path the clerk typed (no such folder, a folder's name): a usage mistake, not I/O.
_BAD_PATH_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG})

log = logging.getLogger("hrh")


class CommandError(Exception):
    """A command cannot go on; the message (Chinese, one line) says why and what to do."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def file_error(message: str, exc: OSError) -> CommandError:
    """A file that cannot be written or read: a mistyped path is bad input (2), anything else I/O (4)."""
    return CommandError(message, EXIT_BAD_INPUT if exc.errno in _BAD_PATH_ERRNOS else EXIT_FILE)


def make_console_safe() -> None:
    """A character the terminal cannot show is replaced, never an exception (an old GBK console, a pipe)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def decode_text_arguments(args: argparse.Namespace) -> None:
    """Text typed in a terminal whose encoding is not UTF-8 (a Chinese Windows console, GBK).

    Python hands such bytes over as lone surrogates (surrogateescape); storing them
    would fail. They are read as GB18030 (a superset of GBK) when that works, else
    refused naming the argument. File names are left as the system gave them.
    """
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS or not isinstance(value, str) or not any("\udc80" <= ch <= "\udcff" for ch in value):
            continue
        option = "--" + name.replace("_", "-")
        try:
            text = os.fsencode(value).decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            raise CommandError(
                f"参数 {option} 中有无法识别的文字（既不是 UTF-8 也不是 GBK 编码）。请把终端设为 UTF-8（Windows 可先运行 chcp 65001）后重新输入"
            ) from None
        log.info("argument %s was not UTF-8; read as GB18030", option)
        setattr(args, name, text)


def explain(exc: BaseException, db_path: Path | None, log_path: Path | None) -> tuple[str, int]:
    """The clerk's line and the exit code for an exception that ended a command."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from formats.errors import FileProblems
    from formats.files import os_error_reason
    from models.backup import BackupError
    from models.db import DatabaseError, storage_problem
    from models.lock import AlreadyOpen
    from models.returns import ServiceError

    if isinstance(exc, CommandError):
        return str(exc), exc.code
    if isinstance(exc, KeyboardInterrupt):
        return "已中断。正在进行的那一步没有写入数据库。", EXIT_INTERRUPTED
    if isinstance(exc, (DatabaseError, BackupError, AlreadyOpen)):
        return str(exc), EXIT_DATABASE
    if isinstance(exc, FileProblems):
        return exc.report(), EXIT_BAD_INPUT
    if isinstance(exc, ServiceError):
        return str(exc), EXIT_BAD_INPUT
    if isinstance(exc, (DBAPIError, sqlite3.Error)):
        driver = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
        problem = storage_problem(driver, db_path)
        if problem is not None:
            return problem, EXIT_DATABASE
        text = str(driver).lower()
        if "malformed" in text or "not a database" in text:
            return f"数据库 {db_path or ''} 已损坏（{driver}），操作未完成。请从备份恢复（窗口中“文件 → 备份与恢复”）", EXIT_DATABASE
    if isinstance(exc, OSError):
        path = Path(exc.filename) if isinstance(exc.filename, (str, os.PathLike)) else None
        name = path.name if path is not None else ""
        if db_path is not None and path is not None and path.parent == db_path.parent:
            problem = storage_problem(exc, db_path)
            if problem is not None:
                return problem, EXIT_DATABASE
        return f"读写文件{f' {name} ' if name else ''}时出错：{os_error_reason(exc)}。操作未完成", EXIT_FILE
    where = f"，详情已写入日志 {log_path}" if log_path is not None else "（日志无法写入）"
    return f"程序内部错误{where}，请把日志发给维护人员", EXIT_INTERNAL


def run_guarded(run: Callable[[argparse.Namespace], int], args: argparse.Namespace, db_path: Path | None, log_path: Path | None) -> int:
    """Run a command; whatever goes wrong ends as one line on stderr, an exit code and a logged trace."""
    try:
        decode_text_arguments(args)
        return run(args)
    except (Exception, KeyboardInterrupt) as exc:
        try:
            message, code = explain(exc, db_path, log_path)
        except Exception:  # the explanation itself must never end in a traceback
            log.exception("explaining a failure failed")
            message, code = explain(RuntimeError(), None, log_path)
        if isinstance(exc, CommandError) and code == EXIT_BAD_INPUT and exc.__cause__ is None:
            log.info("command %s refused: %s", args.command, message)
        else:
            log.error("command %s failed (exit %d): %s", args.command, code, message, exc_info=exc)
        print(message, file=sys.stderr, flush=True)
        return code
