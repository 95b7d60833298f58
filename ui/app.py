"""Start the GUI: the application object, fonts, translations, the main window.

The window is shown first and the database opened right after, from the event
loop, so the clerk sees the program at once even while SQLAlchemy loads and an
older database is upgraded.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from models.paths import FONT_DIR, RESOURCES, TRANSLATION_DIR
from ui.words import LANG_PROPERTY

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ui.main_window import MainWindow
    from ui.startup import DatabaseHandle

# Chinese UI fonts of a Windows PC, tried before the bundled one.
SYSTEM_CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun")
BUNDLED_FONT = FONT_DIR / "wqy-microhei.ttc"
TRANSLATION_NAME = "hrh_zh_CN"
APP_ICON = RESOURCES / "icons" / "hrh.png"  # drawn by tools/make_icon.py


def install_fonts(app: QApplication) -> list[str]:
    """Register the bundled CJK font and make it the fallback of the application font."""
    bundled: list[str] = []
    if BUNDLED_FONT.exists():
        font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
        if font_id >= 0:
            bundled = list(QFontDatabase.applicationFontFamilies(font_id))
    known = set(QFontDatabase.families())
    font = QFont(app.font())
    families = [font.family(), *(f for f in SYSTEM_CJK_FAMILIES if f in known), *bundled]
    font.setFamilies(list(dict.fromkeys(families)))
    app.setFont(font)
    return families


# Labels of Qt's own file dialog that Qt's Chinese (qtbase_zh_CN) does not translate: their
# Chinese is in our catalogue, under Qt's context.
QT_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def use_chinese_dates(lang: str) -> None:
    """Dates as a Chinese clerk reads them (2026/11/30) in Qt's own dialogs where the system
    locale is plain C (a fresh Linux): Qt's file dialog dates follow the system locale, which
    QLocale.setDefault does not change. Before the application object is made."""
    if lang == "en" or os.environ.get("LC_ALL"):
        return
    current = os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if current.split(".")[0] in ("", "C", "POSIX"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Chinese by default: our strings, and Qt's own (so standard buttons read 确定/取消)."""
    if lang == "en":
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # qt_zh_CN.qm only lists other catalogues and fails to load when one of them is not
    # installed (PySide6-Essentials lacks some); qtbase_zh_CN holds the standard buttons.
    wanted = ((TRANSLATION_NAME, str(TRANSLATION_DIR)), ("qt_zh_CN", qt_folder), ("qtbase_zh_CN", qt_folder))
    translators: list[QTranslator] = []
    for name, folder in wanted:
        if name == "qtbase_zh_CN" and len(translators) == 2:
            break  # qt_zh_CN loaded, and with it qtbase
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


def quicker_feature_check() -> bool:
    """PySide6 looks at every module imported after it (its ``__feature__`` switching): it reads
    the module's source through ``inspect.getsource`` to see whether it names PySide6. For the
    ~230 modules of SQLAlchemy and our models, loaded after the window is painted, that is
    ~40 ms of the start (and ~8 ms for the window's own modules, before it). Here the same
    question is answered from the file's bytes; anything else (no source file, a bundle) is
    left to PySide's own check. False when PySide has no such check."""
    feature = sys.modules.get("shibokensupport.feature")
    own = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or own is None:
        return False
    if getattr(own, "reads_bytes", False):
        return True

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(own(module))

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True


quicker_feature_check()  # on importing this module: the window's modules, imported next, are checked the quicker way


def make_application(lang: str = "zh") -> QApplication:
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        use_chinese_dates(lang)
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("hrh-returns")
    app.setProperty(LANG_PROPERTY, lang)  # ui.words: the domain's words in this language
    app.setWindowIcon(QIcon(str(APP_ICON)))  # title bar and task bar (the .exe's own icon is set by the spec)
    install_fonts(app)
    install_translations(app, lang)
    return app


def open_engine(window: MainWindow, db: str | None, handle: DatabaseHandle | None = None) -> Engine | None:
    """Open the database and hand it to the window; on failure say why and quit.

    The lock, a damaged file and the daily backup are handled in ui/startup.py.
    """
    from ui.startup import DatabaseHandle, open_for_window

    return open_for_window(window, handle or DatabaseHandle(db))


def collect_from_now() -> None:
    """Garbage collection on again (main.py turns it off for the start), the objects made so far
    moved out of its way: the modules, classes and template of the start, SQLAlchemy's once the
    database is open (~130,000 objects). A full collection later (a province's 汇总, a long
    import) then walks only what was made since: measured, 45–70 ms each before, ~0 after. The
    few hundred objects the start left unreachable (~700) stay, rather than a full collection
    of that length on the window's thread now."""
    gc.freeze()
    gc.enable()


def run_gui(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    lang = getattr(args, "lang", "zh") or "zh"
    app = make_application(lang)
    from models.periods import current_quarter
    from models.template import default_registry
    from ui.main_window import MainWindow
    from ui.startup import install_excepthook

    window = MainWindow(default_registry().for_period(str(current_quarter())), lang)
    window.show()
    previous_hook = install_excepthook(window)  # an unhandled error is logged and shown, not a silent crash
    handles: list[DatabaseHandle] = []
    opened: list[bool] = []

    def open_db() -> None:
        from ui.startup import DatabaseHandle, SafetyActions

        handle = DatabaseHandle(getattr(args, "db", None))
        handles.append(handle)
        SafetyActions(window, handle)  # 文件 → 备份与恢复, 帮助 → 关于/诊断
        if open_engine(window, getattr(args, "db", None), handle) is not None:
            opened.append(True)
        collect_from_now()
        logging.getLogger(__name__).info("window shown and database opened in %.2f s", time.perf_counter() - started)

    QTimer.singleShot(0, open_db)
    code = app.exec()
    sys.excepthook = previous_hook
    for handle in handles:
        handle.release()
    return code if opened else 3  # 3 (cli.errors.EXIT_DATABASE): the database could not be opened (or is open in another copy)
