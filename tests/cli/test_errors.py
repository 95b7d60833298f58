"""No traceback ever reaches the clerk: hostile files, a read-only database or folder, a full
disk, a GBK terminal. Each case runs main.py as a separate process, as a clerk would, and
asserts the exit code, exactly one Chinese line on stderr naming the cause, no traceback,
the trace (or the refusal) in the log file, and a logical dump of the database unchanged.

The read-only cases use ``chattr +i`` (the tests run as root, and root ignores file
permissions but not the immutable flag); the full-disk cases mount a small tmpfs. Where
the sandbox allows neither, those tests are skipped with the reason.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_CODES,
    EXIT_DATABASE,
    EXIT_FILE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    explain,
)
from main import main
from tests.formats.xlsx_files import copy_database, demo_database, export_xlsx

ROOT = Path(__file__).resolve().parents[2]
TOWN, PERIOD = "530000110", "2024Q4"
CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def town_json(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("json") / "town.json"
    assert main(["--db", str(demo_master), "export-json", "--unit", TOWN, "--period", PERIOD, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def db(demo_master: Path, data_dir: Path) -> Path:
    return copy_database(demo_master, data_dir / "returns.db")


def cli(db: Path, *args: str | bytes, tmp: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """main.py in its own process; TMPDIR points into the test's folder (the fallback log goes there)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp or db.parent.parent), **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args], capture_output=True, env=environment, timeout=300, check=False)


def dump(db: Path) -> dict[str, list[str]]:
    """Every table's rows, sorted: equal before and after means the database is unchanged."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(repr(row) for row in con.execute(f'SELECT * FROM "{t}"')) for t in tables}
    finally:
        con.close()


def one_chinese_line(proc: subprocess.CompletedProcess[bytes], code: int, *causes: str) -> str:
    """The run ended with ``code`` and said exactly one Chinese line on stderr, naming the cause."""
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, out + err
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert CJK.search(lines[0]), lines[0]
    for cause in causes:
        assert cause in lines[0], lines[0]
    return lines[0]


def log_text(folder: Path) -> str:
    return (folder / "logs" / "hrh.log").read_text(encoding="utf-8")


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable with chattr +i (undone afterwards so tmp_path can be removed)."""
    done: list[Path] = []
    yield done
    release(done)


def release(done: list[Path]) -> None:
    """Writable again (SQLite cannot even read a WAL database in a folder it cannot write)."""
    while done:
        subprocess.run(["chattr", "-i", str(done.pop())], check=False)


def make_immutable(path: Path, done: list[Path]) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    proc = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here: {proc.stderr.decode(errors='replace').strip()}")
    done.append(path)
    probe = path / ".probe" if path.is_dir() else path
    try:
        with open(probe, "ab"):
            pass
    except OSError:
        return
    pytest.skip("the immutable flag is not enforced here (not root on ext4?)")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 400 KB tmpfs: the realest full disk. Skipped where mount is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)], capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# ---- hostile files ----------------------------------------------------------------------------


def test_xlsx_with_the_encrypted_flag_is_refused(demo_master: Path, db: Path, tmp_path: Path) -> None:
    good = export_xlsx(demo_master, TOWN, PERIOD, tmp_path / "town.xlsx")
    bad = tmp_path / "encrypted.xlsx"
    raw = bytearray(good.read_bytes())
    eocd = raw.rindex(b"PK\x05\x06")
    count, entry = struct.unpack_from("<H", raw, eocd + 10)[0], struct.unpack_from("<I", raw, eocd + 16)[0]
    for _ in range(count):  # general purpose bit 0, "encrypted", in both headers of every member
        raw[entry + 8] |= 0x1
        local = struct.unpack_from("<I", raw, entry + 42)[0]
        raw[local + 6] |= 0x1
        entry += 46 + sum(struct.unpack_from("<3H", raw, entry + 28))
    bad.write_bytes(bytes(raw))
    with zipfile.ZipFile(bad) as z, pytest.raises(RuntimeError, match="encrypted"):
        z.read("xl/workbook.xml")
    before = dump(db)
    proc = cli(db, "import-xlsx", "--replace", str(bad))
    one_chinese_line(proc, EXIT_BAD_INPUT, "encrypted.xlsx", "已加密")
    assert dump(db) == before
    assert "encrypted.xlsx refused: a zip member has the encrypted flag" in log_text(db.parent)


@pytest.mark.parametrize(
    ("payload", "cause", "trace"),
    [
        ('"big": ' + "9" * 5000, "位数极多的数字", "Exceeds the limit"),
        ('"deep": ' + "[" * 10000 + "]" * 10000, "层层嵌套", "RecursionError"),
    ],
    ids=["5000-digit-integer", "nested-10000-deep"],
)
def test_json_that_python_cannot_parse_is_refused(db: Path, tmp_path: Path, town_json: dict, payload: str, cause: str, trace: str) -> None:
    src = tmp_path / "bad.json"
    src.write_text("{" + payload + ", " + json.dumps(town_json, ensure_ascii=False)[1:], encoding="utf-8")
    before = dump(db)
    proc = cli(db, "import-json", "--replace", str(src))
    one_chinese_line(proc, EXIT_BAD_INPUT, "bad.json", cause)
    assert dump(db) == before
    log = log_text(db.parent)
    assert "JSON file bad.json refused" in log and trace in log and "Traceback" in log


def test_lone_surrogate_in_a_unit_name_is_refused_before_the_database(db: Path, tmp_path: Path, town_json: dict) -> None:
    doc = {**town_json, "unit": {**town_json["unit"], "code": "NEW1", "name": "新\ud800单位"}}
    src = tmp_path / "surrogate.json"
    src.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")  # "\ud800" as an escape: valid JSON
    before = dump(db)
    proc = cli(db, "import-json", str(src))
    one_chinese_line(proc, EXIT_BAD_INPUT, "surrogate.json", "单位名称")
    assert dump(db) == before  # not even the new unit


def test_lone_surrogate_in_a_narrative_text_is_removed_with_a_note(db: Path, tmp_path: Path, town_json: dict) -> None:
    doc = {**town_json, "unit": {**town_json["unit"], "code": "NEW1", "name": "新单位"}, "texts": {"text.highlights": "成效\ud800显著"}}
    src = tmp_path / "surrogate.json"
    src.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    proc = cli(db, "import-json", str(src))
    assert proc.returncode == EXIT_OK, proc.stderr.decode()
    assert "已删除" in proc.stdout.decode()
    con = sqlite3.connect(db)
    assert con.execute(
        "SELECT text FROM return_texts WHERE code = 'text.highlights' AND return_id = (SELECT returns.id FROM returns JOIN units ON units.id = returns.unit_id WHERE units.code = 'NEW1')"
    ).fetchone() == ("成效显著",)
    con.close()


# ---- the terminal ------------------------------------------------------------------------------


def test_reason_typed_in_a_gbk_terminal_is_read_as_gbk(db: Path) -> None:
    proc = cli(db, "send-back", "--unit", TOWN, "--period", PERIOD, "--reason", "数字不对".encode("gbk"))
    assert proc.returncode == EXIT_OK, proc.stderr.decode()
    assert "已退回（数字不对）" in proc.stdout.decode()
    con = sqlite3.connect(db)
    assert con.execute(
        "SELECT review_note FROM returns JOIN units ON units.id = returns.unit_id WHERE units.code = ? AND period = ?", (TOWN, PERIOD)
    ).fetchone() == ("数字不对",)
    con.close()


def test_argument_in_no_known_encoding_is_refused_naming_it(db: Path) -> None:
    before = dump(db)
    proc = cli(db, "send-back", "--unit", TOWN, "--period", PERIOD, "--reason", b"\xff\xfe\xff")
    one_chinese_line(proc, EXIT_BAD_INPUT, "--reason", "无法识别")
    assert dump(db) == before


def test_a_terminal_that_cannot_show_chinese_gets_escapes_not_a_crash(db: Path) -> None:
    proc = cli(db, "units", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == EXIT_OK, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    assert b"\\u793a\\u8303\\u53bf" in proc.stdout  # 示范县, escaped


# ---- where the database is kept --------------------------------------------------------------


def test_read_only_database_file(db: Path, immutable: list[Path]) -> None:
    assert cli(db, "units").returncode == 0  # the database has been used here before
    before = dump(db)
    make_immutable(db, immutable)
    proc = cli(db, "send-back", "--unit", TOWN, "--period", PERIOD, "--reason", "数字不对")
    line = one_chinese_line(proc, EXIT_DATABASE, "只读", str(db))
    assert "损坏" not in line
    release(immutable)
    assert dump(db) == before
    log = log_text(db.parent)
    assert "DatabaseUnavailable" in log and "Traceback" in log
    assert cli(db, "units").returncode == EXIT_OK, "reading a read-only file is fine"


@pytest.mark.parametrize("command", [["units"], ["send-back", "--unit", TOWN, "--period", PERIOD, "--reason", "数字不对"]], ids=["read", "write"])
def test_read_only_folder_is_not_called_damaged(db: Path, immutable: list[Path], command: list[str]) -> None:
    assert cli(db, "units").returncode == 0  # logs/ exists beside the database, as after any use
    before = dump(db)
    con = sqlite3.connect(db)  # the last connection, closed cleanly: the WAL is folded in, -wal/-shm are gone
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()
    assert not Path(f"{db}-shm").exists()
    make_immutable(db.parent, immutable)
    proc = cli(db, *command)
    line = one_chinese_line(proc, EXIT_DATABASE, "文件夹", "不允许写入", str(db.parent))
    assert "损坏" not in line and "从备份恢复" not in line
    release(immutable)
    assert dump(db) == before
    assert "Traceback" in log_text(db.parent) and "不允许写入" in log_text(db.parent)


def test_read_only_folder_without_a_log_folder_logs_to_the_temporary_folder(db: Path, tmp_path: Path, immutable: list[Path]) -> None:
    make_immutable(db.parent, immutable)
    proc = cli(db, "units", tmp=tmp_path)
    one_chinese_line(proc, EXIT_DATABASE, "不允许写入")
    assert "不允许写入" in (tmp_path / "hrh-logs" / "hrh.log").read_text(encoding="utf-8")


def _on_small_disk(demo_master: Path, disk: Path, outside: Path, backups_outside: bool) -> Path:
    """The demo database on the small disk; its logs (and, if asked, backups) on the big one."""
    db = copy_database(demo_master, disk / "returns.db")
    for name in ("logs", "backups") if backups_outside else ("logs",):
        (outside / name).mkdir()
        (disk / name).symlink_to(outside / name)
    return db


def test_disk_full_during_import(demo_master: Path, small_disk: Path, tmp_path: Path, town_json: dict) -> None:
    db = _on_small_disk(demo_master, small_disk, tmp_path, backups_outside=True)
    fat = {**town_json, "texts": {code: "很长的文字" * 9000 for code in ("text.highlights", "text.problems", "text.plans", "text.suggestions")}}
    src = tmp_path / "fat.json"
    src.write_text(json.dumps(fat, ensure_ascii=False), encoding="utf-8")  # ~540 KB of text, ~1 MB with its audit
    before = dump(db)
    proc = cli(db, "import-json", "--replace", str(src), tmp=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == EXIT_DATABASE, err
    # the import pipeline says why it stopped and exactly which files are in
    assert "磁盘已满" in err and "已导入的文件：无" in err and "因此未导入的文件：fat.json" in err
    assert "Traceback" not in err + proc.stdout.decode("utf-8")
    after = dump(db)
    # nothing of the file is in; the import record says it failed (what the clerk is told next time)
    assert len(after.pop("import_files")) == 1 and len(after.pop("import_batches")) == 1
    assert after == {t: rows for t, rows in before.items() if not t.startswith("import_")}
    log = (tmp_path / "logs" / "hrh.log").read_text(encoding="utf-8")
    assert "database or disk is full" in log and "Traceback" in log


def test_disk_full_when_backing_up_before_an_import(demo_master: Path, small_disk: Path, tmp_path: Path, town_json: dict) -> None:
    db = _on_small_disk(demo_master, small_disk, tmp_path, backups_outside=False)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - db.stat().st_size // 2, 0))  # room for the WAL, not for a copy
    src = tmp_path / "town.json"
    src.write_text(json.dumps(town_json, ensure_ascii=False), encoding="utf-8")
    before = dump(db)
    proc = cli(db, "import-json", "--replace", str(src), tmp=tmp_path)
    one_chinese_line(proc, EXIT_DATABASE, "备份失败", "磁盘已满")
    assert dump(db) == before
    assert not list((small_disk / "backups").iterdir())  # no partial copy left behind


# ---- the rest ----------------------------------------------------------------------------------


def test_a_bug_says_internal_error_with_the_log_path(db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import cli.core

    def broken(*_args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli.core, "load_return", broken)
    capsys.readouterr()
    assert main(["--db", str(db), "export-json", "--unit", TOWN, "--period", PERIOD, "-o", str(db.parent / "x.json")]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    log = db.parent / "logs" / "hrh.log"
    assert err.strip() == f"程序内部错误，详情已写入日志 {log}，请把日志发给维护人员"
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")


def test_write_failures_other_than_a_wrong_path_are_io_errors(db: Path, tmp_path: Path, immutable: list[Path]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    make_immutable(out_dir, immutable)
    proc = cli(db, "export-json", "--unit", TOWN, "--period", PERIOD, "-o", str(out_dir / "x.json"))
    one_chinese_line(proc, EXIT_FILE, "无法写入 x.json", "没有写入权限")
    proc = cli(db, "export-json", "--unit", TOWN, "--period", PERIOD, "-o", str(tmp_path / "no" / "x.json"))
    one_chinese_line(proc, EXIT_BAD_INPUT, "文件夹不存在")


def test_readme_lists_every_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(\d+)` \|", readme, flags=re.MULTILINE)
    assert sorted(map(int, table)) == sorted(EXIT_CODES)


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (sqlite3.OperationalError("database is locked"), EXIT_DATABASE, "正被另一个程序使用"),
        (sqlite3.OperationalError("attempt to write a readonly database"), EXIT_DATABASE, "只读"),
        (sqlite3.OperationalError("disk I/O error"), EXIT_DATABASE, "磁盘出错"),
        (sqlite3.DatabaseError("database disk image is malformed"), EXIT_DATABASE, "已损坏"),
        (OSError(errno.ENOSPC, "No space left on device", "/elsewhere/out.xlsx"), EXIT_FILE, "读写文件 out.xlsx 时出错：磁盘（或U盘）已满"),
        (OSError(errno.EIO, "Input/output error"), EXIT_FILE, "读写文件时出错：磁盘读写出错"),
        (KeyboardInterrupt(), EXIT_INTERRUPTED, "已中断"),
        (ValueError("a bug"), EXIT_INTERNAL, "程序内部错误"),
    ],
    ids=["locked", "readonly", "io", "malformed", "enospc-file", "eio-no-name", "ctrl-c", "bug"],
)
def test_each_kind_of_failure_has_its_code(exc: BaseException, code: int, words: str, tmp_path: Path) -> None:
    message, got = explain(exc, tmp_path / "returns.db", tmp_path / "logs" / "hrh.log")
    assert (got, words in message, "\n" in message) == (code, True, False), message
    assert code in EXIT_CODES
