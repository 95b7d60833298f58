"""The drafted 工作总结: an outline written from the figures, like the seeds.

The wording is data (resources/narrative/zh.toml): 一、 sections of （一） parts of
1、 points of sentences of clauses, each clause naming the indicator codes it
needs. A clause whose figures are blank is left out, so a blank is never
printed as 0 or "None"; a sentence keeps whatever clauses remain. Figures are
plain digits with their units ("1032人次", "5.43万元"), shares to one decimal
("占89.4%"), changes against the previous quarter (环比) and the same period last
year (同比) where those exist.

Use (no Qt):
- ``draft(template, data, previous=None, last_year=None) -> Draft``: the outline
  text for 主要做法与成效 and the fingerprint of the figures it used (stored
  beside the text, so a later change of a figure is noticed: models.report);
- ``draft_narrative(...) -> str``: just the text;
- ``document_outline(view) -> Outline``: the whole document for Word: title,
  opening, the clerk's kept text (or a fresh draft), 存在的问题, 下步打算.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.checks import compute_ratios
from models.data import Allowance, ReturnData, UnitInfo
from models.paths import RESOURCES
from models.periods import Period
from models.report import DraftFingerprint, fingerprint_value, share_figure
from models.template import Template

if TYPE_CHECKING:
    from models.report import ReportView

NARRATIVE_DIR = RESOURCES / "narrative"
_PLACEHOLDER = re.compile(r"\{([a-z_]+:)?([A-Za-z0-9_.+/]+)\}")
_LEAD_PUNCT = "，；、,;：: "
_CONTEXT_WORDS = {"subject", "place", "as_of", "period", "span", "prev", "yoy_prev", "allowances"}
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 -> 一, 11 -> 十一, 20 -> 二十 (enough for the headings of one document)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def plain_number(value: Decimal | int, decimals: int = 0) -> str:
    """Figures in prose: no thousands separators and no needless decimals: 1032, 5.43, 5.4, 5."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{q:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_words(yuan: Decimal | None) -> str:
    """An amount in 元 as the seeds write it: 300元, 5万元, 6.95万元."""
    if yuan is None:
        return ""
    if yuan >= 10000:
        return f"{plain_number(yuan / 10000, 2)}万元"
    return f"{plain_number(yuan, 2)}元"


class NarrativeError(ValueError):
    """The wording file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Clause:
    text: str
    needs: tuple[str, ...]
    nonzero: tuple[str, ...] = ()
    prev: bool = False  # needs the previous quarter's figures (环比)
    yoy: bool = False  # needs the same period last year (同比)
    intro: bool = False  # a lead-in that is no sentence without a clause after it
    lead: str = ""  # the wording when this clause opens the sentence
    units: tuple[str, ...] = ()  # unit levels it is said of; empty: all


@dataclass(frozen=True)
class ListPattern:
    item: str
    sep: str
    items: tuple[tuple[str, str], ...]
    total: str | None = None
    skip_zero: bool = True
    missing: str = ""  # said after the list when some items are not filled in: "（{labels}未填）"


@dataclass(frozen=True)
class Subject:
    place: str
    subject: str
    name_contains: str = ""
    level: str = ""


Sentence = tuple[Clause, ...]


@dataclass(frozen=True)
class PointPattern:
    title: str  # "" = a plain paragraph
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class PartPattern:
    heading: str  # "" = no （一） heading
    points: tuple[PointPattern, ...]


@dataclass(frozen=True)
class SectionPattern:
    heading: str
    parts: tuple[PartPattern, ...]


@dataclass(frozen=True)
class Wording:
    periods: dict[str, str]
    subjects: tuple[Subject, ...]
    lists: dict[str, ListPattern]
    allowances: dict[str, str]
    outline: tuple[SectionPattern, ...]
    document: dict[str, str] = field(default_factory=dict)
    source: str = ""


def _codes_in(text: str) -> list[tuple[str, str]]:
    """(kind, argument) of every placeholder: ('', 'a.code'), ('share:', 'a/b') …"""
    return [(m.group(1) or "", m.group(2)) for m in _PLACEHOLDER.finditer(text)]


def _indicator_codes(kind: str, arg: str) -> list[str]:
    if kind in ("sum:", "share:"):
        return [c for c in re.split(r"[+/]", arg) if c]
    if kind in ("delta:", "yoy:") or (kind == "" and arg not in _CONTEXT_WORDS):
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
        missing = str(raw.get("missing", ""))
        if missing and "{labels}" not in missing:
            raise fail(f"列表 {name} 的 missing 须含 {{labels}}")
        lists[name] = ListPattern(str(raw["item"]), str(raw.get("sep", "，")), items, raw.get("total"), bool(raw.get("skip_zero", True)), missing)
    known: set[str] | None = None
    if template is not None:
        known = {i.code for i in template.indicators} | {r.code for r in template.ratios}
        for name, lp in lists.items():
            # An item "A|B+C" is A where the template has it, else B+C: one of them must be known.
            for item, _ in lp.items:
                choices = [alt.split("+") for alt in item.split("|")]
                if not any(all(c in known for c in codes) for codes in choices):
                    raise fail(f"列表 {name} 引用了未知指标 {item}")
            if lp.total and lp.total not in known:
                raise fail(f"列表 {name} 引用了未知指标 {lp.total}")

    def clause(raw: dict[str, Any]) -> Clause:
        text = str(raw["text"])
        lead = str(raw.get("lead", ""))
        needs = tuple(raw.get("needs", ()))
        for kind, arg in _codes_in(text + lead):
            if kind == "list:" and arg not in lists:
                raise fail(f"“{text}” 引用了未定义的列表 {arg}")
            if kind not in ("", "list:", "sum:", "share:", "delta:", "yoy:"):
                raise fail(f"“{text}” 中的 {{{kind}{arg}}} 无法识别")
            if kind == "delta:" and not raw.get("prev"):
                raise fail(f"“{text}” 用了 {{delta:…}}，须写 prev = true")
            if kind == "yoy:" and not raw.get("yoy"):
                raise fail(f"“{text}” 用了 {{yoy:…}}，须写 yoy = true")
            for code in _indicator_codes(kind, arg):
                if code not in needs:
                    raise fail(f"“{text}” 用到 {code}，但 needs 中没有列出它")
        for code in needs + tuple(raw.get("nonzero", ())):
            if known is not None and code not in known:
                raise fail(f"“{text}” 引用了未知指标 {code}")
        return Clause(text, needs, tuple(raw.get("nonzero", ())), bool(raw.get("prev", False)), bool(raw.get("yoy", False)), bool(raw.get("intro", False)), lead, tuple(raw.get("units", ())))

    def sentences(raw: dict[str, Any]) -> tuple[Sentence, ...]:
        return tuple(tuple(clause(c) for c in s.get("clauses", [])) for s in raw.get("sentences", []) if s.get("clauses"))

    outline = []
    for sec in data.get("outline", []):
        if not sec.get("heading"):
            raise fail("[[outline]] 的每一节都要有 heading")
        parts = []
        for part in sec.get("parts", []):
            points = tuple(PointPattern(str(pt.get("title", "")), sentences(pt)) for pt in part.get("points", []))
            parts.append(PartPattern(str(part.get("heading", "")), points))
        outline.append(SectionPattern(str(sec["heading"]), tuple(parts)))
    subjects = tuple(Subject(str(s["place"]), str(s["subject"]), str(s.get("name_contains", "")), str(s.get("level", ""))) for s in data.get("subjects", []))
    if not subjects:
        raise fail("没有 [[subjects]]")
    return Wording(dict(data.get("periods", {})), subjects, lists, dict(data.get("allowances", {})), tuple(outline), dict(data.get("document", {})), source)


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


# ---- the outline as data ---------------------------------------------------------------


@dataclass
class Point:
    title: str  # the short lead of a numbered point ("公开招聘"), set apart in the document
    text: str
    numbered: bool = True  # False: a plain paragraph

    @classmethod
    def paragraph(cls, text: str) -> Point:
        return cls("", text, numbered=False)


@dataclass
class Part:
    heading: str  # "" = no （一） heading
    points: list[Point] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    parts: list[Part] = field(default_factory=list)


@dataclass
class Outline:
    title: str = ""
    opening: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def text(self) -> str:
        """The outline as the text box holds it: "一、基本情况", "（一）招聘引进", "1、公开招聘。…"."""
        lines: list[str] = []
        for i, sec in enumerate(self.sections, start=1):
            lines.append(f"{chinese_number(i)}、{sec.heading}")
            n_part = 0
            for part in sec.parts:
                if part.heading:
                    n_part += 1
                    lines.append(f"（{chinese_number(n_part)}）{part.heading}")
                n_point = 0
                for pt in part.points:
                    if pt.numbered:
                        n_point += 1
                        lines.append(f"{n_point}、" + (f"{pt.title}。" if pt.title else "") + pt.text)
                    else:
                        lines.append(pt.text)
        return "\n".join(lines)


@dataclass
class Draft:
    text: str
    fingerprint: DraftFingerprint


_H1 = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(.+)$")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*(.+)$")
_POINT = re.compile(r"^(?:\d+[、.．]|[（(]\d+[）)])\s*(.+)$")
_SHORT_TITLE = 20


def parse_outline(text: str) -> list[Section]:
    """The clerk's kept text back into sections, parts and points, by its numbering: lines
    "一、…" start a section, "（一）…" a part, "1、…" a numbered point whose short first
    sentence is its title; other lines are paragraphs. Text before any heading opens a
    section without heading (rendered as plain paragraphs)."""
    sections: list[Section] = []

    def part() -> Part:
        if not sections:
            sections.append(Section(""))
        sec = sections[-1]
        if not sec.parts:
            sec.parts.append(Part(""))
        return sec.parts[-1]

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if m := _H1.match(line):
            sections.append(Section(m.group(1).rstrip("。")))
        elif m := _H2.match(line):
            if not sections:
                sections.append(Section(""))
            sections[-1].parts.append(Part(m.group(1).rstrip("。")))
        elif m := _POINT.match(line):
            part().points.append(numbered_point(m.group(1)))
        else:
            part().points.append(Point.paragraph(line))
    return sections


def numbered_items(text: str) -> list[str]:
    """A numbered text (存在问题: "1、…", "一是…", one per line) as its items, numbers removed."""
    items = []
    for raw in text.splitlines():
        line = raw.strip()
        if re.fullmatch(r"【[^】]*】", line):
            continue  # the name of the unit or quarter a gathered text came from
        line = re.sub(r"^(?:\d+[、.．)]|[（(]\d+[）)]|[一二三四五六七八九十]+[是、]|[（(][一二三四五六七八九十]+[）)])\s*", "", line)
        if line:
            items.append(line)
    return items


# ---- drafting ------------------------------------------------------------------------


class _Drafter:
    def __init__(
        self,
        wording: Wording,
        template: Template,
        data: ReturnData,
        previous: dict[str, Decimal] | None,
        last_year: dict[str, Decimal] | None,
        view: ReportView | None = None,
    ) -> None:
        self.w = wording
        self.tpl = template
        self.data = data
        self.values: dict[str, Decimal | None] = dict(data.values)
        self.values.update(compute_ratios(template, data.values))
        # Over a 汇总: ratios from the units that reported both sides, and how many reported each figure.
        self.rows: list[dict[str, Decimal]] = []
        # What each figure covers where not all (n/N units, a year's quarters): said after its clause.
        self.coverage: dict[str, str] = {}
        if view is not None:
            # The quarters a year has returns for are said once, in the opening (sources_some).
            present = [q.quarter or 0 for q in view.period.quarters() if str(q) not in data.missing_quarters] if view.is_annual else []
            said = {code: c.text(present).replace(" ", "") for code, c in view.coverage.items()}
            self.coverage = {code: text for code, text in said.items() if text}
        if view is not None and view.unit_rows:
            self.values.update(view.ratio_values())
            self.rows = [u.values for u in view.unit_rows]
        self.bases: list[str] = []  # the clause's shares over some units only: "按3个单位计算"
        self.period = Period.parse(data.period)
        self.previous = None if self.period.is_annual else previous
        self.last_year = last_year
        kind = "annual" if self.period.is_annual else "quarter"
        end = self.period.end()
        subj = subject_for(wording, data.unit)
        self.context = {
            "subject": subj.subject,
            "place": subj.place,
            "as_of": wording.periods.get(f"{kind}_as_of", "{year}年{month}月底").format(year=end.year, month=end.month),
            "period": self.period.label(),
            "span": wording.periods.get(f"{kind}_span", ""),
            "prev": wording.periods.get(f"{kind}_prev", ""),
            "yoy_prev": wording.periods.get(f"{kind}_yoy_prev", ""),
        }
        self.context["allowances"] = self._allowances(data.allowances)
        self.used: set[str] = set()  # the codes of the sentence being written

    def has(self, code: str) -> bool:
        return self.values.get(code) is not None

    def use(self, *codes: str) -> None:
        for code in codes:
            r = next((r for r in self.tpl.ratios if r.code == code), None)
            self.used.update((*r.numerator, *r.denominator) if r else (code,))

    def fmt(self, code: str) -> str:
        value = self.values[code]
        assert value is not None
        self.use(code)
        if self.tpl.has_indicator(code):
            return plain_number(value, self.tpl.indicator(code).decimals)
        return f"{value:.1f}"  # a computed ratio, in percent

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
            self.use(*codes)
            total = sum((self.values[c] or Decimal(0) for c in codes), Decimal(0))
            return plain_number(total, max(self.tpl.indicator(c).decimals for c in codes))
        if kind == "share:":
            num, _, den = arg.partition("/")
            pct = self._share(tuple(num.split("+")), tuple(den.split("+")))
            if pct is None:
                return None
            self.use(*num.split("+"), *den.split("+"))
            return f"{pct:.1f}"
        if kind == "delta:":
            return self._change(arg, self.previous)
        if kind == "yoy:":
            return self._change(arg, self.last_year)
        if kind == "list:":
            return self._list(self.w.lists[arg])
        return None

    def _share(self, num: tuple[str, ...], den: tuple[str, ...]) -> Decimal | None:
        """A share in percent; over a 汇总 only from the units that reported both sides."""
        figure = share_figure(self.data.values, self.rows or None, num, den)
        if figure.basis:
            self.bases.append(figure.basis)
        return figure.value

    def _change(self, code: str, base: dict[str, Decimal] | None) -> str | None:
        if not base or code not in base or not self.has(code):
            return None
        cur = self.values[code]
        assert cur is not None
        self.use(code)
        diff = cur - base[code]
        if diff == 0:
            return "持平"
        return f"{'增加' if diff > 0 else '减少'}{plain_number(abs(diff), self.tpl.indicator(code).decimals)}{self.unit_of(code)}"

    def _list(self, lp: ListPattern) -> str | None:
        parts, unfilled = [], []
        for item, label in lp.items:
            # "A|B+C": the first choice whose codes are all filled in (高级职称 typed, or 正高+副高).
            choices = [tuple(alt.split("+")) for alt in item.split("|")]
            codes = next((cs for cs in choices if all(c in self.data.values for c in cs)), None)
            if codes is None:
                unfilled.append(label)  # not known: left out, and said so (blank is not 0)
                continue
            value = sum((self.data.values[c] for c in codes), Decimal(0))
            if lp.skip_zero and value == 0:
                continue
            fields = {"label": label, "value": plain_number(value, self.tpl.indicator(codes[0]).decimals)}
            if "{share}" in lp.item:
                assert lp.total is not None
                pct = self._share(codes, (lp.total,))
                if pct is None:
                    return None
                fields["share"] = f"{pct:.1f}"
                self.use(lp.total)
            self.use(*codes)
            parts.append(lp.item.format(**fields))
        if not parts:
            return None
        said = lp.sep.join(parts)
        return said + lp.missing.format(labels="、".join(unfilled)) if unfilled and lp.missing else said

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
                    persons=plain_number(a.persons),
                    standard=money_words(a.monthly_standard),
                    one_off=money_words(a.one_off),
                )
            )
        if not texts:
            return ""
        text = w.get("sep", "；").join(texts)
        amounts = [a.amount for a in rows if a.amount is not None]
        if amounts and len(amounts) == len(rows):
            text += w.get("total", "").format(span=self.context["span"], amount=money_words(sum(amounts, Decimal(0))))
        return text

    def clause(self, c: Clause, leading: bool = False) -> str | None:
        if c.units and self.data.unit.level not in c.units:
            return None
        if not all(self.has(code) for code in c.needs):
            return None
        if any((self.values.get(code) or 0) == 0 for code in c.nonzero):
            return None
        if (c.prev and not self.previous) or (c.yoy and not self.last_year):
            return None
        before = set(self.used)
        self.bases = []
        text = c.lead if leading and c.lead else c.text
        out: list[str] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            value = self.placeholder(m.group(1) or "", m.group(2))
            if value is None:
                self.used = before
                return None
            out += [text[pos : m.start()], value]
            pos = m.end()
        out.append(text[pos:])
        self.use(*c.needs)
        # "女性52人，占5.8%（5/7个单位填报，占比按5个单位计算）"; a year's flow "（第1–3季度）".
        notes = list(dict.fromkeys([*(self.coverage[code] for code in c.needs if code in self.coverage), *(f"占比{b}" for b in self.bases)]))
        if notes:
            out.append(f"（{'，'.join(notes)}）")
        return "".join(out)

    def sentence(self, clauses: Sentence) -> str | None:
        """The clauses that can be said; the first one said opens the sentence (in its lead wording)."""
        out: list[str] = []
        for i, c in enumerate(clauses):
            text = self.clause(c, leading=not out and i > 0)
            if text is None:
                if i == 0 and c.intro:
                    return None
                continue
            out.append(text)
        if not out or (clauses[0].intro and len(out) == 1):
            return None
        if clauses[0].intro:
            out[1] = "，" + out[1].lstrip(_LEAD_PUNCT)  # "在专业技术人员中；按职称分" reads "，按职称分"
        return (out[0].lstrip(_LEAD_PUNCT) + "".join(out[1:])).rstrip("，；。、：") + "。"

    def draft(self) -> tuple[Outline, list[tuple[str, tuple[str, ...]]]]:
        outline = Outline()
        said: list[tuple[str, tuple[str, ...]]] = []
        for sp in self.w.outline:
            sec = Section(sp.heading)
            for pp in sp.parts:
                part = Part(pp.heading)
                for pt in pp.points:
                    texts = []
                    for sent in pt.sentences:
                        self.used = set()
                        text = self.sentence(sent)
                        if text:
                            texts.append(text)
                            said.append((text, tuple(sorted(self.used))))
                    if texts:
                        part.points.append(Point(pt.title, "".join(texts), numbered=bool(pt.title)))
                if part.points:
                    sec.parts.append(part)
            if sec.parts:
                outline.sections.append(sec)
        return outline, said


def draft(
    template: Template, data: ReturnData, previous: dict[str, Decimal] | None = None, last_year: dict[str, Decimal] | None = None, wording: Wording | None = None
) -> Draft:
    """The outline of 一、基本情况 and 二、主要工作及成效 from the figures of ``data``, and the
    fingerprint of the figures each sentence used. ``previous`` is the previous quarter's
    figures (环比, "较上季度增加8人"), ``last_year`` the same period a year before (同比)."""
    outline, said = _Drafter(wording or load_wording(), template, data, previous, last_year).draft()
    codes = sorted({c for _, used in said for c in used})
    fp = DraftFingerprint({c: fingerprint_value(data.values.get(c)) for c in codes}, tuple(said))
    return Draft(outline.text(), fp)


def draft_narrative(
    template: Template, data: ReturnData, previous: dict[str, Decimal] | None = None, last_year: dict[str, Decimal] | None = None, wording: Wording | None = None
) -> str:
    """The drafted outline's text (see ``draft``); "" when no figure can be said."""
    return draft(template, data, previous, last_year, wording).text


def document_outline(view: ReportView, wording: Wording | None = None) -> Outline:
    """The whole 工作总结 for the Word document: title, opening, the clerk's kept 主要做法与成效
    (or, when there is none, a fresh draft), then 存在的问题 and 下步打算 from the clerk's texts."""
    w = wording or load_wording()
    data = view.data
    period = view.period
    kind = "annual" if period.is_annual else "quarter"
    place = subject_for(w, data.unit).place
    doc = w.document
    outline = Outline(title=doc.get(f"title_{kind}", "{unit}{period}卫生人才工作情况").format(unit=data.unit.name, period=period.label()))
    outline.opening.append(doc.get(f"opening_{kind}", "").format(period=period.label(), place=place))
    if period.is_annual:
        have = [q for q in period.quarters() if str(q) not in data.missing_quarters]
        named = "、".join(f"第{q.quarter}季度" for q in have)
        if data.missing_quarters:
            missing = "、".join(f"第{Period.parse(q).quarter}季度" for q in data.missing_quarters)
            outline.opening.append(doc.get("sources_some", "").format(quarters=named, missing=missing))
        else:
            outline.opening.append(doc.get("sources_all", "").format(quarters=named))
    outline.opening = [t for t in outline.opening if t]
    # A 汇总 or the year gathers its sources' texts under their names: its outline is drafted afresh.
    draft_code = view.template.draft_text or ""
    kept = data.texts.get(draft_code, "").strip() if data.scope == "own" and not period.is_annual else ""
    kept_sections = parse_outline(kept) if kept else []
    if kept_sections and kept_sections[0].heading:
        outline.sections = kept_sections  # the drafted outline as the clerk kept and edited it
    else:
        drafted, _ = _Drafter(w, view.template, data, view.previous, view.last_year, view).draft()
        outline.sections = drafted.sections
        if kept_sections:
            # The clerk's own prose (no 一、 headings): after the drafted work, under 主要工作及成效.
            prose = Part(doc.get("other_work", "其他工作"), [pt for part in kept_sections[0].parts for pt in part.points])
            if outline.sections and outline.sections[-1].heading == w.outline[-1].heading:
                outline.sections[-1].parts.append(prose)
            else:
                outline.sections.append(Section(w.outline[-1].heading if w.outline else "主要工作及成效", [prose]))
    for key, code in view.template.outline_texts:
        items = numbered_items(data.texts.get(code, ""))
        if items:
            outline.sections.append(Section(doc.get(key, key), [Part("", [numbered_point(item) for item in items])]))
    return outline


def numbered_point(body: str) -> Point:
    """A "1、" point: its first sentence is its title when short ("高层次人才缺乏。…")."""
    title, dot, rest = body.partition("。")
    if dot and len(title) <= _SHORT_TITLE:
        return Point(title, rest)
    return Point("", body)
