"""The reporting units as a tree, shared by the window and the units dialog.

A province holds ~1,550 units; the window's tree (``LazyUnitTree``) makes a unit's
items only when its parent is expanded, and says which items it made
(``items_made``), so whatever is shown beside a unit (its return's state) is worked
out for the units on screen, not for the whole province up front.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

if TYPE_CHECKING:
    from models.data import UnitInfo

CODE_ROLE = Qt.ItemDataRole.UserRole
# Up to this many units every item is made and expanded at once (a county: 10–40 units).
EXPAND_ALL_UP_TO = 300


def _item(u: UnitInfo, our: str, ours_suffix: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([u.name + (ours_suffix if u.code == our else "")])
    item.setData(0, CODE_ROLE, u.code)
    item.setToolTip(0, u.code)
    if u.code == our:
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
    return item


def fill_unit_tree(tree: QTreeWidget, units: list[UnitInfo], our: str, ours_suffix: str) -> dict[str, QTreeWidgetItem]:
    """Replace the tree's items by ``units`` (parents before children, as
    service.units.list() gives them); our unit in bold. Returns code -> item."""
    tree.clear()
    items: dict[str, QTreeWidgetItem] = {}
    for u in units:
        item = _item(u, our, ours_suffix)
        parent = items.get(u.parent or "")
        if parent is None:
            tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        items[u.code] = item
    tree.expandAll()
    return items


class LazyUnitTree(QObject):
    """Fills a QTreeWidget with units, a unit's children made when it is first expanded."""

    items_made = Signal(list)  # [QTreeWidgetItem]: items just made (their units now on screen)

    def __init__(self, tree: QTreeWidget, expand_all_up_to: int = EXPAND_ALL_UP_TO) -> None:
        super().__init__(tree)
        self.tree = tree
        self.expand_all_up_to = expand_all_up_to
        self.units: list[UnitInfo] = []
        self.items: dict[str, QTreeWidgetItem] = {}
        self._by_code: dict[str, UnitInfo] = {}
        self._children: dict[str, list[UnitInfo]] = {}
        self._our, self._suffix = "", ""
        tree.itemExpanded.connect(self.on_expanded)

    def fill(self, units: list[UnitInfo], our: str, ours_suffix: str) -> None:
        """Replace the tree by ``units`` (parents before children): the top level made, and
        everything when there are few units; below that, children on expand."""
        self.tree.clear()
        self.units, self.items, self._our, self._suffix = units, {}, our, ours_suffix
        self._by_code = {u.code: u for u in units}
        self._children = {}
        roots: list[UnitInfo] = []
        for u in units:
            if u.parent in self._by_code:
                self._children.setdefault(u.parent, []).append(u)
            else:
                roots.append(u)
        made = [self._make(u, None) for u in roots]
        if len(units) <= self.expand_all_up_to:
            level = made
            while level:
                level = [child for item in level for child in self._make_children(item)]
                made.extend(level)
            self.tree.expandAll()
        self.items_made.emit(made)
        if len(units) > self.expand_all_up_to and len(roots) == 1:
            made[0].setExpanded(True)

    def _make(self, u: UnitInfo, parent: QTreeWidgetItem | None) -> QTreeWidgetItem:
        item = _item(u, self._our, self._suffix)
        if u.code in self._children:
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        self.items[u.code] = item
        return item

    def _make_children(self, item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        code = item.data(0, CODE_ROLE)
        if item.childCount() or code not in self._children:
            return []
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
        return [self._make(u, item) for u in self._children[code]]

    def on_expanded(self, item: QTreeWidgetItem) -> None:
        made = self._make_children(item)
        if made:
            self.items_made.emit(made)

    def item_for(self, code: str) -> QTreeWidgetItem | None:
        """The unit's item, its ancestors expanded (so made) first; None for an unknown unit."""
        if code in self.items:
            return self.items[code]
        unit = self._by_code.get(code)
        if unit is None:
            return None
        chain: list[str] = []
        parent = unit.parent
        while parent in self._by_code and parent not in chain:
            chain.append(parent)
            parent = self._by_code[parent].parent
        for ancestor in reversed(chain):
            above = self.items.get(ancestor)
            if above is not None:
                above.setExpanded(True)
        return self.items.get(code)

    def made_items(self) -> list[QTreeWidgetItem]:
        """Every item made so far, parents before children, in the order shown."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for n in range(item.childCount()):
                child = item.child(n)
                if child is not None:
                    walk(child)

        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:
                walk(top)
        return found
