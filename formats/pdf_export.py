"""The printable PDF summary of one return (卫生人才工作情况): what is printed, signed, stamped and filed.

API (no Qt; the window's 导出PDF and 打印 call these):

- ``export_pdf(service, unit_code, period, path, scope="own", subordinates=None) -> PdfResult``
  writes the file atomically (temp file beside it, then rename);
- ``summary_pdf(service, unit_code, period, scope="own", subordinates=None) -> PdfResult``
  gives the bytes, e.g. for a print preview of exactly the exported pages;
- ``render_summary(SummaryInput(...)) -> PdfResult`` lays out plain data, no database.

``PdfResult.warnings`` lists what the clerk should know (characters no font
has, printed as "?"). ``subordinates`` is an optional list of (unit name,
figures) rows for a consolidated return: a table of each unit's key figures
with a 合计 row (counts added, ratios recomputed from the sums). Without it, a
consolidated export lists the children's returns found in the database.

Content, in order: the form's particulars (top right), title, unit and period;
key figures; then every section of the template with figures, in template order:
the breakdowns the template charts (shares and bars), its funnel with the rate,
a table of the other indicators (with the "按…分" headings), ratios, the 说明,
the allowance list where the section has one; comparison with the previous
period and the same period last year; the narrative the clerk kept; the
signature block. What is charted and the funnel's rows are the template's
``[summary]``; no indicator code is named here. Blank figures are printed
blank, never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from formats.pdf_layout import FRAME_WIDTH, Layout, build_document, section_number
from models.checks import compute_ratios, summary_figure
from models.data import Allowance, ReturnData, fmt_number
from models.periods import Period
from models.report import ReportView, share_figure
from models.returns import ReturnService, ServiceError
from models.template import Breakdown, Funnel, Heading, Indicator, Section, Template
from models.vocab import MemberState, ReturnStatus, Scope

GAP = "\u00a0" * 4  # paragraphs collapse ordinary and ideographic spaces
BLANK_DATE = "\u00a0" * 8 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"  # filled in by hand
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


@dataclass
class PdfResult:
    content: bytes
    pages: int
    warnings: list[str]


def summary_title(data: ReturnData) -> str:
    suffix = "（汇总）" if data.scope == "consolidated" else ""
    return f"{data.unit.name}{Period.parse(data.period).label()}卫生人才工作情况{suffix}"


class _Summary:
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

    # ---- the parts, in order ---------------------------------------------------------
    def build(self) -> list[Flowable]:
        self.head()
        self.key_figures()
        said_at = len(self.story)  # the line naming the tables left out goes here, near the top
        if self.inp.subordinates is not None:
            self.units_table()
        for section in self.tpl.sections:
            if section.indicators or section.has_allowances:
                self.section(section)
        self.comparison()
        self.narrative()
        if self.not_reported:
            self.story[said_at:said_at] = [Spacer(1, 2 * mm), self.lay.p(f"未填报，不列表：{'、'.join(self.not_reported)}。", "note")]
        self.signatures()
        return self.story

    def head(self) -> None:
        d = self.data
        lay = self.lay
        self.story.append(lay.particulars(self.tpl.particulars.lines()))
        self.story.append(lay.p(summary_title(d), "title"))
        parts = [f"填报单位：{d.unit.name}", f"单位代码：{d.unit.code}", f"报告期：{self.period.label()}"]
        if d.unit.credit_code:
            parts.append(f"统一社会信用代码：{d.unit.credit_code}")
        self.story.append(lay.p(GAP.join(parts), "subtitle"))
        info = [f"状态：{ReturnStatus.label_of(d.status)}"]
        if d.scope == "consolidated":
            info.insert(0, Scope.CONSOLIDATED.label)
        self.story.append(lay.p(GAP.join(info), "subtitle"))
        if d.missing_quarters:
            # The annual view says plainly which quarters it lacks.
            quarters = "、".join(Period.parse(q).label() for q in d.missing_quarters)
            self.story.append(lay.p(f"说明：缺少 {quarters} 的报表；时期数为已有季度之和，时点数取有数据的最后一个季度。", "subtitle"))
        self.story.append(Spacer(1, 4 * mm))

    def key_figures(self) -> None:
        self.h1("主要指标")
        items = []
        for column in self.tpl.key_figures:
            label, codes = column.label, column.codes
            value = summary_figure(self.v, self.ratios, codes)
            if value is None:
                continue  # a blank is left out of the box rather than shown as 0
            if self.tpl.has_ratio(codes[0]):
                basis = self.inp.ratio_basis.get(codes[0], "")
                items.append((f"{value:,.1f}%", f"{label}（{basis}）" if basis else label))
            else:
                notes = list(dict.fromkeys(n for c in codes if (n := self.inp.coverage.get(c, ""))))
                items.append((fmt_number(value, self.tpl.indicator(codes[0]).decimals), f"{label}（{'；'.join(notes)}）" if notes else label))
        if items:
            self.story.append(self.lay.key_box(items))
        else:
            self.story.append(self.lay.p("本期主要指标均未填报。"))

    def units_table(self) -> None:
        rows_in = self.inp.subordinates or []
        self.h1("各单位主要指标")
        if not rows_in:
            self.story.append(self.lay.p("没有下级单位的报表。" + (f"{MemberState.MISSING.label}单位：{'、'.join(self.inp.missing_units)}" if self.inp.missing_units else ""), "note"))
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
            cells.append(self.pct(value) if self.tpl.has_ratio(codes[0]) else ("" if value is None else fmt_number(value, self.tpl.indicator(codes[0]).decimals)))
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

    def section(self, section: Section) -> None:
        """One section: its charted breakdowns and funnel (as the template's [summary] says),
        a table of the rest, its ratios, its 说明 and its allowance list."""
        charts = [b for b in (self.tpl.breakdown(rid) for rid in self.tpl.charts) if self.tpl.indicator(b.total).section == section.key]
        funnel = self.tpl.funnel if self.tpl.funnel is not None and self.tpl.funnel.section == section.key else None
        if not charts and funnel is None:
            keep = section.has_allowances and bool(self.data.allowances)
            if self.indicator_section(section, keep) and section.has_allowances:
                self.allowances(self.data.allowances)
            return
        self.h1(section.label)
        if funnel is not None:
            self.funnel(funnel)
        for b in charts:
            self.breakdown_table(b)
        covered = {c for b in charts for c in (b.total, *b.parts)} | set(funnel.rows if funnel else ())
        others = [i for i in section.indicators if i.code not in covered]
        if any(i.code in self.v for i in others):
            self.h2(section.rest_label or "其他")
            self.indicator_table(others)
        elif others and section.rest_label:
            self.not_reported.append(section.rest_label)
        self.ratio_line(section.key, skip=funnel.rate if funnel else None)
        self.note(section.note_code)
        if section.has_allowances:
            self.allowances(self.data.allowances)

    def ratio_line(self, section: str, skip: str | None = None) -> None:
        parts = [
            self.with_basis(r.code, f"{r.label} {self.pct(self.ratios[r.code])}%")
            for r in self.tpl.ratios
            if r.section == section and r.code != skip and self.ratios[r.code] is not None
        ]
        if parts:
            self.story += [Spacer(1, 2 * mm), self.lay.p("计算比率：" + "；".join(parts) + "。", "note")]

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

    def indicator_section(self, section: Section, keep: bool = False) -> bool:
        """A section's heading, table, ratios and note; a section with none of them (and not
        ``keep``) is left out, heading and all, and named in the line of what was not reported."""
        if not keep and not any(i.code in self.v for i in section.indicators) and not self.data.texts.get(section.note_code or "", "").strip():
            self.not_reported.append(section.label)
            return False
        self.h1(section.label)
        self.indicator_table(section.indicators, section.label)
        self.ratio_line(section.key)
        self.note(section.note_code)
        return True

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
        total = ["合计"] + ([""] if by_unit else []) + [
            fmt_number(sum(persons)) if persons else "",
            "",
            "",
            fmt_number(sum(amounts, Decimal(0)), 2) if amounts else "",
        ]
        rows.append(total)
        numbers = [22 * mm, 30 * mm, 30 * mm, 32 * mm]
        names = FRAME_WIDTH - sum(numbers)
        widths = ([names * 0.45, names * 0.55] if by_unit else [names]) + numbers
        align = ["l"] * (2 if by_unit else 1) + ["r"] * 4
        self.story.append(self.lay.table(header, rows, widths, align=align, total_rows=1))

    def comparison(self) -> None:
        annual = self.period.is_annual
        prev = None if annual else self.inp.previous
        last = self.inp.last_year
        self.h1("与上期、上年同期比较" if not annual else "与上年比较")
        columns: list[tuple[str, dict[str, Decimal]]] = []
        if prev is not None:
            columns.append(("上期", prev))
        if last is not None:
            columns.append(("上年同期" if not annual else "上年", last))
        if not columns:
            self.story.append(self.lay.p("没有上期和上年同期的报表，本期不作比较。", "note"))
            return
        periods = {"上期": self.period.previous(), "上年同期": self.period.same_last_year(), "上年": self.period.same_last_year()}
        said = "；".join(f"{label}为{periods[label].label()}" for label, _ in columns)
        self.story.append(self.lay.p(f"本期为{self.period.label()}；{said}。增减% 为增减数占比较期数的百分比。", "note"))
        header = ["指标名称", "本期"]
        for label, _ in columns:
            header += [label, "增减", "增减%"]
        rows: list[list[object]] = []
        levels: list[int] = []
        # A figure new in this template version has no earlier one: shown with blanks beside it.
        compared = [i for i in self.tpl.indicators if i.code in self.v or any(i.code in vals for _, vals in columns)]
        for ind in self.with_headings(compared):
            levels.append(ind.level)
            if isinstance(ind, Heading):
                rows.append([self.lay.group_heading(ind.label, ind.level)] + [""] * (len(header) - 1))
                continue
            row: list[object] = [self.covered(ind.code, ind.label), self.num(ind.code)]
            for _, vals in columns:
                row += [self.num(ind.code, vals), *self._change(ind, vals)]
            rows.append(row)
        label_width = 46 * mm
        rest = (FRAME_WIDTH - label_width) / (len(header) - 1)
        if rows:
            self.story.append(self.lay.table(header, rows, [label_width] + [rest] * (len(header) - 1), indents=levels))
        # Ratios change by percentage points, not by a percentage: a table of their own.
        ratio_header = ["比率（%）", "本期"]
        for label, _ in columns:
            ratio_header += [label, "增减（百分点）"]
        ratio_rows: list[list[object]] = []
        for r in self.tpl.ratios:
            cur = self.ratios[r.code]
            others = [compute_ratios(self.tpl, vals)[r.code] for _, vals in columns]
            if all(o is None for o in others):
                continue
            ratio_row: list[object] = [r.label, self.pct(cur)]
            for other in others:
                ratio_row += [self.pct(other), "" if cur is None or other is None else _signed(cur - other, 1)]
            ratio_rows.append(ratio_row)
        if ratio_rows:
            width = (FRAME_WIDTH - label_width) / (len(ratio_header) - 1)
            self.story += [Spacer(1, 3 * mm), self.lay.table(ratio_header, ratio_rows, [label_width] + [width] * (len(ratio_header) - 1))]

    def _change(self, ind: Indicator, other: dict[str, Decimal]) -> list[str]:
        if ind.code not in self.v or ind.code not in other:
            return ["", ""]
        diff = self.v[ind.code] - other[ind.code]
        text = _signed(diff, ind.decimals)
        if other[ind.code] == 0 or ind.is_percent:  # a typed percent changes by points, not by a percent of itself
            return [text, ""]
        return [text, f"{_signed(diff * 100 / other[ind.code], 1)}%"]

    def narrative(self) -> None:
        narrative = {s.key for s in self.tpl.sections if not s.indicators and not s.has_allowances}
        texts = [t for t in self.tpl.texts if t.section in narrative and self.data.texts.get(t.code, "").strip()]
        self.h1("工作情况")
        if not texts:
            self.story.append(self.lay.p("（未填写文字说明）", "note"))
            return
        for t in texts:
            self.h2(t.label)
            if t.code == self.tpl.draft_text and self.inp.stale:
                said = "；".join(self.inp.stale_sentences)
                self.story.append(self.lay.p(f"【注意】{self.inp.stale}。以下文字中这些句子的数字已过时：{said}", "h2"))
            self.story += self.lay.lines(self.data.texts[t.code])

    def signatures(self) -> None:
        s = self.data.signatories
        date = f"{s.report_date.year}年{s.report_date.month}月{s.report_date.day}日" if s.report_date else BLANK_DATE
        fields = [("单位负责人", s.unit_head), ("统计负责人", s.stats_head), ("填表人", s.filled_by), ("联系电话", s.phone), ("报出日期", date)]
        # The signature block never stands alone on its last page: it moves with the last
        # paragraph or table before it (a long table splits, its end stays with the block).
        tail: list[Flowable] = []
        kept = 0
        while self.story and kept < 2:  # the last two paragraphs or tables (or a heading and its text)
            tail.insert(0, self.story.pop())
            kept += not isinstance(tail[0], (Spacer, CondPageBreak))
        self.story.append(KeepTogether([*tail, self.lay.signature_block(fields, "（单位盖章）")]))


def _signed(value: Decimal, decimals: int) -> str:
    """+8, -3, 0 (no sign on a zero, even one that rounds to zero)."""
    text = f"{value:+,.{decimals}f}"
    return text[1:] if text[1:].replace("0", "").strip(".,") == "" else text


def render_summary(inp: SummaryInput) -> PdfResult:
    """The summary of ``inp`` as PDF bytes, with its page count and warnings."""
    sober = inp.sober if inp.sober is not None else (inp.data.scope == "consolidated" or Period.parse(inp.data.period).is_annual)
    layout = Layout(sober=sober)
    story = _Summary(inp, layout).build()
    content, pages = build_document(
        story,
        layout,
        mark="　".join(inp.marks),
        header_left=inp.data.unit.name,
        header_right=f"{Period.parse(inp.data.period).label()}　{inp.template.form_number}　卫生人才工作情况",
        title=summary_title(inp.data),
        page_label=lambda n, total: f"第 {n} 页 共 {total} 页",
    )
    warnings = []
    if layout.missing:
        chars = "".join(sorted(layout.missing))
        warnings.append(f"字体中没有这些字符，PDF 中已用“?”代替：{chars}。请改用常用字，或在装有宋体/黑体的 Windows 电脑上导出。")
    return PdfResult(content, pages, warnings)


def summary_input(view: ReportView, sober: bool | None = None) -> SummaryInput:
    """What the summary shows, from the report view (models.report)."""
    return SummaryInput(
        template=view.template,
        data=view.data,
        previous=view.previous,
        last_year=view.last_year,
        year_to_date=view.year_to_date,
        subordinates=None if view.unit_rows is None else [(u.name, u.values) for u in view.unit_rows],
        missing_units=list(view.missing_units),
        marks=[m.text for m in view.marks],
        stale="" if view.stale is None else view.stale.describe(),
        stale_sentences=[] if view.stale is None else list(view.stale.sentences),
        sober=sober,
        totals=view.totals if view.unit_rows is not None else None,
        total_ratios=view.ratio_values() if view.unit_rows is not None else None,
        coverage={code: view.coverage_text(code) for code in view.coverage},
        ytd_coverage={code: view.coverage_text(code, ytd=True) for code in view.ytd_coverage},
        ratio_basis={code: r.basis for code, r in view.ratios.items() if r.basis},
    )


def gather(service: ReturnService, unit_code: str, period: str, scope: str = "own", subordinates: list[tuple[str, dict[str, Decimal]]] | None = None) -> SummaryInput:
    """Read from the database what the summary of one return shows; ServiceError when there is no return.

    An annual period (``2024``) prints the annual view, compared with the year before.
    """
    from models.report import gather_report

    try:
        view = gather_report(service, unit_code, period, scope, subordinates)
    except ServiceError as exc:
        raise ServiceError(f"{exc}，无法导出PDF") from None
    return summary_input(view)


def summary_pdf(service: ReturnService, unit_code: str, period: str, scope: str = "own", subordinates: list[tuple[str, dict[str, Decimal]]] | None = None) -> PdfResult:
    """The summary as bytes (for 打印's preview: exactly the pages 导出PDF writes)."""
    return render_summary(gather(service, unit_code, period, scope, subordinates))


def export_pdf(
    service: ReturnService,
    unit_code: str,
    period: str,
    path: Path,
    scope: str = "own",
    subordinates: list[tuple[str, dict[str, Decimal]]] | None = None,
) -> PdfResult:
    """Write the summary to ``path`` atomically; raises ServiceError (no return) or OSError (cannot write)."""
    from formats.files import write_atomically

    result = summary_pdf(service, unit_code, period, scope, subordinates)
    write_atomically(Path(path), result.content)
    return result

