"""Start-up only: arguments, logging, the database opened once, then the CLI or the GUI."""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    from cli import parse, run
    from cli.common import EXIT_BAD_INPUT, CommandError, complain

    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args)
    try:
        return run(args)
    except CommandError as exc:
        complain(str(exc))
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
