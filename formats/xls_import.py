"""Old Excel (.xls, BIFF) returns, read with python-calamine through the .xlsx rules.

``read_xls(path, registry)`` gives calamine's cell values the shape of openpyxl's
read-only workbook and runs ``xlsx_import.read_workbook`` on it: one set of checks
(identity, hidden meta sheet, codes, exact figures, checksum) for both formats.

What calamine cannot tell is said, not guessed: number formats (a format that hides
a value cannot be checked, so every value is read as stored) and hidden rows and
columns. Sheet visibility and merged cells it does give, and they are checked as for
.xlsx. Formulas come as their saved results.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formats.errors import FileProblems
from formats.xlsx_import import XlsxReturn, read_workbook
from formats.xlsx_layout import MAX_FILE_BYTES
from formats.xlsx_visible import SheetView
from models.template import TemplateRegistry

log = logging.getLogger(__name__)
NOTE_XLS = "这是旧版 Excel 文件（.xls）：已按其中的数值读取；旧格式中的数字格式和隐藏的行、列无法核对，请在Excel中核对"
DAMAGED = "旧版 Excel 文件（.xls）已损坏或无法读取，请在 Excel 中打开并另存为 .xlsx，或请对方重新导出"


@dataclass
class _Cell:
    value: Any
    data_type: str
    number_format: str = "General"


def _cell(value: Any) -> _Cell:
    if value == "" or value is None:
        return _Cell(None, "n")
    if isinstance(value, bool):
        return _Cell(value, "b")
    if isinstance(value, float):
        # openpyxl gives a whole number stored in the XML as an int; calamine gives a float
        return _Cell(int(value) if value.is_integer() and abs(value) < 2**53 else value, "n")
    if isinstance(value, dt.datetime) or isinstance(value, dt.time):
        return _Cell(value, "d")
    if isinstance(value, dt.date):  # openpyxl gives a date cell as a datetime
        return _Cell(dt.datetime.combine(value, dt.time()), "d")
    if isinstance(value, str):
        return _Cell(value, "s")
    return _Cell(value, "n")


class _Sheet:
    def __init__(self, rows: list[list[Any]]) -> None:
        self.rows = rows

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None, values_only: bool = False) -> Iterator[Any]:
        last = len(self.rows) if max_row is None else min(max_row, len(self.rows))
        for raw in self.rows[min_row - 1 : last]:
            width = max_col if max_col is not None else len(raw)
            cells = [_cell(v) for v in raw[:width]] + [_Cell(None, "n")] * max(0, width - len(raw))
            yield tuple(c.value for c in cells) if values_only else tuple(cells)


class _Workbook:
    def __init__(self, sheets: dict[str, _Sheet]) -> None:
        self.sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, title: str) -> _Sheet:
        return self.sheets[title]


def read_xls(path: Path, registry: TemplateRegistry) -> XlsxReturn:
    """Read and check one .xls return; raises FileProblems like ``read_xlsx``."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    name = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileProblems(name, [f"文件太大（{path.stat().st_size / 1024 / 1024:.0f} MB），不是本程序导出的报表，未读取"])
    sheets: dict[str, _Sheet] = {}
    views: dict[str, SheetView] = {}
    try:
        with path.open("rb") as f:
            book = CalamineWorkbook.from_filelike(f)
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            sheets[meta.name] = _Sheet(sheet.to_python(skip_empty_area=False))
            state = {"Hidden": "hidden", "VeryHidden": "veryHidden"}.get(str(meta.visible).rsplit(".", 1)[-1], "visible")
            merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
            views[meta.name] = SheetView(meta.name, state=state, merges=merges)
    except Exception:  # calamine raises its own errors (and ValueError, OSError) for a damaged file
        log.warning("cannot read %s with calamine", path, exc_info=True)
        raise FileProblems(name, [DAMAGED]) from None
    return read_workbook(_Workbook(sheets), views, registry, name, notes=[NOTE_XLS])
