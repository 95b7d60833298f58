"""The domain's words (models.vocab) in the window's language, for widgets that are not told it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.vocab import Vocabulary

LANG_PROPERTY = "hrh_lang"  # set on the QApplication by ui.app.make_application


def word(term: Vocabulary) -> str:
    app = QCoreApplication.instance()
    lang = app.property(LANG_PROPERTY) if app is not None else None
    return term.text(str(lang or "zh"))
