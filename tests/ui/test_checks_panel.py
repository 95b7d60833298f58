"""The findings model: messages, explanations beside warnings, jump requests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from models.checks import Finding
from ui.checks_panel import EXPLANATION, KIND, MESSAGE, ChecksPanel, FindingsModel

ERROR = Finding("sum.staff.age", "sum.staff.age", "error", ("staff.total", "staff.age.le35"), "在岗职工按年龄合计 9 与在岗职工总数 10 不符（相差 1）")
WARNING = Finding("warn.recruit.hired_posts", "warn.recruit.hired_posts", "warning", ("recruit.hired", "recruit.posts"), "录用人数 5 大于计划招聘岗位数 2")


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    model = FindingsModel()
    model.set_findings([ERROR, WARNING], {})
    qtmodeltester.check(model, force_py=True)


def test_only_warnings_take_an_explanation() -> None:
    model = FindingsModel()
    model.set_findings([ERROR, WARNING], {})
    edited: list[tuple[str, str]] = []
    model.explanation_edited.connect(lambda k, t: edited.append((k, t)))
    assert model.data(model.index(0, MESSAGE)) == ERROR.message
    assert model.data(model.index(0, KIND)) == "错误"
    assert not model.setData(model.index(0, EXPLANATION), "不行")
    assert model.setData(model.index(1, EXPLANATION), " 属实 ")
    assert edited == [("warn.recruit.hired_posts", "属实")]
    assert model.data(model.index(1, KIND)) == "警告（已说明）"
    model.read_only = True
    assert not model.flags(model.index(1, EXPLANATION)) & Qt.ItemFlag.ItemIsEditable


def test_double_click_asks_to_jump(qtbot: QtBot) -> None:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_findings([ERROR, WARNING], {}, read_only=False)
    assert "错误 1 个，警告 1 个（1 个未说明）" in panel.summary.text()
    rect = panel.table.visualRect(panel.model.index(0, MESSAGE))
    with qtbot.waitSignal(panel.jump_requested) as blocker:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ERROR]


def test_a_read_only_return_asks_for_no_explanation(qtbot: QtBot) -> None:
    """汇总表 and 全年: 说明 cannot be typed there, so nothing asks for one."""
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_findings([ERROR, WARNING], {}, read_only=True)
    text = panel.summary.text()
    assert "错误 1 个，警告 1 个" in text and "只读" in text and "说明" not in text
    assert panel.model.headerData(EXPLANATION, Qt.Orientation.Horizontal) == "说明"
    panel.set_findings([ERROR, WARNING], {}, read_only=False)
    assert "须填写" in panel.model.headerData(EXPLANATION, Qt.Orientation.Horizontal)


NOTE = Finding(
    "sum.staff.age", "sum.staff.age", "note", ("staff.age.41_45", "staff.total"), "在岗职工按年龄部分未填：41–45岁 未填（已填分项合计 20，在岗职工总数 30）"
)


def test_a_note_is_shown_apart_and_asks_for_nothing(qtbot: QtBot) -> None:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_findings([WARNING, NOTE], {}, read_only=False)
    model = panel.model
    assert model.data(model.index(1, KIND)) == "备注"
    assert model.data(model.index(1, EXPLANATION)) == "（无须处理：不知道的分项可以不填）"
    assert not model.flags(model.index(1, EXPLANATION)) & Qt.ItemFlag.ItemIsEditable
    note_colour = model.data(model.index(1, KIND), Qt.ItemDataRole.ForegroundRole).color().name()
    warning_colour = model.data(model.index(0, KIND), Qt.ItemDataRole.ForegroundRole).color().name()
    error_colour = FindingsModel()
    error_colour.set_findings([ERROR], {})
    red = error_colour.data(error_colour.index(0, KIND), Qt.ItemDataRole.ForegroundRole).color().name()
    assert note_colour not in (warning_colour, red)
    # The message of a note is in its colour too; a warning's message is not coloured.
    assert model.data(model.index(1, MESSAGE), Qt.ItemDataRole.ForegroundRole).color().name() == note_colour
    # Counted apart: one warning, not two.
    assert "错误 0 个，警告 1 个（1 个未说明）" in panel.summary.text() and "备注 1 条" in panel.summary.text()
    panel.set_findings([NOTE], {}, read_only=False)
    assert panel.summary.text() == "审核通过，没有发现问题。另有备注 1 条：部分分项未填，无须处理。"
