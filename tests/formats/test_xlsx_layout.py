"""The Excel return's layout rules (formats/xlsx_layout.py): a sheet per section, column widths
that count a Chinese character as two, and the checksum that tells an export as this program
wrote it from one changed in Excel."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from formats.xlsx_layout import CHECKSUM_VERSION, checksum, display_width, sheet_names
from models.data import UnitInfo
from models.template import Template, default_registry
from tests.factories import make_return


def test_a_sheet_per_section_named_within_excels_31_characters(template: Template) -> None:
    names = sheet_names(template)
    assert names == [s.label[:31] for s in template.sections] and len(names) == len(set(names))
    assert all(len(n) <= 31 for n in sheet_names(default_registry().for_period("2025Q1")))


def test_a_chinese_character_is_two_columns_wide() -> None:
    assert display_width("卫生院") == 6
    assert display_width("T01 (2)") == 7
    assert display_width("１２") == 4  # full-width digits too
    assert display_width("") == 0


def test_the_checksum_covers_every_figure_and_the_identity(template: Template) -> None:
    data = make_return(template, {"staff.total": 30, "incent.funding": "12.50"}, texts={"text.problems": "1、人才紧缺"})
    signed = checksum(data, template)
    assert len(signed) == 64 and signed == checksum(
        make_return(template, {"staff.total": 30, "incent.funding": "12.5"}, texts={"text.problems": "1、人才紧缺"}), template
    )
    changed = [
        replace(data, values={**data.values, "staff.total": Decimal(31)}),  # a figure edited in Excel
        replace(data, texts={"text.problems": "1、人才紧缺。"}),
        replace(data, period="2025Q1"),
        replace(data, unit=UnitInfo("X2", data.unit.name, data.unit.level)),
        replace(data, scope="consolidated"),
    ]
    assert all(checksum(other, template) != signed for other in changed)


def test_a_blank_templates_checksum_covers_only_its_identity(template: Template) -> None:
    blank = checksum(make_return(template), template, blank=True)
    assert blank == checksum(make_return(template, {"staff.total": 30}), template, blank=True)  # the clerk fills it in
    assert blank != checksum(make_return(template), template)  # a blank flag set by hand does not match


def test_version_1_checksums_of_the_release_before_still_read_the_same(template: Template) -> None:
    data = make_return(template, {"staff.total": 30})
    assert CHECKSUM_VERSION == 2
    v1 = checksum(data, template, version=1)
    assert v1 != checksum(data, template) and v1 == checksum(replace(data, period="2025Q1"), template, version=1)  # no identity in 1
