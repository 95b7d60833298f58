"""The PDF summary's tables and the helpers every part of it uses: figures as printed, what a
figure covers, shares, headings; a breakdown with its bars, the funnel, a table of
indicators with their "按…分" headings, the allowance list, a 汇总's units.
What the summary shows: SummaryInput. The order of its parts: formats.pdf_summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from formats.pdf_layout import FRAME_WIDTH, Layout, section_number
from models.checks import compute_ratios, summary_figure
from models.data import Allowance, ReturnData, fmt_number
from models.periods import Period
from models.report import share_figure
from models.template import Breakdown, Funnel, Heading, Indicator, Template
from models.vocab import MemberState


@dataclass
class SummaryInput:
    """Everything the summary shows, as plain data."""

    template: Template
    data: ReturnData
    previous: dict[str, Decimal] | None = None  # 上期 (previous quarter); None when there is none
    last_year: dict[str, Decimal] | None = None  # 上年同期 (or 上年, for an annual period)
    year_to_date: dict[str, Decimal] | None = None  # 本年累计 of the flows
    subordinates: list[tuple[str, dict[str, Decimal]]] | None = None
    missing_units: list[str] = field(default_factory=list)  # subordinates without a return
    marks: list[str] = field(default_factory=list)  # printed on every page: 草稿, 未通过审核 …
    stale: str = ""  # why the kept text no longer matches the figures ("" = it does)
    stale_sentences: list[str] = field(default_factory=list)
    sober: bool | None = None  # black on white, ruled tables; None: for 汇总 and the year
    totals: dict[str, Decimal] | None = None  # the 合计 of ``subordinates`` (report view); added here when None
    total_ratios: dict[str, Decimal | None] | None = None  # 合计's ratios over the units that reported both sides
    coverage: dict[str, str] = field(default_factory=dict)  # figures not reported in full: "5/7 个单位填报", "第1–3季度"
    ytd_coverage: dict[str, str] = field(default_factory=dict)  # 本年累计 figures lacking a quarter: "第1、3季度"
    ratio_basis: dict[str, str] = field(default_factory=dict)  # ratios over some units only: "按5个单位计算"


def summary_title(data: ReturnData) -> str:
    suffix = "（汇总）" if data.scope == "consolidated" else ""
    return f"{data.unit.name}{Period.parse(data.period).label()}卫生人才工作情况{suffix}"


class SummaryTables:
    """The summary's state and its tables; formats.pdf_summary.Summary puts them in order."""

    def __init__(self, inp: SummaryInput, layout: Layout) -> None:
        self.inp = inp
        self.tpl = inp.template
        self.data = inp.data
        self.v = inp.data.values
        # Over a 汇总, ratios over the units that reported both sides (models.report).
        self.ratios = compute_ratios(self.tpl, self.v) if inp.total_ratios is None else inp.total_ratios
        self.period = Period.parse(inp.data.period)
        self.lay = layout
        self.story: list[Flowable] = []
        self.sections = 0
        self.not_reported: list[str] = []  # tables left out because nothing in them was reported

    # ---- small helpers ---------------------------------------------------------
    def num(self, code: str, values: dict[str, Decimal] | None = None) -> str:
        values = self.v if values is None else values
        if code not in values:
            return ""
        return fmt_number(values[code], self.tpl.indicator(code).decimals if self.tpl.has_indicator(code) else 0)

    def covered(self, code: str, text: str, ytd: bool = False) -> str:
        """``text`` with what its figure covers where not all: "其中：女性（5/7 个单位填报）"."""
        note = (self.inp.ytd_coverage if ytd else self.inp.coverage).get(code, "")
        return f"{text}（{note}）" if note else text

    def share(self, numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Decimal | None:
        """A share; over a 汇总 only from the units that reported both sides."""
        rows = None if self.inp.subordinates is None else [values for _, values in self.inp.subordinates]
        return share_figure(self.v, rows, numerator, denominator).value

    @staticmethod
    def pct(value: Decimal | None) -> str:
        return "" if value is None else f"{value:,.1f}"

    def h1(self, text: str) -> None:
        self.sections += 1
        # A heading never sits alone at the foot of a page.
        self.story += [CondPageBreak(40 * mm), self.lay.p(f"{section_number(self.sections)}、{text}", "h1")]

    def h2(self, text: str) -> None:
        self.story += [CondPageBreak(25 * mm), self.lay.p(text, "h2")]

    def note(self, code: str | None) -> None:
        text = self.data.texts.get(code or "", "").strip()
        if text:
            self.story += [Spacer(1, 2 * mm), *self.lay.lines(f"说明：{text}", "note")]

    # ---- tables ---------------------------------------------------------------------
    def units_table(self) -> None:
        rows_in = self.inp.subordinates or []
        self.h1("各单位主要指标")
        if not rows_in:
            self.story.append(
                self.lay.p(
                    "没有下级单位的报表。" + (f"{MemberState.MISSING.label}单位：{'、'.join(self.inp.missing_units)}" if self.inp.missing_units else ""), "note"
                )
            )
            return
        header = ["单位", *(c.label for c in self.tpl.unit_columns)]
        rows: list[list[object]] = [[name, *self._unit_cells(values)] for name, values in rows_in]
        totals = self.inp.totals
        if totals is None:
            totals = {}
            for _, values in rows_in:
                for code, value in values.items():
                    totals[code] = totals.get(code, Decimal(0)) + value
        rows.append(["合计", *self._unit_cells(totals, self.inp.total_ratios)])
        first = 54 * mm
        widths = [first] + [(FRAME_WIDTH - first) / len(self.tpl.unit_columns)] * len(self.tpl.unit_columns)
        self.story += [self.lay.table(header, rows, widths, total_rows=1), Spacer(1, 1.5 * mm)]
        if self.inp.missing_units:
            self.story.append(self.lay.p(f"{MemberState.MISSING.label}单位：{'、'.join(self.inp.missing_units)}", "note"))
        self.story.append(self.lay.p("合计行的人数为各单位相加；比率只用同时填报分子、分母的单位重新计算，不是各单位比率的平均。", "note"))

    def _unit_cells(self, values: dict[str, Decimal], ratios: dict[str, Decimal | None] | None = None) -> list[object]:
        ratios = compute_ratios(self.tpl, values) if ratios is None else ratios
        cells: list[object] = []
        for column in self.tpl.unit_columns:
            codes = column.codes
            value = summary_figure(values, ratios, codes)
            cells.append(
                self.pct(value) if self.tpl.has_ratio(codes[0]) else ("" if value is None else fmt_number(value, self.tpl.indicator(codes[0]).decimals))
            )
        return cells

    def breakdown_table(self, b: Breakdown, bar_width: float = 58 * mm) -> None:
        """Counts, shares of the total and a bar per part, then the total row."""
        if not any(p in self.v for p in b.parts):
            self.not_reported.append(b.label)  # an empty table is left out, and named at the end
            return
        total_label = self.tpl.label(b.total)
        bars = not self.lay.sober
        rows: list[list[object]] = []
        for part in b.parts:
            share = self.share((part,), (b.total,))
            rows.append([self.covered(part, self.tpl.label(part)), self.num(part), self.pct(share), *([self.lay.bar(share, bar_width - 6)] if bars else [])])
        rows.append([self.covered(b.total, f"合计（{total_label}）"), self.num(b.total), "100.0" if self.v.get(b.total) else "", *([""] if bars else [])])
        widths = [FRAME_WIDTH - bar_width - 50 * mm, 25 * mm, 25 * mm] + [bar_width] if bars else [FRAME_WIDTH - 60 * mm, 30 * mm, 30 * mm]
        self.h2(b.label)
        first = b.label.partition("按")[2] or "类别"
        self.story.append(self.lay.table([first, "人数", "占比（%）"] + (["分布"] if bars else []), rows, widths, total_rows=1))

    def with_headings(self, indicators: Sequence[Indicator]) -> list[Indicator | Heading]:
        """``indicators`` in form order, each "按…分" heading kept above the rows it groups."""
        wanted = {i.code for i in indicators}
        out: list[Indicator | Heading] = []
        pending: list[Heading] = []
        for section in self.tpl.sections:
            for row in self.tpl.rows(section):
                if isinstance(row, Heading):
                    pending.append(row)
                elif row.code in wanted:
                    out += pending + [row]
                    pending = []
                else:
                    pending = []
        return out

    def indicator_rows(self, indicators: Sequence[Indicator]) -> tuple[list[str], list[list[object]], list[float], list[int]]:
        ytd = self.inp.year_to_date if self.period.quarter not in (None, 1) else None
        if not any(i.kind == "flow" for i in indicators):
            ytd = None  # 本年累计 is for flows only
        header = ["指标名称", "计量单位", "本期"] + (["本年累计"] if ytd is not None else [])
        rows: list[list[object]] = []
        shown = self.with_headings(indicators)
        for ind in shown:
            if isinstance(ind, Heading):
                rows.append([self.lay.group_heading(ind.label, ind.level)] + [""] * (len(header) - 1))
                continue
            row: list[object] = [self.covered(ind.code, ind.label), ind.unit, self.num(ind.code)]
            if ytd is not None:
                row.append(self.covered(ind.code, self.num(ind.code, ytd), ytd=True) if ind.kind == "flow" and ind.code in ytd else "")
            rows.append(row)
        rest = FRAME_WIDTH - 20 * mm - 28 * mm * (len(header) - 2)
        widths = [rest, 20 * mm] + [28 * mm] * (len(header) - 2)
        return header, rows, widths, [i.level for i in shown]

    def indicator_table(self, indicators: Sequence[Indicator], label: str = "") -> None:
        if not indicators:
            return
        if not any(i.code in self.v for i in indicators):
            self.not_reported.append(label or "、".join(i.label for i in indicators[:2]) + "等")
            return
        header, rows, widths, levels = self.indicator_rows(indicators)
        align = ["l", "c"] + ["r"] * (len(header) - 2)
        self.story.append(self.lay.table(header, rows, widths, align=align, indents=levels))

    def with_basis(self, ratio_code: str, text: str) -> str:
        basis = self.inp.ratio_basis.get(ratio_code, "")
        return f"{text}（{basis}）" if basis else text

    def funnel(self, funnel: Funnel) -> None:
        """The funnel's rows with their size as a bar, and each as a share of the base row."""
        if not any(c in self.v for c in funnel.rows):
            return
        self.h2(funnel.label)
        base = [self.v[c] for c in funnel.rows if c in self.v]
        top = max(base) if base else Decimal(0)
        base_ind = self.tpl.indicator(funnel.base)
        rows: list[list[object]] = []
        bar_width = 60 * mm
        for code in funnel.rows:
            ind = self.tpl.indicator(code)
            value = self.v.get(code)
            share = None if value is None or not top else value * 100 / top
            # a share of the base only between like units (posts are not persons)
            vs_base = self.share((code,), (funnel.base,)) if ind.unit == base_ind.unit else None
            rows.append([self.covered(code, ind.label), ind.unit, self.num(code), self.pct(vs_base), self.lay.bar(share, bar_width - 6)])
        widths = [FRAME_WIDTH - bar_width - 67 * mm, 17 * mm, 25 * mm, 25 * mm, bar_width]
        self.story.append(self.lay.table(["环节", "计量单位", "人数/个数", f"占{base_ind.label}%", "规模"], rows, widths, align=["l", "c", "r", "r", "l"]))
        if funnel.rate is None:
            return
        r = next(r for r in self.tpl.ratios if r.code == funnel.rate)
        num, den = ("+".join(self.tpl.label(c) for c in side) for side in (r.numerator, r.denominator))
        rate = self.ratios.get(r.code)
        said = self.with_basis(r.code, f"{r.label}（{num} ÷ {den}）：{self.pct(rate)}%") if rate is not None else f"{r.label}：{den}或{num}未填报，不计算。"
        self.story += [Spacer(1, 1.5 * mm), self.lay.p(said, "note")]

    def allowances(self, rows_in: list[Allowance]) -> None:
        self.h2("津贴与荣誉")
        if not rows_in:
            self.story.append(self.lay.p("本期无津贴与荣誉发放记录。", "note"))
            return
        by_unit = any(a.unit_name for a in rows_in)
        header = (["单位"] if by_unit else []) + ["名称", "人数", "标准（元/人/月）", "一次性奖励（元/人）", "本期发放金额（元）"]
        rows: list[Sequence[object]] = []
        for a in rows_in:
            rows.append(
                ([a.unit_name] if by_unit else [])
                + [a.name, fmt_number(a.persons), fmt_number(a.monthly_standard, 2), fmt_number(a.one_off, 2), fmt_number(a.amount, 2)]
            )
        persons = [a.persons for a in rows_in if a.persons is not None]
        amounts = [a.amount for a in rows_in if a.amount is not None]
        total = (
            ["合计"]
            + ([""] if by_unit else [])
            + [
                fmt_number(sum(persons)) if persons else "",
                "",
                "",
                fmt_number(sum(amounts, Decimal(0)), 2) if amounts else "",
            ]
        )
        rows.append(total)
        numbers = [22 * mm, 30 * mm, 30 * mm, 32 * mm]
        names = FRAME_WIDTH - sum(numbers)
        widths = ([names * 0.45, names * 0.55] if by_unit else [names]) + numbers
        align = ["l"] * (2 if by_unit else 1) + ["r"] * 4
        self.story.append(self.lay.table(header, rows, widths, align=align, total_rows=1))
