"""Files written atomically (formats/files.py) get the user's normal permissions."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from formats.files import current_umask, write_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        assert current_umask() == umask
        path = tmp_path / "return.xlsx"
        write_atomically(path, b"content")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == expected  # not mkstemp's 0600 whatever the umask
    assert path.read_bytes() == b"content"
    assert [p.name for p in tmp_path.iterdir()] == ["return.xlsx"]  # no temporary file left


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "return.pdf"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_bytes() == b"new"


def test_the_one_message_for_a_file_that_cannot_be_written(tmp_path: Path) -> None:
    """The window and the command line both show it: the file, its folder, why and what to do."""
    import errno

    from formats.files import write_error_message

    target = tmp_path / "out.xlsx"
    full = write_error_message(target, OSError(errno.ENOSPC, "No space left on device"))
    assert full == f"无法写入 out.xlsx（{tmp_path}）：磁盘（或U盘）已满。请清理空间，或保存到其他磁盘或U盘。没有写入任何文件，数据库没有改变。"
    assert "U盘是否已拔出" in write_error_message(tmp_path / "gone" / "x.json", FileNotFoundError(errno.ENOENT, "No such file"))
    # Windows refuses a folder's name as "no permission": the message says what it really is.
    (tmp_path / "报表.xlsx").mkdir()
    assert "这个名字是一个文件夹" in write_error_message(tmp_path / "报表.xlsx", PermissionError(errno.EACCES, "Permission denied"))
    assert write_error_message(Path("x.json"), PermissionError(errno.EACCES, "denied")).startswith("无法写入 x.json：没有写入权限")
