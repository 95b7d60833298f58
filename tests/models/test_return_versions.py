"""No lost update: every write path of models/returns.py (and consolidation) refuses a write
based on an older version of the return, names who wrote in between and when, and writes
nothing. Two services on one database stand for two clerks (张三, 李四)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from models.consolidate import completeness, consolidate
from models.data import ReturnData, UnitInfo
from models.db import open_database
from models.returns import ReturnConflict, ReturnService
from models.store import Store
from models.vocab import Review
from tests.factories import make_return

COUNTY = UnitInfo("C00", "测试县卫生健康局", "county")
UNIT = UnitInfo("T01", "城关镇卫生院", "township", COUNTY.code)
PERIOD = "2024Q4"


@pytest.fixture
def clerks(db_url: str) -> Iterator[tuple[ReturnService, ReturnService]]:
    """张三 and 李四, each with their own engine on the same database."""
    a = ReturnService(open_database(db_url), who="张三")
    b = ReturnService(open_database(db_url), who="李四")
    a.units.save(COUNTY)
    a.units.save(UNIT)
    yield a, b
    a.engine.dispose()
    b.engine.dispose()


def stored(service: ReturnService, scope: str = "own") -> ReturnData:
    data = service.store.load(UNIT.code if scope == "own" else COUNTY.code, PERIOD, scope)
    assert data is not None
    return data


def first_save(service: ReturnService, **values: int) -> ReturnData:
    data = service.store.new_return(UNIT.code, PERIOD)
    data.values = {k.replace("__", "."): Decimal(v) for k, v in values.items()}
    service.store.save(data)
    return data


def refused_naming(winner: str, verb: str = "修改") -> pytest.RaisesContext[ReturnConflict]:
    # The message names the winner and the time, to the minute, in local time.
    return pytest.raises(ReturnConflict, match=rf"已被 {winner} 于 \d{{4}}-\d\d-\d\d \d\d:\d\d {verb}。请重新")


def test_a_save_on_an_older_version_is_refused_and_writes_nothing(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    mine, theirs = stored(a), stored(b)
    assert mine.version == theirs.version == 1
    mine.values["staff.total"] = Decimal(31)
    a.store.save(mine)
    assert mine.version == 2  # the window's data follows the stored version
    theirs.values["staff.total"] = Decimal(99)
    theirs.texts["text.problems"] = "李四写的"
    trail = b.store.audit(UNIT.code, PERIOD)
    with refused_naming("张三") as refused:
        b.store.save(theirs)
    assert refused.value.who == "张三" and refused.value.version == 2
    assert isinstance(refused.value.at, dt.datetime)
    assert "城关镇卫生院" in str(refused.value) and "您的修改未保存" in str(refused.value)
    now = stored(b)
    assert now.values == {"staff.total": 31} and now.texts == {} and now.version == 2
    assert theirs.version == 1  # still the version 李四 read: a retry is refused again
    assert b.store.audit(UNIT.code, PERIOD) == trail  # nothing of 李四's is in the trail


def test_two_new_returns_for_the_same_unit_and_period_the_second_is_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    mine, theirs = a.store.new_return(UNIT.code, PERIOD), b.store.new_return(UNIT.code, PERIOD)
    assert mine.version == theirs.version == 0
    mine.values = {"staff.total": Decimal(30)}
    theirs.values = {"staff.total": Decimal(40)}
    a.store.save(mine)
    with refused_naming("张三"):
        b.store.save(theirs)
    assert stored(a).values == {"staff.total": 30}


def test_explanation_edits_on_an_older_version_are_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, recruit__posts=1, recruit__hired=2)
    mine, theirs = stored(a), stored(b)
    mine.explanations["warn.recruit.hired_posts"] = "一个岗位招了两人"
    a.store.save(mine)
    theirs.explanations["warn.recruit.hired_posts"] = "另一个说明"
    with refused_naming("张三"):
        b.store.save(theirs)
    assert stored(b).explanations == {"warn.recruit.hired_posts": "一个岗位招了两人"}


def test_submit_of_an_older_version_is_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    checked = stored(b).version
    edited = stored(a)
    edited.values["staff.total"] = Decimal(31)
    a.store.save(edited)
    with refused_naming("张三") as refused:
        b.workflow.submit(UNIT.code, PERIOD, version=checked)
    assert "报送" in str(refused.value)
    assert not stored(b).locked
    assert b.workflow.submit(UNIT.code, PERIOD, version=stored(b).version) == []
    assert stored(a).locked


def test_reopen_of_an_older_version_is_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    assert a.workflow.submit(UNIT.code, PERIOD) == []
    seen = stored(b).version
    a.workflow.reopen(UNIT.code, PERIOD)
    assert a.workflow.submit(UNIT.code, PERIOD) == []
    with refused_naming("张三"):
        b.workflow.reopen(UNIT.code, PERIOD, version=seen)
    assert stored(b).locked


def test_accept_and_send_back_of_an_older_version_are_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    (row,) = completeness(b, COUNTY.code, PERIOD).children
    assert row.version == 1  # what the reviewer looked at
    edited = stored(a)
    edited.values["staff.total"] = Decimal(31)
    a.store.save(edited)
    with refused_naming("张三") as refused:
        b.workflow.review(UNIT.code, PERIOD, True, version=row.version)
    assert "审核结果未记录" in str(refused.value)
    with refused_naming("张三"):
        b.workflow.review(UNIT.code, PERIOD, False, "数字不对", version=row.version)
    assert stored(b).review_status == ""
    (row,) = completeness(b, COUNTY.code, PERIOD).children
    b.workflow.review(UNIT.code, PERIOD, True, version=row.version)
    assert stored(a).review_status == Review.ACCEPTED
    # A review is a write too: the clerk's open copy is now older.
    with refused_naming("李四"):
        a.store.save(edited)


def test_delete_of_an_older_version_is_refused_and_a_save_after_a_delete_names_who_deleted(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    seen = stored(b)
    edited = stored(a)
    edited.values["staff.total"] = Decimal(31)
    a.store.save(edited)
    with refused_naming("张三"):
        b.workflow.delete(UNIT.code, PERIOD, version=seen.version)
    assert stored(b).values == {"staff.total": 31}
    b.workflow.delete(UNIT.code, PERIOD, version=edited.version)
    assert b.store.load(UNIT.code, PERIOD) is None
    edited.values["staff.total"] = Decimal(32)
    with refused_naming("李四", "删除"):
        a.store.save(edited)
    assert a.store.load(UNIT.code, PERIOD) is None


def test_an_import_writes_on_the_current_version_and_an_older_window_copy_is_refused(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    open_in_window = stored(a)
    from_file = ReturnData(UNIT, PERIOD, open_in_window.template_id, open_in_window.template_version, values={"staff.total": Decimal(50)})
    assert from_file.version is None  # files carry no version
    assert b.workflow.import_return(from_file, replace_existing=True).action == "replaced"
    assert stored(b).version == 2 and stored(b).values == {"staff.total": 50}
    open_in_window.values["staff.total"] = Decimal(31)
    with refused_naming("李四"):
        a.store.save(open_in_window)
    assert stored(a).values == {"staff.total": 50}


def test_an_import_refuses_when_the_return_is_written_between_its_read_and_its_write(
    clerks: tuple[ReturnService, ReturnService], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    tpl = a.registry.latest()
    from_file = make_return(tpl, {"staff.total": Decimal(50)}, unit=UNIT, period=PERIOD)
    real_find = Store.find_with_unit  # what import_return reads the stored return with

    def find_then_another_clerk_saves(self: Store, s, unit_code: str, period: str, scope: str):  # type: ignore[no-untyped-def]
        found = real_find(self, s, unit_code, period, scope)
        if self.service is b:
            monkeypatch.setattr(Store, "find_with_unit", real_find)
            edited = stored(a)
            edited.values["staff.total"] = Decimal(31)
            a.store.save(edited)
        return found

    monkeypatch.setattr(Store, "find_with_unit", find_then_another_clerk_saves)
    with refused_naming("张三") as refused:
        b.workflow.import_return(from_file, replace_existing=True)
    assert "这个文件未导入" in str(refused.value)
    assert stored(a).values == {"staff.total": 31}


def test_consolidation_refuses_to_overwrite_a_consolidated_return_written_meanwhile(
    clerks: tuple[ReturnService, ReturnService], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    consolidate(a, COUNTY.code, PERIOD)
    mine = stored(a, "consolidated")
    assert mine.version == 1
    consolidate(b, COUNTY.code, PERIOD)  # again, on top of the stored version
    assert stored(b, "consolidated").version == 2
    mine.explanations["x"] = "张三的说明"
    with refused_naming("李四"):
        a.store.save(mine)
    # 汇总 reads the stored 汇总表 (its explanations), adds up, then writes: a write in between is not overwritten.
    real_find = Store.find_with_unit  # what consolidate reads the stored 汇总表 with

    def read_then_another_clerk_saves(self: Store, s, unit_code: str, period: str, scope: str):  # type: ignore[no-untyped-def]
        found = real_find(self, s, unit_code, period, scope)
        if self.service is a and scope == "consolidated":
            monkeypatch.setattr(Store, "find_with_unit", real_find)
            theirs = stored(b, "consolidated")
            theirs.explanations["x"] = "李四的说明"
            b.store.save(theirs)
        return found

    monkeypatch.setattr(Store, "find_with_unit", read_then_another_clerk_saves)
    with refused_naming("李四") as refused:
        consolidate(a, COUNTY.code, PERIOD)
    assert "汇总结果未保存" in str(refused.value)
    assert stored(a, "consolidated").explanations == {"x": "李四的说明"}
    assert stored(a, "consolidated").version == 3  # 李四's, nothing of ours on top


def test_every_write_path_names_the_clerk_in_the_audit_trail(clerks: tuple[ReturnService, ReturnService]) -> None:
    a, b = clerks
    first_save(a, staff__total=30)
    assert a.workflow.submit(UNIT.code, PERIOD) == []
    b.workflow.reopen(UNIT.code, PERIOD)
    b.workflow.review(UNIT.code, PERIOD, False, "请补充")
    a.workflow.delete(UNIT.code, PERIOD)
    trail = [(r.action, r.who) for r in a.store.audit(UNIT.code, PERIOD)]
    assert ("create", "张三") in trail and ("submit", "张三") in trail and ("reopen", "李四") in trail
    assert ("send_back", "李四") in trail and trail[-1] == ("delete", "张三")
    assert all(who for _, who in trail)
