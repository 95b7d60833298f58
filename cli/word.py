"""Word command: export-docx (the 工作总结 in official-document layout)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import (
    EXIT_OK,
    CommandError,
    add_unit_period,
    complain,
    say,
    service_for,
)
from cli.core import load_return
from formats.files import write_error_message
from models.returns import ServiceError


def register(sub: Any) -> None:
    p = sub.add_parser("export-docx", help="导出Word工作总结（公文格式，可在Word、WPS中修改）")
    add_unit_period(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的Word文件（.docx）")
    p.set_defaults(handler=export_docx)


def export_docx(args: argparse.Namespace) -> int:
    from formats.docx_export import export_docx as export

    service = service_for(args)
    data = load_return(service, args)
    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise CommandError(f"输出文件 {output} 应以 .docx 结尾")
    if not output.resolve().parent.is_dir():
        raise CommandError(f"文件夹 {output.resolve().parent} 不存在，请换一个位置保存")
    try:
        result = export(service, data.unit.code, data.period, output, scope=data.scope)
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(write_error_message(output, exc)) from None
    for warning in result.warnings:
        complain(f"注意：{warning}")
    say(f"已导出到 {output}")
    return EXIT_OK
