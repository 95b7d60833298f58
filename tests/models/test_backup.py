"""Backups (online API, rotation), restore, integrity at start."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from main import main
from models.backup import BackupError, backup_dir, check_file, daily_backup_if_due, list_backups, make_backup, newest_good_backup, restore, rotate
from models.db import DatabaseDamaged, make_engine, open_database, upgrade
from models.lock import DatabaseLock
from models.returns import ReturnService


def count_units(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        con.close()


def test_backup_of_an_open_database_is_complete(demo_service: ReturnService, db_path: Path) -> None:
    # the service's engine is open (WAL mode, data possibly only in the -wal file)
    copy = make_backup(db_path, "manual")
    assert check_file(copy) is None
    assert count_units(copy) == count_units(db_path) == 7


def test_first_start_of_the_day_backs_up_once(demo_service: ReturnService, db_path: Path) -> None:
    first = daily_backup_if_due(db_path)
    assert first is not None and first.name.endswith("-daily.db")
    assert daily_backup_if_due(db_path) is None
    assert [b.reason for b in list_backups(backup_dir(db_path))] == ["daily"]


def test_rotation_keeps_14_days_and_12_months(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2023, 1, 1, 9)
    for d in range(0, 700, 3):  # a backup every third day for two years
        (folder / f"returns-{start + dt.timedelta(days=d):%Y%m%d-%H%M%S}-daily.db").write_bytes(b"x")
    for n in range(15):
        (folder / f"returns-{start + dt.timedelta(hours=n):%Y%m%d-%H%M%S}-import.db").write_bytes(b"x")
    rotate(folder)
    kept = list_backups(folder)
    daily = [b for b in kept if b.reason == "daily"]
    assert len([b for b in kept if b.reason == "import"]) == 10
    newest_days = sorted({b.taken.date() for b in daily}, reverse=True)
    assert len(newest_days) <= 14 + 12
    months = {(b.taken.year, b.taken.month) for b in daily}
    assert len(months) >= 12
    assert max(b.taken for b in daily) == start + dt.timedelta(days=699 - 699 % 3)


def test_restore_checks_and_keeps_the_current_database(demo_service: ReturnService, db_path: Path) -> None:
    good = make_backup(db_path, "manual")
    demo_service.workflow.delete("530000110", "2024Q4")
    demo_service.engine.dispose()
    kept = restore(good, db_path)
    assert kept is not None and "before-restore" in kept.name
    svc = ReturnService(open_database(db_path))
    assert svc.store.load("530000110", "2024Q4") is not None  # back
    svc.engine.dispose()
    con = sqlite3.connect(kept)
    assert con.execute("SELECT count(*) FROM returns r JOIN units u ON u.id = r.unit_id WHERE u.code='530000110'").fetchone()[0] == 0
    con.close()


def test_restore_refuses_a_bad_file_and_changes_nothing(demo_service: ReturnService, db_path: Path, tmp_path: Path, db_snapshot) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    demo_service.engine.dispose()
    before = db_snapshot(db_path)
    with pytest.raises(BackupError, match="未作任何修改"):
        restore(bad, db_path)
    assert db_snapshot(db_path) == before


def test_backup_to_a_folder_that_cannot_be_written(demo_service: ReturnService, db_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="备份失败"):
        make_backup(db_path, "manual", folder=blocker / "sub")


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(page * 2, min(len(data), page * 6)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def test_damaged_database_is_not_written_and_newest_good_backup_is_offered(demo_service: ReturnService, db_path: Path) -> None:
    good = make_backup(db_path, "daily")
    demo_service.engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage(db_path)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="已损坏"):
        open_database(db_path)
    assert db_path.read_bytes() == before
    assert newest_good_backup(db_path).path == good


def test_upgrade_takes_a_backup_first(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0001")
    engine.dispose()
    open_database(db_path).dispose()
    assert [b.reason for b in list_backups(backup_dir(db_path))] == ["upgrade"]


def test_import_batch_is_preceded_by_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "export-json", "--unit", "530000110", "--period", "2024Q4", "-o", str(tmp_path / "a.json")]) == 0
    assert main(["--db", str(db), "import-json", "--replace", str(tmp_path / "a.json")]) == 0
    # the day's first (daily) backup is kept beside it: an event backup never pushes it out
    assert [b.reason for b in list_backups(backup_dir(db), db.stem)] == ["import", "daily"]


def test_a_backup_is_one_file(demo_service: ReturnService, db_path: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    copy = make_backup(db_path, "manual", folder=usb)
    assert check_file(copy) is None
    assert [p.name for p in usb.iterdir()] == [copy.name]  # no -wal / -shm left beside it


def test_excel_import_takes_the_lock_and_a_backup(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "demo"]) == 0
    out = tmp_path / "a.xlsx"
    assert main(["--db", str(db), "export-xlsx", "--unit", "530000110", "--period", "2024Q4", "-o", str(out)]) == 0
    with DatabaseLock(db):
        assert main(["--db", str(db), "import-xlsx", "--replace", str(out)]) == 3  # EXIT_DATABASE: open in another copy
        assert "同一时间只能有一个程序修改它" in capsys.readouterr().err
    assert main(["--db", str(db), "import-xlsx", "--replace", str(out)]) == 0
    assert [b.reason for b in list_backups(backup_dir(db), db.stem)] == ["import", "daily"]


def test_a_failed_copy_is_removed_logged_and_tried_again(
    demo_service: ReturnService, db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """立即备份 once failed with "disk I/O error" and left a 0-byte .tmp (issue 16)."""
    import models.backup as backup
    from models.db import DatabaseError, sqlite_copy

    calls: list[Path] = []

    def flaky(src: Path, dest: Path) -> None:
        calls.append(dest)
        if len(calls) == 1:
            dest.write_bytes(b"")  # what SQLite leaves when the copy fails at once
            Path(f"{dest}-journal").write_bytes(b"x")
            raise DatabaseError("disk I/O error")
        sqlite_copy(src, dest)

    monkeypatch.setattr(backup, "sqlite_copy", flaky)
    waits: list[float] = []
    made = make_backup(db_path, "manual", wait=waits.append)
    assert len(calls) == 2 and waits == [0.5]
    assert check_file(made) is None
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no .tmp, no -journal
    assert "disk I/O error" in caplog.text and "attempt 1 of 3" in caplog.text


def test_a_backup_that_keeps_failing_says_why_in_chinese_and_leaves_nothing(
    demo_service: ReturnService, db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import models.backup as backup
    from models.db import DatabaseError

    def failing(src: Path, dest: Path) -> None:
        dest.write_bytes(b"")
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(backup, "sqlite_copy", failing)
    with pytest.raises(BackupError) as raised:
        make_backup(db_path, "manual", wait=lambda s: None)
    text = str(raised.value)
    assert "读写磁盘时出错" in text and "disk I/O error" not in text and "3 次" in text
    assert list(backup_dir(db_path).glob("*")) == []
    assert caplog.text.count("disk I/O error") >= 3


def test_the_copy_reads_a_database_the_program_is_writing(demo_service: ReturnService, db_path: Path) -> None:
    """The source is a query-only read-write connection, so WAL frames not yet checkpointed are copied."""
    import sqlite3

    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE extra (x INTEGER)")
    writer.execute("INSERT INTO extra VALUES (42)")
    writer.commit()
    try:
        made = make_backup(db_path, "manual")
    finally:
        writer.close()
    copy = sqlite3.connect(made)
    try:
        assert copy.execute("SELECT x FROM extra").fetchall() == [(42,)]
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        copy.close()


def test_a_later_event_backup_does_not_push_out_the_days_daily_backup(demo_service: ReturnService, db_path: Path) -> None:
    """The day's daily backup survives an import or restore backup taken later that day
    (it used to be deleted by the rotation, and a restore from it then copied nothing)."""
    daily = make_backup(db_path, "daily", now=dt.datetime(2026, 12, 1, 9, 0, 0))
    event = make_backup(db_path, "import", now=dt.datetime(2026, 12, 1, 9, 0, 1))
    assert daily.exists() and event.exists()


def test_restore_copies_the_backup_before_anything_rotates_it(demo_service: ReturnService, db_path: Path) -> None:
    daily = make_backup(db_path, "daily", now=dt.datetime.now() - dt.timedelta(seconds=5))
    demo_service.engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage(db_path)
    restore(daily, db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM units").fetchone()[0] > 0, "the backup's units, not an empty database"
    con.close()


def test_copying_a_missing_database_is_an_error_not_an_empty_copy(tmp_path: Path) -> None:
    from models.db import DatabaseError, sqlite_copy

    with pytest.raises(DatabaseError):
        sqlite_copy(tmp_path / "gone.db", tmp_path / "copy.db")
    assert not (tmp_path / "gone.db").exists() and not (tmp_path / "copy.db").exists()
