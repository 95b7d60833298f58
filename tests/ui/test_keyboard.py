"""Every action by keyboard (issue 16): shortcuts work wherever the cursor is, pages take the
cursor with them, every menu entry has its own access key, the 退回 reason by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import UNIT, Answers, WindowFactory, field, type_into
from ui.main_window import MainWindow

PERIOD = "2024Q4"


def focus(qtbot: QtBot, window: MainWindow, widget) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_ctrl_e_exports_while_a_figure_has_the_cursor(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    asked: list[str] = []
    window.file_actions.ask_save_path = lambda title, suggested, file_filter: asked.append(title)  # type: ignore[method-assign]
    edit = field(window, "staff.total")
    focus(qtbot, window, edit)
    type_into(qtbot, edit, "30")
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["导出Excel报表"]
    assert edit.text() == "30"


def test_a_key_the_window_uses_is_not_kept_by_a_field_that_binds_it(qtbot: QtBot, make_window: WindowFactory) -> None:
    """On X11 a line edit binds Ctrl+E (end of line) and would swallow 导出Excel; Ctrl+→ (next
    word) is bound by text boxes on every platform, so a window action on it shows the same."""
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    fired: list[bool] = []
    window.addAction(window.new_action("test", lambda: fired.append(True), "Ctrl+Right"))
    edit = field(window, "staff.total")
    focus(qtbot, window, edit)
    type_into(qtbot, edit, "30")
    edit.setCursorPosition(0)
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True] and edit.cursorPosition() == 0  # the action, not the next word
    text = window.forms["text"].texts["text.problems"]
    window.tabs.setCurrentWidget(window.scrolls["text"])
    focus(qtbot, window, text)
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True, True]


def test_the_cursor_shows_on_a_field_outlined_in_red(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "10")
    type_into(qtbot, field(window, "staff.female"), "12")  # more women than staff: both outlined in red
    edit = field(window, "staff.female")
    assert edit.flag == "error"

    def border() -> tuple[int, int, int]:
        image = edit.grab().toImage()
        colour = image.pixelColor(0, image.height() // 2)
        return colour.red(), colour.green(), colour.blue()

    focus(qtbot, window, field(window, "staff.total"))
    red = border()
    focus(qtbot, window, edit)
    blue = border()
    assert red[0] > 150 and red[2] < 100  # red without the cursor
    assert blue[2] > 150 and blue[0] < 100  # blue with it


def test_ctrl_pgdown_takes_the_cursor_to_the_next_page(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    edit = field(window, "staff.total")
    focus(qtbot, window, edit)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.scrolls["recruit"]
    first = window.forms["recruit"].first_widget()
    assert QApplication.focusWidget() is first
    qtbot.keyClicks(first, "7")  # typing goes on at once, no Ctrl+3 needed
    assert window.data is not None and window.data.values.get("recruit.posts") == 7
    qtbot.keyClick(first, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is field(window, "staff.total")


def test_the_send_back_reason_is_confirmed_by_keyboard(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton

    from ui.completeness_dialog import ReasonDialog

    for confirm in ("ctrl+enter", "tab+enter"):
        dialog = ReasonDialog("城关镇卫生院")
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text)  # noqa: B023
        qtbot.keyClicks(dialog.text, "figures")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # a new line in the reason
        qtbot.keyClicks(dialog.text, "wrong")
        if confirm == "ctrl+enter":
            qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)  # Tab leaves the box (no tab character) …
            ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
            while QApplication.focusWidget() is not ok:
                assert isinstance(QApplication.focusWidget(), QPushButton)
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            qtbot.keyClick(ok, Qt.Key.Key_Return)  # … and Enter on 确定 confirms
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.reason() == "figures\nwrong"


def test_every_menu_entry_has_its_own_access_key_and_every_shortcut_one_action(make_window: WindowFactory) -> None:
    import re

    window = make_window()
    titles = [m.title() for m in window.menuBar().findChildren(type(window.file_menu)) if m.menuAction() in window.menuBar().actions()]
    keys = [re.search(r"&(\w)", t) for t in titles]
    assert all(keys), titles
    assert len({k.group(1).lower() for k in keys if k}) == len(titles), titles
    shortcuts: dict[str, str] = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        entries = [a for a in menu.actions() if not a.isSeparator()]
        letters = [re.search(r"&(\w)", a.text()) for a in entries]
        assert all(letters), [a.text() for a in entries]
        assert len({m.group(1).lower() for m in letters if m}) == len(entries), [a.text() for a in entries]
        for a in entries:
            for s in a.shortcuts():
                assert s.toString() not in shortcuts, f"{s.toString()}: {a.text()} and {shortcuts[s.toString()]}"
                shortcuts[s.toString()] = a.text()
    assert {"Ctrl+S", "Ctrl+E", "Ctrl+I", "Ctrl+PgDown", "Ctrl+R"} <= set(shortcuts)


def test_every_shortcut_works_from_a_figure_and_every_dialog_closes_with_escape(qtbot: QtBot, make_window: WindowFactory, answers: Answers) -> None:
    from PySide6.QtWidgets import QDialog, QWidget

    window = make_window()
    assert window.open_return(UNIT.code, PERIOD)
    window.file_actions.ask_save_path = lambda title, suggested, file_filter: None  # type: ignore[method-assign]
    window.file_actions.ask_open_paths = lambda title, folder, file_filter: []  # type: ignore[method-assign]
    walked = []
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.shortcut().isEmpty() or action is window.quit_action or not action.isEnabled():
                continue
            fired: list[bool] = []
            action.triggered.connect(lambda _=False, f=fired: f.append(True))
            window.open_return(UNIT.code, PERIOD)
            window.show_page("staff")
            before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
            edit = field(window, "staff.total")
            focus(qtbot, window, edit)
            combo = action.shortcut()[0]
            qtbot.keyClick(edit, combo.key(), combo.keyboardModifiers())
            assert fired, f"{action.text()} ({action.shortcut().toString()}) did nothing with the cursor in a figure"
            walked.append(action.shortcut().toString())
            qtbot.waitUntil(lambda: not window.document.busy, timeout=20_000)  # 打印 makes its pages in a worker
            for dialog in [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]:
                assert isinstance(dialog, QDialog | QWidget)
                dialog.activateWindow()
                qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d)
                qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
                qtbot.waitUntil(lambda d=dialog: not d.isVisible())
    assert len(walked) >= 15, walked
    focus(qtbot, window, field(window, "staff.total"))
    qtbot.keyClick(field(window, "staff.total"), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()  # Ctrl+Q last: the window closes
