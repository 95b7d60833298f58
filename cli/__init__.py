"""The command line beside the GUI: subcommands over the same service.

Each command module registers its subcommands with ``register(subparsers)``;
commands return an exit code: 0 fine, 1 check errors, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from cli import core, county, pdf, xlsx

# Each module adds its subcommands here; keep one line per module.
COMMAND_MODULES = [
    core,
    xlsx,
    pdf,
    county,
]


EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(EXIT_BAD_INPUT, f"参数错误：{message}\n请用 --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="main.py", description="卫生人才工作季度报表：填报、审核、导入导出、汇总。不带子命令时打开窗口。")
    parser.add_argument("--db", help="数据库文件路径或 SQLAlchemy URL（默认：用户数据目录下的 returns.db）")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="界面与提示语言（默认中文）")
    parser.add_argument("--selftest", action="store_true", help="自检：在临时文件夹中建库、载入示范数据、导出并核对 Excel 和 PDF、打开窗口，然后退出（0 为通过；不动您的数据）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for module in COMMAND_MODULES:
        module.register(sub)
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
    return build_parser().parse_args(argv)
