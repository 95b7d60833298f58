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

The wording as data: formats.narrative_wording; the outline and prose numbers:
formats.narrative_outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from formats.narrative_outline import (
    Outline,
    Part,
    Point,
    Section,
    chinese_number,
    money_words,
    numbered_items,
    numbered_point,
    parse_outline,
    plain_number,
)
from formats.narrative_wording import (
    NARRATIVE_DIR,
    PLACEHOLDER,
    Clause,
    ListPattern,
    NarrativeError,
    Sentence,
    Wording,
    load_wording,
    parse_wording,
    subject_for,
)
from models.checks import compute_ratios
from models.data import Allowance, ReturnData
from models.periods import Period
from models.report import DraftFingerprint, fingerprint_value, share_figure
from models.template import Template

if TYPE_CHECKING:
    from models.report import ReportView

__all__ = [
    "NARRATIVE_DIR",
    "Draft",
    "NarrativeError",
    "Outline",
    "chinese_number",
    "document_outline",
    "draft",
    "draft_narrative",
    "load_wording",
    "parse_wording",
    "plain_number",
]

_LEAD_PUNCT = "，；、,;：: "


@dataclass
class Draft:
    text: str
    fingerprint: DraftFingerprint


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
        for m in PLACEHOLDER.finditer(text):
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
    template: Template,
    data: ReturnData,
    previous: dict[str, Decimal] | None = None,
    last_year: dict[str, Decimal] | None = None,
    wording: Wording | None = None,
) -> Draft:
    """The outline of 一、基本情况 and 二、主要工作及成效 from the figures of ``data``, and the
    fingerprint of the figures each sentence used. ``previous`` is the previous quarter's
    figures (环比, "较上季度增加8人"), ``last_year`` the same period a year before (同比)."""
    outline, said = _Drafter(wording or load_wording(), template, data, previous, last_year).draft()
    codes = sorted({c for _, used in said for c in used})
    fp = DraftFingerprint({c: fingerprint_value(data.values.get(c)) for c in codes}, tuple(said))
    return Draft(outline.text(), fp)


def draft_narrative(
    template: Template,
    data: ReturnData,
    previous: dict[str, Decimal] | None = None,
    last_year: dict[str, Decimal] | None = None,
    wording: Wording | None = None,
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
