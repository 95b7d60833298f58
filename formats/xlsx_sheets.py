"""The section sheets of an Excel return, read cell by cell: what each row holds, before it is judged.

``read_sheets`` walks every section sheet of the template (as openpyxl's read-only mode
gives it, or formats.xlsx_fast) and finds the figures by their codes, the texts, the
allowances, the explanations and the signatures, with each cell's sheet, row, column,
type and number format (``SheetCell``), so that a problem names its cell. What the clerk
cannot see, or what would be lost, is a problem here: a filled cell under a merge, a
figure right of the form, a figure in a row without a code or with a code that is not
the template's, a row whose shown code disagrees with its hidden one, a missing row.
``formula_results`` puts the results Excel saved in place of formulas (openpyxl path).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formats.xlsx_layout import (
    ALLOWANCES_MARK,
    ALLOWANCES_TOTAL,
    COLUMN_NUMBERS,
    CONTINUED,
    EXPLANATIONS_MARK,
    FORM_COLUMNS,
    HEAD_CODE,
    HEAD_CONTENT,
    HEAD_CURRENT,
    HEAD_STABLE_CODE,
    MAX_ROWS,
    READ_COLUMNS,
    SIGNATORIES,
    SIGNATURE_VALUE_COLUMN,
    STABLE_CODE_COLUMN,
    sheet_names,
)
from formats.xlsx_visible import SheetView, range_ref
from models.template import Template
from models.values import quote

NOTE_FORMULA = "使用了公式的计算结果"
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\+?$")


@dataclass
class SheetCell:
    """One cell as read: its value, and whether it was a formula (resolved in a second pass)."""

    sheet: str
    row: int
    col: int
    value: Any
    data_type: str = "n"
    from_formula: bool = False
    number_format: str = "General"

    @property
    def coordinate(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.col)}{self.row}"

    @property
    def where(self) -> str:
        return f"工作表“{self.sheet}”单元格 {self.coordinate}"


@dataclass
class Found:
    """Everything the sheets hold, before it is checked."""

    values: dict[str, SheetCell] = field(default_factory=dict)
    texts: dict[str, list[tuple[SheetCell, bool]]] = field(default_factory=dict)  # code -> pieces (cell, continued)
    allowances: list[list[SheetCell]] = field(default_factory=list)
    explanations: dict[str, SheetCell] = field(default_factory=dict)
    signatories: dict[str, list[SheetCell]] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> header label -> what follows it

    def relevant(self) -> list[SheetCell]:
        """Every cell the return is read from."""
        cells = list(self.values.values())
        cells += [cell for pieces in self.texts.values() for cell, _ in pieces]
        cells += [cell for row in self.allowances for cell in row]
        cells += list(self.explanations.values())
        cells += [c for sig in self.signatories.values() for c in sig]
        return cells


FormulaResolver = Callable[[list[SheetCell], list[str], list[str]], None]


def text_value(raw: SheetCell) -> str:
    v = raw.value
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    return str(v).replace("\r\n", "\n").replace("\r", "\n")


def filled(raw: SheetCell) -> bool:
    return _filled(raw.value)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _Row:
    """One row's cells as SheetCells, made when asked for (``row(col)``), the same object
    each time; ``width``: the columns read (a cell right of it is an empty one)."""

    def __init__(self, title: str, r: int, cells: Sequence[Any]) -> None:
        self.title, self.r, self.cells, self.width = title, r, cells, len(cells)
        self.made: dict[int, SheetCell] = {}

    def value(self, col: int) -> Any:
        return self.cells[col - 1].value if 0 < col <= self.width else None

    def __call__(self, col: int) -> SheetCell:
        if not 0 < col <= self.width:
            return SheetCell(self.title, self.r, col, None)
        cell = self.made.get(col)
        if cell is None:
            raw = self.cells[col - 1]
            cell = self.made[col] = SheetCell(
                self.title, self.r, col, raw.value, getattr(raw, "data_type", "n") or "n", number_format=getattr(raw, "number_format", None) or "General"
            )
        return cell


def read_sheets(wb: Any, template: Template, problems: list[str], views: dict[str, SheetView] | None = None) -> Found:
    found = Found()
    text_codes = set(template.text_codes())
    computed = {r.code for r in template.ratios}  # shown on the sheets, never imported
    labels = dict(SIGNATORIES)
    views = views or {}
    shown_codes = False  # format 2: the clerk sees row codes (01, 02 …), so messages name those
    for section, title in zip(template.sections, sheet_names(template), strict=True):
        if title not in wb.sheetnames:
            problems.append(f"找不到工作表“{title}”（{section.label}）：文件结构被改动，请用本程序重新导出")
            continue
        view = views.get(title) or SheetView(title)
        if view.state == "veryHidden":
            problems.append(f"工作表“{title}”被设为“非常隐藏”（在Excel中无法取消隐藏），其中的数字看不到，未导入；请对方用本程序重新导出")
        ws = wb[title]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # don't trust the stored size: read every row there is
        code_col = value_col = stable_col = 0
        mode = "head"
        head: dict[str, str] = {}
        found.headers[title] = head
        covered = view.covered()
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=READ_COLUMNS), start=1):
            if r > MAX_ROWS:
                if any(cell.value is not None for cell in row):
                    problems.append(f"工作表“{title}”超过 {MAX_ROWS} 行，不是本程序导出的报表格式，请用本程序重新导出")
                break
            # A SheetCell (sheet, row, column: what a message names) is made only for the
            # cells a row is read from or a problem names; the others are judged by value.
            values = [cell.value for cell in row]
            at = _Row(title, r, row)
            if covered:
                for c, v in enumerate(values, start=1):
                    if (r, c) in covered and _filled(v) and (merge := view.covering(r, c)):
                        cell = at(c)
                        problems.append(
                            f"{cell.where}：在合并单元格 {range_ref(merge)} 之内，其中的内容“{quote(text_value(cell), 20)}”在Excel中看不到，不会被导入；"
                            f"请把它填到合并单元格的左上角（{range_ref(merge).split(':')[0]}）"
                        )
            if mode == "head":
                words = [v.strip() if isinstance(v, str) else v for v in values]
                if HEAD_CODE in words and (HEAD_CURRENT in words or HEAD_CONTENT in words):
                    code_col = words.index(HEAD_CODE) + 1
                    value_col = words.index(HEAD_CURRENT) + 1 if HEAD_CURRENT in words else code_col + 1
                    # Format 2 keys rows on the stable codes of the hidden column; format 1 on 代码.
                    stable_col = STABLE_CODE_COLUMN if words[STABLE_CODE_COLUMN - 1 : STABLE_CODE_COLUMN] == [HEAD_STABLE_CODE] else 0
                    shown_codes = shown_codes or bool(stable_col)
                    mode = "body"
                elif isinstance(words[0] if words else None, str) and "：" in words[0]:
                    label, _, rest = words[0].partition("：")
                    head.setdefault(label.strip(), rest.strip())
                continue
            stable_raw = at(stable_col) if stable_col else None
            outside = [c for c in range(FORM_COLUMNS + 1, len(values) + 1) if c != stable_col and _filled(values[c - 1])]
            if outside:
                problems.append(
                    f"{at(outside[0]).where}：在报表表格（A–F 列）之外，其中的内容“{quote(text_value(at(outside[0])), 20)}”不会被导入；请填到对应指标行的“{HEAD_CURRENT}”栏，删除表格外的内容后再导入"
                )
                at.width = min(at.width, FORM_COLUMNS)
            signature_row = False
            for label_col, sig_col in SIGNATURE_VALUE_COLUMN.items():
                label = at.value(label_col)
                label = label.strip().rstrip("：:").strip() if isinstance(label, str) else ""
                if label in labels:
                    found.signatories.setdefault(labels[label], []).append(at(sig_col))
                    signature_row = True
            if signature_row:
                continue
            shown = at.value(code_col)
            # A row the clerk added has no stable code: what its 代码 says is judged instead.
            code_raw = shown if stable_raw is None or not filled(stable_raw) else stable_raw.value
            code = code_raw.strip() if isinstance(code_raw, str) else ""
            if mode == "explanations" and not code:
                mode = "body"
            if mode == "allowances-head":
                mode = "allowances"
                continue
            if mode == "allowances":
                if code == ALLOWANCES_TOTAL:
                    mode = "body"
                else:
                    found.allowances.append([at(c) for c in range(1, 7)])
                continue
            if code == ALLOWANCES_MARK:
                mode = "allowances-head"
                continue
            if code == EXPLANATIONS_MARK:
                mode = "explanations"
                continue
            # What the row holds from the value column on (a figure where no code says what it is).
            lost = [c for c in range(value_col, at.width + 1) if _filled(values[c - 1])] if shown != COLUMN_NUMBER_CODE else []
            if not code:
                if lost:
                    kind = "数字" if any(isinstance(values[c - 1], (int, float)) or _looks_numeric(values[c - 1]) for c in lost) else "内容"
                    problems.append(
                        f"工作表“{title}”第{r}行填了{kind}（单元格 {at(lost[0]).coordinate}）但没有{HEAD_CODE}，不会被导入：请把{kind}填到对应指标行，删除这一行后再导入"
                    )
                continue
            if mode != "explanations" and not (
                _CODE.match(code) and (template.has_indicator(code) or code.rstrip(CONTINUED) in text_codes or code in computed)
            ):
                if lost:
                    problems.append(
                        f"工作表“{title}”第{r}行的{HEAD_CODE}“{quote(code)}”不是本报表的指标代码，这一行的内容（单元格 {at(lost[0]).coordinate}）不会被导入：请把内容填到对应指标行，或用本程序重新导出"
                    )
                continue
            base, continued = (code[:-1], True) if code.endswith(CONTINUED) else (code, False)
            if template.has_indicator(code):
                row_code = template.indicator(code).row_code
                if stable_raw is not None and text_value(at(code_col)).strip() != row_code:
                    problems.append(
                        f"{at(code_col).where}：{HEAD_CODE}应为“{row_code}”（指标“{template.indicator(code).label}”），文件中是“{quote(text_value(at(code_col)), 20)}”；"
                        "行被移动或代码被改动，请用本程序重新导出"
                    )
                if code in found.values:
                    ind = template.indicator(code)
                    problems.append(
                        f"{at(code_col).where}：指标“{ind.label}”（{HEAD_CODE} {ind.row_code if stable_raw is not None else code}）重复出现（另见{found.values[code].where}），请用本程序重新导出"
                    )
                found.values[code] = at(value_col)
            elif base in text_codes:
                found.texts.setdefault(base, []).append((at(code_col + 1), continued))
            elif mode == "explanations":
                found.explanations[code] = at(code_col + 1)
        if mode == "head":
            problems.append(f"工作表“{title}”找不到表头（“{HEAD_CODE}”栏），文件结构被改动，请用本程序重新导出")
        elif mode.startswith("allowances"):
            problems.append(f"工作表“{title}”的津贴与荣誉表没有“合计”行（代码 {ALLOWANCES_TOTAL}），文件结构被改动")
    for ind in template.indicators:
        if ind.code not in found.values and template.section(ind.section).label[:31] in wb.sheetnames:
            where = f"工作表“{template.section(ind.section).label[:31]}”，{HEAD_CODE} {ind.row_code}" if shown_codes else f"{HEAD_CODE} {ind.code}"
            problems.append(f"找不到指标“{ind.label}”（{where}）的行，文件结构被改动，请用本程序重新导出")
    return found


COLUMN_NUMBER_CODE = COLUMN_NUMBERS[1]  # the 甲/乙/丙/1/2/3 row under the headings
_NUMERIC = re.compile(r"^\s*[-+]?[\d０-９][\d０-９,，]*([.．][\d０-９]*)?\s*%?\s*$")


def _looks_numeric(value: Any) -> bool:
    return isinstance(value, str) and bool(_NUMERIC.match(value))


def formula_results(path: Path, formulas: list[SheetCell], problems: list[str], notes: list[str]) -> None:
    """Replace formula cells by the result Excel saved with them, and say so; no result is a problem."""
    from openpyxl import load_workbook

    wanted: dict[str, dict[tuple[int, int], SheetCell]] = {}
    for c in formulas:
        wanted.setdefault(c.sheet, {})[(c.row, c.col)] = c
    stream = path.open("rb")
    wb = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    try:
        for sheet, cells in wanted.items():
            ws = wb[sheet]
            ws.reset_dimensions()
            last = max(r for r, _ in cells)
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=last, max_col=8), start=1):
                for col, cell in enumerate(row, start=1):
                    if (r, col) in cells:
                        raw = cells[(r, col)]
                        raw.value, raw.data_type, raw.from_formula = cell.value, getattr(cell, "data_type", "n") or "n", True
    finally:
        wb.close()
        stream.close()
    used: dict[str, list[str]] = {}
    for c in formulas:
        if not c.from_formula or c.value is None:
            c.data_type = "f"  # no saved result: reported as a problem
        else:
            used.setdefault(c.sheet, []).append(c.coordinate)
    if used:
        notes.append(f"{NOTE_FORMULA}（" + "；".join(f"工作表“{sheet}”{'、'.join(coords)}" for sheet, coords in used.items()) + "）")
