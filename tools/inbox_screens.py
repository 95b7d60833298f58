"""Screenshots of the county inbox and what goes back down, from the real window.

    python tools/inbox_screens.py [--size 1366x768] [--xvfb] [--out docs/screenshots]

Scenes: the county imports a folder (three returns, a second copy, a photo, a damaged
file) → 收件箱; 催报; another unit's imported return, read-only with 代报 offered; the
退回通知 after 退回; the township's window after it imported the notice (the reason in the
banner). Offscreen (default) photographs each widget; with ``--xvfb`` the program runs on
an Xvfb screen of ``--size`` (xcb, as on a clerk's PC) and the whole screen is photographed,
with a line per window saying whether it fits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.xscreen import Camera, x_screen  # noqa: E402

PERIOD = "2024Q4"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200) + b"\xff\xd9"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--xvfb", action="store_true", help="run on an Xvfb screen of --size and photograph the screen")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    if not args.xvfb:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return run(args.out, "")
    with x_screen(width, height, own=True) as on_x:
        if not on_x:
            print("no Xvfb", file=sys.stderr)
            return 2
        return run(args.out, f"{width}x{height}")


def run(out: Path, screen_size: str) -> int:
    from PySide6.QtWidgets import QApplication

    from formats.xlsx_export import export_xlsx
    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    shoot = Camera(app, out, screen_size, pause=0.4)
    problems = shoot.problems

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["XDG_CONFIG_HOME"] = str(tmp)  # remembered window sizes start empty
        # The townships' files.
        towns = ReturnService(open_database(tmp / "towns.db"), who="towns")
        build_demo(towns)
        folder = tmp / "2024Q4报表附件"
        folder.mkdir()
        export_xlsx(towns, "530000110", PERIOD, folder / "城关镇卫生院2024Q4.xlsx")
        shutil.copy(folder / "城关镇卫生院2024Q4.xlsx", folder / "附件1.xlsx")
        export_xlsx(towns, "530000111", PERIOD, folder / "新华乡.xlsx")
        export_xlsx(towns, "530000112", PERIOD, folder / "石桥镇")  # no extension
        (folder / "IMG_2031.jpg").write_bytes(JPEG)
        raw = (folder / "新华乡.xlsx").read_bytes()
        (folder / "新华乡(2).xlsx").write_bytes(raw[: len(raw) // 2])
        # The county: the demo's units, the townships' returns still to come.
        engine = open_database(tmp / "county.db")
        county = ReturnService(engine, who="王芳")
        build_demo(county)
        for code in ("530000110", "530000111", "530000112"):
            county.workflow.delete(code, PERIOD)
        window = MainWindow(default_registry().latest())
        window.resize(1280, 720) if not screen_size else None
        window.show()
        window.attach(county)
        window.open_return("530000100", PERIOD)
        importer = window.file_actions.importer
        importer.ask_replace = lambda reports: True
        importer.start([folder])
        wait_for(lambda: not importer.busy and importer.result_dialog is not None)
        if importer.result_dialog is not None:
            importer.result_dialog.close()
        dialog = window.county.inbox.show_inbox()
        assert dialog is not None
        shoot(dialog, "21-inbox")
        reminder = dialog.remind()
        shoot(reminder, "22-reminder")
        reminder.close()
        dialog.table.setCurrentIndex(dialog.model.index(next(n for n, r in enumerate(dialog.model.rows) if r.unit_code == "530000111"), 0))
        dialog.open_selected()
        dialog.close()
        window.tabs.setCurrentIndex(1)
        shoot(window, "23-imported-read-only")
        window.open_return("530000100", PERIOD)
        completeness = window.county.show_completeness()
        assert completeness is not None
        completeness.ask_reason = lambda unit: "录用人数（6人）与招聘公示的人数（5人）不符，请核实后重新报送。"  # type: ignore[method-assign]
        completeness.select_unit("530000111")
        completeness.send_back_selected()
        notice = completeness.notice
        assert notice is not None
        shoot(notice, "24-send-back-notice")
        notice_file = tmp / "notice.xlsx"
        notice.ask_save_path = lambda: notice_file  # type: ignore[method-assign]
        notice.save()
        notice.close()
        completeness.close()
        window.close()
        # The township: its own program imports the notice.
        town_db = ReturnService(open_database(tmp / "township.db"), who="张丽")
        build_demo(town_db)
        town_db.settings.set(our_unit="530000111")
        town_window = MainWindow(default_registry().latest())
        town_window.resize(1280, 720) if not screen_size else None
        town_window.show()
        town_window.attach(town_db)
        town_window.open_return("530000111", PERIOD)
        town_window.file_actions.importer.start([notice_file])
        wait_for(lambda: not town_window.file_actions.importer.busy and town_window.file_actions.importer.result_dialog is not None)
        result = town_window.file_actions.importer.result_dialog
        if result is not None:
            shoot(result, "25-township-notice-imported")
            result.close()
        town_window.tabs.setCurrentIndex(1)
        shoot(town_window, "26-township-sent-back")
        town_window.close()
        engine.dispose()
    QApplication.processEvents()
    return 1 if problems else 0


def wait_for(done: Any, seconds: float = 60) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    sys.exit(main())
