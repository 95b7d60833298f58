from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from models.paths import TEMPLATE_DIR
from models.template import Template, TemplateError, parse_template

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain.md"


def raw_template() -> dict:
    with (TEMPLATE_DIR / "hrh-quarterly-v1.toml").open("rb") as f:
        return tomllib.load(f)


def raw_section(data: dict, key: str) -> dict:
    """A section of the template file, as read from TOML, by its key."""
    return next(s for s in data["sections"] if s["key"] == key)


def raw_indicator(data: dict, code: str) -> dict:
    """An indicator of the template file, as read from TOML, by its code."""
    return next(i for s in data["sections"] for i in s["indicators"] if i["code"] == code)


def test_template_has_every_indicator_of_the_domain(template: Template) -> None:
    codes = {i.code for i in template.indicators}
    assert len(codes) == 70
    for expected in ["staff.total", "staff.prof.title.senior_assoc", "recruit.hired.edu.college", "train.cme.completed", "incent.funding", "incent.leaders"]:
        assert expected in codes
    assert template.indicator("incent.funding").type == "decimal"
    assert template.indicator("incent.funding").decimals == 2
    assert template.indicator("incent.leaders").kind == "stock"
    assert template.indicator("recruit.posts").kind == "flow"
    assert [s.key for s in template.sections] == ["staff", "recruit", "train", "incent", "text"]
    assert set(template.text_codes()) == {
        "text.highlights", "text.problems", "text.plans", "text.suggestions",
        "text.note.staff", "text.note.recruit", "text.note.train", "text.note.incent",
    }


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/domain.md is beside the repository only in the workplace")
def test_template_codes_match_domain_md(template: Template) -> None:
    text = DOMAIN.read_text(encoding="utf-8")
    domain_codes = set(re.findall(r"^\| ((?:staff|recruit|train|incent)\.[a-z0-9_.]+) \|", text, re.M))
    for pattern in re.findall(r"^\| ((?:recruit)\.[a-z.]+\.edu)\.\{([a-z,]+)\} \|", text, re.M):
        domain_codes |= {f"{pattern[0]}.{x}" for x in pattern[1].split(",")}
    assert domain_codes == {i.code for i in template.indicators}


def test_rejects_rule_naming_unknown_code() -> None:
    data = raw_template()
    data["orders"][0]["lesser"] = "staff.nonexistent"
    with pytest.raises(TemplateError, match="未知指标代码 “staff.nonexistent”"):
        parse_template(data, "bad.toml")


def test_rejects_duplicate_code() -> None:
    data = raw_template()
    raw_section(data, "recruit")["indicators"].append(dict(raw_indicator(data, "staff.total")))
    with pytest.raises(TemplateError, match="代码 “staff.total” 重复"):
        parse_template(data, "bad.toml")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: raw_indicator(d, "staff.total").update(kind="both"), "kind 必须是 stock 或 flow"),
        (lambda d: raw_indicator(d, "staff.total").pop("unit"), "缺少字段 “unit”"),
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


def test_adding_an_indicator_is_a_template_edit() -> None:
    data = raw_template()
    data["version"] = 2
    raw_section(data, "train")["indicators"].append(
        {"code": "train.online", "label": "网络培训", "unit": "人次", "kind": "flow", "type": "int"}
    )
    tpl = parse_template(data, "v2.toml")
    assert tpl.version == 2
    assert tpl.indicator("train.online").section == "train"


def test_every_indicator_has_a_documented_maximum(template: Template) -> None:
    from decimal import Decimal

    by_unit = {i.unit: i.maximum for i in template.indicators}
    assert by_unit == {u: Decimal("99999999.99") if u == "万元" else Decimal(9999999) for u in by_unit}
    assert template.limits.maximum("元") == Decimal("99999999.99")  # the allowance columns
    assert template.indicator("incent.funding").consolidated_maximum == Decimal("999999999900.00")
    # An indicator may set its own maximum.
    data = raw_template()
    raw_indicator(data, "staff.total")["max"] = 50000
    assert parse_template(data, "own-max").indicator("staff.total").maximum == Decimal(50000)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["limits"]["max"].update({"default": "很多"}), "limits.max.default “很多” 不是数字"),
        (lambda d: d["limits"]["max"].update({"万元": 1.5}), "应写成整数或带引号的数字"),
        (lambda d: d["limits"]["max"].update({"人": "-1"}), "必须是正数"),
        (lambda d: d["limits"].update({"consolidated_factor": 0}), "consolidated_factor 必须是正整数"),
        (lambda d: raw_indicator(d, "staff.total").update({"max": "10.5"}), "staff.total 的上限 10.5 多于 0 位小数"),
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
    assert [tpl.indicator(c).row_code for c in ("staff.total", "staff.female", "staff.admin")] == ["01", "02", "03"]
    assert tpl.indicator("recruit.posts").row_code == "01"  # numbered per table: the first row of 招聘
    raw = raw_template()
    raw_indicator(raw, "staff.female")["row_code"] = "2a"
    assert parse_template(raw).indicator("staff.female").row_code == "2a"
    raw_indicator(raw, "staff.female")["row_code"] = "03"  # staff.admin's own position
    with pytest.raises(TemplateError, match="的行代码都是 “03”"):
        parse_template(raw)


def test_headings_stand_above_the_first_part_of_their_breakdown() -> None:
    tpl = parse_template(raw_template())
    with_heading = [b for b in tpl.breakdowns if b.heading]
    assert with_heading
    b = with_heading[0]
    section = tpl.section(tpl.indicator(b.total).section)
    rows = list(tpl.rows(section))
    at = rows.index(tpl.indicator(b.parts[0]))
    assert rows[at - 1].label == b.heading and rows[at - 1].breakdown == b.id
    assert len(rows) == len(section.indicators) + sum(1 for h in with_heading if tpl.indicator(h.total).section == section.key)


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


def test_particulars_print_in_the_official_order() -> None:
    raw = raw_template()
    raw["particulars"] = {"issuer": "示范省卫生健康委员会", "approver_kind": "备案机关", "approver": "示范省统计局", "approval_number": "卫统字〔2024〕8号"}
    lines = parse_template(raw).particulars.lines("卫人才季1表-1")
    assert lines == [
        ("表\u3000\u3000号", "卫人才季1表-1"),
        ("制定机关", "示范省卫生健康委员会"),
        ("备案机关", "示范省统计局"),
        ("批准文号", "卫统字〔2024〕8号"),
        ("有效期至", ""),  # blank when not given
    ]
