"""A province on one database: import, consolidation and the window, beside the bare libraries.

    QT_QPA_PLATFORM=offscreen python bench/province_bench.py [--pg URL] [--no-sqlite] [--limit N] [--only-import]

(``make bench-province`` runs it on SQLite and on a throw-away PostgreSQL cluster.)
For each database: bench/province_gen.py builds the province (16 prefectures, 130
counties, 1,400 townships and hospitals, 12 quarters 2022Q1–2024Q4), then, each in a
fresh process so that its peak memory is its own:

- import of one quarter's Excel returns (2025Q1, ~1,530 files written by our exporter,
  cached between runs) through the real pipeline (``models.importing.import_files``:
  read, plan, store each file in a SAVEPOINT committed a chunk at a time, audit, checks), beside bare
  python-calamine and bare openpyxl (read-only) reading every cell of the same files;
  peak RSS of each process;
- consolidation (汇总) of the whole province for 2024Q4 and for 2024 (four quarterly
  汇总 and the annual view), beside one SQL ``GROUP BY`` over the same rows;
- the window on that database: painted, usable (database opened, unit tree with the
  states of the units on screen), a prefecture opened in the tree, and 报送情况 of a
  prefecture and of the province; each under 1 s is the target.

Headline lines start with ``=>`` (what | ours | bare | ratio), as bench/run.py expects.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench.baselines import bare_calamine, bare_openpyxl  # noqa: E402

PERIOD, QUARTER, YEAR = "2025Q1", "2024Q4", 2024
PROVINCE = "530000000"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def xlsx_paths(folder: Path, limit: int | None) -> list[Path]:
    paths = sorted((folder / "xlsx").glob("*.xlsx"))
    return paths[:limit] if limit else paths


# ---- children: one measurement each, in its own process ------------------------------------


def child_import(db: str, folder: Path, limit: int | None) -> dict[str, float]:
    from formats.reading import reader_for
    from models.db import open_database
    from models.importing import import_files
    from models.returns import ReturnService

    paths = xlsx_paths(folder, limit)
    service = ReturnService(open_database(db, backup_before_upgrade=False), who="bench")
    before = peak_rss_mb()
    started = time.perf_counter()
    result = import_files(service, paths, reader_for(service.registry, "xlsx"), source="bench")
    seconds = time.perf_counter() - started
    stored = sum(1 for r in result.files if r.stored)
    problems = [f"{r.path.name}: {r.action} {r.message}" for r in result.files if not r.stored][:3]
    service.engine.dispose()
    return {"seconds": seconds, "files": len(paths), "stored": stored, "rss_before": before, "rss_peak": peak_rss_mb(), "problems": problems}  # type: ignore[dict-item]


def child_calamine(folder: Path, limit: int | None) -> dict[str, float]:
    paths = xlsx_paths(folder, limit)
    before = peak_rss_mb()
    started = time.perf_counter()
    cells = bare_calamine(paths)
    return {"seconds": time.perf_counter() - started, "files": len(paths), "cells": cells, "rss_before": before, "rss_peak": peak_rss_mb()}


def child_openpyxl(folder: Path, limit: int | None) -> dict[str, float]:
    paths = xlsx_paths(folder, limit)
    before = peak_rss_mb()
    started = time.perf_counter()
    cells = bare_openpyxl(paths)
    return {"seconds": time.perf_counter() - started, "files": len(paths), "cells": cells, "rss_before": before, "rss_peak": peak_rss_mb()}


def child_window(db: str, spawned: float, prefecture: str) -> dict[str, float]:
    """The program's window on the province, timed from the moment the parent started this process;
    as main.py and run_gui start it (no garbage collection until the window is up and its database open)."""
    gc.disable()
    from PySide6.QtWidgets import QApplication

    from models.template import default_registry
    from ui.app import collect_from_now, make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    window = MainWindow(default_registry().latest())
    window.show()
    QApplication.processEvents()
    window.grab()
    painted = time.time() - spawned
    from ui.startup import DatabaseHandle, open_for_window

    handle = DatabaseHandle(db)  # as the window opens it: a file it closed cleanly is scanned beside it
    open_for_window(window, handle)
    collect_from_now()
    service = window.service
    assert service is not None
    QApplication.processEvents()
    window.grab()
    usable = time.time() - spawned
    shown = len(window.chooser.unit_items())
    started = time.perf_counter()
    item = window.chooser.tree.items[prefecture]
    item.setExpanded(True)  # the clerk opens a prefecture: its counties and their states
    QApplication.processEvents()
    window.grab()
    expand = time.perf_counter() - started
    from ui.completeness_dialog import CompletenessDialog

    times = {}
    for name, code in (("prefecture", prefecture), ("province", PROVINCE)):
        started = time.perf_counter()
        dialog = CompletenessDialog(service, code, QUARTER, window)
        dialog.load()
        dialog.show()
        QApplication.processEvents()
        dialog.grab()
        times[name] = time.perf_counter() - started
        times[name + "_children"] = dialog.model.rowCount()
        dialog.close()
    window.dirty = False
    window.close()
    handle.release()
    del app
    return {
        "painted": painted,
        "usable": usable,
        "scanned": not handle.scan_later,
        "items": shown,
        "units": len(window.chooser.unit_codes()),
        "expand": expand,
        **times,
    }


def run_child(kind: str, *args: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, __file__, "--child", kind, "--spawned", repr(time.time()), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# ---- in this process: consolidation -------------------------------------------------------------


def bare_group_by(engine: object, periods: list[str]) -> float:
    """One plain SQL GROUP BY over the own returns of every unit for these quarters."""
    from sqlalchemy import text

    started = time.perf_counter()
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(
            text(
                "SELECT r.period, v.code, SUM(v.value) FROM return_values v JOIN returns r ON r.id = v.return_id "
                "WHERE r.scope = 'own' AND r.period IN :periods GROUP BY r.period, v.code"
            ).bindparams(__import__("sqlalchemy").bindparam("periods", expanding=True)),
            {"periods": periods},
        ).all()
    assert rows
    return time.perf_counter() - started


def consolidation(db: str) -> dict[str, float]:
    """Ours and the bare GROUP BY each the best of three, on a warm cache alike: each of our runs
    makes the 汇总表 anew (the ones of the run before deleted, untimed), as a first 汇总 does."""
    from models.consolidate import annual_view, consolidate
    from models.db import open_database
    from models.returns import ReturnService

    service = ReturnService(open_database(db, backup_before_upgrade=False), who="bench")
    quarters = [f"{YEAR}Q{q}" for q in range(1, 5)]
    bare_group_by(service.engine, quarters)  # warm the cache for both sides alike
    # What the window has done before a clerk can ask for 汇总: the unit tree read (the
    # service keeps its index), the ORM configured, and what its start made frozen out of the
    # garbage collector's way (ui.app.collect_from_now). Not part of a consolidation.
    service.units.list()
    from ui.app import collect_from_now

    collect_from_now()

    def ours(periods: list[str]) -> float:
        for period in periods:
            service.workflow.delete(PROVINCE, period, "consolidated")
        started = time.perf_counter()
        for period in periods:
            consolidate(service, PROVINCE, period)
        if len(periods) > 1:
            annual_view(service, PROVINCE, YEAR, scope="consolidated")
        return time.perf_counter() - started

    quarter = min(ours([QUARTER]) for _ in range(3))
    bare_quarter = min(bare_group_by(service.engine, [QUARTER]) for _ in range(3))
    data = service.store.load(PROVINCE, QUARTER, "consolidated")
    assert data is not None
    members = len(data.members)
    year = min(ours(quarters) for _ in range(3))
    bare_year = min(bare_group_by(service.engine, quarters) for _ in range(3))
    service.engine.dispose()
    return {"quarter": quarter, "bare_quarter": bare_quarter, "year": year, "bare_year": bare_year, "members": members}


# ---- the run -------------------------------------------------------------------------------------


def fresh_pg(url: str, name: str) -> str:
    """A new empty database on the server of ``url``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def consolidation_lines(label: str, db: str) -> list[str]:
    c = run_child("consolidation", "--db", db)  # a process of its own, as a clerk's program: not one that built and imported the province
    print(
        f"[{label}] 汇总 of the province, {QUARTER} ({int(c['members'])} prefectures, every unit's return): {c['quarter'] * 1000:.0f} ms   bare GROUP BY: {c['bare_quarter'] * 1000:.0f} ms   ratio {c['quarter'] / c['bare_quarter']:.1f}x"
    )
    print(
        f"[{label}] 汇总 of the province, {YEAR} (4 quarters + annual view): {c['year'] * 1000:.0f} ms   bare GROUP BY: {c['bare_year'] * 1000:.0f} ms   ratio {c['year'] / c['bare_year']:.1f}x   (target: within 2x)",
        flush=True,
    )
    lines = [
        f"=> [{label}] consolidate the province, a quarter | {c['quarter'] * 1000:.0f} ms | bare GROUP BY {c['bare_quarter'] * 1000:.0f} ms | {c['quarter'] / c['bare_quarter']:.1f}x"
    ]
    lines.append(
        f"=> [{label}] consolidate the province, a year | {c['year'] * 1000:.0f} ms | bare GROUP BY {c['bare_year'] * 1000:.0f} ms | {c['year'] / c['bare_year']:.1f}x"
    )
    return lines


def bench_database(label: str, db: str, folder: Path, limit: int | None, only_consolidation: bool = False, only_import: bool = False) -> list[str]:
    from province_gen import generate, quarters

    lines: list[str] = []
    started = time.perf_counter()
    generate(db, quarters("2022Q1", 12)).dispose()
    gen = time.perf_counter() - started
    print(f"[{label}] province generated (1,547 units, 12 quarters, 1.3 M figures) in {gen:.1f} s", flush=True)
    if only_consolidation:
        return consolidation_lines(label, db)
    ours = run_child("import", "--db", db, "--folder", str(folder), *(["--limit", str(limit)] if limit else []))
    cal = run_child("calamine", "--folder", str(folder), *(["--limit", str(limit)] if limit else []))
    opx = run_child("openpyxl", "--folder", str(folder), *(["--limit", str(limit)] if limit else []))
    n = int(ours["files"])
    if ours.get("problems"):
        print(f"[{label}] not stored: {ours['problems']}")
    print(
        f"[{label}] import of {n} files ({int(ours['stored'])} stored): {ours['seconds']:.1f} s ({ours['seconds'] / n * 1000:.0f} ms/file), peak RSS {ours['rss_peak']:.0f} MB (at start {ours['rss_before']:.0f} MB)"
    )
    print(
        f"[{label}]   bare python-calamine, every cell: {cal['seconds']:.1f} s, peak RSS {cal['rss_peak']:.0f} MB (at start {cal['rss_before']:.0f} MB)   ratio {ours['seconds'] / cal['seconds']:.1f}x"
    )
    print(
        f"[{label}]   bare openpyxl read-only, every cell: {opx['seconds']:.1f} s, peak RSS {opx['rss_peak']:.0f} MB (at start {opx['rss_before']:.0f} MB)   ratio {ours['seconds'] / opx['seconds']:.1f}x   (target: under 30 s)",
        flush=True,
    )
    lines.append(
        f"=> [{label}] import {n} Excel files | {ours['seconds']:.1f} s | bare openpyxl {opx['seconds']:.1f} s, calamine {cal['seconds']:.1f} s | {ours['seconds'] / opx['seconds']:.1f}x / {ours['seconds'] / cal['seconds']:.1f}x"
    )
    lines.append(
        f"=> [{label}] import peak RSS | {ours['rss_peak']:.0f} MB | bare openpyxl {opx['rss_peak']:.0f} MB | {ours['rss_peak'] / opx['rss_peak']:.1f}x"
    )
    if only_import:
        return lines
    lines += consolidation_lines(label, db)
    first = run_child("window", "--db", db, "--prefecture", "530100000")  # the file was never opened by the window: scanned first
    w = run_child("window", "--db", db, "--prefecture", "530100000")  # every later start: closed cleanly, scanned beside the window
    print(
        f"[{label}] window: painted {w['painted'] * 1000:.0f} ms, usable (database, tree of {int(w['items'])} of {int(w['units'])} units, their states) {w['usable'] * 1000:.0f} ms from process start (integrity scan beside the window; first start, scanned before: {first['usable'] * 1000:.0f} ms)"
    )
    print(
        f"[{label}]   a prefecture opened in the tree: {w['expand'] * 1000:.0f} ms; 报送情况 of a prefecture ({int(w['prefecture_children'])} counties): {w['prefecture'] * 1000:.0f} ms; of the province ({int(w['province_children'])} prefectures): {w['province'] * 1000:.0f} ms   (target: each under 1000)",
        flush=True,
    )
    lines.append(f"=> [{label}] window usable on the province | {w['usable'] * 1000:.0f} ms | target 1000 ms | {w['usable']:.2f}x")
    lines.append(f"=> [{label}] 报送情况 of the province | {w['province'] * 1000:.0f} ms | target 1000 ms | {w['province']:.2f}x")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("HRH_TEST_PG_URL", ""), help="a PostgreSQL server URL (default $HRH_TEST_PG_URL)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="import only the first N files (a quick run)")
    parser.add_argument("--only-import", action="store_true", help="only the import and its bare baselines (no consolidation, no window)")
    parser.add_argument("--child", choices=["import", "calamine", "openpyxl", "window", "consolidation"])
    parser.add_argument("--db", default="")
    parser.add_argument("--folder", default="")
    parser.add_argument("--spawned", type=float, default=0.0)
    parser.add_argument("--prefecture", default="")
    parser.add_argument("--consolidation-only", action="store_true", help="generate the province and measure only its 汇总")
    args = parser.parse_args()
    limit = args.limit or None
    if args.child:
        folder = Path(args.folder)
        result = {
            "import": lambda: child_import(args.db, folder, limit),
            "calamine": lambda: child_calamine(folder, limit),
            "openpyxl": lambda: child_openpyxl(folder, limit),
            "window": lambda: child_window(args.db, args.spawned, args.prefecture),
            "consolidation": lambda: consolidation(args.db),
        }[args.child]()
        print(json.dumps(result))
        return 0
    from gui_bench import compile_sources
    from province_files import cached_files

    compile_sources()  # the window's start as installed (bytecode), beside bare libraries that have theirs
    started = time.perf_counter()
    folder = Path() if args.consolidation_only else cached_files(PERIOD)
    if not args.consolidation_only:
        print(f"{PERIOD} Excel files: {folder} ({(folder / 'done').read_text().strip()}; {time.perf_counter() - started:.1f} s this run)", flush=True)
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            lines += bench_database("SQLite", str(Path(tmp) / "province.db"), folder, limit, args.consolidation_only, args.only_import)
        if args.pg:
            lines += bench_database("PostgreSQL", fresh_pg(args.pg, "hrh_province_bench"), folder, limit, args.consolidation_only, args.only_import)
        else:
            print("PostgreSQL: no server given (--pg URL or HRH_TEST_PG_URL); `make bench-province` starts one")
    print()
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
