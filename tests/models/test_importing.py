"""The import pipeline on plain data: plan, decisions, apply one transaction per file,
failures that roll back one file, a full disk that stops the batch, duplicates in a
batch, and the report of a batch that was interrupted."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from models.data import ReturnData, UnitInfo
from models import import_apply
from models.importing import (
    Decisions,
    ImportPlan,
    ReadFile,
    apply_plan,
    batch_report,
    describe_interrupted,
    interrupted_batches,
    plan_files,
)
from models.returns import ReturnService
from models.schema import AuditEntry, ImportBatch, ImportFile
from models.template import Template

COUNTY = UnitInfo("C1", "某县卫生健康局", "county")
PERIOD = "2024Q4"


def town(n: int, parent: str | None = "C1") -> UnitInfo:
    return UnitInfo(f"T{n:02d}", f"第{n}乡卫生院", "township", parent)


def ret(template: Template, unit: UnitInfo, total: int, period: str = PERIOD, **texts: str) -> ReturnData:
    data = ReturnData(unit=unit, period=period, template_id=template.id, template_version=template.version, origin="imported", source_file=f"{unit.code}.xlsx")
    data.values = {"staff.total": Decimal(total)}
    data.texts = {k.replace("_", "."): v for k, v in texts.items()}
    return data


def read(data: ReturnData | None, name: str, problems: list[str] | None = None) -> ReadFile:
    return ReadFile(Path("/mail") / name, data, problems=problems or [], content_hash=f"hash-{name}")


def units(service: ReturnService) -> set[str]:
    return {u.code for u in service.list_units()}


def file_rows(service: ReturnService, batch_id: int | None) -> list[tuple[str, str]]:
    with Session(service.engine) as s:
        return [(f.file_name, f.outcome) for f in s.scalars(select(ImportFile).where(ImportFile.batch_id == batch_id).order_by(ImportFile.position))]


def test_the_plan_says_what_each_file_would_do_and_writes_nothing(service: ReturnService, template: Template) -> None:
    service.save_unit(COUNTY)
    service.save_unit(town(1))
    service.settings.set(our_unit="C1")
    service.save(ret(template, COUNTY, 40))
    service.submit("C1", PERIOD)
    service.save(ret(template, town(1), 10))
    files = [
        read(ret(template, town(2, "T03"), 5), "child.xlsx"),  # its parent comes later in the batch
        read(ret(template, town(3), 6), "parent.xlsx"),
        read(ret(template, town(1), 11), "again.xlsx"),
        read(ret(template, COUNTY, 41), "ours.xlsx"),
        read(None, "bad.xlsx", ["不是 Excel 工作簿"]),
        read(ret(template, town(2, "T03"), 7), "child-copy.xlsx"),
        read(ret(template, UnitInfo("bad code!", "某单位"), 1), "badcode.xlsx"),
        read(ret(template, town(4, "NOWHERE"), 2), "orphan.xlsx"),
    ]
    before = units(service)
    plan = plan_files(service, files)
    assert [r.action for r in plan.files] == ["import", "import", "exists", "refused", "rejected", "duplicate", "rejected", "import"]
    assert plan.files[0].new_unit and plan.files[0].parent == "T03"
    assert plan.files[1].parent == "C1" and not plan.files[2].new_unit
    assert "本单位已报送的报表" in plan.files[3].message
    assert plan.files[4].problems == ["不是 Excel 工作簿"] and "bad.xlsx" in plan.files[4].message
    assert plan.files[5].duplicate_of == Path("/mail/child.xlsx") and "child.xlsx" in plan.files[5].message
    assert plan.files[6].problems  # the unit code is refused in the plan, not half-way through storing
    assert [r.path.name for r in plan.to_confirm()] == ["again.xlsx"]
    assert [r.path.name for r in plan.homeless()] == ["orphan.xlsx"]  # its parent is nowhere: the window asks
    assert plan.files[0].findings is not None and plan.files[0].content_hash == "hash-child.xlsx"
    assert units(service) == before and service.load("T01", PERIOD).values["staff.total"] == Decimal(10)  # type: ignore[union-attr]
    with Session(service.engine) as s:
        assert s.scalar(select(ImportBatch.id)) is None


def test_apply_stores_parents_first_one_transaction_per_file_and_records_the_batch(service: ReturnService, template: Template) -> None:
    service.save_unit(COUNTY)
    service.save_unit(town(1))
    service.save(ret(template, town(1), 10))
    files = [read(ret(template, town(2, "T03"), 5), "child.xlsx"), read(ret(template, town(3), 6), "parent.xlsx"), read(ret(template, town(1), 11), "again.xlsx")]
    plan = plan_files(service, files)
    result = apply_plan(service, plan, Decisions(replace={Path("/mail/again.xlsx")}), source="test")
    assert [r.action for r in result.files] == ["imported", "imported", "replaced"]
    assert service.get_unit("T02").parent == "T03"  # type: ignore[union-attr]  # the parent was stored first
    assert service.load("T01", PERIOD).values["staff.total"] == Decimal(11)  # type: ignore[union-attr]
    assert file_rows(service, result.batch_id) == [("child.xlsx", "imported"), ("parent.xlsx", "imported"), ("again.xlsx", "replaced")]
    report = batch_report(service.engine, result.batch_id)  # type: ignore[arg-type]
    assert report.status == "finished" and report.source == "test" and len(report.went_in) == 3
    with Session(service.engine) as s:
        assert s.scalar(select(ImportFile.content_hash).where(ImportFile.file_name == "child.xlsx")) == "hash-child.xlsx"
    assert interrupted_batches(service.engine) == []


def test_without_replace_an_existing_return_is_kept_and_said(service: ReturnService, template: Template) -> None:
    service.save_unit(town(1, None))
    service.save(ret(template, town(1, None), 10))
    result = apply_plan(service, plan_files(service, [read(ret(template, town(1, None), 11), "again.xlsx")]), Decisions())
    assert [r.action for r in result.files] == ["exists"] and "--replace" in result.files[0].message
    assert result.batch_id is None  # nothing to store: no batch
    assert service.load("T01", PERIOD).values["staff.total"] == Decimal(10)  # type: ignore[union-attr]


def test_a_failure_between_the_unit_and_its_return_leaves_neither(service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    real = ReturnService.save

    def broken(self: ReturnService, data: ReturnData, action: str = "edit", *, session: Session | None = None) -> int:
        if data.unit.code == "T02":
            assert session is not None and service.get_unit("T02") is None  # created, not yet committed
            raise RuntimeError("the return could not be written")
        return real(self, data, action, session=session)

    monkeypatch.setattr(ReturnService, "save", broken)
    files = [read(ret(template, town(n, None), n), f"t{n}.xlsx") for n in (1, 2, 3)]
    result = apply_plan(service, plan_files(service, files), Decisions())
    assert [r.action for r in result.files] == ["imported", "failed", "imported"]
    assert "这个文件的任何内容都没有写入" in result.files[1].message
    assert units(service) == {"T01", "T03"}  # no unit without its return
    assert service.audit("T02") == []
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
    assert file_rows(service, result.batch_id) == [("t1.xlsx", "imported"), ("t2.xlsx", "imported"), ("t3.xlsx", "failed"), ("t4.xlsx", "not_reached"), ("t5.xlsx", "not_reached")]
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
    assert service.load("T01", PERIOD).values["staff.total"] == Decimal(17)  # type: ignore[union-attr]
    # different periods or scopes of one unit are not duplicates
    other = plan_files(service, [read(ret(template, town(1, None), 1, period="2025Q1"), "c.xlsx"), read(ret(template, town(1, None), 2, period="2025Q2"), "d.xlsx")])
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
    def broken(self: ReturnService, data: ReturnData, action: str = "edit", *, session: Session | None = None) -> int:
        raise OSError("disk went away")

    monkeypatch.setattr(ReturnService, "save", broken)
    with pytest.raises(OSError):
        service.import_return(ret(template, town(1, None), 1))
    assert service.get_unit("T01") is None
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


def test_a_new_unit_whose_parent_file_failed_goes_to_the_top_level_and_says_so(service: ReturnService, template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    real = ReturnService.save

    def broken(self: ReturnService, data: ReturnData, action: str = "edit", *, session: Session | None = None) -> int:
        if data.unit.code == "T01":
            raise RuntimeError("no")
        return real(self, data, action, session=session)

    monkeypatch.setattr(ReturnService, "save", broken)
    plan = plan_files(service, [read(ret(template, town(2, "T01"), 2), "child.xlsx"), read(ret(template, town(1, None), 1), "parent.xlsx")])
    assert plan.files[0].parent == "T01"
    result = apply_plan(service, plan, Decisions())
    assert [r.action for r in result.files] == ["imported", "failed"]
    assert result.files[0].parent is None and service.get_unit("T02").parent is None  # type: ignore[union-attr]


# ---- the inbox: versions, the same content again, not a return, folders ------------------
def test_of_two_versions_in_a_batch_the_newer_is_taken(service: ReturnService, template: Template) -> None:
    import datetime as dt

    from models.data import Signatories

    def version(total: int, name: str, report_date: dt.date | None, modified: float | None) -> ReadFile:
        f = read(ret(template, town(1, None), total), name)
        assert f.data is not None
        f.data.signatories = Signatories(report_date=report_date)
        f.modified = modified
        return f

    # 报出日期 first, whatever the file times say
    files = [version(1, "old.xlsx", dt.date(2025, 1, 10), 200.0), version(2, "new.xlsx", dt.date(2025, 1, 12), 100.0)]
    plan = plan_files(service, files)
    assert [r.action for r in plan.files] == ["duplicate", "import"]
    assert plan.files[0].duplicate_of == Path("/mail/new.xlsx") and "报出日期较新（2025-01-12，这个文件是 2025-01-10）" in plan.files[0].message
    # the same 报出日期 (or none): the later file time
    files = [version(1, "a.xlsx", None, 300.0), version(2, "b.xlsx", None, 100.0), version(3, "c.xlsx", None, 200.0)]
    assert [r.action for r in plan_files(service, files).files] == ["import", "duplicate", "duplicate"]
    # a copy of the same bytes (a later file time) is not a newer version
    copy = version(1, "a.xlsx", None, 400.0)
    files = [version(1, "a.xlsx", None, 300.0), copy]
    plan = plan_files(service, files)
    assert [r.action for r in plan.files] == ["import", "duplicate"] and "两个文件内容完全相同" in plan.files[1].message
    # nothing to tell them apart: the first of the batch, said so
    files = [version(1, "a.xlsx", None, None), version(2, "b.xlsx", None, None)]
    plan = plan_files(service, files)
    assert [r.action for r in plan.files] == ["import", "duplicate"] and "分不出新旧" in plan.files[1].message
    result = apply_plan(service, plan, Decisions())
    assert service.load("T01", PERIOD).values["staff.total"] == Decimal(1)  # type: ignore[union-attr]
    assert [r.action for r in result.files] == ["imported", "duplicate"]


def test_the_same_content_again_is_skipped_a_changed_one_asks(service: ReturnService, template: Template) -> None:
    first = read(ret(template, town(1, None), 5), "t1.xlsx")
    apply_plan(service, plan_files(service, [first]), Decisions())
    again = read(ret(template, town(1, None), 5), "t1.xlsx")  # the same hash ("hash-t1.xlsx")
    changed = read(ret(template, town(1, None), 6), "t1-new.xlsx")
    assert [r.action for r in plan_files(service, [again]).files] == ["same"]
    assert "已导入过相同内容，跳过" in plan_files(service, [again]).files[0].message
    plan = plan_files(service, [changed])
    assert [r.action for r in plan.files] == ["exists"]
    apply_plan(service, plan, Decisions(replace=True))
    # the return now comes from another file: the first file's content is no longer "the same"
    assert [r.action for r in plan_files(service, [again]).files] == ["exists"]


def test_not_a_return_is_ignored_and_recorded(service: ReturnService, template: Template) -> None:
    from models.importing import NOT_A_RETURN

    photo = ReadFile(Path("/mail/IMG_1.jpg"), None, problems=["这是图片（JPEG），不是报表"], content_hash="h", message="文件 IMG_1.jpg 未导入：这是图片（JPEG），不是报表", kind=NOT_A_RETURN)
    plan = plan_files(service, [photo, read(ret(template, town(1, None), 5), "t1.xlsx")])
    assert [r.action for r in plan.files] == ["ignored", "import"]
    result = apply_plan(service, plan, Decisions())
    assert file_rows(service, result.batch_id) == [("IMG_1.jpg", "ignored"), ("t1.xlsx", "imported")]


def test_folders_are_walked_in_name_order_and_archives_give_many_entries(tmp_path: Path) -> None:
    from models.importing import read_files

    (tmp_path / "in" / "b").mkdir(parents=True)
    for name in ("in/z.xlsx", "in/b/a.xlsx", "in/a.zip", "loose.xlsx"):
        (tmp_path / name).write_bytes(b"x")

    def reader(path: Path) -> ReadFile | list[ReadFile]:
        if path.suffix == ".zip":
            return [ReadFile(path.with_name(f"{path.name} › {n}"), None) for n in ("1.xlsx", "2.xlsx")]
        return ReadFile(path, None)

    seen: list[tuple[int, int, str]] = []
    read_back = read_files([tmp_path / "loose.xlsx", tmp_path / "in"], reader, progress=lambda d, t, n: seen.append((d, t, n)))
    assert read_back is not None
    assert [f.path.name for f in read_back] == ["loose.xlsx", "a.zip › 1.xlsx", "a.zip › 2.xlsx", "a.xlsx", "z.xlsx"]
    assert seen[0] == (0, 4, "loose.xlsx") and seen[-1] == (4, 4, "")
