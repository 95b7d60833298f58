"""The reporting units as a tree, shared by the window and the units dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from models.data import UnitInfo

CODE_ROLE = Qt.ItemDataRole.UserRole


def fill_unit_tree(tree: QTreeWidget, units: list[UnitInfo], our: str, ours_suffix: str) -> dict[str, QTreeWidgetItem]:
    """Replace the tree's items by ``units`` (parents before children, as
    ReturnService.list_units gives them); our unit in bold. Returns code -> item."""
    tree.clear()
    items: dict[str, QTreeWidgetItem] = {}
    for u in units:
        item = QTreeWidgetItem([u.name + (ours_suffix if u.code == our else "")])
        item.setData(0, CODE_ROLE, u.code)
        item.setToolTip(0, u.code)
        if u.code == our:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        parent = items.get(u.parent or "")
        if parent is None:
            tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        items[u.code] = item
    tree.expandAll()
    return items
