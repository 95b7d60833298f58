"""How long the GUI thread is blocked while the window exports a consolidated county return.

    QT_QPA_PLATFORM=offscreen python bench/export_block_bench.py [--runs 3]

A QTimer ticks every 5 ms on the GUI thread; the longest gap between two ticks while
an export runs is how long the clerk's window could not repaint or answer a key.
Measured for 导出PDF and 导出Excel of the demo county's 汇总表 (530000100, 2024Q4):
- ours: the window's action (File → 导出PDF / 导出Excel, the file dialog answered);
- bare: the same exporter called on the GUI thread, as the window did before issue 16
  item 7 moved exports to a worker (ui/operations.py).
The first export in a process includes importing reportlab/openpyxl and registering the
font; the figures are the first run and the median of the following ones.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNIT, PERIOD = "530000100", "2024Q4"


class GapMeter:
    """Ticks every 5 ms; the longest gap between ticks while measuring."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def measure(self, start: Callable[[], object], finished: Callable[[], bool], timeout: float = 60.0) -> tuple[float, float]:
        """(longest gap, wall time) of ``start`` run from the event loop until ``finished()``."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        began: list[float] = []

        def go() -> None:
            began.append(time.perf_counter())
            start()

        self.ticks.clear()
        QTimer.singleShot(0, go)
        deadline = time.perf_counter() + timeout
        while not (began and finished()):
            QApplication.processEvents()
            time.sleep(0.001)
            if time.perf_counter() > deadline:
                raise TimeoutError("the export did not finish")
        ended = time.perf_counter()
        # one more tick after the end: a blocking call ends with a gap up to its return
        n = len(self.ticks)
        while len(self.ticks) == n:
            QApplication.processEvents()
        stamps = [began[0]] + [t for t in self.ticks if t >= began[0]]
        gap = max(b - a for a, b in zip(stamps, stamps[1:], strict=False))
        return gap, ended - began[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ours-first", action="store_true", help="the window's action first: its first run pays the imports and the font")
    args = parser.parse_args(argv)

    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    tmp = Path(tempfile.mkdtemp(prefix="export-block-"))
    engine = open_database(tmp / "demo.db")
    service = ReturnService(engine)
    build_demo(service)
    from models.consolidate import consolidate

    consolidate(service, UNIT, PERIOD)
    told: list[str] = []

    class Window(MainWindow):
        def inform(self, title: str, text: str, error: bool = False) -> None:
            told.append(title)

    window = Window(default_registry().latest())
    window.show()
    app.processEvents()
    window.attach(service)
    window.county.show_consolidated(UNIT, PERIOD)
    assert window.data is not None and window.data.scope == "consolidated"
    actions = window.file_actions
    target: list[Path] = []
    actions.ask_save_path = lambda title, suggested, file_filter: target[-1]  # type: ignore[method-assign]
    meter = GapMeter()

    def ours(trigger: Callable[[], object], suffix: str, n: int) -> tuple[float, float]:
        target.append(tmp / f"ours{n}.{suffix}")
        before = len(told)
        return meter.measure(trigger, lambda: len(told) > before)

    def bare(export: Callable[..., object], suffix: str, n: int) -> tuple[float, float]:
        path = tmp / f"bare{n}.{suffix}"
        return meter.measure(lambda: export(service, UNIT, PERIOD, path, scope="consolidated"), path.exists)

    from formats.pdf_export import export_pdf
    from formats.xlsx_export import export_xlsx

    print(f"GUI thread blocked during an export of the consolidated return {UNIT} {PERIOD} (longest gap between 5 ms ticks)")
    # The bare exporter first: the first run in the process (imports, font) is then the bare one's,
    # and ours is measured warm, as the clerk's second export; the first-run figures are printed too.
    for kind, action, exporter, suffix in (
        ("PDF", actions.export_pdf_action, export_pdf, "pdf"),
        ("Excel", actions.export_xlsx_action, export_xlsx, "xlsx"),
    ):
        if args.ours_first:
            our_runs = [ours(action.trigger, suffix, n) for n in range(args.runs + 1)]
            bare_runs = [bare(exporter, suffix, n) for n in range(args.runs + 1)]
            print(
                f"  {kind}: the window's action, first in the process (imports, font): longest gap {our_runs[0][0] * 1000:6.1f} ms, export took {our_runs[0][1] * 1000:6.0f} ms"
            )
        else:
            bare_runs = [bare(exporter, suffix, n) for n in range(args.runs + 1)]
            our_runs = [ours(action.trigger, suffix, n) for n in range(args.runs + 1)]
        assert all((tmp / f"ours{n}.{suffix}").is_file() for n in range(args.runs + 1)), "an export wrote no file"
        b_first, b_gap = bare_runs[0][0], statistics.median(r[0] for r in bare_runs[1:])
        o_gap, o_wall = statistics.median(r[0] for r in our_runs[1:]), statistics.median(r[1] for r in our_runs[1:])
        print(f"  {kind}: on the GUI thread (before): {'' if args.ours_first else f'first {b_first * 1000:6.0f} ms, then '}{b_gap * 1000:6.0f} ms blocked")
        print(f"  {kind}: the window's action (after):   longest gap {o_gap * 1000:6.1f} ms, export took {o_wall * 1000:6.0f} ms")
        print(f"=> GUI blocked, {kind} export of the 汇总表 | {o_gap * 1000:.0f} ms | {b_gap * 1000:.0f} ms | {o_gap / b_gap:.2f}")
    meter.timer.stop()
    window.close()
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
