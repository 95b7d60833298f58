"""Reading a return template from TOML: every field checked, every code it refers to known,
a clear Chinese message naming the file and the problem (TemplateError) otherwise."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from models.template_types import (
    DEFAULT_LIMITS,
    EXACT_DIGITS,
    AllowanceRule,
    Breakdown,
    Funnel,
    Indicator,
    Limits,
    OrderRule,
    Particulars,
    Ratio,
    RequiresRule,
    Section,
    Severity,
    StockChangeRule,
    SummaryColumn,
    Template,
    TemplateError,
    TextField,
    quarter_key,
)


def _require(d: dict[str, Any], key: str, where: str, source: str) -> Any:
    if key not in d:
        raise TemplateError(f"模板 {source}：{where} 缺少字段 “{key}”")
    return d[key]


def _severity(value: Any, where: str, source: str) -> Severity:
    if value not in ("error", "warning"):
        raise TemplateError(f"模板 {source}：{where} 的 severity 必须是 error 或 warning，而不是 “{value}”")
    return value  # type: ignore[no-any-return]


def _amount(value: Any, where: str, source: str) -> Decimal:
    """A limit written in the template: a quoted decimal ("99999999.99") or an integer."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TemplateError(f'模板 {source}：{where} 应写成整数或带引号的数字，如 "99999999.99"')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise TemplateError(f"模板 {source}：{where} “{value}” 不是数字") from None
    if not amount.is_finite() or amount <= 0:
        raise TemplateError(f"模板 {source}：{where} 必须是正数")
    return amount


def _limits(raw: Any, source: str) -> Limits:
    if not isinstance(raw, dict):
        raise TemplateError(f"模板 {source}：limits 应为表")
    by_unit = {str(unit): _amount(v, f"limits.max.{unit}", source) for unit, v in raw.get("max", {}).items() if unit != "default"}
    default = _amount(raw["max"]["default"], "limits.max.default", source) if "default" in raw.get("max", {}) else DEFAULT_LIMITS.default
    factor = raw.get("consolidated_factor", DEFAULT_LIMITS.consolidated_factor)
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        raise TemplateError(f"模板 {source}：limits.consolidated_factor 必须是正整数")
    return Limits(by_unit, default, factor)


def parse_template(data: dict[str, Any], source: str = "<template>") -> Template:
    """Build and validate a template from parsed TOML; raise TemplateError on any problem."""
    tid = _require(data, "id", "文件", source)
    version = _require(data, "version", "文件", source)
    if not isinstance(version, int) or version < 1:
        raise TemplateError(f"模板 {source}：version 必须是正整数")
    seen: set[str] = set()

    def new_code(code: Any, where: str) -> str:
        if not isinstance(code, str) or not code:
            raise TemplateError(f"模板 {source}：{where} 的代码为空")
        if code in seen:
            raise TemplateError(f"模板 {source}：代码 “{code}” 重复")
        seen.add(code)
        return code

    limits = _limits(data.get("limits", {}), source)
    applies_from = data.get("applies_from", "")
    if applies_from:
        try:
            quarter_key(applies_from)
        except ValueError:
            raise TemplateError(f'模板 {source}：applies_from “{applies_from}” 应写成季度，如 "2025Q1"') from None
        if re.fullmatch(r"\d{4}", str(applies_from)):
            raise TemplateError(f'模板 {source}：applies_from “{applies_from}” 应写成季度，如 "2025Q1"')
    sections: list[Section] = []
    by_code: dict[str, Indicator] = {}
    section_keys: set[str] = set()
    for s in _require(data, "sections", "文件", source):
        key = _require(s, "key", "sections", source)
        if key in section_keys:
            raise TemplateError(f"模板 {source}：部分 “{key}” 重复")
        section_keys.add(key)
        inds: list[Indicator] = []
        row_codes: dict[str, str] = {}
        for position, raw in enumerate(s.get("indicators", []), start=1):
            code = new_code(raw.get("code"), f"部分 {key} 的指标")
            row_code = _row_code(raw.get("row_code"), position, code, source)
            if row_code in row_codes:
                raise TemplateError(f"模板 {source}：部分 {key} 中 {code} 与 {row_codes[row_code]} 的行代码都是 “{row_code}”")
            row_codes[row_code] = code
            kind = _require(raw, "kind", code, source)
            vtype = _require(raw, "type", code, source)
            if kind not in ("stock", "flow"):
                raise TemplateError(f"模板 {source}：{code} 的 kind 必须是 stock 或 flow")
            if vtype not in ("int", "decimal", "percent"):
                raise TemplateError(f"模板 {source}：{code} 的 type 必须是 int、decimal 或 percent")
            unit = _require(raw, "unit", code, source)
            decimals = int(raw.get("decimals", {"int": 0, "decimal": 2, "percent": 1}[vtype]))
            aggregation = raw.get("aggregation", "none" if vtype == "percent" else "sum")
            if aggregation not in ("sum", "none"):
                raise TemplateError(f"模板 {source}：{code} 的 aggregation 必须是 sum 或 none")
            if vtype == "percent":
                # A typed share: 0–100, never added up (its counts are not collected).
                if aggregation != "none":
                    raise TemplateError(f"模板 {source}：{code} 是百分比（percent），aggregation 只能是 none，百分比不能相加")
                if unit != "%":
                    raise TemplateError(f"模板 {source}：{code} 是百分比（percent），计量单位应为 “%”")
                if not 0 <= decimals <= 2:
                    raise TemplateError(f"模板 {source}：{code} 是百分比（percent），最多保留 2 位小数")
            default_max = Decimal(100) if vtype == "percent" else limits.maximum(unit)
            maximum = _amount(raw["max"], f"{code} 的 max", source) if "max" in raw else default_max
            if vtype == "percent" and maximum > 100:
                raise TemplateError(f"模板 {source}：{code} 是百分比（percent），上限不能超过 100")
            if maximum != maximum.quantize(Decimal(1).scaleb(-decimals)):
                raise TemplateError(f"模板 {source}：{code} 的上限 {maximum} 多于 {decimals} 位小数")
            if len(str(int(maximum.scaleb(decimals) * limits.consolidated_factor))) > EXACT_DIGITS:
                # Beyond 15 significant digits Excel's double (and Excel's own display) is no longer exact.
                raise TemplateError(f"模板 {source}：{code} 的上限 {maximum} 乘以汇总倍数 {limits.consolidated_factor} 超过 {EXACT_DIGITS} 位有效数字")
            ind = Indicator(
                code=code,
                label=_require(raw, "label", code, source),
                label_en=raw.get("label_en", code),
                unit=unit,
                kind=kind,
                type=vtype,
                decimals=decimals,
                level=int(raw.get("level", 0)),
                section=key,
                maximum=maximum,
                # A figure that is never added up is no bigger in a consolidated return.
                consolidated_maximum=maximum * limits.consolidated_factor if aggregation == "sum" else maximum,
                aggregation=aggregation,
                row_code=row_code,
            )
            inds.append(ind)
            by_code[code] = ind
        sections.append(
            Section(
                key=key,
                label=_require(s, "label", key, source),
                label_en=s.get("label_en", key),
                table_number=s.get("table_number", ""),
                note_code=s.get("note_code"),
                has_allowances=bool(s.get("has_allowances", False)),
                indicators=tuple(inds),
                rest_label=str(s.get("rest_label", "")),
            )
        )

    texts: list[TextField] = []
    for raw in data.get("texts", []):
        code = new_code(raw.get("code"), "texts")
        sec = _require(raw, "section", code, source)
        if sec not in section_keys:
            raise TemplateError(f"模板 {source}：文字项 {code} 指向未知部分 “{sec}”")
        texts.append(TextField(code, _require(raw, "label", code, source), raw.get("label_en", code), sec, bool(raw.get("numbered", False))))
    text_codes = {t.code for t in texts}
    for s in sections:
        if s.note_code and s.note_code not in text_codes:
            raise TemplateError(f"模板 {source}：部分 {s.key} 的说明栏 “{s.note_code}” 未在 texts 中定义")

    def known(code: Any, rule: str) -> str:
        if code not in by_code:
            raise TemplateError(f"模板 {source}：规则 {rule} 引用了未知指标代码 “{code}”")
        return str(code)

    rule_ids: set[str] = set()

    def rule_id(raw: dict[str, Any], kind: str) -> str:
        rid = _require(raw, "id", kind, source)
        if rid in rule_ids:
            raise TemplateError(f"模板 {source}：规则编号 “{rid}” 重复")
        rule_ids.add(rid)
        return str(rid)

    breakdowns = []
    for raw in data.get("breakdowns", []):
        rid = rule_id(raw, "breakdowns")
        parts = tuple(known(p, rid) for p in _require(raw, "parts", rid, source))
        if len(parts) < 2:
            raise TemplateError(f"模板 {source}：规则 {rid} 至少需要两个分项")
        heading = raw.get("heading", "")
        if not isinstance(heading, str):
            raise TemplateError(f'模板 {source}：规则 {rid} 的 heading 应为文字，如 "按职称分"')
        breakdowns.append(
            Breakdown(rid, raw.get("label", rid), raw.get("label_en", rid), known(raw.get("total"), rid), parts, heading, str(raw.get("heading_en", "")))
        )

    def side(codes: Any, rule: str) -> tuple[str, ...]:
        """One code, or a list of codes whose sum is compared."""
        listed = codes if isinstance(codes, list) else [codes]
        if not listed:
            raise TemplateError(f"模板 {source}：规则 {rule} 的一边没有指标代码")
        return tuple(known(c, rule) for c in listed)

    orders = []
    for raw in data.get("orders", []):
        rid = rule_id(raw, "orders")
        if_blank = raw.get("if_blank", "skip")
        if if_blank not in ("skip", "error"):
            raise TemplateError(f"模板 {source}：规则 {rid} 的 if_blank 必须是 skip 或 error")
        orders.append(
            OrderRule(
                rid,
                side(raw.get("lesser"), rid),
                side(raw.get("greater"), rid),
                _severity(raw.get("severity", "error"), rid, source),
                if_blank,
                str(raw.get("lesser_label", "")),
                str(raw.get("greater_label", "")),
            )
        )
    requires = []
    for raw in data.get("requires", []):
        rid = rule_id(raw, "requires")
        requires.append(RequiresRule(rid, known(raw.get("when"), rid), known(raw.get("then"), rid), _severity(raw.get("severity", "warning"), rid, source)))
    stock_change = []
    for raw in data.get("stock_change", []):
        rid = rule_id(raw, "stock_change")
        try:
            threshold = Decimal(str(_require(raw, "threshold", rid, source)))
        except InvalidOperation:
            raise TemplateError(f"模板 {source}：规则 {rid} 的 threshold 不是数字") from None
        stock_change.append(StockChangeRule(rid, threshold, int(raw.get("min_previous", 0)), _severity(raw.get("severity", "warning"), rid, source)))
    allowance_checks = [
        AllowanceRule(rule_id(raw, "allowance_check"), _severity(raw.get("severity", "warning"), "allowance_check", source))
        for raw in data.get("allowance_check", [])
    ]
    ratios = []
    for raw in data.get("ratios", []):
        code = new_code(raw.get("code"), "ratios")
        sec = raw.get("section", "")
        if sec not in section_keys:
            raise TemplateError(f"模板 {source}：比率 {code} 指向未知部分 “{sec}”")
        ratios.append(
            Ratio(
                code,
                _require(raw, "label", code, source),
                raw.get("label_en", code),
                sec,
                tuple(known(c, code) for c in _require(raw, "numerator", code, source)),
                tuple(known(c, code) for c in _require(raw, "denominator", code, source)),
            )
        )
    ratio_codes = {r.code for r in ratios}

    def columns(key: str) -> tuple[SummaryColumn, ...]:
        out = []
        for raw in data.get(key, []):
            codes = tuple(_require(raw, "codes", key, source))
            for c in codes:
                if c not in by_code and c not in ratio_codes:
                    raise TemplateError(f"模板 {source}：{key} “{raw.get('label')}” 引用了未知代码 “{c}”")
            if not codes or (any(c in ratio_codes for c in codes) and len(codes) > 1):
                raise TemplateError(f"模板 {source}：{key} “{raw.get('label')}” 应为若干指标代码或一个比率代码")
            out.append(SummaryColumn(_require(raw, "label", key, source), codes))
        return tuple(out)

    summary = data.get("summary", {})
    breakdown_ids = {b.id for b in breakdowns}
    charts = tuple(summary.get("charts", ()))
    for rid in charts:
        if rid not in breakdown_ids:
            raise TemplateError(f"模板 {source}：summary.charts 引用了未知分组规则 “{rid}”")
    funnel = _funnel(summary.get("funnel"), by_code, ratio_codes, source)
    narrative = data.get("narrative", {})
    draft = narrative.get("draft")
    if draft is not None and draft not in text_codes:
        raise TemplateError(f"模板 {source}：narrative.draft 引用了未知文字项 “{draft}”")
    outline = tuple((str(k), str(v)) for k, v in narrative.get("outline", {}).items())
    for _, code in outline:
        if code not in text_codes:
            raise TemplateError(f"模板 {source}：narrative.outline 引用了未知文字项 “{code}”")

    return Template(
        id=str(tid),
        version=version,
        title=data.get("title", str(tid)),
        title_en=data.get("title_en", str(tid)),
        form_number=data.get("form_number", ""),
        sections=tuple(sections),
        texts=tuple(texts),
        breakdowns=tuple(breakdowns),
        orders=tuple(orders),
        requires=tuple(requires),
        stock_change=tuple(stock_change),
        allowance_checks=tuple(allowance_checks),
        ratios=tuple(ratios),
        key_figures=columns("key_figures"),
        unit_columns=columns("unit_columns"),
        source=source,
        limits=limits,
        particulars=_particulars(data, source),
        charts=charts,
        funnel=funnel,
        draft_text=draft,
        outline_texts=outline,
        applies_from=str(applies_from),
        _by_code=by_code,
    )


def _row_code(value: Any, position: int, code: str, source: str) -> str:
    """An indicator's 代码 on the printed form: its ``row_code`` when the template gives one,
    otherwise its position in its section, two digits (01, 02 …). Adding an indicator at the
    end of a section changes no other row's code; one inserted before others needs
    ``row_code`` on it (or on those after it) to keep theirs."""
    if value is None:
        return f"{position:02d}"
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f'模板 {source}：{code} 的 row_code 应为带引号的代码，如 "07"')
    return value.strip()


def _particulars(data: dict[str, Any], source: str) -> Particulars:
    raw = data.get("particulars", {})
    if not isinstance(raw, dict):
        raise TemplateError(f"模板 {source}：particulars 应为表")
    kind = raw.get("approver_kind", "批准机关")
    if kind not in ("批准机关", "备案机关"):
        raise TemplateError(f"模板 {source}：particulars.approver_kind 应为 “批准机关” 或 “备案机关”")
    text = {k: str(raw.get(k, "")) for k in ("issuer", "approver", "approval_number", "valid_until")}
    return Particulars(form_number=str(data.get("form_number", "")), approver_kind=kind, **text)


def _funnel(raw: Any, by_code: dict[str, Indicator], ratio_codes: set[str], source: str) -> Funnel | None:
    if raw is None:
        return None
    rows = tuple(raw.get("rows", ()))
    base = raw.get("base", "")
    for code in (*rows, base):
        if code not in by_code:
            raise TemplateError(f"模板 {source}：summary.funnel 引用了未知指标代码 “{code}”")
    rate = raw.get("rate")
    if rate is not None and rate not in ratio_codes:
        raise TemplateError(f"模板 {source}：summary.funnel.rate 引用了未知比率 “{rate}”")
    if len(rows) < 2:
        raise TemplateError(f"模板 {source}：summary.funnel 至少需要两行")
    sections = {by_code[c].section for c in rows}
    if len(sections) != 1:
        raise TemplateError(f"模板 {source}：summary.funnel 的各行应属于同一部分")
    return Funnel(str(raw.get("label", "")), sections.pop(), rows, str(base), rate)


def load_template_file(path: Path) -> Template:
    import tomllib  # here, not at the top: a start that finds the templates in models.template's cache needs no TOML reader

    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"模板 {path.name} 格式错误：{exc}") from None
    return parse_template(data, path.name)
