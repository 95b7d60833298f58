"""The window step of ``--selftest``: Qt starts, the Chinese translation and the bundled
font load, and the main window shows the demo return (headless: offscreen platform).

It catches a build that lacks a Qt plugin, the translations or the font, which the
database and export steps would not notice.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.returns import ReturnService


def window_step(service: ReturnService, folder: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless unless told otherwise
    from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.app import make_application
    from ui.main_window import MainWindow

    def quiet(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # The offscreen platform cannot size native windows; not a fault of the build.
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(quiet)
    app = make_application("zh")
    saved = QCoreApplication.translate("MainWindow", "&Save")
    assert saved == "保存(&S)", f"中文界面未载入（“保存”显示为 {saved!r}）"
    assert "WenQuanYi Micro Hei" in app.font().families(), "随程序提供的中文字体未载入"
    from models.demo import selftest_probe

    probe = selftest_probe(service)
    template = service.registry.for_period(probe.period)
    window = MainWindow(template)
    try:
        window.show()
        window.attach(service)
        assert window.open_return(probe.unit, probe.period), "窗口未能打开示范报表"
        shown = window.forms[template.indicator(probe.code).section].fields[probe.code].text().replace(",", "")
        assert shown == str(probe.expected), f"窗口中{probe.label}显示为 {shown!r}，应为 {probe.expected}"
        QApplication.processEvents()
        image = window.grab()
        assert not image.isNull() and image.width() > 0, "窗口未能绘制"
        return f"中文界面、字体，示范报表显示 {shown}（{QApplication.platformName()}）/ window shows the demo return"
    finally:
        window.dirty = False
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        qInstallMessageHandler(previous)
