"""The template's types: rows of a form with their headings, the particulars, periods, labels."""

from __future__ import annotations

import pytest

from models.template import Template, parse_template, quarter_key
from tests.models.test_template import raw_template


def test_headings_stand_above_the_first_part_of_their_breakdown() -> None:
    tpl = parse_template(raw_template())
    with_heading = [b for b in tpl.breakdowns if b.heading]
    assert with_heading
    b = with_heading[0]
    section = tpl.section(tpl.indicator(b.total).section)
    rows = list(tpl.rows(section))
    at = rows.index(tpl.indicator(b.parts[0]))
    assert rows[at - 1].label == b.heading and rows[at - 1].breakdown == b.id
    assert len(rows) == len(section.indicators) + sum(1 for h in with_heading if tpl.indicator(h.total).section == section.key)


def test_particulars_print_in_the_official_order() -> None:
    raw = raw_template()
    raw["particulars"] = {"issuer": "示范省卫生健康委员会", "approver_kind": "备案机关", "approver": "示范省统计局", "approval_number": "卫统字〔2024〕8号"}
    lines = parse_template(raw).particulars.lines("卫人才季1表-1")
    assert lines == [
        ("表\u3000\u3000号", "卫人才季1表-1"),
        ("制定机关", "示范省卫生健康委员会"),
        ("备案机关", "示范省统计局"),
        ("批准文号", "卫统字〔2024〕8号"),
        ("有效期至", ""),  # blank when not given
    ]


def test_quarter_key_orders_periods_and_an_annual_period_counts_as_its_last_quarter() -> None:
    assert quarter_key("2025Q1") == (2025, 1)
    assert quarter_key(" 2024Q4 ") == (2024, 4)
    assert quarter_key("2024") == (2024, 4)
    with pytest.raises(ValueError, match="无法识别"):
        quarter_key("2024Q5")


def test_an_ambiguous_part_is_named_with_its_total(template: Template) -> None:
    # 大学本科 is a part of staff, applicants and hires: the full label says whose.
    assert template.label("staff.prof.edu.bachelor") == "大学本科"
    assert template.full_label("staff.prof.edu.bachelor") == "专业技术人员·大学本科"
    assert template.full_label("staff.prof.edu.bachelor", "en").endswith(": " + template.label("staff.prof.edu.bachelor", "en"))
    assert template.full_label("staff.total") == "在岗职工总数"  # not a part: its own label
    assert template.label("no.such.code") == "no.such.code"
