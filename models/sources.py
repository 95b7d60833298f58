"""Which stored returns a consolidation (汇总) of a unit adds up, read for one period at once:
the unit's own return and, below it, each unit's own return or the consolidated return a
subtree arrived as (an imported file); what the consolidated return says of each child."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.data import Member, UnitInfo
from models.schema import Return, Unit
from models.stored_rows import plain_rows
from models.vocab import MemberState, Review, Scope

if TYPE_CHECKING:
    from models.returns import ReturnService


class Stored(NamedTuple):  # a tuple: ~1,550 made for each consolidation of a province
    id: int
    status: str
    origin: str
    review_status: str


class PeriodIndex:
    """The unit tree and every return of one period, read once (a few queries, not one per unit)."""

    def __init__(self, s: Session, service: ReturnService, period: str) -> None:
        self.units = service.units
        rows = plain_rows(
            s,
            select(Return.id, Unit.code, Return.scope, Return.status, Return.origin, Return.review_status)
            .join(Unit, Return.unit_id == Unit.id)
            .where(Return.period == period),
        )
        # By scope, then by unit code: the walk below asks twice for each of ~1,550 units.
        self.returns: dict[str, dict[str, Stored]] = {Scope.OWN: {}, Scope.CONSOLIDATED: {}}
        for rid, code, scope, status, origin, review in rows:
            self.returns.setdefault(scope, {})[code] = Stored(rid, status, origin, review)

    def get(self, unit_code: str, scope: str) -> Stored | None:
        return self.returns.get(scope, {}).get(unit_code)

    def sources(self, unit: UnitInfo) -> list[tuple[Stored, UnitInfo]]:
        """The returns whose figures make up the consolidated return of ``unit``.

        A subtree that arrived as an imported consolidated return (a county's file
        at the prefecture) counts as that one return; otherwise its own returns are
        gathered unit by unit. Returns sent back (退回) are left out.
        """
        found: list[tuple[Stored, UnitInfo]] = []
        own, consolidated = self.returns[Scope.OWN], self.returns[Scope.CONSOLIDATED]
        children = self.units.tree()
        stack = [unit]  # depth first, each unit before its children, children in the tree's order
        while stack:
            u = stack.pop()
            imported = consolidated.get(u.code)
            if imported is not None and imported.origin == "imported" and imported.review_status != "returned":
                found.append((imported, u))
                continue
            mine = own.get(u.code)
            if mine is not None and mine.review_status != "returned":
                found.append((mine, u))
            below = children.get(u.code)
            if below:
                stack.extend(reversed(below))
        return found


def gather(index: PeriodIndex, unit: UnitInfo) -> tuple[list[tuple[Stored, UnitInfo]], list[Member]]:
    """The returns a consolidation of ``unit`` adds up, and what it says of each child."""
    members: list[Member] = []
    sources: list[tuple[Stored, UnitInfo]] = []
    own = index.get(unit.code, "own")
    if own is not None and own.review_status != "returned":
        sources.append((own, unit))
    for child in index.units.children(unit.code):
        child_sources = index.sources(child)
        sources.extend(child_sources)
        # A child's figures came either from its imported consolidated return or from its own.
        imported = index.get(child.code, "consolidated")
        scope = "consolidated" if child_sources and child_sources[0][0] is imported else "own"
        stored = index.get(child.code, scope)
        status = stored.status if stored else ""
        if child_sources:
            members.append(Member(child.code, child.name, MemberState.INCLUDED, scope, status))
        else:
            returned = stored is not None and stored.review_status == Review.RETURNED
            members.append(Member(child.code, child.name, MemberState.RETURNED if returned else MemberState.MISSING, scope, status))
    return sources, members
