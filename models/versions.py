"""Two versions of one return side by side, when a save was refused because another clerk
saved first (models.returns ReturnConflict): what differs (labels from the template), and
the stored version with the clerk's own edits typed in again, to look over and save.

Plain data, no Qt: the window shows it (ui/conflict_dialog.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields

from models.data import STATUS_LABELS, Allowance, ReturnData, Signatories
from models.template import Template
from models.values import format_value

SIGNATORY_LABELS = {"unit_head": "单位负责人", "stats_head": "统计负责人", "filled_by": "填表人", "phone": "联系电话", "report_date": "报出日期"}
BLANK = "（空）"


@dataclass(frozen=True)
class Difference:
    """One part of a return as this clerk has it and as the other clerk stored it."""

    label: str  # the indicator's label from the template, or the part of the return
    mine: str  # as the clerk typed it (BLANK when blank)
    theirs: str  # as stored by the other clerk


@dataclass(frozen=True)
class Conflict:
    """A refused save: the message (who saved in between, when), the clerk's data, the stored
    data (None when the return was deleted) and what differs between them."""

    message: str
    who: str
    mine: ReturnData
    theirs: ReturnData | None
    differences: list[Difference] = field(default_factory=list)


def differences(tpl: Template, mine: ReturnData, theirs: ReturnData | None) -> list[Difference]:
    """Every figure, text, explanation, allowance list and signatory that differs, in the
    template's order."""
    other = theirs if theirs is not None else ReturnData(mine.unit, mine.period, mine.template_id, mine.template_version)
    out: list[Difference] = []
    for ind in tpl.indicators:
        a, b = mine.values.get(ind.code), other.values.get(ind.code)
        if a != b:
            out.append(Difference(tpl.full_label(ind.code), format_value(ind, a, grouping=True) or BLANK, format_value(ind, b, grouping=True) or BLANK))
    for code in tpl.text_codes():
        a_text, b_text = mine.texts.get(code, "").strip(), other.texts.get(code, "").strip()
        if a_text != b_text:
            out.append(Difference(tpl.text_field(code).label, a_text or BLANK, b_text or BLANK))
    for key in sorted(set(mine.explanations) | set(other.explanations)):
        a_text, b_text = mine.explanations.get(key, "").strip(), other.explanations.get(key, "").strip()
        if a_text != b_text:
            out.append(Difference("审核说明", a_text or BLANK, b_text or BLANK))
    if _allowances(mine.allowances) != _allowances(other.allowances):
        out.append(Difference("津贴与荣誉", _allowance_text(mine.allowances), _allowance_text(other.allowances)))
    for f in fields(Signatories):
        a_sig, b_sig = getattr(mine.signatories, f.name), getattr(other.signatories, f.name)
        if (a_sig or None) != (b_sig or None):
            out.append(Difference(SIGNATORY_LABELS[f.name], str(a_sig or "") or BLANK, str(b_sig or "") or BLANK))
    if theirs is not None and mine.status != theirs.status:
        out.append(Difference("状态", STATUS_LABELS.get(mine.status, mine.status), STATUS_LABELS.get(theirs.status, theirs.status)))
    return out


def reapply(base: ReturnData, mine: ReturnData, theirs: ReturnData) -> ReturnData:
    """The stored version (``theirs``) with every edit the clerk made since ``base`` (the version
    they loaded) typed in again: figures, texts and explanations one by one, the allowance list
    and each signatory as a whole. Where both changed the same figure, the clerk's wins — they
    see the list of differences before they save it."""
    out = copy.deepcopy(theirs)
    for attr in ("values", "texts", "explanations", "drafted_from"):
        old, new, target = getattr(base, attr), getattr(mine, attr), getattr(out, attr)
        for key in set(old) | set(new):
            if old.get(key) != new.get(key):
                if key in new:
                    target[key] = copy.deepcopy(new[key])
                else:
                    target.pop(key, None)
    if _allowances(base.allowances) != _allowances(mine.allowances):
        out.allowances = copy.deepcopy(mine.allowances)
    for f in fields(Signatories):
        if getattr(base.signatories, f.name) != getattr(mine.signatories, f.name):
            setattr(out.signatories, f.name, getattr(mine.signatories, f.name))
    return out


def as_text(conflict: Conflict) -> str:
    """The differences as tab-separated lines, for the clipboard (the clerk's values kept)."""
    lines = [conflict.message, "", "项目\t您的数值\t已保存的数值"]
    lines += [f"{d.label}\t{d.mine}\t{d.theirs}" for d in conflict.differences]
    return "\n".join(lines)


def _allowances(rows: list[Allowance]) -> list[tuple[object, ...]]:
    return [a.key() for a in rows if a.name.strip() or a.persons is not None or a.amount is not None]


def _allowance_text(rows: list[Allowance]) -> str:
    return "；".join(f"{a.name} {a.persons if a.persons is not None else ''}人 {a.amount if a.amount is not None else ''}元" for a in rows) or BLANK
