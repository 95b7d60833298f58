"""The wording of the drafted 工作总结: the shipped file refers only to template codes, a
placeholder its clause does not declare is refused, a unit is spoken of as its kind."""

from __future__ import annotations

import tomllib

import pytest

from formats.narrative_wording import (
    NARRATIVE_DIR,
    NarrativeError,
    load_wording,
    parse_wording,
    subject_for,
)
from models.data import UnitInfo
from models.template import Template


def test_shipped_wording_refers_only_to_template_codes(template: Template) -> None:
    with (NARRATIVE_DIR / "zh.toml").open("rb") as f:
        parse_wording(tomllib.load(f), "zh.toml", template)
    assert load_wording() is load_wording()


def test_a_placeholder_missing_from_needs_is_refused(template: Template) -> None:
    bad = {
        "subjects": [{"level": "county", "place": "我县", "subject": "我县"}],
        "outline": [{"heading": "基本情况", "parts": [{"points": [{"sentences": [{"clauses": [{"needs": [], "text": "共{staff.total}人"}]}]}]}]}],
    }
    with pytest.raises(NarrativeError, match="用到 staff.total，但 needs 中没有列出它"):
        parse_wording(bad, "bad.toml", template)
    unknown = {
        "subjects": bad["subjects"],
        "outline": [{"heading": "基本情况", "parts": [{"points": [{"sentences": [{"clauses": [{"needs": ["staff.nope"], "text": "{staff.nope}"}]}]}]}]}],
    }
    with pytest.raises(NarrativeError, match="未知指标 staff.nope"):
        parse_wording(unknown, "bad.toml", template)


@pytest.mark.parametrize(
    ("unit", "place"),
    [
        (UnitInfo("T", "城关镇卫生院", "township"), "我院"),
        (UnitInfo("C", "某市卫生健康局", "county"), "我市"),
        (UnitInfo("O", "某县疾病预防控制中心", "other"), "我单位"),
    ],
)
def test_a_unit_is_spoken_of_as_its_kind(unit: UnitInfo, place: str) -> None:
    assert subject_for(load_wording(), unit).place == place
