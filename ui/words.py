"""The domain's words (models.vocab) in the window's language, for widgets that are not told it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.vocab import Vocabulary

LANG_PROPERTY = "hrh_lang"  # set on the QApplication by ui.app.make_application


def word(term: Vocabulary) -> str:
    app = QCoreApplication.instance()
    lang = app.property(LANG_PROPERTY) if app is not None else None
    return term.text(str(lang or "zh"))


# Where a return stands (models.vocab.SubmissionState), drawn the same in the unit tree and 报送情况.
STATE_COLOURS = {
    "missing": "#d32f2f",
    "returned": "#d32f2f",
    "errors": "#d32f2f",
    "draft": "#b26a00",
    "edited": "#b26a00",
    "submitted": "#1565c0",
    "imported": "#1565c0",
    "accepted": "#2e7d32",
}
