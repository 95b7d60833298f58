"""The drafted narrative: a first draft of 主要做法与成效 written from the figures.

The wording is data (resources/narrative/zh.toml): paragraphs of sentences of
clauses, each clause naming the indicator codes it needs. A clause whose
figures are blank is left out, so a blank is never printed as 0 or "None".
Numbers carry thousands separators (1,922) and ratios come from the template's
computed ratios to one decimal (90.2%), as the seeds print them.

Use: ``draft_narrative(template, data, previous=None) -> str`` (no Qt; the
window puts the text into 主要做法与成效 for the clerk to edit).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from models.checks import compute_ratios, ratio
from models.data import Allowance, ReturnData, UnitInfo, fmt_number
from models.paths import RESOURCES
from models.periods import Period
from models.template import Template

NARRATIVE_DIR = RESOURCES / "narrative"
_PLACEHOLDER = re.compile(r"\{([a-z_]+:)?([A-Za-z0-9_.+/]+)\}")
_LEAD_PUNCT = "，；、,; "
_CONTEXT_WORDS = {"subject", "place", "as_of", "period", "span", "prev", "allowances"}


class NarrativeError(ValueError):
    """The wording file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Clause:
    text: str
    needs: tuple[str, ...]
    nonzero: tuple[str, ...] = ()
    prev: bool = False  # needs the previous period's figures
    intro: bool = False  # a lead-in that is no sentence without a clause after it


@dataclass(frozen=True)
class ListPattern:
    item: str
    sep: str
    items: tuple[tuple[str, str], ...]
    total: str | None = None
    skip_zero: bool = True


@dataclass(frozen=True)
class Subject:
    place: str
    subject: str
    name_contains: str = ""
    level: str = ""


@dataclass(frozen=True)
class Wording:
    periods: dict[str, str]
    subjects: tuple[Subject, ...]
    lists: dict[str, ListPattern]
    allowances: dict[str, str]
    paragraphs: tuple[tuple[tuple[Clause, ...], ...], ...]  # paragraphs -> sentences -> clauses
    source: str = ""


def _codes_in(text: str) -> list[tuple[str, str]]:
    """(kind, argument) of every placeholder: ('', 'staff.total'), ('share:', 'a/b') …"""
    return [(m.group(1) or "", m.group(2)) for m in _PLACEHOLDER.finditer(text)]


def _indicator_codes(kind: str, arg: str) -> list[str]:
    if kind in ("sum:", "share:"):
        return [c for c in re.split(r"[+/]", arg) if c]
    if kind == "delta:" or (kind == "" and arg not in _CONTEXT_WORDS):
        return [arg]
    return []


def parse_wording(data: dict[str, Any], source: str = "<wording>", template: Template | None = None) -> Wording:
    """Build and validate the wording; every placeholder's codes must be in its clause's needs."""

    def fail(msg: str) -> NarrativeError:
        return NarrativeError(f"措辞文件 {source}：{msg}")

    lists: dict[str, ListPattern] = {}
    for name, raw in data.get("lists", {}).items():
        items = tuple((str(c), str(label)) for c, label in raw.get("items", []))
        if not items:
            raise fail(f"列表 {name} 没有 items")
        if "{share}" in raw.get("item", "") and not raw.get("total"):
            raise fail(f"列表 {name} 用了 {{share}} 但没有 total")
        lists[name] = ListPattern(str(raw["item"]), str(raw.get("sep", "，")), items, raw.get("total"), bool(raw.get("skip_zero", True)))
    known: set[str] | None = None
    if template is not None:
        known = {i.code for i in template.indicators} | {r.code for r in template.ratios}
        for name, lp in lists.items():
            for code in [c for item, _ in lp.items for c in item.split("+")] + ([lp.total] if lp.total else []):
                if code not in known:
                    raise fail(f"列表 {name} 引用了未知指标 {code}")
    paragraphs = []
    for p in data.get("paragraphs", []):
        sentences = []
        for s in p.get("sentences", []):
            clauses = []
            for raw in s.get("clauses", []):
                text = str(raw["text"])
                needs = tuple(raw.get("needs", ()))
                for kind, arg in _codes_in(text):
                    if kind == "list:" and arg not in lists:
                        raise fail(f"“{text}” 引用了未定义的列表 {arg}")
                    if kind not in ("", "list:", "sum:", "share:", "delta:"):
                        raise fail(f"“{text}” 中的 {{{kind}{arg}}} 无法识别")
                    for code in _indicator_codes(kind, arg):
                        if code not in needs:
                            raise fail(f"“{text}” 用到 {code}，但 needs 中没有列出它")
                for code in needs + tuple(raw.get("nonzero", ())):
                    if known is not None and code not in known:
                        raise fail(f"“{text}” 引用了未知指标 {code}")
                clauses.append(Clause(text, needs, tuple(raw.get("nonzero", ())), bool(raw.get("prev", False)), bool(raw.get("intro", False))))
            if clauses:
                sentences.append(tuple(clauses))
        paragraphs.append(tuple(sentences))
    subjects = tuple(Subject(str(s["place"]), str(s["subject"]), str(s.get("name_contains", "")), str(s.get("level", ""))) for s in data.get("subjects", []))
    if not subjects:
        raise fail("没有 [[subjects]]")
    return Wording(dict(data.get("periods", {})), subjects, lists, dict(data.get("allowances", {})), tuple(paragraphs), source)


@cache
def load_wording(lang: str = "zh", directory: Path = NARRATIVE_DIR) -> Wording:
    path = directory / f"{lang}.toml"
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise NarrativeError(f"措辞文件 {path.name} 格式错误：{exc}") from None
    return parse_wording(data, path.name)


def subject_for(wording: Wording, unit: UnitInfo) -> Subject:
    for s in wording.subjects:
        if s.name_contains and s.name_contains in unit.name:
            return s
    for s in wording.subjects:
        if s.level and s.level == unit.level:
            return s
    return next(s for s in wording.subjects if not s.name_contains)


class _Drafter:
    def __init__(self, wording: Wording, template: Template, data: ReturnData, previous: dict[str, Decimal] | None) -> None:
        self.w = wording
        self.tpl = template
        self.data = data
        self.values: dict[str, Decimal | None] = dict(data.values)
        self.values.update(compute_ratios(template, data.values))
        self.previous = previous
        period = Period.parse(data.period)
        kind = "annual" if period.is_annual else "quarter"
        end = period.end()
        subj = subject_for(wording, data.unit)
        self.context = {
            "subject": subj.subject,
            "place": subj.place,
            "as_of": wording.periods.get(f"{kind}_as_of", "{year}年{month}月底").format(year=end.year, month=end.month),
            "period": period.label(),
            "span": wording.periods.get(f"{kind}_span", ""),
            "prev": wording.periods.get(f"{kind}_prev", ""),
        }
        self.context["allowances"] = self._allowances(data.allowances)

    def has(self, code: str) -> bool:
        return self.values.get(code) is not None

    def fmt(self, code: str) -> str:
        value = self.values[code]
        assert value is not None
        if self.tpl.has_indicator(code):
            return fmt_number(value, self.tpl.indicator(code).decimals)
        return f"{value:,.1f}"  # a computed ratio, in percent

    def unit_of(self, code: str) -> str:
        return self.tpl.indicator(code).unit if self.tpl.has_indicator(code) else ""

    def placeholder(self, kind: str, arg: str) -> str | None:
        """The text of one placeholder, or None when it cannot be said (a blank, an empty list)."""
        if kind == "":
            if arg in self.context:
                return self.context[arg] or None
            return self.fmt(arg) if self.has(arg) else None
        if kind == "sum:":
            codes = arg.split("+")
            if not all(self.has(c) for c in codes):
                return None
            total = sum((self.values[c] or Decimal(0) for c in codes), Decimal(0))
            return fmt_number(total, max(self.tpl.indicator(c).decimals for c in codes))
        if kind == "share:":
            num, _, den = arg.partition("/")
            pct = ratio(self.data.values, tuple(num.split("+")), tuple(den.split("+")))
            return None if pct is None else f"{pct:,.1f}"
        if kind == "delta:":
            return self._delta(arg)
        if kind == "list:":
            return self._list(self.w.lists[arg])
        return None

    def _delta(self, code: str) -> str | None:
        if not self.previous or code not in self.previous or not self.has(code):
            return None
        cur = self.values[code]
        assert cur is not None
        diff = cur - self.previous[code]
        unit = self.unit_of(code)
        decimals = self.tpl.indicator(code).decimals
        if diff == 0:
            return "持平"
        return f"{'增加' if diff > 0 else '减少'}{fmt_number(abs(diff), decimals)}{unit}"

    def _list(self, lp: ListPattern) -> str | None:
        parts = []
        for item, label in lp.items:
            codes = tuple(item.split("+"))  # an item may add parts up: 正高+副高 = 高级职称
            if not all(c in self.data.values for c in codes):
                continue
            value = sum((self.data.values[c] for c in codes), Decimal(0))
            if lp.skip_zero and value == 0:
                continue
            fields = {"label": label, "value": fmt_number(value, self.tpl.indicator(codes[0]).decimals)}
            if "{share}" in lp.item:
                assert lp.total is not None
                pct = ratio(self.data.values, codes, (lp.total,))
                if pct is None:
                    return None
                fields["share"] = f"{pct:,.1f}"
            parts.append(lp.item.format(**fields))
        return lp.sep.join(parts) or None

    def _allowances(self, rows: list[Allowance]) -> str:
        w = self.w.allowances
        if not w:
            return ""
        texts = []
        for a in rows:
            if not a.name.strip() or a.persons is None:
                continue
            monthly = a.monthly_standard is not None and a.monthly_standard > 0
            one_off = a.one_off is not None and a.one_off > 0
            key = "both" if monthly and one_off else "monthly" if monthly else "one_off" if one_off else "plain"
            texts.append(
                w[key].format(
                    name=a.name.strip(),
                    persons=fmt_number(a.persons),
                    standard=_money_words(a.monthly_standard),
                    one_off=_money_words(a.one_off),
                )
            )
        if not texts:
            return ""
        text = w.get("sep", "；").join(texts)
        amounts = [a.amount for a in rows if a.amount is not None]
        if amounts and len(amounts) == len(rows):
            text += w.get("total", "").format(span=self.context["span"], amount=fmt_number(sum(amounts, Decimal(0)), 2))
        return text

    def clause(self, c: Clause) -> str | None:
        if not all(self.has(code) for code in c.needs):
            return None
        if any((self.values.get(code) or 0) == 0 for code in c.nonzero):
            return None
        if c.prev and not self.previous:
            return None
        out: list[str] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(c.text):
            value = self.placeholder(m.group(1) or "", m.group(2))
            if value is None:
                return None
            out += [c.text[pos : m.start()], value]
            pos = m.end()
        out.append(c.text[pos:])
        return "".join(out)

    def sentence(self, clauses: tuple[Clause, ...]) -> str | None:
        first = self.clause(clauses[0])
        if first is None:
            return None
        rest = [t for t in (self.clause(c) for c in clauses[1:]) if t]
        if clauses[0].intro:
            if not rest:
                return None
            rest[0] = "，" + rest[0].lstrip(_LEAD_PUNCT)  # "在专业技术人员中；按职称分" reads "，按职称分"
        return (first.lstrip(_LEAD_PUNCT) + "".join(rest)).rstrip("，；。") + "。"

    def draft(self) -> str:
        paragraphs = []
        for p in self.w.paragraphs:
            text = "".join(s for s in (self.sentence(sent) for sent in p) if s)
            if text:
                paragraphs.append(text)
        return "\n".join(paragraphs)


def _money_words(value: Decimal | None) -> str:
    """300.00 -> '300'; 1234.50 -> '1,234.5' — how the seeds write a standard in 元."""
    if value is None:
        return ""
    q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{q:,.2f}".rstrip("0").rstrip(".")
    return text


def draft_narrative(template: Template, data: ReturnData, previous: dict[str, Decimal] | None = None, wording: Wording | None = None) -> str:
    """A first draft of 主要做法与成效 from the figures of ``data``: one paragraph per topic
    (staffing, recruitment, training, incentives), separated by newlines. ``previous`` is
    the previous period's figures (for "较上季度增加8人"); blank figures are left out."""
    return _Drafter(wording or load_wording(), template, data, previous).draft()
