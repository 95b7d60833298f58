"""Core commands: import-json, export-json, check, units, demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import EXIT_FINDINGS, EXIT_OK, CommandError, add_unit_period, finding_tag, period_arg, say, service_for
from cli.errors import file_error
from formats.files import write_atomically, write_error_message
from formats.json_io import dumps, to_json
from models.checks import count_findings
from models.data import ReturnData
from models.periods import Period
from models.returns import ReturnService, ServiceError
from models.vocab import UnitLevel


def register(sub: Any) -> None:
    p = sub.add_parser("import-json", help="导入 JSON 报表文件")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--replace", action="store_true", help="替换已有的同单位同期报表")
    p.set_defaults(handler=import_json)

    p = sub.add_parser("export-json", help="导出一份报表为 JSON")
    add_unit_period(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件")
    p.set_defaults(handler=export_json)

    p = sub.add_parser("check", help="审核一份报表，列出全部问题（发现错误时退出码为 1）")
    add_unit_period(p)
    p.set_defaults(handler=check)

    p = sub.add_parser("units", help="以树形列出全部单位")
    p.set_defaults(handler=units)

    p = sub.add_parser("demo", help="建立示范数据库（示范县卫生健康局及其下属单位）")
    p.set_defaults(handler=demo)


def scope_of(args: argparse.Namespace) -> str:
    return "consolidated" if getattr(args, "consolidated", False) else "own"


def load_return(service: ReturnService, args: argparse.Namespace) -> ReturnData:
    """The return named by --unit/--period/--consolidated; an annual period gives the annual view."""
    period = period_arg(args.period)
    if service.units.get(args.unit) is None:
        raise CommandError(f"单位代码 {args.unit} 不存在；用 “python main.py units” 查看全部单位")
    if Period.parse(period).is_annual:
        from models.consolidate import annual_view

        try:
            return annual_view(service, args.unit, period, scope_of(args))
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
    data = service.store.load(args.unit, period, scope_of(args))
    if data is None:
        kind = "汇总报表" if scope_of(args) == "consolidated" else "报表"
        raise CommandError(f"{args.unit} 没有 {Period.parse(period).label()} 的{kind}")
    return data


def import_json(args: argparse.Namespace) -> int:
    from cli.importing import import_command

    return import_command(args, "json")


def export_json(args: argparse.Namespace) -> int:
    service = service_for(args)
    data = load_return(service, args)
    try:
        write_atomically(args.output, dumps(to_json(data, service.template_for(data))).encode("utf-8"))
    except OSError as exc:
        raise file_error(write_error_message(args.output, exc), exc) from exc
    say(f"已导出到 {args.output}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    service = service_for(args)
    data = load_return(service, args)
    findings = service.check(data, lang=args.lang)
    errors = [f for f in findings if f.is_error]
    en = args.lang == "en"
    for f in findings:
        explained = data.explanations.get(f.key, "")
        tag = finding_tag(f, en)
        say(f"{tag} [{f.rule_id}] {f.message}" + (f"（已说明：{explained}）" if explained else ""))
    tpl = service.template_for(data)
    from models.checks import compute_ratios

    for code, value in compute_ratios(tpl, data.values).items():
        if value is not None:
            say(f"{tpl.label(code, args.lang)}：{value}%")
    _errors, warnings, notes = count_findings(findings)
    tail = (f", {notes} notes (parts left blank)" if en else f"，{notes} 个备注（部分未填，无须处理）") if notes else ""
    say((f"{len(errors)} errors, {warnings} warnings" if en else f"共 {len(errors)} 个错误，{warnings} 个提示") + tail)
    return EXIT_FINDINGS if errors else EXIT_OK


def units(args: argparse.Namespace) -> int:
    service = service_for(args)
    all_units = service.units.list()
    depth: dict[str, int] = {}
    our = service.settings.get("our_unit")
    for u in all_units:
        depth[u.code] = depth[u.parent] + 1 if u.parent in depth else 0
        mark = " ★本单位" if u.code == our else ""
        say(f"{'  ' * depth[u.code]}{u.code}  {u.name}（{UnitLevel.label_of(u.level)}）{mark}")
    if not all_units:
        say("还没有任何单位。用 “python main.py demo” 建立示范数据，或在窗口中添加本单位。")
    return EXIT_OK


def demo(args: argparse.Namespace) -> int:
    from models.demo import build_demo

    service = service_for(args, write=True)
    build_demo(service)
    say("示范数据已建立：")
    return units(args)
