"""FlowLayout (ui/flow_layout.py): items left to right, wrapping to a new line when the width
runs out, each line as high as its tallest item; hidden items take no room."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.flow_layout import FlowLayout


class Box(QWidget):
    """A widget of a fixed preferred size."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.hint = QSize(width, height)

    def sizeHint(self) -> QSize:
        return self.hint

    def minimumSizeHint(self) -> QSize:
        return self.hint


@pytest.fixture
def flow(qtbot: QtBot) -> Iterator[tuple[FlowLayout, list[Box]]]:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, spacing=10, line_spacing=5)
    boxes = [Box(100, 20), Box(100, 30), Box(100, 20)]
    for box in boxes:
        layout.addWidget(box)
    yield layout, boxes


def test_one_line_is_preferred(flow: tuple[FlowLayout, list[Box]]) -> None:
    layout, _ = flow
    assert layout.count() == 3 and layout.hasHeightForWidth()
    assert layout.sizeHint() == QSize(320, 30)  # three boxes and two gaps, as high as the tallest
    assert layout.minimumSize() == QSize(100, 30)  # the widest item alone; the rest may wrap


def test_items_wrap_when_the_width_runs_out(flow: tuple[FlowLayout, list[Box]]) -> None:
    layout, boxes = flow
    assert layout.heightForWidth(320) == 30
    assert layout.heightForWidth(250) == 30 + 5 + 20  # two on the first line, one on the second
    assert layout.heightForWidth(100) == 20 + 5 + 30 + 5 + 20
    layout.setGeometry(QRect(0, 0, 250, 55))
    assert [b.geometry() for b in boxes] == [QRect(0, 0, 100, 30), QRect(110, 0, 100, 30), QRect(0, 35, 100, 20)]


def test_a_hidden_item_takes_no_room_and_items_can_be_taken_out(flow: tuple[FlowLayout, list[Box]]) -> None:
    layout, boxes = flow
    boxes[1].hide()
    assert layout.sizeHint() == QSize(210, 20)
    assert layout.heightForWidth(210) == 20
    item = layout.takeAt(0)
    assert item is not None and item.widget() is boxes[0] and layout.count() == 2
    assert layout.itemAt(5) is None and layout.takeAt(5) is None
