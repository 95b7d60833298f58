"""The import pipeline on plain data: the plan (what each file would do, writing nothing),
versions of one return in a batch, the same content again, not a return, folders.
Storing the plan: tests/models/test_import_apply.py."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from models.data import ReturnData, UnitInfo
from models.importing import (
    Decisions,
    ReadFile,
    apply_plan,
    plan_files,
)
from models.returns import ReturnService
from models.schema import ImportBatch, ImportFile
from models.template import Template
from tests.factories import make_return

COUNTY = UnitInfo("C1", "某县卫生健康局", "county")
PERIOD = "2024Q4"


def town(n: int, parent: str | None = "C1") -> UnitInfo:
    return UnitInfo(f"T{n:02d}", f"第{n}乡卫生院", "township", parent)


def ret(template: Template, unit: UnitInfo, total: int, period: str = PERIOD, **texts: str) -> ReturnData:
    texts_by_code = {k.replace("_", "."): v for k, v in texts.items()}
    return make_return(template, {"staff.total": total}, unit=unit, period=period, origin="imported", source_file=f"{unit.code}.xlsx", texts=texts_by_code)


def read(data: ReturnData | None, name: str, problems: list[str] | None = None) -> ReadFile:
    return ReadFile(Path("/mail") / name, data, problems=problems or [], content_hash=f"hash-{name}")


def units(service: ReturnService) -> set[str]:
    return {u.code for u in service.units.list()}


def file_rows(service: ReturnService, batch_id: int | None) -> list[tuple[str, str]]:
    with Session(service.engine) as s:
        return [(f.file_name, f.outcome) for f in s.scalars(select(ImportFile).where(ImportFile.batch_id == batch_id).order_by(ImportFile.position))]


def test_the_plan_says_what_each_file_would_do_and_writes_nothing(service: ReturnService, template: Template) -> None:
    service.units.save(COUNTY)
    service.units.save(town(1))
    service.settings.set(our_unit="C1")
    service.store.save(ret(template, COUNTY, 40))
    service.workflow.submit("C1", PERIOD)
    service.store.save(ret(template, town(1), 10))
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
    assert units(service) == before and service.store.load("T01", PERIOD).values["staff.total"] == Decimal(10)  # type: ignore[union-attr]
    with Session(service.engine) as s:
        assert s.scalar(select(ImportBatch.id)) is None


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
    assert service.store.load("T01", PERIOD).values["staff.total"] == Decimal(1)  # type: ignore[union-attr]
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

    photo = ReadFile(
        Path("/mail/IMG_1.jpg"),
        None,
        problems=["这是图片（JPEG），不是报表"],
        content_hash="h",
        message="文件 IMG_1.jpg 未导入：这是图片（JPEG），不是报表",
        kind=NOT_A_RETURN,
    )
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


def test_a_batch_is_judged_as_each_of_its_files_alone(service: ReturnService, template: Template) -> None:
    # The plan reads what it judges a batch against a few set queries at a time (the returns
    # stored, the files that put them in, last quarter's figures): each file's outcome is the
    # one it gets when planned alone.
    service.units.save(COUNTY)
    for n in (1, 2, 3, 4):
        service.units.save(town(n))
    service.settings.set(our_unit="C1")
    service.store.save(ret(template, COUNTY, 40))
    service.workflow.submit("C1", PERIOD)
    service.store.save(ret(template, town(1), 100, period="2024Q3"))  # last quarter: 100 staff, now 10
    apply_plan(service, plan_files(service, [read(ret(template, town(2), 5), "t2.xlsx")]), Decisions())
    service.store.save(ret(template, town(3), 7))
    service.workflow.review("T03", PERIOD, accept=False, note="人数不对")
    service.store.save(ret(template, town(4), 8))
    files = [
        read(ret(template, town(1), 10), "t1.xlsx"),
        read(ret(template, town(2), 5), "t2.xlsx"),  # the same bytes as the file that put it in
        read(ret(template, town(3), 9), "t3.xlsx"),  # corrected after 退回
        read(ret(template, town(4), 9), "t4.xlsx"),
        read(ret(template, COUNTY, 41), "ours.xlsx"),  # our own submitted return
        read(ret(template, town(5), 3), "t5.xlsx"),  # a new unit
        read(ret(template, town(4), 9), "t4-again.xlsx"),
    ]
    together = plan_files(service, files).files
    assert [r.action for r in together] == ["import", "same", "replace", "exists", "refused", "import", "duplicate"]
    alone = [plan_files(service, [f]).files[0] for f in files[:-1]]
    assert [(r.action, r.message, r.findings, r.new_unit, r.parent) for r in together[:-1]] == [
        (r.action, r.message, r.findings, r.new_unit, r.parent) for r in alone
    ]
    assert any(f.codes[0] == "staff.total" and "上期 100" in f.message for f in together[0].findings)  # last quarter's figures were read
    assert "这是重新报来的，替换原报表" in together[2].message


def test_the_plan_asks_as_many_questions_of_the_database_for_twenty_files_as_for_two(service: ReturnService, template: Template) -> None:
    def planned(first: int, count: int) -> int:
        files = []
        for n in range(first, first + count):
            service.units.save(town(n, None))
            service.store.save(ret(template, town(n, None), 10 + n, period="2024Q3"))
            service.store.save(ret(template, town(n, None), 10 + n))
            files.append(read(ret(template, town(n, None), 20 + n), f"t{n}.xlsx"))
        statements: list[str] = []

        def seen(conn: object, cursor: object, sql: str, params: object, context: object, executemany: bool) -> None:
            statements.append(sql)

        event.listen(service.engine, "before_cursor_execute", seen)
        try:
            plan = plan_files(service, files)
        finally:
            event.remove(service.engine, "before_cursor_execute", seen)
        assert {r.action for r in plan.files} == {"exists"} and all(r.findings for r in plan.files)
        return len(statements)

    assert planned(1, 2) == planned(10, 20)
