"""The JSON exchange format: one return as one document (documented in README.md)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from formats.errors import NOTE_STATUS_IGNORED, FileProblems
from models.data import UNIT_LEVELS, Allowance, Member, ReturnData, Signatories, UnitInfo
from models.periods import Period, PeriodError
from models.template import Template, TemplateRegistry
from models.values import MEMBER_STATES, ValueProblem, count_limit, figure_input, money_limit, parse_count, parse_money, parse_value, quote, sanitize_return

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


def _kind(value: object) -> str:
    """What a JSON value is, in the clerk's words."""
    if value is None:
        return "空值 null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float, Decimal)):
        return "数字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return "文字"


class _Fields:
    """Typed access to a JSON object: each field that has the wrong type is a problem
    naming it (``unit.name 应为文字``), never a Python repr stored as text."""

    def __init__(self, obj: dict[str, Any], where: str, problems: list[str]) -> None:
        self.obj, self.where, self.problems = obj, where, problems

    def text(self, key: str, default: str = "") -> str:
        value = self.obj.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problems.append(f"{self.where}{key} 应为文字（实际为{_kind(value)}）")
            return default
        return value

    def obj_field(self, key: str) -> dict[str, Any]:
        value = self.obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{self.where}{key} 应为对象（实际为{_kind(value)}）")
            return {}
        return value

    def list_field(self, key: str) -> list[Any]:
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{self.where}{key} 应为列表（实际为{_kind(value)}）")
            return []
        return value


def from_json(doc: Any, registry: TemplateRegistry, filename: str, notes: list[str] | None = None) -> ReturnData:
    """Validate a parsed document completely; raise FileProblems listing every problem.

    The status the document claims is information only: the return is read as a draft
    (the receiver decides), with a note when the file said 已报送."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise FileProblems(filename, ["文件内容不是一个报表（JSON 顶层应为对象）"])
    if doc.get("format") != FORMAT:
        raise FileProblems(filename, [f"format 应为 “{FORMAT}”，实际为 “{quote(doc.get('format'))}”：这不是卫生人才报表文件"])
    if doc.get("format_version") != FORMAT_VERSION or isinstance(doc.get("format_version"), bool):  # true == 1 in Python
        raise FileProblems(filename, [f"format_version {quote(doc.get('format_version'))} 本程序不支持（支持 {FORMAT_VERSION}），请安装最新版本的程序"])
    tid, tver = doc.get("template"), doc.get("template_version")
    template = registry.get(tid, tver) if isinstance(tid, str) and isinstance(tver, int) and not isinstance(tver, bool) else None
    if template is None:
        if isinstance(tid, str) and registry.known(tid):
            raise FileProblems(filename, [f"报表模板 {quote(tid)} 第 {quote(tver)} 版本程序不认识（可能由更新版本的程序导出），请安装最新版本的程序"])
        raise FileProblems(filename, [f"报表模板 “{quote(tid)}” 本程序不认识"])
    top = _Fields(doc, "", problems)

    unit = UnitInfo("", "")
    unit_raw = doc.get("unit")
    if not isinstance(unit_raw, dict):
        problems.append(f"unit 应为对象，含单位代码（code）和单位名称（name）（实际为{_kind(unit_raw)}）")
    else:
        f = _Fields(unit_raw, "unit.", problems)
        code, name = f.text("code").strip(), f.text("name").strip()
        if not code or not name:
            problems.append("unit：缺少单位代码（code）或单位名称（name）")
        level = f.text("level") or "other"
        if level not in UNIT_LEVELS:
            problems.append(f"unit.level：“{quote(level)}” 不是 {'/'.join(UNIT_LEVELS)} 之一")
        parent = f.text("parent").strip() or None
        unit = UnitInfo(code, name, level, parent, f.text("credit_code").strip())

    period = top.text("period")
    try:
        if Period.parse(period).is_annual:
            problems.append(f"period：“{quote(period)}” 是年度，只能导入季度报表（如 2024Q4）")
        else:
            period = str(Period.parse(period))
    except PeriodError as exc:
        problems.append(f"period：{exc}")
    status = top.text("status", "draft")
    if status not in ("draft", "submitted"):
        problems.append(f"status：“{quote(status)}” 应为 draft 或 submitted")
    scope = top.text("scope", "own")
    if scope not in ("own", "consolidated"):
        problems.append(f"scope：“{quote(scope)}” 应为 own 或 consolidated")

    values: dict[str, Decimal] = {}
    for code, raw in top.obj_field("values").items():
        if not template.has_indicator(code):
            problems.append(f"values.{quote(code)}：未知指标代码")
            continue
        try:
            v = parse_value(template.indicator(code), figure_input(raw, template.indicator(code).label), scope)
        except ValueProblem as exc:
            problems.append(f"values.{code}：{exc}")
            continue
        if v is not None:
            values[code] = v

    texts: dict[str, str] = {}
    for code, text in top.obj_field("texts").items():
        if code not in template.text_codes():
            problems.append(f"texts.{quote(code)}：未知文字项代码")
        elif not isinstance(text, str):
            problems.append(f"texts.{code} 应为文字（实际为{_kind(text)}）")
        elif text:
            texts[code] = text

    allowances: list[Allowance] = []
    for i, row in enumerate(top.list_field("allowances"), start=1):
        where = f"allowances 第 {i} 行"
        if not isinstance(row, dict):
            problems.append(f"{where} 应为对象（实际为{_kind(row)}）")
            continue
        f = _Fields(row, f"{where}的 ", problems)
        name = f.text("name").strip()
        unit_name = f.text("unit_name")
        if not name:
            problems.append(f"{where}：缺少名称")
            continue
        try:
            allowances.append(
                Allowance(
                    name,
                    parse_count(figure_input(row.get("persons"), f"{where}人数"), f"{where}人数", count_limit(template)),
                    parse_money(figure_input(row.get("monthly_standard"), f"{where}标准"), f"{where}标准", money_limit(template)),
                    parse_money(figure_input(row.get("one_off"), f"{where}一次性奖励"), f"{where}一次性奖励", money_limit(template)),
                    parse_money(figure_input(row.get("amount"), f"{where}发放金额"), f"{where}发放金额", money_limit(template)),
                    unit_name,
                )
            )
        except ValueProblem as exc:
            problems.append(str(exc))

    members: list[Member] = []
    raw_members = top.list_field("members") if scope == "consolidated" else []
    for i, m in enumerate(raw_members, start=1):
        if not isinstance(m, dict):
            problems.append(f"members 第 {i} 项 应为对象（实际为{_kind(m)}）")
            continue
        f = _Fields(m, f"members 第 {i} 项的 ", problems)
        code, name, state = f.text("unit_code").strip(), f.text("unit_name").strip(), f.text("state")
        if not code or state not in MEMBER_STATES:
            problems.append(f"members 第 {i} 项：应有 unit_code、unit_name 和 state（{'/'.join(MEMBER_STATES)}）")
            continue
        members.append(Member(code, name, state))

    explanations: dict[str, str] = {}
    for key, text in top.obj_field("explanations").items():
        if not isinstance(text, str):
            problems.append(f"explanations.{quote(key)} 应为文字（实际为{_kind(text)}）")
        elif text.strip():
            explanations[key] = text
    sig = _Fields(top.obj_field("signatories"), "signatories.", problems)
    report_date = None
    if date_text := sig.text("report_date"):
        try:
            report_date = dt.date.fromisoformat(date_text)
        except ValueError:
            problems.append(f"signatories.report_date：“{quote(date_text)}” 不是日期（应为 2025-01-10 的形式）")
    signatories = Signatories(sig.text("unit_head"), sig.text("stats_head"), sig.text("filled_by"), sig.text("phone"), report_date)
    if problems:
        raise FileProblems(filename, problems)
    data = ReturnData(
        unit=unit,
        period=period,
        template_id=template.id,
        template_version=template.version,
        scope=scope,
        status="draft",
        origin="imported",
        values=values,
        texts=texts,
        allowances=allowances,
        explanations=explanations,
        signatories=signatories,
        source_file=filename,
        members=members,
    )
    cleaned, bad_text = sanitize_return(data)
    if bad_text:
        raise FileProblems(filename, bad_text)
    if notes is not None:
        if status == "submitted":
            notes.append(NOTE_STATUS_IGNORED)
        notes.extend(cleaned)
    return data


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: with the same key twice, which one counts
    is a guess (Python's json keeps the last, other programs the first), so it is refused."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def loads(text: str) -> Any:
    """Parse an exchange document: exact decimals, duplicate keys refused (``_DuplicateKey``)."""
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)


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
        doc = loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblems(name, ["文件不是 UTF-8 编码的 JSON 文本"]) from None
    except _DuplicateKey as exc:
        raise FileProblems(name, [f"JSON 中同一对象里的键 “{quote(exc.key)}” 出现了不止一次，无法确定哪一个算数；请对方重新导出"]) from None
    except json.JSONDecodeError as exc:
        raise FileProblems(name, [f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：文件可能已损坏或不完整"]) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        log.warning("JSON file %s refused", name, exc_info=True)
        raise FileProblems(name, ["文件中有位数极多的数字（几千位），不是报表中的数字；文件可能已损坏或被篡改，请对方重新导出"]) from None
    except RecursionError:  # brackets nested thousands deep
        log.warning("JSON file %s refused", name, exc_info=True)
        raise FileProblems(name, ["文件的结构层层嵌套、深得异常，不是报表文件；文件可能已损坏或被篡改，请对方重新导出"]) from None
    return from_json(doc, registry, name, notes)
