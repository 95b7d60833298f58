"""Why the service refused an operation: the exceptions the window and the command line
show (their message is Chinese and says what to do), and the wording of a lost-update refusal."""

from __future__ import annotations

import datetime as dt

from models.periods import Period, local_time


class ServiceError(Exception):
    """An operation the clerk asked for cannot be done; the message says why (Chinese)."""


class ReturnLocked(ServiceError):
    pass


class ReturnConflict(ServiceError):
    """Someone else wrote the return since it was read (or deleted it): nothing was written.

    ``who`` and ``at`` (UTC) name that writer; ``version`` is the stored version now (None:
    the return is gone). The message says it in Chinese, with what to do.
    """

    def __init__(self, message: str, who: str, at: dt.datetime | None, version: int | None) -> None:
        super().__init__(message)
        self.who, self.at, self.version = who, at, version


# What was not done when a write is refused for a newer version, per write path.
CONFLICT_ADVICE = {
    "edit": "请重新载入后再修改（您的修改未保存）。",
    "submit": "请重新载入、核对后再报送（这次报送没有完成）。",
    "reopen": "请重新载入后再撤回报送（报表未撤回）。",
    "review": "请重新载入、核对后再审核（审核结果未记录）。",
    "delete": "请重新载入后再决定是否删除（报表未删除）。",
    "import": "请重新导入这个文件（这个文件未导入）。",
    "consolidate": "请重新汇总（汇总结果未保存）。",
}


def advice(action: str) -> str:
    return CONFLICT_ADVICE.get(action, CONFLICT_ADVICE["edit"])


def conflict_message(unit_name: str, period: str, who: str, at: dt.datetime | None, verb: str, advice: str) -> str:
    """该报表（单位 报告期）已被 张三 于 2026-12-01 10:32 修改。<what to do>; ``at`` in UTC, shown in local time."""
    when = f" 于 {local_time(at):%Y-%m-%d %H:%M}" if at is not None else ""
    return f"该报表（{unit_name} {Period.parse(period).label()}）已被 {who or '另一位用户'}{when} {verb}。{advice}"
