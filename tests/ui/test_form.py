"""The form generator: pages come from the template, not from code."""

from __future__ import annotations

import tomllib

from pytestqt.qtbot import QtBot

from models.paths import TEMPLATE_DIR
from models.template import Template, parse_template
from ui.fields import NumberEdit
from ui.form import SectionForm, grid_breakdowns, grid_heading


def test_every_indicator_and_text_of_a_section_gets_one_field(qtbot: QtBot, template: Template) -> None:
    for section in template.sections:
        form = SectionForm(template, section)
        qtbot.addWidget(form)
        assert list(form.fields) == [i.code for i in section.indicators]
        assert list(form.texts) == [t.code for t in template.texts if t.section == section.key]
        assert (form.allowances is not None) == section.has_allowances
        assert set(form.ratios) == {r.code for r in template.ratios if r.section == section.key}


def test_a_new_indicator_in_a_new_template_version_shows_without_code_changes(qtbot: QtBot) -> None:
    with (TEMPLATE_DIR / "hrh-quarterly-v1.toml").open("rb") as f:
        data = tomllib.load(f)
    data["version"] = 2
    train = next(s for s in data["sections"] if s["key"] == "train")
    train["indicators"].append({"code": "train.online", "label": "线上培训", "unit": "人次", "kind": "flow", "type": "int"})
    v2 = parse_template(data, "v2")
    form = SectionForm(v2, v2.section("train"))
    qtbot.addWidget(form)
    assert isinstance(form.fields["train.online"], NumberEdit)
    assert form.reading_order[len(v2.section("train").indicators) - 1] is form.fields["train.online"]


def test_breakdowns_with_consecutive_parts_become_grids(template: Template) -> None:
    staff = [b.id for b in grid_breakdowns(template, template.section("staff"))]
    assert staff == ["sum.staff.admin.rank", "sum.staff.prof.title", "sum.staff.prof.cadre", "sum.staff.prof.edu", "sum.staff.age"]
    # Staff by category is spread over the page: a sum line, not a grid.
    assert "sum.staff.categories" not in staff
    assert [b.id for b in grid_breakdowns(template, template.section("recruit"))] == ["sum.recruit.applicants.edu", "sum.recruit.hired.edu"]


def test_long_grid_headings_break_before_the_bracketed_note() -> None:
    assert grid_heading("正科级（含主任科员）") == "正科级\n（含主任科员）"
    assert grid_heading("技师（士）（检验、影像等）") == "技师（士）\n（检验、影像等）"
    assert grid_heading("大学本科") == "大学本科"


def test_a_partly_filled_breakdown_is_a_note_not_an_error(qtbot: QtBot, template: Template) -> None:
    """Partial knowledge is allowed (domain.md): a note's grey-blue (not red, not the warning's
    amber), and no 'type 0' advice where nothing can be typed."""
    from decimal import Decimal

    form = SectionForm(template, template.section("staff"))
    qtbot.addWidget(form)
    label = form.sums["sum.staff.prof.title"]
    values = {"staff.prof": Decimal(10), "staff.prof.title.mid": Decimal(4)}
    label.refresh(values)
    assert label.ok is True and "#546e7a" in label.styleSheet() and "填0" in label.text().replace(" ", "")
    form.set_read_only(True)
    label.refresh(values)
    assert "#546e7a" in label.styleSheet() and "填0" not in label.text()  # nothing can be typed: no advice to type
    label.refresh({"staff.prof": Decimal(3), "staff.prof.title.mid": Decimal(4)})  # parts exceed the total
    assert label.ok is False and "#d32f2f" in label.styleSheet() and "相差 1" in label.text()


def test_a_blank_total_and_a_consolidated_shortfall_are_notes_too(qtbot: QtBot, template: Template) -> None:
    from decimal import Decimal

    form = SectionForm(template, template.section("staff"))
    qtbot.addWidget(form)
    label = form.sums["sum.staff.admin.rank"]
    label.refresh({"staff.admin.rank.zhengke": Decimal(8), "staff.admin.rank.fuke": Decimal(7), "staff.admin.rank.keyuan": Decimal(7)})
    assert label.ok is True and "#546e7a" in label.styleSheet() and "行政管理人员未填" in label.text().replace(" ", "")
    # A 汇总 whose ranks add up to less than its total: units that knew only the total.
    short = {"staff.admin": Decimal(30), "staff.admin.rank.zhengke": Decimal(8), "staff.admin.rank.fuke": Decimal(7), "staff.admin.rank.keyuan": Decimal(7)}
    label.refresh(short)
    assert label.ok is False and "#d32f2f" in label.styleSheet()  # on a unit's own return: an error
    form.set_consolidated(True)
    label.refresh(short)
    assert label.ok is True and "#546e7a" in label.styleSheet() and "22" in label.text() and "30" in label.text()


def test_the_sum_line_says_what_the_checks_find(qtbot: QtBot, template: Template) -> None:
    """One rule: the line under a breakdown is the finding of models.checks, word for word,
    in the checks panel's colour for its severity; a sum that adds up gets a ✓."""
    from decimal import Decimal

    from models.checks import breakdown_finding

    form = SectionForm(template, template.section("staff"))
    qtbot.addWidget(form)
    label = form.sums["sum.staff.prof.title"]
    b = template.breakdown("sum.staff.prof.title")
    parts = {
        "staff.prof.title.senior_full": Decimal(1),
        "staff.prof.title.senior_assoc": Decimal(2),
        "staff.prof.title.mid": Decimal(3),
        "staff.prof.title.junior": Decimal(4),
        "staff.prof.title.none": Decimal(0),
    }
    cases = [
        ({"staff.prof": Decimal(11), **parts}, False, "#d32f2f"),  # every part known, another sum: error
        ({"staff.prof": Decimal(9), **parts}, True, "#b26a00"),  # a 汇总 above its total: a warning to explain
        ({"staff.prof": Decimal(11), **parts}, True, "#546e7a"),  # a 汇总 below: units that knew only the total
    ]
    for values, consolidated, colour in cases:
        form.set_consolidated(consolidated)
        label.refresh(values)
        finding = breakdown_finding(template, b, values, "zh", consolidated)
        assert finding is not None and label.text() == finding.message and colour in label.styleSheet()
        assert label.ok is (not finding.is_error)
    label.refresh({"staff.prof": Decimal(10), **parts})
    assert breakdown_finding(template, b, {"staff.prof": Decimal(10), **parts}) is None
    assert label.ok is True and label.text() == "合计 10 = 专业技术人员 ✓" and "#2e7d32" in label.styleSheet()
    label.refresh({})
    assert label.ok is None and label.text() == "合计：未填"
