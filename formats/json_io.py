"""The JSON exchange format: one return as one document (documented in README.md)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from formats.errors import FileProblems
from models.data import UNIT_LEVELS, Allowance, Member, ReturnData, Signatories, UnitInfo
from models.periods import Period, PeriodError
from models.template import Template, TemplateRegistry
from models.values import ValueProblem, parse_count, parse_money, parse_value, sanitize_return

FORMAT = "hrh-return"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 20 * 1024 * 1024
log = logging.getLogger(__name__)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def to_json(data: ReturnData, template: Template) -> dict[str, Any]:
    """The exchange document of a return; blank values are left out."""
    values: dict[str, Any] = {}
    for ind in template.indicators:
        if ind.code in data.values:
            v = data.values[ind.code]
            values[ind.code] = int(v) if ind.is_int else f"{v:.{ind.decimals}f}"
    sig = data.signatories
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template": data.template_id,
        "template_version": data.template_version,
        "unit": {"code": data.unit.code, "name": data.unit.name, "level": data.unit.level, "parent": data.unit.parent},
        "period": data.period,
        "scope": data.scope,
        "status": data.status,
        "values": values,
        "texts": {c: data.texts[c] for c in template.text_codes() if data.texts.get(c)},
        "allowances": [
            {
                "name": a.name,
                "persons": a.persons,
                "monthly_standard": _money(a.monthly_standard),
                "one_off": _money(a.one_off),
                "amount": _money(a.amount),
                **({"unit_name": a.unit_name} if a.unit_name else {}),
            }
            for a in data.allowances
        ],
        "explanations": dict(sorted(data.explanations.items())),
        "signatories": {
            "unit_head": sig.unit_head,
            "stats_head": sig.stats_head,
            "filled_by": sig.filled_by,
            "phone": sig.phone,
            "report_date": sig.report_date.isoformat() if sig.report_date else None,
        },
    }
    if data.scope == "consolidated":
        doc["members"] = [{"unit_code": m.unit_code, "unit_name": m.unit_name, "state": m.state} for m in data.members]
    if data.missing_quarters:
        doc["missing_quarters"] = list(data.missing_quarters)
    return doc


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def from_json(doc: Any, registry: TemplateRegistry, filename: str, notes: list[str] | None = None) -> ReturnData:
    """Validate a parsed document completely; raise FileProblems listing every problem."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise FileProblems(filename, ["文件内容不是一个报表（JSON 顶层应为对象）"])
    if doc.get("format") != FORMAT:
        raise FileProblems(filename, [f"format 应为 “{FORMAT}”，实际为 “{doc.get('format')}”：这不是卫生人才报表文件"])
    if doc.get("format_version") != FORMAT_VERSION:
        raise FileProblems(filename, [f"format_version {doc.get('format_version')} 本程序不支持（支持 {FORMAT_VERSION}），请安装最新版本的程序"])
    tid, tver = doc.get("template"), doc.get("template_version")
    template = registry.get(str(tid), tver) if isinstance(tver, int) else None
    if template is None:
        if isinstance(tid, str) and registry.known(tid):
            raise FileProblems(filename, [f"报表模板 {tid} 第 {tver} 版本程序不认识（可能由更新版本的程序导出），请安装最新版本的程序"])
        raise FileProblems(filename, [f"报表模板 “{tid}” 本程序不认识"])

    unit_raw = doc.get("unit")
    unit = UnitInfo("", "")
    if not isinstance(unit_raw, dict) or not str(unit_raw.get("code") or "").strip() or not str(unit_raw.get("name") or "").strip():
        problems.append("unit：缺少单位代码（code）或单位名称（name）")
    else:
        level = unit_raw.get("level") or "other"
        if level not in UNIT_LEVELS:
            problems.append(f"unit.level：“{level}” 不是 {'/'.join(UNIT_LEVELS)} 之一")
        parent = unit_raw.get("parent")
        unit = UnitInfo(str(unit_raw["code"]).strip(), str(unit_raw["name"]).strip(), level, str(parent).strip() if parent else None)

    period = str(doc.get("period", ""))
    try:
        if Period.parse(period).is_annual:
            problems.append(f"period：“{period}” 是年度，只能导入季度报表（如 2024Q4）")
        else:
            period = str(Period.parse(period))
    except PeriodError as exc:
        problems.append(f"period：{exc}")
    status = doc.get("status", "draft")
    if status not in ("draft", "submitted"):
        problems.append(f"status：“{status}” 应为 draft 或 submitted")
    scope = doc.get("scope", "own")
    if scope not in ("own", "consolidated"):
        problems.append(f"scope：“{scope}” 应为 own 或 consolidated")

    values: dict[str, Decimal] = {}
    raw_values = doc.get("values", {})
    if not isinstance(raw_values, dict):
        problems.append("values 应为对象（代码: 数值）")
        raw_values = {}
    for code, raw in raw_values.items():
        if not template.has_indicator(code):
            problems.append(f"values.{code}：未知指标代码")
            continue
        try:
            v = parse_value(template.indicator(code), raw)
        except ValueProblem as exc:
            problems.append(f"values.{code}：{exc}")
            continue
        if v is not None:
            values[code] = v

    texts: dict[str, str] = {}
    raw_texts = doc.get("texts", {})
    if not isinstance(raw_texts, dict):
        problems.append("texts 应为对象")
        raw_texts = {}
    for code, text in raw_texts.items():
        if code not in template.text_codes():
            problems.append(f"texts.{code}：未知文字项代码")
        elif not isinstance(text, str):
            problems.append(f"texts.{code}：应为文字")
        elif text:
            texts[code] = text

    allowances: list[Allowance] = []
    raw_rows = doc.get("allowances", [])
    if not isinstance(raw_rows, list):
        problems.append("allowances 应为列表")
        raw_rows = []
    for i, row in enumerate(raw_rows, start=1):
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            problems.append(f"allowances 第 {i} 行：缺少名称")
            continue
        try:
            allowances.append(
                Allowance(
                    str(row["name"]).strip(),
                    parse_count(row.get("persons"), f"第 {i} 行人数"),
                    parse_money(row.get("monthly_standard"), f"第 {i} 行标准"),
                    parse_money(row.get("one_off"), f"第 {i} 行一次性奖励"),
                    parse_money(row.get("amount"), f"第 {i} 行发放金额"),
                    str(row.get("unit_name") or ""),
                )
            )
        except ValueProblem as exc:
            problems.append(f"allowances：{exc}")

    members: list[Member] = []
    raw_members = doc.get("members", []) if scope == "consolidated" else []
    if not isinstance(raw_members, list):
        problems.append("members 应为列表")
        raw_members = []
    for i, m in enumerate(raw_members, start=1):
        if not isinstance(m, dict) or not m.get("unit_code") or m.get("state") not in ("included", "missing", "returned"):
            problems.append(f"members 第 {i} 项：应有 unit_code、unit_name 和 state（included/missing/returned）")
            continue
        members.append(Member(str(m["unit_code"]), str(m.get("unit_name") or ""), str(m["state"])))

    raw_expl = doc.get("explanations", {})
    explanations = {str(k): str(v) for k, v in raw_expl.items() if str(v).strip()} if isinstance(raw_expl, dict) else {}
    sig_raw = doc.get("signatories", {}) or {}
    report_date = None
    if not isinstance(sig_raw, dict):
        problems.append("signatories 应为对象")
        sig_raw = {}
    if sig_raw.get("report_date"):
        try:
            report_date = dt.date.fromisoformat(str(sig_raw["report_date"]))
        except ValueError:
            problems.append(f"signatories.report_date：“{sig_raw['report_date']}” 不是日期（应为 2025-01-10 的形式）")
    if problems:
        raise FileProblems(filename, problems)
    data = ReturnData(
        unit=unit,
        period=period,
        template_id=template.id,
        template_version=template.version,
        scope=scope,
        status=status,
        origin="imported",
        values=values,
        texts=texts,
        allowances=allowances,
        explanations=explanations,
        signatories=Signatories(
            str(sig_raw.get("unit_head") or ""), str(sig_raw.get("stats_head") or ""), str(sig_raw.get("filled_by") or ""), str(sig_raw.get("phone") or ""), report_date
        ),
        source_file=filename,
        members=members,
    )
    cleaned, bad_text = sanitize_return(data)
    if bad_text:
        raise FileProblems(filename, bad_text)
    if notes is not None:
        notes.extend(cleaned)
    return data


def read_json_file(path: Path, registry: TemplateRegistry, notes: list[str] | None = None) -> ReturnData:
    """Read and validate one JSON return file; raise FileProblems on anything wrong."""
    name = path.name
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise FileProblems(name, ["文件太大（超过 20 MB），不是报表文件"])
        raw = path.read_bytes()
    except OSError as exc:
        raise FileProblems(name, [f"无法读取文件：{exc.strerror or exc}"]) from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise FileProblems(name, ["文件不是 UTF-8 编码的 JSON 文本"]) from None
    except json.JSONDecodeError as exc:
        raise FileProblems(name, [f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：文件可能已损坏或不完整"]) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        log.warning("JSON file %s refused", name, exc_info=True)
        raise FileProblems(name, ["文件中有位数极多的数字（几千位），不是报表中的数字；文件可能已损坏或被篡改，请对方重新导出"]) from None
    except RecursionError:  # brackets nested thousands deep
        log.warning("JSON file %s refused", name, exc_info=True)
        raise FileProblems(name, ["文件的结构层层嵌套、深得异常，不是报表文件；文件可能已损坏或被篡改，请对方重新导出"]) from None
    return from_json(doc, registry, name, notes)
