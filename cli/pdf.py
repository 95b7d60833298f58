"""Summary commands: export-pdf (the printable summary), export-docx (the 工作总结 in Word)
and draft (the drafted outline)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli.common import EXIT_OK, CommandError, add_unit_period, complain, say, service_for
from cli.core import load_return
from cli.errors import file_error
from formats.files import write_error_message
from models.returns import ServiceError


def register(sub: Any) -> None:
    p = sub.add_parser("export-pdf", help="导出报表的PDF工作情况（可打印、签字、盖章）")
    add_unit_period(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    p.set_defaults(handler=export_pdf)

    p = sub.add_parser("export-docx", help="导出Word工作总结（公文格式，可在Word、WPS中修改）")
    add_unit_period(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的Word文件（.docx）")
    p.set_defaults(handler=export_docx)

    p = sub.add_parser("draft", help="根据报表数字起草“主要做法与成效”文字初稿")
    add_unit_period(p)
    p.set_defaults(handler=draft)


def _export(args: argparse.Namespace, suffix: str, export: Callable[..., Any]) -> Any:
    """Check the output path, write the summary of the named return, say what to do on failure."""
    service = service_for(args)
    data = load_return(service, args)
    output: Path = args.output
    if output.suffix.lower() != suffix:
        raise CommandError(f"输出文件 {output} 应以 {suffix} 结尾")
    if not output.resolve().parent.is_dir():
        raise CommandError(f"文件夹 {output.resolve().parent} 不存在，请换一个位置保存")
    try:
        result = export(service, data.unit.code, data.period, output, scope=data.scope)
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        if exc.filename is not None and Path(exc.filename).resolve().parent != output.resolve().parent:
            # not the output file: a fault of the program (a broken install; logged, exit 70)
            raise RuntimeError(f"the program's own file cannot be read: {exc.filename}") from exc
        raise file_error(write_error_message(output, exc), exc) from exc
    for warning in result.warnings:
        complain(f"注意：{warning}")
    return result


def export_pdf(args: argparse.Namespace) -> int:
    from formats.pdf_export import export_pdf as export

    result = _export(args, ".pdf", export)
    say(f"已导出到 {args.output}（共 {result.pages} 页）")
    return EXIT_OK


def export_docx(args: argparse.Namespace) -> int:
    from formats.docx_export import export_docx as export

    _export(args, ".docx", export)
    say(f"已导出到 {args.output}")
    return EXIT_OK


def draft(args: argparse.Namespace) -> int:
    from formats.narrative import draft_narrative
    from models.report import build_view

    service = service_for(args)
    view = build_view(service, load_return(service, args))
    text = draft_narrative(view.template, view.data, view.previous, view.last_year)
    say(text or "本期没有可用于起草文字的数字。")
    return EXIT_OK
