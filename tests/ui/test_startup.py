"""Start-up safety in the window: one writer, a damaged database, the daily backup, unhandled errors."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from models.backup import backup_dir, check_file, list_backups, make_backup
from models.db import open_database
from models.lock import DatabaseLock
from models.returns import ReturnService
from models.template import default_registry
from tests.models.test_backup import damage
from tests.ui.conftest import UNIT
from ui.app import open_engine
from ui.main_window import MainWindow
from ui.startup import DatabaseHandle, install_excepthook


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(MainWindow, "ask_first_start", lambda self: None)
    w = MainWindow(default_registry().for_period("2024Q4"))
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the message boxes said (title|text), without showing them."""
    said: list[str] = []
    for name in ("information", "critical", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, _n=name: said.append(f"{title}|{text}"))
    return said


def database_with_a_return(path: Path, total: int) -> None:
    engine = open_database(path)
    service = ReturnService(engine, who="tester")
    service.units.save(UNIT)
    service.settings.set(our_unit=UNIT.code)
    data = service.store.new_return(UNIT.code, "2024Q4")
    data.values = {"staff.total": Decimal(total)}
    service.store.save(data)
    engine.dispose()


def test_a_second_copy_on_the_same_database_is_refused_politely(window: MainWindow, db_path: Path, told: list[str]) -> None:
    database_with_a_return(db_path, 30)
    before = db_path.read_bytes()
    with DatabaseLock(db_path):  # the first copy of the program
        handle = DatabaseHandle(db_path)
        assert open_engine(window, str(db_path), handle) is None
    assert len(told) == 1 and told[0].startswith("数据库已经打开|这个数据库已经在另一个窗口或另一台电脑上打开"), told
    assert "请先关闭另一个窗口" in told[0]
    assert window.service is None and not window.isVisible(), "the second window closes"
    assert handle.lock is None and db_path.read_bytes() == before


def test_run_gui_exits_3_when_the_database_is_open_elsewhere(qtbot: QtBot, db_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as app_module

    database_with_a_return(db_path, 30)
    windows: list[MainWindow] = []

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        windows.append(window)
        qtbot.waitUntil(lambda: not window.isVisible())  # open_db told the clerk and closed it
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    hook = sys.excepthook
    with DatabaseLock(db_path):
        assert app_module.run_gui(argparse.Namespace(db=str(db_path), lang="zh", command=None)) == 3
    assert sys.excepthook is hook, "the error hook is taken down again"
    assert told and "同一时间只能有一个程序修改它" in told[0]
    windows[0].deleteLater()


def test_the_window_holds_the_lock_and_takes_the_daily_backup(window: MainWindow, db_path: Path, told: list[str]) -> None:
    database_with_a_return(db_path, 30)
    handle = DatabaseHandle(db_path)
    try:
        assert open_engine(window, str(db_path), handle) is not None
        assert window.data is not None and window.data.values["staff.total"] == Decimal(30)
        assert handle.after_start is not None
        handle.after_start.wait()  # the backup is made beside the window, which is usable at once
        assert [b.reason for b in list_backups(backup_dir(db_path))] == ["daily"]
        with pytest.raises(Exception, match="已经在另一个窗口"):
            DatabaseLock(db_path).acquire()
    finally:
        handle.release()
    with DatabaseLock(db_path):  # released with the window's handle
        pass
    assert told == []


def test_a_new_database_needs_no_backup(window: MainWindow, tmp_path: Path, told: list[str]) -> None:
    path = tmp_path / "new.db"
    handle = DatabaseHandle(path)
    try:
        assert open_engine(window, str(path), handle) is not None
    finally:
        handle.release()
    assert path.exists() and list_backups(backup_dir(path)) == []


def damaged_with_backup(db_path: Path) -> Path:
    database_with_a_return(db_path, 30)
    good = make_backup(db_path, "daily")
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage(db_path)
    return good


def restore_is_answered_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions asked (title|text), each answered Yes (restore the backup)."""
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(f"{title}|{text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_damaged_database_offers_the_newest_good_backup_and_restores_it(
    window: MainWindow, db_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = damaged_with_backup(db_path)
    asked = restore_is_answered_yes(monkeypatch)
    handle = DatabaseHandle(db_path)
    try:
        assert open_engine(window, str(db_path), handle) is not None
        assert len(asked) == 1 and asked[0].startswith("数据库已损坏|数据库文件") and "最新的可用备份是" in asked[0], asked
        assert window.data is not None and window.data.values["staff.total"] == Decimal(30), "the backup's figures are shown"
        assert told and told[0].startswith("已恢复|数据库已从") and "损坏的文件已保留为" in told[0]
        kept = [b.path for b in list_backups(backup_dir(db_path)) if b.path != good]
        assert len(kept) == 1 and kept[0].name in told[0], "the damaged database is kept beside the backups"
        assert check_file(kept[0]) is not None, "as it was: damaged"
        assert check_file(db_path) is None
    finally:
        handle.release()


def test_a_damaged_database_is_left_alone_when_the_clerk_declines(window: MainWindow, db_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    damaged_with_backup(db_path)
    before = db_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    handle = DatabaseHandle(db_path)
    assert open_engine(window, str(db_path), handle) is None
    assert db_path.read_bytes() == before, "nothing written to the damaged file"
    assert handle.lock is None and not window.isVisible()


def test_a_damaged_database_without_a_backup_says_so(window: MainWindow, db_path: Path, told: list[str]) -> None:
    database_with_a_return(db_path, 30)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage(db_path)
    before = db_path.read_bytes()
    assert open_engine(window, str(db_path), DatabaseHandle(db_path)) is None
    assert len(told) == 1 and told[0].startswith("数据库已损坏|") and "没有可用的备份" in told[0] and "不要删除它" in told[0]
    assert db_path.read_bytes() == before


def close_cleanly(window: MainWindow, db_path: Path) -> None:
    """A session of the window on the file that ends as the clerk closes it: scanned, sound."""
    handle = DatabaseHandle(db_path)
    assert open_engine(window, str(db_path), handle) is not None
    assert handle.after_start is not None
    handle.after_start.wait()
    QApplication.processEvents()  # the scan's (and the backup's) result reaches the window
    handle.release()


def test_a_file_closed_cleanly_is_usable_before_its_scan_which_runs_beside_the_window(window: MainWindow, db_path: Path, told: list[str]) -> None:
    database_with_a_return(db_path, 30)
    close_cleanly(window, db_path)
    handle = DatabaseHandle(db_path)
    try:
        assert open_engine(window, str(db_path), handle) is not None
        assert handle.scan_later, "unchanged since the clean close: the scan is left for after the start"
        assert window.data is not None and window.data.values["staff.total"] == Decimal(30)
        assert handle.after_start is not None
        handle.after_start.wait()
        QApplication.processEvents()
        assert handle.sound and told == []
    finally:
        handle.release()
    reopened = DatabaseHandle(db_path)
    try:
        assert open_engine(window, str(db_path), reopened) is not None and reopened.scan_later
    finally:
        reopened.release()


def test_a_file_changed_after_a_clean_close_is_scanned_before_it_is_used(
    window: MainWindow, db_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database_with_a_return(db_path, 30)
    close_cleanly(window, db_path)
    damage(db_path)  # copied over, cut short, changed by another program: its time changed
    before = db_path.read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, *a: asked.append(title) or QMessageBox.StandardButton.No)
    assert open_engine(window, str(db_path), DatabaseHandle(db_path)) is None
    assert asked == ["数据库已损坏"], "found before the window used it; the day's backup is offered"
    assert db_path.read_bytes() == before


def test_damage_that_left_the_file_time_alone_is_found_by_the_scan_beside_the_window(
    qtbot: QtBot, window: MainWindow, db_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from ui.startup import is_damage

    database_with_a_return(db_path, 30)
    good = make_backup(db_path, "daily")
    close_cleanly(window, db_path)
    stat = db_path.stat()
    damage(db_path)  # a failing disk: the bytes change, the file's time does not
    os.utime(db_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    asked = restore_is_answered_yes(monkeypatch)
    handle = DatabaseHandle(db_path)
    try:
        with qtbot.capture_exceptions() as errors:  # a read of the window may meet the damage first (an error shown)
            assert open_engine(window, str(db_path), handle) is not None
            if handle.after_start is not None:  # else the window's own read met it: the same question
                handle.after_start.wait()
                QApplication.processEvents()
        assert all(is_damage(e[1]) for e in errors), errors
        assert len(asked) == 1 and asked[0].startswith("数据库已损坏|"), asked
        assert told and told[-1].startswith("已恢复|"), told
        assert window.data is not None and window.data.values["staff.total"] == Decimal(30), "the backup's figures are shown"
        assert check_file(db_path) is None and good.exists()
        assert handle.sound, "the restored file was scanned as it was opened"
    finally:
        handle.release()


def test_an_unhandled_error_is_logged_and_shown_in_chinese(window: MainWindow, told: list[str], caplog: pytest.LogCaptureFixture) -> None:
    previous = install_excepthook(window)
    try:
        try:
            raise ValueError("测试用的错误")
        except ValueError as exc:
            with caplog.at_level(logging.ERROR, logger="hrh.gui"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert len(told) == 1 and told[0].startswith("意外错误|程序出现了意外错误：ValueError: 测试用的错误"), told
    assert "此前已保存的数据不受影响" in told[0] and "帮助 → 关于/诊断" in told[0]
    record = next(r for r in caplog.records if r.name == "hrh.gui")
    assert record.exc_info is not None and record.exc_info[0] is ValueError, "the trace is in the log"


def test_start_up_messages_are_translated() -> None:
    """The start-up messages (QCoreApplication.translate, context Startup) have Chinese in the .ts file."""
    import re
    import xml.etree.ElementTree as ET

    from models.paths import TRANSLATION_DIR

    source = (Path(__file__).resolve().parents[2] / "ui" / "startup.py").read_text(encoding="utf-8")
    used = {
        s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        for s in re.findall(r'translate\(\s*"Startup",\s*"((?:[^"\\]|\\.)*)",?\s*\)', source)
    }
    ts = ET.parse(TRANSLATION_DIR / "hrh_zh_CN.ts").getroot()
    ctx = next(c for c in ts.iter("context") if c.findtext("name") == "Startup")
    translated = {
        m.findtext("source")
        for m in ctx.iter("message")
        if m.find("translation") is not None and m.find("translation").get("type") is None and m.findtext("translation")
    }
    assert len(used) >= 11 and used <= translated


@pytest.mark.parametrize("lock_left", [False, True], ids=["no-lock-file", "lock-file-left"])
def test_a_read_only_folder_is_said_plainly_not_offered_a_restore(window: MainWindow, db_path: Path, told: list[str], lock_left: bool) -> None:
    """chattr +i on the folder (root ignores permissions, not the immutable flag)."""
    import shutil
    import subprocess

    database_with_a_return(db_path, 30)
    make_backup(db_path, "daily")  # a good backup exists: a misread folder would be "damaged, restore?"
    con = sqlite3.connect(db_path)  # the last connection closes cleanly: no -wal/-shm left
    con.execute("SELECT 1").fetchone()
    con.close()
    if lock_left:
        DatabaseLock(db_path).path.touch()  # the lock file of an earlier run stays beside the database
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db_path.parent)], check=False).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        handle = DatabaseHandle(db_path)
        assert open_engine(window, str(db_path), handle) is None
    finally:
        subprocess.run(["chattr", "-i", str(db_path.parent)], check=False)
    assert len(told) == 1 and told[0].startswith("无法打开数据库|数据库所在的文件夹"), told
    assert "不允许写入" in told[0] and "损坏" not in told[0]
    assert handle.lock is None and not window.isVisible()


def test_a_database_error_is_shown_in_chinese_never_sqlites_english(window: MainWindow, told: list[str]) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    previous = install_excepthook(window)
    try:
        for exc in (OperationalError("INSERT INTO returns …", {}, sqlite3.OperationalError("disk I/O error")), sqlite3.OperationalError("disk I/O error")):
            sys.excepthook(type(exc), exc, None)
    finally:
        sys.excepthook = previous
    assert len(told) == 2
    for text in told:
        assert "读写磁盘时出错" in text and "disk I/O error" not in text and "OperationalError" not in text
