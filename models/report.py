"""The report view: what every output of one (unit, period, scope) shows, gathered once.

Excel, PDF, Word and the comparison page render a ``ReportView``; none of them
calls the service for figures of its own. It holds plain data: the return, the
earlier periods it is compared with (上期, 上年同期 where they exist), 本年累计,
the ratios with their coverage (how many units or quarters reported both
numerator and denominator), the per-unit rows and totals of a 汇总, the
findings, whether the drafted text still matches the figures, and the marks
every page must carry ("草稿", "未通过审核", …).

models gathers, formats renders: this module never imports formats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from models.checks import Finding, compute_ratios, ratio, summary_figure
from models.data import ReturnData
from models.periods import Period
from models.returns import ReturnService, ServiceError
from models.template import Template
from models.vocab import MemberState, Origin, ReturnStatus, Review

# ---- the drafted text's fingerprint ----------------------------------------------


@dataclass(frozen=True)
class DraftFingerprint:
    """The figures a drafted text was written from: each sentence with the codes it used,
    and the value of every code then ("" for blank). Stored beside the text."""

    values: dict[str, str]
    sentences: tuple[tuple[str, tuple[str, ...]], ...]

    def to_json(self) -> str:
        return json.dumps({"values": self.values, "sentences": [[s, list(c)] for s, c in self.sentences]}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DraftFingerprint | None:
        try:
            raw = json.loads(text)
            return cls({str(k): str(v) for k, v in raw["values"].items()}, tuple((str(s), tuple(str(c) for c in codes)) for s, codes in raw["sentences"]))
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable fingerprint: nothing to compare, never a crash


def fingerprint_value(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


@dataclass(frozen=True)
class StaleFigure:
    code: str
    label: str
    then: str  # "" = blank
    now: str


@dataclass(frozen=True)
class StaleDraft:
    """A drafted text whose figures have changed since: which figures, and which sentences say them."""

    text_code: str
    figures: tuple[StaleFigure, ...]
    sentences: tuple[str, ...]

    def describe(self) -> str:
        changes = "；".join(f"{f.label} 由 {f.then or '空'} 改为 {f.now or '空'}" for f in self.figures)
        return f"文字初稿起草后数字有改动（{changes}），文字与数字不符"


def stale_draft(template: Template, data: ReturnData, text_code: str | None = None) -> StaleDraft | None:
    """Compare the stored fingerprint of ``text_code`` (the template's drafted text by default)
    with the figures now; None when they agree (or the text was never drafted, or the clerk
    has removed every drafted sentence, or the template drafts no text)."""
    text_code = text_code or template.draft_text
    if text_code is None:
        return None
    raw = data.drafted_from.get(text_code, "")
    fp = DraftFingerprint.from_json(raw) if raw else None
    text = data.texts.get(text_code, "")
    if fp is None or not text.strip():
        return None
    changed = [code for code, then in fp.values.items() if fingerprint_value(data.values.get(code)) != then]
    if not changed:
        return None
    changed_set = set(changed)
    # Only sentences still in the text count; one the clerk rewrote is the clerk's.
    sentences = tuple(s for s, codes in fp.sentences if changed_set.intersection(codes) and s in text)
    if not sentences:
        return None
    figures = tuple(
        StaleFigure(code, template.full_label(code) if template.has_indicator(code) else code, fp.values[code], fingerprint_value(data.values.get(code))) for code in changed
    )
    return StaleDraft(text_code, figures, sentences)


# ---- coverage, marks, the view ---------------------------------------------------


@dataclass(frozen=True)
class RatioFigure:
    """A ratio, and over a 汇总 how many units it covers (both numerator and denominator reported)."""

    code: str
    label: str
    value: Decimal | None
    covered: int | None = None  # units counted; None on a single return
    of: int | None = None

    @property
    def coverage_note(self) -> str:
        if self.covered is None or self.of is None or self.covered == self.of:
            return ""
        return f"{self.covered}/{self.of} 个单位填报"


@dataclass(frozen=True)
class UnitRow:
    name: str
    values: dict[str, Decimal]


@dataclass(frozen=True)
class Mark:
    key: str  # draft | errors | imported | missing_quarters | stale | missing_units
    text: str  # what the page header says


@dataclass
class ReportView:
    template: Template
    data: ReturnData
    previous: dict[str, Decimal] | None = None
    previous_period: str | None = None
    last_year: dict[str, Decimal] | None = None
    last_year_period: str | None = None
    year_to_date: dict[str, Decimal] | None = None
    ratios: dict[str, RatioFigure] = field(default_factory=dict)
    unit_rows: list[UnitRow] | None = None
    totals: dict[str, Decimal] = field(default_factory=dict)
    reported: dict[str, int] = field(default_factory=dict)  # code -> units that reported it (汇总)
    missing_units: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stale: StaleDraft | None = None
    marks: list[Mark] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return Period.parse(self.data.period)

    @property
    def is_annual(self) -> bool:
        return self.period.is_annual

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def mark_text(self) -> str:
        """All marks for a page header: "草稿　未通过审核"."""
        return "　".join(m.text for m in self.marks)

    def ratio_values(self) -> dict[str, Decimal | None]:
        return {code: r.value for code, r in self.ratios.items()}

    def figure(self, codes: tuple[str, ...], values: dict[str, Decimal] | None = None) -> Decimal | None:
        """A key figure or summary column: a ratio, or the sum of ``codes`` (blank if any is)."""
        if values is None:
            return summary_figure(self.data.values, self.ratio_values(), codes)
        return summary_figure(values, compute_ratios(self.template, values), codes)


def _ratios(template: Template, values: dict[str, Decimal], rows: list[UnitRow] | None) -> dict[str, RatioFigure]:
    plain = compute_ratios(template, values)
    if not rows:
        return {r.code: RatioFigure(r.code, r.label, plain[r.code]) for r in template.ratios}
    out: dict[str, RatioFigure] = {}
    for r in template.ratios:
        # Over a 汇总, a ratio uses only the units that reported both sides, and says how many.
        both = [u.values for u in rows if all(c in u.values for c in r.numerator + r.denominator)]
        sums: dict[str, Decimal] = {}
        for vals in both:
            for c in r.numerator + r.denominator:
                sums[c] = sums.get(c, Decimal(0)) + vals[c]
        value = ratio(sums, r.numerator, r.denominator) if both else None
        out[r.code] = RatioFigure(r.code, r.label, value, len(both), len(rows))
    return out


def _marks(view: ReportView) -> list[Mark]:
    data = view.data
    marks: list[Mark] = []
    if view.errors:
        marks.append(Mark("errors", "未通过审核"))
    draft, submitted = ReturnStatus.DRAFT.label, ReturnStatus.SUBMITTED.label
    if data.origin == Origin.IMPORTED:
        # The receiver decides: an imported return counts once it is reviewed (已审核).
        if data.review_status != Review.ACCEPTED:
            marks.append(Mark("imported", f"导入件{Review.NONE.label}"))
        if data.edited_in_excel:
            marks.append(Mark("edited", "在Excel中改过"))
    elif data.status != ReturnStatus.SUBMITTED:
        marks.append(Mark("draft", f"{draft}（未{submitted[1:]}）" if not data.missing_quarters else draft))
    if data.missing_quarters:
        quarters = "、".join(f"第{Period.parse(q).quarter}季度" for q in data.missing_quarters)
        marks.append(Mark("missing_quarters", f"缺{quarters}"))
    if view.missing_units:
        marks.append(Mark("missing_units", f"{len(view.missing_units)}个单位{MemberState.MISSING.label}"))
    if view.stale is not None:
        marks.append(Mark("stale", "文字与数字不符"))
    return marks


def build_view(service: ReturnService, data: ReturnData, unit_rows: list[tuple[str, dict[str, Decimal]]] | None = None, missing_units: list[str] | None = None) -> ReportView:
    """The view of an already loaded return (or annual view): everything else is read here, once."""
    from models.consolidate import annual_view, member_rows

    p = Period.parse(data.period)
    unit_code, scope = data.unit.code, data.scope
    template = service.template_for(data)
    view = ReportView(template=template, data=data)
    if p.is_annual:
        try:
            view.last_year = annual_view(service, unit_code, str(p.previous()), scope).values
            view.last_year_period = str(p.previous())
        except ServiceError:
            pass
    else:
        view.previous = service.values_for(unit_code, str(p.previous()), scope)
        view.previous_period = str(p.previous()) if view.previous is not None else None
        view.last_year = service.values_for(unit_code, str(p.same_last_year()), scope)
        view.last_year_period = str(p.same_last_year()) if view.last_year is not None else None
        view.year_to_date = None if p.quarter == 1 else service.year_to_date(unit_code, str(p), scope, template)
    if scope == "consolidated":
        if unit_rows is None:
            unit_rows, missing_units = member_rows(service, data)
        view.unit_rows = [UnitRow(name, values) for name, values in unit_rows]
        view.missing_units = list(missing_units or [])
        for row in view.unit_rows:
            for code, value in row.values.items():
                # A typed percent is listed per unit, never added up (aggregation "none").
                if not template.has_indicator(code) or template.indicator(code).sums:
                    view.totals[code] = view.totals.get(code, Decimal(0)) + value
                view.reported[code] = view.reported.get(code, 0) + 1
    view.ratios = _ratios(template, data.values, view.unit_rows)
    view.findings = service.check(data)
    view.stale = stale_draft(template, data)
    view.marks = _marks(view)
    return view


def gather_report(service: ReturnService, unit_code: str, period: str, scope: str = "own", unit_rows: list[tuple[str, dict[str, Decimal]]] | None = None) -> ReportView:
    """The view of (unit, period, scope); an annual period (2024) is the annual view.
    Raises ServiceError (Chinese message) when there is no such return."""
    from models.consolidate import annual_view

    p = Period.parse(period)
    if p.is_annual:
        data = annual_view(service, unit_code, str(p), scope)
    else:
        loaded = service.load(unit_code, str(p), scope)
        if loaded is None:
            kind = "汇总报表" if scope == "consolidated" else "报表"
            raise ServiceError(f"{unit_code} 没有 {p.label()} 的{kind}")
        data = loaded
    return build_view(service, data, unit_rows)
