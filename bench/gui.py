"""How long the data-entry window takes to open on the demo database, and a save.

    QT_QPA_PLATFORM=offscreen python bench/gui.py [--runs 5]

Each start-up is measured in a fresh process (imports are most of it), from the
interpreter's start to (1) the window painted and (2) the demo return shown.
Beside each figure, the bare libraries doing the same work in the same run: a
bare PySide6 window with 150 line edits, and SQLAlchemy Core inserting 150 values.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_window(db: str) -> dict[str, float]:
    """Start the program's window in this process and report the times."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    window = MainWindow(default_registry().latest())
    window.show()
    QApplication.processEvents()
    window.grab()  # forces a full paint of the window
    shown = time.perf_counter() - t0
    from models.db import open_database
    from models.returns import ReturnService

    engine = open_database(db)
    window.attach(ReturnService(engine))
    QApplication.processEvents()
    window.grab()
    ready = time.perf_counter() - t0
    # One keystroke: parse, live sums and ratios, every check, the checks panel.
    field = window.forms["staff"].fields["staff.total"]
    keys = []
    for n in range(50):
        t = time.perf_counter()
        field.type_text(str(780 + n % 20))
        keys.append(time.perf_counter() - t)
    # Saving: one changed figure (the usual autosave), then a whole return.
    saves = []
    field = window.forms["staff"].fields["staff.female"]
    for n in range(20):
        field.type_text(str(300 + n))
        t = time.perf_counter()
        window.save()
        saves.append(time.perf_counter() - t)
    window.open_return("530000101", "2023Q1")  # empty: the next save writes every figure
    assert window.data is not None
    assert window.service is not None
    full = window.service.load("530000100", "2024Q4")
    assert full is not None
    window.data.values = dict(full.values)
    window.data.texts = dict(full.texts)
    window.mark_dirty()
    t = time.perf_counter()
    window.save()
    whole = time.perf_counter() - t
    window.dirty = False
    window.close()
    engine.dispose()
    del app
    return {"shown": shown, "ready": ready, "keystroke": statistics.median(keys), "save_one": statistics.median(saves), "save_whole": whole, "values": len(full.values)}


def child_bare() -> dict[str, float]:
    """A bare PySide6 window with 150 line edits, and 150 values inserted with SQLAlchemy Core."""
    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QScrollArea, QWidget

    app = QApplication.instance() or QApplication(sys.argv)
    inner = QWidget()
    form = QFormLayout(inner)
    for n in range(150):
        form.addRow(f"指标 {n}", QLineEdit())
    window = QScrollArea()
    window.setWidget(inner)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()
    shown = time.perf_counter() - t0
    from sqlalchemy import Column, Integer, MetaData, Numeric, String, Table, create_engine, insert

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/bare.db")
        meta = MetaData()
        values = Table("v", meta, Column("id", Integer, primary_key=True), Column("code", String(64)), Column("value", Numeric(18, 2)))
        meta.create_all(engine)
        rows = [{"code": f"c{n}", "value": n} for n in range(150)]
        times = []
        for _ in range(20):
            t = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(insert(values), rows)
            times.append(time.perf_counter() - t)
        engine.dispose()
    return {"shown": shown, "save_whole": statistics.median(times)}


def run_child(kind: str, db: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", db], capture_output=True, text=True, env=env, check=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["window", "bare"])
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child == "window":
        print(json.dumps(child_window(args.db)))
        return 0
    if args.child == "bare":
        print(json.dumps(child_bare()))
        return 0
    sys.path.insert(0, str(ROOT))
    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        engine = open_database(db)
        build_demo(ReturnService(engine, who="bench"))
        engine.dispose()
        ours = [run_child("window", db) for _ in range(args.runs)]
        bare = [run_child("bare", db) for _ in range(args.runs)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows) * 1000

    print(f"median of {args.runs} fresh processes (ms)")
    print(f"window painted, before the database:   {med(ours, 'shown'):7.0f}   bare PySide6 window with 150 line edits: {med(bare, 'shown'):5.0f}")
    print(f"demo return shown (database opened):   {med(ours, 'ready'):7.0f}")
    print(f"one keystroke with live checks:        {med(ours, 'keystroke'):7.1f}")
    print(f"save after one figure changed:         {med(ours, 'save_one'):7.1f}")
    print(f"save of a whole return ({int(ours[0]['values'])} figures):  {med(ours, 'save_whole'):7.1f}   bare SQLAlchemy Core insert of 150 values: {med(bare, 'save_whole'):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
