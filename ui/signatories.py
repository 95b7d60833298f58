"""The foot of the return (表尾): 单位负责人, 统计负责人, 填表人, 联系电话, 报出日期."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.data import Signatories

_NO_DATE = QDate(2000, 1, 1)  # shown as the blank text: 报出日期 not given yet


class SignatoriesForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form:signatories")
        self.unit_head = QLineEdit(self)
        self.stats_head = QLineEdit(self)
        self.filled_by = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.report_date = QDateEdit(self)
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        self.report_date.setMinimumDate(_NO_DATE)
        self.report_date.setSpecialValueText(self.tr("(not given)"))
        self.today_button = QPushButton(self.tr("&Today"), self)
        self._loading = False
        form = QFormLayout()
        form.addRow(self.tr("Head of unit"), self.unit_head)
        form.addRow(self.tr("Head of statistics"), self.stats_head)
        form.addRow(self.tr("Filled in by"), self.filled_by)
        form.addRow(self.tr("Telephone"), self.phone)
        date_row = QHBoxLayout()
        date_row.addWidget(self.report_date)
        date_row.addWidget(self.today_button)
        date_row.addStretch(1)
        form.addRow(self.tr("Date of report"), date_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(QLabel(self.tr("<b>Signatures at the foot of the return</b>"), self))
        hint = QLabel(self.tr("Defaults for new returns are set under File → Units and settings."), self)
        hint.setStyleSheet("color: #777777")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addStretch(1)
        for edit in (self.unit_head, self.stats_head, self.filled_by, self.phone):
            edit.setMaximumWidth(360)
            edit.textEdited.connect(self.on_edited)
        self.report_date.setMaximumWidth(200)
        self.report_date.dateChanged.connect(self.on_edited)
        self.today_button.clicked.connect(self.set_today)
        self.reading_order: list[QWidget] = [self.unit_head, self.stats_head, self.filled_by, self.phone, self.report_date, self.today_button]
        for before, after in pairwise(self.reading_order):
            QWidget.setTabOrder(before, after)

    def show_signatories(self, s: Signatories) -> None:
        self._loading = True
        try:
            self.unit_head.setText(s.unit_head)
            self.stats_head.setText(s.stats_head)
            self.filled_by.setText(s.filled_by)
            self.phone.setText(s.phone)
            d = s.report_date
            self.report_date.setDate(QDate(d.year, d.month, d.day) if d else _NO_DATE)
        finally:
            self._loading = False

    def signatories(self) -> Signatories:
        date = self.report_date.date()
        report_date: dt.date | None = None if date == _NO_DATE else dt.date(date.year(), date.month(), date.day())
        return Signatories(self.unit_head.text().strip(), self.stats_head.text().strip(), self.filled_by.text().strip(), self.phone.text().strip(), report_date)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.unit_head, self.stats_head, self.filled_by, self.phone):
            edit.setReadOnly(read_only)
        self.report_date.setReadOnly(read_only)
        self.today_button.setEnabled(not read_only)

    def set_today(self) -> None:
        self.report_date.setDate(QDate.currentDate())

    def on_edited(self) -> None:
        if not self._loading:
            self.edited.emit()
