"""The 退回通知 file: a small .xlsx the level above sends down with a 退回.

A clerk opening it in Excel or WPS reads the notice on the first sheet (单位, 报告期,
退回原因, who and when); the program reads the hidden sheet ``_hrh_notice`` (one key and
value a row), so the township imports it through the ordinary 导入 like any file
(formats.reading tells it by its content, ``is_notice``) and models.notices applies it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from pathlib import Path

from formats.errors import FileProblems
from formats.files import write_atomically
from models.notices import SendBackNotice, notice_text
from models.periods import local_time

MARKER_SHEET = "_hrh_notice"
KIND = "hrh-send-back-notice"
VERSION = 1
NOTICE_NAME = "退回通知"
_FIELDS = ("unit_code", "unit_name", "period", "scope", "reason", "sent_by", "sent_at", "from_code", "from_name")


def notice_filename(notice: SendBackNotice) -> str:
    """530000110_城关镇卫生院_2024Q4_退回通知.xlsx (only a proposal; the importer reads the content)."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", notice.unit_name).strip("_.")
    code = re.sub(r"[^0-9A-Za-z_.-]+", "_", notice.unit_code).strip("_.")
    return f"{code}_{name}_{notice.period}_{NOTICE_NAME}.xlsx"


def render_notice(notice: SendBackNotice) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = NOTICE_NAME
    ws["A1"] = f"卫生人才工作季度报表 {NOTICE_NAME}"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:B1")
    rows = [
        ("单位名称", notice.unit_name),
        ("单位代码", notice.unit_code),
        ("报告期", f"{notice.period_label}（{notice.period}）"),
        ("退回原因", notice.reason),
        ("退回单位", notice.from_name),
        ("经办人", notice.sent_by),
        ("退回时间", f"{local_time(notice.sent_at):%Y-%m-%d %H:%M}"),
        ("怎么办", notice_text(notice, notice_filename(notice)).splitlines()[-1]),
    ]
    for n, (label, value) in enumerate(rows, start=3):
        ws.cell(n, 1, label).font = Font(bold=True)
        cell = ws.cell(n, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 80
    meta = wb.create_sheet(MARKER_SHEET)
    meta.sheet_state = "hidden"
    values: dict[str, object] = {"kind": KIND, "version": VERSION}
    values.update({f: getattr(notice, f) for f in _FIELDS})
    values["sent_at"] = notice.sent_at.isoformat(timespec="seconds")
    for n, (key, stored) in enumerate(values.items(), start=1):
        meta.cell(n, 1, key)
        meta.cell(n, 2, stored)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_notice(notice: SendBackNotice, path: Path) -> None:
    """Write the notice file atomically (a temporary file beside it, then a rename)."""
    write_atomically(path, render_notice(notice))


def is_notice(path: Path) -> bool:
    """An .xlsx whose workbook lists our hidden notice sheet (read from the zip, cheaply)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 1024 * 1024:
                return False
            return f'name="{MARKER_SHEET}"'.encode() in zf.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error):
        return False  # not ours to judge: the return reader says what is wrong with the file (encrypted, damaged…)


def read_notice(path: Path) -> SendBackNotice:
    """The notice in a file ``is_notice`` recognised; FileProblems when it is incomplete."""
    from openpyxl import load_workbook

    name = Path(path).name
    try:
        # From the bytes: openpyxl refuses a name without .xlsx ("附件1", "通知.xls").
        wb = load_workbook(io.BytesIO(Path(path).read_bytes()), read_only=True, data_only=True)
        try:
            ws = wb[MARKER_SHEET]
            values = {str(k): "" if v is None else str(v) for k, v, *_ in ws.iter_rows(min_col=1, max_col=2, max_row=50, values_only=True) if k is not None}
        finally:
            wb.close()
    except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise FileProblems(name, [f"退回通知文件已损坏，无法读取（{exc}）；请上级重新发送"]) from None
    if values.get("kind") != KIND:
        raise FileProblems(name, ["退回通知文件已损坏（缺少标记），无法读取；请上级重新发送"])
    if not values.get("version", "").isdigit() or int(values["version"]) > VERSION:
        raise FileProblems(name, ["这份退回通知由更新版本的程序生成，请安装最新版本的程序"])
    lacking = [f for f in ("unit_code", "period", "reason", "sent_at") if not values.get(f, "").strip()]
    try:
        sent_at = dt.datetime.fromisoformat(values.get("sent_at", ""))
    except ValueError:
        lacking.append("sent_at")
    if lacking:
        raise FileProblems(name, [f"退回通知文件不完整（缺少 {'、'.join(sorted(set(lacking)))}），无法使用；请上级重新发送"])
    return SendBackNotice(
        unit_code=values["unit_code"].strip(),
        unit_name=values.get("unit_name", "").strip() or values["unit_code"].strip(),
        period=values["period"].strip(),
        reason=values["reason"].strip(),
        sent_by=values.get("sent_by", ""),
        sent_at=sent_at,
        from_code=values.get("from_code", ""),
        from_name=values.get("from_name", ""),
        scope=values.get("scope", "") or "own",
    )
