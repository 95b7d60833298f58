"""The command line beside the GUI: subcommands over the same service.

Each command module registers its subcommands with ``register(subparsers)``;
commands return an exit code (cli.errors: 0 fine, 1 check errors, 2 bad input
or usage; a failure is turned into its code and one Chinese line there).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from cli.errors import EXIT_BAD_INPUT

# Each module adds its subcommands here; keep one line per module. Imported by build_parser
# only: they load the service (SQLAlchemy), which opening the window does not wait for.
COMMAND_MODULES = [
    "core",
    "xlsx",
    "pdf",
    "county",
]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(EXIT_BAD_INPUT, f"参数错误：{message}\n请用 --help 查看用法。\n")


def global_parser(add_help: bool = True) -> ChineseArgumentParser:
    """The options before any command (they alone open the window)."""
    parser = ChineseArgumentParser(prog="main.py", description="卫生人才工作季度报表：填报、审核、导入导出、汇总。不带子命令时打开窗口。", add_help=add_help)
    parser.add_argument("--db", help="数据库文件路径或 SQLAlchemy URL（默认：用户数据目录下的 returns.db）")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="界面与提示语言（默认中文）")
    parser.add_argument(
        "--selftest", action="store_true", help="自检：在临时文件夹中建库、载入示范数据、导出并核对 Excel 和 PDF、打开窗口，然后退出（0 为通过；不动您的数据）"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = global_parser()
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"cli.{name}").register(sub)
    return parser


Handler = Callable[[argparse.Namespace], int]


def run(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    try:
        return handler(args)
    finally:
        lock = getattr(args, "held_lock", None)  # taken by cli.common.service_for(write=True)
        if lock is not None:
            lock.release()


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments; those that only open the window are read without loading the commands."""
    gui, rest = global_parser(add_help=False).parse_known_args(argv)
    if not rest:
        gui.command = None
        return gui
    return build_parser().parse_args(argv)
