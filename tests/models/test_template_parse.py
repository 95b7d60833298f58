"""Reading a template from TOML: every broken declaration refused with a message naming it."""

from __future__ import annotations

import re

import pytest

from models.template import TemplateError, parse_template
from tests.models.test_template import raw_template


def test_rejects_rule_naming_unknown_code() -> None:
    data = raw_template()
    data["orders"][0]["lesser"] = "staff.nonexistent"
    with pytest.raises(TemplateError, match="未知指标代码 “staff.nonexistent”"):
        parse_template(data, "bad.toml")


def test_rejects_duplicate_code() -> None:
    data = raw_template()
    data["sections"][1]["indicators"].append(dict(data["sections"][0]["indicators"][0]))
    with pytest.raises(TemplateError, match="代码 “staff.total” 重复"):
        parse_template(data, "bad.toml")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["sections"][0]["indicators"][0].update(kind="both"), "kind 必须是 stock 或 flow"),
        (lambda d: d["sections"][0]["indicators"][0].pop("unit"), "缺少字段 “unit”"),
        (lambda d: d["orders"][0].update(severity="fatal"), "severity 必须是 error 或 warning"),
        (lambda d: d["breakdowns"][1].update(id=d["breakdowns"][0]["id"]), "规则编号 .* 重复"),
        (lambda d: d["ratios"][0].update(denominator=["nope"]), "未知指标代码 “nope”"),
        (lambda d: d.update(version=0), "version 必须是正整数"),
    ],
)
def test_rejects_broken_templates(mutate, message: str) -> None:
    data = raw_template()
    mutate(data)
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "bad.toml")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["limits"]["max"].update({"default": "很多"}), "limits.max.default “很多” 不是数字"),
        (lambda d: d["limits"]["max"].update({"万元": 1.5}), "应写成整数或带引号的数字"),
        (lambda d: d["limits"]["max"].update({"人": "-1"}), "必须是正数"),
        (lambda d: d["limits"].update({"consolidated_factor": 0}), "consolidated_factor 必须是正整数"),
        (lambda d: d["sections"][0]["indicators"][0].update({"max": "10.5"}), "staff.total 的上限 10.5 多于 0 位小数"),
        # 10,000 times this no longer fits the 15 digits an Excel number holds exactly.
        (lambda d: d["limits"]["max"].update({"万元": "9999999999.99"}), "超过 15 位有效数字"),
    ],
)
def test_rejects_broken_limits(mutate, message: str) -> None:
    data = raw_template()
    mutate(data)
    with pytest.raises(TemplateError, match=re.escape(message)):
        parse_template(data, "bad")


# ---- the official form's layout: row codes, 按…分 headings, particulars, what the PDF draws ----
def test_row_codes_are_positions_unless_given_and_unique_per_table() -> None:
    tpl = parse_template(raw_template())
    staff = tpl.sections[0]
    assert [i.row_code for i in staff.indicators[:3]] == ["01", "02", "03"]
    assert tpl.sections[1].indicators[0].row_code == "01"  # numbered per table
    raw = raw_template()
    raw["sections"][0]["indicators"][1]["row_code"] = "2a"
    assert parse_template(raw).indicator(raw["sections"][0]["indicators"][1]["code"]).row_code == "2a"
    raw["sections"][0]["indicators"][1]["row_code"] = "03"  # the third row's own position
    with pytest.raises(TemplateError, match="的行代码都是 “03”"):
        parse_template(raw)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["summary"].update(charts=["sum.nothing"]), "summary.charts 引用了未知分组规则 “sum.nothing”"),
        (lambda d: d["summary"]["funnel"].update(rate="ratio.nothing"), "summary.funnel.rate 引用了未知比率"),
        (lambda d: d["narrative"].update(draft="text.nothing"), "narrative.draft 引用了未知文字项"),
        (lambda d: d["particulars"].update(approver_kind="审批机关"), "approver_kind 应为 “批准机关” 或 “备案机关”"),
        (lambda d: d["breakdowns"][0].update(heading=3), "的 heading 应为文字"),
    ],
)
def test_rejects_broken_layout_declarations(mutate, message: str) -> None:
    raw = raw_template()
    mutate(raw)
    with pytest.raises(TemplateError, match=re.escape(message)):
        parse_template(raw)
