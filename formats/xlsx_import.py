"""Reading Excel returns back: exactly what the clerk sees, or a clear refusal.

API::

    read_xlsx(path, registry) -> XlsxReturn          # one file, no database; raises FileProblems

``read_xlsx`` checks the container before openpyxl touches it (size, zip members
and their compression ratio, encrypted or old binary files, macros), then reads
the visible cells by their code (formats.xlsx_layout says where they are). A file
is all or nothing: every problem found is listed, each with its sheet and cell.
openpyxl parses the XML through defusedxml (installed with the program), so XML
entities are refused rather than expanded.

Storing files is the import pipeline's work (models.importing, fed by
formats.reading.read_any), the same for the window and the command line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formats.errors import NOTE_STATUS_IGNORED, FileProblems, NotAReturn
from formats.xlsx_build import build_return
from formats.xlsx_container import OLE_MAGIC, check_container, ole_stream_names
from formats.xlsx_fast import fast_workbook
from formats.xlsx_layout import (
    CHECKSUM_VERSION,
    FORMAT,
    FORMAT_VERSION,
    HEAD_CONSOLIDATED_NAME,
    HEAD_CREDIT_CODE,
    HEAD_PERIOD,
    HEAD_UNIT_CODE,
    HEAD_UNIT_NAME,
    MAX_ROWS,
    META_SHEET,
    STABLE_CODE_COLUMN,
    UNITS_SHEET,
    checksum,
    sheet_names,
)
from formats.xlsx_sheets import (
    NOTE_FORMULA,
    FormulaResolver,
    Found,
    formula_results,
    read_sheets,
    text_value,
)
from formats.xlsx_visible import SheetView, how_shown, workbook_view
from models.data import UNIT_LEVELS, ReturnData
from models.periods import Period, PeriodError
from models.template import Template, TemplateRegistry
from models.values import quote, sanitize_return
from models.vocab import ReturnStatus

__all__ = [
    "NOTE_EDITED",
    "NOTE_FORMULA",
    "NOTE_FROM_BLANK",
    "OLE_MAGIC",
    "XlsxReturn",
    "check_container",
    "identity_problems",
    "ole_stream_names",
    "read_workbook",
    "read_xlsx",
]
log = logging.getLogger(__name__)
NOTE_EDITED = f"已在Excel中修改：文件中的数据与导出时不一致（按文件中看到的数据导入，状态为{ReturnStatus.DRAFT.label}）"
NOTE_FROM_BLANK = "由空白模板在Excel中填写"


@dataclass
class XlsxReturn:
    """One return read from a file, with what the clerk should know about it."""

    data: ReturnData
    notes: list[str] = field(default_factory=list)
    blank_template: bool = False


def read_xlsx(path: Path, registry: TemplateRegistry) -> XlsxReturn:
    """Read and validate one Excel return; raise FileProblems listing every problem.

    What the file says about itself is checked, not believed: the identity in the hidden
    meta sheet must agree with the visible header of every sheet, the checksum (which
    covers identity, blank flag and content) decides the "edited in Excel" note, and the
    status is ours to decide (a draft, 已导入). What the clerk cannot see is not imported
    silently: a figure in a row without a code, text under a merged cell, a copied or
    very hidden sheet, a number format that hides or replaces the value."""
    path = Path(path)
    package = check_container(path)
    name = path.name
    from openpyxl import load_workbook

    views = workbook_view(package)
    # The common shape is read without openpyxl, ~10x faster (formats.xlsx_fast); anything
    # else (a formula, an unusual part) by openpyxl, below.
    fast = fast_workbook(package, MAX_ROWS)
    if fast is not None:
        return read_workbook(fast, views, registry, name)
    # openpyxl raises many kinds of exception for a damaged workbook, some only while the
    # rows are read; each becomes the clerk's message, and is logged in case it was a bug.
    # Opened as a stream: openpyxl refuses a path whose extension is not .xlsx, and a
    # township's file may be called 附件1, 城关镇.xls or 报表.et (the content was checked above).
    with path.open("rb") as stream:
        try:
            wb = load_workbook(stream, read_only=True, data_only=False, keep_links=False)
        except Exception as exc:
            log.warning("cannot open %s", path, exc_info=True)
            raise FileProblems(name, [_load_error(exc)]) from None
        try:
            return read_workbook(wb, views, registry, name, lambda formulas, problems, notes: formula_results(path, formulas, problems, notes))
        finally:
            wb.close()


def read_workbook(
    wb: Any, views: dict[str, SheetView], registry: TemplateRegistry, name: str, resolve_formulas: FormulaResolver | None = None, notes: list[str] | None = None
) -> XlsxReturn:
    """The rules of reading a return, on any workbook that looks like openpyxl's read-only
    one (``sheetnames``, ``wb[title].iter_rows`` giving cells with ``value``, ``data_type``
    and ``number_format``): .xlsx through openpyxl, .xls through formats.xls_import."""
    notes = list(notes or [])
    try:
        meta = _read_meta(wb, name)
        template, problems = _identify(meta, registry, name)
        found = read_sheets(wb, template, problems, views)
        _other_sheets(wb, template, meta, views, problems, notes)
    except FileProblems:
        raise
    except Exception as exc:
        log.warning("cannot read %s", name, exc_info=True)
        raise FileProblems(name, [_load_error(exc)]) from None
    formulas = [c for c in found.relevant() if c.data_type == "f"]
    if formulas and resolve_formulas is not None:
        resolve_formulas(formulas, problems, notes)
    data = build_return(found, template, meta, problems)
    problems.extend(identity_problems(found, meta, template))
    problems.extend(_shown_problems(found, notes))
    cleaned, bad_text = sanitize_return(data)
    problems.extend(bad_text)
    notes.extend(cleaned)
    if problems:
        raise FileProblems(name, problems)
    blank = _verify(meta, data, template, notes)
    data.edited_in_excel = NOTE_EDITED in notes
    if meta.get("status") == "submitted":
        notes.append(NOTE_STATUS_IGNORED)
    notes.extend(_view_notes(views, template))
    data.source_file = name
    return XlsxReturn(data, notes, blank)


def _verify(meta: dict[str, str], data: ReturnData, template: Template, notes: list[str]) -> bool:
    """Is this an untouched export, or a blank template? Puts the note first; True for a blank
    template. A blank flag is believed only when the checksum of a blank template matches."""
    stored = meta.get("checksum", "")
    claims_blank = meta.get("blank") == "1"
    try:
        version = int(meta.get("checksum_version") or 1)
    except ValueError:
        version = 0
    if version > CHECKSUM_VERSION or version < 1:
        notes.insert(0, NOTE_EDITED)  # cannot be checked: said, and imported as seen
        return False
    if version == 1:  # the release before: values only, and a blank template had no checksum
        if claims_blank and not stored:
            notes.insert(0, NOTE_FROM_BLANK)
            return True
        if claims_blank or stored != checksum(data, template, version=1):
            notes.insert(0, NOTE_EDITED)
        return False
    if claims_blank and stored == checksum(data, template, blank=True):
        notes.insert(0, NOTE_FROM_BLANK)
        return True
    if claims_blank or stored != checksum(data, template):
        notes.insert(0, NOTE_EDITED)
    return False


def identity_problems(found: Found, meta: dict[str, str], template: Template) -> list[str]:
    """The hidden identity against the visible header of each sheet: unit code (files of
    checksum version 2 on), credit code, unit name, 汇总 or not, period. Each disagreement
    is named once with both values and the sheets that show it."""
    period_label = ""
    try:
        period_label = Period.parse(meta.get("period", "")).label()
    except PeriodError:
        pass
    scope = meta.get("scope") or "own"
    try:
        version = int(meta.get("checksum_version") or 1)
    except ValueError:
        version = 1
    differ: dict[tuple[str, str, str], list[str]] = {}
    missing: dict[str, list[str]] = {}
    for title in sheet_names(template):
        head = found.headers.get(title)
        if head is None:
            continue  # a missing sheet is reported already
        shown_scope = "consolidated" if HEAD_CONSOLIDATED_NAME in head else "own" if HEAD_UNIT_NAME in head else ""
        name = head.get(HEAD_CONSOLIDATED_NAME, head.get(HEAD_UNIT_NAME))
        checks = [
            ("单位代码", HEAD_UNIT_CODE, head.get(HEAD_UNIT_CODE), meta.get("unit_code", ""), version >= 2),
            ("统一社会信用代码", HEAD_CREDIT_CODE, head.get(HEAD_CREDIT_CODE), meta.get("unit_credit_code", ""), False),
            ("单位名称", HEAD_UNIT_NAME, name, meta.get("unit_name", ""), True),
            ("报告期", HEAD_PERIOD, head.get(HEAD_PERIOD), period_label, True),
        ]
        for what, label, shown, hidden, required in checks:
            if shown is None:
                if required:
                    missing.setdefault(label, []).append(title)
            elif hidden and shown != hidden:
                differ.setdefault((what, shown, hidden), []).append(title)
        if shown_scope and shown_scope != scope:
            words = {"own": "本单位报表（单位名称）", "consolidated": "汇总报表（综合机关名称）"}
            differ.setdefault(("报表范围", words[shown_scope], words.get(scope, scope)), []).append(title)
    problems = []
    for (what, shown, hidden), titles in differ.items():
        sheets = "、".join(f"“{t}”" for t in titles)
        problems.append(
            f"{what}不一致：工作表{sheets}表头上是“{quote(shown)}”，文件隐藏的识别信息中是“{quote(hidden)}”。"
            "文件可能被改动或拼接过，未导入；请对方用本程序重新导出"
        )
    for label, titles in missing.items():
        sheets = "、".join(f"“{t}”" for t in titles)
        problems.append(f"工作表{sheets}的表头没有“{label}”，无法与文件的识别信息核对：文件结构被改动，请用本程序重新导出")
    return problems


def _shown_problems(found: Found, notes: list[str]) -> list[str]:
    """A number format that shows a value other than it is stored: refused when the value
    cannot be read from what Excel shows, noted when it is shown scaled or rounded."""
    problems: list[str] = []
    for raw in found.relevant():
        if raw.value is None or raw.data_type in ("f", "e"):
            continue
        shown = how_shown(raw.number_format, raw.value)
        if shown is None:
            continue
        what, refuse = shown
        stored = quote(text_value(raw), 20)
        if refuse:
            problems.append(
                f"{raw.where}：数字格式“{quote(raw.number_format)}”使单元格{what}，而单元格中存的是“{stored}”；看到的与导入的不同，未导入。请把单元格格式改为“常规”后核对"
            )
        else:
            notes.append(f"{raw.where}：数字格式“{quote(raw.number_format)}”{what}，单元格中存的是 {stored}，按存的数导入，请核对")
    return problems


def _other_sheets(wb: Any, template: Template, meta: dict[str, str], views: dict[str, SheetView], problems: list[str], notes: list[str]) -> None:
    """A sheet that is not part of the return (a copy of a section, a scratch sheet): its
    content would be lost, so a file with one that holds anything is refused, naming it."""
    ours = set(sheet_names(template)) | {META_SHEET}
    if (meta.get("scope") or "own") == "consolidated":
        ours.add(UNITS_SHEET)
    for title in wb.sheetnames:
        if title in ours:
            continue
        view = views.get(title)
        state = {"hidden": "（隐藏的）", "veryHidden": "（设为“非常隐藏”的）"}.get(view.state if view else "", "")
        ws = wb[title]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        filled = next(
            (
                (r, c)
                for r, row in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=30, values_only=True), start=1)
                for c, v in enumerate(row, start=1)
                if v is not None and not (isinstance(v, str) and not v.strip())
            ),
            None,
        )
        if filled is None:
            notes.append(f"工作表“{quote(title)}”{state}不是报表的一部分（空白），已忽略")
            continue
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(filled[1])}{filled[0]}"
        problems.append(
            f"工作表“{quote(title)}”{state}不是报表的一部分（例如单元格 {cell} 有内容），其中的数字不会被导入：请把数字填到本程序导出的对应工作表中，删除这张表后再导入"
        )


def _view_notes(views: dict[str, SheetView], template: Template) -> list[str]:
    """What the file holds that Excel does not show: hidden rows, columns and sheets."""
    notes = []
    for title in sheet_names(template):
        view = views.get(title)
        if view is None:
            continue
        if view.state == "hidden":
            notes.append(f"工作表“{title}”被隐藏了，其中的数字也已读取；请在Excel中取消隐藏核对")
        hidden = set(view.hidden)
        if "col" in hidden and view.hidden_columns == {STABLE_CODE_COLUMN}:
            hidden.discard("col")  # the program's own code column, hidden on purpose
        if hidden:
            what = "、".join(sorted({"row": "行", "col": "列"}[k] for k in hidden))
            notes.append(f"工作表“{title}”有隐藏的{what}，其中的数字也已读取；请在Excel中取消隐藏核对")
    return notes


def _load_error(exc: BaseException) -> str:
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps what defusedxml raised
        if isinstance(cause, DefusedXmlException):
            return "文件中含有不安全的 XML 内容（实体定义），为安全起见不导入"
        cause = cause.__cause__ or cause.__context__
    return "文件已损坏或不是有效的 Excel 工作簿，无法读取。请在 Excel 中打开并另存为 .xlsx，或请对方重新导出"


def _read_meta(wb: Any, name: str) -> dict[str, str]:
    not_ours = "这不是本程序导出的卫生人才报表（文件中没有报表识别信息）。请用本程序导出的 Excel 报表或空白模板填报后再导入"
    if META_SHEET not in wb.sheetnames:
        raise NotAReturn(name, [not_ours])
    meta: dict[str, str] = {}
    for row in wb[META_SHEET].iter_rows(min_row=1, max_row=100, max_col=2, values_only=True):
        if len(row) == 2 and isinstance(row[0], str) and row[1] is not None:
            meta[row[0].strip()] = str(row[1]).strip()
    if meta.get("format") != FORMAT:
        raise NotAReturn(name, [not_ours])
    return meta


def _identify(meta: dict[str, str], registry: TemplateRegistry, name: str) -> tuple[Template, list[str]]:
    """The template of the file, or a refusal; and the problems of its identity."""
    try:
        fmt_version = int(meta.get("format_version", ""))
    except ValueError:
        fmt_version = 0
    if fmt_version > FORMAT_VERSION:
        raise FileProblems(name, [f"文件由更新版本的程序导出（Excel 格式第 {fmt_version} 版），请安装最新版本的程序后再导入"])
    tid = meta.get("template", "")
    try:
        tver = int(meta.get("template_version", ""))
    except ValueError:
        tver = 0
    template = registry.get(tid, tver)
    if template is None:
        if registry.known(tid):
            newest = registry.latest(tid).version
            if tver > newest:
                raise FileProblems(
                    name, [f"文件使用报表模板 {quote(tid)} 第 {tver} 版，本程序只认识到第 {newest} 版（文件由更新版本的程序导出），请安装最新版本的程序"]
                )
            raise FileProblems(name, [f"文件使用报表模板 {quote(tid)} 第 {quote(meta.get('template_version', ''))} 版，本程序不认识"])
        raise NotAReturn(name, [f"这是另一种报表（模板 “{quote(tid)}”），不是卫生人才工作季度报表，本程序不认识"])
    problems: list[str] = []
    if not meta.get("unit_code"):
        problems.append("缺少单位代码：文件的识别信息中没有单位代码，请用本程序重新导出")
    if not meta.get("unit_name"):
        problems.append("缺少单位名称：文件的识别信息中没有单位名称，请用本程序重新导出")
    period = meta.get("period", "")
    if not period:
        problems.append("缺少报告期：文件的识别信息中没有报告期，请用本程序重新导出")
    else:
        try:
            if Period.parse(period).is_annual:
                problems.append(f"报告期 “{quote(period)}” 是年度，只能导入季度报表（如 2024Q4）")
        except PeriodError as exc:
            problems.append(str(exc))
    if meta.get("scope", "own") not in ("own", "consolidated"):
        problems.append(f"识别信息中的范围 “{quote(meta.get('scope', ''))}” 应为 own 或 consolidated")
    if meta.get("status", "draft") not in ("draft", "submitted"):
        problems.append(f"识别信息中的状态 “{quote(meta.get('status', ''))}” 应为 draft 或 submitted")
    if meta.get("unit_level", "other") not in UNIT_LEVELS:
        problems.append(f"识别信息中的单位级别 “{quote(meta.get('unit_level', ''))}” 不是 {'/'.join(UNIT_LEVELS)} 之一")
    return template, problems
