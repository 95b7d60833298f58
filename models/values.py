"""Reading a typed or imported figure: the one place that decides what a value may be.

Used by the JSON and Excel importers and by the entry forms, so a value the form
refuses is refused by an import in the same words.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from models.data import fmt_number
from models.template import Indicator

# "若无填0，若不确定填/": a slash (or a full-width one) means blank.
BLANK_MARKS = {"", "/", "／", "-", "—"}
MAX_VALUE = Decimal("9999999999999999.99")


class ValueProblem(ValueError):
    """A value that cannot be stored; the message (Chinese) says what to type instead."""


def parse_value(ind: Indicator, raw: object) -> Decimal | None:
    """Turn a raw cell/JSON value into an exact Decimal, None for blank; raise ValueProblem."""
    return parse_number(raw, ind.label, ind.is_int, ind.decimals)


def parse_number(raw: object, label: str, integer: bool, decimals: int = 0) -> Decimal | None:
    """The rule for every figure: non-negative, whole where ``integer``, else ``decimals`` places."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueProblem(f"{label}：“{raw}” 不是数字")
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        if text in BLANK_MARKS:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueProblem(f"{label}：“{raw}” 不是数字，请填写数字；没有填0，不确定填/") from None
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # Excel stores every number as a double; repr gives the shortest exact form.
        value = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        value = raw
    else:
        raise ValueProblem(f"{label}：“{raw}” 不是数字")
    if not value.is_finite():
        raise ValueProblem(f"{label}：“{raw}” 不是数字")
    if value < 0:
        raise ValueProblem(f"{label}：不能为负数（填了 {raw}）")
    if value > MAX_VALUE:
        raise ValueProblem(f"{label}：数值 {raw} 太大")
    if integer:
        if value != value.to_integral_value():
            raise ValueProblem(f"{label}：人数、个数必须是整数（填了 {raw}）")
        return Decimal(int(value))
    quant = Decimal(1).scaleb(-decimals)
    if value != value.quantize(quant):
        raise ValueProblem(f"{label}：最多保留 {decimals} 位小数（填了 {raw}）")
    return value.quantize(quant)


def format_value(ind: Indicator, value: Decimal | None, grouping: bool = False) -> str:
    """Value as the clerk types it (no grouping) or reads it (grouping)."""
    if value is None:
        return ""
    if grouping:
        return fmt_number(value, ind.decimals)
    return f"{value:.{ind.decimals}f}"


def parse_money(raw: object, label: str) -> Decimal | None:
    """An 元 amount with at most 2 decimals (allowance columns)."""
    return parse_number(raw, label, integer=False, decimals=2)


def parse_count(raw: object, label: str) -> int | None:
    value = parse_number(raw, label, integer=True)
    return None if value is None else int(value)
