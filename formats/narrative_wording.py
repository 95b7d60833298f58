"""The wording of the drafted 工作总结 (resources/narrative/zh.toml) as data: sections of parts
of points of sentences of clauses, each clause naming the indicator codes it needs; read,
checked against its placeholders (NarrativeError otherwise) and the subject a unit is
spoken of as. Drafting from it: formats.narrative."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from models.data import UnitInfo
from models.paths import RESOURCES
from models.template import Template

NARRATIVE_DIR = RESOURCES / "narrative"
PLACEHOLDER = re.compile(r"\{([a-z_]+:)?([A-Za-z0-9_.+/]+)\}")
_CONTEXT_WORDS = {"subject", "place", "as_of", "period", "span", "prev", "yoy_prev", "allowances"}


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
    return [(m.group(1) or "", m.group(2)) for m in PLACEHOLDER.finditer(text)]


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
        return Clause(
            text,
            needs,
            tuple(raw.get("nonzero", ())),
            bool(raw.get("prev", False)),
            bool(raw.get("yoy", False)),
            bool(raw.get("intro", False)),
            lead,
            tuple(raw.get("units", ())),
        )

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
