"""Start the real window on an X server of a given size, check that it and its dialogs fit
the screen, and photograph the screen (the form, 报送情况, the import result).

    python tools/screen_check.py --size 1366x768 --out docs/screenshots

Without DISPLAY it starts its own Xvfb of that size (Debian package xvfb). Runs Qt's
xcb platform, as on a clerk's Linux PC, so missing xcb libraries show here. Writes
screen-<size>-form.png, -returns-received.png, -import-result.png and prints one line
per window: its frame and whether it fits; and checks Ctrl+E (导出Excel) with the cursor in
a figure, which X11's own key bindings would take. Exit status 1 when something fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.xscreen import Camera, settle, x_screen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1366x768", help="screen size WIDTHxHEIGHT")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    with x_screen(width, height) as on_x:
        if not on_x:
            print("no X server: set DISPLAY or install xvfb", file=sys.stderr)
            return 2
        return run(args.out, f"{width}x{height}")


def run(out: Path, size: str) -> int:
    from PySide6.QtWidgets import QApplication

    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    check_and_shoot = Camera(app, out, size)
    problems = check_and_shoot.problems
    geometry, area = check_and_shoot.screen.geometry(), check_and_shoot.area
    print(f"screen {geometry.width()}x{geometry.height()}, available {area.width()}x{area.height()}")

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = tmp  # remembered window sizes start empty
        engine = open_database(Path(tmp) / "demo.db")
        service = ReturnService(engine, who="demo")
        build_demo(service)
        window = MainWindow(default_registry().latest())
        window.show()
        window.attach(service)
        window.open_return("530000100", "2024Q4")
        window.tabs.setCurrentIndex(0)
        check_and_shoot(window, "form")
        if not ctrl_e_in_a_figure(window):
            problems.append("Ctrl+E")
        dialog = window.county.show_completeness()
        if dialog is not None:
            check_and_shoot(dialog, "returns-received")
            dialog.close()
        result = import_two(window, service, Path(tmp))
        if result is not None:
            check_and_shoot(result, "import-result")
            result.close()
        window.close()
        engine.dispose()
    QApplication.processEvents()
    return 1 if problems else 0


def ctrl_e_in_a_figure(window: Any) -> bool:
    """导出Excel by Ctrl+E with the cursor in a figure (X11 binds Ctrl+E to end of line)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    asked: list[str] = []
    window.file_actions.ask_save_path = lambda title, suggested, file_filter: asked.append(title)
    first = window.template.indicators[0]
    edit = window.forms[first.section].fields[first.code]
    window.activateWindow()
    edit.setFocus()
    settle(0.2)
    QTest.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(0.2)
    print(f"Ctrl+E in a figure: {'export asked' if asked else 'NOTHING HAPPENED'}")
    return bool(asked)


def import_two(window: Any, service: Any, tmp: Path) -> Any:
    """Import two returns sent by townships (one of them again): the result dialog."""
    from formats.xlsx_export import default_filename, export_xlsx

    files = []
    for code in ("530000110", "530000111"):
        data = service.store.load(code, "2024Q4")
        path = tmp / default_filename(data)
        export_xlsx(service, code, "2024Q4", path)
        files.append(path)
    return import_files(window, files)


def import_files(window: Any, files: list[Path]) -> Any:
    """导入Excel of ``files``, replacing what is there, as far as the result dialog (None if it never came)."""
    from PySide6.QtWidgets import QApplication

    importer = window.file_actions.importer
    importer.ask_replace = lambda reports: True
    importer.start(files)
    deadline = time.monotonic() + 30
    while (importer.busy or importer.result_dialog is None) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    return importer.result_dialog


if __name__ == "__main__":
    sys.exit(main())
