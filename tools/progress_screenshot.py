"""The window while it exports the county's 汇总表 to PDF: the progress over a window that
still paints (docs/screenshots/21-export-progress.png).

    QT_QPA_PLATFORM=offscreen python tools/progress_screenshot.py [--out docs/screenshots]

The export is slowed down (2 s in the worker) so that the progress dialog, shown after
300 ms, is on screen; the picture is the screen, so the dialog and the window are both in it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)

    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QProgressDialog

    import formats.pdf_export
    from models.consolidate import consolidate
    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from models.template import default_registry
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application("zh")
    real = formats.pdf_export.export_pdf

    def slow(*a: object, **kw: object) -> object:
        time.sleep(2)
        return real(*a, **kw)  # type: ignore[arg-type]

    formats.pdf_export.export_pdf = slow  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "demo.db")
        service = ReturnService(engine, who="demo")
        build_demo(service)
        consolidate(service, "530000100", "2024Q4")
        window = MainWindow(default_registry().latest())
        window.inform = lambda title, text, error=False: None  # type: ignore[method-assign]
        window.resize(1280, 800)
        window.show()
        window.attach(service)
        window.county.show_consolidated("530000100", "2024Q4")
        actions = window.file_actions
        actions.ask_save_path = lambda title, suggested, file_filter: Path(tmp) / suggested.name  # type: ignore[method-assign]
        assert actions.export_pdf()
        progress = window.findChild(QProgressDialog, "progress")
        until = time.monotonic() + 1.2
        while time.monotonic() < until:
            app.processEvents()
            time.sleep(0.01)
        assert progress is not None and progress.isVisible(), "the progress is not shown"
        # The window and the dialog over it, where the dialog is on the screen.
        shot = QPixmap(window.frameGeometry().size())
        shot.fill()
        painter = QPainter(shot)
        painter.drawPixmap(window.geometry().topLeft() - window.frameGeometry().topLeft(), window.grab())
        where = progress.geometry().translated(-window.frameGeometry().topLeft())
        painter.drawPixmap(where.topLeft(), progress.grab())
        painter.setPen(QColor("#808080"))  # the frame a window manager would draw
        painter.drawRect(where.adjusted(-1, -1, 0, 0))
        painter.end()
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / "21-export-progress.png"
        shot.save(str(path))
        print(path)
        while actions.busy:
            app.processEvents()
            time.sleep(0.01)
        window.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
