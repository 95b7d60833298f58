"""Start-up only: arguments, logging, the database opened once, then the CLI or the GUI."""

from __future__ import annotations

import gc
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    # No garbage collection while the program starts: the ~30,000 objects it makes then
    # (modules, classes, the template) live as long as it does, and collecting among them finds
    # nothing. It resumes before a command runs, and in the window once it is up and its
    # database open (ui.app.collect_from_now).
    gc.disable()
    try:
        return start(argv)
    finally:
        gc.enable()


def start(argv: list[str] | None) -> int:
    from cli import parse, run
    from cli.errors import make_console_safe, run_guarded

    make_console_safe()
    args = parse(argv)
    if args.selftest:  # before logging: the self-test leaves the clerk's data folder alone
        gc.enable()
        from cli.selftest import run_selftest
        from ui.selftest import window_step

        return run_selftest(window=window_step)
    from models.db import DatabaseError, default_db_path, sqlite_file
    from models.diagnostics import configure_logging, fallback_log_folder

    try:
        db_path = sqlite_file(args.db)
        folder = (db_path or default_db_path()).parent / "logs"
    except (DatabaseError, OSError):
        db_path, folder = None, None
    # A data folder that cannot be written (read-only, full) still gets its trace logged somewhere.
    log_path = configure_logging(folder) or configure_logging(fallback_log_folder())
    if log_path is None:  # no log anywhere: still never let logging's last resort print a trace
        logging.getLogger().addHandler(logging.NullHandler())
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args)
    gc.enable()
    return run_guarded(run, args, db_path, log_path)


if __name__ == "__main__":
    sys.exit(main())
