"""What the import benchmarks share: a median timer, and the bare libraries every import benchmark is measured beside: the same files, every cell of
every sheet, with nothing done to the values but counting them (bench/inbox_bench.py,
bench/xlsx_bench.py, bench/province_bench.py)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path


def median_time(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_openpyxl(paths: list[Path]) -> int:
    """openpyxl read-only, values only: how many cells hold something."""
    from openpyxl import load_workbook

    cells = 0
    for path in paths:
        wb = load_workbook(path, read_only=True, data_only=False)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += sum(1 for v in row if v is not None)
        wb.close()
    return cells


def bare_calamine(paths: list[Path]) -> int:
    """python-calamine (Rust): how many cells hold something."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                cells += sum(1 for v in row if v not in (None, ""))
        wb.close()
    return cells
