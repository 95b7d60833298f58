"""A ReturnData from the cells read (formats.xlsx_sheets): each figure, text, allowance and
signature parsed by the rules of models.values, every problem named with its cell."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from formats.xlsx_sheets import Found, SheetCell, text_value
from models.data import Allowance, ReturnData, Signatories, UnitInfo
from models.periods import Period, PeriodError
from models.template import Template
from models.values import (
    ValueProblem,
    count_limit,
    figure_input,
    money_limit,
    parse_count,
    parse_money,
    parse_value,
    quote,
)

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def cell_problem(raw: SheetCell) -> str | None:
    """A cell that cannot be read at all: a formula without a saved result, an error value."""
    if raw.data_type == "f":
        return f"{raw.where}：是公式，但文件中没有计算结果（文件未在 Excel 中保存过）。请在 Excel 中打开并保存后再导入，或直接填写数字"
    if raw.data_type == "e":
        return f"{raw.where}：是错误值 {quote(raw.value)}，请改为数字"
    return None


def build_return(found: Found, template: Template, meta: dict[str, str], problems: list[str]) -> ReturnData:
    relevant = found.relevant()
    bad = {id(c) for c in relevant if cell_problem(c)}
    problems.extend(p for c in relevant if (p := cell_problem(c)))

    values: dict[str, Decimal] = {}
    for code, raw in found.values.items():
        if id(raw) in bad:
            continue
        try:
            v = parse_value(template.indicator(code), figure_input(raw.value, template.indicator(code).label), meta.get("scope") or "own")
        except ValueProblem as exc:
            problems.append(f"{raw.where}：{exc}")
            continue
        if v is not None:
            values[code] = v

    texts: dict[str, str] = {}
    for code, pieces in found.texts.items():
        parts: list[str] = []
        for i, (cell, continued) in enumerate(pieces):
            if i and not continued:
                parts.append("\n")
            parts.append(text_value(cell))
        body = "".join(parts)
        if body.strip():
            texts[code] = body

    allowances: list[Allowance] = []
    for row in found.allowances:
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in row):
            continue
        if any(id(c) in bad for c in row):
            continue
        name = text_value(row[0]).strip()
        if not name:
            problems.append(f"{row[0].where}：津贴与荣誉这一行填了数字但没有名称，请填写名称")
            continue
        shown = quote(name, 20)

        def count(cell: SheetCell, what: str, shown: str = shown) -> int | None:
            label = f"{cell.where}：“{shown}”的{what}"
            return parse_count(figure_input(cell.value, label), label, count_limit(template))

        def money(cell: SheetCell, what: str, shown: str = shown) -> Decimal | None:
            label = f"{cell.where}：“{shown}”的{what}"
            return parse_money(figure_input(cell.value, label), label, money_limit(template))

        try:
            allowances.append(
                Allowance(
                    name,
                    count(row[2], "人数"),
                    money(row[3], "标准"),
                    money(row[4], "一次性奖励"),
                    money(row[5], "本期发放金额"),
                    text_value(row[1]).strip(),
                )
            )
        except ValueProblem as exc:
            problems.append(str(exc))

    explanations = {k: text_value(v) for k, v in found.explanations.items() if text_value(v).strip()}
    sig: dict[str, Any] = {}
    for fld, cells in found.signatories.items():
        filled = [c for c in cells if text_value(c).strip()]
        if not filled:
            continue
        if fld == "report_date":
            date = _date(filled[0].value)
            if date is None:
                problems.append(f"{filled[0].where}：报出日期 “{quote(text_value(filled[0]))}” 不是日期，请写成 2025-01-10 或 2025年1月10日")
            sig[fld] = date
        else:
            sig[fld] = text_value(filled[0]).strip()

    period = meta.get("period", "")
    try:
        period = str(Period.parse(period))
    except PeriodError:
        pass
    return ReturnData(
        unit=UnitInfo(
            meta.get("unit_code", ""),
            meta.get("unit_name", ""),
            meta.get("unit_level") or "other",
            meta.get("unit_parent") or None,
            meta.get("unit_credit_code", ""),
        ),
        period=period,
        template_id=template.id,
        template_version=template.version,
        scope=meta.get("scope") or "own",
        status="draft",  # the receiver decides; what the file claims is only noted
        origin="imported",
        values=values,
        texts=texts,
        allowances=allowances,
        explanations=explanations,
        signatories=Signatories(**sig),
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # an Excel date serial typed without a date format
        from openpyxl.utils.datetime import from_excel

        result = from_excel(value)
        return result.date() if isinstance(result, dt.datetime) else None
    if isinstance(value, str):
        m = _DATE.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None
