"""The Excel return (统计报表) of one unit and period, as the county receives it by email.

API for the command line and the window::

    export_xlsx(service, unit_code, period, path, scope="own", blank=False)

writes the file atomically (a temporary file beside it, then a rename) and
raises ``ServiceError`` (Chinese message) when the unit or return does not exist,
``OSError`` when the file cannot be written. ``blank=True`` writes the blank
template of that unit and period: the value cells accept only what the return
accepts (Excel data validation), everything else is protected, and the county
imports the filled-in file like any other return.

``render_xlsx(ExportInput) -> bytes`` is the pure part (no database), for tests
and the benchmark. openpyxl is imported inside the functions: it is slow to
import and only needed here. The layout is described in formats.xlsx_layout; the sheets are
written by formats.xlsx_sections on the grid of formats.xlsx_sheet, cell by cell as in
formats.xlsx_cells.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from formats.files import write_atomically
from formats.xlsx_cells import Styles, text, writable
from formats.xlsx_layout import (
    CHECKSUM_VERSION,
    FORMAT,
    FORMAT_VERSION,
    META_KEYS,
    META_SHEET,
    UNITS_SHEET,
    checksum,
    sheet_names,
)
from formats.xlsx_sections import SectionSheetWriter, UnitsSheetWriter
from formats.xlsx_sheet import ExportInput
from models.data import ReturnData, Signatories
from models.periods import Period
from models.returns import ReturnService, ServiceError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["REPORT_NAME", "ExportInput", "build_workbook", "default_filename", "export_xlsx", "gather", "render_xlsx"]

REPORT_NAME = "卫人才季报"  # in every proposed file name


def default_filename(data: ReturnData, blank: bool = False) -> str:
    """A file name the clerk recognises (issue 15's convention): 530000110_城关镇卫生院_2024Q4_卫人才季报.xlsx.
    Only a proposal: the importer reads who and when from the file, never from its name."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", data.unit.name).strip("_.")
    code = re.sub(r"[^0-9A-Za-z_.-]+", "_", data.unit.code).strip("_.")
    kind = "_汇总" if data.scope == "consolidated" else ""
    return f"{code}_{name}_{data.period}{kind}_{REPORT_NAME}{'_空白模板' if blank else ''}.xlsx"


def gather(service: ReturnService, unit_code: str, period: str, scope: str = "own", blank: bool = False) -> ExportInput:
    """Read what the export shows; raise ServiceError when there is nothing to export."""
    p = Period.parse(period)
    if p.is_annual:
        raise ServiceError(f"报告期 {period} 是年度；Excel 报表按季度导出（如 {p.year}Q4）")
    if service.units.get(unit_code) is None:
        raise ServiceError(f"单位代码 {unit_code} 不存在")
    data = service.store.load(unit_code, str(p), scope)
    if blank:
        fresh = service.store.new_return(unit_code, str(p))
        fresh.scope = scope
        # Our own signatories (from the settings) only on our own unit's template;
        # another unit's template keeps who signed its return, if there is one.
        if data is not None:
            fresh.signatories = replace(data.signatories, report_date=None)
        elif unit_code != service.settings.get("our_unit"):
            fresh.signatories = Signatories()
        data = fresh
    elif data is None:
        kind = "汇总报表" if scope == "consolidated" else "报表"
        raise ServiceError(f"{unit_code} 没有 {p.label()} 的{kind}，无法导出；如需空白报表请选择“空白模板”")
    if blank:
        return ExportInput(
            data=data,
            template=service.template_for(data),
            previous=service.queries.previous_values(unit_code, str(p), scope),
            year_to_date=None if p.quarter == 1 else {},
            blank=True,
            exported_at=dt.datetime.now().replace(microsecond=0),
        )
    from models.report import build_view

    view = build_view(service, data)
    return ExportInput(
        data=data,
        template=view.template,
        previous=view.previous,
        year_to_date=view.year_to_date,
        explanation_labels={f.key: f.message for f in view.findings} if data.explanations else {},
        exported_at=dt.datetime.now().replace(microsecond=0),
        unit_rows=None if view.unit_rows is None else [(u.name, u.values) for u in view.unit_rows],
        missing_units=view.missing_units,
        totals=view.totals if view.unit_rows is not None else None,
        total_ratios=view.ratio_values() if view.unit_rows is not None else None,
        marks=[m.text for m in view.marks],
        coverage={code: view.coverage_text(code) for code in view.coverage},
        ytd_coverage={code: view.coverage_text(code, ytd=True) for code in view.ytd_coverage},
        ratio_basis={code: r.basis for code, r in view.ratios.items() if r.basis},
    )


def export_xlsx(service: ReturnService, unit_code: str, period: str, path: Path, scope: str = "own", blank: bool = False) -> None:
    """Write the Excel return (or, with ``blank``, the blank template) of a unit and period."""
    write_atomically(Path(path), render_xlsx(gather(service, unit_code, period, scope, blank)))


def render_xlsx(inp: ExportInput) -> bytes:
    """The workbook as bytes."""
    buf = io.BytesIO()
    build_workbook(inp).save(buf)
    return buf.getvalue()


def build_workbook(inp: ExportInput) -> Workbook:
    """The workbook in memory, not yet saved (the benchmark times the two apart)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    inp = replace(inp, data=writable(inp.data))
    wb = Workbook()
    styles = Styles()
    default = wb.active
    assert default is not None
    wb.remove(default)
    for section, title in zip(inp.template.sections, sheet_names(inp.template), strict=True):
        ws = wb.create_sheet(title)
        SectionSheetWriter(ws, inp, section, styles).write()
    if inp.unit_rows is not None:
        UnitsSheetWriter(wb.create_sheet(UNITS_SHEET), inp, styles).write()
    _write_meta(wb, inp)
    # The template's id and version are in the hidden meta sheet and the file's properties, not on the printed form.
    wb.properties.title = inp.template.title
    wb.properties.subject = f"{inp.template.id} 第{inp.template.version}版"
    wb.properties.keywords = f"{inp.template.id};{inp.template.version}"
    wb.security = WorkbookProtection(lockStructure=True)  # the meta sheet stays hidden and named
    return wb


def _write_meta(wb: Workbook, inp: ExportInput) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    data = inp.data
    values = {
        "format": FORMAT,
        "format_version": str(FORMAT_VERSION),
        "template": data.template_id,
        "template_version": str(data.template_version),
        "unit_code": data.unit.code,
        "unit_name": data.unit.name,
        "unit_level": data.unit.level,
        "unit_parent": data.unit.parent or "",
        "unit_credit_code": data.unit.credit_code,
        "period": data.period,
        "scope": data.scope,
        "status": "draft" if inp.blank else data.status,
        "blank": "1" if inp.blank else "0",
        "exported_at": inp.exported_at.isoformat() if inp.exported_at else "",
        "checksum_version": str(CHECKSUM_VERSION),
        "checksum": checksum(data, inp.template, blank=inp.blank),
    }
    ws = wb.create_sheet(META_SHEET)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 70
    text(ws.cell(row=1, column=1), "本表供程序识别报表，请勿修改")
    for row, (key, name) in enumerate(META_KEYS, start=2):
        text(ws.cell(row=row, column=1), key)
        text(ws.cell(row=row, column=2), values[key])
        wb.defined_names[name] = DefinedName(name, attr_text=f"{META_SHEET}!$B${row}")
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
