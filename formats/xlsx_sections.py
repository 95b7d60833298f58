"""What each sheet of the Excel return holds: a section's indicators, ratios, allowances
and texts (SectionSheetWriter), and a consolidated return's 汇总表 (UnitsSheetWriter)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from formats.xlsx_cells import (
    BLANK_ALLOWANCE_ROWS,
    INDICATOR_WIDTHS,
    MAX_LINES_PER_ROW,
    TEXT_WIDTHS,
    Styles,
    clean,
    coverage_line,
    covered_label,
    number,
    paragraph_pieces,
)
from formats.xlsx_layout import (
    ALLOWANCE_HEADINGS,
    ALLOWANCES_MARK,
    ALLOWANCES_TOTAL,
    COLUMN_NUMBERS,
    CONTINUED,
    EXPLANATIONS_MARK,
    HEAD_CONSOLIDATED_NAME,
    HEAD_CREDIT_CODE,
    HEAD_PERIOD,
    HEAD_STABLE_CODE,
    HEAD_UNIT_CODE,
    HEAD_UNIT_NAME,
    INDICATOR_HEADINGS,
    NOT_APPLICABLE,
    STABLE_CODE_COLUMN,
    TEXT_HEADINGS,
)
from formats.xlsx_sheet import ExportInput, SheetWriter
from models.checks import compute_ratios, summary_figure
from models.periods import Period
from models.template import Heading, Indicator, Section
from models.vocab import MemberState

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


class SectionSheetWriter(SheetWriter):
    """Writes one section's sheet, row by row."""

    def __init__(self, ws: Worksheet, inp: ExportInput, section: Section, styles: Styles) -> None:
        self.section = section
        self.is_text_sheet = not section.indicators and not section.has_allowances
        super().__init__(ws, inp, TEXT_WIDTHS if self.is_text_sheet else INDICATOR_WIDTHS, styles)

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
        current = None if inp.blank else number(inp.data.values.get(ind.code), ind.decimals)
        self.cell(
            4, current, s.body, s.right, border=True, fmt=fmt, entry="int" if ind.is_int else "percent" if ind.is_percent else "money", places=ind.decimals
        )
        prev = (inp.previous or {}).get(ind.code)
        self.cell(5, number(prev, ind.decimals), s.body, s.right, border=True, fmt=fmt)
        if inp.year_to_date is None or ind.kind == "stock":
            self.cell(6, NOT_APPLICABLE, s.body, s.center, border=True)
        else:
            self.cell(6, number(inp.year_to_date.get(ind.code), ind.decimals), s.body, s.right, border=True, fmt=fmt)
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
            self.cell(col, number(value, 2), s.body, s.right, border=True, fmt="0.00", entry="money")
        self.height_for([(name, 1, 1), (unit_name, 2, 2)])
        self.row += 1

    def text_rows(self, label: str, code: str, row_code: str = "") -> None:
        """A text, one paragraph per row, its stable code on every row; the label merged down
        column A, ``row_code`` (the narrative sheet's 01, 02 …) in 代码 on its first row."""
        s = self.s
        body = "" if self.inp.blank else clean(self.inp.data.texts.get(code, ""))
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


class UnitsSheetWriter(SheetWriter):
    """The 汇总表 of a consolidated return: one row per unit, a 合计 row, the units missing.

    Its columns are the template's ``unit_columns``; ratios are recomputed for each
    row and for 合计 from the added figures, never averaged.
    """

    def __init__(self, ws: Worksheet, inp: ExportInput, styles: Styles) -> None:
        super().__init__(ws, inp, (28, *([11] * len(inp.template.unit_columns))), styles)

    def write(self) -> None:
        inp, s, tpl = self.inp, self.s, self.inp.template
        columns = tpl.unit_columns
        last = len(columns) + 1
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
            for _name, values in rows:
                for code, value in values.items():
                    totals[code] = totals.get(code, Decimal(0)) + value
        for name, values in [*rows, ("合计", totals)]:
            font = s.bold if name == "合计" else s.body
            self.cell(1, clean(name), font, s.left, border=True)
            ratios = inp.total_ratios if name == "合计" and inp.total_ratios is not None else compute_ratios(tpl, values)
            for col, column in enumerate(columns, start=2):
                figure = summary_figure(values, ratios, column.codes)
                decimals = 1 if column.codes[0] in ratios else tpl.indicator(column.codes[0]).decimals
                self.cell(col, number(figure, decimals), font, s.right, border=True, fmt="0" if decimals == 0 else f"0.{'0' * decimals}")
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
