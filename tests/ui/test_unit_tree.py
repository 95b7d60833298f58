"""The window's unit tree: a province's units made as the clerk expands them."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from ui.unit_tree import CODE_ROLE, LazyUnitTree

PROVINCE = UnitInfo("P", "省卫生健康委员会", "county")
UNITS = [
    PROVINCE,
    UnitInfo("A", "甲州", "county", "P"),
    UnitInfo("A1", "甲州一县", "county", "A"),
    UnitInfo("A1T", "甲州一县镇卫生院", "township", "A1"),
    UnitInfo("B", "乙州", "county", "P"),
    UnitInfo("B1", "乙州一县", "county", "B"),
]


def codes(items: list) -> list[str]:
    return [i.data(0, CODE_ROLE) for i in items]


def test_a_large_tree_makes_children_on_expand_and_says_which(qtbot: QtBot) -> None:
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    lazy = LazyUnitTree(tree, expand_all_up_to=3)
    made: list[list[str]] = []
    lazy.items_made.connect(lambda items: made.append(codes(items)))
    lazy.fill(UNITS, "A1", "（本单位）")
    # the province and, as its only root is opened, its prefectures; nothing below them yet
    assert made == [["P"], ["A", "B"]]
    assert codes(lazy.made_items()) == ["P", "A", "B"]
    a = lazy.items["A"]
    assert a.childCount() == 0 and tree.topLevelItem(0).isExpanded()
    a.setExpanded(True)  # the clerk opens 甲州
    assert made[-1] == ["A1"]
    assert codes(lazy.made_items()) == ["P", "A", "A1", "B"]
    # a unit deep down (the current return's) is reached by opening its ancestors
    item = lazy.item_for("A1T")
    assert item is not None and item.text(0) == "甲州一县镇卫生院"
    assert made[-1] == ["A1T"] and lazy.items["A1"].isExpanded()
    assert lazy.items["A1"].font(0).bold() and lazy.items["A1"].text(0) == "甲州一县（本单位）"
    assert lazy.item_for("nobody") is None
    a.setExpanded(False)
    a.setExpanded(True)  # opening again makes nothing twice
    assert a.childCount() == 1 and made[-1] == ["A1T"]


def test_a_small_tree_is_made_and_expanded_at_once(qtbot: QtBot) -> None:
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    lazy = LazyUnitTree(tree)
    made: list[list[str]] = []
    lazy.items_made.connect(lambda items: made.append(codes(items)))
    lazy.fill(UNITS, "", "")
    assert made == [["P", "A", "B", "A1", "B1", "A1T"]]
    assert codes(lazy.made_items()) == ["P", "A", "A1", "A1T", "B", "B1"]
    assert all(i.isExpanded() for i in lazy.made_items() if i.childCount())
