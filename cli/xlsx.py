"""Excel commands: export-xlsx (the return, or its blank template) and import-xlsx."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import EXIT_OK, CommandError, add_unit_period, period_arg, say, service_for
from cli.errors import file_error
from formats.files import write_error_message
from models.periods import Period
from models.returns import ServiceError


def register(sub: Any) -> None:
    p = sub.add_parser("export-xlsx", help="导出一份报表为 Excel（正式报表格式），或导出空白模板")
    add_unit_period(p)
    p.add_argument("--blank", action="store_true", help="导出空白模板，供没有本程序的单位在 Excel 中填写")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.xlsx）")
    p.set_defaults(handler=export_xlsx_command)

    p = sub.add_parser("import-xlsx", help="导入报表文件或文件夹（.xlsx、.xls、.zip、.eml，按内容识别；每个文件要么全部导入，要么不导入）")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    p.add_argument("--replace", action="store_true", help="替换已有的同单位同期报表")
    p.add_argument("--dry-run", action="store_true", help="只检查文件并报告，不写入数据库")
    p.set_defaults(handler=import_xlsx_command)


def export_xlsx_command(args: argparse.Namespace) -> int:
    from formats.xlsx_export import export_xlsx

    service = service_for(args)
    period = period_arg(args.period)
    scope = "consolidated" if args.consolidated else "own"
    if args.output.suffix.lower() != ".xlsx":
        raise CommandError(f"输出文件 {args.output.name} 应以 .xlsx 结尾")
    try:
        export_xlsx(service, args.unit, period, args.output, scope=scope, blank=args.blank)
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise file_error(write_error_message(args.output, exc), exc) from exc
    what = "空白模板" if args.blank else "报表"
    say(f"已导出{what}（{Period.parse(period).label()}）到 {args.output}")
    return EXIT_OK


def import_xlsx_command(args: argparse.Namespace) -> int:
    from cli.importing import import_command

    return import_command(args, "xlsx")
