"""The checks (审核): template rules applied to a return, giving findings as plain data.

Every rule lives in the template file; this module only knows the rule kinds.
An error blocks 报送; a warning may be kept with an explanation, stored under
the finding's ``key``; a note (备注: a breakdown the clerk knows only in part) is
the lowest importance: never an error, never a block, no explanation needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from models.data import Allowance, ReturnData, fmt_number
from models.periods import Period
from models.template import Breakdown, Template

PERCENT_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    """What one check found in a return: the rule, how serious, the figures involved and the message for the clerk."""

    rule_id: str
    key: str  # unique within a return; explanations are stored under it
    severity: str  # error | warning | note
    codes: tuple[str, ...]  # indicator codes involved, the first one to jump to
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def is_note(self) -> bool:
        """部分未填 and the like: shown, never counted as a problem, never blocking."""
        return self.severity == "note"


def count_findings(findings: list[Finding]) -> tuple[int, int, int]:
    """(errors, warnings, notes)."""
    return sum(f.is_error for f in findings), sum(f.is_warning for f in findings), sum(f.is_note for f in findings)


_MESSAGES = {
    "zh": {
        "sum": "{label}合计 {sum} 与{total_label} {total} 不符（相差 {diff}）",
        "partial": "{label}部分未填：{missing} 未填（已填分项合计 {sum}，{total_label} {total}）",
        "partial_over": "{label}已填分项合计 {sum} 超过{total_label} {total}（相差 {diff}；{missing} 未填）",
        "total_blank": "{label}已填写（合计 {sum}），{total_label}未填",
        "total_blank_partial": "{label}已填部分分项（合计 {sum}；{missing} 未填），{total_label}未填",
        "sum_under": "{label}合计 {sum} 小于{total_label} {total}（相差 {diff}）：有单位只填了合计、未填全分项",
        "order": "{lesser_label} {lesser} 大于{greater_label} {greater}",
        "order_blank": "{lesser_label}和{greater_label}须同时填写",
        "requires": "填了{when_label} {when}，但{then_label}为空或为0",
        "stock": "{label}由上期 {prev} 变为本期 {cur}，变动 {pct}%，超过 {limit}%",
        "allowance": "津贴与荣誉第 {row} 行“{name}”：本期发放金额 {amount} 元，按人数×标准×{months}个月(+一次性奖励)应为 {expected} 元",
        "allowance_blank": "津贴与荣誉第 {row} 行“{name}”：未填本期发放金额",
        "consolidated": "（汇总表：有下级单位只填了分项、未填合计，请说明或补齐下级报表）",
    },
    "en": {
        "sum": "{label}: parts add up to {sum}, but {total_label} is {total} (difference {diff})",
        "partial": "{label} partly filled in: {missing} blank (parts filled add up to {sum}, {total_label} {total})",
        "partial_over": "{label}: the parts filled add up to {sum}, more than {total_label} {total} (difference {diff}; {missing} blank)",
        "total_blank": "{label} is filled in (sum {sum}), {total_label} is blank",
        "total_blank_partial": "{label} is partly filled in (sum {sum}; {missing} blank), {total_label} is blank",
        "sum_under": "{label}: parts add up to {sum}, less than {total_label} {total} (difference {diff}): some units gave the total without all its parts",
        "order": "{lesser_label} {lesser} is greater than {greater_label} {greater}",
        "order_blank": "{lesser_label} and {greater_label} must both be filled in",
        "requires": "{when_label} is {when} but {then_label} is blank or 0",
        "stock": "{label} moved from {prev} last quarter to {cur}, {pct}%, more than {limit}%",
        "allowance": "Allowance row {row} “{name}”: amount {amount}, expected {expected} (persons × standard × {months} months + one-off)",
        "allowance_blank": "Allowance row {row} “{name}”: amount is blank",
        "consolidated": " (consolidated: some units reported parts without their total; explain or complete their returns)",
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

    def fmt(code: str) -> str:
        return fmt_number(v[code], template.indicator(code).decimals if template.has_indicator(code) else 0)

    def label(code: str) -> str:
        return template.full_label(code, lang)

    findings.extend(breakdown_findings(template, v, lang, consolidated=ret.scope == "consolidated"))

    def side_label(codes: tuple[str, ...], given: str) -> str:
        if len(codes) == 1:
            return label(codes[0])
        return given or "、".join(label(c) for c in codes) + ("合计" if lang != "en" else " (sum)")

    for o in template.orders:
        # The lesser side: what of it is filled; the greater side: only when all of it is.
        lesser_filled = [c for c in o.lesser if c in v]
        greater_known = all(c in v for c in o.greater)
        lesser_label, greater_label = side_label(o.lesser, o.lesser_label), side_label(o.greater, o.greater_label)
        codes = (*o.lesser, *o.greater)
        if not lesser_filled or not greater_known:
            if o.if_blank == "error" and bool(lesser_filled) != greater_known:
                findings.append(Finding(o.id, o.id, o.severity, codes, _msg(lang, "order_blank", lesser_label=lesser_label, greater_label=greater_label)))
            continue
        lesser = sum((v[c] for c in lesser_filled), Decimal(0))
        greater = sum((v[c] for c in o.greater), Decimal(0))
        if lesser > greater:
            places = max((template.indicator(c).decimals for c in codes if template.has_indicator(c)), default=0)
            findings.append(
                Finding(
                    o.id,
                    o.id,
                    o.severity,
                    codes,
                    _msg(
                        lang,
                        "order",
                        lesser_label=lesser_label,
                        lesser=fmt_number(lesser, places),
                        greater_label=greater_label,
                        greater=fmt_number(greater, places),
                    ),
                )
            )

    for r in template.requires:
        if v.get(r.when, Decimal(0)) > 0 and v.get(r.then, Decimal(0)) == 0:
            findings.append(
                Finding(r.id, r.id, r.severity, (r.then, r.when), _msg(lang, "requires", when_label=label(r.when), when=fmt(r.when), then_label=label(r.then)))
            )

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
                            _msg(
                                lang,
                                "stock",
                                label=label(ind.code),
                                prev=fmt_number(prev, ind.decimals),
                                cur=fmt(ind.code),
                                pct=f"{pct:+}",
                                limit=f"{s.threshold * 100:.0f}",
                            ),
                        )
                    )

    months = Period.parse(ret.period).months
    if ret.missing_quarters:  # an annual view covers only the quarters it has
        months = 3 * (4 - len(ret.missing_quarters))
    for a in template.allowance_checks:
        for i, row in enumerate(ret.allowances, start=1):
            findings.extend(_allowance_findings(a.id, a.severity, i, row, months, lang))
    findings.sort(key=lambda f: f.is_note)  # notes after every problem, in every listing
    return findings


def _known(template: Template, values: dict[str, Decimal], code: str, seen: frozenset[str]) -> tuple[Decimal | None, bool]:
    """What is known of a figure: (value, complete). A typed value is complete; a blank total
    of a breakdown (an intermediate total such as 高级职称 = 正高 + 副高) is the sum of its
    known parts, complete only when every part is; nothing known: (None, False)."""
    if code in values:
        return values[code], True
    best: Decimal | None = None
    for b in template.breakdowns:
        if b.total != code or code in seen:
            continue
        parts = [_known(template, values, p, seen | {code}) for p in b.parts]
        got = [value for value, _ in parts if value is not None]
        if not got:
            continue
        total = sum(got, Decimal(0))
        if all(value is not None and complete for value, complete in parts):
            return total, True
        best = total if best is None else max(best, total)
    return best, False


def breakdown_findings(template: Template, v: dict[str, Decimal], lang: str = "zh", consolidated: bool = False) -> list[Finding]:
    """The breakdown rules under partial knowledge.

    Every part filled: they must equal the total (error). Some filled: their sum must not
    exceed the total (error), else a note 部分未填. None filled: nothing. Total blank, parts
    filled: a note (a total is typed, never derived). A part that is itself the total of a
    breakdown counts with what is known of it (nested breakdowns). On a consolidated return a
    sum below the total is what units that knew only the total leave behind: a note; above
    it, a warning to explain (as before).
    """
    return [f for b in template.breakdowns if (f := breakdown_finding(template, b, v, lang, consolidated)) is not None]


@dataclass(frozen=True)
class BreakdownState:
    """Where a breakdown stands, for the checks and the form's live sum alike.

    ``verdict``: "empty" (no part known), "equal", "differs" (every part known, another sum),
    "partial" (some parts known, not above the total), "over" (some parts known, above the
    total), "total_blank" (parts typed, total blank). ``parts_sum`` adds what is known.
    """

    verdict: str
    parts_sum: Decimal
    total: Decimal | None
    unknown: tuple[str, ...]  # parts blank or only partly known


def breakdown_state(template: Template, b: Breakdown, v: dict[str, Decimal]) -> BreakdownState:
    known = {p: _known(template, v, p, frozenset({b.total})) for p in b.parts}
    parts_sum = sum((value for value, _ in known.values() if value is not None), Decimal(0))
    unknown = tuple(p for p, (value, complete) in known.items() if value is None or not complete)
    total = v.get(b.total)
    if all(value is None for value, _ in known.values()):
        verdict = "empty"
    elif total is None:
        # Only derived parts (an inner breakdown typed, its total blank): the inner one says so.
        verdict = "total_blank" if any(p in v for p in b.parts) else "empty"
    elif unknown:
        verdict = "over" if parts_sum > total else "partial"
    else:
        verdict = "equal" if parts_sum == total else "differs"
    return BreakdownState(verdict, parts_sum, total, unknown)


def breakdown_finding(template: Template, b: Breakdown, v: dict[str, Decimal], lang: str = "zh", consolidated: bool = False) -> Finding | None:
    """What the checks find for one breakdown (None: nothing to say); the form's live sum
    shows exactly this, so the rule is written once."""
    state = breakdown_state(template, b, v)
    if state.verdict in ("empty", "equal"):
        return None
    decimals = template.indicator(b.total).decimals if template.has_indicator(b.total) else 0
    kw = {
        "label": b.label_en if lang == "en" else b.label,
        "total_label": template.full_label(b.total, lang),
        "sum": fmt_number(state.parts_sum, decimals),
        "total": fmt_number(state.total, decimals),
        "diff": fmt_number(abs(state.parts_sum - state.total), decimals) if state.total is not None else "",
        "missing": "、".join(template.label(p, lang) for p in state.unknown),
    }
    codes = (b.total, *b.parts)
    if state.verdict == "total_blank":
        return Finding(b.id, b.id, "note", codes, _msg(lang, "total_blank_partial" if state.unknown else "total_blank", **kw))
    if state.verdict == "partial":
        return Finding(b.id, b.id, "note", (*state.unknown, b.total), _msg(lang, "partial", **kw))
    over = state.verdict == "over" or state.parts_sum > (state.total or 0)
    if consolidated:
        # A 汇总 adds what each unit knew: below the total, units that knew only the total (a
        # note); above it, units that gave parts without their total (explain or complete).
        if not over:
            return Finding(b.id, b.id, "note", codes, _msg(lang, "sum_under", **kw))
        return Finding(b.id, b.id, "warning", codes, _msg(lang, "partial_over" if state.verdict == "over" else "sum", **kw) + _msg(lang, "consolidated"))
    return Finding(b.id, b.id, "error", codes, _msg(lang, "partial_over" if state.verdict == "over" else "sum", **kw))


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
    """What stops 报送: every error, and every warning without an explanation (never a note)."""
    return [f for f in findings if f.is_error or (f.is_warning and not explanations.get(f.key, "").strip())]
