"""Helpers shared by the command modules: opening the database, printing, messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence

from cli.errors import EXIT_BAD_INPUT, EXIT_DATABASE, EXIT_FINDINGS, EXIT_OK, CommandError
from models.backup import BackupError, daily_backup_if_due, make_backup
from models.checks import Finding
from models.db import DatabaseError, open_database, sqlite_file
from models.lock import AlreadyOpen, DatabaseLock
from models.periods import Period, PeriodError
from models.returns import ReturnService

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "CommandError"]  # re-exported for the command modules


def service_for(args: argparse.Namespace, write: bool = False) -> ReturnService:
    """Open the database for a command; a command that writes takes the one-writer lock
    (held until the process ends) and the day's first backup."""
    path = sqlite_file(args.db)
    if write and path is not None:
        lock = DatabaseLock(path)
        try:
            lock.acquire()
        except (AlreadyOpen, DatabaseError) as exc:  # another copy, or a folder that cannot be written
            raise CommandError(str(exc), EXIT_DATABASE) from exc
        args.held_lock = lock
    try:
        engine = open_database(args.db, writable=write)
        if write and path is not None:
            daily_backup_if_due(path)
    except (DatabaseError, BackupError) as exc:
        raise CommandError(str(exc), EXIT_DATABASE) from exc
    return ReturnService(engine)


def backup_before_import(args: argparse.Namespace) -> None:
    """Every import batch is preceded by a backup, so a wrong batch can be undone."""
    path = sqlite_file(args.db)
    if path is not None and path.exists():
        try:
            make_backup(path, "import")
        except BackupError as exc:
            raise CommandError(f"导入前备份失败，未导入任何文件：{exc}", EXIT_DATABASE) from exc


def period_arg(text: str) -> str:
    try:
        return str(Period.parse(text))
    except PeriodError as exc:
        raise CommandError(str(exc)) from None


def finding_tag(f: Finding, en: bool = False) -> str:
    """错误 / 提示 (a warning) / 备注 (a note: parts left blank, nothing to do)."""
    if f.is_error:
        return "ERROR" if en else "错误"
    if f.is_note:
        return "NOTE" if en else "备注"
    return "WARNING" if en else "提示"


def say_findings(findings: Sequence[Finding], explanations: Mapping[str, str] | None = None, lang: str = "zh", indent: str = "  ") -> None:
    """Every finding on its own line: 错误/提示, the message, and the clerk's explanation if kept."""
    en = lang == "en"
    for f in findings:
        tag = finding_tag(f, en)
        explained = (explanations or {}).get(f.key, "")
        say(f"{indent}{tag}：{f.message}" + (f"（已说明：{explained}）" if explained else ""))


def say(text: str) -> None:
    print(text, flush=True)


def complain(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def add_unit_period(p: argparse.ArgumentParser, consolidated: bool = True) -> None:
    p.add_argument("--unit", required=True, help="单位代码")
    p.add_argument("--period", required=True, help="报告期，如 2024Q4")
    if consolidated:
        p.add_argument("--consolidated", action="store_true", help="汇总报表（而非本单位报表）")
