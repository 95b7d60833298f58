"""备份与恢复: the backups beside the database, a backup now, a backup to a chosen
folder (a USB stick), and restoring one (checked first; the current database is
kept as a backup before it is replaced)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ui.screen import fit_dialog
from ui.table_model import ListTableModel

if TYPE_CHECKING:
    from models.backup import BackupInfo
    from ui.main_window import MainWindow
    from ui.startup import DatabaseHandle

Index = QModelIndex | QPersistentModelIndex
TAKEN, KIND, SIZE, NAME = range(4)


class BackupListModel(ListTableModel):
    """Backups, newest first: when, why, size, file name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backups: list[BackupInfo] = []
        self.headers = [self.tr("Taken"), self.tr("Kind"), self.tr("Size"), self.tr("File")]

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.backups = list(backups)
        self.endResetModel()

    def kind_text(self, reason: str) -> str:
        kinds = {
            "daily": self.tr("Daily (automatic)"),
            "upgrade": self.tr("Before an upgrade"),
            "import": self.tr("Before an import"),
            "manual": self.tr("By hand"),
            "before-restore": self.tr("Before a restore"),
        }
        return kinds.get(reason, reason)

    def row_count(self) -> int:
        return len(self.backups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        b, col = self.backups[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TAKEN:
                return f"{b.taken:%Y-%m-%d %H:%M:%S}"
            if col == KIND:
                return self.kind_text(b.reason)
            if col == SIZE:
                try:
                    return f"{b.path.stat().st_size / 1024:,.0f} KB"
                except OSError:
                    return ""
            return b.path.name
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class BackupDialog(QDialog):
    def __init__(self, handle: DatabaseHandle, window: MainWindow) -> None:
        super().__init__(window)
        assert handle.path is not None
        self.handle = handle
        self.window_ = window
        self.setObjectName("backups")
        self.setWindowTitle(self.tr("Backup and restore"))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.model = BackupListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backup-list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (TAKEN, KIND, SIZE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.message.setObjectName("backup-message")
        self.message.setWordWrap(True)
        self.backup_now_button = QPushButton(self.tr("Back up &now"), self)
        self.backup_to_button = QPushButton(self.tr("Back up &to…"), self)
        self.restore_button = QPushButton(self.tr("&Restore the chosen backup…"), self)
        self.restore_file_button = QPushButton(self.tr("Restore from a &file…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.backup_to_button.setToolTip(self.tr("Copy the database to a folder you choose, for example a USB stick."))
        top = QHBoxLayout()
        top.addWidget(self.backup_now_button)
        top.addWidget(self.backup_to_button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addWidget(self.restore_file_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.backup_now_button.clicked.connect(self.backup_now)
        self.backup_to_button.clicked.connect(self.backup_to)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(self.update_buttons)
        fit_dialog(self, 820, 480, "backups")  # within the screen (ui/screen.py)

    @property
    def db_path(self) -> Path:
        assert self.handle.path is not None
        return self.handle.path

    def load(self) -> None:
        """List the backups (after construction, and after each action)."""
        from models.backup import backup_dir, list_backups

        folder = backup_dir(self.db_path)
        self.intro.setText(
            self.tr(
                "Database: {db}<br>Backups are kept in {folder}: one at the first start of each day, before every upgrade and import; the newest of each of the last 14 days and 12 months are kept."
            ).format(db=self.db_path, folder=folder)
        )
        self.model.set_backups(list_backups(folder, self.db_path.stem))
        if self.model.backups:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.update_buttons()

    def update_buttons(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        index = self.table.currentIndex()
        return self.model.backups[index.row()] if index.isValid() and index.row() < len(self.model.backups) else None

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #d32f2f" if error else "color: #2e7d32")

    # ---- questions (overridable; tests replace them) -----------------------------------
    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Back up to which folder?"))
        return Path(folder) if folder else None

    def choose_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore from which backup file?"), str(self.db_path.parent), self.tr("Database backups (*.db);;All files (*)")
        )
        return Path(name) if name else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # ---- actions ------------------------------------------------------------------------
    def backup_now(self) -> Path | None:
        return self.make(None)

    def backup_to(self) -> Path | None:
        folder = self.choose_folder()
        return None if folder is None else self.make(folder)

    def make(self, folder: Path | None) -> Path | None:
        from models.backup import BackupError, make_backup

        self.window_.document.autosave()  # the backup holds what is on screen
        try:
            made = make_backup(self.db_path, "manual", folder)
        except BackupError as exc:
            self.show_message(self.tr("The backup did not succeed: {why}").format(why=exc), error=True)
            return None
        self.load()
        self.show_message(self.tr("Backed up to {path}.").format(path=made))
        return made

    def restore_chosen(self) -> bool:
        chosen = self.chosen()
        return False if chosen is None else self.restore(chosen.path, chosen.label)

    def restore_from_file(self) -> bool:
        path = self.choose_file()
        return False if path is None else self.restore(path, path.name)

    def restore(self, backup: Path, label: str) -> bool:
        """Check the file, ask, then replace the database (the current one is kept as a backup first)."""
        from models.backup import BackupError, check_file
        from models.db import DatabaseError

        problem = check_file(backup)
        if problem:
            self.show_message(
                self.tr("{file} cannot be restored: {problem}. Nothing was changed; choose another backup.").format(file=backup.name, problem=problem),
                error=True,
            )
            return False
        if not self.confirm(
            self.tr("Restore the backup?"),
            self.tr(
                "Replace the database by the backup {label}?\n\nThe database as it is now is kept as a backup first (kind: before a restore), so this can be undone."
            ).format(label=label),
        ):
            return False
        if self.window_.document.busy:  # an import, export or consolidation is using the database
            self.show_message(self.tr("The program is still working (import, export or consolidation); restore when it has finished."), error=True)
            return False
        if not self.window_.document.autosave():
            self.show_message(self.tr("The return on screen could not be saved; nothing was restored."), error=True)
            return False
        try:
            kept = self.handle.restore(backup, self.window_)
        except (BackupError, DatabaseError) as exc:
            self.show_message(str(exc), error=True)
            self.load()
            return False
        self.load()
        self.show_message(
            self.tr("Restored from {label}. The database as it was is kept as {kept}.").format(
                label=label, kept=kept.name if kept else self.tr("(there was none)")
            )
        )
        return True
