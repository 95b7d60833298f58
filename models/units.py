"""The unit tree of the service (``service.units``): read once into an index, kept until a
unit is saved here; ``list()`` reads the tree as stored now (another clerk's units too)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from models.data import UnitInfo
from models.errors import ServiceError
from models.schema import Unit
from models.values import has_unencodable, unit_problems

if TYPE_CHECKING:
    from models.returns import ReturnService


@dataclass(frozen=True)
class _Index:
    ordered: list[UnitInfo]  # parents before children, siblings by sort order then code
    by_code: dict[str, UnitInfo]
    children: dict[str | None, list[UnitInfo]]


class Units:
    def __init__(self, service: ReturnService) -> None:
        self.service = service
        self._index: _Index | None = None

    def list(self) -> builtins.list[UnitInfo]:
        """All units as stored now, parents before children, siblings by sort order then code."""
        return list(self._read().ordered)

    def get(self, code: str) -> UnitInfo | None:
        found = self._current().by_code.get(code)
        if found is None:  # perhaps added since by another clerk (a shared server): read again
            found = self._read().by_code.get(code)
        return found

    def children(self, code: str) -> builtins.list[UnitInfo]:
        return list(self._current().children.get(code, []))

    def tree(self) -> Mapping[str | None, Sequence[UnitInfo]]:
        """Each unit's children by its code (None: the top level), as ``children`` gives them:
        for a walk down the whole tree (汇总 of a province visits ~1,550 units)."""
        return self._current().children

    def descendants(self, code: str) -> builtins.list[UnitInfo]:
        index = self._current()
        found: builtins.list[UnitInfo] = []
        frontier = [code]
        while frontier:
            level = [u for parent in frontier for u in index.children.get(parent, [])]
            found.extend(level)
            frontier = [u.code for u in level]
        return found

    def save(self, info: UnitInfo) -> None:
        """Create or update a unit; the parent must exist and not be the unit or below it."""
        if problem := unit_problem(info):
            raise ServiceError(problem)
        code = info.code.strip()
        info = replace(info, name=info.name.strip(), credit_code=info.credit_code.strip())
        self._read()  # the tree as stored now: the parent check must see every unit
        if info.parent == code or (info.parent and info.parent in {u.code for u in self.descendants(code)}):
            raise ServiceError(f"单位 {info.name} 不能隶属于它自己或它的下级单位")
        with self.service.session() as s:
            # Forgotten now and when the unit of work ends (committed or rolled back).
            self.forget()
            self.service.when_done(self.forget)
            parent_id = None
            if info.parent:
                parent_id = s.scalar(select(Unit.id).where(Unit.code == info.parent))
                if parent_id is None:
                    raise ServiceError(f"上级单位 {info.parent} 不存在")
            unit = s.scalar(select(Unit).where(Unit.code == code))
            if unit is None:
                s.add(Unit(code=code, name=info.name, level=info.level, parent_id=parent_id, credit_code=info.credit_code))
            else:
                unit.name, unit.level, unit.parent_id, unit.credit_code = info.name, info.level, parent_id, info.credit_code
            s.flush()

    def forget(self) -> None:
        self._index = None

    def _current(self) -> _Index:
        return self._index if self._index is not None else self._read()

    def _read(self) -> _Index:
        with self.service.session() as s:
            # Plain rows, not ORM objects: a province has ~1,550 units.
            rows = s.execute(select(Unit.id, Unit.code, Unit.name, Unit.level, Unit.parent_id, Unit.credit_code, Unit.sort_order)).all()
        self._index = _tree(rows)
        return self._index


def _tree(rows: Sequence[Any]) -> _Index:
    by_id = {u.id: u for u in rows}
    kids: dict[int | None, list[Any]] = {}
    for u in rows:
        kids.setdefault(u.parent_id if u.parent_id in by_id else None, []).append(u)
    ordered: list[UnitInfo] = []
    seen: set[int] = set()

    def walk(parent: int | None) -> None:
        for u in sorted(kids.get(parent, []), key=lambda u: (u.sort_order, u.code)):
            if u.id in seen:
                continue
            seen.add(u.id)
            par = by_id.get(u.parent_id) if u.parent_id is not None else None
            ordered.append(UnitInfo(u.code, u.name, u.level, par.code if par else None, u.credit_code))
            walk(u.id)

    walk(None)
    children: dict[str | None, list[UnitInfo]] = {}
    for info in ordered:
        children.setdefault(info.parent, []).append(info)
    return _Index(ordered, {u.code: u for u in ordered}, children)


def unit_problem(info: UnitInfo) -> str | None:
    """Why a unit cannot be stored as it is (code, name), or None."""
    code = info.code.strip()
    if not code or not info.name.strip():
        return "单位代码和单位名称都必须填写"
    if problems := unit_problems(code, info.name.strip(), info.credit_code.strip(), info.parent):
        return "；".join(problems)
    if has_unencodable(info.name) or has_unencodable(info.credit_code):
        return "单位名称或统一社会信用代码中有无法保存的损坏字符（不成对的代理字符）。请重新输入"
    return None
