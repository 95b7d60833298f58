"""The return template's types: indicators, texts, sections, audit rules and the Template
that holds them, frozen dataclasses. Read from TOML and checked by models.template_parse;
the versions this program knows are in models.template's registry.
Nothing here knows a particular indicator code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["stock", "flow"]
ValueType = Literal["int", "decimal", "percent"]
Aggregation = Literal["sum", "none"]
Severity = Literal["error", "warning"]


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Indicator:
    """One figure of the return: its stable code, labels, 计量单位, stock or flow, type and place on the form."""

    code: str
    label: str
    label_en: str
    unit: str
    kind: Kind
    type: ValueType
    decimals: int
    level: int
    section: str
    # The most one unit may report (the template's [limits]); a consolidated return
    # may hold up to ``consolidated_maximum``.
    maximum: Decimal = Decimal(9999999)
    consolidated_maximum: Decimal = Decimal(99999990000)
    # The 代码 the clerk sees on the printed form (01, 02 … per table); ``code`` is the stable key.
    row_code: str = ""
    # "sum": consolidation, the annual view and 本年累计 add it up; "none": a typed
    # percentage (奖励性绩效工资占比) that is never added nor averaged, only listed per unit.
    aggregation: Aggregation = "sum"

    @property
    def is_int(self) -> bool:
        return self.type == "int"

    @property
    def is_percent(self) -> bool:
        return self.type == "percent"

    @property
    def sums(self) -> bool:
        """True when figures of several units or quarters may be added up."""
        return self.aggregation == "sum"

    def limit(self, scope: str = "own") -> Decimal:
        return self.consolidated_maximum if scope == "consolidated" else self.maximum


@dataclass(frozen=True)
class Limits:
    """Upper bounds of figures: per 计量单位 (``default`` for any other unit), and the
    factor a consolidated return may exceed them by."""

    by_unit: dict[str, Decimal]
    default: Decimal
    consolidated_factor: int

    def maximum(self, unit: str) -> Decimal:
        return self.by_unit.get(unit, self.default)


EXACT_DIGITS = 15
DEFAULT_LIMITS = Limits({}, Decimal(9999999), 10_000)


@dataclass(frozen=True)
class TextField:
    """A text box of the return (工作总结, 存在问题…): its code, labels and the page it is on."""

    code: str
    label: str
    label_en: str
    section: str
    numbered: bool = False


@dataclass(frozen=True)
class Section:
    """A page of the return (one table of the printed form) and the indicators on it, in order."""

    key: str
    label: str
    label_en: str
    table_number: str
    note_code: str | None
    has_allowances: bool
    indicators: tuple[Indicator, ...]
    rest_label: str = ""  # the summary's heading of the indicators no chart or funnel shows


@dataclass(frozen=True)
class Breakdown:
    """A total and the parts it is broken down into (按职称分…): the parts may not exceed it, and add up to it when all are given."""

    id: str
    label: str
    label_en: str
    total: str
    parts: tuple[str, ...]
    heading: str = ""  # the "按…分" row printed above the parts (no figures); "" = none
    heading_en: str = ""


@dataclass(frozen=True)
class Heading:
    """A "按职称分" row of a form: groups the breakdown rows under it, holds no figure."""

    label: str
    label_en: str
    level: int
    breakdown: str = ""  # the id of the breakdown whose parts it heads


@dataclass(frozen=True)
class Particulars:
    """The official form's particulars, printed top right (blank when the template gives none)."""

    form_number: str = ""  # 表号
    issuer: str = ""  # 制定机关
    approver_kind: str = "批准机关"  # or 备案机关
    approver: str = ""
    approval_number: str = ""  # 批准文号
    valid_until: str = ""  # 有效期至

    def lines(self, form_number: str | None = None) -> list[tuple[str, str]]:
        """(label, value) in the printed order; ``form_number`` overrides 表号 (a section's table number)."""
        return [
            ("表\u3000\u3000号", self.form_number if form_number is None else form_number),
            ("制定机关", self.issuer),
            (self.approver_kind, self.approver),
            ("批准文号", self.approval_number),
            ("有效期至", self.valid_until),
        ]


@dataclass(frozen=True)
class Funnel:
    """The recruitment funnel of the summary: its rows, the row the shares are of, and its rate."""

    label: str
    section: str
    rows: tuple[str, ...]
    base: str
    rate: str | None


@dataclass(frozen=True)
class OrderRule:
    """lesser <= greater. A side of several codes is their sum: the lesser side what of it is
    filled (parts known so far may not exceed), the greater side only when all are filled."""

    id: str
    lesser: tuple[str, ...]
    greater: tuple[str, ...]
    severity: Severity
    if_blank: Literal["skip", "error"]
    lesser_label: str = ""  # for a side of several codes ("" = their labels joined)
    greater_label: str = ""


@dataclass(frozen=True)
class RequiresRule:
    """A figure that, when given (``when``), requires another (``then``)."""

    id: str
    when: str
    then: str
    severity: Severity


@dataclass(frozen=True)
class StockChangeRule:
    """A stock that changed by more than ``threshold`` since last quarter (from at least ``min_previous``) is to be explained."""

    id: str
    threshold: Decimal
    min_previous: int
    severity: Severity


@dataclass(frozen=True)
class AllowanceRule:
    """The check of the allowance rows (persons × monthly standard against the amount)."""

    id: str
    severity: Severity


@dataclass(frozen=True)
class Ratio:
    """A ratio computed from the figures (numerator codes over denominator codes), shown, never stored."""

    code: str
    label: str
    label_en: str
    section: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


@dataclass(frozen=True)
class SummaryColumn:
    """A figure a summary shows: one code, the sum of several, or a computed ratio."""

    label: str
    codes: tuple[str, ...]


_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_key(period: str) -> tuple[int, int]:
    """(year, quarter) of "2025Q1"; an annual period "2025" counts as its last quarter
    (the version in force at the year's end). Kept here, not in models.periods, which
    imports the template module through models.values."""
    text = str(period).strip()
    if re.fullmatch(r"\d{4}", text):
        return (int(text), 4)
    m = _PERIOD.fullmatch(text)
    if not m:
        raise ValueError(f"报告期 “{text}” 无法识别")
    return (int(m.group(1)), int(m.group(2)))


@dataclass(frozen=True)
class Template:
    """One version of the return: its pages, texts, checks and summary figures, as the template file gives them."""

    id: str
    version: int
    title: str
    title_en: str
    form_number: str
    sections: tuple[Section, ...]
    texts: tuple[TextField, ...]
    breakdowns: tuple[Breakdown, ...]
    orders: tuple[OrderRule, ...]
    requires: tuple[RequiresRule, ...]
    stock_change: tuple[StockChangeRule, ...]
    allowance_checks: tuple[AllowanceRule, ...]
    ratios: tuple[Ratio, ...]
    key_figures: tuple[SummaryColumn, ...] = ()
    unit_columns: tuple[SummaryColumn, ...] = ()
    particulars: Particulars = Particulars()
    charts: tuple[str, ...] = ()  # breakdown ids printed as share tables with bars, in order
    funnel: Funnel | None = None
    draft_text: str | None = None  # the text 根据数字起草 writes
    outline_texts: tuple[tuple[str, str], ...] = ()  # (heading key of the 工作总结 patterns, text code)
    source: str = ""
    limits: Limits = DEFAULT_LIMITS
    # The first quarter this version is used for ("2025Q1"); "" = from the beginning.
    # A new return uses the newest version whose applies_from is not after its period.
    applies_from: str = ""
    _by_code: dict[str, Indicator] = field(default_factory=dict, repr=False, compare=False)
    # full_label's answers, worked out once per code: the checks ask for one per finding.
    _full_labels: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for s in self.sections for i in s.indicators)

    def indicator(self, code: str) -> Indicator:
        return self._by_code[code]

    def has_indicator(self, code: str) -> bool:
        return code in self._by_code

    def has_ratio(self, code: str) -> bool:
        return any(r.code == code for r in self.ratios)

    def breakdown(self, rule_id: str) -> Breakdown:
        for b in self.breakdowns:
            if b.id == rule_id:
                return b
        raise KeyError(rule_id)

    def rows(self, section: Section) -> tuple[Indicator | Heading, ...]:
        """The section's rows as a form shows them: each breakdown's "按…分" heading just
        above the first of its parts, then the indicators in template order."""
        before: dict[str, list[Heading]] = {}
        for b in self.breakdowns:
            if not b.heading:
                continue
            first = next((i for i in section.indicators if i.code in b.parts), None)
            if first is not None:
                before.setdefault(first.code, []).append(Heading(b.heading, b.heading_en or b.heading, first.level, b.id))
        out: list[Indicator | Heading] = []
        for ind in section.indicators:
            out += before.get(ind.code, [])
            out.append(ind)
        return tuple(out)

    def text_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.texts)

    def text_field(self, code: str) -> TextField:
        for t in self.texts:
            if t.code == code:
                return t
        raise KeyError(code)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def label(self, code: str, lang: str = "zh") -> str:
        """The label of an indicator, text or ratio code (with its parent for
        ambiguous breakdown labels such as 大学本科)."""
        if code in self._by_code:
            ind = self._by_code[code]
            return ind.label_en if lang == "en" else ind.label
        for t in self.texts:
            if t.code == code:
                return t.label_en if lang == "en" else t.label
        for r in self.ratios:
            if r.code == code:
                return r.label_en if lang == "en" else r.label
        return code

    def full_label(self, code: str, lang: str = "zh") -> str:
        """Label qualified by its breakdown total where the bare label is ambiguous: a part
        whose label another indicator also has (大学本科 of staff, applicants and hires), or a
        part of a breakdown that is itself a part (正高级职称 of 专业技术人员, part of 在岗职工)."""
        known = self._full_labels.get((code, lang))
        if known is None:
            known = self._full_labels[(code, lang)] = self._qualified_label(code, lang)
        return known

    def _qualified_label(self, code: str, lang: str) -> str:
        label = self.label(code, lang)
        part_of = {p for b in self.breakdowns for p in b.parts}
        same = sum(1 for i in self.indicators if self.label(i.code, lang) == label)
        for b in self.breakdowns:
            if code in b.parts and (same > 1 or b.total in part_of):
                return f"{self.label(b.total, lang)}·{label}" if lang != "en" else f"{self.label(b.total, lang)}: {label}"
        return label
