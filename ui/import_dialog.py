"""导入Excel in the window: the import pipeline (models.importing) with the clerk's questions.

The flow (``ImportFlow.start(paths)``):

1. the shown return is saved (a reload afterwards must not lose typing);
2. a worker reads and plans every file (``plan_import``), with a progress dialog that
   can cancel — nothing is written yet;
3. on the GUI thread: an earlier import that was interrupted is told, then the clerk is
   asked, once per kind: replace returns that are already in the database? add units
   that are not (under our unit)? (``ask_replace`` / ``ask_new_units``, overridable for tests);
4. a worker backs the database file up (``make_backup(path, "import")``) and applies the
   plan (``apply_plan``): parents before children, one transaction per file;
5. the result table, one row per file; ``document.changed(unit, period)`` for each return
   stored, from which the units tree, 报送情况 and the shown return refresh.

The same pipeline runs ``import-xlsx`` and ``import-json``; only the questions differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget

from ui.operations import Progress, ProgressRun, run_operation
from ui.screen import fit_dialog
from ui.table_model import ListTableModel

if TYPE_CHECKING:
    from models.importing import BatchReport, FileReport, ImportPlan
    from ui.host import WindowHost

STORED = ("imported", "replaced", "reopened")  # models.importing.STORED, without importing models at start-up
_Index = QModelIndex | QPersistentModelIndex


class ImportResultModel(ListTableModel):
    """One row per file: 文件, 单位, 报告期, 结果, 说明, 文件中的问题, 审核结果."""

    def __init__(self, reports: Sequence[FileReport], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reports = list(reports)
        self.headings = [
            self.tr("File"),
            self.tr("Unit"),
            self.tr("Period"),
            self.tr("Result"),
            self.tr("Notes"),
            self.tr("Problems in the file"),
            self.tr("Check findings"),
        ]

    def row_count(self) -> int:
        return len(self.reports)

    def header_labels(self) -> list[str]:
        return list(self.headings)

    def outcome(self, r: FileReport) -> str:
        if r.action == "imported":
            return self.tr("Imported")
        if r.action == "replaced":
            return self.tr("Replaced")
        if r.action == "reopened":
            return self.tr("Send-back notice: return reopened")
        if r.action == "same":
            return self.tr("Already imported, skipped")
        if r.action == "ignored":
            return self.tr("Not a return, ignored")
        if r.action == "duplicate":
            return self.tr("Other version taken")
        if r.kind == "damaged":
            return self.tr("Damaged, not imported")
        return self.tr("Not imported")

    def notes(self, r: FileReport) -> str:
        # Why a file was not imported; an imported one's message only repeats the columns.
        lines = [r.message] if r.message and not r.problems and r.action not in STORED else []
        return "\n".join(lines + r.notes)

    def findings(self, r: FileReport) -> str:
        explained = r.data.explanations if r.data is not None else {}
        if r.action in STORED and all(f.is_note for f in r.findings):
            # Parts left blank (部分未填) are no problem; they are listed after the words that say so.
            return "\n".join([self.tr("No problems found"), *(f"{self.tr('Note')}：{f.message}" for f in r.findings)])
        lines = []
        for f in r.findings:
            if f.is_error:
                kind = self.tr("Error")
            elif f.is_note:
                kind = self.tr("Note")
            elif f.key in explained:
                kind = self.tr("Warning (explained)")
            else:
                kind = self.tr("Warning")
            lines.append(f"{kind}：{f.message}")
        return "\n".join(lines)

    def cell(self, row: int, column: int) -> str:
        r = self.reports[row]
        if column == 0:
            return r.path.name
        if column == 1:
            return f"{r.unit_name}（{r.unit_code}）" if r.unit_code else ""
        if column == 2:
            from models.periods import Period, PeriodError

            try:
                return Period.parse(r.period).label() if r.period else ""
            except PeriodError:
                return r.period
        if column == 3:
            return self.outcome(r)
        if column == 4:
            return self.notes(r)
        if column == 5:
            return "\n".join(r.problems)
        return self.findings(r)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.reports)) or not (0 <= index.column() < len(self.headings)):
            return None
        r = self.reports[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return QBrush(QColor("#2e7d32" if r.action in STORED else "#757575" if r.action in ("same", "ignored", "duplicate") else "#d32f2f"))
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6 and any(f.is_error for f in r.findings):
            return QBrush(QColor("#d32f2f"))
        return None

    def as_text(self) -> str:
        """The table as tab-separated text (pastes into Excel or an email)."""

        def clean(text: str) -> str:
            return text.replace("\t", " ").replace("\n", "；")

        rows = ["\t".join(self.headings)]
        rows += ["\t".join(clean(self.cell(r, c)) for c in range(len(self.headings))) for r in range(len(self.reports))]
        return "\n".join(rows) + "\n"


class ImportResultDialog(QDialog):
    """The outcome of an import, per file; 复制 puts the table on the clipboard."""

    def __init__(self, reports: Sequence[FileReport], summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-result")
        self.setWindowTitle(self.tr("Import result"))
        self.model = ImportResultModel(reports, self)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("import-result-table")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((170, 150, 100, 56, 220, 200, 250)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        self.copy_button = QPushButton(self.tr("&Copy table"), self)
        self.copy_button.clicked.connect(self.copy)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_dialog(self, 1180, 460, "import-result")  # within the screen (ui/screen.py)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.model.as_text())


class ImportFlow(QObject):
    """Runs one import at a time for the window (see the module docstring)."""

    imported = Signal(list)  # list[FileReport], after storing

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget())
        self.window = window
        self.run: ProgressRun | None = None
        self.result_dialog: ImportResultDialog | None = None
        self.reports: list[FileReport] = []
        self.backup: Path | None = None
        self.stopped = ""
        self.storing = False  # reading and checking (False) or writing (True)

    @property
    def busy(self) -> bool:
        return self.run is not None

    # ---- questions (overridable; tests replace them) -----------------------------------
    def ask_replace(self, reports: list[FileReport]) -> bool:
        names = "\n".join(f"  {r.unit_name}（{r.unit_code}）{self.period_label(r.period)}：{r.path.name}" for r in reports)
        return self.ask(
            self.tr("Replace returns?"),
            self.tr(
                "These returns are already in the database:\n{names}\n\nReplace them with the figures in the files? The old figures are kept in the history and in the backup made before the import."
            ).format(names=names),
        )

    def ask_new_units(self, reports: list[FileReport], parent_name: str) -> bool:
        names = "\n".join(f"  {r.unit_name}（{r.unit_code}）：{r.path.name}" for r in reports)
        return self.ask(
            self.tr("Add new units?"),
            self.tr("These units are not in the list of units yet:\n{names}\n\nAdd them under {parent} and import their returns?").format(
                names=names, parent=parent_name
            ),
        )

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.window.widget(), title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    @staticmethod
    def period_label(period: str) -> str:
        from models.periods import Period, PeriodError

        try:
            return Period.parse(period).label()
        except PeriodError:
            return period

    # ---- an earlier import that never finished ----------------------------------------------
    def tell_interrupted(self, batches: list[BatchReport] | None = None) -> bool:
        """Tell the clerk which files of an interrupted import went in and which did not
        (at window start, and before an import); then it is not told again."""
        service = self.window.service
        if service is None:
            return False
        from models.importing import acknowledge, interrupted_batches

        if batches is None:
            batches = interrupted_batches(service.engine)
        if not batches:
            return False
        parts = []
        for b in batches:
            went = "、".join(f.file_name for f in b.went_in) or self.tr("none")
            rest = "、".join(f.file_name for f in b.not_in) or self.tr("none")
            parts.append(
                self.tr("The import started {when} ({files} files) was interrupted before it finished.\nImported: {went}\nNot imported: {rest}").format(
                    when=f"{b.started_local:%Y-%m-%d %H:%M}", files=len(b.files), went=went, rest=rest
                )
            )
        parts.append(self.tr("Each file is imported completely or not at all. Import the files that are not in again."))
        self.window.inform(self.tr("An import was interrupted"), "\n\n".join(parts), error=True)
        acknowledge(service.engine, [b.batch_id for b in batches])
        return True

    # ---- the flow ------------------------------------------------------------------------
    def start(self, paths: Sequence[str | Path]) -> bool:
        """Import ``paths``; False when it could not start (busy, no database, unsaved typing)."""
        window = self.window
        if self.busy or window.service is None or not paths:
            return False
        window.current_return()  # saved first: the shown return is reloaded afterwards
        if window.dirty:
            return False  # the save failed and said why
        from formats.reading import reader_for
        from models.importing import plan_import

        service = window.service
        files = [Path(p) for p in paths]
        reader = reader_for(service.registry)
        self.reports = []
        self.backup = None
        self.stopped = ""
        self.storing = False

        def check(progress: Progress) -> object:
            return plan_import(service, files, reader, progress)

        self.run = run_operation(window.widget(), self.tr("Reading the files…"), check, self.on_checked, self.on_failed, lock=window.document)
        return self.run is not None

    def on_checked(self, result: object, canceled: bool) -> None:
        self.run = None
        if canceled or result is None:
            self.window.inform(self.tr("Import canceled"), self.tr("The import was canceled. Nothing was imported; the database is unchanged."))
            return
        service = self.window.service
        if service is None:
            return
        from models.importing import Decisions, apply_plan

        plan: ImportPlan = result  # type: ignore[assignment]
        self.tell_interrupted(plan.interrupted)
        self.reports = reports = plan.files
        replace = plan.to_confirm()
        if replace and not self.ask_replace(replace):
            for r in replace:
                r.message = self.tr("Already in the database; kept, not replaced (your choice)")
            replace = []
        decisions = Decisions(replace={r.path for r in replace})
        homeless = plan.homeless()
        if homeless:
            our = service.settings.get("our_unit")
            our_unit = service.units.get(our) if our else None
            parent_name = f"{our_unit.name}（{our_unit.code}）" if our_unit else self.tr("the top level")
            if self.ask_new_units(homeless, parent_name):
                decisions.parents = {r.unit_code: our_unit.code if our_unit else None for r in homeless}
            else:
                decisions.skip_units = {r.unit_code for r in homeless}
                for r in homeless:
                    r.action = "skipped"
                    r.message = self.tr("{unit} is not in the list of units; not added, not imported (your choice)").format(
                        unit=f"{r.unit_name}（{r.unit_code}）"
                    )
        # "replace" without asking: the corrected return of one sent back; "notice": a 退回通知.
        if not any(r.action in ("import", "replace", "notice") for r in reports) and not replace:
            self.finish(reports)
            return
        db_file = self.database_file()
        # Worded here: the worker thread only fills them in.
        canceled_text = self.tr("Canceled before this file; not imported")

        def store(progress: Progress) -> object:
            if db_file is not None:
                from models.backup import make_backup

                self.backup = make_backup(db_file, "import")
            result = apply_plan(service, plan, decisions, progress, source="window")
            for r in result.files:
                if r.action == "canceled":
                    r.message = canceled_text
            self.stopped = result.stopped
            return result

        self.storing = True
        self.run = run_operation(self.window.widget(), self.tr("Importing…"), store, self.on_stored, self.on_failed, lock=self.window.document)

    def database_file(self) -> Path | None:
        from models.db import sqlite_file

        service = self.window.service
        return None if service is None else sqlite_file(service.engine.url.render_as_string(hide_password=False))

    def on_stored(self, result: object, canceled: bool) -> None:
        self.run = None
        self.finish(self.reports)

    def on_failed(self, exc: BaseException) -> None:
        self.run = None
        from models.backup import BackupError

        if isinstance(exc, BackupError):
            text = self.tr("No backup could be made before the import, so nothing was imported.\n{error}").format(error=exc)
        elif not self.storing:
            text = self.tr("The files could not be read because of an unexpected error: {error}\nNothing was imported; the database is unchanged.").format(
                error=exc
            )
        else:
            text = self.tr(
                "The import stopped because of an unexpected error: {error}\nFiles imported before the error are kept; the others were not imported. The database was backed up before the import."
            ).format(error=exc)
        self.window.inform(self.tr("Import failed"), text, error=True)
        self.announce(self.reports)  # the files stored before the error

    def finish(self, reports: list[FileReport]) -> None:
        stored = [r for r in reports if r.action in STORED]
        service = self.window.service
        for r in stored:
            if r.new_unit and r.data is not None and service is not None:
                parent = service.units.get(r.parent) if r.parent else None
                where = f"{parent.name}（{parent.code}）" if parent else self.tr("the top level")
                r.notes.insert(0, self.tr("New unit, added under {parent}").format(parent=where))
        summary = self.tr("{files} files: {stored} imported or replaced, {other} not imported.").format(
            files=len(reports), stored=len(stored), other=len(reports) - len(stored)
        )
        if self.stopped:
            summary += " " + self.tr("The import stopped: {reason}. The files marked imported are in; import the others again.").format(reason=self.stopped)
        if self.backup is not None:
            summary += " " + self.tr("Backup made before the import: {path}").format(path=self.backup)
        self.announce(stored)
        dialog = ImportResultDialog(reports, summary, self.window.widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self.forget_dialog)
        self.result_dialog = dialog
        dialog.open()
        self.imported.emit(reports)

    def forget_dialog(self) -> None:
        self.result_dialog = None

    def announce(self, reports: list[FileReport]) -> None:
        """changed(unit, period) for each return stored: whatever shows one refreshes."""
        for unit, period in dict.fromkeys((r.unit_code, r.period) for r in reports if r.action in STORED):
            self.window.document.changed.emit(unit, period)
