"""Units and settings: add and edit reporting units and their parent, mark our own unit,
and the settings of models/settings.py (default signatories…), each declared once there;
and the clerk's name on this computer (the audit trail), kept outside the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.data import UnitInfo
from models.settings import CLERK_NAME_KEY, SETTINGS, clerk_name
from models.vocab import UnitLevel
from ui.screen import fit_dialog, window_settings
from ui.unit_tree import CODE_ROLE, fill_unit_tree
from ui.words import word

if TYPE_CHECKING:
    from models.returns import ReturnService


class UnitsDialog(QDialog):
    units_changed = Signal()

    def __init__(self, service: ReturnService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from models.returns import ServiceError

        self._service_error = ServiceError
        self.service = service
        self.setObjectName("units-dialog")
        self.setWindowTitle(self.tr("Units and settings"))
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Code")])
        self.tree.setMinimumWidth(300)
        self.code = QLineEdit(self)
        self.name = QLineEdit(self)
        self.level = QComboBox(self)
        for level in UnitLevel:
            self.level.addItem(word(level), level.value)
        self.parent_unit = QComboBox(self)
        self.credit_code = QLineEdit(self)
        self.ours = QCheckBox(self.tr("This is our unit (the one this computer reports for)"), self)
        self.new_button = QPushButton(self.tr("&New unit"), self)
        self.save_button = QPushButton(self.tr("&Save unit"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        unit_box = QGroupBox(self.tr("Unit"), self)
        unit_form = QFormLayout(unit_box)
        unit_form.addRow(self.tr("Code"), self.code)
        unit_form.addRow(self.tr("Name"), self.name)
        unit_form.addRow(self.tr("Kind"), self.level)
        unit_form.addRow(self.tr("Parent unit"), self.parent_unit)
        unit_form.addRow(self.tr("Unified social credit code"), self.credit_code)
        unit_form.addRow("", self.ours)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        unit_form.addRow(row)
        unit_form.addRow(self.message)
        settings_box = QGroupBox(self.tr("Defaults for new returns and the printed form"), self)
        settings_form = QFormLayout(settings_box)
        self.setting_edits: dict[str, QLineEdit] = {}
        for spec in SETTINGS:
            if spec.key == "our_unit":
                continue  # set with the check box above
            edit = QLineEdit(self)
            edit.setObjectName(f"setting:{spec.key}")
            self.setting_edits[spec.key] = edit
            settings_form.addRow(spec.label, edit)
        clerk_box = QGroupBox(self.tr("On this computer"), self)
        clerk_form = QFormLayout(clerk_box)
        self.clerk_name = QLineEdit(self)
        self.clerk_name.setObjectName("clerk-name")
        self.clerk_name.setMaxLength(100)
        self.clerk_name.setPlaceholderText(clerk_name())  # the system user's name, used when blank
        self.clerk_name.setToolTip(self.tr("Recorded with every change in the audit trail, and named to another clerk whose save it overtook."))
        clerk_form.addRow(self.tr("Your name"), self.clerk_name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        right = QVBoxLayout()
        right.addWidget(unit_box)
        right.addWidget(settings_box)
        right.addWidget(clerk_box)
        body = QHBoxLayout()
        body.addWidget(self.tree, 1)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self.tree.currentItemChanged.connect(self.on_unit_chosen)
        self.new_button.clicked.connect(self.new_unit)
        self.save_button.clicked.connect(self.save_unit)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        fit_dialog(self, 900, 560, "units")  # within the screen (ui/screen.py)

    def load(self) -> None:
        """Read units and settings (after construction, so opening the dialog is cheap to build)."""
        settings = self.service.settings.all()
        for key, edit in self.setting_edits.items():
            edit.setText(settings[key])
        self.clerk_name.setText(str(window_settings().value(CLERK_NAME_KEY, "") or ""))
        self.fill_tree(settings["our_unit"])
        if self.tree.topLevelItemCount() == 0:
            self.new_unit()
            self.ours.setChecked(True)

    def fill_tree(self, select: str | None = None) -> None:
        self.units = self.service.units.list()
        our = self.service.settings.get("our_unit")
        items = fill_unit_tree(self.tree, self.units, our, self.tr(" (ours)"))
        for code, item in items.items():
            item.setText(1, code)
        self.tree.resizeColumnToContents(0)
        self.parent_unit.clear()
        self.parent_unit.addItem(self.tr("(none)"), "")
        for u in self.units:
            self.parent_unit.addItem(f"{u.name}（{u.code}）", u.code)
        if select and select in items:
            self.tree.setCurrentItem(items[select])

    def on_unit_chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is None:
            return
        code = item.data(0, CODE_ROLE)
        unit = next((u for u in self.units if u.code == code), None)
        if unit is None:
            return
        self.code.setText(unit.code)
        self.code.setReadOnly(True)  # the code is the unit's identity in every return
        self.name.setText(unit.name)
        self.level.setCurrentIndex(max(self.level.findData(unit.level), 0))
        self.parent_unit.setCurrentIndex(max(self.parent_unit.findData(unit.parent or ""), 0))
        self.credit_code.setText(unit.credit_code)
        self.ours.setChecked(self.service.settings.get("our_unit") == unit.code)
        self.message.clear()

    def new_unit(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
        for edit in (self.code, self.name, self.credit_code):
            edit.clear()
        self.code.setReadOnly(False)
        self.ours.setChecked(False)
        self.parent_unit.setCurrentIndex(0)
        self.code.setFocus()

    def save_unit(self) -> bool:
        info = UnitInfo(
            self.code.text().strip(),
            self.name.text().strip(),
            self.level.currentData(),
            self.parent_unit.currentData() or None,
            self.credit_code.text().strip(),
        )
        try:
            self.service.units.save(info)
        except self._service_error as exc:
            self.show_message(str(exc), error=True)
            return False
        if self.ours.isChecked():
            self.service.settings.set(our_unit=info.code)
        elif self.service.settings.get("our_unit") == info.code:
            self.service.settings.set(our_unit="")
        self.fill_tree(info.code)
        self.show_message(self.tr("Saved {name}.").format(name=info.name), error=False)
        self.units_changed.emit()
        return True

    def show_message(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {'#d32f2f' if error else '#2e7d32'}")
        self.message.setText(text)

    def unit_form_pending(self) -> bool:
        """A new unit typed in but not yet saved."""
        return not self.code.isReadOnly() and bool(self.code.text().strip() or self.name.text().strip())

    def accept(self) -> None:
        if self.unit_form_pending() and not self.save_unit():
            return
        self.service.settings.set(**{key: edit.text().strip() for key, edit in self.setting_edits.items()})
        # Per computer and user, never in the database: on a shared server each clerk has their own.
        window_settings().setValue(CLERK_NAME_KEY, self.clerk_name.text().strip())
        self.service.who = clerk_name(self.clerk_name.text())
        self.units_changed.emit()
        super().accept()
