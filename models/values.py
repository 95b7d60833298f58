"""Reading a typed or imported figure: the one place that decides what a value may be.

Used by the JSON and Excel importers and by the entry forms, so a value the form
refuses is refused by an import in the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from decimal import Decimal

from models.data import ReturnData, fmt_number
from models.template import Indicator, Template

# "若无填0，若不确定填/": a slash (or a full-width one) means blank.
BLANK_MARKS = {"", "/", "／", "-", "—"}
QUOTE_LIMIT = 30  # characters of a bad value quoted back in a message

# What an input method may type for the same keys: full-width digits, comma and point.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
# The only number forms read: plain digits, or digits grouped by threes with commas
# (1,234,567), then at most one decimal point. So "12,5" (an IME comma typed for 12.5)
# and "1,2" match nothing and are refused instead of read as 125 and 12; "1_0", "1e3",
# "+5", "1 234", "NaN" and digits of other scripts are refused too. [0-9], not \d:
# \d would let Arabic-Indic and other digits through.
_NUMBER = re.compile(r"(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)?(?:\.[0-9]*)?")
_NEGATIVE = ("-", "－", "−")
_NOT_A_NUMBER = "请只填数字（可用千分位逗号，如 1,234；小数点用 .），没有填 0，不确定填 /"


class ValueProblem(ValueError):
    """A value that cannot be stored; the message (Chinese) says what to type instead."""


def parse_value(ind: Indicator, raw: object, scope: str = "own") -> Decimal | None:
    """Turn a raw cell/JSON/typed value into an exact Decimal, None for blank; raise ValueProblem.

    A consolidated return may hold more than one unit may report (the template's limits).
    A typed percentage (type "percent") is 0–100 and may be written with its sign ("60%").
    """
    if ind.is_percent and isinstance(raw, str):
        text = raw.strip()
        if text.endswith(("%", "％")) and text[:-1].strip() not in BLANK_MARKS:
            raw = text[:-1].strip()
    return parse_number(raw, ind.label, ind.is_int, ind.decimals, ind.limit(scope))


def parse_number(raw: object, label: str, integer: bool, decimals: int, maximum: Decimal) -> Decimal | None:
    """The rule for every figure: non-negative, whole where ``integer``, else at most
    ``decimals`` places, at most ``maximum``; blank marks give None.

    ``raw`` is what arrived: typed or pasted text, a JSON number or string, an Excel
    cell's int or float (a float is read as the shortest decimal that is that double,
    so 12.3 is 12.3, and 12.299999999999999 left by =4.1*3 is refused, not rounded).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字")
    if isinstance(raw, str):
        value = _parse_text(raw, label)
        if value is None:
            return None
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字")
        value = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字")
        value = raw
    elif isinstance(raw, dt.date):
        raise ValueProblem(f"{label}：“{quote(raw)}” 是日期，不是数字；请把单元格改为数值格式后填写数字")
    else:
        raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字")
    if value < 0:
        raise ValueProblem(f"{label}：不能为负数（填了 “{quote(raw)}”）")
    if value > maximum:
        raise ValueProblem(f"{label}：“{quote(raw)}” 超过上限，最大 {fmt_number(maximum, decimals)}")
    if integer:
        if value != value.to_integral_value():
            raise ValueProblem(f"{label}：必须是整数（填了 “{quote(raw)}”）")
        return Decimal(int(value))
    quant = Decimal(1).scaleb(-decimals)
    if value != value.quantize(quant):
        hint = f"；这多半是 Excel 公式计算留下的尾差，请用 ROUND 函数取到 {decimals} 位小数，或直接填写数字" if isinstance(raw, float) else ""
        raise ValueProblem(f"{label}：最多保留 {decimals} 位小数（填了 “{quote(raw)}”）{hint}")
    return abs(value.quantize(quant))  # abs: -0.0 from a spreadsheet is 0


def _parse_text(raw: str, label: str) -> Decimal | None:
    text = raw.strip()
    if text in BLANK_MARKS:
        return None
    text = text.translate(_FULL_WIDTH)
    if text.startswith(_NEGATIVE) and _NUMBER.fullmatch(text[1:]) and any(c.isdigit() for c in text[1:]):
        raise ValueProblem(f"{label}：不能为负数（填了 “{quote(raw)}”）")
    if not _NUMBER.fullmatch(text) or not any("0" <= c <= "9" for c in text):
        raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字。{_NOT_A_NUMBER}")
    return Decimal(text.replace(",", ""))


def format_value(ind: Indicator, value: Decimal | None, grouping: bool = False) -> str:
    """Value as the clerk types it (no grouping) or reads it (grouping)."""
    if value is None:
        return ""
    if grouping:
        return fmt_number(value, ind.decimals)
    return f"{value:.{ind.decimals}f}"


def money_limit(template: Template) -> Decimal:
    """The most an allowance column (元) may hold: the template's limit for 元."""
    return template.limits.maximum("元")


def count_limit(template: Template) -> Decimal:
    """The most persons an allowance row may count: the template's limit for 人."""
    return template.limits.maximum("人")


def parse_money(raw: object, label: str, maximum: Decimal) -> Decimal | None:
    """An 元 amount with at most 2 decimals (allowance columns)."""
    return parse_number(raw, label, integer=False, decimals=2, maximum=maximum)


def parse_count(raw: object, label: str, maximum: Decimal) -> int | None:
    value = parse_number(raw, label, integer=True, decimals=0, maximum=maximum)
    return None if value is None else int(value)


# ---- text and names that arrive in files ------------------------------------

# C0 controls other than tab and newline, DEL, C1 controls, the Unicode direction controls
# (LRE…RLO, LRI…PDI, LRM/RLM/ALM) that can make text display other than it reads, and what
# XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF): our own Excel export would
# be unreadable with them.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# What may never be in a name or a code: it would forge lines in a listing or break a file.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,63}$")
# GB 32100-2015 统一社会信用代码: 18 characters of the digits and the upper-case letters
# other than I, O, S, V and Z.
_CREDIT_CODE = re.compile(r"^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$")
MAX_TEXT = 50_000  # characters in one narrative field (a long summary is a few thousand)
MAX_NAME = 200
MAX_PERSON = 100  # a signatory's name
MAX_PHONE = 50
MAX_KEY = 200  # a finding key an explanation belongs to
MEMBER_STATES = ("included", "missing", "returned")


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message quotes it: at most ``limit`` characters, invisible and
    unprintable characters (line breaks too) shown as ``\\uXXXX`` (a message must print in
    any terminal and cannot forge a second line); a huge integer by its length only."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"一个 {len(str(value)) if value.bit_length() < 10_000 else '上万'} 位的整数"
    text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    shown = text[:limit]
    shown = "".join(f"\\u{ord(ch):04X}" if _NOT_IN_NAMES.match(ch) or _INVISIBLE.match(ch) else ch for ch in shown)
    if len(text) > limit:
        shown += f"…（共 {len(text):,} 个字符）"
    return shown


MAX_FIGURE_TEXT = 40  # no figure is typed with more characters (the largest has 19 digits)


def figure_input(raw: object, label: str) -> object:
    """``raw`` if it can be a figure at all, else ValueProblem with a short message: a list,
    an object or a megabyte of text never reaches the parser (whose message quotes it)."""
    if raw is None or isinstance(raw, (int, float, Decimal)):
        return raw
    if isinstance(raw, str):
        if len(raw) > MAX_FIGURE_TEXT:
            raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字，请填写数字；没有填0，不确定填/")
        return raw
    raise ValueProblem(f"{label}：“{quote(raw)}” 不是数字（应为数字或文字形式的数字）")


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
        return f"单位代码 “{quote(code)}” 不合规：只能由字母、数字和 . _ - 组成，最长 64 位（如统一社会信用代码）"
    return None


def credit_code_problem(code: str) -> str | None:
    """统一社会信用代码: empty, or 18 characters of the GB 32100 alphabet."""
    if code and not _CREDIT_CODE.match(code):
        return f"统一社会信用代码 “{quote(code)}” 不合规：应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z），不知道可不填"
    return None


def name_problem(name: str, what: str = "单位名称", limit: int = MAX_NAME) -> str | None:
    """A name shown on one line (unit tree, 报送情况, file names): bounded, no line breaks or controls."""
    if not name.strip():
        return f"{what}不能为空"
    if _NOT_IN_NAMES.search(name) or _INVISIBLE.search(name):
        return f"{what} “{quote(name)}” 含有换行符或控制字符，不能使用；请改为一行文字"
    if len(name) > limit:
        return f"{what}太长（{len(name):,} 个字，最多 {limit} 个字）：“{quote(name)}”"
    return None


def unit_problems(code: str, name: str, credit_code: str = "", parent: str | None = None, what: str = "", required: bool = True) -> list[str]:
    """Everything wrong with a unit's identity, wherever it comes from (a file, the units window).
    ``what`` prefixes each message (e.g. "members 第 2 项："); without ``required`` a missing
    code or name is left to the caller (a reader says which part of the file lacks it)."""
    problems: list[str] = []
    if not code:
        if required:
            problems.append("单位代码不能为空")
    elif problem := unit_code_problem(code):
        problems.append(problem)
    if name or required:
        if problem := name_problem(name):
            problems.append(problem)
    if problem := credit_code_problem(credit_code):
        problems.append(problem)
    if parent and (problem := unit_code_problem(parent)):
        problems.append(f"上级{problem}")
    return [what + p for p in problems]


def sanitize_return(data: ReturnData) -> tuple[list[str], list[str]]:
    """Check and clean the text of a return that came from a file, in place.

    Returns (notes, problems): invisible characters (and what XML cannot hold) are
    removed from narrative text with a note; a unit code, name or credit code that
    breaks the rules, a consolidation member that does, or an over-long text, is a
    problem (the file is refused). Direction marks in a unit name are removed with a
    note; line breaks and control characters in it are refused.
    """
    notes: list[str] = []
    problems: list[str] = []
    cleaned_any = False

    def clean(value: str, what: str, limit: int) -> str:
        nonlocal cleaned_any
        value, changed = clean_text(value)
        cleaned_any |= changed
        if len(value) > limit:
            problems.append(f"{what}太长（{len(value):,} 个字，最多 {limit:,} 个字）：“{quote(value)}”")
        return value

    def clean_name(value: str) -> str:
        nonlocal cleaned_any
        if _NOT_IN_NAMES.search(value):
            return value  # refused below, not cleaned
        cleaned, changed = clean_text(value)
        cleaned_any |= changed
        return cleaned.strip()

    unit = data.unit
    data.unit = replace(unit, name=clean_name(unit.name))
    problems.extend(unit_problems(data.unit.code, data.unit.name, data.unit.credit_code, data.unit.parent, required=False))
    data.texts = {code: clean(text, f"文字项 {code} ", MAX_TEXT) for code, text in data.texts.items()}
    explanations: dict[str, str] = {}
    for key, text in data.explanations.items():
        if _NOT_IN_NAMES.search(key) or len(key) > MAX_KEY:
            problems.append(f"说明的审核提示代码 “{quote(key)}” 不合规")
            continue
        explanations[key] = clean(text, "说明", MAX_TEXT)
    data.explanations = explanations
    for row in data.allowances:
        row.name = clean(row.name, f"津贴与荣誉“{quote(row.name, 20)}”的名称", MAX_NAME).replace("\n", " ").strip()
        row.unit_name = clean(row.unit_name, "津贴与荣誉的单位名称", MAX_NAME).replace("\n", " ").strip()
    sig = data.signatories
    for fld, label, limit in (
        ("unit_head", "单位负责人", MAX_PERSON),
        ("stats_head", "统计负责人", MAX_PERSON),
        ("filled_by", "填表人", MAX_PERSON),
        ("phone", "联系电话", MAX_PHONE),
    ):
        setattr(sig, fld, clean(getattr(sig, fld), label, limit).replace("\n", " ").strip())
    for i, m in enumerate(data.members, start=1):
        what = f"members 第 {i} 项（{quote(m.unit_code, 20)}）："
        problems.extend(unit_problems(m.unit_code, m.unit_name, what=what))
        if m.state not in MEMBER_STATES:
            problems.append(f"{what}state “{quote(m.state)}” 应为 {'/'.join(MEMBER_STATES)} 之一")
    if cleaned_any:
        notes.append("文字中有不可见的控制字符或文字方向控制符，已删除")
    return notes, problems
