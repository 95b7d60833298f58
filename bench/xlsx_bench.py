"""Excel return speed: our export and import next to bare openpyxl doing the same work.

    python bench/xlsx_bench.py [--files 100] [--repeat 5]

Export: one return (the demo county's 2024Q4) written by ``render_xlsx`` vs bare
openpyxl writing the same cell values (no styles, merges, validation or meta), and
where the export's time goes: reading the return (gather), laying out the sheets
(build_workbook) and openpyxl saving them, each beside bare openpyxl's own steps.
Import: 100 returns read by ``read_xlsx`` (container checks, cell by code, value
rules, checksum) and by the import pipeline (``models.importing.import_files``: also
storing them, one transaction per file, and running the checks) vs bare openpyxl ``read_only=True`` reading the same cells.
Figures are medians of ``--repeat`` runs, in one process, on this machine.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baselines import bare_openpyxl, median_time  # noqa: E402
from formats.reading import reader_for  # noqa: E402
from formats.xlsx_export import build_workbook, export_xlsx, gather, render_xlsx  # noqa: E402
from formats.xlsx_import import read_xlsx  # noqa: E402
from models.data import ReturnData, UnitInfo  # noqa: E402
from models.db import open_database  # noqa: E402
from models.demo import build_demo, load_demo  # noqa: E402
from models.importing import import_files  # noqa: E402
from models.returns import ReturnService  # noqa: E402

if TYPE_CHECKING:
    from openpyxl import Workbook


def bare_workbook(rows_by_sheet: dict[str, list[list[object]]]) -> Workbook:
    """Bare openpyxl: the same sheets and cell values, nothing else."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in rows_by_sheet.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    return wb


def bare_write(rows_by_sheet: dict[str, list[list[object]]]) -> bytes:
    buf = io.BytesIO()
    bare_workbook(rows_by_sheet).save(buf)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        service = ReturnService(open_database(tmp / "bench.db"), who="bench")
        build_demo(service)

        # ---- export one return ------------------------------------------------
        inp = gather(service, "530000100", "2024Q4")
        from openpyxl import load_workbook

        ours = render_xlsx(inp)
        wb = load_workbook(io.BytesIO(ours))
        same_cells = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}
        render_xlsx(inp)  # warm up imports
        t_ours = median_time(lambda: render_xlsx(inp), args.repeat)
        t_full = median_time(lambda: export_xlsx(service, "530000100", "2024Q4", tmp / "county.xlsx"), args.repeat)
        t_bare = median_time(lambda: bare_write(same_cells), args.repeat)
        # Where the difference goes: the same steps timed apart, ours beside bare openpyxl's.
        built, bare_built = build_workbook(inp), bare_workbook(same_cells)
        t_gather = median_time(lambda: gather(service, "530000100", "2024Q4"), args.repeat)
        t_build = median_time(lambda: build_workbook(inp), args.repeat)
        t_bare_build = median_time(lambda: bare_workbook(same_cells), args.repeat)
        t_save = median_time(lambda: built.save(io.BytesIO()), args.repeat)
        t_bare_save = median_time(lambda: bare_built.save(io.BytesIO()), args.repeat)
        n_cells = sum(1 for rows in same_cells.values() for row in rows for v in row if v is not None)
        styled = sum(1 for ws in built.worksheets for row in ws.iter_rows() for c in row if c.has_style)
        merges = sum(len(ws.merged_cells.ranges) for ws in built.worksheets)
        print(f"export one return ({n_cells} cells, 6 sheets):")
        print(f"  render_xlsx (styles, merges, validation, meta): {t_ours * 1000:7.1f} ms")
        print(f"  export_xlsx (+ reading the database, atomic write): {t_full * 1000:7.1f} ms")
        print(f"  bare openpyxl writing the same values:           {t_bare * 1000:7.1f} ms")
        print(f"  ratio ours / bare: {t_ours / t_bare:.2f}x (render), {t_full / t_bare:.2f}x (whole export)")
        print("  where it goes (ours | bare):")
        print(f"    reading the return, last period, 本年累计, findings (gather): {t_gather * 1000:6.1f} ms | -")
        print(f"    laying out the sheets ({styled} styled cells, {merges} merges):  {t_build * 1000:6.1f} ms | {t_bare_build * 1000:6.1f} ms")
        print(f"    openpyxl saving the workbook (a style id per styled cell):  {t_save * 1000:6.1f} ms | {t_bare_save * 1000:6.1f} ms")
        print(f"=> exporting one Excel return | {t_full * 1000:.0f} ms | bare openpyxl {t_bare * 1000:.0f} ms | {t_full / t_bare:.2f}x")

        # ---- import many returns --------------------------------------------------
        tpl = service.registry.for_period("2024Q4")
        townships = load_demo().townships()
        numbered = next(t.code for t in tpl.texts if t.numbered)  # a 1、2、 text such as 存在问题
        paths = []
        for i in range(args.files):
            code = f"B{i:05d}"
            unit = UnitInfo(code, f"基准卫生院{i:03d}", "township", "530000100")
            service.units.save(unit)
            values = dict(townships[i % len(townships)].values)
            service.store.save(ReturnData(unit, "2024Q4", tpl.id, tpl.version, values=values, texts={numbered: f"1、第{i}个单位的问题。\n2、人员紧缺。"}))
            path = tmp / f"{code}.xlsx"
            export_xlsx(service, code, "2024Q4", path)
            paths.append(path)
        registry = service.registry
        read_xlsx(paths[0], registry)  # warm up
        t_read = median_time(lambda: [read_xlsx(p, registry) for p in paths], args.repeat)
        t_bare_read = median_time(lambda: bare_openpyxl(paths), args.repeat)

        def import_all() -> None:
            target = tmp / f"target{time.perf_counter_ns()}.db"
            engine = open_database(target)
            target_service = ReturnService(engine, who="bench")
            reports = import_files(target_service, paths, reader_for(target_service.registry, "xlsx")).files
            assert all(r.action == "imported" for r in reports), [r.message for r in reports if r.action != "imported"]
            engine.dispose()

        t_import = median_time(import_all, max(1, args.repeat // 2))
        print(f"import {args.files} returns:")
        print(f"  read_xlsx (checks, cells by code, values, checksum): {t_read:6.2f} s  ({t_read / args.files * 1000:.1f} ms/file)")
        print(f"  import pipeline (+ storing, audit, checks):          {t_import:6.2f} s  ({t_import / args.files * 1000:.1f} ms/file)")
        print(f"  bare openpyxl read_only reading the same cells:      {t_bare_read:6.2f} s  ({t_bare_read / args.files * 1000:.1f} ms/file)")
        print(f"  ratio ours / bare: {t_read / t_bare_read:.2f}x (read), {t_import / t_bare_read:.2f}x (whole import)")
        print(
            f"=> importing {args.files} Excel returns (stored, checked) | {t_import:.1f} s | bare openpyxl reading {t_bare_read:.1f} s | {t_import / t_bare_read:.2f}x"
        )
        service.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
