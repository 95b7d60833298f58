"""The one number parser: unambiguous forms only, every refusal names the field and quotes the value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.template import Template
from models.values import (
    QUOTE_LIMIT,
    ValueProblem,
    count_limit,
    format_value,
    money_limit,
    parse_count,
    parse_money,
    parse_number,
    parse_value,
    quote,
)

MONEY = Decimal("99999999.99")
COUNT = Decimal(9999999)


def money(raw: object) -> Decimal | None:
    return parse_number(raw, "人才工作经费投入", integer=False, decimals=2, maximum=MONEY)


def count(raw: object) -> Decimal | None:
    return parse_number(raw, "在岗职工总数", integer=True, decimals=0, maximum=COUNT)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1922", Decimal(1922)),
        (" 1922 ", Decimal(1922)),
        ("\t1922\u3000", Decimal(1922)),  # an ideographic space around is whitespace too
        ("1,922", Decimal(1922)),
        ("1,234,567", Decimal(1234567)),
        ("1，234", Decimal(1234)),  # the full-width comma groups as well
        ("1,234，567", Decimal(1234567)),
        ("１９２２", Decimal(1922)),  # full-width digits
        ("0", Decimal(0)),
        ("007", Decimal(7)),
        ("12.0", Decimal(12)),  # a whole number written with a point
        (1922, Decimal(1922)),
        (1922.0, Decimal(1922)),  # an Excel number cell
        (Decimal(1922), Decimal(1922)),
        (9999999, Decimal(9999999)),  # the documented maximum itself
        ("9,999,999", Decimal(9999999)),
    ],
)
def test_counts_accepted(raw: object, expected: Decimal) -> None:
    assert count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", Decimal("12.50")),
        ("12.50", Decimal("12.50")),
        ("１２．５", Decimal("12.50")),  # full-width digits and full-width point
        ("1,234.56", Decimal("1234.56")),
        ("1，234．56", Decimal("1234.56")),
        (".5", Decimal("0.50")),
        ("5.", Decimal("5.00")),  # half typed: still 5
        ("12.500", Decimal("12.50")),  # trailing zeros change nothing
        (12.3, Decimal("12.30")),  # an Excel double is read as the decimal it shows
        (0.1, Decimal("0.10")),
        (98765432.1, Decimal("98765432.10")),
        (-0.0, Decimal("0.00")),  # a spreadsheet's negative zero is zero
        ("99,999,999.99", MONEY),
    ],
)
def test_amounts_accepted(raw: object, expected: Decimal) -> None:
    value = money(raw)
    assert value == expected and value is not None and value.as_tuple().exponent == -2 and not value.is_signed()


@pytest.mark.parametrize("raw", [None, "", "   ", "/", "／", "-", "—", " / "])
def test_blank_marks_are_blank(raw: object) -> None:
    assert money(raw) is None and count(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "12，5",  # an IME comma typed for 12.5 (was stored as 125)
        "1,2",  # (was 12)
        "12,34",  # not grouped by threes
        "1,23,456",  # Indian grouping
        "1234,567",  # a first group of more than three
        "0,123",
        ",123",
        "1,234,",
        "1_0",  # Python's int() reads 10
        "1__000",
        "1e3",  # exponents
        "1E3",
        "+5",  # a leading plus
        "1 234",  # spaces inside
        "1\u00a0234",  # a no-break space as separator
        "12 .5",
        "NaN",
        "nan",
        "Infinity",
        "inf",
        "٣",  # Arabic-Indic three
        "१२",  # Devanagari
        "৩",  # Bengali
        "1.2.3",
        ".",
        "..5",
        "12。5",  # the ideographic full stop is not a decimal point
        "0x10",
        "十二",
        "很多",
        "12a",
        "1'234",
        "(5)",
        "5-",
    ],
)
def test_ambiguous_or_foreign_forms_are_refused(raw: str) -> None:
    with pytest.raises(ValueProblem) as exc:
        money(raw)
    message = str(exc.value)
    assert message.startswith("人才工作经费投入：")
    assert f"“{quote(raw)}” 不是数字" in message
    assert "没有填 0，不确定填 /" in message


@pytest.mark.parametrize("raw", ["-5", "－5", "−5", "-1,234.5", -1, -0.5, Decimal(-3)])
def test_negative_is_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match="人才工作经费投入：不能为负数"):
        money(raw)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("10000000", "10000000"),
        (10000000, "10000000"),
        (10_000_000.0, "10000000.0"),
        ("1,234,567,890", "1,234,567,890"),
        (2**63, str(2**63)),  # bigger than the storage, still a plain refusal
        (10**200, "一个 201 位的整数"),
        (10**5000, "一个 上万 位的整数"),  # str() of it would raise (Python's digit limit)
    ],
    ids=["text", "int", "float", "grouped", "int64", "200-digits", "5000-digits"],
)
def test_over_the_maximum_is_refused_naming_it(raw: object, shown: str) -> None:
    with pytest.raises(ValueProblem) as exc:
        count(raw)
    assert str(exc.value) == f"在岗职工总数：“{shown}” 超过上限，最大 9,999,999"


def test_amount_over_the_maximum_names_it_with_decimals() -> None:
    with pytest.raises(ValueProblem) as exc:
        money("1234567890123456.78")
    assert str(exc.value) == "人才工作经费投入：“1234567890123456.78” 超过上限，最大 99,999,999.99"
    with pytest.raises(ValueProblem, match="最大 99,999,999.99"):
        money("100,000,000")


@pytest.mark.parametrize("raw", ["12.5", 12.5, "0.1", Decimal("3.01")])
def test_a_count_must_be_whole(raw: object) -> None:
    with pytest.raises(ValueProblem, match="在岗职工总数：必须是整数"):
        count(raw)


@pytest.mark.parametrize("raw", ["12.345", "0.001", Decimal("1.005")])
def test_more_decimals_than_allowed_are_refused_not_rounded(raw: object) -> None:
    with pytest.raises(ValueProblem, match="人才工作经费投入：最多保留 2 位小数"):
        money(raw)


def test_binary_noise_from_an_excel_formula_is_flagged_not_rounded() -> None:
    noisy = 0.1 + 0.2  # 0.30000000000000004, what =0.1+0.2 leaves in a cell
    with pytest.raises(ValueProblem) as exc:
        money(noisy)
    assert "最多保留 2 位小数（填了 “0.30000000000000004”）" in str(exc.value)
    assert "ROUND" in str(exc.value)
    with pytest.raises(ValueProblem, match="ROUND"):
        money(4.1 * 3)  # 12.299999999999999


@pytest.mark.parametrize("raw", [True, False, float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity"), [1], {"v": 1}, b"12"])
def test_other_types_are_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match="人才工作经费投入：.*不是数字"):
        money(raw)


def test_a_date_cell_says_it_is_a_date() -> None:
    with pytest.raises(ValueProblem, match="是日期"):
        count(dt.datetime(2024, 12, 31))


def test_a_bad_value_is_quoted_short() -> None:
    with pytest.raises(ValueProblem) as exc:
        money("很" * 1_000_000)
    message = str(exc.value)
    assert len(message) < 150
    assert "“" + "很" * QUOTE_LIMIT + "…（共 1,000,000 个字符）”" in message
    with pytest.raises(ValueProblem) as exc:
        money("1\n2")  # a line break cannot forge a second line of a report
    assert "\n" not in str(exc.value)


def test_indicators_carry_their_limits_from_the_template(template: Template) -> None:
    total = template.indicator("staff.total")
    funding = template.indicator("incent.funding")
    assert (total.maximum, funding.maximum) == (Decimal(9999999), Decimal("99999999.99"))
    assert parse_value(total, "9,999,999") == 9999999
    with pytest.raises(ValueProblem, match="在岗职工总数：“10000000” 超过上限，最大 9,999,999"):
        parse_value(total, "10000000")
    # A consolidated return may hold up to 10,000 units at their maximum.
    assert parse_value(total, "10000000", "consolidated") == 10000000
    assert parse_value(funding, "999,999,999,900.00", "consolidated") == Decimal("999999999900.00")
    with pytest.raises(ValueProblem, match="最大 999,999,999,900.00"):
        parse_value(funding, "999999999900.01", "consolidated")


def test_allowance_columns_have_limits(template: Template) -> None:
    assert parse_money("99,999,999.99", "标准", money_limit(template)) == MONEY
    with pytest.raises(ValueProblem, match="标准：“100000000” 超过上限，最大 99,999,999.99"):
        parse_money("100000000", "标准", money_limit(template))
    assert parse_count("1,234", "人数", count_limit(template)) == 1234
    with pytest.raises(ValueProblem, match="人数：“12，5” 不是数字"):
        parse_count("12，5", "人数", count_limit(template))


def test_format_then_parse_is_the_same_figure(template: Template) -> None:
    funding = template.indicator("incent.funding")
    for value in (Decimal("0.00"), Decimal("12.50"), Decimal("98765432.10"), Decimal("99999999.99")):
        assert parse_value(funding, format_value(funding, value)) == value
        assert parse_value(funding, format_value(funding, value, grouping=True)) == value
