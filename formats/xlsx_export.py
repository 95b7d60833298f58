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
import and only needed here. The layout is described in formats.xlsx_layout.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formats.files import write_atomically
from formats.xlsx_layout import (
    ALLOWANCE_HEADINGS,
    ALLOWANCES_MARK,
    ALLOWANCES_TOTAL,
    CHECKSUM_VERSION,
    COLUMN_NUMBERS,
    CONTINUED,
    EXPLANATIONS_MARK,
    FORMAT,
    FORMAT_VERSION,
    HEAD_CONSOLIDATED_NAME,
    HEAD_CREDIT_CODE,
    HEAD_PERIOD,
    HEAD_STABLE_CODE,
    HEAD_UNIT_CODE,
    HEAD_UNIT_NAME,
    INDICATOR_HEADINGS,
    META_KEYS,
    META_SHEET,
    NOT_APPLICABLE,
    SIGNATORIES,
    STABLE_CODE_COLUMN,
    TEXT_HEADINGS,
    UNITS_SHEET,
    checksum,
    display_width,
    sheet_names,
)
from models.checks import compute_ratios
from models.data import ReturnData, Signatories
from models.periods import Period
from models.returns import ReturnService, ServiceError
from models.template import Heading, Indicator, Section, Template
from models.vocab import MemberState

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
BLANK_ALLOWANCE_ROWS = 10
MAX_LINES_PER_ROW = 24  # a row is at most 409 points high; longer paragraphs continue below
LINE_HEIGHT = 14.5
# Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE, U+FFFF): the importers
# refuse or remove them, and the writer drops any that got into the database before that,
# so an export is always a readable file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Column widths (Excel units): indicator sheets and the narrative sheet share the A–F grid.
INDICATOR_WIDTHS = (36, 25, 8, 11, 11, 11)
TEXT_WIDTHS = (20, 20, 17, 17, 16, 16)


@dataclass
class ExportInput:
    """Everything the workbook shows; gathered from the service, rendered without it."""

    data: ReturnData
    template: Template
    previous: dict[str, Decimal] | None = None
    year_to_date: dict[str, Decimal] | None = None  # None: no 本年累计 on this return (Q1)
    blank: bool = False
    explanation_labels: dict[str, str] = field(default_factory=dict)  # finding key -> message
    exported_at: dt.datetime | None = None
    # A consolidated return's 汇总表: (unit name, figures) per unit, and the units it lacks.
    unit_rows: list[tuple[str, dict[str, Decimal]]] | None = None
    missing_units: list[str] = field(default_factory=list)
    totals: dict[str, Decimal] | None = None  # the 合计 of unit_rows, from the report view
    total_ratios: dict[str, Decimal | None] | None = None  # 合计's ratios: units that reported both sides
    marks: list[str] = field(default_factory=list)  # printed in every page's header: 草稿, 未通过审核 …
    coverage: dict[str, str] = field(default_factory=dict)  # figures not reported in full: "5/7 个单位填报"
    ytd_coverage: dict[str, str] = field(default_factory=dict)  # 本年累计 lacking a quarter: "第1、3季度"
    ratio_basis: dict[str, str] = field(default_factory=dict)  # ratios over some units only: "按5个单位计算"


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
    from openpyxl import Workbook

    inp = replace(inp, data=_writable(inp.data))
    wb = Workbook()
    styles = _Styles()
    default = wb.active
    assert default is not None
    wb.remove(default)
    for section, title in zip(inp.template.sections, sheet_names(inp.template), strict=True):
        ws = wb.create_sheet(title)
        _SheetWriter(ws, inp, section, styles).write()
    if inp.unit_rows is not None:
        _UnitsSheetWriter(wb.create_sheet(UNITS_SHEET), inp, inp.template.sections[0], styles).write()
    _write_meta(wb, inp)
    # The template's id and version are in the hidden meta sheet and the file's properties, not on the printed form.
    wb.properties.title = inp.template.title
    wb.properties.subject = f"{inp.template.id} 第{inp.template.version}版"
    wb.properties.keywords = f"{inp.template.id};{inp.template.version}"
    from openpyxl.workbook.protection import WorkbookProtection

    wb.security = WorkbookProtection(lockStructure=True)  # the meta sheet stays hidden and named
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _writable(data: ReturnData) -> ReturnData:
    """The return as the file can hold it: every text without what XML forbids (a database
    written before the importers refused such characters may still hold some). The checksum
    is made over this, so the file reads back as untouched."""
    sig = data.signatories
    return replace(
        data,
        unit=replace(data.unit, name=_clean(data.unit.name)),
        texts={k: _clean(v) for k, v in data.texts.items()},
        explanations={k: _clean(v) for k, v in data.explanations.items()},
        allowances=[replace(a, name=_clean(a.name), unit_name=_clean(a.unit_name)) for a in data.allowances],
        signatories=replace(sig, unit_head=_clean(sig.unit_head), stats_head=_clean(sig.stats_head), filled_by=_clean(sig.filled_by), phone=_clean(sig.phone)),
    )


def _number(value: Decimal | None, ind_decimals: int) -> int | Decimal | str | None:
    """A figure as Excel stores it; beyond 15 significant digits a double is not exact, so text."""
    if value is None:
        return None
    if ind_decimals == 0:
        return int(value)
    if len(value.as_tuple().digits) > 15:
        return f"{value:.{ind_decimals}f}"
    return value


class _Styles:
    """Fonts, borders and fills made once per workbook (openpyxl shares equal styles)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.underline = Border(bottom=thin)
        self.title = Font(name=FONT_NAME, size=16, bold=True)
        self.subtitle = Font(name=FONT_NAME, size=13, bold=True)
        self.body = Font(name=FONT_NAME, size=11)
        self.bold = Font(name=FONT_NAME, size=11, bold=True)
        self.small = Font(name=FONT_NAME, size=10)
        self.heading_row = Font(name=FONT_NAME, size=11, bold=True)
        self.heading_fill = PatternFill("solid", fgColor="E8E8E8")
        self.computed_fill = PatternFill("solid", fgColor="F4F4F4")
        self.input_fill = PatternFill("solid", fgColor="FFFDE7")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.left_top = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center", indent=1)
        self.unlocked = Protection(locked=False)
        self._indent: dict[int, Any] = {}
        self._cache: dict[tuple[object, ...], Any] = {}

    def apply(self, c: Cell, font: Any, align: Any, border: Any, fmt: str | None, fill: Any, locked: bool) -> None:
        """Give a cell its style. openpyxl hashes every style object on each assignment, which
        made styling most of the export time; equal combinations now reuse the style record
        of the first cell that had them (as openpyxl's own worksheet copy does)."""
        key = (id(font), id(align), id(border), fmt, id(fill), locked)
        cached = self._cache.get(key)
        if cached is not None:
            c._style = copy(cached)
            return
        c.font = font
        if align is not None:
            c.alignment = align
        if border is not None:
            c.border = border
        if fmt:
            c.number_format = fmt
        if fill is not None:
            c.fill = fill
        if not locked:
            c.protection = self.unlocked
        self._cache[key] = copy(c._style)

    def indent(self, level: int) -> Any:
        from openpyxl.styles import Alignment

        if level not in self._indent:
            self._indent[level] = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * level)
        return self._indent[level]


class _SheetWriter:
    """Writes one section's sheet, row by row."""

    def __init__(self, ws: Worksheet, inp: ExportInput, section: Section, styles: _Styles) -> None:
        self.ws = ws
        self.inp = inp
        self.section = section
        self.s = styles
        self.row = 1
        self.is_text_sheet = not section.indicators and not section.has_allowances
        self.widths: tuple[int, ...] = TEXT_WIDTHS if self.is_text_sheet else INDICATOR_WIDTHS
        self.validations: dict[str, Any] = {}

    # ---- small helpers ------------------------------------------------------
    def cell(
        self,
        col: int,
        value: object = None,
        font: Any = None,
        align: Any = None,
        border: Any = False,
        fmt: str | None = None,
        fill: Any = None,
        entry: str | None = None,
        places: int = 2,
    ) -> Cell:
        """Write one cell. ``entry`` marks a cell the clerk fills in ("text", "int",
        "money" or "percent"): unlocked under the sheet protection, and in a blank template
        highlighted and validated."""
        c = self.ws.cell(row=self.row, column=col)
        if entry and self.inp.blank:
            fill = self.s.input_fill
        self.s.apply(c, font or self.s.body, align, self.s.border if border is True else border or None, fmt, fill, locked=entry is None)
        if isinstance(value, str):
            text(c, value)  # after the style: it may add the quote prefix
        elif value is not None:
            c.value = value
        if entry in ("int", "money", "percent") and self.inp.blank:
            self.validate(c, entry, places)
        return c

    def stable(self, code: str) -> None:
        """The row's stable code, in the hidden column the importer keys on."""
        text(self.ws.cell(row=self.row, column=STABLE_CODE_COLUMN), code)

    def merge(self, first: int, last: int, border: bool = False, rows: int = 1) -> None:
        """Merge columns ``first``..``last`` of the current row (and ``rows`` rows down).
        The covered cells take the first cell's style, so borders show all round; the
        merge is recorded directly, because openpyxl's merge_cells re-creates every covered
        cell's border and was a third of the export time; as a plain range, because
        MergedCellRange would add the bottom-right cell's border to the first cell's, which
        the copies above already made the same (another fifth of the time)."""
        from openpyxl.worksheet.cell_range import CellRange

        top = self.ws.cell(row=self.row, column=first)
        for r in range(self.row, self.row + rows):
            for col in range(first, last + 1):
                if (r, col) != (self.row, first) and (border or r > self.row):
                    self.ws.cell(row=r, column=col)._style = copy(top._style)
        if last > first or rows > 1:
            ref = f"{top.coordinate}:{self.ws.cell(row=self.row + rows - 1, column=last).coordinate}"
            self.ws.merged_cells.add(CellRange(ref))

    def height_for(self, texts: list[tuple[str, int, int]]) -> None:
        """Set the row height so wrapped text shows whole: (text, first col, last col)."""
        lines = 1
        for value, first, last in texts:
            width = max(sum(self.widths[first - 1 : last]) - 1, 1)
            lines = max(lines, sum(max(1, math.ceil(display_width(p) / width)) for p in value.split("\n")))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = min(409, lines * LINE_HEIGHT + 4)

    def validate(self, c: Cell, kind: str, places: int = 2) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        ref = c.coordinate
        blank_marks = f'OR({ref}="/",{ref}="／")'
        if kind == "int":
            formula = f"OR({blank_marks},AND(ISNUMBER({ref}),{ref}>=0,{ref}=INT({ref})))"
            message = "请填写0或正整数（人数、个数）；没有填0，不确定填/"
        elif kind == "money":
            formula = f"OR({blank_marks},AND(ISNUMBER({ref}),{ref}>=0,ROUND({ref},2)={ref}))"
            message = "请填写不小于0的金额，最多2位小数；没有填0，不确定填/"
        elif kind == "percent":
            formula = f"OR({blank_marks},AND(ISNUMBER({ref}),{ref}>=0,{ref}<=100,ROUND({ref},{places})={ref}))"
            message = f"请填写0到100之间的百分数（不带%号），最多{places}位小数；不确定填/"
        else:
            raise ValueError(kind)
        dv = DataValidation(type="custom", formula1=formula, allow_blank=True, showErrorMessage=True, errorTitle="填写有误", error=message, promptTitle="填写说明", prompt=message, showInputMessage=True)
        self.ws.add_data_validation(dv)
        dv.add(ref)

    # ---- the sheet ------------------------------------------------------------
    def write(self) -> None:
        ws = self.ws
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[chr(64 + i)].width = width
        self.header()
        heads_first = self.row
        self.column_heads()
        heads_last = self.row - 1
        if self.is_text_sheet:
            texts = [t for t in self.inp.template.texts if t.section == self.section.key]
            for n, t in enumerate(texts, start=1):
                self.text_rows(t.label, t.code, f"{n:02d}")
            self.explanations()
        else:
            for row in self.inp.template.rows(self.section):
                if isinstance(row, Heading):
                    self.heading_row(row)
                else:
                    self.indicator_row(row)
            self.ratio_rows()
            if self.section.has_allowances:
                self.allowances()
            if self.section.note_code:
                self.text_rows(self.inp.template.text_field(self.section.note_code).label, self.section.note_code)
        self.signatures()
        self.page_setup(heads_first, heads_last)

    def header(self) -> None:
        inp, s = self.inp, self.s
        data = inp.data
        last = len(self.widths)
        self.cell(1, inp.template.title, s.title, s.center)
        self.merge(1, last)
        self.ws.row_dimensions[self.row].height = 26
        self.row += 1
        self.cell(1, self.section.label, s.subtitle, s.center)
        self.merge(1, last)
        self.ws.row_dimensions[self.row].height = 20
        self.row += 1
        consolidated = data.scope == "consolidated"
        left = [
            "填报说明：请在黄色格中填写；没有的填0，不确定的填“/”。" if inp.blank else "",
            f"{HEAD_UNIT_CODE}：{data.unit.code}",
            f"{HEAD_CREDIT_CODE}：{data.unit.credit_code}",
            f"{HEAD_CONSOLIDATED_NAME if consolidated else HEAD_UNIT_NAME}：{data.unit.name}",
            f"{HEAD_PERIOD}：{Period.parse(data.period).label()}",
        ]
        right = [f"{label}：{value}" for label, value in inp.template.particulars.lines(self.section.table_number or None)]
        for l_text, r_text in zip(left, right, strict=True):
            self.cell(1, l_text, s.body, s.left)
            self.merge(1, 3)
            self.cell(4, r_text, s.small, s.left)
            self.merge(4, last)
            self.row += 1
        units = sorted({i.unit for i in self.section.indicators})
        if self.is_text_sheet:
            unit_text = ""
        elif len(units) == 1:
            unit_text = f"计量单位：{units[0]}"
        else:
            unit_text = "计量单位：见“计量单位”栏"
        self.cell(1, unit_text, s.body, s.left)
        self.merge(1, 3)
        self.row += 1

    def column_heads(self) -> None:
        s = self.s
        if self.is_text_sheet:
            heads: list[tuple[str, int, int]] = [(TEXT_HEADINGS[0], 1, 1), (TEXT_HEADINGS[1], 2, 2), (TEXT_HEADINGS[2], 3, 6)]
            numbers = [("甲", 1, 1), ("乙", 2, 2), ("1", 3, 6)]
        else:
            heads = [(h, i, i) for i, h in enumerate(INDICATOR_HEADINGS, start=1)]
            numbers = [(n, i, i) for i, n in enumerate(COLUMN_NUMBERS, start=1)]
        self.stable(HEAD_STABLE_CODE)
        self.ws.column_dimensions[chr(64 + STABLE_CODE_COLUMN)].hidden = True
        for line in (heads, numbers):
            for value, first, last in line:
                self.cell(first, value, s.bold if line is heads else s.small, s.center, border=True, fill=s.heading_fill)
                self.merge(first, last, border=True)
            self.row += 1

    def indicator_row(self, ind: Indicator) -> None:
        inp, s = self.inp, self.s
        fmt = "0" if ind.is_int else f"0.{'0' * ind.decimals}"
        label = covered_label(ind.label, inp.coverage.get(ind.code, ""), "" if inp.year_to_date is None else inp.ytd_coverage.get(ind.code, ""))
        self.cell(1, label, s.body, s.indent(ind.level), border=True)
        self.cell(2, ind.row_code, s.body, s.center, border=True)
        self.stable(ind.code)
        self.cell(3, ind.unit, s.body, s.center, border=True)
        current = None if inp.blank else _number(inp.data.values.get(ind.code), ind.decimals)
        self.cell(4, current, s.body, s.right, border=True, fmt=fmt, entry="int" if ind.is_int else "percent" if ind.is_percent else "money", places=ind.decimals)
        prev = (inp.previous or {}).get(ind.code)
        self.cell(5, _number(prev, ind.decimals), s.body, s.right, border=True, fmt=fmt)
        if inp.year_to_date is None or ind.kind == "stock":
            self.cell(6, NOT_APPLICABLE, s.body, s.center, border=True)
        else:
            self.cell(6, _number(inp.year_to_date.get(ind.code), ind.decimals), s.body, s.right, border=True, fmt=fmt)
        self.height_for([(label + "  " * ind.level, 1, 1)])
        self.row += 1

    def heading_row(self, heading: Heading) -> None:
        """A "按职称分" row: groups the rows under it; no code, no figures."""
        s = self.s
        self.cell(1, heading.label, s.heading_row, s.indent(heading.level), border=True)
        for col in range(2, len(self.widths) + 1):
            self.cell(col, None, border=True)
        self.row += 1

    def ratio_rows(self) -> None:
        inp, s = self.inp, self.s
        ratios = [r for r in inp.template.ratios if r.section == self.section.key]
        if not ratios:
            return
        # Over a 汇总: from the units that reported both sides (the report view), saying how many.
        now = inp.total_ratios if inp.total_ratios is not None and not inp.blank else compute_ratios(inp.template, {} if inp.blank else inp.data.values)
        before = compute_ratios(inp.template, inp.previous) if inp.previous else {}
        self.cell(1, "计算指标（由程序根据上表计算，不必填写）", s.small, s.left, border=True, fill=s.computed_fill)
        self.merge(1, len(self.widths), border=True)
        self.row += 1
        for r in ratios:
            basis = inp.ratio_basis.get(r.code, "")
            self.cell(1, f"{r.label}（{basis}）" if basis else r.label, s.body, s.indent(1), border=True, fill=s.computed_fill)
            self.cell(2, None, border=True, fill=s.computed_fill)
            self.stable(r.code)
            self.cell(3, "%", s.body, s.center, border=True, fill=s.computed_fill)
            self.cell(4, now.get(r.code), s.body, s.right, border=True, fmt="0.0", fill=s.computed_fill)
            self.cell(5, before.get(r.code), s.body, s.right, border=True, fmt="0.0", fill=s.computed_fill)
            self.cell(6, NOT_APPLICABLE, s.body, s.center, border=True, fill=s.computed_fill)
            self.row += 1

    def allowances(self) -> None:
        inp, s = self.inp, self.s
        last = len(self.widths)
        self.row += 1
        self.cell(1, "津贴与荣誉", s.bold, s.left, border=True)
        self.cell(2, None, border=True)
        self.stable(ALLOWANCES_MARK)
        self.cell(3, "（每项一行；合计由程序计算）", s.small, s.left, border=True)
        self.merge(3, last, border=True)
        self.row += 1
        for i, head in enumerate(ALLOWANCE_HEADINGS, start=1):
            self.cell(i, head, s.bold, s.center, border=True, fill=s.heading_fill)
        self.height_for([(h, i, i) for i, h in enumerate(ALLOWANCE_HEADINGS, start=1)])
        self.row += 1
        rows = [] if inp.blank else inp.data.allowances
        for a in rows:
            self.allowance_row(a.name, a.unit_name, a.persons, a.monthly_standard, a.one_off, a.amount)
        for _ in range(BLANK_ALLOWANCE_ROWS if inp.blank else 0):
            self.allowance_row("", "", None, None, None, None)
        persons = [a.persons for a in rows if a.persons is not None]
        amounts = [a.amount for a in rows if a.amount is not None]
        self.cell(1, "合计", s.bold, s.center, border=True, fill=s.computed_fill)
        self.cell(2, None, border=True, fill=s.computed_fill)
        self.stable(ALLOWANCES_TOTAL)
        self.cell(3, sum(persons) if persons else None, s.body, s.right, border=True, fmt="0", fill=s.computed_fill)
        self.cell(4, None, border=True, fill=s.computed_fill)
        self.cell(5, None, border=True, fill=s.computed_fill)
        self.cell(6, sum(amounts, Decimal(0)) if amounts else None, s.body, s.right, border=True, fmt="0.00", fill=s.computed_fill)
        self.row += 1

    def allowance_row(self, name: str, unit_name: str, persons: int | None, standard: Decimal | None, one_off: Decimal | None, amount: Decimal | None) -> None:
        s = self.s
        self.cell(1, name, s.body, s.left, border=True, fmt="@", entry="text")
        self.cell(2, unit_name, s.small, s.left, border=True, fmt="@", entry="text")
        self.cell(3, persons, s.body, s.right, border=True, fmt="0", entry="int")
        for col, value in ((4, standard), (5, one_off), (6, amount)):
            self.cell(col, _number(value, 2), s.body, s.right, border=True, fmt="0.00", entry="money")
        self.height_for([(name, 1, 1), (unit_name, 2, 2)])
        self.row += 1

    def text_rows(self, label: str, code: str, row_code: str = "") -> None:
        """A text, one paragraph per row, its stable code on every row; the label merged down
        column A, ``row_code`` (the narrative sheet's 01, 02 …) in 代码 on its first row."""
        s = self.s
        body = "" if self.inp.blank else _clean(self.inp.data.texts.get(code, ""))
        width = sum(self.widths[2:]) - 1
        pieces = paragraph_pieces(body, width * MAX_LINES_PER_ROW)
        first = self.row
        for piece, continued in pieces:
            self.cell(1, label if self.row == first else None, s.body, s.left, border=True)
            self.cell(2, row_code if self.row == first else None, s.body, s.center, border=True)
            self.stable(code + (CONTINUED if continued else ""))
            self.cell(3, piece, s.body, s.left_top, border=True, fmt="@", entry="text")
            self.merge(3, len(self.widths), border=True)
            self.height_for([(piece, 3, len(self.widths))])
            if self.inp.blank and len(pieces) == 1:
                self.ws.row_dimensions[self.row].height = 60
            self.row += 1
        if self.row - 1 > first:
            end, self.row = self.row, first
            self.merge(1, 1, rows=end - first)
            self.row = end

    def explanations(self) -> None:
        inp, s = self.inp, self.s
        if inp.blank or not inp.data.explanations:
            return
        self.cell(1, "对审核提示的说明", s.bold, s.left, border=True)
        self.cell(2, None, border=True)
        self.stable(EXPLANATIONS_MARK)
        self.cell(3, "（审核提示及填报单位的解释）", s.small, s.left, border=True)
        self.merge(3, len(self.widths), border=True)
        self.row += 1
        for key, explanation in sorted(inp.data.explanations.items()):
            label = inp.explanation_labels.get(key, "审核提示")
            self.cell(1, label, s.small, s.left, border=True)
            self.cell(2, None, border=True)
            self.stable(key)
            self.cell(3, explanation, s.body, s.left_top, border=True, fmt="@", entry="text")
            self.merge(3, len(self.widths), border=True)
            self.height_for([(label, 1, 1), (explanation, 3, len(self.widths))])
            self.row += 1

    def signatures(self) -> None:
        s = self.s
        sig: Signatories = self.inp.data.signatories
        self.row += 1
        labels = dict(SIGNATORIES)
        layout = [("单位负责人", "统计负责人"), ("填表人", "联系电话"), ("报出日期", None)]
        for left, right in layout:
            for label, label_col, value_col, value_last in ((left, 1, 2, 2), (right, 3, 5, 6)):
                if label is None:
                    self.cell(3, "（单位公章）", s.small, s.center)
                    self.merge(3, 6)
                    continue
                self.cell(label_col, f"{label}：", s.body, s.right)
                if label_col == 3:
                    self.merge(3, 4)
                value = getattr(sig, labels[label])
                if isinstance(value, dt.date):
                    self.cell(value_col, value, s.body, s.left, s.underline, fmt='yyyy"年"m"月"d"日"', entry="text")
                else:
                    self.cell(value_col, value or "", s.body, s.left, s.underline, fmt="@", entry="text")
                if value_last > value_col:
                    self.ws.cell(row=self.row, column=value_last).border = s.underline
                    self.merge(value_col, value_last)
            self.ws.row_dimensions[self.row].height = 22
            self.row += 1

    def page_setup(self, heads_first: int, heads_last: int) -> None:
        ws = self.ws
        data = self.inp.data
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.print_title_rows = f"{heads_first}:{heads_last}"
        ws.oddHeader.left.text = _header_text(data.unit.name)
        ws.oddHeader.right.text = _header_text(Period.parse(data.period).label())
        if self.inp.marks:
            # Every printed page says what the return is (草稿, 未通过审核 …).
            ws.oddHeader.center.text = _header_text("　".join(self.inp.marks))
            ws.oddHeader.center.font = "黑体,Bold"
            ws.oddHeader.center.size = 14
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.freeze_panes = ws.cell(row=heads_last + 1, column=1).coordinate
        ws.sheet_view.showGridLines = False
        ws.protection.sheet = True
        ws.protection.formatRows = False  # the clerk may make a row taller for a long text
        ws.protection.formatColumns = False
        ws.protection.formatCells = False


class _UnitsSheetWriter(_SheetWriter):
    """The 汇总表 of a consolidated return: one row per unit, a 合计 row, the units missing.

    Its columns are the template's ``unit_columns``; ratios are recomputed for each
    row and for 合计 from the added figures, never averaged.
    """

    def write(self) -> None:
        from models.checks import compute_ratios, summary_figure

        inp, s, tpl = self.inp, self.s, self.inp.template
        columns = tpl.unit_columns
        last = len(columns) + 1
        self.widths = (28, *([11] * len(columns)))
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[chr(64 + i)].width = width
        self.cell(1, tpl.title, s.title, s.center)
        self.merge(1, last)
        self.ws.row_dimensions[self.row].height = 26
        self.row += 1
        self.cell(1, "汇总表（各单位主要指标）", s.subtitle, s.center)
        self.merge(1, last)
        self.row += 1
        self.cell(1, f"综合机关名称（公章）：{inp.data.unit.name}", s.body, s.left)
        self.merge(1, 4)
        self.cell(5, f"报告期：{Period.parse(inp.data.period).label()}", s.body, s.left)
        self.merge(5, last)
        self.row += 1
        heads_first = self.row
        for col, head in enumerate(["单位名称", *(c.label for c in columns)], start=1):
            self.cell(col, head, s.bold, s.center, border=True, fill=s.heading_fill)
        self.height_for([(c.label, i + 2, i + 2) for i, c in enumerate(columns)])
        self.row += 1
        rows = inp.unit_rows or []
        totals = inp.totals
        if totals is None:
            totals = {}
            for name, values in rows:
                for code, value in values.items():
                    totals[code] = totals.get(code, Decimal(0)) + value
        for name, values in [*rows, ("合计", totals)]:
            font = s.bold if name == "合计" else s.body
            self.cell(1, _clean(name), font, s.left, border=True)
            ratios = inp.total_ratios if name == "合计" and inp.total_ratios is not None else compute_ratios(tpl, values)
            for col, column in enumerate(columns, start=2):
                figure = summary_figure(values, ratios, column.codes)
                decimals = 1 if column.codes[0] in ratios else tpl.indicator(column.codes[0]).decimals
                self.cell(col, _number(figure, decimals), font, s.right, border=True, fmt="0" if decimals == 0 else f"0.{'0' * decimals}")
            self.row += 1
        said = coverage_line([(c.label, c.codes) for c in columns], inp.coverage, inp.ratio_basis)
        if said:
            self.cell(1, said, s.small, s.left)
            self.merge(1, last)
            self.height_for([(said, 1, last)])
            self.row += 1
        self.row += 1
        missing = "、".join(inp.missing_units) if inp.missing_units else "无"
        self.cell(1, f"{MemberState.MISSING.label}单位：{missing}", s.body, s.left)
        self.merge(1, last)
        self.height_for([(f"{MemberState.MISSING.label}单位：{missing}", 1, last)])
        self.row += 1
        self.signatures()
        self.page_setup(heads_first, heads_first)


def covered_label(label: str, coverage: str, ytd_coverage: str = "") -> str:
    """An indicator's label with what its figures cover where not all, printed beside it (the
    figure's cell stays a number): "其中：女性（3/4 个单位填报）", "录用人数（本年累计：第1、3季度）"."""
    notes = [n for n in (coverage, f"本年累计：{ytd_coverage}" if ytd_coverage else "") if n]
    return f"{label}（{'；'.join(notes)}）" if notes else label


def coverage_line(columns: list[tuple[str, tuple[str, ...]]], coverage: dict[str, str], ratio_basis: dict[str, str]) -> str:
    """Under a 汇总表's 合计: which of its (column label, codes) not every unit reported."""
    said: list[str] = []
    for label, codes in columns:
        note = ratio_basis.get(codes[0]) if codes[0] in ratio_basis else "；".join(dict.fromkeys(n for c in codes if (n := coverage.get(c))))
        if note:
            said.append(f"{label.rstrip('%')} {note}")
    return f"说明：合计中，{'；'.join(said)}；空白单元格为未填报，不是0。" if said else ""


def _header_text(value: str) -> str:
    return _clean(value).replace("&", "&&")


def paragraph_pieces(text: str, max_width: int) -> list[tuple[str, bool]]:
    """Split a text into rows: one per paragraph, long paragraphs in chunks of at most
    ``max_width`` display units; (piece, continues the previous row)."""
    pieces: list[tuple[str, bool]] = []
    for para in text.split("\n"):
        chunk: list[str] = []
        width, continued = 0, False
        for ch in para:
            w = display_width(ch)
            if width + w > max_width and chunk:
                pieces.append(("".join(chunk), continued))
                chunk, width, continued = [], 0, True
            chunk.append(ch)
            width += w
        pieces.append(("".join(chunk), continued))
    return pieces


def text(cell: Cell, value: str) -> None:
    """Put user text in a cell as text, never a formula (=, +, -, @ stay literal), and
    never a character XML cannot hold."""
    value = _clean(value)
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


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
