"""The checks (审核): template rules applied to a return, giving findings as plain data.

Every rule lives in the template file; this module only knows the rule kinds.
An error blocks 报送; a warning may be kept with an explanation, stored under
the finding's ``key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from models.data import Allowance, ReturnData, fmt_number
from models.periods import Period
from models.template import Template

PERCENT_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    rule_id: str
    key: str  # unique within a return; explanations are stored under it
    severity: str  # error | warning
    codes: tuple[str, ...]  # indicator codes involved, the first one to jump to
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


_MESSAGES = {
    "zh": {
        "sum": "{label}合计 {sum} 与{total_label} {total} 不符（相差 {diff}）",
        "partial": "{label}只填了一部分：{missing} 未填。分项要么全部填写（没有填0），要么全部留空",
        "total_blank": "{label}已填写（合计 {sum}），但{total_label}未填",
        "order": "{lesser_label} {lesser} 大于{greater_label} {greater}",
        "order_blank": "{lesser_label}和{greater_label}须同时填写",
        "requires": "填了{when_label} {when}，但{then_label}为空或为0",
        "stock": "{label}由上期 {prev} 变为本期 {cur}，变动 {pct}%，超过 {limit}%",
        "allowance": "津贴与荣誉第 {row} 行“{name}”：本期发放金额 {amount} 元，按人数×标准×{months}个月(+一次性奖励)应为 {expected} 元",
        "allowance_blank": "津贴与荣誉第 {row} 行“{name}”：未填本期发放金额",
        "consolidated": "（汇总表：有下级单位只填了合计、未填分项，请说明或补齐下级报表）",
    },
    "en": {
        "sum": "{label}: parts add up to {sum}, but {total_label} is {total} (difference {diff})",
        "partial": "{label} is only partly filled in: {missing} blank. Fill in every part (0 for none) or leave all blank",
        "total_blank": "{label} is filled in (sum {sum}) but {total_label} is blank",
        "order": "{lesser_label} {lesser} is greater than {greater_label} {greater}",
        "order_blank": "{lesser_label} and {greater_label} must both be filled in",
        "requires": "{when_label} is {when} but {then_label} is blank or 0",
        "stock": "{label} moved from {prev} last quarter to {cur}, {pct}%, more than {limit}%",
        "allowance": "Allowance row {row} “{name}”: amount {amount}, expected {expected} (persons × standard × {months} months + one-off)",
        "allowance_blank": "Allowance row {row} “{name}”: amount is blank",
        "consolidated": " (consolidated: some units reported the total without its parts; explain or complete their returns)",
    },
}


def _msg(lang: str, key: str, **kw: object) -> str:
    return _MESSAGES.get(lang, _MESSAGES["zh"])[key].format(**kw)


def ratio(values: dict[str, Decimal], numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Decimal | None:
    """A percentage to one decimal, or None if any part is blank or the denominator is 0."""
    if any(c not in values for c in numerator + denominator):
        return None
    den = sum((values[c] for c in denominator), Decimal(0))
    if den == 0:
        return None
    num = sum((values[c] for c in numerator), Decimal(0))
    return (num * 100 / den).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def compute_ratios(template: Template, values: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Every computed ratio of the template (专业技术人员占比 …), in percent."""
    return {r.code: ratio(values, r.numerator, r.denominator) for r in template.ratios}


def summary_figure(values: dict[str, Decimal], ratios: dict[str, Decimal | None], codes: tuple[str, ...]) -> Decimal | None:
    """A summary column's figure: a ratio, or the sum of its codes (blank if any is blank)."""
    if codes[0] in ratios:
        return ratios[codes[0]]
    if any(c not in values for c in codes):
        return None
    return sum((values[c] for c in codes), Decimal(0))


def check_return(
    template: Template,
    ret: ReturnData,
    previous: dict[str, Decimal] | None = None,
    lang: str = "zh",
) -> list[Finding]:
    """All findings for a return; ``previous`` is last quarter's values, if there is one."""
    v = ret.values
    findings: list[Finding] = []
    # On a consolidated return a breakdown that does not add up usually means some
    # unit knew the total but not its parts: exact sums, kept with an explanation.
    sum_severity = "warning" if ret.scope == "consolidated" else "error"
    sum_suffix = _msg(lang, "consolidated") if ret.scope == "consolidated" else ""

    def fmt(code: str) -> str:
        return fmt_number(v[code], template.indicator(code).decimals if template.has_indicator(code) else 0)

    def label(code: str) -> str:
        return template.full_label(code, lang)

    for b in template.breakdowns:
        filled = [c for c in b.parts if c in v]
        if not filled:
            continue
        blabel = b.label_en if lang == "en" else b.label
        if len(filled) < len(b.parts):
            missing = "、".join(template.label(c, lang) for c in b.parts if c not in v)
            findings.append(Finding(b.id, b.id, sum_severity, tuple(c for c in b.parts if c not in v), _msg(lang, "partial", label=blabel, missing=missing) + sum_suffix))
            continue
        total = sum((v[c] for c in b.parts), Decimal(0))
        if b.total not in v:
            findings.append(Finding(b.id, b.id, sum_severity, (b.total, *b.parts), _msg(lang, "total_blank", label=blabel, sum=fmt_number(total), total_label=label(b.total)) + sum_suffix))
        elif total != v[b.total]:
            findings.append(
                Finding(
                    b.id,
                    b.id,
                    sum_severity,
                    (b.total, *b.parts),
                    _msg(lang, "sum", label=blabel, sum=fmt_number(total), total_label=label(b.total), total=fmt(b.total), diff=fmt_number(abs(total - v[b.total]))) + sum_suffix,
                )
            )

    for o in template.orders:
        if o.lesser not in v or o.greater not in v:
            if o.if_blank == "error" and (o.lesser in v) != (o.greater in v):
                findings.append(Finding(o.id, o.id, o.severity, (o.lesser, o.greater), _msg(lang, "order_blank", lesser_label=label(o.lesser), greater_label=label(o.greater))))
            continue
        if v[o.lesser] > v[o.greater]:
            findings.append(
                Finding(o.id, o.id, o.severity, (o.lesser, o.greater), _msg(lang, "order", lesser_label=label(o.lesser), lesser=fmt(o.lesser), greater_label=label(o.greater), greater=fmt(o.greater)))
            )

    for r in template.requires:
        if v.get(r.when, Decimal(0)) > 0 and v.get(r.then, Decimal(0)) == 0:
            findings.append(Finding(r.id, r.id, r.severity, (r.then, r.when), _msg(lang, "requires", when_label=label(r.when), when=fmt(r.when), then_label=label(r.then))))

    if previous:
        for s in template.stock_change:
            for ind in template.indicators:
                # A typed percent moving 20 % of itself says nothing: only counts are compared.
                if ind.kind != "stock" or ind.is_percent or ind.code not in v or ind.code not in previous:
                    continue
                prev = previous[ind.code]
                if prev < s.min_previous or prev == 0:
                    continue
                change = (v[ind.code] - prev) / prev
                if abs(change) > s.threshold:
                    pct = (change * 100).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)
                    findings.append(
                        Finding(
                            s.id,
                            f"{s.id}:{ind.code}",
                            s.severity,
                            (ind.code,),
                            _msg(lang, "stock", label=label(ind.code), prev=fmt_number(prev, ind.decimals), cur=fmt(ind.code), pct=f"{pct:+}", limit=f"{s.threshold * 100:.0f}"),
                        )
                    )

    months = Period.parse(ret.period).months
    if ret.missing_quarters:  # an annual view covers only the quarters it has
        months = 3 * (4 - len(ret.missing_quarters))
    for a in template.allowance_checks:
        for i, row in enumerate(ret.allowances, start=1):
            findings.extend(_allowance_findings(a.id, a.severity, i, row, months, lang))
    return findings


def _allowance_findings(rule_id: str, severity: str, row_no: int, row: Allowance, months: int, lang: str) -> list[Finding]:
    months = row.months if row.months is not None else months  # a 全年 row: its own quarters' months
    expected = row.expected_amount(months)
    key = f"{rule_id}:{row_no}"
    if row.amount is None:
        if expected:
            return [Finding(rule_id, key, severity, (), _msg(lang, "allowance_blank", row=row_no, name=row.name))]
        return []
    if expected is not None and expected != row.amount:
        return [
            Finding(
                rule_id,
                key,
                severity,
                (),
                _msg(lang, "allowance", row=row_no, name=row.name, amount=fmt_number(row.amount, 2), expected=fmt_number(expected, 2), months=months),
            )
        ]
    return []


def allowance_finding(row_no: int, row: Allowance, months: int, lang: str = "zh") -> str | None:
    """The amount check for one allowance row, for showing beside the row in a table."""
    found = _allowance_findings("warn.allowance.amount", "warning", row_no, row, months, lang)
    return found[0].message if found else None


def blocking(findings: list[Finding], explanations: dict[str, str]) -> list[Finding]:
    """What stops 报送: every error, and every warning without an explanation."""
    return [f for f in findings if f.is_error or not explanations.get(f.key, "").strip()]
