"""Render every section of the demo database to PNG (make screenshots).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py --scale 1
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 python tools/screenshots.py --scale 1.5

Writes docs/screenshots/<n>-<section>.png (the window at 1280×800 logical pixels),
with an @1.5x suffix at 150 % scaling, and at 100 % also the whole of each page
(-full) and the dialogs. The pictures of a real screen (1366×768, 1024×768) are made by
tools/screen_check.py on Xvfb.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def file_screens(window: Any, service: Any, tmp: Path, save: Callable[[object, str], None]) -> None:
    """The drafted narrative, the print preview and an import's result table (ui/file_actions.py)."""
    import time

    from openpyxl import load_workbook
    from PySide6.QtWidgets import QApplication

    from formats.xlsx_export import default_filename, export_xlsx
    from tools.screen_check import import_files

    # 根据数字起草 on a township's return without a summary yet.
    window.open_return("530000110", "2024Q4")
    window.tabs.setCurrentWidget(window.scrolls["text"])
    window.drafting.ask_existing = lambda: "replace"
    window.drafting.draft()
    save(window, "17-draft-narrative")
    window.commands.save()
    # 打印: the preview of the county's summary.
    window.open_return("530000100", "2024Q4")
    preview = None
    if window.file_actions.print_summary():  # the pages are made in a worker
        while window.file_actions.busy:
            QApplication.processEvents()
            time.sleep(0.02)
        preview = window.file_actions.preview
    if preview is not None:
        preview.resize(900, 1000)
        for _ in range(20):
            QApplication.processEvents()
            time.sleep(0.02)
        save(preview, "18-print-preview")
        preview.close()
    # 导入Excel: a return sent again (replaced), one edited in Excel, and a file that is no workbook.
    mail = tmp / "mail"
    mail.mkdir()
    files = []
    for code in ("530000110", "530000111"):
        data = service.store.load(code, "2024Q4")
        path = mail / default_filename(data)
        export_xlsx(service, code, "2024Q4", path)
        files.append(path)
    wb = load_workbook(files[1])
    part = window.template.breakdowns[0].parts[-1]  # one more in a part: the breakdown no longer adds up
    ws = wb[window.template.section(window.template.indicator(part).section).label[:31]]
    for row in ws.iter_rows(min_col=4, max_col=7):
        if row[3].value == part:  # the stable code, in the hidden column G
            row[0].value = (row[0].value or 0) + 1
    wb.save(files[1])
    bad = mail / "石桥镇卫生院报表.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    files.append(bad)
    result = import_files(window, files)
    if result is not None:
        save(result, "19-import-result")
        result.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="display scaling (sets QT_SCALE_FACTOR when not set)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # A desktop-size screen: windows and dialogs are sized from the screen (ui/screen.py),
        # and the offscreen platform's own is 800×800.
        screen = Path(tempfile.mkdtemp(prefix="hrh-shots-")) / "screen.json"
        screen.write_text('{"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}')
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
        os.environ["XDG_CONFIG_HOME"] = str(screen.parent)  # no remembered window sizes
    os.environ.setdefault("QT_SCALE_FACTOR", f"{args.scale:g}")

    from PySide6.QtWidgets import QApplication

    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")  # noqa: F841 - the application must outlive the windows
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
            if key == "compare":
                continue  # shown with the county work below
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
        part = window.template.breakdowns[0].parts[-1]
        window.forms[window.template.indicator(part).section].fields[part].type_text("5")
        save(window, "8-checks-breakdown-error")
        window.dirty = False
        if args.scale == 1:
            window.open_return("530000100", "2024Q4")
            dialog = window.dialogs.show_history(window.template.indicators[0].code)
            if dialog is not None:
                save(dialog, "9-history")
                dialog.close()
            units = window.dialogs.open_settings()
            if units is not None:
                save(units, "10-units-and-settings")
                units.close()
            file_screens(window, service, Path(tmp), save)
            conflict_scene(window, Path(tmp) / "demo.db", save)
        county_scenes(window, service, Path(tmp) / "demo.db", save, args.scale == 1)
        window.close()
        engine.dispose()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def conflict_scene(window: Any, db_path: Path, save: Callable[[object, str], None]) -> None:
    """Another clerk (张三, a second engine on the same database) saved the return the window
    shows; the clerk's own save is refused: the dialog with who, when and what differs."""
    from decimal import Decimal

    from models.db import open_database
    from models.returns import ReturnService
    from ui.conflict_dialog import ConflictDialog

    other = ReturnService(open_database(db_path), who="张三")
    if other.workflow.foreign_import(other.store.load("530000110", "2024Q4")):  # the township's own file: corrected as 代报
        other.workflow.take_over("530000110", "2024Q4")
    window.open_return("530000110", "2024Q4")
    tpl = window.template  # the codes come from the template: a total, its last part, a lesser figure, a numbered text
    total, part = tpl.breakdowns[0].total, tpl.breakdowns[0].parts[-1]
    lesser = tpl.orders[0].lesser[0]
    text = next(t.code for t in tpl.texts if t.numbered)
    theirs = other.store.load("530000110", "2024Q4")
    theirs.values[total] = theirs.values.get(total, Decimal(0)) + 2
    theirs.values[part] = theirs.values.get(part, Decimal(0)) + 2
    theirs.texts[text] = "1、人才引进难。\n2、专业技术人员结构不合理。"
    other.store.save(theirs)
    other.engine.dispose()
    form = window.forms[tpl.indicator(total).section]
    form.fields[total].type_text(str(theirs.values[total] - 1))
    window.forms[tpl.indicator(lesser).section].fields[lesser].type_text("41")
    shown: list[ConflictDialog] = []
    ConflictDialog.exec = lambda dialog: shown.append(dialog) or 0  # type: ignore[method-assign]  # shown, not waited for
    window.commands.save()
    if shown:
        shown[0].show()
        save(shown[0], "20-saved-by-someone-else")
        shown[0].close()
    window.document.take_theirs()


def county_scenes(window: Any, service: Any, db_path: Path, save: Callable[[object, str], None], dialogs: bool) -> None:
    """报送情况, a consolidated return, the year, the comparison page, backups and 关于/诊断.

    The demo's subordinate units are given the states a county clerk meets: one
    imported on time and accepted, one imported late and sent back, one submitted,
    one draft, one missing.
    """
    import datetime as dt
    import sqlite3
    from dataclasses import replace

    from models.consolidate import consolidate
    from ui.startup import DatabaseHandle, SafetyActions

    own = service.store.load("530000110", "2024Q4")
    hospital = service.units.get("530000101")
    service.workflow.import_return(
        replace(own, unit=hospital, origin="imported", source_file="示范县人民医院2024年第四季度.xlsx", texts={}), replace_existing=True
    )
    late = replace(service.store.load("530000111", "2024Q4"), origin="imported", source_file="新华乡卫生院2024Q4.xlsx")
    service.workflow.import_return(late, replace_existing=True)
    service.workflow.submit("530000112", "2024Q4")
    # Received dates are stamped when a return arrives (now); the hospital's is set back to
    # before the due date so the table shows both 按时 and 逾期.
    con = sqlite3.connect(db_path)
    with con:
        con.execute(
            "UPDATE returns SET received_at = ? WHERE period = '2024Q4' AND unit_id = (SELECT id FROM units WHERE code = '530000101')",
            (dt.datetime(2025, 1, 20, 2, 30),),
        )
    con.close()
    service.workflow.review("530000101", "2024Q4", True)
    service.workflow.review("530000111", "2024Q4", False, "录用人数按学历分组之和与录用人数不符，请核对后重新报送")
    window.open_return("530000100", "2024Q4")
    window.tabs.setCurrentIndex(0)
    dialog = window.county.show_completeness()
    if dialog is not None:
        save(dialog, "11-returns-received")
        dialog.close()
    consolidate(service, "530000100", "2024Q4")
    window.county.show_consolidated_return()
    save(window, "12-consolidated")
    window.county.show_year()
    save(window, "13-whole-year")
    window.county.show_own()
    window.quarter.setCurrentIndex(3)
    window.county.show_comparison_page()
    save(window, "14-comparison")
    window.tabs.setCurrentIndex(0)
    if dialogs:
        handle = DatabaseHandle(db_path)
        handle.engine = service.engine
        safety = SafetyActions(window, handle)
        from models.backup import make_backup

        make_backup(db_path, "daily", now=dt.datetime.now() - dt.timedelta(days=1))
        make_backup(db_path, "daily")
        backups = safety.show_backups()
        if backups is not None:
            backups.backup_now()
            save(backups, "15-backup-and-restore")
            backups.close()
        about = safety.show_about()
        save(about, "16-about-and-diagnostics")
        about.close()
        handle.engine = None  # the script disposes of the engine itself


if __name__ == "__main__":
    sys.exit(main())
