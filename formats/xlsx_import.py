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

import datetime as dt
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from formats.errors import NOTE_STATUS_IGNORED, FileProblems, NotAReturn
from formats.xlsx_layout import (
    ALLOWANCES_MARK,
    ALLOWANCES_TOTAL,
    CHECKSUM_VERSION,
    COLUMN_NUMBERS,
    CONTINUED,
    EXPLANATIONS_MARK,
    FORMAT,
    FORMAT_VERSION,
    FORM_COLUMNS,
    HEAD_CODE,
    HEAD_CONSOLIDATED_NAME,
    HEAD_CONTENT,
    HEAD_CREDIT_CODE,
    HEAD_CURRENT,
    HEAD_PERIOD,
    HEAD_STABLE_CODE,
    HEAD_UNIT_CODE,
    HEAD_UNIT_NAME,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_XML_BYTES,
    META_SHEET,
    READ_COLUMNS,
    SIGNATORIES,
    SIGNATURE_VALUE_COLUMN,
    STABLE_CODE_COLUMN,
    UNITS_SHEET,
    checksum,
    sheet_names,
)
from formats.xlsx_fast import fast_workbook
from formats.xlsx_visible import SheetView, how_shown, range_ref, workbook_view
from models.data import UNIT_LEVELS, Allowance, ReturnData, Signatories, UnitInfo
from models.periods import Period, PeriodError
from models.template import Template, TemplateRegistry
from models.values import ValueProblem, count_limit, figure_input, money_limit, parse_count, parse_money, parse_value, quote, sanitize_return
from models.vocab import ReturnStatus

log = logging.getLogger(__name__)
NOTE_EDITED = f"已在Excel中修改：文件中的数据与导出时不一致（按文件中看到的数据导入，状态为{ReturnStatus.DRAFT.label}）"
NOTE_FROM_BLANK = "由空白模板在Excel中填写"
NOTE_FORMULA = "使用了公式的计算结果"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\+?$")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass
class XlsxReturn:
    """One return read from a file, with what the clerk should know about it."""

    data: ReturnData
    notes: list[str] = field(default_factory=list)
    blank_template: bool = False


# ---- the container ------------------------------------------------------------
def check_container(path: Path) -> None:
    """Refuse, quickly and in bounded memory, anything that is not a plain xlsx workbook."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise FileProblems(name, [f"无法读取文件：{exc.strerror or exc}"]) from None
    if size == 0:
        raise FileProblems(name, ["文件是空的（0 字节），可能复制或下载时出错；请重新导出"])
    if size > MAX_FILE_BYTES:
        raise FileProblems(name, [f"文件太大（{size / 1024 / 1024:.0f} MB）。报表文件通常不到 1 MB，这不是本程序导出的报表，未读取"])
    if head == OLE_MAGIC:
        if _ole_encrypted(path):
            raise FileProblems(name, ["文件设置了打开密码（已加密），无法读取。请在 Excel 中打开，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）并保存后再导入"])
        raise FileProblems(name, ["这是旧版 Excel 文件（.xls），本程序只读 .xlsx。请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再导入"])
    if not head.startswith(b"PK"):
        hint = "（像是文本、CSV 或网页文件）" if _looks_like_text(head) else ""
        raise NotAReturn(name, [f"不是 Excel 工作簿（.xlsx）文件{hint}，无法导入。请导入本程序导出的 Excel 报表"])
    corrupt = "文件已损坏或不完整（可能下载、复制或邮件传送时中断），无法打开。请对方重新导出、重新发送"
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise FileProblems(name, [f"文件内部包含 {len(infos)} 个部件，远多于报表应有的数量，可能是恶意文件，未读取"])
            total = sum(i.file_size for i in infos)
            xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
            if total > MAX_UNCOMPRESSED_BYTES or xml > MAX_XML_BYTES or any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
                raise FileProblems(name, ["文件解压后异常巨大（“压缩炸弹”），可能是恶意文件，未读取"])
            if any(i.flag_bits & 0x1 for i in infos):  # zip-level encryption: zipfile would raise on reading
                log.warning("xlsx file %s refused: a zip member has the encrypted flag", name)
                raise FileProblems(name, ["文件内部已加密（压缩包设置了密码），无法读取。请用 Excel 打开后另存为不加密的 .xlsx 再导入，或请对方重新导出"])
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names) or _macro_content_type(zf, names):
                raise FileProblems(name, ["这是含宏的工作簿（.xlsm），为安全起见不导入。请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再导入"])
            if "xl/workbook.xml" not in names:
                kind = "Word 文档" if "word/document.xml" in names else "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "压缩包"
                raise NotAReturn(name, [f"这是{kind}，不是 Excel 工作簿（.xlsx），无法导入"])
            if zf.testzip() is not None:
                raise FileProblems(name, [corrupt])
    except FileProblems:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError, RuntimeError):
        log.warning("xlsx file %s refused as damaged", name, exc_info=True)
        raise FileProblems(name, [corrupt]) from None


def _looks_like_text(head: bytes) -> bool:
    return all(32 <= b < 127 or b in (9, 10, 13) or b >= 0x80 for b in head)


def _macro_content_type(zf: zipfile.ZipFile, names: set[str]) -> bool:
    if "[Content_Types].xml" not in names:
        return False
    raw = zf.read("[Content_Types].xml")  # bounded: total size was checked
    return b"macroEnabled" in raw or b"vbaProject" in raw


def _ole_encrypted(path: Path) -> bool:
    """Does this OLE compound file hold an encrypted OOXML package (a password-protected .xlsx)?"""
    names = ole_stream_names(path.read_bytes())
    return "EncryptedPackage" in names or "EncryptionInfo" in names


def ole_stream_names(raw: bytes) -> set[str]:
    """The directory entry names of an OLE compound file (CFB), read defensively."""
    if len(raw) < 512 or raw[:8] != OLE_MAGIC:
        return set()
    sector_size = 1 << struct.unpack_from("<H", raw, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    first_dir = struct.unpack_from("<I", raw, 0x30)[0]
    difat = struct.unpack_from("<109I", raw, 0x4C)

    def sector(n: int) -> bytes:
        start = 512 + n * sector_size if sector_size == 512 else (n + 1) * sector_size
        return raw[start : start + sector_size]

    fat: list[int] = []
    for s in difat:
        if s >= 0xFFFFFFFA:
            break
        data = sector(s)
        fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
    names: set[str] = set()
    current, seen = first_dir, 0
    while current < len(fat) and seen < 10000:
        data = sector(current)
        for off in range(0, len(data) - 127, 128):
            length = struct.unpack_from("<H", data, off + 64)[0]
            if 2 <= length <= 64:
                names.add(data[off : off + length - 2].decode("utf-16-le", "replace"))
        current, seen = fat[current], seen + 1
    return names


# ---- the cells ----------------------------------------------------------------
@dataclass
class _Raw:
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
class _Found:
    """Everything the sheets hold, before it is checked."""

    values: dict[str, _Raw] = field(default_factory=dict)
    texts: dict[str, list[tuple[_Raw, bool]]] = field(default_factory=dict)  # code -> pieces (cell, continued)
    allowances: list[list[_Raw]] = field(default_factory=list)
    explanations: dict[str, _Raw] = field(default_factory=dict)
    signatories: dict[str, list[_Raw]] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> header label -> what follows it

    def relevant(self) -> list[_Raw]:
        """Every cell the return is read from."""
        cells = list(self.values.values())
        cells += [cell for pieces in self.texts.values() for cell, _ in pieces]
        cells += [cell for row in self.allowances for cell in row]
        cells += list(self.explanations.values())
        cells += [c for sig in self.signatories.values() for c in sig]
        return cells


def read_xlsx(path: Path, registry: TemplateRegistry) -> XlsxReturn:
    """Read and validate one Excel return; raise FileProblems listing every problem.

    What the file says about itself is checked, not believed: the identity in the hidden
    meta sheet must agree with the visible header of every sheet, the checksum (which
    covers identity, blank flag and content) decides the "edited in Excel" note, and the
    status is ours to decide (a draft, 已导入). What the clerk cannot see is not imported
    silently: a figure in a row without a code, text under a merged cell, a copied or
    very hidden sheet, a number format that hides or replaces the value."""
    path = Path(path)
    check_container(path)
    name = path.name
    from openpyxl import load_workbook

    views = workbook_view(path)
    # The common shape is read without openpyxl, ~10x faster (formats.xlsx_fast); anything
    # else (a formula, an unusual part) by openpyxl, below.
    fast = fast_workbook(path, MAX_ROWS)
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
            return read_workbook(wb, views, registry, name, lambda formulas, problems, notes: _resolve_formulas(path, formulas, problems, notes))
        finally:
            wb.close()


FormulaResolver = Callable[[list[_Raw], list[str], list[str]], None]


def read_workbook(wb: Any, views: dict[str, SheetView], registry: TemplateRegistry, name: str, resolve_formulas: FormulaResolver | None = None, notes: list[str] | None = None) -> XlsxReturn:
    """The rules of reading a return, on any workbook that looks like openpyxl's read-only
    one (``sheetnames``, ``wb[title].iter_rows`` giving cells with ``value``, ``data_type``
    and ``number_format``): .xlsx through openpyxl, .xls through formats.xls_import."""
    notes = list(notes or [])
    try:
        meta = _read_meta(wb, name)
        template, problems = _identify(meta, registry, name)
        found = _read_sheets(wb, template, problems, views)
        _other_sheets(wb, template, meta, views, problems, notes)
    except FileProblems:
        raise
    except Exception as exc:
        log.warning("cannot read %s", name, exc_info=True)
        raise FileProblems(name, [_load_error(exc)]) from None
    formulas = [c for c in found.relevant() if c.data_type == "f"]
    if formulas and resolve_formulas is not None:
        resolve_formulas(formulas, problems, notes)
    data = _build(found, template, meta, problems)
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


def identity_problems(found: _Found, meta: dict[str, str], template: Template) -> list[str]:
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


def _shown_problems(found: _Found, notes: list[str]) -> list[str]:
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
        stored = quote(_text_value(raw), 20)
        if refuse:
            problems.append(f"{raw.where}：数字格式“{quote(raw.number_format)}”使单元格{what}，而单元格中存的是“{stored}”；看到的与导入的不同，未导入。请把单元格格式改为“常规”后核对")
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
                raise FileProblems(name, [f"文件使用报表模板 {quote(tid)} 第 {tver} 版，本程序只认识到第 {newest} 版（文件由更新版本的程序导出），请安装最新版本的程序"])
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


def _text_value(raw: _Raw) -> str:
    v = raw.value
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    return str(v).replace("\r\n", "\n").replace("\r", "\n")


def _filled(raw: _Raw) -> bool:
    return raw.value is not None and not (isinstance(raw.value, str) and not raw.value.strip())


def _read_sheets(wb: Any, template: Template, problems: list[str], views: dict[str, SheetView] | None = None) -> _Found:
    found = _Found()
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
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=READ_COLUMNS), start=1):
            if r > MAX_ROWS:
                if any(cell.value is not None for cell in row):
                    problems.append(f"工作表“{title}”超过 {MAX_ROWS} 行，不是本程序导出的报表格式，请用本程序重新导出")
                break
            cells = [
                _Raw(title, r, c, cell.value, getattr(cell, "data_type", "n") or "n", number_format=getattr(cell, "number_format", None) or "General")
                for c, cell in enumerate(row, start=1)
            ]
            for cell in cells:
                if _filled(cell) and (merge := view.covering(cell.row, cell.col)):
                    problems.append(
                        f"{cell.where}：在合并单元格 {range_ref(merge)} 之内，其中的内容“{quote(_text_value(cell), 20)}”在Excel中看不到，不会被导入；"
                        f"请把它填到合并单元格的左上角（{range_ref(merge).split(':')[0]}）"
                    )

            def at(col: int) -> _Raw:
                return cells[col - 1] if 0 < col <= len(cells) else _Raw(title, r, col, None)

            words = [c.value.strip() if isinstance(c.value, str) else c.value for c in cells]
            if mode == "head":
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
            outside = [c for c in cells[FORM_COLUMNS:] if _filled(c) and c is not stable_raw]
            if outside:
                problems.append(
                    f"{outside[0].where}：在报表表格（A–F 列）之外，其中的内容“{quote(_text_value(outside[0]), 20)}”不会被导入；请填到对应指标行的“{HEAD_CURRENT}”栏，删除表格外的内容后再导入"
                )
                cells = cells[:FORM_COLUMNS]
            signature_row = False
            for label_col, sig_col in SIGNATURE_VALUE_COLUMN.items():
                label = at(label_col).value
                label = label.strip().rstrip("：:").strip() if isinstance(label, str) else ""
                if label in labels:
                    found.signatories.setdefault(labels[label], []).append(at(sig_col))
                    signature_row = True
            if signature_row:
                continue
            shown = at(code_col).value
            # A row the clerk added has no stable code: what its 代码 says is judged instead.
            code_raw = shown if stable_raw is None or not _filled(stable_raw) else stable_raw.value
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
            lost = [c for c in cells[value_col - 1 :] if _filled(c)] if shown != COLUMN_NUMBER_CODE else []
            if not code:
                if lost:
                    kind = "数字" if any(isinstance(c.value, (int, float)) or _looks_numeric(c.value) for c in lost) else "内容"
                    problems.append(
                        f"工作表“{title}”第{r}行填了{kind}（单元格 {lost[0].coordinate}）但没有{HEAD_CODE}，不会被导入：请把{kind}填到对应指标行，删除这一行后再导入"
                    )
                continue
            if mode != "explanations" and not (_CODE.match(code) and (template.has_indicator(code) or code.rstrip(CONTINUED) in text_codes or code in computed)):
                if lost:
                    problems.append(
                        f"工作表“{title}”第{r}行的{HEAD_CODE}“{quote(code)}”不是本报表的指标代码，这一行的内容（单元格 {lost[0].coordinate}）不会被导入：请把内容填到对应指标行，或用本程序重新导出"
                    )
                continue
            base, continued = (code[:-1], True) if code.endswith(CONTINUED) else (code, False)
            if template.has_indicator(code):
                row_code = template.indicator(code).row_code
                if stable_raw is not None and _text_value(at(code_col)).strip() != row_code:
                    problems.append(
                        f"{at(code_col).where}：{HEAD_CODE}应为“{row_code}”（指标“{template.indicator(code).label}”），文件中是“{quote(_text_value(at(code_col)), 20)}”；"
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


def _resolve_formulas(path: Path, formulas: list[_Raw], problems: list[str], notes: list[str]) -> None:
    """Replace formula cells by the result Excel saved with them, and say so; no result is a problem."""
    from openpyxl import load_workbook

    wanted: dict[str, dict[tuple[int, int], _Raw]] = {}
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


def _cell_problem(raw: _Raw) -> str | None:
    """A cell that cannot be read at all: a formula without a saved result, an error value."""
    if raw.data_type == "f":
        return f"{raw.where}：是公式，但文件中没有计算结果（文件未在 Excel 中保存过）。请在 Excel 中打开并保存后再导入，或直接填写数字"
    if raw.data_type == "e":
        return f"{raw.where}：是错误值 {quote(raw.value)}，请改为数字"
    return None


def _build(found: _Found, template: Template, meta: dict[str, str], problems: list[str]) -> ReturnData:
    relevant = found.relevant()
    bad = {id(c) for c in relevant if _cell_problem(c)}
    problems.extend(p for c in relevant if (p := _cell_problem(c)))

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
            parts.append(_text_value(cell))
        body = "".join(parts)
        if body.strip():
            texts[code] = body

    allowances: list[Allowance] = []
    for row in found.allowances:
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in row):
            continue
        if any(id(c) in bad for c in row):
            continue
        name = _text_value(row[0]).strip()
        if not name:
            problems.append(f"{row[0].where}：津贴与荣誉这一行填了数字但没有名称，请填写名称")
            continue
        shown = quote(name, 20)

        def count(cell: _Raw, what: str) -> int | None:
            label = f"{cell.where}：“{shown}”的{what}"
            return parse_count(figure_input(cell.value, label), label, count_limit(template))

        def money(cell: _Raw, what: str) -> Decimal | None:
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
                    _text_value(row[1]).strip(),
                )
            )
        except ValueProblem as exc:
            problems.append(str(exc))

    explanations = {k: _text_value(v) for k, v in found.explanations.items() if _text_value(v).strip()}
    sig: dict[str, Any] = {}
    for fld, cells in found.signatories.items():
        filled = [c for c in cells if _text_value(c).strip()]
        if not filled:
            continue
        if fld == "report_date":
            date = _date(filled[0].value)
            if date is None:
                problems.append(f"{filled[0].where}：报出日期 “{quote(_text_value(filled[0]))}” 不是日期，请写成 2025-01-10 或 2025年1月10日")
            sig[fld] = date
        else:
            sig[fld] = _text_value(filled[0]).strip()

    period = meta.get("period", "")
    try:
        period = str(Period.parse(period))
    except PeriodError:
        pass
    return ReturnData(
        unit=UnitInfo(meta.get("unit_code", ""), meta.get("unit_name", ""), meta.get("unit_level") or "other", meta.get("unit_parent") or None, meta.get("unit_credit_code", "")),
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
