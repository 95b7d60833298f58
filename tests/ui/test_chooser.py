"""Which return (ui/chooser.py): choosing a unit or a period emits it, showing one never does,
全年 is the last choice of the quarter box, and each unit shows its return's state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from models.returns import ReturnService
from ui.chooser import ReturnChooser
from ui.unit_tree import CODE_ROLE
from ui.words import STATE_COLOURS

COUNTY = UnitInfo("C1", "某县卫生健康局", "county")
TOWNS = [UnitInfo("T1", "城关镇卫生院", "township", "C1"), UnitInfo("T2", "新华乡卫生院", "township", "C1")]


@pytest.fixture
def chooser(qtbot: QtBot, service: ReturnService) -> Iterator[ReturnChooser]:
    parent = QWidget()  # held here: the chooser's widgets are its children
    qtbot.addWidget(parent)
    for unit in (COUNTY, *TOWNS):
        service.units.save(unit)
    service.settings.set(our_unit=COUNTY.code)
    chosen = ReturnChooser("zh", parent)
    chosen.fill(service, None, "（本单位）")
    yield chosen


def test_showing_a_return_emits_nothing_choosing_emits_it(qtbot: QtBot, chooser: ReturnChooser) -> None:
    units: list[str] = []
    periods: list[str] = []
    chooser.unit_chosen.connect(units.append)
    chooser.period_chosen.connect(periods.append)
    chooser.show("T2", "2024Q3")
    assert (units, periods) == ([], [])
    assert chooser.chosen_period() == "2024Q3" and chooser.units.currentItem().data(0, CODE_ROLE) == "T2"
    chooser.year.setValue(2025)
    chooser.select_unit_item("T1")
    assert periods == ["2025Q3"] and units == ["T1"]


def test_the_whole_year_is_the_last_choice(chooser: ReturnChooser) -> None:
    chooser.show("T1", "2024Q4")
    assert [chooser.quarter.itemText(n) for n in range(chooser.quarter.count())][-1] == "全年"
    chooser.choose_whole_year()
    assert chooser.chosen_period() == "2024"
    chooser.show("T1", "2023")
    assert chooser.quarter.currentIndex() == chooser.quarter.count() - 1 and chooser.chosen_period() == "2023"


def test_the_tree_holds_every_unit_ours_marked(chooser: ReturnChooser) -> None:
    assert chooser.unit_codes() == ["C1", "T1", "T2"]
    county = chooser.tree.item_for("C1")
    assert county is not None and county.text(0).endswith("（本单位）")


def test_each_unit_shows_its_state_and_is_asked_again_alone(chooser: ReturnChooser) -> None:
    asked: list[list[str]] = []
    states = {"T1": "submitted"}

    def source(codes: list[str]) -> dict[str, str]:
        asked.append(codes)
        return {c: states[c] for c in codes if c in states}

    chooser.show_statuses(source, {"submitted": "已报送", "draft": "草稿"})
    town = chooser.tree.item_for("T1")
    other = chooser.tree.item_for("T2")
    assert town is not None and other is not None
    assert town.text(1) == "已报送" and town.foreground(1).color().name() == STATE_COLOURS["submitted"]
    assert other.text(1) == "—"
    states["T2"] = "draft"
    asked.clear()
    chooser.refresh_statuses("T2")
    assert asked == [["T2"]] and other.text(1) == "草稿"
    asked.clear()
    chooser.refresh_statuses("C1")  # the county's own return saved: its townships' states stand
    assert asked == [["C1"]] and town.text(1) == "已报送"
