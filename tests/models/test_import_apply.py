"""Storing a plan (models.import_apply): parents first, each file all or nothing in its
SAVEPOINT, committed a chunk at a time; failures that roll back one file, a full disk that
stops the batch, cancel, and a kill between chunks that the batch record tells truly."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from models import import_apply
from models.data import ReturnData
from models.importing import (
    Decisions,
    ImportPlan,
    apply_plan,
    batch_report,
    describe_interrupted,
    interrupted_batches,
    plan_files,
)
from models.returns import ReturnService
from models.schema import AuditEntry, ImportFile, Return
from models.store import Store
from models.template import Template
from tests.models.test_importing import (
    COUNTY,
    PERIOD,
    file_rows,
    read,
    ret,
    town,
    units,
)


def test_apply_stores_parents_first_one_transaction_per_file_and_records_the_batch(service: ReturnService, template: Template) -> None:
    service.units.save(COUNTY)
    service.units.save(town(1))
    service.store.save(ret(template, town(1), 10))
    files = [
        read(ret(template, town(2, "T03"), 5), "child.xlsx"),
        read(ret(template, town(3), 6), "parent.xlsx"),
        read(ret(template, town(1), 11), "again.xlsx"),
    ]
    plan = plan_files(service, files)
    result = apply_plan(service, plan, Decisions(replace={Path("/mail/again.xlsx")}), source="test")
    assert [r.action for r in result.files] == ["imported", "imported", "replaced"]
    assert service.units.get("T02").parent == "T03"  # type: ignore[union-attr]  # the parent was stored first
    assert service.store.load("T01", PERIOD).values["staff.total"] == Decimal(11)  # type: ignore[union-attr]
    assert file_rows(service, result.batch_id) == [("child.xlsx", "imported"), ("parent.xlsx", "imported"), ("again.xlsx", "replaced")]
    report = batch_report(service.engine, result.batch_id)  # type: ignore[arg-type]
    assert report.status == "finished" and report.source == "test" and len(report.went_in) == 3
    with Session(service.engine) as s:
        assert s.scalar(select(ImportFile.content_hash).where(ImportFile.file_name == "child.xlsx")) == "hash-child.xlsx"
    assert interrupted_batches(service.engine) == []


def test_without_replace_an_existing_return_is_kept_and_said(service: ReturnService, template: Template) -> None:
    service.units.save(town(1, None))
    service.store.save(ret(template, town(1, None), 10))
    result = apply_plan(service, plan_files(service, [read(ret(template, town(1, None), 11), "again.xlsx")]), Decisions())
    assert [r.action for r in result.files] == ["exists"] and "--replace" in result.files[0].message
    assert result.batch_id is None  # nothing to store: no batch
    assert service.store.load("T01", PERIOD).values["staff.total"] == Decimal(10)  # type: ignore[union-attr]


def test_a_failure_between_the_unit_and_its_return_leaves_neither(service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Store.save

    def broken(self: Store, data: ReturnData, action: str = "edit", found: tuple[int, Return | None] | None = None) -> int:
        if data.unit.code == "T02":
            assert service.in_operation() and service.units.get("T02") is None  # created, not yet committed
            raise RuntimeError("the return could not be written")
        return real(self, data, action, found)

    monkeypatch.setattr(Store, "save", broken)
    files = [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in (1, 2, 3)]
    result = apply_plan(service, plan_files(service, files), Decisions())
    assert [r.action for r in result.files] == ["imported", "failed", "imported"]
    assert "这个文件的任何内容都没有写入" in result.files[1].message
    assert units(service) == {"T01", "T03"}  # no unit without its return
    assert service.store.audit("T02") == []
    assert file_rows(service, result.batch_id) == [("t1.xlsx", "imported"), ("t2.xlsx", "failed"), ("t3.xlsx", "imported")]


def test_an_unencodable_text_rolls_back_its_file_only(service: ReturnService, template: Template) -> None:
    # A lone surrogate cannot be stored as UTF-8; the readers refuse it, this is the last line.
    files = [read(ret(template, town(1, None), 1, text_plans="坏字符\ud800"), "bad-text.xlsx"), read(ret(template, town(2, None), 2), "good.xlsx")]
    plan = plan_files(service, files)
    assert "下步工作打算" in plan.files[0].message and "损坏字符" in plan.files[0].message
    result = apply_plan(service, plan, Decisions())
    assert [r.action for r in result.files] == ["rejected", "imported"]
    assert units(service) == {"T02"}
    with Session(service.engine) as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.unit_code == "T01")) is None


def full_disk_at(service: ReturnService, nth_return: int, stays_full: bool = False) -> None:
    """The database's disk fills up when the ``nth_return`` return row is inserted (as
    SQLite says it: the DB-API error, wrapped by SQLAlchemy)."""
    if service.engine.dialect.name != "sqlite":
        pytest.skip("simulates SQLite's own error")
    seen = {"returns": 0, "full": False}

    @event.listens_for(service.engine, "do_execute")
    def execute(cursor: sqlite3.Cursor, statement: str, parameters: object, context: object) -> bool:
        if statement.startswith("INSERT INTO returns"):
            seen["returns"] += 1
            if seen["returns"] == nth_return:
                seen["full"] = True
        if seen["full"] and statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            if not stays_full:
                seen["full"] = False
            raise sqlite3.OperationalError("database or disk is full")
        return False


def test_a_full_disk_stops_the_batch_and_says_which_files_are_in(service: ReturnService, template: Template) -> None:
    files = [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in range(1, 6)]
    plan = plan_files(service, files)
    full_disk_at(service, 3)
    result = apply_plan(service, plan, Decisions())
    assert [r.action for r in result.files] == ["imported", "imported", "failed", "not_reached", "not_reached"]
    assert "磁盘已满" in result.stopped and "磁盘已满" in result.files[2].message
    assert units(service) == {"T01", "T02"}
    assert [r.path.name for r in result.stored] == ["t1.xlsx", "t2.xlsx"]
    assert file_rows(service, result.batch_id) == [
        ("t1.xlsx", "imported"),
        ("t2.xlsx", "imported"),
        ("t3.xlsx", "failed"),
        ("t4.xlsx", "not_reached"),
        ("t5.xlsx", "not_reached"),
    ]
    assert batch_report(service.engine, result.batch_id).status == "stopped"  # type: ignore[arg-type]


def test_a_disk_that_stays_full_leaves_an_interrupted_batch_that_still_tells_the_truth(service: ReturnService, template: Template) -> None:
    files = [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in range(1, 5)]
    plan = plan_files(service, files)
    full_disk_at(service, 2, stays_full=True)
    result = apply_plan(service, plan, Decisions())
    assert [r.action for r in result.files] == ["imported", "failed", "not_reached", "not_reached"]
    [batch] = interrupted_batches(service.engine)  # the stop itself could not be recorded
    assert [f.file_name for f in batch.went_in] == ["t1.xlsx"]
    assert [f.file_name for f in batch.not_in] == ["t2.xlsx", "t3.xlsx", "t4.xlsx"]


def test_the_same_return_twice_in_a_batch_is_never_both_applied(service: ReturnService, template: Template) -> None:
    files = [read(ret(template, town(1, None), 17), "a.xlsx"), read(ret(template, town(1, None), 18), "b.xlsx")]
    plan = plan_files(service, files)
    assert [r.action for r in plan.files] == ["import", "duplicate"]
    result = apply_plan(service, plan, Decisions(replace=True))
    assert [r.action for r in result.files] == ["imported", "duplicate"]
    assert "a.xlsx" in result.files[1].message and "另一个文件的单位和报告期与此相同" in result.files[1].message
    assert service.store.load("T01", PERIOD).values["staff.total"] == Decimal(17)  # type: ignore[union-attr]
    # different periods or scopes of one unit are not duplicates
    other = plan_files(
        service, [read(ret(template, town(1, None), 1, period="2025Q1"), "c.xlsx"), read(ret(template, town(1, None), 2, period="2025Q2"), "d.xlsx")]
    )
    assert [r.action for r in other.files] == ["import", "import"]


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even ``finally`` bookkeeping of ours)."""


def test_an_interrupted_batch_is_reported_file_by_file_then_acknowledged(service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_apply, "COMMIT_FILES", 2)  # t1 and t2 committed together; t3 stored, not yet committed
    files = [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in range(1, 5)] + [read(None, "bad.xlsx", ["坏文件"])]
    plan = plan_files(service, files)

    def kill_at_fourth(done: int, total: int, name: str) -> bool:
        if done == 3:
            raise Killed
        return True

    with pytest.raises(Killed):
        apply_plan(service, plan, Decisions(), progress=kill_at_fourth, source="import-xlsx")
    [batch] = interrupted_batches(service.engine)
    assert batch.source == "import-xlsx" and batch.status == "running"
    assert [f.file_name for f in batch.went_in] == ["t1.xlsx", "t2.xlsx"]
    assert [f.file_name for f in batch.cut_off] == ["t3.xlsx", "t4.xlsx"]
    assert [f.file_name for f in batch.not_in] == ["t3.xlsx", "t4.xlsx", "bad.xlsx"]
    assert units(service) == {"T01", "T02"}  # nothing of t3: stored, but its chunk was never committed
    with Session(service.engine) as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.unit_code == "T03")) is None
    lines = describe_interrupted(batch)
    assert "被中断" in lines[0] and "t1.xlsx、t2.xlsx" in lines[1] and "t3.xlsx、t4.xlsx" in lines[2]
    # The next plan carries the report; the next import marks it as told.
    again = plan_files(service, files[2:4])
    assert [b.batch_id for b in again.interrupted] == [batch.batch_id]
    apply_plan(service, again, Decisions())
    assert interrupted_batches(service.engine) == []
    assert units(service) == {"T01", "T02", "T03", "T04"}


def test_canceled_between_files_marks_the_rest(service: ReturnService, template: Template) -> None:
    plan: ImportPlan = plan_files(service, [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in (1, 2, 3)])
    result = apply_plan(service, plan, Decisions(), progress=lambda done, total, name: done < 1)
    assert result.canceled and [r.action for r in result.files] == ["imported", "canceled", "canceled"]
    assert batch_report(service.engine, result.batch_id).status == "canceled"  # type: ignore[arg-type]
    assert interrupted_batches(service.engine) == []


def test_import_return_alone_is_one_transaction(service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Store, data: ReturnData, action: str = "edit", found: tuple[int, Return | None] | None = None) -> int:
        raise OSError("disk went away")

    monkeypatch.setattr(Store, "save", broken)
    with pytest.raises(OSError):
        service.workflow.import_return(ret(template, town(1, None), 1))
    assert service.units.get("T01") is None
    with service.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM units")).scalar() == 0


def test_a_full_disk_before_the_first_file_stores_nothing_and_says_so(service: ReturnService, template: Template) -> None:
    plan = plan_files(service, [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in (1, 2)])
    if service.engine.dialect.name != "sqlite":
        pytest.skip("simulates SQLite's own error")

    @event.listens_for(service.engine, "do_execute")
    def execute(cursor: sqlite3.Cursor, statement: str, parameters: object, context: object) -> bool:
        if statement.startswith("INSERT INTO import_batches"):
            raise sqlite3.OperationalError("database or disk is full")
        return False

    result = apply_plan(service, plan, Decisions())
    assert "磁盘已满" in result.stopped and result.batch_id is None
    assert [r.action for r in result.files] == ["failed", "not_reached"]
    assert units(service) == set()


def test_a_new_unit_whose_parent_file_failed_goes_to_the_top_level_and_says_so(
    service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Store.save

    def broken(self: Store, data: ReturnData, action: str = "edit", found: tuple[int, Return | None] | None = None) -> int:
        if data.unit.code == "T01":
            raise RuntimeError("no")
        return real(self, data, action, found)

    monkeypatch.setattr(Store, "save", broken)
    plan = plan_files(service, [read(ret(template, town(2, "T01"), 2), "child.xlsx"), read(ret(template, town(1, None), 1), "parent.xlsx")])
    assert plan.files[0].parent == "T01"
    result = apply_plan(service, plan, Decisions())
    assert [r.action for r in result.files] == ["imported", "failed"]
    assert result.files[0].parent is None and service.units.get("T02").parent is None  # type: ignore[union-attr]
