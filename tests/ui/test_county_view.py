"""County work in the window (ui/county_view.py, the controller): 汇总, own or consolidated, the
whole year, and the county the tests of 报送情况 and the comparison page share."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from models.template import default_registry
from models.vocab import Origin
from tests.factories import make_return
from tests.ui.conftest import Answers, WindowFactory, type_into
from ui.completeness_dialog import STATE, CompletenessDialog
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
TEMPLATE = default_registry().for_period(PERIOD)
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


@pytest.fixture
def county(make_window: WindowFactory) -> MainWindow:
    """The county with five units: C01 draft, C02 imported, C03 submitted, C04 imported with an error, C05 missing."""
    window = make_window(units=(COUNTY, *KIDS), our=COUNTY.code)
    service = window.service
    assert service is not None
    service.store.save(make_return(TEMPLATE, values(1), unit=COUNTY, period=PERIOD))
    service.store.save(make_return(TEMPLATE, values(2), unit=KIDS[0], period=PERIOD))
    service.workflow.import_return(make_return(TEMPLATE, values(3), unit=KIDS[1], period=PERIOD, source_file="二号乡2024Q4.xlsx"))
    service.store.save(make_return(TEMPLATE, values(4), unit=KIDS[2], period=PERIOD))
    assert service.workflow.submit(KIDS[2].code, PERIOD) == []
    bad = values(5) | {"recruit.hired": Decimal(99)}  # hired > examinees: an error
    service.workflow.import_return(make_return(TEMPLATE, bad, unit=KIDS[3], period=PERIOD, source_file="县医院.xlsx"))
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


def consolidate_now(qtbot: QtBot, window: MainWindow) -> None:
    """汇总 (Ctrl+G) runs in a worker with a progress dialog: trigger it and wait for the result."""
    window.county.consolidate_action.trigger()
    assert window.county.run is not None, "not started"
    qtbot.waitUntil(lambda: window.county.run is None, timeout=20_000)


def test_consolidate_from_the_window_gives_the_services_numbers_read_only(qtbot: QtBot, county: MainWindow, answers: Answers) -> None:
    service = county.service
    assert service is not None
    titles = {
        "staff.prof.title.senior_full": 0,
        "staff.prof.title.senior_assoc": 5,
        "staff.prof.title.mid": 20,
        "staff.prof.title.junior": 20,
        "staff.prof.title.none": 5,
    }
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
    service.store.save(make_return(TEMPLATE, values(10), unit=KIDS[4], period=PERIOD))
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
    service.store.save(make_return(TEMPLATE, {"staff.total": Decimal(30), "recruit.hired": Decimal(2)}, unit=unit, period="2024Q1"))
    service.store.save(make_return(TEMPLATE, {"staff.total": Decimal(33), "recruit.hired": Decimal(5)}, unit=unit, period="2024Q3"))
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


def test_annual_and_consolidated_periods_are_refused_for_completeness(county: MainWindow, answers: Answers) -> None:
    county.quarter.setCurrentIndex(4)
    assert county.county.show_completeness() is None
    assert county.county.consolidate() is False
    assert answers.told[-1][0] == "请选择季度"


def test_consolidation_runs_off_the_gui_thread_and_one_signal_refreshes_what_shows_it(
    qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
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
