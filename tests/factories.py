"""Test data, built one way: ``make_return`` for a return without a database, and
``random_values`` for random but valid figures (every breakdown adds up, every order holds)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from models.data import ReturnData, UnitInfo
from models.template import Template

COUNTY = UnitInfo("X1", "某县卫生健康局", "county")


def make_return(
    template: Template, values: Mapping[str, Decimal | int | str] | None = None, *, unit: UnitInfo = COUNTY, period: str = "2024Q4", **fields: Any
) -> ReturnData:
    """A return of ``template``: the figures given (read as Decimal: 5, "12.35"), every other
    figure blank. ``fields`` are the other fields of ReturnData (texts=…, scope="consolidated",
    origin="imported", allowances=…); a misspelt one is a TypeError, never silently ignored."""
    figures = {code: Decimal(value) for code, value in (values or {}).items()}
    return ReturnData(unit=unit, period=period, template_id=template.id, template_version=template.version, values=figures, **fields)


def partition(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def random_values(rng: random.Random, template: Template) -> dict[str, Decimal]:
    """A complete quarterly return that checks clean (no errors, no warnings without a previous quarter)."""
    v: dict[str, int] = {}

    def split(total_code: str, part_codes: list[str], total: int) -> None:
        v[total_code] = total
        for code, n in zip(part_codes, partition(rng, total, len(part_codes)), strict=True):
            v[code] = n

    ranks = [p for b in template.breakdowns if b.id == "sum.staff.admin.rank" for p in b.parts]
    split("staff.admin", ranks, rng.randint(0, 8))
    prof = rng.randint(10, 300)
    for bid in ("sum.staff.prof.title", "sum.staff.prof.cadre", "sum.staff.prof.edu"):
        split("staff.prof", [p for b in template.breakdowns if b.id == bid for p in b.parts], prof)
    v["staff.worker"] = rng.randint(0, 30)
    v["staff.other"] = rng.randint(0, 5)
    total = v["staff.admin"] + prof + v["staff.worker"] + v["staff.other"]
    split("staff.total", [p for b in template.breakdowns if b.id == "sum.staff.age" for p in b.parts], total)
    v["staff.female"] = rng.randint(0, total)
    applicants = rng.randint(0, 200)
    split("recruit.applicants", [p for b in template.breakdowns if b.id == "sum.recruit.applicants.edu" for p in b.parts], applicants)
    v["recruit.examinees"] = rng.randint(0, applicants)
    hired = rng.randint(0, v["recruit.examinees"])
    split("recruit.hired", [p for b in template.breakdowns if b.id == "sum.recruit.hired.edu" for p in b.parts], hired)
    v["recruit.posts"] = hired + rng.randint(0, 5)
    v["recruit.introduced"] = rng.randint(0, 5)
    v["recruit.introduced.high"] = rng.randint(0, v["recruit.introduced"])
    v["recruit.intent"] = rng.randint(0, 10)
    v["recruit.leavers"] = rng.randint(0, 6)
    v["recruit.leavers.mid_up"] = rng.randint(0, v["recruit.leavers"])
    for code in (
        "train.party",
        "train.level.county",
        "train.level.prefecture",
        "train.level.province",
        "train.level.national",
        "train.advanced_study",
        "train.gp_transfer",
        "train.outreach",
        "train.lectures",
    ):
        v[code] = rng.randint(0, 60)
    v["train.village.sessions"] = rng.randint(1, 4)
    v["train.village.persons"] = rng.randint(0, 200)
    v["train.cme.required"] = rng.randint(0, prof)
    v["train.cme.completed"] = rng.randint(0, v["train.cme.required"])
    for code in (
        "incent.promoted.senior",
        "incent.promoted.mid",
        "incent.promoted.junior",
        "incent.housing.units",
        "incent.housing.subsidy",
        "incent.honors",
        "incent.leaders",
    ):
        v[code] = rng.randint(0, 8)
    out = {k: Decimal(n) for k, n in v.items()}
    out["incent.funding"] = Decimal(rng.randint(0, 500000)) / 100
    assert set(out) == {i.code for i in template.indicators}
    return out
