"""Entry fields: a figure box that knows its indicator, and a narrative box.

The figure box lets through only the characters a figure is written with (digits,
full-width digits, grouping commas, the point, a blank mark); whether the text is a
valid figure is decided by models.values.parse_value, the same rule imports use, and
a refused text is marked with the parser's message rather than silently dropped.
Enter and ↓ move on like Tab, ↑ goes back; pasting several cells copied from Excel
asks the form to fill the following fields.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from models.values import ValueProblem, format_value, parse_value

if TYPE_CHECKING:
    from models.template import Indicator

# While typing: the characters of every form the parser reads, or a blank mark. The point is
# let through in a whole-number box and any number of decimals typed, so that "12.5" in a
# count, or a third decimal, is marked as a problem instead of losing a keystroke ("125").
# A leading minus is let through for the parser to say that figures cannot be negative.
_TYPING_PATTERN = r"\s*(?:[/／—]|[-－]?[0-9０-９,，.．]*)\s*"
# A typed percentage (奖励性绩效工资占比) may be written with its sign: 60%.
_PERCENT_PATTERN = r"\s*(?:[/／—]|[-－]?[0-9０-９,，.．]*\s*[%％]?)\s*"
# A coloured border replaces the style's focus frame, so a field with the cursor gets a thick
# blue one: the clerk sees where typing goes even on a field the checks outline in red.
_FOCUS = " QLineEdit:focus { border: 3px solid #1565c0; }"
_PROBLEM_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fff3f3; }" + _FOCUS
# A figure named by a finding of the checks: red for an error, amber for an unexplained warning.
_FLAG_STYLES = {"error": "QLineEdit { border: 1px solid #d32f2f; }" + _FOCUS, "warning": "QLineEdit { border: 1px solid #e0a000; }" + _FOCUS}


# What QValidator.validate returns at run time; the PySide6 stubs say only ``object``.
ValidatorVerdict = tuple[QValidator.State, str, int]


def split_cells(text: str) -> list[str]:
    """Cells of a block copied from a spreadsheet, row by row (tab/newline separated)."""
    rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # Excel ends a copied block with a newline
    return [cell.strip() for row in rows for cell in row.split("\t")]


def is_multi_cell(text: str) -> bool:
    return len(split_cells(text)) > 1


class ShortcutPassThrough(QObject):
    """An event filter for entry fields: the keys the window's own actions use (Ctrl+E
    导出Excel …) are left to the window even where the platform binds them to editing (on
    X11 Ctrl+E moves to the end of the line). ``owns_shortcut`` is the host's
    (ui/host.py WindowHost.owns_shortcut): the fields never look through the window."""

    def __init__(self, owns_shortcut: Callable[[QKeySequence], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.owns_shortcut = owns_shortcut

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self.owns_shortcut(QKeySequence(event.keyCombination())):
            event.ignore()  # not the field's: the window's action fires
            return True
        return super().eventFilter(watched, event)


class NumberEdit(QLineEdit):
    """The box for one indicator's figure; blank stays blank (None), '/' means blank."""

    value_edited = Signal(str, object)  # code, Decimal | None
    problem_changed = Signal(str, str)  # code, message ("" when fine)
    cells_pasted = Signal(object, list)  # self, the pasted cells
    history_requested = Signal(str)  # code

    def __init__(self, indicator: Indicator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.code = indicator.code
        self.problem = ""
        self.flag = ""  # "", "error" or "warning": named by a finding of the checks
        self.setObjectName(f"field:{indicator.code}")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(_PERCENT_PATTERN if indicator.is_percent else _TYPING_PATTERN), self))
        self.setMinimumWidth(72)
        self.setMaximumWidth(130)
        self.textEdited.connect(self.on_text_edited)
        self.editingFinished.connect(self.normalise)

    # ---- value ----------------------------------------------------------------
    def value(self) -> Decimal | None:
        """The figure shown, or None when blank or not a valid figure."""
        try:
            return parse_value(self.indicator, self.text())
        except ValueProblem:
            return None

    def show_value(self, value: Decimal | None) -> None:
        """Show a stored figure (no signal: this is not an edit)."""
        self.setText(format_value(self.indicator, value))
        self.set_problem("")

    def type_text(self, text: str) -> None:
        """Put text in as if the clerk typed it (used by paste into following fields)."""
        if self.isReadOnly():
            return
        self.setText(text)
        self.on_text_edited(text)

    def on_text_edited(self, text: str) -> None:
        try:
            value = parse_value(self.indicator, text)
        except ValueProblem as exc:
            self.set_problem(str(exc))
            return
        self.set_problem("")
        self.value_edited.emit(self.code, value)

    def normalise(self) -> None:
        """After editing: '/' becomes blank, '1,922' becomes '1922', '12.5' becomes '12.50'."""
        if self.problem:
            return
        try:
            text = format_value(self.indicator, parse_value(self.indicator, self.text()))
        except ValueProblem:
            return
        if text != self.text():
            self.setText(text)

    def set_problem(self, message: str) -> None:
        if message == self.problem:
            return
        self.problem = message
        self.restyle()
        self.setToolTip(message)
        self.problem_changed.emit(self.code, message)

    def set_flag(self, flag: str) -> None:
        if flag != self.flag:
            self.flag = flag
            self.restyle()

    def restyle(self) -> None:
        self.setStyleSheet(_PROBLEM_STYLE if self.problem else _FLAG_STYLES.get(self.flag, ""))

    # ---- keyboard, paste, context menu ------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            self.normalise()
            self.focusNextChild()
            return
        if plain and event.key() == Qt.Key.Key_Up:
            self.normalise()
            self.focusPreviousChild()
            return
        if event.matches(QKeySequence.StandardKey.Paste) and self.paste_cells():
            return
        super().keyPressEvent(event)

    def paste_cells(self) -> bool:
        """Several cells on the clipboard fill this field and the following ones; one cell
        the typing filter would swallow ("1e3", "1 234") replaces the text, to be marked."""
        text = QGuiApplication.clipboard().text()
        if self.isReadOnly():
            return False
        if is_multi_cell(text):
            self.cells_pasted.emit(self, split_cells(text))
            return True
        validator = self.validator()
        if text.strip() and validator is not None and cast(ValidatorVerdict, validator.validate(text, 0))[0] == QValidator.State.Invalid:
            self.type_text(text.strip())
            return True
        return False

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        # The key is only shown here: the window's own action owns the shortcut.
        action = menu.addAction(self.tr("History of this figure…") + "\tCtrl+H")
        action.triggered.connect(self.request_history)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def request_history(self) -> None:
        self.history_requested.emit(self.code)


class TextEdit(QPlainTextEdit):
    """A narrative box (存在问题, 说明 …); Tab leaves it, Enter starts a new line."""

    text_edited = Signal(str, str)  # code, text

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setObjectName(f"text:{code}")
        self.setTabChangesFocus(True)
        self.textChanged.connect(self.on_text_changed)
        self._loading = False

    def show_text(self, text: str) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def on_text_changed(self) -> None:
        if not self._loading:
            self.text_edited.emit(self.code, self.toPlainText())
