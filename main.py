"""Start-up only: arguments, logging, the database opened once, then the CLI or the GUI."""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    from cli import parse, run
    from cli.common import EXIT_BAD_INPUT, CommandError, complain

    args = parse(argv)
    if args.selftest:  # before logging: the self-test leaves the clerk's data folder alone
        from cli.selftest import run_selftest
        from ui.selftest import window_step

        return run_selftest(window=window_step)
    from models.db import DatabaseError, default_db_path, sqlite_file
    from models.diagnostics import configure_logging

    try:
        folder = (sqlite_file(args.db) or default_db_path()).parent / "logs"
    except (DatabaseError, OSError):
        folder = None
    configure_logging(folder)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args)
    try:
        return run(args)
    except CommandError as exc:
        complain(str(exc))
        return EXIT_BAD_INPUT
    except Exception:
        logging.getLogger("hrh").exception("command %s failed", args.command)
        raise


if __name__ == "__main__":
    sys.exit(main())
