"""Opening the window's database safely, and errors the clerk can read.

- one writer: the lock (models.lock) is taken before anything is opened; a second
  copy of the program is told politely and stops;
- a damaged database is never written to: the clerk is told in plain words and
  offered the newest good backup (models.backup);
- the first start of each day takes a backup;
- an unhandled error is logged and shown as a Chinese message, not a silent crash.

The backup dialog restores through the same handle: the engine is closed, the
file replaced, and the window attached to a new engine.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from models.backup import BackupInfo
    from models.lock import DatabaseLock
    from models.returns import ReturnService
    from ui.about_dialog import AboutDialog
    from ui.backup_dialog import BackupDialog
    from ui.main_window import FirstStartAnswer, MainWindow

log = logging.getLogger("hrh.gui")


class DatabaseHandle:
    """The window's database: where it is, its engine, and the one-writer lock held while the window runs."""

    def __init__(self, db: str | Path | None) -> None:
        from models.db import db_url, sqlite_file

        self.url = db_url(db)
        self.path: Path | None = sqlite_file(db)  # None: a server database (no lock, no file backups)
        self.engine: Engine | None = None
        self.lock: DatabaseLock | None = None
        # The integrity scan was left for after the start (the file was closed cleanly and not
        # touched since: models.db.take_clean_mark); ``sound`` once a scan has passed.
        self.scan_later = False
        self.sound = False
        self.after_start: AfterStart | None = None

    def acquire(self) -> None:
        """Take the one-writer lock; raises models.lock.AlreadyOpen when another copy holds it."""
        from models.lock import DatabaseLock

        if self.path is not None and self.lock is None:
            lock = DatabaseLock(self.path)
            lock.acquire()
            self.lock = lock

    def open(self) -> Engine:
        """Open (check, upgrade) the database; raises models.db.DatabaseError / DatabaseDamaged."""
        from models.db import open_database, take_clean_mark

        self.scan_later = self.path is not None and take_clean_mark(self.path)
        self.engine = open_database(self.url, check=not self.scan_later)
        self.sound = not self.scan_later
        return self.engine

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def release(self) -> None:
        """Close the engine and give up the lock (when the window closes); a database found
        sound is marked as closed cleanly, so that the next start need not scan it first."""
        from models.db import mark_closed_cleanly

        if self.after_start is not None:
            self.after_start.wait()  # a backup under way is finished, never cut short
        was_open = self.engine is not None
        self.close()
        if was_open and self.sound and self.path is not None:
            mark_closed_cleanly(self.path)
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def log_path(self) -> Path | None:
        return None if self.path is None else self.path.parent / "logs" / "hrh.log"

    def restore(self, backup: Path, window: MainWindow) -> Path | None:
        """Replace the database by ``backup``: the window lets go of it, the engine is closed, the
        current file kept as a backup first (models.backup.restore), then opened again.
        Returns the backup of the database as it was. Raises BackupError / DatabaseError."""
        from models.backup import restore

        assert self.path is not None
        window.detach()
        self.close()
        try:
            kept = restore(backup, self.path)
        finally:
            # The restored database, or the untouched old one when the restore failed.
            window.attach(clerk_service(self.open()))
        return kept


def clerk_service(engine: Engine) -> ReturnService:
    """The service, writing in the name the clerk chose on this computer (or the system user's)."""
    from models.returns import ReturnService
    from models.settings import CLERK_NAME_KEY, clerk_name
    from ui.screen import window_settings

    return ReturnService(engine, who=clerk_name(str(window_settings().value(CLERK_NAME_KEY, "") or "")))


def open_for_window(window: MainWindow, handle: DatabaseHandle) -> Engine | None:
    """Lock, open (offering a backup for a damaged file), take the daily backup, attach.

    Returns None, with the clerk told why and the window closed, when the
    database cannot be used.
    """
    from models.db import DatabaseDamaged, DatabaseError
    from models.lock import AlreadyOpen

    try:
        handle.acquire()
    except AlreadyOpen as exc:
        QMessageBox.information(window, QCoreApplication.translate("Startup", "The database is already open"), str(exc))
        window.close()
        return None
    except DatabaseError as exc:  # the lock file cannot be made: a read-only folder, a full disk
        QMessageBox.critical(window, QCoreApplication.translate("App", "Cannot open the database"), str(exc))
        window.close()
        return None
    engine: Engine | None
    new = handle.path is None or not handle.path.exists() or handle.path.stat().st_size == 0
    # A database file about to be made is empty: the first-start question is asked at once,
    # before SQLAlchemy is loaded and the file made (a server database is asked after opening).
    first_answer: FirstStartAnswer | Literal["ask"] = window.ask_first_start() if new and handle.path is not None else "ask"
    try:
        try:
            engine = handle.open()
        except DatabaseDamaged as exc:
            engine = recover(window, handle, exc)
    except DatabaseError as exc:
        QMessageBox.critical(window, QCoreApplication.translate("App", "Cannot open the database"), str(exc))
        engine = None
    if engine is None:
        handle.release()
        window.close()
        return None
    try:
        window.attach(clerk_service(engine), first_answer)
    except Exception as exc:
        if not (handle.scan_later and is_damage(exc)):
            raise
        return damage_found(window, handle, str(exc))  # a read met the damage before the scan did
    # The scan left for later and the day's backup (a database made just now has nothing worth
    # one yet) run in a thread while the clerk starts work.
    if handle.path is not None and (handle.scan_later or not new):
        handle.after_start = AfterStart(window, handle, backup=not new)
    return engine


def is_damage(exc: BaseException) -> bool:
    """SQLite says the file is damaged (not merely locked or unreadable just now)."""
    import sqlite3

    orig = getattr(exc, "orig", None) or exc
    return isinstance(orig, sqlite3.DatabaseError) and not isinstance(orig, sqlite3.OperationalError)


def damage_found(window: MainWindow, handle: DatabaseHandle, message: str) -> Engine | None:
    """Damage found after the window started on the file: it lets go, and a backup is offered as at the start."""
    from models.db import DatabaseDamaged

    assert handle.path is not None
    handle.sound = False
    window.detach()
    handle.close()
    engine = recover(window, handle, DatabaseDamaged(message, handle.path))
    if engine is None:
        handle.release()
        window.close()
        return None
    window.attach(clerk_service(engine))
    return engine


class AfterStart(QObject):
    """What the window does not wait for, in a thread: the integrity scan of a file closed
    cleanly last time (SQLite's scan releases the GIL), then the first backup of the day.
    Damage found is handled as at the start: the window lets go and a backup is offered."""

    done = Signal(object, object)  # the damage found (str) or None; the backup made, its BackupError, or None

    def __init__(self, window: MainWindow, handle: DatabaseHandle, backup: bool) -> None:
        super().__init__(window)
        self.window = window
        self.handle = handle
        self.backup = backup
        self.scan = handle.scan_later
        self.found: str | None = None
        self.done.connect(self.on_done)
        self.worker = threading.Thread(target=self.work, name="after-start", daemon=True)
        self.worker.start()

    def work(self) -> None:
        from models.backup import BackupError, daily_backup_if_due
        from models.db import quick_check

        assert self.handle.path is not None
        damage = quick_check(self.handle.path) if self.scan else None
        made: Path | BackupError | None = None
        if damage is None and self.backup:
            try:
                made = daily_backup_if_due(self.handle.path)
            except BackupError as exc:
                made = exc
        self.found = damage
        try:
            self.done.emit(damage, made)
        except RuntimeError:  # the window is gone already: nothing to tell
            pass

    def wait(self) -> None:
        """Until the thread is done (the window closes): a scan that passed counts even if its
        signal was not yet delivered."""
        self.worker.join()
        if self.scan and self.found is None:
            self.handle.sound = True

    def on_done(self, damage: str | None, made: object) -> None:
        if damage is not None:
            damage_found(self.window, self.handle, damage)
            return
        if self.scan:
            self.handle.sound = True
        said_backup(self.window, made)


def recover(window: QWidget, handle: DatabaseHandle, damage: Exception) -> Engine | None:
    """A damaged database: say so plainly and offer the newest good backup. Nothing else touches the file."""
    from models.backup import BackupError, newest_good_backup, restore

    assert handle.path is not None
    log.error("damaged database %s: %s", handle.path, damage)
    backup = newest_good_backup(handle.path)
    if backup is None:
        QMessageBox.critical(
            window,
            QCoreApplication.translate("Startup", "The database is damaged"),
            QCoreApplication.translate(
                "Startup",
                "The database file {path} is damaged and there is no good backup of it. Nothing was changed. Ask for help and give them this file; do not delete it.",
            ).format(path=handle.path),
        )
        return None
    if not ask_restore(window, handle.path, backup):
        return None
    try:
        kept = restore(backup.path, handle.path)
    except BackupError as exc:
        QMessageBox.critical(window, QCoreApplication.translate("Startup", "Not restored"), str(exc))
        return None
    log.warning("restored %s from %s (damaged file kept as %s)", handle.path, backup.path, kept)
    engine = handle.open()
    QMessageBox.information(
        window,
        QCoreApplication.translate("Startup", "Restored"),
        QCoreApplication.translate(
            "Startup",
            "The database was restored from the backup of {when}. Figures typed after that backup must be typed again. The damaged file was kept as {kept}.",
        ).format(when=backup.label, kept=kept.name if kept else ""),
    )
    return engine


def ask_restore(window: QWidget, path: Path, backup: BackupInfo) -> bool:
    answer = QMessageBox.question(
        window,
        QCoreApplication.translate("Startup", "The database is damaged"),
        QCoreApplication.translate(
            "Startup",
            "The database file {path} is damaged (for example by a power cut) and was not changed.\n\nThe newest good backup is of {when}. Restore it? The damaged file is kept beside the backups; figures typed after the backup must be typed again.",
        ).format(path=path, when=backup.label),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def said_backup(window: MainWindow, made: object) -> None:
    """The first start of each day keeps a backup (AfterStart); a failure is logged and said, never fatal."""
    from models.backup import BackupError

    if isinstance(made, BackupError):
        log.warning("daily backup failed: %s", made)
        window.show_status_message(QCoreApplication.translate("Startup", "The daily backup did not succeed: {why}").format(why=made))
    elif made is not None:
        log.info("daily backup %s", made)


# ---- unhandled errors -------------------------------------------------------------------

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def current_log_file() -> Path | None:
    """The log file main.py set up (models.diagnostics.configure_logging), if any."""
    for h in logging.getLogger().handlers:
        if isinstance(h, logging.FileHandler):
            return Path(h.baseFilename)
    return None


def install_excepthook(window: QWidget) -> ExceptHook:
    """Log an unhandled error with its trace and tell the clerk; returns the previous hook."""
    previous = sys.excepthook
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("unhandled error", exc_info=(exc_type, exc, tb))
        if showing:  # an error while telling about one: the log has it
            return
        showing = True
        try:
            show_error(window, exc, current_log_file())
        finally:
            showing = False

    sys.excepthook = hook
    return previous


def error_text(exc: BaseException, log_path: Path | None) -> str:
    from models.db import describe_error

    where = QCoreApplication.translate("Startup", "The details were written to the log file {path}.").format(path=log_path) if log_path else ""
    return QCoreApplication.translate(
        "Startup",
        "Something went wrong in the program: {error}\n\nWhat was saved before is safe. {where}\nIf it happens again, copy the diagnostics (Help → About and diagnostics) and send them to whoever looks after the program.",
    ).format(error=describe_error(exc), where=where)


def show_error(window: QWidget, exc: BaseException, log_path: Path | None) -> None:
    QMessageBox.critical(window, QCoreApplication.translate("Startup", "Unexpected error"), error_text(exc, log_path))


# ---- menu actions -----------------------------------------------------------------------


class SafetyActions(QObject):
    """文件 → 备份与恢复…, 帮助 → 关于/诊断…, for the window's database."""

    def __init__(self, window: MainWindow, handle: DatabaseHandle) -> None:
        super().__init__(window)
        self.window = window
        self.handle = handle
        self.backup_dialog: BackupDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.backup_action = window.new_action(self.tr("&Backup and restore…"), self.show_backups)
        self.backup_action.setEnabled(handle.path is not None)  # a server database is backed up by its server
        window.add_safety_action(self.backup_action)
        self.about_action = window.new_action(self.tr("&About and diagnostics…"), self.show_about)
        window.add_help_action(self.about_action)

    def show_backups(self) -> BackupDialog | None:
        from ui.backup_dialog import BackupDialog

        if self.handle.path is None:
            return None
        dialog = BackupDialog(self.handle, self.window)
        dialog.load()
        dialog.open()
        self.backup_dialog = dialog
        return dialog

    def show_about(self) -> AboutDialog:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.handle.engine, str(self.handle.path or self.handle.url), self.window)
        dialog.load()
        dialog.open()
        self.about_dialog = dialog
        return dialog
