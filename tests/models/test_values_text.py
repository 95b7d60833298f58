"""Text that cannot travel is stopped at the door (issue 12, part 7): the bounds on names,
codes and texts in models/values.py, and messages that quote at most a few dozen characters."""

from __future__ import annotations

import pytest

from models.data import Allowance, Member, Signatories, UnitInfo
from models.values import MAX_NAME, ValueProblem, credit_code_problem, figure_input, name_problem, quote, sanitize_return, unit_problems
from tests.factories import make_return

TOWNSHIP = UnitInfo("X1", "测试卫生院")


def test_quote_is_short_and_printable() -> None:
    assert quote("城关镇卫生院") == "城关镇卫生院"
    long = quote("9" * 1_000_000)
    assert long == "9" * 30 + "…（共 1,000,000 个字符）"
    assert quote("a\nb\ud800c\uffff") == "a\\u000Ab\\uD800c\\uFFFF"
    quote("\ud800" * 100).encode("utf-8")  # a message must print: no lone surrogate survives
    assert quote(["a", "b"]) == "['a', 'b']"
    assert quote("x" * 50, limit=10) == "x" * 10 + "…（共 50 个字符）"


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("", True),
        ("91530000MA6K1234XY", True),
        ("12530000431234567K", True),
        ("91530000MA6K1234X", False),  # 17
        ("91530000MA6K1234XYZ", False),  # 19
        ("91530000ma6k1234xy", False),  # lower case
        ("91530000MA6K1234XI", False),  # I is not in GB 32100
        ("91530000MA6K1234XO", False),
        ("91530000MA6K1234XS", False),
        ("91530000MA6K1234XV", False),
        ("91530000MA6K1234XZ", False),
        ("９１530000MA6K1234XY", False),  # full-width digits
    ],
)
def test_credit_code_is_18_characters_of_the_gb_32100_alphabet(code: str, ok: bool) -> None:
    problem = credit_code_problem(code)
    assert (problem is None) == ok
    if problem:
        assert "统一社会信用代码" in problem and "18 位" in problem


@pytest.mark.parametrize(
    "name", ["城关镇\n卫生院", "城关镇\r卫生院", "城关\t镇", "城关\x1b[2J镇", "城关\u2028镇", "城关\x85镇", "城关\ud800镇", "城关\uffff镇"]
)
def test_names_cannot_hold_line_breaks_or_controls(name: str) -> None:
    problem = name_problem(name)
    assert problem is not None and "换行符" in problem
    problem.encode("utf-8")


def test_name_bounds() -> None:
    assert name_problem("院" * MAX_NAME) is None
    assert "太长（201 个字，最多 200 个字）" in (name_problem("院" * (MAX_NAME + 1)) or "")
    assert name_problem("  ") == "单位名称不能为空"
    assert len(name_problem("院" * 1_000_000) or "") < 200


def test_unit_problems_name_every_part() -> None:
    problems = unit_problems("../x", "a\nb", "123", "bad/parent")
    assert len(problems) == 4
    assert problems[0].startswith("单位代码 “../x” 不合规")
    assert "换行符" in problems[1] and "统一社会信用代码" in problems[2] and problems[3].startswith("上级单位代码")
    assert unit_problems("X1", "某卫生院") == []
    assert unit_problems("", "", required=False) == []


def test_figure_input_keeps_the_message_short() -> None:
    with pytest.raises(ValueProblem) as exc:
        figure_input("1" * 1_000_000, "在岗职工总数")
    assert len(str(exc.value)) < 120
    with pytest.raises(ValueProblem, match="不是数字"):
        figure_input(["1"], "在岗职工总数")
    assert figure_input(" 12 ", "x") == " 12 " and figure_input(None, "x") is None


def test_sanitize_removes_what_xml_cannot_hold_from_narrative_text(template) -> None:
    data = make_return(
        template,
        unit=TOWNSHIP,
        texts={"text.plans": "1、计划\uffff\ufffe\ud800完成"},
        explanations={"warn.x": "说明\x01"},
        signatories=Signatories("李\ud800明"),
    )
    notes, problems = sanitize_return(data)
    assert problems == [] and notes == ["文字中有不可见的控制字符或文字方向控制符，已删除"]
    assert data.texts["text.plans"] == "1、计划完成" and data.explanations["warn.x"] == "说明" and data.signatories.unit_head == "李明"


def test_sanitize_refuses_bad_identity_and_members(template) -> None:
    data = make_return(
        template,
        unit=UnitInfo("X1", "测试\n卫生院", credit_code="X"),
        members=[Member("../evil", "某乡", "included"), Member("T2", "第二\n乡", "included"), Member("T3", "第三乡", "bogus")],
        allowances=[Allowance("名" * 201)],
        signatories=Signatories(filled_by="张" * 101),
    )
    _, problems = sanitize_return(data)
    joined = "\n".join(problems)
    assert "单位名称 “测试\\u000A卫生院” 含有换行符或控制字符" in joined
    assert "统一社会信用代码 “X” 不合规" in joined
    assert "members 第 1 项（../evil）：单位代码 “../evil” 不合规" in joined
    assert "members 第 2 项（T2）：单位名称" in joined
    assert "members 第 3 项（T3）：state “bogus” 应为 included/missing/returned 之一" in joined
    assert "名称太长（201 个字，最多 200 个字）" in joined and "填表人太长（101 个字，最多 100 个字）" in joined
    assert all(len(p) < 300 for p in problems)
