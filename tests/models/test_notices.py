"""What goes back down: the 退回 round trip between a county's and a township's databases
(real files through the real import pipeline), the notice refused where it does not
belong, and the 催报 naming exactly the units missing (the files themselves:
tests/formats/test_notice_xlsx.py and test_reminder_pdf.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from formats.notice_xlsx import notice_filename, write_notice
from formats.reading import reader_for
from formats.xlsx_export import default_filename, export_xlsx
from models.consolidate import completeness
from models.data import ReturnData, UnitInfo
from models.db import open_database
from models.importing import import_files
from models.notices import SendBackNotice, notice_text, reminder, reminder_text, send_back_notice, send_back_record
from models.returns import ReturnLocked, ReturnService
from models.template import Template
from models.vocab import Review, SubmissionState
from tests.factories import make_return

PERIOD = "2024Q4"
COUNTY = UnitInfo("530000100", "示范县卫生健康局", "county")
TOWN = UnitInfo("530000110", "城关镇卫生院", "township", COUNTY.code)


def _db(path: Path, who: str) -> Iterator[ReturnService]:
    engine = open_database(str(path))
    yield ReturnService(engine, who=who)
    engine.dispose()


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ReturnService]:
    yield from _db(tmp_path / "county.db", "county-clerk")


@pytest.fixture
def township(tmp_path: Path) -> Iterator[ReturnService]:
    yield from _db(tmp_path / "township.db", "town-clerk")


def township_return(template: Template, hired: int) -> ReturnData:
    return make_return(
        template, {"staff.total": 40, "staff.female": 25, "recruit.applicants": 10, "recruit.examinees": 8, "recruit.hired": hired}, unit=TOWN, period=PERIOD
    )


def set_up(county: ReturnService, township: ReturnService) -> None:
    county.units.save(COUNTY)
    county.units.save(TOWN)
    county.settings.set(our_unit=COUNTY.code)
    township.units.save(replace(TOWN, parent=None))  # the township's program holds its own unit (its parent is not there)
    township.settings.set(our_unit=TOWN.code)


def test_the_send_back_round_trip(county: ReturnService, township: ReturnService, template: Template, tmp_path: Path) -> None:
    set_up(county, township)
    mail = tmp_path / "mail"
    mail.mkdir()
    # 1. The township types its return, submits it and exports it.
    township.store.save(township_return(template, 5))
    assert township.workflow.submit(TOWN.code, PERIOD) == []
    first = mail / default_filename(township.store.load(TOWN.code, PERIOD))  # type: ignore[arg-type]
    export_xlsx(township, TOWN.code, PERIOD, first)
    # 2. The county imports it; the return is read-only there.
    result = import_files(county, [first], reader_for(county.registry), source="test")
    assert [r.action for r in result.files] == ["imported"]
    got = county.store.load(TOWN.code, PERIOD)
    assert got is not None and got.values["recruit.hired"] == 5 and got.origin == "imported"
    with pytest.raises(ReturnLocked, match="退回"):
        county.store.save(got)
    # 3. The county sends it back with the reason; the notice is a real file, and text.
    county.workflow.review(TOWN.code, PERIOD, accept=False, note="录用人数5人与招聘公示的6人不符，请核实")
    notice = send_back_notice(county, TOWN.code, PERIOD)
    assert (notice.unit_code, notice.period, notice.sent_by, notice.from_code) == (TOWN.code, PERIOD, "county-clerk", COUNTY.code)
    notice_file = mail / notice_filename(notice)
    write_notice(notice, notice_file)
    assert notice_file.name == "530000110_城关镇卫生院_2024Q4_退回通知.xlsx"
    text = notice_text(notice, notice_file.name)
    assert "录用人数5人与招聘公示的6人不符" in text and "城关镇卫生院（530000110）2024年第四季度" in text and notice_file.name in text
    # 4. The township imports the notice through the ordinary import: its return shows the reason, reopened.
    assert township.store.load(TOWN.code, PERIOD).locked  # type: ignore[union-attr]
    result = import_files(township, [notice_file], reader_for(township.registry), source="test")
    assert [r.action for r in result.files] == ["reopened"], result.files[0].message
    back = township.store.load(TOWN.code, PERIOD)
    assert back is not None and not back.locked and back.review_status == Review.RETURNED
    assert back.review_note == "录用人数5人与招聘公示的6人不符，请核实"
    record = send_back_record(township, TOWN.code, PERIOD)
    assert record is not None and record.received and record.by == "county-clerk" and record.from_name == COUNTY.name
    trail = [(a.action, a.field, a.who) for a in township.store.audit(TOWN.code, PERIOD) if a.action == "notice"]
    assert trail == [("notice", "status", "town-clerk"), ("notice", "review", "town-clerk"), ("notice", "notice", "town-clerk")]
    # The same notice again is recognised, not applied twice.
    again = import_files(township, [notice_file], reader_for(township.registry), source="test")
    assert [r.action for r in again.files] == ["same"]
    # 5. The township corrects, submits (the 退回 is answered) and exports again.
    fixed = township.store.load(TOWN.code, PERIOD)
    assert fixed is not None
    fixed.values["recruit.hired"] = Decimal(6)
    fixed.signatories.report_date = dt.date(2025, 1, 20)
    township.store.save(fixed)
    assert township.workflow.submit(TOWN.code, PERIOD) == []
    assert township.store.load(TOWN.code, PERIOD).review_status == ""  # type: ignore[union-attr]
    stale = import_files(township, [notice_file], reader_for(township.registry), source="test")  # the old notice again
    assert [r.action for r in stale.files] == ["same"] and township.store.load(TOWN.code, PERIOD).locked  # type: ignore[union-attr]
    second = tmp_path / "mail2" / "城关镇(1).xlsx"
    second.parent.mkdir()
    export_xlsx(township, TOWN.code, PERIOD, second)
    # 6. The county imports the corrected return: it replaces the one sent back, without asking.
    result = import_files(county, [second], reader_for(county.registry), source="test")
    assert [r.action for r in result.files] == ["replaced"], result.files[0].message
    now = county.store.load(TOWN.code, PERIOD)
    assert now is not None and now.values["recruit.hired"] == 6 and now.review_status == "" and now.review_note == ""
    state = next(c.state for c in completeness(county, COUNTY.code, PERIOD).children if c.unit.code == TOWN.code)
    assert state == SubmissionState.IMPORTED


def test_a_notice_for_a_return_not_held_is_refused_in_chinese(township: ReturnService, county: ReturnService, template: Template, tmp_path: Path) -> None:
    set_up(county, township)
    township.store.save(township_return(template, 6))  # 2024Q4 only
    elsewhere = SendBackNotice(TOWN.code, TOWN.name, "2024Q3", "请补报", "county-clerk", dt.datetime(2025, 1, 5, 8, 0), COUNTY.code, COUNTY.name)
    path = tmp_path / "notice.xlsx"
    write_notice(elsewhere, path)
    result = import_files(township, [path], reader_for(township.registry), source="test")
    r = result.files[0]
    assert r.action == "rejected" and "本数据库中没有 城关镇卫生院（530000110）2024年第三季度 的报表" in r.message
    other = SendBackNotice("530000111", "新华乡卫生院", PERIOD, "请补报", "county-clerk", dt.datetime(2025, 1, 5, 8, 0), COUNTY.code, COUNTY.name)
    write_notice(other, path)
    r = import_files(township, [path], reader_for(township.registry), source="test").files[0]
    assert r.action == "rejected" and "不是本单位的" in r.message
    # The county importing its own notice is told where it belongs.
    county.store.save(township_return(template, 6))
    write_notice(SendBackNotice(TOWN.code, TOWN.name, PERIOD, "请改", "c", dt.datetime(2025, 1, 5), COUNTY.code, COUNTY.name), path)
    r = import_files(county, [path], reader_for(county.registry), source="test").files[0]
    assert r.action == "rejected" and "这是本单位发出的退回通知" in r.message
    assert township.store.load(TOWN.code, PERIOD).review_status == ""  # type: ignore[union-attr]


def reminder_setup(service: ReturnService, template: Template) -> None:
    from models.demo import build_demo

    build_demo(service)  # 2024Q4: the three townships entered; hospital and CDC missing
    service.settings.set(phone="0876-1234567")
    service.workflow.review("530000111", PERIOD, accept=False, note="女性人数多于总数")


def test_reminder_names_exactly_the_missing_units_and_the_deadline(service: ReturnService, template: Template) -> None:
    reminder_setup(service, template)
    r = reminder(service, "530000100", PERIOD, today=dt.date(2025, 2, 3))
    assert [u.name for u in r.missing] == ["示范县人民医院", "示范县疾病预防控制中心"]
    assert [(u.name, why) for u, why in r.returned] == [("新华乡卫生院", "女性人数多于总数")]
    text = reminder_text(r)
    assert "报送截止日期：2025年01月31日（已逾期 3 天）" in text
    named = {u.name for u in service.units.children("530000100") if u.name in text}
    assert named == {"示范县人民医院", "示范县疾病预防控制中心", "新华乡卫生院"}  # not 城关镇, not 石桥镇
    assert "1. 示范县人民医院（530000101）" in text and "女性人数多于总数" in text and "0876-1234567" in text
    early = reminder_text(reminder(service, "530000100", PERIOD, today=dt.date(2025, 1, 21)))
    assert "（还有 10 天）" in early and "请以上单位在 2025年01月31日 前" in early
