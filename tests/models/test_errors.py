"""Why the service refused (models/errors.py): the exceptions, and the wording of a lost-update
refusal: the return, who wrote it, when (local time, to the minute), what was not done."""

from __future__ import annotations

import datetime as dt

from models.errors import CONFLICT_ADVICE, ReturnConflict, ReturnLocked, ServiceError, advice, conflict_message


def test_the_message_names_who_and_when_in_local_time(in_beijing: None) -> None:
    at = dt.datetime(2026, 12, 1, 2, 32, 59)  # naive UTC, as stored
    message = conflict_message("城关镇卫生院", "2024Q4", "张三", at, "修改", advice("edit"))
    assert message == "该报表（城关镇卫生院 2024年第四季度）已被 张三 于 2026-12-01 10:32 修改。请重新载入后再修改（您的修改未保存）。"
    late = dt.datetime(2026, 12, 31, 16, 5)  # already the next day (and year) in Beijing
    assert "于 2027-01-01 00:05 删除。" in conflict_message("某县卫生健康局", "2024", "李四", late, "删除", advice("delete"))
    assert "（某县卫生健康局 2024年）" in conflict_message("某县卫生健康局", "2024", "李四", late, "删除", advice("delete"))


def test_the_message_without_a_name_or_a_time() -> None:
    assert conflict_message("城关镇卫生院", "2024Q4", "", None, "修改", "请重新载入后再修改（您的修改未保存）。") == (
        "该报表（城关镇卫生院 2024年第四季度）已被 另一位用户 修改。请重新载入后再修改（您的修改未保存）。"
    )


def test_advice_says_what_was_not_done_for_each_write_path() -> None:
    assert advice("submit") == "请重新载入、核对后再报送（这次报送没有完成）。"
    assert advice("consolidate") == "请重新汇总（汇总结果未保存）。"
    assert advice("import") == CONFLICT_ADVICE["import"] != CONFLICT_ADVICE["edit"]
    assert advice("no such action") == CONFLICT_ADVICE["edit"]  # an unknown path: the edit wording
    assert all(text.startswith("请重新") and text.endswith("。") for text in CONFLICT_ADVICE.values())


def test_a_conflict_is_a_service_error_carrying_who_when_and_the_version_now() -> None:
    at = dt.datetime(2026, 12, 1, 2, 32)
    refused = ReturnConflict("已被 张三 修改", "张三", at, 3)
    assert isinstance(refused, ServiceError) and str(refused) == "已被 张三 修改"
    assert (refused.who, refused.at, refused.version) == ("张三", at, 3)
    gone = ReturnConflict("已被 李四 删除", "李四", None, None)
    assert gone.version is None and gone.at is None
    assert issubclass(ReturnLocked, ServiceError) and not issubclass(ReturnLocked, ReturnConflict)
