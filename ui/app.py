"""Start the GUI: the application object, fonts, translations, the main window."""

from __future__ import annotations

import argparse
import sys


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    from models.db import DatabaseError, open_database
    from models.paths import FONT_DIR

    app = QApplication.instance() or QApplication(sys.argv)
    for font in FONT_DIR.glob("*.tt[cf]"):
        QFontDatabase.addApplicationFont(str(font))
    try:
        open_database(args.db)
    except DatabaseError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return 2
    window = QMainWindow()
    window.setWindowTitle("卫生人才工作季度报表")
    window.setCentralWidget(QLabel("数据库已打开。填报窗口即将完成；请先使用命令行（python main.py --help）。"))
    window.resize(1280, 800)
    window.show()
    return app.exec()
