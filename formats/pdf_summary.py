"""The PDF summary's parts in order (卫生人才工作情况): head, key figures, each section of the
template, the comparison with earlier periods, the narrative, the signature block.
The tables they draw and the helpers they share: formats.pdf_tables."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from formats.pdf_layout import FRAME_WIDTH
from formats.pdf_tables import SummaryTables, summary_title
from models.checks import compute_ratios, summary_figure
from models.data import fmt_number
from models.periods import Period
from models.template import Heading, Indicator, Section
from models.vocab import ReturnStatus, Scope

GAP = "\u00a0" * 4  # paragraphs collapse ordinary and ideographic spaces
BLANK_DATE = "\u00a0" * 8 + "年" + "\u00a0" * 6 + "月" + "\u00a0" * 6 + "日"  # filled in by hand


class Summary(SummaryTables):
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
