"""One writer per database (models/lock.py): a second copy is refused with a message that
says who holds the database, a killed holder never blocks, a folder that cannot be written
is not mistaken for another copy."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from main import main
from models.db import DatabaseUnavailable
from models.lock import AlreadyOpen, DatabaseLock


def test_one_writer(db_path: Path, capsys) -> None:
    with DatabaseLock(db_path):
        with pytest.raises(AlreadyOpen, match="已经在另一个窗口"):
            DatabaseLock(db_path).acquire()
        assert main(["--db", str(db_path), "demo"]) == 3  # EXIT_DATABASE: open in another copy
        assert "同一时间只能有一个程序修改它" in capsys.readouterr().err
        assert main(["--db", str(db_path), "units"]) == 0  # reading is fine
    with DatabaseLock(db_path):  # released: free again
        pass


def test_lock_of_a_killed_process_does_not_block(db_path: Path) -> None:
    import subprocess
    import sys

    code = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r}); from pathlib import Path; from models.lock import DatabaseLock; lock = DatabaseLock(Path({str(db_path)!r})); lock.acquire(); print('locked', flush=True); import time; time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    with pytest.raises(AlreadyOpen):
        DatabaseLock(db_path).acquire()
    proc.kill()
    proc.wait()
    proc.stdout.close()
    with DatabaseLock(db_path):  # the stale lock file is still there, but not held
        assert db_path.with_name(db_path.name + ".lock").exists()


def test_the_refusal_names_the_computer_and_process_holding_the_database(db_path: Path) -> None:
    with DatabaseLock(db_path):
        with pytest.raises(AlreadyOpen) as refused:
            DatabaseLock(db_path).acquire()
    assert f"{socket.gethostname()} 进程 {os.getpid()}" in str(refused.value)
    assert "请先关闭另一个窗口" in str(refused.value)


def test_release_is_idempotent_and_frees_the_database(db_path: Path) -> None:
    lock = DatabaseLock(db_path)
    lock.acquire()
    lock.release()
    lock.release()  # a second release (closing a window twice) is harmless
    with DatabaseLock(db_path):
        pass


def test_a_folder_that_cannot_hold_the_lock_file_is_not_another_copy(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")  # the database's folder is a file: nothing can be made in it
    with pytest.raises(DatabaseUnavailable) as refused:
        DatabaseLock(blocker / "returns.db").acquire()
    assert not isinstance(refused.value, AlreadyOpen)
    assert f"无法在 {blocker} 中建立锁文件" in str(refused.value) and "数据库未作任何修改" in str(refused.value)
