"""The data-entry window driven as a clerk would: typing, saving, checks, 报送, keyboard, paste."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OTHER, UNIT, Answers, WindowFactory, field, type_in_cell, type_into, type_text
from ui.checks_panel import EXPLANATION
from ui.main_window import MainWindow

PERIOD = "2024Q4"


def open_period(window: MainWindow, unit: str = UNIT.code, period: str = PERIOD) -> None:
    assert window.open_return(unit, period)


def press_ctrl_s(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# One figure or text typed on every page, with what must come back.
TYPED = {
    "staff.total": ("30", Decimal(30)),
    "staff.female": ("0", Decimal(0)),
    "staff.prof.title.mid": ("1,234", Decimal(1234)),
    "recruit.posts": ("4", Decimal(4)),
    "recruit.applicants": ("25", Decimal(25)),
    "train.level.county": ("120", Decimal(120)),
    "train.village.sessions": ("2", Decimal(2)),
    "incent.funding": ("12.5", Decimal("12.50")),
    "incent.leaders": ("3", Decimal(3)),
}
TEXTS = {
    "text.problems": "1、人才紧缺\n2、培训不足",
    "text.plans": "加大引进力度",
    "text.note.staff": "含返聘人员2名",
    "text.note.incent": "经费为县财政拨款",
}


def test_values_typed_in_every_section_survive_closing_and_reopening(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    for code, (typed, _) in TYPED.items():
        window.tabs.setCurrentWidget(window.scrolls[window.template.indicator(code).section])
        type_into(qtbot, field(window, code), typed)
    for code, text in TEXTS.items():
        section = window.template.text_field(code).section
        window.tabs.setCurrentWidget(window.scrolls[section])
        editor = window.forms[section].texts[code]
        editor.setFocus()
        for n, line in enumerate(text.split("\n")):
            if n:
                qtbot.keyClick(editor, Qt.Key.Key_Return)
            type_text(qtbot, editor, line)
    # An allowance row, typed cell by cell with the keyboard.
    incent = window.forms["incent"]
    assert incent.allowances is not None
    window.tabs.setCurrentWidget(window.scrolls["incent"])
    qtbot.mouseClick(incent.allowances.add_button, Qt.MouseButton.LeftButton)
    for col, text in enumerate(["黄山名医", "20", "300", "0", "18000"]):
        type_in_cell(qtbot, incent.allowances.table, 0, col, text)
    window.tabs.setCurrentWidget(window.scrolls["signatories"])
    type_into(qtbot, window.signatories.unit_head, "李明")
    type_into(qtbot, window.signatories.phone, "0876-1234567")
    window.signatories.report_date.setDate(dt.date(2025, 1, 10))
    field(window, "staff.total").setFocus()
    press_ctrl_s(qtbot, window)
    assert not window.dirty
    window.close()
    assert not window.isVisible()

    again = make_window()
    open_period(again)
    for code, (_, value) in TYPED.items():
        assert again.data is not None and again.data.values[code] == value
        assert field(again, code).value() == value
    assert field(again, "staff.prof.title.mid").text() == "1234"
    assert field(again, "incent.funding").text() == "12.50"
    assert field(again, "staff.admin").text() == ""  # blank stays blank
    assert again.data is not None and "staff.admin" not in again.data.values
    for code, text in TEXTS.items():
        assert again.forms[again.template.text_field(code).section].texts[code].toPlainText() == text
    rows = again.data.allowances
    assert [(a.name, a.persons, a.monthly_standard, a.one_off, a.amount) for a in rows] == [
        ("黄山名医", 20, Decimal("300.00"), Decimal("0.00"), Decimal("18000.00"))
    ]
    assert again.signatories.unit_head.text() == "李明"
    assert again.data.signatories.phone == "0876-1234567"
    assert again.data.signatories.report_date == dt.date(2025, 1, 10)


def test_typing_rules_integers_money_blank_and_slash(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    total = field(window, "staff.total")
    type_into(qtbot, total, "12a.5")  # letters are refused; a point in a count is kept and marked, never "125"
    assert total.text() == "12.5"
    assert "必须是整数" in total.problem
    assert any(f.key == "input:staff.total" and f.is_error for f in window.document.findings)  # blocks 报送
    type_into(qtbot, total, "/")
    qtbot.keyClick(total, Qt.Key.Key_Return)
    assert total.text() == ""
    assert window.data is not None and "staff.total" not in window.data.values
    money = field(window, "incent.funding")
    type_into(qtbot, money, "3.456")  # a third decimal is marked, not cut off to 3.45
    assert money.text() == "3.456" and "最多保留 2 位小数" in money.problem
    type_into(qtbot, money, "12，5")  # an IME comma for 12.5: refused, not read as 125
    assert "不是数字" in money.problem and window.data.values["incent.funding"] != Decimal(125)
    type_into(qtbot, money, "１２．５")  # full-width digits and point, as an IME in full-width mode types them
    assert money.problem == "" and window.data.values["incent.funding"] == Decimal("12.50")
    type_into(qtbot, money, "100000000")  # more than the template's limit for 万元
    assert "最大 99,999,999.99" in money.problem and window.data.values["incent.funding"] < Decimal(100000000)
    type_into(qtbot, money, "7.5")
    qtbot.keyClick(money, Qt.Key.Key_Return)
    assert money.text() == "7.50" and window.data.values["incent.funding"] == Decimal("7.50")
    type_into(qtbot, money, ".")  # passes the keyboard filter but is not a figure
    assert money.problem and "不是数字" in money.problem
    assert "#d32f2f" in money.styleSheet()
    assert any(f.key == "input:incent.funding" and f.is_error for f in window.document.findings)
    assert window.data.values["incent.funding"] == Decimal("7.50")  # the last good figure is kept
    assert window.commands.submit() is False
    type_into(qtbot, money, "0")
    assert money.problem == "" and window.data.values["incent.funding"] == 0
    assert not any(f.key.startswith("input:") for f in window.document.findings)


def test_breakdown_that_does_not_add_up_shows_the_error_and_blocks_submission(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    open_period(window)
    for code, typed in (("staff.total", "10"), ("staff.admin", "0"), ("staff.prof", "10"), ("staff.worker", "0"), ("staff.other", "0")):
        type_into(qtbot, field(window, code), typed)
    titles = window.template.breakdown("sum.staff.prof.title").parts  # 正高, 副高, 中级, 初级, 未定级
    for code, typed in zip(titles, ["2", "3", "4", "0", "0"], strict=True):
        type_into(qtbot, field(window, code), typed)
    sum_label = window.forms["staff"].sums["sum.staff.prof.title"]
    assert sum_label.ok is False
    assert "9" in sum_label.text() and "#d32f2f" in sum_label.styleSheet()
    finding = next(f for f in window.document.findings if f.rule_id == "sum.staff.prof.title")
    assert finding.is_error and "相差 1" in finding.message
    assert "相差 1）" in sum_label.text() and "-1" not in sum_label.text()  # the same difference inline and in the list
    assert finding.message in [window.checks.model.findings[r].message for r in range(window.checks.model.rowCount())]
    assert "错误 1" in window.findings_label.text()
    assert field(window, "staff.prof").flag == "error" and field(window, "staff.prof.title.mid").flag == "error"
    assert field(window, "staff.total").flag == ""

    assert window.commands.submit() is False
    assert answers.told and answers.told[-1][2] is True and "不能报送" in answers.told[-1][1]
    assert window.service is not None
    stored = window.service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.status == "draft"

    type_into(qtbot, field(window, "staff.prof.title.none"), "1")
    assert sum_label.ok is True
    assert window.commands.submit() is True
    assert window.data is not None and window.data.locked


def test_an_empty_return_is_not_submitted(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    open_period(window)
    assert window.commands.submit() is False
    assert "空" in answers.told[-1][1]
    assert window.service is not None and window.service.store.load(UNIT.code, PERIOD) is None


def test_a_kept_warning_needs_an_explanation(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    open_period(window)
    type_into(qtbot, field(window, "recruit.posts"), "2")
    type_into(qtbot, field(window, "recruit.hired"), "5")
    warning = next(f for f in window.document.findings if f.rule_id == "warn.recruit.hired_posts")
    assert not warning.is_error
    assert field(window, "recruit.posts").flag == "warning"
    assert window.commands.submit() is False
    assert window.data is not None and not window.data.locked

    # The explanation is typed beside the warning in the checks panel.
    model = window.checks.model
    row = model.findings.index(warning)
    type_in_cell(qtbot, window.checks.table, row, EXPLANATION, "两个岗位各录用多人，属实")
    assert window.data.explanations[warning.key] == "两个岗位各录用多人，属实"
    assert field(window, "recruit.posts").flag == ""  # explained: no longer outlined
    assert "已说明" in model.data(model.index(row, 0))
    assert window.commands.submit() is True
    assert window.service is not None
    stored = window.service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.status == "submitted"
    assert stored.explanations == {warning.key: "两个岗位各录用多人，属实"}


def test_a_submitted_return_cannot_be_edited_and_reopening_asks_and_is_audited(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    open_period(window)
    type_into(qtbot, field(window, "staff.total"), "30")
    assert window.commands.submit() is True
    total = field(window, "staff.total")
    assert total.isReadOnly()
    type_into(qtbot, total, "99")
    assert total.text() == "30"
    assert window.data is not None and window.data.values["staff.total"] == 30
    editor = window.forms["text"].texts["text.problems"]
    type_text(qtbot, editor, "改不了")
    assert editor.toPlainText() == ""
    assert not window.save_action.isEnabled() and window.reopen_action.isEnabled()
    assert window.status_label.text() == "已报送"
    assert window.banner.isVisible()
    statuses = {item.data(0, Qt.ItemDataRole.UserRole): item.text(1) for item in window.chooser.unit_items()}
    assert statuses == {UNIT.code: "已报送", OTHER.code: "—"}

    answers.confirm = False
    assert window.commands.reopen() is False
    assert window.data.locked
    answers.confirm = True
    assert window.commands.reopen() is True
    assert "撤回报送？" in answers.asked
    assert not window.data.locked and not total.isReadOnly()
    assert window.service is not None
    actions = [r.action for r in window.service.store.audit(UNIT.code, PERIOD) if r.field == "status"]
    assert actions == ["submit", "reopen"]


def test_tab_and_enter_follow_reading_order(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    form = window.forms["staff"]
    order = form.reading_order
    # Reading order: top to bottom, and left to right inside a breakdown grid.
    codes = [w.code for w in order if hasattr(w, "code")]
    staff_codes = [i.code for i in window.template.section("staff").indicators]
    assert codes[: len(staff_codes)] == staff_codes
    tops = [w.mapTo(form, w.rect().topLeft()) for w in order[: len(staff_codes)]]
    for a, b in pairwise(tops):
        assert (b.y(), b.x()) > (a.y(), a.x()) or b.y() > a.y() - 5 and b.x() > a.x()
    order[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is order[0])
    for expected in order[1:12]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    for expected in order[12:20]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert QApplication.focusWidget() is order[18]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is order[19]


def test_pasting_an_excel_column_or_row_fills_consecutive_fields(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("8\r\n7\r\n7\r\n")  # a column copied from Excel
    first = field(window, "staff.admin.rank.zhengke")
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [field(window, c).text() for c in ("staff.admin.rank.zhengke", "staff.admin.rank.fuke", "staff.admin.rank.keyuan")] == ["8", "7", "7"]
    assert window.data is not None
    assert window.data.values["staff.admin.rank.fuke"] == 7
    clipboard.setText("2\t10\t155\t448\t/\n")  # a row, with a blank mark
    title = field(window, "staff.prof.title.senior_full")
    qtbot.keyClick(title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    titles = window.template.breakdown("sum.staff.prof.title").parts  # from 正高 on, in the form's order
    assert [field(window, c).text() for c in titles] == ["2", "10", "155", "448", ""]
    assert "staff.prof.title.none" not in window.data.values
    clipboard.setText("5")  # a single cell pastes normally
    total = field(window, "staff.total")
    total.clear()
    qtbot.keyClick(total, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert total.text() == "5" and window.data.values["staff.total"] == 5
    clipboard.setText("1e3")  # a cell the typing filter would swallow is pasted and marked
    qtbot.keyClick(total, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert total.text() == "1e3" and "不是数字" in total.problem and window.data.values["staff.total"] == 5
    clipboard.setText("1,2\t1_0\t1,234\n")  # pasted cells go through the same parser
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    zhengke, fuke, keyuan = (field(window, c) for c in ("staff.admin.rank.zhengke", "staff.admin.rank.fuke", "staff.admin.rank.keyuan"))
    assert "不是数字" in zhengke.problem and "不是数字" in fuke.problem and keyuan.problem == ""
    assert (window.data.values["staff.admin.rank.zhengke"], window.data.values["staff.admin.rank.keyuan"]) == (8, 1234)


def test_live_sums_and_ratios(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    ratio = window.forms["staff"].ratios["ratio.prof_share"]
    assert ratio.text() == "—"
    type_into(qtbot, field(window, "staff.total"), "40")
    type_into(qtbot, field(window, "staff.prof"), "30")
    assert ratio.text() == "75.0%"
    assert ratio.focusPolicy() == Qt.FocusPolicy.NoFocus
    type_into(qtbot, field(window, "recruit.applicants"), "8")
    type_into(qtbot, field(window, "recruit.hired"), "1")
    assert window.forms["recruit"].ratios["ratio.hire_rate"].text() == "12.5%"


def test_double_click_on_a_finding_jumps_to_the_field(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    window.activateWindow()
    type_into(qtbot, field(window, "train.cme.required"), "5")
    type_into(qtbot, field(window, "train.cme.completed"), "9")
    window.tabs.setCurrentWidget(window.scrolls["staff"])
    row = next(n for n, f in enumerate(window.checks.model.findings) if f.rule_id == "order.train.cme")
    table = window.checks.table
    rect = table.visualRect(window.checks.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.scrolls["train"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "train.cme.completed"))


def test_autosave_on_leaving_a_page_switching_unit_and_on_the_timer(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    service = window.service
    assert service is not None
    type_into(qtbot, field(window, "staff.total"), "30")
    window.tabs.setCurrentWidget(window.scrolls["recruit"])  # leaving the page saves
    assert service.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 30}
    type_into(qtbot, field(window, "recruit.posts"), "3")
    window.chooser.select_unit_item(OTHER.code)  # switching unit saves, then shows the other unit
    assert window.data is not None and window.data.unit.code == OTHER.code
    assert service.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 30, "recruit.posts": 3}
    type_into(qtbot, field(window, "staff.total"), "12")
    assert window.document.timer.interval() == 30_000 and window.document.timer.isActive()
    window.document.timer.timeout.emit()
    assert service.queries.values_for(OTHER.code, PERIOD) == {"staff.total": 12}
    type_into(qtbot, field(window, "staff.total"), "13")
    window.quarter.setCurrentIndex(2)  # switching period saves too
    assert window.data.period == "2024Q3"
    assert service.queries.values_for(OTHER.code, PERIOD) == {"staff.total": 13}
    assert "已保存" in window.saved_label.text() or "尚未填写" in window.saved_label.text()


def test_closing_with_unsaved_work_asks(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    open_period(window)
    type_into(qtbot, field(window, "staff.total"), "30")
    answers.unsaved = "cancel"
    window.close()
    assert window.isVisible() and window.dirty
    answers.unsaved = "save"
    window.close()
    assert not window.isVisible()
    assert answers.asked.count("unsaved") == 2
    assert window.service is not None and window.service.queries.values_for(UNIT.code, PERIOD) == {"staff.total": 30}


def test_new_quarter_offers_to_carry_stock_figures_over(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(units=(), our=None, demo=True)
    window.open_return("530000100", "2025Q1")
    assert window.banner.isVisible() and window.carry_button.isVisible()
    qtbot.mouseClick(window.carry_button, Qt.MouseButton.LeftButton)
    assert field(window, "staff.total").text() == "788"
    assert field(window, "recruit.posts").text() == ""  # flows start blank
    assert window.dirty
    window.commands.save()
    assert window.service is not None
    stored = window.service.queries.values_for("530000100", "2025Q1")
    assert stored is not None and stored["staff.prof"] == 762 and "recruit.posts" not in stored


def test_first_start_on_an_empty_database_offers_the_demo(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    answers.first_start = "demo"
    window = make_window(units=(), our=None)
    assert answers.asked == ["first_start"]
    assert window.data is not None and window.data.unit.code == "530000100" and window.data.period == "2024Q4"
    assert field(window, "staff.total").text() == "788"
    assert window.units.topLevelItemCount() == 2


def test_first_start_declined_says_what_to_do(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window(units=(), our=None)
    assert answers.asked == ["first_start"]
    assert window.data is None and window.banner.isVisible()
    assert "单位与设置" in window.banner_text.text()
    window.commands.save()  # nothing to save: no error
    assert window.commands.submit() is False


def test_first_start_asks_for_our_unit(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    answers.first_start = "own"
    window = make_window(units=(), our=None)
    dialog = window.dialogs.units_dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.code, "530000199")
    type_into(qtbot, dialog.name, "团结乡卫生院")
    assert dialog.ours.isChecked()
    type_into(qtbot, dialog.setting_edits["filled_by"], "张丽")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert window.service is not None and window.service.settings.get("our_unit") == "530000199"
    assert window.data is not None and window.data.unit.code == "530000199"
    assert window.signatories.filled_by.text() == "张丽"  # default signatory on a new return


def test_file_menu_has_our_actions_and_room_for_more(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    exchange = [
        "导出Excel报表(&E)…",
        "导出空白模板(&T)…",
        "导入Excel报表(&I)…",
        "导入文件夹(&F)…",
        "导出PDF(&D)…",
        "导出Word工作总结(&W)…",
        "打印(&P)…",
    ]  # ui/file_actions.py
    assert texts == ["保存(&S)", *exchange, "报送(&B)…", "撤回报送(&R)…", "单位与设置(&U)…", "退出(&Q)"]
    assert window.file_menu.title() == "文件(&F)"
    from PySide6.QtGui import QAction

    export = QAction("导出Excel…", window)
    window.add_file_actions([export])
    actions = window.file_menu.actions()
    assert actions.index(export) < actions.index(window.submit_action)
    assert window.acceptDrops()  # switched on by ui/file_actions.py, which imports dropped files


def test_window_can_be_shown_before_the_database_is_opened(qtbot: QtBot, db_path, answers: Answers) -> None:  # type: ignore[no-untyped-def]
    from models.db import open_database
    from models.returns import ReturnService
    from models.template import default_registry

    window = MainWindow(default_registry().for_period("2024Q4"))
    qtbot.addWidget(window)
    window.show()
    assert not window.body.isEnabled()
    window.commands.save()  # nothing to save yet: no error
    engine = open_database(db_path)
    try:
        service = ReturnService(engine)
        service.units.save(UNIT)
        window.attach(service)
        assert window.body.isEnabled() and window.data is not None
    finally:
        engine.dispose()


def test_the_whole_window_works_from_the_keyboard(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_period(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    focus = QApplication.focusWidget
    qtbot.keyClick(focus() or window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert focus() is window.units
    qtbot.keyClick(window.units, Qt.Key.Key_Down)  # next unit
    assert window.data is not None and window.data.unit.code == OTHER.code
    qtbot.keyClick(focus(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert focus() is window.year
    qtbot.keyClick(focus(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert focus() is field(window, "staff.total")
    type_text(qtbot, focus(), "5")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    type_text(qtbot, focus(), "9")  # 女性 9 > 总数 5: an error
    qtbot.keyClick(focus(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.scrolls["recruit"]
    qtbot.keyClick(focus() or window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert focus() is window.checks.table
    qtbot.keyClick(window.checks.table, Qt.Key.Key_Return)  # go to the figure
    assert window.tabs.currentWidget() is window.scrolls["staff"]
    assert focus() is field(window, "staff.female")


def test_a_partly_known_breakdown_is_a_note_and_does_not_block_submitting(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    """000_…txt 第一篇: 762 professionals, 155 中级 + 448 初级 + 147 无职称; the 12 高级 have no
    split the clerk knows, so 正高 and 副高 stay blank."""
    window = make_window()
    open_period(window)
    for code, typed in (("staff.prof", "762"), ("staff.prof.title.mid", "155"), ("staff.prof.title.junior", "448"), ("staff.prof.title.none", "147")):
        type_into(qtbot, field(window, code), typed)
    [note] = [f for f in window.document.findings if f.rule_id == "sum.staff.prof.title"]
    assert note.is_note and "正高级职称、副高级职称 未填" in note.message
    assert "错误 0 · 警告 0" in window.findings_label.text()
    assert field(window, "staff.prof.title.senior_full").flag == ""  # not outlined as a problem
    assert window.checks.model.data(window.checks.model.index(window.checks.model.findings.index(note), 0)) == "备注"
    sum_label = window.forms["staff"].sums["sum.staff.prof.title"]
    assert sum_label.ok is True and "#d32f2f" not in sum_label.styleSheet()
    assert window.commands.submit() is True
    assert window.data is not None and window.data.locked
