"""What every command shares (cli/common.py): a period read or refused in Chinese, findings
printed with their tag and the clerk's explanation, a writing command holding the one-writer
lock, and a backup before every import."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cli.common import (
    EXIT_BAD_INPUT,
    CommandError,
    add_unit_period,
    backup_before_import,
    complain,
    finding_tag,
    period_arg,
    say_findings,
    service_for,
)
from cli.errors import EXIT_DATABASE
from models.backup import backup_dir, list_backups
from models.checks import Finding

ERROR = Finding("sum.staff.age", "sum.staff.age", "error", ("staff.total",), "按年龄分合计与在岗职工不符")
WARNING = Finding("warn.recruit.hired_posts", "warn.recruit.hired_posts", "warning", ("recruit.hired",), "录用人数多于岗位数")
NOTE = Finding("sum.staff.prof.title", "sum.staff.prof.title", "note", ("staff.prof",), "高级职称部分未填")


def test_a_period_is_read_in_its_canonical_form_or_refused_in_chinese() -> None:
    assert period_arg("2024q4") == "2024Q4"
    assert period_arg("2024") == "2024"
    with pytest.raises(CommandError) as refused:
        period_arg("2024Q5")
    assert refused.value.code == EXIT_BAD_INPUT and any("\u4e00" <= ch <= "\u9fff" for ch in str(refused.value))


def test_each_finding_is_tagged_by_what_the_clerk_must_do() -> None:
    assert [finding_tag(f) for f in (ERROR, WARNING, NOTE)] == ["错误", "提示", "备注"]
    assert [finding_tag(f, en=True) for f in (ERROR, WARNING, NOTE)] == ["ERROR", "WARNING", "NOTE"]


def test_findings_are_printed_one_a_line_with_the_kept_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    say_findings([ERROR, WARNING], {WARNING.key: "两个岗位各录用多人，属实"})
    complain("出错了")
    out, err = capsys.readouterr()
    assert out.splitlines() == ["  错误：按年龄分合计与在岗职工不符", "  提示：录用人数多于岗位数（已说明：两个岗位各录用多人，属实）"]
    assert err == "出错了\n"


def test_unit_and_period_are_required_and_consolidated_is_optional() -> None:
    parser = argparse.ArgumentParser()
    add_unit_period(parser)
    args = parser.parse_args(["--unit", "530000100", "--period", "2024Q4", "--consolidated"])
    assert (args.unit, args.period, args.consolidated) == ("530000100", "2024Q4", True)
    own = argparse.ArgumentParser()
    add_unit_period(own, consolidated=False)
    assert not hasattr(own.parse_args(["--unit", "X", "--period", "2024"]), "consolidated")


def test_a_writing_command_holds_the_database_until_the_process_ends(tmp_path: Path) -> None:
    db = tmp_path / "returns.db"
    first = argparse.Namespace(db=str(db))
    service = service_for(first, write=True)
    try:
        with pytest.raises(CommandError) as refused:
            service_for(argparse.Namespace(db=str(db)), write=True)
        assert refused.value.code == EXIT_DATABASE and "同一时间只能有一个程序修改它" in str(refused.value)
        reader = service_for(argparse.Namespace(db=str(db)))  # reading is fine meanwhile
        reader.engine.dispose()
    finally:
        first.held_lock.release()
        service.engine.dispose()


def test_every_import_batch_is_preceded_by_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "returns.db"
    args = argparse.Namespace(db=str(db))
    backup_before_import(args)  # no database yet: nothing to back up
    assert list_backups(backup_dir(db), db.stem) == []
    service = service_for(args, write=True)
    args.held_lock.release()
    service.engine.dispose()
    backup_before_import(args)
    assert "import" in [b.reason for b in list_backups(backup_dir(db), db.stem)]
