"""County commands: status (报送情况), consolidate (汇总), accept and send-back (审核/退回)."""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import EXIT_OK, CommandError, add_unit_period, period_arg, say, say_findings, service_for
from models.consolidate import breakdown_gaps, completeness, consolidate
from models.periods import Period
from models.returns import ServiceError
from models.vocab import MemberState, Review, SubmissionState


def register(sub: Any) -> None:
    p = sub.add_parser("status", help="报送情况：下级单位的报表是否已报、按时、有无错误")
    add_unit_period(p, consolidated=False)
    p.set_defaults(handler=status)

    p = sub.add_parser("consolidate", help="汇总：由本单位报表和下级单位报表生成汇总表")
    add_unit_period(p, consolidated=False)
    p.set_defaults(handler=run_consolidate)

    p = sub.add_parser("accept", help="审核通过一份下级单位的报表")
    add_unit_period(p)
    p.set_defaults(handler=accept)

    p = sub.add_parser("send-back", help="退回一份报表，并写明原因")
    add_unit_period(p)
    p.add_argument("--reason", required=True, help="退回原因")
    p.set_defaults(handler=send_back)


def _quarter(args: argparse.Namespace) -> str:
    period = period_arg(args.period)
    if Period.parse(period).is_annual:
        raise CommandError("报送情况和汇总按季度进行，请写成 2024Q4 的形式")
    return period


def status(args: argparse.Namespace) -> int:
    service = service_for(args)
    period = _quarter(args)
    try:
        report = completeness(service, args.unit, period)
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    say(f"{report.unit.name} {Period.parse(period).label()} 报送情况（截止日期 {report.due:%Y-%m-%d}）")
    for c in report.children:
        when = f" {c.received_at:%Y-%m-%d}" if c.received_at else ""
        timing = "" if c.on_time is None else ("，按时" if c.on_time else "，逾期")
        extra = f"，文件 {c.source_file}" if c.source_file else ""
        reason = f"，退回原因：{c.note}" if c.note else ""
        errors = f"，{c.errors} 个错误" if c.errors else ""
        say(f"  {c.unit.code}  {c.unit.name}：{c.state.label}{when}{timing}{errors}{extra}{reason}")
    say(
        f"应报 {report.expected} = 已报 {report.received}（按时 {report.on_time}，逾期 {report.late}）+ {SubmissionState.DRAFT.label} {report.not_sent} + {SubmissionState.MISSING.label} {len(report.missing)}"
    )
    return EXIT_OK


def run_consolidate(args: argparse.Namespace) -> int:
    service = service_for(args, write=True)
    period = _quarter(args)
    try:
        data = consolidate(service, args.unit, period)
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    included = [m for m in data.members if m.state == MemberState.INCLUDED]
    missing = [m for m in data.members if m.state != MemberState.INCLUDED]
    say(
        f"{data.unit.name} {Period.parse(period).label()} 汇总表已生成：包含 {len(included)} 个下级单位"
        + ("及本单位报表" if service.queries.values_for(args.unit, period) is not None else "")
    )
    if missing:
        say(
            f"{MemberState.MISSING.label}单位："
            + "、".join(m.unit_name + (f"（{MemberState.RETURNED.label}）" if m.state == MemberState.RETURNED else "") for m in missing)
        )
    for label, names in breakdown_gaps(service, args.unit, period).items():
        say(f"{label}：{'、'.join(names)} 只填了合计、未填分项")
    say_findings(service.check(data), data.explanations)
    return EXIT_OK


def accept(args: argparse.Namespace) -> int:
    return _review(args, accept=True, note="")


def send_back(args: argparse.Namespace) -> int:
    return _review(args, accept=False, note=args.reason)


def _review(args: argparse.Namespace, accept: bool, note: str) -> int:
    service = service_for(args, write=True)
    period = _quarter(args)
    try:
        service.workflow.review(args.unit, period, accept, note, "consolidated" if args.consolidated else "own")
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    say(f"{args.unit} {Period.parse(period).label()}：" + (Review.ACCEPTED.label if accept else f"{Review.RETURNED.label}（{note}）"))
    return EXIT_OK
