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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from models.checks import Finding, compute_ratios, ratio, summary_figure
from models.data import ReturnData
from models.periods import Period
from models.returns import ReturnService, ServiceError
from models.template import Template
from models.vocab import MemberState, Origin, ReportMark, ReturnStatus, Review

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
        StaleFigure(code, template.full_label(code) if template.has_indicator(code) else code, fp.values[code], fingerprint_value(data.values.get(code)))
        for code in changed
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

    @property
    def basis(self) -> str:
        """What a partial ratio is computed over, said beside it: "按3个单位计算" ("" when all)."""
        if self.covered is None or self.of is None or self.covered == self.of or self.value is None:
            return ""
        return f"按{self.covered}个单位计算"


def quarters_words(quarters: Sequence[int]) -> str:
    """The quarters a figure covers: 第1–3季度, 第1、3季度, 第2季度."""
    qs = sorted(quarters)
    if len(qs) >= 3 and qs == list(range(qs[0], qs[-1] + 1)):
        return f"第{qs[0]}–{qs[-1]}季度"
    return f"第{'、'.join(str(q) for q in qs)}季度"


@dataclass(frozen=True)
class Coverage:
    """How much of a figure was reported, where not all: n of N units over a 汇总, the
    quarters a 全年 or 本年累计 flow adds up, the quarter a 全年 stock is taken from."""

    reported: int | None = None
    of: int | None = None
    quarters: tuple[int, ...] | None = None
    as_of: int | None = None

    def text(self, present: Sequence[int] = ()) -> str:
        """ "5/7 个单位填报", "第1–3季度", "第3季度末数", or several joined by "，"; quarters equal
        to ``present`` (the quarters that have a return, said once elsewhere) are left unsaid."""
        parts = []
        if self.reported is not None and self.of is not None and self.reported < self.of:
            parts.append(f"{self.reported}/{self.of} 个单位填报")
        if self.quarters is not None and tuple(self.quarters) != tuple(present):
            parts.append(quarters_words(self.quarters))
        if self.as_of is not None:
            parts.append(f"第{self.as_of}季度末数")
        return "，".join(parts)


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
    coverage: dict[str, Coverage] = field(default_factory=dict)  # figures not reported in full (units, quarters)
    ytd_coverage: dict[str, Coverage] = field(default_factory=dict)  # 本年累计 figures lacking a quarter
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

    def coverage_text(self, code: str, ytd: bool = False) -> str:
        """What a figure covers where not all ("5/7 个单位填报", "第1–3季度"); "" when complete."""
        found = (self.ytd_coverage if ytd else self.coverage).get(code)
        return found.text() if found is not None else ""

    def share(self, numerator: tuple[str, ...], denominator: tuple[str, ...]) -> RatioFigure:
        """A share in percent; over a 汇总 only from the units that reported both sides, and how many."""
        return share_figure(self.data.values, self._rows(), numerator, denominator)

    def _rows(self) -> list[dict[str, Decimal]] | None:
        return None if self.unit_rows is None else [u.values for u in self.unit_rows]

    def figure(self, codes: tuple[str, ...], values: dict[str, Decimal] | None = None) -> Decimal | None:
        """A key figure or summary column: a ratio, or the sum of ``codes`` (blank if any is)."""
        if values is None:
            return summary_figure(self.data.values, self.ratio_values(), codes)
        return summary_figure(values, compute_ratios(self.template, values), codes)


def share_figure(
    values: dict[str, Decimal],
    rows: Sequence[dict[str, Decimal]] | None,
    numerator: tuple[str, ...],
    denominator: tuple[str, ...],
    code: str = "",
    label: str = "",
) -> RatioFigure:
    """A share in percent of ``values``; over a 汇总 (``rows``: each unit's figures) only from
    the units that reported both sides, with how many that is."""
    if not rows:
        return RatioFigure(code, label, ratio(values, numerator, denominator))
    both = [u for u in rows if all(c in u for c in numerator + denominator)]
    sums = {c: sum((vals[c] for vals in both), Decimal(0)) for c in numerator + denominator}
    value = ratio(sums, numerator, denominator) if both else None
    return RatioFigure(code, label, value, len(both), len(rows))


def _ratios(template: Template, values: dict[str, Decimal], rows: list[UnitRow] | None) -> dict[str, RatioFigure]:
    unit_values = None if rows is None else [u.values for u in rows]
    return {r.code: share_figure(values, unit_values, r.numerator, r.denominator, r.code, r.label) for r in template.ratios}


def _coverage(service: ReturnService, view: ReportView) -> None:
    """Fill ``view.coverage`` and ``view.ytd_coverage``: figures a 汇总's units or a year's
    quarters did not all report (read from the returns, not stored)."""
    from models.consolidate import quarters_reported

    data, p, tpl = view.data, view.period, view.template
    units: dict[str, tuple[int, int]] = {}
    if view.unit_rows:
        of = len(view.unit_rows)
        units = {code: (view.reported.get(code, 0), of) for code in data.values if view.reported.get(code, 0) < of}
    quarters: dict[str, tuple[int, ...]] = {}
    as_of: int | None = None
    if p.is_annual:
        found = quarters_reported(service, data.unit.code, [str(q) for q in p.quarters()], data.scope)
        quarters = {code: qs for code, qs in found.items() if code in data.values and _is(tpl, code, "flow") and len(qs) < 4}
        # A 全年 stock is the last quarter with data (models.consolidate.annual_view).
        last = max((max(qs) for code, qs in found.items() if _is(tpl, code, "stock")), default=None)
        as_of = last if last is not None and last != 4 else None
    for code in data.values:
        stock_as_of = as_of if as_of is not None and _is(tpl, code, "stock") else None
        if code in units or code in quarters or stock_as_of is not None:
            n_of = units.get(code)
            view.coverage[code] = Coverage(n_of[0] if n_of else None, n_of[1] if n_of else None, quarters.get(code), stock_as_of)
    if view.year_to_date and p.quarter is not None:
        found = quarters_reported(service, data.unit.code, [str(q) for q in p.year_to_date()], data.scope)
        view.ytd_coverage = {code: Coverage(quarters=found.get(code, ())) for code in view.year_to_date if len(found.get(code, ())) < p.quarter}


def _is(template: Template, code: str, kind: str) -> bool:
    return template.has_indicator(code) and template.indicator(code).kind == kind


def _marks(view: ReportView) -> list[Mark]:
    data = view.data
    marks: list[Mark] = []
    if view.errors:
        marks.append(Mark(ReportMark.ERRORS, ReportMark.ERRORS.label))
    if data.origin == Origin.IMPORTED:
        # The receiver decides: an imported return counts once it is reviewed (已审核).
        if data.review_status != Review.ACCEPTED:
            marks.append(Mark(ReportMark.UNREVIEWED, ReportMark.UNREVIEWED.label))
        if data.edited_in_excel:
            marks.append(Mark(ReportMark.EDITED, ReportMark.EDITED.label))
    elif data.status != ReturnStatus.SUBMITTED:
        # A year lacking quarters is not a return that could be submitted: plain 草稿.
        marks.append(Mark(ReportMark.NOT_SUBMITTED, ReportMark.NOT_SUBMITTED.label if not data.missing_quarters else ReturnStatus.DRAFT.label))
    if data.missing_quarters:
        quarters = "、".join(f"第{Period.parse(q).quarter}季度" for q in data.missing_quarters)
        marks.append(Mark("missing_quarters", f"缺{quarters}"))
    if view.missing_units:
        marks.append(Mark("missing_units", f"{len(view.missing_units)}个单位{MemberState.MISSING.label}"))
    if view.stale is not None:
        marks.append(Mark(ReportMark.STALE, ReportMark.STALE.label))
    return marks


def build_view(
    service: ReturnService, data: ReturnData, unit_rows: list[tuple[str, dict[str, Decimal]]] | None = None, missing_units: list[str] | None = None
) -> ReportView:
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
        view.previous = service.queries.values_for(unit_code, str(p.previous()), scope)
        view.previous_period = str(p.previous()) if view.previous is not None else None
        view.last_year = service.queries.values_for(unit_code, str(p.same_last_year()), scope)
        view.last_year_period = str(p.same_last_year()) if view.last_year is not None else None
        view.year_to_date = None if p.quarter == 1 else service.queries.year_to_date(unit_code, str(p), scope, template)
    if scope == "consolidated":
        if unit_rows is None:
            unit_rows, missing_units = member_rows(service, data)
        _add_units(view, unit_rows, missing_units)
    view.ratios = _ratios(template, data.values, view.unit_rows)
    _coverage(service, view)
    view.findings = service.check(data)
    view.stale = stale_draft(template, data)
    view.marks = _marks(view)
    return view


def _add_units(view: ReportView, unit_rows: list[tuple[str, dict[str, Decimal]]], missing_units: list[str] | None) -> None:
    """A 汇总's per-unit rows, their totals and how many units reported each figure."""
    view.unit_rows = [UnitRow(name, values) for name, values in unit_rows]
    view.missing_units = list(missing_units or [])
    template = view.template
    for row in view.unit_rows:
        for code, value in row.values.items():
            # A typed percent is listed per unit, never added up (aggregation "none").
            if not template.has_indicator(code) or template.indicator(code).sums:
                view.totals[code] = view.totals.get(code, Decimal(0)) + value
            view.reported[code] = view.reported.get(code, 0) + 1


def figure_coverage(service: ReturnService, data: ReturnData) -> dict[str, str]:
    """What each figure of a 汇总表 or a 全年 covers where not all ("3/4 个单位填报", "第1–3季度"),
    for the window's read-only views: the report view's coverage without its comparisons and checks."""
    from models.consolidate import member_rows

    view = ReportView(template=service.template_for(data), data=data)
    if data.scope == "consolidated":
        _add_units(view, *member_rows(service, data))
    _coverage(service, view)
    return {code: c.text() for code, c in view.coverage.items()}


def gather_report(
    service: ReturnService, unit_code: str, period: str, scope: str = "own", unit_rows: list[tuple[str, dict[str, Decimal]]] | None = None
) -> ReportView:
    """The view of (unit, period, scope); an annual period (2024) is the annual view.
    Raises ServiceError (Chinese message) when there is no such return."""
    from models.consolidate import annual_view

    p = Period.parse(period)
    if p.is_annual:
        data = annual_view(service, unit_code, str(p), scope)
    else:
        loaded = service.store.load(unit_code, str(p), scope)
        if loaded is None:
            kind = "汇总报表" if scope == "consolidated" else "报表"
            raise ServiceError(f"{unit_code} 没有 {p.label()} 的{kind}")
        data = loaded
    return build_view(service, data, unit_rows)
