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
