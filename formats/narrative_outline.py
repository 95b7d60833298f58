"""The 工作总结 as an outline: 一、 sections of （一） parts of 1、 points, as the text box holds it
and as the Word document lays it out; the clerk's kept text read back into it by its
numbering; numbers as prose writes them (一, 1032, 5.43万元)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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


def numbered_point(body: str) -> Point:
    """A "1、" point: its first sentence is its title when short ("高层次人才缺乏。…")."""
    title, dot, rest = body.partition("。")
    if dot and len(title) <= _SHORT_TITLE:
        return Point(title, rest)
    return Point("", body)
