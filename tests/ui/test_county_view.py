"""County work in the window: 报送情况, 汇总, the whole year and the comparison page."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.data import ReturnData, UnitInfo
from models.returns import ReturnService
from models.vocab import Origin
from tests.ui.conftest import Answers, WindowFactory, type_into
from ui.county_view import ERRORS, FILE, LAST_DIFF, LAST_PCT, LAST_YEAR, NOTE, PREV_DIFF, PREV_PCT, PREVIOUS, RECEIVED, STATE, TIMING, YTD, CompletenessDialog, CompletenessModel, ComparisonModel, CURRENT
from ui.main_window import MainWindow
from ui.unit_tree import CODE_ROLE

COUNTY = UnitInfo("C00", "示范县卫生健康局", "county", None)
KIDS = [
    UnitInfo("C01", "一号镇卫生院", "township", "C00"),
    UnitInfo("C02", "二号乡卫生院", "township", "C00"),
    UnitInfo("C03", "三号镇卫生院", "township", "C00"),
    UnitInfo("C04", "县人民医院", "hospital", "C00"),
    UnitInfo("C05", "县疾控中心", "other", "C00"),
]
PERIOD = "2024Q4"
# A small consistent return: totals with their full breakdowns.
BASE = {
    "staff.total": 30,
    "staff.admin": 3,
    "staff.prof": 25,
    "staff.worker": 2,
    "staff.other": 0,
    "recruit.applicants": 10,
    "recruit.examinees": 8,
    "recruit.hired": 2,
    "train.level.county": 12,
}


def values(scale: int) -> dict[str, Decimal]:
    return {k: Decimal(v * scale) for k, v in BASE.items()}


def put(service: ReturnService, unit: UnitInfo, period: str, vals: dict[str, Decimal], **extra: object) -> ReturnData:
    tpl = service.registry.for_period("2024Q4")
    data = ReturnData(unit=unit, period=period, template_id=tpl.id, template_version=tpl.version, values=dict(vals))
    for key, value in extra.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def county(make_window: WindowFactory) -> MainWindow:
    """The county with five units: C01 draft, C02 imported, C03 submitted, C04 imported with an error, C05 missing."""
    window = make_window(units=(COUNTY, *KIDS), our=COUNTY.code)
    service = window.service
    assert service is not None
    service.store.save(put(service, COUNTY, PERIOD, values(1)))
    service.store.save(put(service, KIDS[0], PERIOD, values(2)))
    service.workflow.import_return(put(service, KIDS[1], PERIOD, values(3), source_file="二号乡2024Q4.xlsx"))
    service.store.save(put(service, KIDS[2], PERIOD, values(4)))
    assert service.workflow.submit(KIDS[2].code, PERIOD) == []
    bad = values(5) | {"recruit.hired": Decimal(99)}  # hired > examinees: an error
    service.workflow.import_return(put(service, KIDS[3], PERIOD, bad, source_file="县医院.xlsx"))
    assert window.open_return(COUNTY.code, PERIOD)
    return window


def open_dialog(window: MainWindow) -> CompletenessDialog:
    window.county.completeness_action.trigger()
    dialog = window.county.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def row_of(dialog: CompletenessDialog, code: str) -> int:
    return next(n for n, c in enumerate(dialog.model.rows) if c.unit.code == code)


def cell(dialog: CompletenessDialog, code: str, col: int) -> str:
    return dialog.model.data(dialog.model.index(row_of(dialog, code), col))


def test_completeness_model_is_a_sound_table_model(qtmodeltester, county: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from models.consolidate import completeness

    model = CompletenessModel()
    model.set_report(completeness(county.service, COUNTY.code, PERIOD))  # type: ignore[arg-type]
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_completeness_table_shows_each_unit_state_with_date_file_and_timing(county: MainWindow) -> None:
    dialog = open_dialog(county)
    assert "2024年第四季度" in dialog.windowTitle() and "示范县卫生健康局" in dialog.windowTitle()
    states = {c.unit.code: cell(dialog, c.unit.code, STATE) for c in dialog.model.rows}
    assert states == {"C01": "草稿", "C02": "已导入", "C03": "已报送", "C04": "有错误", "C05": "未报"}, "每个单位的报送状态"
    assert cell(dialog, "C02", FILE) == "二号乡2024Q4.xlsx"
    today = dt.datetime.now().strftime("%Y-%m-%d")
    assert cell(dialog, "C02", RECEIVED) == today and cell(dialog, "C03", RECEIVED) == today
    assert cell(dialog, "C02", TIMING) == "逾期", "2024Q4 is due 2025-01-31; received today is late"
    assert cell(dialog, "C04", ERRORS) == "1" and cell(dialog, "C01", ERRORS) == ""
    assert cell(dialog, "C05", RECEIVED) == "" and cell(dialog, "C05", TIMING) == ""
    summary = dialog.summary.text()
    assert "应报 <b>5</b> = 已报 <b>3</b>（按时 0，逾期 3）+ 草稿未报送 <b>1</b> + 未报" in summary, "the figures add up"
    assert summary.endswith("未报 <b style='color:#d32f2f'>1</b>"), "only C05 is missing; C01 is a draft typed here"


def test_on_time_when_received_before_the_due_date(county: MainWindow, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE returns SET received_at = '2025-01-20 08:00:00' WHERE unit_id = (SELECT id FROM units WHERE code = 'C02')")
    con.close()
    dialog = open_dialog(county)
    assert cell(dialog, "C02", TIMING) == "按时" and cell(dialog, "C02", RECEIVED) == "2025-01-20"
    assert "（按时 1，" in dialog.summary.text()


def test_send_back_asks_the_reason_records_it_and_leaves_the_unit_out(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    service = county.service
    assert service is not None
    dialog = open_dialog(county)
    reasons: list[str | None] = [None, "  ", "录用人数与学历分组不符，请核对"]
    asked: list[str] = []
    told: list[str] = []

    def ask_reason(unit_name: str) -> str | None:
        asked.append(unit_name)
        return reasons.pop(0)

    monkeypatch.setattr(dialog, "ask_reason", ask_reason)
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    dialog.select_unit("C02")
    before = service.store.audit("C02", PERIOD)
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)  # cancelled
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)  # blank reason
    assert asked == ["二号乡卫生院", "二号乡卫生院"]
    assert told == ["请填写退回原因，以便该单位知道要改什么。"], "a blank reason is refused with a message"
    assert service.store.audit("C02", PERIOD) == before and cell(dialog, "C02", STATE) == "已导入", "nothing recorded yet"
    qtbot.mouseClick(dialog.send_back_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C02", STATE) == "已退回"
    assert cell(dialog, "C02", NOTE) == "录用人数与学历分组不符，请核对"
    last = service.store.audit("C02", PERIOD)[-1]
    assert (last.action, last.who, last.new) == ("send_back", "tester", "returned：录用人数与学历分组不符，请核对"), "the audit trail has it"
    assert service.store.load("C02", PERIOD).review_status == "returned"  # type: ignore[union-attr]
    # Sent back: not counted as received, and left out of the consolidation.
    assert "已报 <b>2</b>" in dialog.summary.text()
    consolidate_now(qtbot, county)
    assert "二号乡卫生院（已退回）" in county.banner_text.text()


def consolidate_now(qtbot: QtBot, window: MainWindow) -> None:
    """汇总 (Ctrl+G) runs in a worker with a progress dialog: trigger it and wait for the result."""
    window.county.consolidate_action.trigger()
    assert window.county.run is not None, "not started"
    qtbot.waitUntil(lambda: window.county.run is None, timeout=20_000)


def test_accept_is_recorded_and_a_return_with_errors_cannot_be_accepted(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    service = county.service
    assert service is not None
    dialog = open_dialog(county)
    told: list[str] = []
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    dialog.select_unit("C04")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert told and "1 个错误" in told[0] and service.store.load("C04", PERIOD).review_status == ""  # type: ignore[union-attr]
    dialog.select_unit("C03")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C03", STATE) == "已审核"
    assert service.store.audit("C03", PERIOD)[-1].action == "accept"
    assert not dialog.accept_button.isEnabled(), "already accepted"
    dialog.select_unit("C05")
    assert not dialog.accept_button.isEnabled() and not dialog.send_back_button.isEnabled(), "nothing to review for a missing unit"


def test_accept_of_a_return_changed_since_the_table_was_read_is_refused(qtbot: QtBot, county: MainWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.db import open_database

    dialog = open_dialog(county)
    told: list[str] = []
    monkeypatch.setattr(dialog, "tell", lambda title, text, error=False: told.append(text))
    other = ReturnService(open_database(db_path), who="李四")  # the unit's clerk, on the shared server
    changed = other.store.load("C01", PERIOD)
    assert changed is not None
    changed.values["staff.female"] = Decimal(5)
    other.store.save(changed)
    other.engine.dispose()
    dialog.select_unit("C01")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert told and "已被 李四 于 " in told[0] and "审核结果未记录" in told[0]
    assert county.service is not None and county.service.store.load("C01", PERIOD).review_status == ""  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)  # the table was read again: now it is recorded
    assert cell(dialog, "C01", STATE) == "已审核"


def test_a_review_of_the_shown_return_does_not_refuse_the_clerks_next_save(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.conflict_dialog import ConflictDialog

    conflicts: list[ConflictDialog] = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda dialog: conflicts.append(dialog) or 0)  # would wait for a click
    dialog = open_dialog(county)
    dialog.select_unit("C01")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert county.data is not None and county.data.unit.code == "C01"
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert cell(dialog, "C01", STATE) == "已审核"
    type_into(qtbot, county.forms["staff"].fields["staff.female"], "7")
    assert county.commands.save() and not conflicts
    assert county.service is not None and county.service.queries.values_for("C01", PERIOD)["staff.female"] == 7  # type: ignore[index]


def test_open_a_units_return_from_the_table(qtbot: QtBot, county: MainWindow) -> None:
    dialog = open_dialog(county)
    dialog.select_unit("C03")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert county.data is not None and (county.data.unit.code, county.data.period, county.data.scope) == ("C03", PERIOD, "own")
    assert county.forms["staff"].fields["staff.total"].text() == "120"


def test_consolidate_from_the_window_gives_the_services_numbers_read_only(qtbot: QtBot, county: MainWindow, answers: Answers) -> None:
    service = county.service
    assert service is not None
    titles = {"staff.prof.title.senior_full": 0, "staff.prof.title.senior_assoc": 5, "staff.prof.title.mid": 20, "staff.prof.title.junior": 20, "staff.prof.title.none": 5}
    c01 = service.store.load("C01", PERIOD)
    assert c01 is not None
    c01.values |= {k: Decimal(v) for k, v in titles.items()}  # the only unit that gives its titles
    service.store.save(c01)
    consolidate_now(qtbot, county)
    data = county.data
    assert data is not None and data.scope == "consolidated" and county.document.view_note is not None
    # Own (1) + C01 (2) + C02 (3) + C03 (4) + C04 (5, hired 99); C05 missing.
    expected = {k: Decimal(v * 15) for k, v in BASE.items()} | {"recruit.hired": Decimal(2 * 10 + 99)} | {k: Decimal(v) for k, v in titles.items()}
    assert data.values == expected, "the sums, computed here independently"
    assert service.store.load(COUNTY.code, PERIOD, "consolidated").values == expected  # type: ignore[union-attr]
    assert county.forms["staff"].fields["staff.total"].text() == "450"
    assert "未报单位：县疾控中心" in county.banner_text.text() and county.banner.isVisible()
    gaps = county.banner_text.text().split("<br>")
    assert "专业技术人员按职称：示范县卫生健康局、二号乡卫生院、三号镇卫生院、县人民医院 只填了合计，未填分项。" in gaps, gaps
    assert county.county.scope.currentIndex() == 1 and county.status_label.text() == "只读"
    # Read-only: typing changes nothing, there is nothing to save or submit.
    edit = county.forms["staff"].fields["staff.total"]
    assert edit.isReadOnly()
    type_into(qtbot, edit, "9")
    assert county.data.values["staff.total"] == Decimal(450) and not county.dirty
    assert not county.save_action.isEnabled() and not county.submit_action.isEnabled() and not county.reopen_action.isEnabled()
    # The late return arrives: consolidating again takes it in.
    service.store.save(put(service, KIDS[4], PERIOD, values(10)))
    consolidate_now(qtbot, county)
    assert county.data.values["staff.total"] == Decimal(30 * 25)
    assert "未报单位" not in county.banner_text.text()
    assert service.store.load(COUNTY.code, PERIOD, "consolidated").values["staff.total"] == Decimal(750)  # type: ignore[union-attr]
    assert service.store.load(COUNTY.code, PERIOD).values["staff.total"] == Decimal(30), "our own return is untouched"  # type: ignore[union-attr]


def test_switching_between_own_and_consolidated_return(qtbot: QtBot, county: MainWindow, answers: Answers) -> None:
    county.county.scope.setCurrentIndex(1)
    assert county.data is not None and county.data.scope == "consolidated"
    assert "还没有汇总表" in county.banner_text.text(), "not consolidated yet: says how"
    assert county.read_only()
    consolidate_now(qtbot, county)
    county.county.scope.setCurrentIndex(0)
    assert county.data.scope == "own" and county.data.values["staff.total"] == Decimal(30) and not county.read_only()
    # A unit without subordinates has only its own return: the switch is off.
    county.open_return("C01", PERIOD)
    assert not county.county.scope.isEnabled() and not county.county.consolidate_action.isEnabled()


def test_whole_year_is_read_only_and_names_the_missing_quarters(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    unit = service.units.get("T01")
    assert unit is not None
    service.store.save(put(service, unit, "2024Q1", {"staff.total": Decimal(30), "recruit.hired": Decimal(2)}))
    service.store.save(put(service, unit, "2024Q3", {"staff.total": Decimal(33), "recruit.hired": Decimal(5)}))
    window.open_return("T01", "2024Q3")
    window.quarter.setCurrentIndex(4)  # 全年
    data = window.data
    assert window.quarter.currentText() == "全年"
    assert data is not None and data.period == "2024" and window.read_only()
    assert data.values == {"staff.total": Decimal(33), "recruit.hired": Decimal(7)}, "stock from Q3, flow Q1+Q3"
    note = window.banner_text.text()
    assert "缺少：第二季度、第四季度" in note, note
    assert window.forms["recruit"].fields["recruit.hired"].text() == "7" and window.forms["recruit"].fields["recruit.hired"].isReadOnly()
    # Each figure says what it covers: the flow adds up two quarters, the stock is Q3's.
    assert "（第1、3季度）" in window.forms["recruit"].labels["recruit.hired"][0].text()
    assert "（第3季度末数）" in window.forms["staff"].labels["staff.total"][0].text()
    assert window.commands.save(), "saving a view stores nothing and is not an error"
    assert [r.period for r in service.queries.list_returns("T01")] == ["2024Q1", "2024Q3"], "the year is never stored"
    # Back to a quarter: the own return, editable again.
    window.quarter.setCurrentIndex(2)
    assert window.data is not None and window.data.period == "2024Q3" and not window.read_only()


def test_comparison_page_shows_previous_last_year_and_year_to_date(make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    unit = service.units.get("T01")
    assert unit is not None
    for period, total, hired in (("2023Q4", 100, 1), ("2024Q1", 104, 2), ("2024Q2", 105, 3), ("2024Q3", 110, 4), ("2024Q4", 121, 5)):
        service.store.save(put(service, unit, period, {"staff.total": Decimal(total), "recruit.hired": Decimal(hired)}))
    window.open_return("T01", "2024Q4")
    window.county.compare_action.trigger()
    assert window.tabs.currentWidget() is window.scrolls["compare"]
    model: ComparisonModel = window.county.compare_page.model
    total = next(n for n, i in enumerate(model.indicators) if i.code == "staff.total")
    hired = next(n for n, i in enumerate(model.indicators) if i.code == "recruit.hired")

    def shown(row: int, col: int) -> str:
        return model.data(model.index(row, col))

    assert [shown(total, c) for c in (CURRENT, PREVIOUS, PREV_DIFF, PREV_PCT, LAST_YEAR, LAST_DIFF, LAST_PCT)] == ["121", "110", "+11", "+10.0%", "100", "+21", "+21.0%"]
    assert shown(hired, YTD) == "14" and shown(total, YTD) == "", "本年累计 only for flows: 2+3+4+5"
    assert "2024年第三季度" in model.headerData(PREVIOUS, Qt.Orientation.Horizontal) and "2023年第四季度" in model.headerData(LAST_YEAR, Qt.Orientation.Horizontal)
    # The figure as typed (not yet saved) is what is compared.
    window.tabs.setCurrentWidget(window.scrolls["recruit"])
    window.forms["recruit"].fields["recruit.hired"].type_text("8")
    window.county.compare_action.trigger()
    assert shown(hired, YTD) == "17" and shown(hired, PREV_DIFF) == "+4" and shown(hired, PREV_PCT) == "+100.0%"
    # A quarter that gave no hires: 本年累计 says which quarters it adds up.
    q2 = service.store.load("T01", "2024Q2")
    assert q2 is not None
    del q2.values["recruit.hired"]
    service.store.save(q2)
    window.tabs.setCurrentWidget(window.scrolls["recruit"])
    window.county.compare_action.trigger()
    assert shown(hired, YTD) == "14（第1、3、4季度）"  # 2 + 4 + 8
    # Q1: no 本年累计 column.
    window.open_return("T01", "2024Q1")
    assert window.county.compare_page.table.isColumnHidden(YTD)
    assert shown(total, PREVIOUS) == "100" and shown(total, LAST_YEAR) == "", "nothing for 2023Q1"
    assert "去年同期没有报表" in window.county.compare_page.caption.text()


def test_comparison_model_is_a_sound_table_model(qtmodeltester, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_return("T01", PERIOD)
    window.county.compare_action.trigger()
    qtmodeltester.check(window.county.compare_page.model, force_py=True)


def test_annual_and_consolidated_periods_are_refused_for_completeness(county: MainWindow, answers: Answers) -> None:
    county.quarter.setCurrentIndex(4)
    assert county.county.show_completeness() is None
    assert county.county.consolidate() is False
    assert answers.told[-1][0] == "请选择季度"


def test_consolidation_runs_off_the_gui_thread_and_one_signal_refreshes_what_shows_it(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import models.consolidate

    threads: list[bool] = []
    real = models.consolidate.consolidate

    def watched(*args: object, **kw: object) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(models.consolidate, "consolidate", watched)
    dialog = open_dialog(county)
    changed: list[tuple[str, str]] = []
    county.document.changed.connect(lambda unit, period: changed.append((unit, period)))
    consolidate_now(qtbot, county)
    assert threads == [False], "consolidated in a worker"
    assert changed == [(COUNTY.code, PERIOD)]
    assert county.data is not None and county.data.scope == "consolidated"
    # C01's draft, submitted from the window: the open 报送情况 follows without being asked.
    county.county.show_own()
    assert county.open_return(KIDS[0].code, PERIOD)
    assert cell(dialog, "C01", STATE) == "草稿"
    assert county.commands.submit()
    assert (KIDS[0].code, PERIOD) in changed
    assert cell(dialog, "C01", STATE) == "已报送"
    item = next(i for i in county.chooser.unit_items() if i.data(0, CODE_ROLE) == KIDS[0].code)
    assert item.text(1) == "已报送"


def test_the_unit_tree_and_completeness_say_the_same_word(county: MainWindow) -> None:
    """Issue 16, item 5: one vocabulary on screen, an import changed in Excel included."""
    service = county.service
    assert service is not None
    data = service.store.load(KIDS[1].code, PERIOD)
    assert data is not None
    data.edited_in_excel = True
    service.workflow.import_return(data, replace_existing=True)
    county.update_unit_statuses()
    dialog = open_dialog(county)
    tree = {i.data(0, CODE_ROLE): i.text(1) for i in county.chooser.unit_items()}
    for kid in KIDS:
        assert tree[kid.code] == (cell(dialog, kid.code, STATE) if kid.code != "C05" else "—"), kid.code
    assert tree["C01"] == "草稿" and tree["C02"] == "已导入（有改动）" and tree["C03"] == "已报送" and tree["C04"] == "有错误"


def test_the_consolidated_view_says_beside_a_figure_how_many_units_gave_it(qtbot: QtBot, county: MainWindow) -> None:
    """Only 一号镇 and 二号乡 count their women: 女性 is their sum, "2/5 个单位填报" beside it;
    nobody gave ages, so those fields stay empty, never 0."""
    service = county.service
    assert service is not None
    for kid, women in ((KIDS[0], 20), (KIDS[1], 30)):
        data = service.store.load(kid.code, PERIOD)
        assert data is not None
        if data.origin == Origin.IMPORTED:  # the township's file: corrected here only as 代报
            service.workflow.take_over(kid.code, PERIOD, data.scope)
            data = service.store.load(kid.code, PERIOD)
            assert data is not None
        data.values["staff.female"] = Decimal(women)
        if kid is KIDS[0]:
            data.values["staff.prof.title.mid"] = Decimal(50)  # 中级 known, the other titles not
        service.store.save(data)
    consolidate_now(qtbot, county)
    staff = county.forms["staff"]
    assert staff.fields["staff.female"].text() == "50"
    label, _ = staff.labels["staff.female"]
    assert "（2/5 个单位填报）" in label.text() and "#546e7a" in label.text()
    assert staff.labels["staff.total"][0].text() == "在岗职工总数"  # every unit gave it
    assert staff.fields["staff.age.le35"].text() == "" and not staff.coverage_notes["staff.age.le35"].isVisible()
    # A part of a breakdown grid: the words under its field.
    note = staff.coverage_notes["staff.prof.title.mid"]
    assert note.text() == "1/5 个单位填报" and not note.isHidden()
    # The own return shows no such words.
    county.county.show_own()
    assert county.document.view_note is None and county.forms["staff"].labels["staff.female"][0].text() == "其中：女性"


def test_while_consolidating_nothing_is_reviewed_typed_or_saved(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The consolidation reads the returns in a worker: 审核/退回 and saves wait until it has finished."""
    import threading

    import models.consolidate

    working, release = threading.Event(), threading.Event()
    real = models.consolidate.consolidate

    def held(*args: object, **kw: object) -> object:
        working.set()
        assert release.wait(10)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(models.consolidate, "consolidate", held)
    dialog = open_dialog(county)
    dialog.select_unit(KIDS[1].code)  # 已导入: may be accepted or sent back
    assert dialog.accept_button.isEnabled() and dialog.send_back_button.isEnabled()
    county.county.consolidate_action.trigger()
    qtbot.waitUntil(working.is_set)
    try:
        assert county.document.busy
        assert not dialog.accept_button.isEnabled() and not dialog.send_back_button.isEnabled()
        assert not dialog.accept_selected()
        assert not county.county.consolidate()  # one at a time
        assert not county.save_action.isEnabled() and not county.submit_action.isEnabled()
    finally:
        release.set()
    qtbot.waitUntil(lambda: county.county.run is None, timeout=20_000)
    assert not county.document.busy and dialog.accept_button.isEnabled()
    assert cell(dialog, KIDS[1].code, STATE) == "已导入"  # not accepted behind the consolidation's back
    assert dialog.accept_selected() and cell(dialog, KIDS[1].code, STATE) == "已审核"


def test_a_review_reloads_the_units_return_when_the_window_shows_it(qtbot: QtBot, county: MainWindow) -> None:
    """审核 in 报送情况 announces changed(unit, period) of the unit's return: the form showing it follows."""
    from models.vocab import Review

    dialog = open_dialog(county)
    assert county.open_return(KIDS[1].code, PERIOD)
    assert county.data is not None and county.data.review_status != Review.ACCEPTED
    dialog.select_unit(KIDS[1].code)
    assert dialog.accept_selected()
    assert county.data is not None and county.data.unit.code == KIDS[1].code and county.data.review_status == Review.ACCEPTED
    item = next(i for i in county.chooser.unit_items() if i.data(0, CODE_ROLE) == KIDS[1].code)
    assert item.text(1) == cell(dialog, KIDS[1].code, STATE) == "已审核"
