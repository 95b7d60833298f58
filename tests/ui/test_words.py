"""The domain's words in the window's language (ui/words.py): Chinese unless the application
was started in English; every state a return can be in has its colour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from models.vocab import ReturnStatus, SubmissionState
from ui.words import LANG_PROPERTY, STATE_COLOURS, word


@pytest.fixture
def app_lang(qapp: QApplication) -> Iterator[QApplication]:
    before = qapp.property(LANG_PROPERTY)
    yield qapp
    qapp.setProperty(LANG_PROPERTY, before)


def test_a_word_is_chinese_unless_the_window_speaks_english(app_lang: QApplication) -> None:
    app_lang.setProperty(LANG_PROPERTY, None)
    assert word(ReturnStatus.SUBMITTED) == ReturnStatus.SUBMITTED.label == "已报送"
    app_lang.setProperty(LANG_PROPERTY, "en")
    assert word(ReturnStatus.SUBMITTED) == "Submitted"
    app_lang.setProperty(LANG_PROPERTY, "zh")
    assert word(SubmissionState.MISSING) == "未报"


def test_every_reporting_state_has_its_colour() -> None:
    assert set(STATE_COLOURS) == {s.value for s in SubmissionState}
    assert STATE_COLOURS["missing"] == STATE_COLOURS["returned"] != STATE_COLOURS["accepted"]
