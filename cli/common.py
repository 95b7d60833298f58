"""Helpers shared by the command modules: opening the database, printing, messages."""

from __future__ import annotations

import argparse
import sys

from models.db import DatabaseError, open_database
from models.periods import Period, PeriodError
from models.returns import ReturnService

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input on the command line: print the message, exit 2."""


def service_for(args: argparse.Namespace) -> ReturnService:
    try:
        engine = open_database(args.db)
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    return ReturnService(engine)


def period_arg(text: str) -> str:
    try:
        return str(Period.parse(text))
    except PeriodError as exc:
        raise CommandError(str(exc)) from None


def say(text: str) -> None:
    print(text, flush=True)


def complain(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def add_unit_period(p: argparse.ArgumentParser, consolidated: bool = True) -> None:
    p.add_argument("--unit", required=True, help="单位代码")
    p.add_argument("--period", required=True, help="报告期，如 2024Q4")
    if consolidated:
        p.add_argument("--consolidated", action="store_true", help="汇总报表（而非本单位报表）")
