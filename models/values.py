"""Reading a typed or imported figure: the one place that decides what a value may be.

Used by the JSON and Excel importers and by the entry forms, so a value the form
refuses is refused by an import in the same words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from models.data import ReturnData, fmt_number
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


# ---- text and names that arrive in files ------------------------------------

# C0 controls other than tab and newline, DEL, and the Unicode direction controls
# (LRE…RLO, LRI…PDI, LRM/RLM/ALM) that can make text display other than it reads.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,63}$")
MAX_TEXT = 50_000  # characters in one narrative field (a long summary is a few thousand)
MAX_NAME = 200


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_unencodable(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (a broken character from a file or a terminal):
    it cannot be stored in the database nor written to any file."""
    return _SURROGATE.search(text) is not None


def clean_text(text: str) -> tuple[str, bool]:
    """Text with invisible control and direction characters removed; True if any were."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _INVISIBLE.sub("", text)
    return cleaned, cleaned != text


def unit_code_problem(code: str) -> str | None:
    """Unit codes name files and rows: letters, digits, '.', '_' and '-' only."""
    if not _UNIT_CODE.match(code):
        return f"单位代码 “{code[:40]}” 不合规：只能由字母、数字和 . _ - 组成，最长 64 位（如统一社会信用代码）"
    return None


def sanitize_return(data: ReturnData) -> tuple[list[str], list[str]]:
    """Clean the text of a return that came from a file, in place.

    Returns (notes, problems): invisible characters are removed with a note; a unit
    code that could name a path outside its folder, or an over-long name or text,
    is a problem (the file is refused).
    """
    notes: list[str] = []
    problems: list[str] = []
    cleaned_any = False

    def clean(value: str, what: str, limit: int) -> str:
        nonlocal cleaned_any
        value, changed = clean_text(value)
        cleaned_any |= changed
        if len(value) > limit:
            problems.append(f"{what}太长（{len(value):,} 个字，最多 {limit:,} 个字）")
        return value

    if data.unit.code and (problem := unit_code_problem(data.unit.code)):
        problems.append(problem)
    data.unit = replace(data.unit, name=clean(data.unit.name, "单位名称", MAX_NAME).strip())
    data.texts = {code: clean(text, f"文字项 {code} ", MAX_TEXT) for code, text in data.texts.items()}
    data.explanations = {key: clean(text, "说明", MAX_TEXT) for key, text in data.explanations.items()}
    for row in data.allowances:
        row.name = clean(row.name, f"津贴与荣誉“{row.name[:20]}”的名称", MAX_NAME).strip()
        row.unit_name = clean(row.unit_name, "津贴与荣誉的单位名称", MAX_NAME).strip()
    sig = data.signatories
    for fld, label, limit in (("unit_head", "单位负责人", 100), ("stats_head", "统计负责人", 100), ("filled_by", "填表人", 100), ("phone", "联系电话", 50)):
        setattr(sig, fld, clean(getattr(sig, fld), label, limit).strip())
    if cleaned_any:
        notes.append("文字中有不可见的控制字符或文字方向控制符，已删除")
    return notes, problems
