"""One sheet of the Excel return as a printed form: what the workbook shows (ExportInput),
and the writer's grid: cells, merges, row heights, data validation of a blank template,
the signatures block and the page setup. What goes on each sheet: formats.xlsx_sections."""

from __future__ import annotations

import datetime as dt
import math
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from formats.xlsx_cells import LINE_HEIGHT, Styles, header_text, text
from formats.xlsx_layout import SIGNATORIES, STABLE_CODE_COLUMN, display_width
from models.data import ReturnData, Signatories
from models.periods import Period
from models.template import Template

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet


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


class SheetWriter:
    """The grid of one sheet, written row by row; subclasses say what goes on it."""

    def __init__(self, ws: Worksheet, inp: ExportInput, widths: tuple[int, ...], styles: Styles) -> None:
        self.ws = ws
        self.inp = inp
        self.s = styles
        self.row = 1
        self.widths = widths

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
        the copies above already made the same (another fifth of the time); by its bounds
        into the set of ranges, because MultiCellRange.add parses the reference and compares
        it with every range already merged (the sheet's merges never overlap)."""
        from openpyxl.worksheet.cell_range import CellRange

        top = self.ws.cell(row=self.row, column=first)
        for r in range(self.row, self.row + rows):
            for col in range(first, last + 1):
                if (r, col) != (self.row, first) and (border or r > self.row):
                    self.ws.cell(row=r, column=col)._style = copy(top._style)
        if last > first or rows > 1:
            bottom = self.ws.cell(row=self.row + rows - 1, column=last)  # the file lists it, as Excel does
            self.ws.merged_cells.ranges.add(CellRange(min_col=first, min_row=self.row, max_col=last, max_row=bottom.row))

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
        dv = DataValidation(
            type="custom",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="填写有误",
            error=message,
            promptTitle="填写说明",
            prompt=message,
            showInputMessage=True,
        )
        self.ws.add_data_validation(dv)
        dv.add(ref)

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
        ws.oddHeader.left.text = header_text(data.unit.name)
        ws.oddHeader.right.text = header_text(Period.parse(data.period).label())
        if self.inp.marks:
            # Every printed page says what the return is (草稿, 未通过审核 …).
            ws.oddHeader.center.text = header_text("　".join(self.inp.marks))
            ws.oddHeader.center.font = "黑体,Bold"
            ws.oddHeader.center.size = 14
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.freeze_panes = ws.cell(row=heads_last + 1, column=1).coordinate
        ws.sheet_view.showGridLines = False
        ws.protection.sheet = True
        ws.protection.formatRows = False  # the clerk may make a row taller for a long text
        ws.protection.formatColumns = False
        ws.protection.formatCells = False
