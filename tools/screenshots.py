"""Render every section of the demo database to PNG (make screenshots).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py --scale 1
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 python tools/screenshots.py --scale 1.5

Writes docs/screenshots/<n>-<section>.png (the window at 1280×800 logical pixels),
with an @1.5x suffix at 150 % scaling, and at 100 % also the whole of each page
(-full) and the dialogs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="display scaling (sets QT_SCALE_FACTOR when not set)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_SCALE_FACTOR", f"{args.scale:g}")

    from PySide6.QtWidgets import QApplication

    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    suffix = "" if args.scale == 1 else f"@{args.scale:g}x"
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(widget: object, name: str) -> None:
        QApplication.processEvents()
        path = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "demo.db")
        service = ReturnService(engine, who="demo")
        build_demo(service)
        window = MainWindow(default_registry().latest())
        window.resize(1280, 800)
        window.show()
        window.attach(service)
        window.open_return("530000100", "2024Q4")
        for n in range(window.tabs.count()):
            window.tabs.setCurrentIndex(n)
            key = list(window.scrolls)[n]
            save(window, f"{n + 1}-{key}")
            page = window.scrolls[key].widget()
            if page is not None and args.scale == 1 and page.sizeHint().height() > window.scrolls[key].viewport().height():
                # The page scrolls: show the whole of it as well.
                page.resize(page.width(), max(page.sizeHint().height(), page.minimumSizeHint().height()))
                save(page, f"{n + 1}-{key}-full")
        # A return with a kept warning, and one with errors, to show the checks panel.
        window.open_return("530100000", "2024Q4")
        window.tabs.setCurrentIndex(1)
        save(window, "7-checks-kept-warning")
        window.open_return("530000110", "2024Q4")
        window.tabs.setCurrentIndex(0)
        window.forms["staff"].fields["staff.prof.title.none"].type_text("5")
        save(window, "8-checks-breakdown-error")
        window.dirty = False
        if args.scale == 1:
            window.open_return("530000100", "2024Q4")
            dialog = window.show_history("staff.total")
            if dialog is not None:
                save(dialog, "9-history")
                dialog.close()
            units = window.open_settings()
            if units is not None:
                save(units, "10-units-and-settings")
                units.close()
        window.close()
        engine.dispose()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
