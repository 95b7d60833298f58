"""The return on screen: another unit's imported return is read-only (保存 and 报送 off, the
fields locked), 代报 lifts it after the clerk confirms and the edits are audited; a township's
return sent back shows the reason in the banner. The window follows the template version of the
return it shows: a 2025 return (version 2) has the new pages, a 2024 return (version 1) keeps
version 1's pages, rules and rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from models.notices import SendBackNotice, apply_notice
from models.template import default_registry
from tests.factories import make_return
from tests.ui.conftest import UNIT, Answers, WindowFactory, type_into
from tests.ui.test_county_view import COUNTY, KIDS, PERIOD, TEMPLATE, values
from ui.main_window import MainWindow


@pytest.fixture
def county(make_window: WindowFactory) -> MainWindow:
    window = make_window(units=(COUNTY, *KIDS), our=COUNTY.code)
    service = window.service
    assert service is not None
    service.workflow.import_return(make_return(TEMPLATE, values(3), unit=KIDS[1], period=PERIOD, source_file="二号乡.xlsx"))
    assert window.open_return(KIDS[1].code, PERIOD)
    return window


def test_an_imported_return_of_another_unit_is_read_only_in_the_window(qtbot: QtBot, county: MainWindow) -> None:
    doc = county.document
    assert doc.read_only() and doc.foreign is not None
    assert not county.save_action.isEnabled() and not county.submit_action.isEnabled()
    field = county.forms["staff"].fields["staff.total"]
    assert field.isReadOnly()
    qtbot.keyClicks(field, "9")
    assert doc.data is not None and doc.data.values["staff.total"] == 90 and not doc.dirty
    assert "二号乡卫生院 报来的报表" in county.banner_text.text() and "二号乡.xlsx" in county.banner_text.text()
    assert county.editor.proxy_button.isVisibleTo(county)
    # The service refuses too, whatever the window does.
    doc.data.values["staff.total"] = Decimal(91)
    doc.save()  # read-only: nothing is sent to the database
    assert county.service.queries.values_for(KIDS[1].code, PERIOD)["staff.total"] == 90  # type: ignore[index, union-attr]


def test_proxy_asks_then_lets_the_clerk_correct_with_every_change_audited(qtbot: QtBot, county: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = county.editor
    answers = [False, True]
    monkeypatch.setattr(editor, "confirm_take_over", lambda unit: answers.pop(0))
    qtbot.mouseClick(editor.proxy_button, Qt.MouseButton.LeftButton)  # the clerk says no
    assert county.document.read_only() and county.data is not None and county.data.origin == "imported"
    qtbot.mouseClick(editor.proxy_button, Qt.MouseButton.LeftButton)
    assert not county.document.read_only() and county.data.origin == "proxy"  # type: ignore[union-attr]
    assert county.save_action.isEnabled() and not editor.proxy_button.isVisibleTo(county)
    type_into(qtbot, county.forms["staff"].fields["staff.total"], "89")
    assert county.document.save()
    service = county.service
    assert service is not None
    trail = [(a.who, a.action, a.field, a.old, a.new) for a in service.store.audit(KIDS[1].code, PERIOD) if a.action == "proxy"]
    assert trail == [("tester", "proxy", "origin", "imported", "proxy"), ("tester", "proxy", "staff.total", "90", "89")]


def test_a_township_sees_why_its_return_was_sent_back(make_window: WindowFactory) -> None:
    town = KIDS[0]
    window = make_window(units=(COUNTY, town), our=town.code)
    service = window.service
    assert service is not None
    service.store.save(make_return(TEMPLATE, values(2), unit=town, period=PERIOD))
    assert service.workflow.submit(town.code, PERIOD) == []
    notice = SendBackNotice(town.code, town.name, PERIOD, "录用人数与公示不符，请核实", "县统计员", dt.datetime(2025, 2, 3, 1, 30), COUNTY.code, COUNTY.name)
    apply_notice(service, notice)
    assert window.open_return(town.code, PERIOD)
    window.reload()
    text = window.banner_text.text()
    assert window.banner.isVisibleTo(window) and "示范县卫生健康局退回了本报表" in text and "录用人数与公示不符，请核实" in text and "县统计员" in text
    assert not window.document.read_only() and window.save_action.isEnabled()  # reopened for correcting
    window.document.save()
    assert "录用人数与公示不符" in window.banner_text.text()  # the reason stays until it is submitted again


V2_PAGES = ["人员基本情况", "人才招聘与引进", "教育培训", "激励与待遇", "学科与科研", "人才工程与师承", "对口支援与基层人才", "存在问题与下步打算"]


def tab_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_pages_follow_the_version_of_the_return(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    window.open_return(UNIT.code, "2025Q1")
    assert window.template.version == 2 and window.data is not None and window.data.template_version == 2
    assert tab_titles(window) == [*V2_PAGES, "表尾签署", "对比"]
    assert list(window.scrolls)[: len(V2_PAGES)] == ["staff", "recruit", "train", "incent", "research", "talent", "grassroots", "text"]
    # The typed percent takes its sign; a count in the new section is typed as any other.
    share = window.forms["incent"].fields["incent.merit_pay_share"]
    type_into(qtbot, share, "62.5%")
    share.normalise()
    assert share.text() == "62.5" and window.data.values["incent.merit_pay_share"] == Decimal("62.5")
    window.show_page("research")
    type_into(qtbot, window.forms["research"].fields["research.new_tech"], "3")
    type_into(qtbot, window.forms["staff"].fields["staff.prof.title.senior"], "12")
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "44")
    assert window.document.save()

    # A 2024 return: version 1's pages, no field of version 2 to type into.
    window.open_return(UNIT.code, "2024Q4")
    assert window.template.version == 1 and window.data is not None and window.data.template_version == 1
    assert tab_titles(window) == ["人员基本情况", "人才招聘与引进", "教育培训", "激励与待遇", "存在问题与下步打算", "表尾签署", "对比"]
    assert "staff.prof.title.senior" not in window.forms["staff"].fields
    type_into(qtbot, window.forms["staff"].fields["staff.total"], "40")
    assert window.document.save()
    service = window.service
    assert service is not None
    q4 = service.store.load(UNIT.code, "2024Q4")
    assert q4 is not None and q4.template_version == 1 and q4.values == {"staff.total": Decimal(40)}

    # Back to 2025: the figures are where they were typed, the drafting button on the new page.
    window.open_return(UNIT.code, "2025Q1")
    assert window.forms["research"].fields["research.new_tech"].text() == "3"
    assert window.forms["staff"].fields["staff.prof.title.senior"].text() == "12"
    assert window.drafting.controls().button.parent() is window.forms["text"]
    window.show_page("text")
    assert window.drafting.controls().button.isEnabled()
    qtbot.mouseClick(window.drafting.controls().button, Qt.MouseButton.LeftButton)
    assert "44人" in window.forms["text"].texts["text.highlights"].toPlainText(), answers.told
    stored = service.store.load(UNIT.code, "2025Q1")
    assert stored is not None and stored.values == {
        "incent.merit_pay_share": Decimal("62.5"),
        "research.new_tech": Decimal(3),
        "staff.prof.title.senior": Decimal(12),
        "staff.total": Decimal(44),
    }


def test_comparison_page_shows_the_rows_of_the_returns_version(make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    for period, figures in (("2024Q4", {"staff.total": 40}), ("2025Q1", {"staff.total": 44, "research.new_tech": 2})):
        data = service.store.new_return(UNIT.code, period)
        data.values = {k: Decimal(v) for k, v in figures.items()}
        service.store.save(data)
    window.open_return(UNIT.code, "2025Q1")
    window.county.compare_action.trigger()
    model = window.county.compare_page.model
    assert model.template is default_registry().get("hrh-quarterly", 2)
    row = {i.code: n for n, i in enumerate(model.indicators)}

    def shown(code: str, col: int) -> str:
        return model.data(model.index(row[code], col))

    from ui.comparison_page import CURRENT, PREV_DIFF, PREVIOUS

    assert [shown("staff.total", c) for c in (CURRENT, PREVIOUS, PREV_DIFF)] == ["44", "40", "+4"]
    # Version 1 had no 新技术新项目: blank in 2024, not 0, so no change is shown.
    assert [shown("research.new_tech", c) for c in (CURRENT, PREVIOUS, PREV_DIFF)] == ["2", "", ""]
    window.open_return(UNIT.code, "2024Q4")
    window.county.compare_action.trigger()
    assert "research.new_tech" not in {i.code for i in window.county.compare_page.model.indicators}


# ---- pages built when first shown (the window paints with only the page in sight built) ----


def built(window: MainWindow) -> list[str]:
    return [key for key in window.forms if window.editor.forms.is_built(key)]


def test_only_the_page_in_sight_is_built_and_a_page_shown_later_shows_the_return(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    assert built(window) == ["staff"]  # the page in sight only: the draft button waits for its page
    assert list(window.forms) == ["staff", "recruit", "train", "incent", "text"] and len(window.forms) == 5
    service = window.service
    assert service is not None
    # 达标 9 > 应参加 5: the check names train.cme.completed, on a page not built yet.
    service.store.save(make_return(TEMPLATE, {"staff.total": 40, "recruit.posts": 3, "train.cme.required": 5, "train.cme.completed": 9}, unit=UNIT))
    window.reload()
    assert built(window) == ["staff"]
    assert window.forms["staff"].fields["staff.total"].text() == "40"
    window.tabs.setCurrentWidget(window.scrolls["recruit"])  # the clerk clicks the tab
    assert built(window) == ["staff", "recruit"]
    assert window.scrolls["recruit"].widget() is window.forms["recruit"] and window.forms["recruit"].isVisibleTo(window)
    assert window.forms["recruit"].fields["recruit.posts"].text() == "3"
    assert window.forms["recruit"].previous_labels["recruit.posts"].text() == ""
    train = window.forms["train"]  # built as it is asked for, brought up to date all the same
    assert train.fields["train.cme.completed"].text() == "9" and train.fields["train.cme.completed"].flag == "error"
    assert not train.fields["train.cme.completed"].isReadOnly() and train.fields["train.party"].flag == ""
    # The narrative page, shown at last, gets the draft button beside its text, enabled for the return shown.
    window.tabs.setCurrentWidget(window.scrolls["text"])
    QApplication.processEvents()  # a widget put into a layout on screen is shown by a queued call
    assert built(window) == ["staff", "recruit", "train", "text"]
    button = window.forms["text"].findChild(QPushButton, "draft-narrative")
    assert button is not None and button.isEnabled() and button.isVisibleTo(window)


def test_a_page_first_built_on_a_submitted_return_is_read_only(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    service.store.save(make_return(TEMPLATE, values(2), unit=UNIT))
    assert service.workflow.submit(UNIT.code, PERIOD) == []
    assert window.open_return(UNIT.code, PERIOD)
    window.reload()
    assert "incent" not in built(window) and "train" not in built(window)
    window.show_page("incent")
    incent = window.forms["incent"]
    assert all(edit.isReadOnly() for edit in incent.fields.values()) and incent.allowances is not None
    assert incent.allowances.model.read_only and not incent.allowances.add_button.isEnabled()
    county = window.forms["train"].fields["train.level.county"]
    assert county.isReadOnly() and county.text() == "24"


def test_a_figure_typed_on_a_page_never_shown_before_is_saved_and_there_after_a_restart(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    assert "train" not in built(window)
    window.next_page_action.trigger()  # 下一部分 (Ctrl+PgDn), twice
    window.next_page_action.trigger()
    assert window.tabs.currentWidget() is window.scrolls["train"]
    first = window.forms["train"].fields["train.party"]
    assert window.focusWidget() is first  # Ctrl+PgDn puts the cursor in the new page's first field
    type_into(qtbot, first, "17")
    assert window.document.dirty
    answers.unsaved = "save"  # closing asks; the clerk saves
    assert window.close()
    assert answers.asked == ["unsaved"]
    again = make_window()
    assert again.open_return(UNIT.code, PERIOD)
    assert "train" not in built(again)
    again.show_page("train")
    assert again.forms["train"].fields["train.party"].text() == "17"


def test_a_finding_jumps_to_its_figure_on_a_page_not_built_yet(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    service = window.service
    assert service is not None
    service.store.save(make_return(TEMPLATE, {"train.cme.required": 5, "train.cme.completed": 9}, unit=UNIT))
    assert window.open_return(UNIT.code, PERIOD)
    window.reload()
    assert "train" not in built(window)
    finding = next(f for f in window.document.findings if f.rule_id == "order.train.cme")
    window.activateWindow()
    window.editor.jump_to(finding)
    assert window.tabs.currentWidget() is window.scrolls["train"]
    target = window.forms["train"].fields[finding.codes[0]]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    assert target.flag == "error"


def test_a_template_version_change_drops_the_built_pages_and_builds_the_one_in_sight(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    window.show_page("recruit")
    forms = window.forms
    assert window.open_return(UNIT.code, "2025Q1")  # version 2: its own pages
    assert window.forms is forms and len(forms) == len(V2_PAGES)
    assert built(window) == ["recruit"]  # the page the clerk was on, rebuilt for version 2; the others wait
    assert window.tabs.currentWidget() is window.scrolls["recruit"] and window.scrolls["recruit"].widget() is forms["recruit"]
    assert forms["research"].fields  # a page of version 2 only, built as it is asked for
