"""A throw-away template version 3 — the newest shipped template plus a new section with a
new indicator, and a new indicator at the end of an existing section — reaches every
output without a code change: the form, the Excel return (and back), the PDF, the JSON
exchange format, the consolidation of two units and the comparison page."""

from __future__ import annotations

import io
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from formats.json_io import from_json, to_json
from formats.pdf_export import summary_pdf
from formats.xlsx_export import export_xlsx
from formats.xlsx_import import read_xlsx
from models.compare import compare
from models.consolidate import consolidate
from models.data import UnitInfo
from models.db import open_database
from models.paths import TEMPLATE_DIR
from models.report import build_view
from models.returns import ReturnService
from models.template import Template, TemplateRegistry
from tests.template_copies import template_folder

NEW_SECTION, NEW_SECTION_LABEL = "probe", "试用新部分"
IN_NEW = ("probe.v3_count", "新部分试用指标")  # code, label
IN_OLD = ("v3_probe.extra", "原部分新增试用指标")
COUNTY, TOWN_A, TOWN_B = "V3C", "V3A", "V3B"
PERIOD, EARLIER = "2030Q2", "2030Q1"


def newest_shipped() -> tuple[Path, dict]:
    paths = sorted(TEMPLATE_DIR.glob("*.toml"))
    loaded = [(p, tomllib.loads(p.read_text(encoding="utf-8"))) for p in paths]
    return max(loaded, key=lambda pair: pair[1]["version"])


def write_v3(folder: Path) -> Path:
    """hrh-quarterly-v3.toml in ``folder``: a copy of the newest shipped template, one version
    up, with a new indicator at the end of its first section and a new section."""
    path, data = newest_shipped()
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version = \d+$", f"version = {data['version'] + 1}", text, count=1)
    first = text.index("[[sections]]")
    end = text.index("\n]\n", first)  # the end of the first section's indicator list
    code, label = IN_OLD
    row = f'  {{ code = "{code}", label = "{label}", label_en = "v3 probe", unit = "人", kind = "stock", type = "int", level = 1 }},'
    text = text[:end] + "\n" + row + text[end:]
    code, label = IN_NEW
    text += f'''
[[sections]]
key = "{NEW_SECTION}"
label = "{NEW_SECTION_LABEL}"
label_en = "Trial section"
table_number = "试用表"
indicators = [
  {{ code = "{code}", label = "{label}", label_en = "Trial figure", unit = "项", kind = "flow", type = "int", level = 0 }},
]
'''
    target = folder / "hrh-quarterly-v3.toml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def v3(tmp_path: Path) -> tuple[ReturnService, Template, Template]:
    folder = template_folder(tmp_path / "templates")
    write_v3(folder)
    registry = TemplateRegistry.from_folder(folder)
    _, newest = newest_shipped()
    before = registry.get(newest["id"], newest["version"])
    tpl = registry.latest()
    assert before is not None and tpl.version == before.version + 1
    engine = open_database(tmp_path / "v3.db")
    service = ReturnService(engine, registry=registry, who="tester")
    service.units.save(UnitInfo(COUNTY, "试用县卫生健康局", "county"))
    service.units.save(UnitInfo(TOWN_A, "试用甲镇卫生院", "township", COUNTY))
    service.units.save(UnitInfo(TOWN_B, "试用乙乡卫生院", "township", COUNTY))
    for unit, period, new, extra in ((TOWN_A, PERIOD, 3, 5), (TOWN_B, PERIOD, 4, 6), (TOWN_A, EARLIER, 2, 5)):
        data = service.store.new_return(unit, period)
        assert (data.template_id, data.template_version) == (tpl.id, tpl.version)
        data.values = {IN_NEW[0]: Decimal(new), IN_OLD[0]: Decimal(extra)}
        service.store.save(data)
    yield service, tpl, before
    engine.dispose()


def test_the_v3_template_keeps_every_row_code_and_adds_its_own(v3) -> None:
    _, tpl, before = v3
    for ind in before.indicators:
        assert tpl.indicator(ind.code).row_code == ind.row_code  # an indicator added at the end moves no code
    old_section = tpl.section(tpl.indicator(IN_OLD[0]).section)  # the section the probe was added to
    assert tpl.indicator(IN_OLD[0]).row_code == f"{len(old_section.indicators):02d}"
    assert tpl.indicator(IN_NEW[0]).row_code == "01" and tpl.section(NEW_SECTION).label == NEW_SECTION_LABEL


def test_the_form_shows_the_new_fields(v3, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.form import SectionForm

    service, tpl, _ = v3
    data = service.store.load(TOWN_A, PERIOD)
    assert data is not None
    for key, (code, label) in ((NEW_SECTION, IN_NEW), (tpl.indicator(IN_OLD[0]).section, IN_OLD)):
        form = SectionForm(tpl, tpl.section(key))
        qtbot.addWidget(form)
        form.show_return(data.values, data.texts, data.allowances, None, 3)
        assert form.fields[code].value() == data.values[code]
        assert label in [w.text() for w in form.findChildren(QLabel)]


def test_the_excel_return_holds_the_new_rows_and_reads_back(v3, tmp_path: Path) -> None:
    service, tpl, _ = v3
    path = tmp_path / "a.xlsx"
    export_xlsx(service, TOWN_A, PERIOD, path)
    wb = openpyxl.load_workbook(path)
    assert NEW_SECTION_LABEL in wb.sheetnames
    for sheet, (code, label), figure in ((NEW_SECTION_LABEL, IN_NEW, 3), (tpl.section(tpl.indicator(IN_OLD[0]).section).label, IN_OLD, 5)):
        ws = wb[sheet]
        row = next(r for r in ws.iter_rows() if r[6].value == code)
        assert (row[0].value, row[1].value, row[3].value) == (label, tpl.indicator(code).row_code, figure)
    back = read_xlsx(path, service.registry)
    assert back.notes == [] and back.data.values == service.store.load(TOWN_A, PERIOD).values


def test_the_pdf_prints_the_new_section_and_indicator(v3) -> None:
    from pypdf import PdfReader

    service, _, _ = v3
    pdf = summary_pdf(service, TOWN_A, PERIOD)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    assert NEW_SECTION_LABEL in text and IN_NEW[1] in text and IN_OLD[1] in text


def test_the_json_exchange_carries_the_new_figures(v3) -> None:
    service, tpl, _ = v3
    data = service.store.load(TOWN_B, PERIOD)
    assert data is not None
    doc = to_json(data, tpl)
    assert doc["template_version"] == tpl.version
    assert doc["values"][IN_NEW[0]] == 4 and doc["values"][IN_OLD[0]] == 6
    assert from_json(doc, service.registry, "b.json").values == data.values


def test_consolidation_and_comparison_include_the_new_indicators(v3) -> None:
    from pypdf import PdfReader

    service, _, _ = v3
    total = consolidate(service, COUNTY, PERIOD)
    assert total.values[IN_NEW[0]] == 7 and total.values[IN_OLD[0]] == 11
    data = service.store.load(TOWN_A, PERIOD)
    assert data is not None
    comparison = compare(build_view(service, data))
    change = comparison.previous[IN_NEW[0]]
    assert (change.current, change.base, change.diff, change.pct) == (3, 2, 1, Decimal("50.0"))
    assert comparison.previous[IN_OLD[0]].diff == 0
    # The PDF's comparison page lists them too.
    pdf = summary_pdf(service, TOWN_A, PERIOD)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "")
    compared = text[text.index("与上期、上年同期比较") :]
    assert IN_NEW[1] in compared and IN_OLD[1] in compared and "+50.0%" in compared
