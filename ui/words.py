"""The domain's words (models.vocab) in the window's language, for widgets that are not told it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.vocab import SubmissionState, Vocabulary

LANG_PROPERTY = "hrh_lang"  # set on the QApplication by ui.app.make_application


def word(term: Vocabulary) -> str:
    app = QCoreApplication.instance()
    lang = app.property(LANG_PROPERTY) if app is not None else None
    return term.text(str(lang or "zh"))


# Where a return stands (models.vocab.SubmissionState; the inbox's Arrival shares its values),
# drawn the same in the unit tree, 报送情况 and the 收件箱.
STATE_COLOURS: dict[str, str] = {
    SubmissionState.MISSING: "#d32f2f",
    SubmissionState.RETURNED: "#d32f2f",
    SubmissionState.ERRORS: "#d32f2f",
    SubmissionState.DRAFT: "#b26a00",
    SubmissionState.EDITED: "#b26a00",
    SubmissionState.SUBMITTED: "#1565c0",
    SubmissionState.IMPORTED: "#1565c0",
    SubmissionState.ACCEPTED: "#2e7d32",
}
