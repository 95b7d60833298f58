"""import-xlsx and import-json: the import pipeline (models.importing) on the command line.

Both commands print the same way: a notice about an earlier import that was
interrupted, then one line per file (refusals on stderr), new units, notes and check
findings, and, when the database could not be written, which files are in.
"""

from __future__ import annotations

import argparse

from cli.common import EXIT_BAD_INPUT, EXIT_OK, CommandError, backup_before_import, complain, say, say_findings, service_for
from cli.errors import EXIT_DATABASE
from models.importing import (
    CANCELED,
    DUPLICATE,
    EXISTS,
    FAILED,
    IGNORED,
    IMPORT,
    IMPORTED,
    NOT_REACHED,
    NOTICE,
    REFUSED,
    REJECTED,
    REPLACE,
    REPLACED,
    SAME,
    Decisions,
    FileReport,
    acknowledge,
    apply_plan,
    describe_interrupted,
    plan_import,
)
from models.notices import REOPENED
from models.periods import Period, PeriodError
from models.returns import ReturnService
from models.vocab import SubmissionState

ACTION_LABELS = {
    IMPORTED: SubmissionState.IMPORTED.label,
    REPLACED: "已替换",
    IMPORT: "可以导入（试运行）",
    REPLACE: "可以替换（试运行）",
    EXISTS: "未导入",
    REFUSED: "未导入",
    REJECTED: "未导入",
    DUPLICATE: "未导入（本批重复）",
    SAME: f"{SubmissionState.IMPORTED.label}过相同内容，跳过",
    NOTICE: "退回通知：将重新打开报表修改（试运行）",
    REOPENED: "退回通知：报表已重新打开修改",
    IGNORED: "已忽略（不是报表）",
    FAILED: "未导入",
    NOT_REACHED: "未导入",
    CANCELED: "未导入",
}


def import_command(args: argparse.Namespace, kind: str) -> int:
    """Plan, decide (``--replace``; new units where the file says, if that unit exists),
    apply; ``kind`` is "xlsx" or "json"."""
    from formats.reading import reader_for

    dry_run = bool(getattr(args, "dry_run", False))
    service = service_for(args, write=not dry_run)
    plan = plan_import(service, args.files, reader_for(service.registry, kind))
    assert plan is not None  # no progress callback: cannot be canceled
    for batch in plan.interrupted:
        for line in describe_interrupted(batch):
            say(line)
    if dry_run:
        for r in plan.files:
            if r.action == EXISTS and args.replace:
                r.action = REPLACE
        say_reports(service, plan.files, dry_run=True)
        say("试运行：数据库未作任何修改。")
        return worst_of(plan.files, dry_run=True)
    if any(r.action in (IMPORT, EXISTS, REPLACE, NOTICE) for r in plan.files):
        backup_before_import(args)
    acknowledge(service.engine, [b.batch_id for b in plan.interrupted])  # told above
    result = apply_plan(service, plan, Decisions(replace=bool(args.replace)), source=f"import-{kind}")
    say_reports(service, result.files, dry_run=False)
    if result.stopped:
        stored = [r.path.name for r in result.files if r.stored]
        complain(f"导入中途停止：{result.stopped}")
        complain(f"  {SubmissionState.IMPORTED.label}的文件：" + ("、".join(stored) if stored else "无"))
        left = [r.path.name for r in result.files if r.action in (FAILED, NOT_REACHED)]
        complain("  因此未导入的文件：" + "、".join(left) + "（腾出空间后请重新导入这些文件）")
        raise CommandError("导入未完成：数据库无法写入（见上）", EXIT_DATABASE)
    return worst_of(result.files, dry_run=False)


def worst_of(reports: list[FileReport], dry_run: bool) -> int:
    ok = (IMPORT, REPLACE, SAME, NOTICE) if dry_run else (IMPORTED, REPLACED, SAME, REOPENED)
    return EXIT_OK if all(r.action in ok for r in reports) else EXIT_BAD_INPUT


def period_label(period: str) -> str:
    try:
        return Period.parse(period).label()
    except PeriodError:
        return period


def say_reports(service: ReturnService, reports: list[FileReport], dry_run: bool) -> None:
    for r in reports:
        if r.notice is not None and r.ok:
            say(f"{r.path.name}：{ACTION_LABELS.get(r.action, r.action)}——{r.message}")
            continue
        if r.data is None:
            complain(r.message)
            continue
        head = f"{r.path.name}：{r.unit_name}（{r.unit_code}） {period_label(r.period)} {ACTION_LABELS.get(r.action, r.action)}"
        if not r.ok:
            complain(f"{head}：{r.message}")
            continue
        say(head)
        if r.new_unit:
            wanted = r.data.unit.parent
            if r.parent:
                where = f"，隶属于 {r.parent}"
            elif wanted:
                where = f"（上级单位 {wanted} 不在本数据库中，暂未设上级，请在“单位管理”中调整）"
            else:
                where = ""
            verb = "将建立" if dry_run else "已建立"
            say(f"  新单位：本数据库原来没有单位 {r.unit_name}（{r.unit_code}），{verb}{where}")
        for note in r.notes:
            say(f"  注意：{note}")
        say_findings(r.findings, r.data.explanations)
