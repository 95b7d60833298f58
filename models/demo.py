"""The demo database: the seed examples of domain.md as units and returns.

The figures are data, in ``resources/demo/demo.toml`` (keyed by the template's stable
codes, with the seeds' assumptions noted beside them); this module reads that file and
saves it through the service. Nothing here names an indicator.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from models.data import Allowance, Signatories, UnitInfo
from models.paths import DEMO_FILE
from models.returns import ReturnService
from models.template import Template


@dataclass(frozen=True)
class DemoReturn:
    unit: str
    period: str
    values: dict[str, Decimal]
    texts: dict[str, str] = field(default_factory=dict)
    allowances: tuple[Allowance, ...] = ()
    explanations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Demo:
    units: tuple[UnitInfo, ...]
    settings: dict[str, str]
    signatories: Signatories
    returns: tuple[DemoReturn, ...]
    selftest: tuple[str, str]  # (unit, period) of the return --selftest opens

    def get(self, unit: str, period: str) -> DemoReturn:
        for r in self.returns:
            if (r.unit, r.period) == (unit, period):
                return r
        raise KeyError((unit, period))

    def townships(self) -> list[DemoReturn]:
        """The returns of the township units (benchmarks cycle through them)."""
        levels = {u.code: u.level for u in self.units}
        return [r for r in self.returns if levels.get(r.unit) == "township"]


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def parse_demo(raw: dict[str, Any]) -> Demo:
    units = tuple(UnitInfo(u["code"], u["name"], u["level"], u.get("parent")) for u in raw["units"])
    sig = raw.get("signatories", {})
    date = sig.get("report_date")
    signatories = Signatories(
        sig.get("unit_head", ""), sig.get("stats_head", ""), sig.get("filled_by", ""), sig.get("phone", ""), date if isinstance(date, dt.date) else None
    )
    returns = tuple(
        DemoReturn(
            unit=r["unit"],
            period=r["period"],
            values={code: Decimal(str(v)) for code, v in r.get("values", {}).items()},
            texts=dict(r.get("texts", {})),
            allowances=tuple(
                Allowance(a["name"], a.get("persons"), _money(a.get("monthly_standard")), _money(a.get("one_off")), _money(a.get("amount")))
                for a in r.get("allowances", [])
            ),
            explanations=dict(r.get("explanations", {})),
        )
        for r in raw["returns"]
    )
    probe = raw.get("selftest", {})
    return Demo(units, {k: str(v) for k, v in raw.get("settings", {}).items()}, signatories, returns, (probe.get("unit", ""), probe.get("period", "")))


@cache
def load_demo(path: Path = DEMO_FILE) -> Demo:
    with Path(path).open("rb") as f:
        return parse_demo(tomllib.load(f))


def _known(template: Template, r: DemoReturn) -> None:
    """The demo file and the template must agree: an unknown code is a bug in the data file."""
    unknown = [c for c in r.values if not template.has_indicator(c)] + [c for c in r.texts if c not in template.text_codes()]
    if unknown:
        raise ValueError(f"示范数据 {r.unit} {r.period} 含模板中没有的代码：{'、'.join(unknown)}")


def build_demo(service: ReturnService, demo: Demo | None = None) -> None:
    """Fill an (empty or not) database with the demo units and returns; idempotent: a demo
    return already stored is brought back to the demo's figures (on its stored version), one
    submitted (报送) since is left as it stands."""
    demo = demo or load_demo()
    for unit in demo.units:
        service.units.save(unit)
    service.settings.set(**demo.settings)
    for r in demo.returns:
        # A new one has the template the service gives that period; a stored one keeps its own.
        data = service.store.load(r.unit, r.period) or service.store.new_return(r.unit, r.period)
        if data.locked:
            continue
        _known(service.template_for(data), r)
        data.signatories = demo.signatories
        data.values = dict(r.values)
        data.texts = dict(r.texts)
        data.allowances = list(r.allowances)
        data.explanations = dict(r.explanations)
        service.store.save(data)


@dataclass(frozen=True)
class Probe:
    """What --selftest checks after loading the demo: the first figure of its return's form."""

    unit: str
    period: str
    code: str
    label: str
    unit_of_measure: str
    row_code: str  # the 代码 of its row on the Excel return
    sheet: str  # the Excel sheet (its section)
    expected: Decimal  # as the demo file says


def selftest_probe(service: ReturnService, demo: Demo | None = None) -> Probe:
    """The return the demo names for --selftest, and its first figure; AssertionError when the
    database does not hold it as the demo file says."""
    demo = demo or load_demo()
    unit, period = demo.selftest
    data = service.store.load(unit, period)
    assert data is not None, f"示范数据中没有 {unit} {period} 的报表"
    tpl = service.template_for(data)
    wanted = demo.get(unit, period).values
    ind = next(i for i in tpl.indicators if i.code in wanted)
    got = data.values.get(ind.code)
    assert got == wanted[ind.code], f"{unit} {period} {ind.label}为 {got}，应为 {wanted[ind.code]}"
    return Probe(unit, period, ind.code, ind.label, ind.unit, ind.row_code, tpl.section(ind.section).label[:31], wanted[ind.code])
