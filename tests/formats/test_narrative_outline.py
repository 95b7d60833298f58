"""The 工作总结 as an outline: its text with 一、（一）1、 numbering, the clerk's kept text read
back by that numbering, numbered items, and numbers as prose writes them."""

from __future__ import annotations

from decimal import Decimal

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


def test_numbers_as_prose_writes_them() -> None:
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert plain_number(Decimal("1032")) == "1032"
    assert plain_number(Decimal("5.430"), 2) == "5.43"
    assert plain_number(Decimal("5.00"), 2) == "5"
    assert plain_number(Decimal("0.05"), 1) == "0.1"  # half up, as the seeds round
    assert money_words(None) == ""
    assert money_words(Decimal(300)) == "300元"
    assert money_words(Decimal(50000)) == "5万元"
    assert money_words(Decimal(69500)) == "6.95万元"


def test_an_outline_reads_back_from_its_own_text() -> None:
    outline = Outline(
        sections=[
            Section("基本情况", [Part("", [Point.paragraph("截至2024年12月底，我县共有在岗职工788人。")])]),
            Section(
                "主要工作及成效",
                [Part("招聘引进", [Point("公开招聘", "计划招聘12个岗位。"), Point("", "引进急需紧缺人才3人，其中高层次人才1人，均已到岗并签订服务协议。")])],
            ),
        ]
    )
    text = outline.text()
    assert text.splitlines() == [
        "一、基本情况",
        "截至2024年12月底，我县共有在岗职工788人。",
        "二、主要工作及成效",
        "（一）招聘引进",
        "1、公开招聘。计划招聘12个岗位。",
        "2、引进急需紧缺人才3人，其中高层次人才1人，均已到岗并签订服务协议。",
    ]
    assert parse_outline(text) == outline.sections


def test_text_before_any_heading_opens_a_section_without_one() -> None:
    sections = parse_outline("我们做了很多工作。\n\n1、人员紧缺。")
    assert [s.heading for s in sections] == [""]
    assert sections[0].parts[0].points == [Point.paragraph("我们做了很多工作。"), Point("人员紧缺", "")]


def test_numbered_items_lose_their_numbers_and_the_names_of_their_sources() -> None:
    text = "【城关镇卫生院】\n1、人员紧缺。\n（2）待遇偏低\n一是编制不足\n\n（三）培训少"
    assert numbered_items(text) == ["人员紧缺。", "待遇偏低", "编制不足", "培训少"]


def test_a_short_first_sentence_is_a_points_title() -> None:
    assert numbered_point("高层次人才缺乏。引进难度大。") == Point("高层次人才缺乏", "引进难度大。")
    long_first = "由于地处偏远、交通不便、待遇偏低等多方面原因，人才引进难。"
    assert numbered_point(long_first) == Point("", long_first)
