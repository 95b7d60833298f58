"""根据数字起草 beside 主要做法与成效: draft, edit, save, and the PDF prints what the clerk kept."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, Answers, WindowFactory, type_text
from tests.ui.files_helpers import FileDialogs, exported
from ui.main_window import MainWindow

PERIOD = "2024Q4"
FIGURES = {
    "staff.total": "1922",
    "staff.prof": "1733",
    "staff.admin": "0",
    "staff.worker": "189",
    "staff.other": "0",
    "recruit.posts": "19",
    "recruit.applicants": "206",
    "recruit.examinees": "131",
    "recruit.hired": "48",
}


def with_figures(window: MainWindow) -> None:
    assert window.open_return(UNIT.code, PERIOD)
    for code, text in FIGURES.items():
        edit = window.forms[window.template.indicator(code).section].fields[code]
        edit.type_text(text)
        edit.normalise()


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def test_the_button_sits_beside_the_label_of_the_highlights(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    button = window.drafting.controls().button
    assert button.text() == "根据数字起草"
    form = window.forms["text"]
    head = form.text_heads["text.highlights"]
    assert head.itemAt(0).widget().text() == "主要做法与成效" and head.itemAt(1).widget() is button


def test_draft_edit_save_and_the_pdf_prints_what_was_kept(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    window = make_window()
    with_figures(window)
    editor = window.forms["text"].texts["text.highlights"]
    window.tabs.setCurrentWidget(window.scrolls["text"])  # leaving the figures saves them
    assert not window.dirty
    qtbot.mouseClick(window.drafting.controls().button, Qt.MouseButton.LeftButton)
    draft = editor.toPlainText()
    paragraphs = draft.split("\n")
    assert paragraphs[0] == "一、基本情况"
    assert "1922人" in paragraphs[1] and "90.2%" in paragraphs[1]
    recruitment = next(p for p in paragraphs if "录用" in p)
    assert "48" in recruitment
    assert window.dirty and window.data is not None and window.data.texts["text.highlights"] == draft
    # The clerk drops the recruitment paragraph and adds a sentence of her own.
    cursor = editor.textCursor()
    start = draft.index(recruitment)
    assert start > 0
    cursor.setPosition(start - 1)  # with the line break before it
    cursor.setPosition(start + len(recruitment), QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    type_text(qtbot, editor, "我院开展了岗位练兵活动")
    kept = editor.toPlainText()
    assert recruitment not in kept
    assert window.commands.save()
    assert window.service is not None
    stored = window.service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.texts["text.highlights"] == kept
    dialogs.save_as = tmp_path / "summary.pdf"
    assert window.file_actions.export_pdf()
    assert exported(qtbot, window) == dialogs.save_as
    text = pdf_text(dialogs.save_as.read_bytes())
    assert "我院开展了岗位练兵活动" in text
    assert paragraphs[1][:30] in text
    assert recruitment[:25] not in text


def test_existing_text_is_replaced_only_when_the_clerk_says_so(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs) -> None:
    window = make_window()
    with_figures(window)
    editor = window.forms["text"].texts["text.highlights"]
    editor.setPlainText("我们自己写的总结")
    dialogs.existing_text = "cancel"
    assert not window.drafting.draft()
    assert editor.toPlainText() == "我们自己写的总结"
    dialogs.existing_text = "append"
    assert window.drafting.draft()
    assert editor.toPlainText().startswith("我们自己写的总结\n一、基本情况\n截至") and "1922" in editor.toPlainText()
    dialogs.existing_text = "replace"
    assert window.drafting.draft()
    assert editor.toPlainText().startswith("一、基本情况") and "我们自己写的总结" not in editor.toPlainText()
    assert dialogs.questions == ["existing_text"] * 3
    editor.undo()  # the draft went in as one edit
    assert editor.toPlainText().startswith("我们自己写的总结\n一、")


def test_a_changed_figure_makes_the_draft_stale_and_the_window_says_which_sentence(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, tmp_path: Path
) -> None:
    window = make_window()
    with_figures(window)
    window.tabs.setCurrentWidget(window.scrolls["text"])
    assert window.drafting.draft()
    assert window.commands.save()
    assert window.drafting.controls().stale_label.isHidden()
    # The fingerprint is stored with the text: after reopening, nothing is stale yet.
    assert window.open_return(UNIT.code, PERIOD)
    assert window.data is not None and window.data.drafted_from.get("text.highlights")
    assert window.drafting.controls().stale_label.isHidden()
    edit = window.forms["staff"].fields["staff.total"]
    edit.type_text("1930")
    edit.normalise()
    label = window.drafting.controls().stale_label
    assert not label.isHidden()
    assert "在岗职工总数" in label.text() and "1922 → 1930" in label.text()
    assert "共有在岗职工1922人" in label.toolTip()
    assert "录用" not in label.toolTip()  # the recruitment sentence used no changed figure
    assert window.commands.save()
    dialogs.save_as = tmp_path / "stale.pdf"
    assert window.file_actions.export_pdf()
    assert exported(qtbot, window) == dialogs.save_as
    assert "文字与数字不符" in pdf_text(dialogs.save_as.read_bytes())
    window.tabs.setCurrentWidget(window.scrolls["text"])
    dialogs.existing_text = "replace"
    assert window.drafting.draft()  # redrafting makes it match again
    assert label.isHidden()


def test_no_figures_no_draft(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, "2025Q1")
    assert not window.drafting.draft()
    assert window.forms["text"].texts["text.highlights"].toPlainText() == ""
    assert answers.told[-1][0] == "没有可用于起草的数字"
    assert not window.dirty


def test_a_submitted_return_cannot_be_drafted_into(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    window.forms["staff"].fields["staff.total"].type_text("30")
    window.forms["staff"].fields["staff.total"].normalise()
    assert window.drafting.controls().button.isEnabled()
    assert window.commands.submit()
    assert not window.drafting.controls().button.isEnabled()
    assert not window.drafting.draft()
