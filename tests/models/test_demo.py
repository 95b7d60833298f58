"""The demo database (models/demo.py): the demo file agrees with the template, the database
holds what it says, and the --selftest probe finds the figure the file says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.demo import build_demo, load_demo, parse_demo, selftest_probe
from models.returns import ReturnService


def test_the_demo_file_names_its_units_returns_and_the_selftest_return() -> None:
    demo = load_demo()
    codes = {u.code for u in demo.units}
    assert {r.unit for r in demo.returns} <= codes
    assert demo.selftest in {(r.unit, r.period) for r in demo.returns}
    assert demo.townships() and all(next(u for u in demo.units if u.code == r.unit).level == "township" for r in demo.townships())
    with pytest.raises(KeyError):
        demo.get("nobody", "2024Q4")


def test_the_demo_database_holds_what_the_file_says(service: ReturnService) -> None:
    demo = load_demo()
    build_demo(service)
    assert len(service.units.list()) == len(demo.units)
    for r in demo.returns:
        data = service.store.load(r.unit, r.period)
        assert data is not None and data.values == r.values and data.signatories == demo.signatories


def test_the_selftest_probe_reads_the_first_figure_and_notices_a_wrong_one(demo_service: ReturnService) -> None:
    probe = selftest_probe(demo_service)
    assert (probe.unit, probe.period) == load_demo().selftest
    assert probe.expected == load_demo().get(probe.unit, probe.period).values[probe.code]
    assert probe.label and probe.row_code and probe.sheet
    data = demo_service.store.load(probe.unit, probe.period)
    assert data is not None
    data.values[probe.code] = probe.expected + 1
    demo_service.store.save(data)
    with pytest.raises(AssertionError, match=f"应为 {probe.expected}"):
        selftest_probe(demo_service)


def test_a_code_the_template_does_not_know_is_a_bug_in_the_demo_file(service: ReturnService) -> None:
    raw = {
        "units": [{"code": "T1", "name": "测试卫生院", "level": "township"}],
        "returns": [{"unit": "T1", "period": "2024Q4", "values": {"staff.total": 5, "staff.typo": 1}}],
    }
    demo = parse_demo(raw)
    assert demo.returns[0].values == {"staff.total": Decimal(5), "staff.typo": Decimal(1)}
    with pytest.raises(ValueError, match="含模板中没有的代码：staff.typo"):
        build_demo(service, demo)


def test_the_demo_built_again_restores_its_figures_and_leaves_a_submitted_return(service: ReturnService) -> None:
    demo = load_demo()
    build_demo(service)
    first, second = demo.returns[0], demo.returns[1]
    changed = service.store.load(first.unit, first.period)
    assert changed is not None
    code = next(iter(first.values))
    changed.values[code] = first.values[code] + 5  # the clerk tried the program on the demo
    service.store.save(changed)
    service.workflow.submit(second.unit, second.period)
    submitted = service.store.load(second.unit, second.period)
    assert submitted is not None
    build_demo(service)  # `python main.py demo` run again: no conflict, nothing doubled
    again = service.store.load(first.unit, first.period)
    assert again is not None and again.values == first.values
    kept = service.store.load(second.unit, second.period)
    assert kept is not None and kept.locked and kept.version == submitted.version
    assert len(service.units.list()) == len(demo.units)
