"""Writing files safely: a temporary file beside the target, then a rename.

Shared by every exporter (JSON, Excel, PDF) and the command line, so a failed or
interrupted export never leaves a half-written file where the clerk expects one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: the only portable way is to set it and put it back
    os.umask(mask)
    return mask


def new_file_mode(path: Path) -> int:
    """The permissions the file would have if written directly: those of the file it replaces,
    else the user's normal ones (0666 less the umask). mkstemp's own 0600 would hide an exported
    return from the colleague who should read it."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~current_umask()


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    path = Path(path).resolve()
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def os_error_reason(exc: OSError) -> str:
    """Why a file could not be read or written, and what to do, in the clerk's words (Chinese)."""
    import errno

    reasons = {
        errno.ENOSPC: "磁盘（或U盘）已满。请清理空间，或保存到其他磁盘或U盘",
        errno.EROFS: "这个位置是只读的（例如写保护的U盘）。请保存到其他文件夹，例如“文档”",
        errno.EACCES: "没有写入权限，或文件正被其他程序（例如 Excel、WPS）打开。请关闭该文件后重试，或保存到其他文件夹，例如“文档”",
        errno.EPERM: "没有写入权限，或文件正被其他程序（例如 Excel、WPS）打开。请关闭该文件后重试，或保存到其他文件夹，例如“文档”",
        errno.ENOENT: "文件夹不存在（U盘是否已拔出？）。请选择一个已有的文件夹",
        errno.ENOTDIR: "文件夹不存在（U盘是否已拔出？）。请选择一个已有的文件夹",
        errno.EISDIR: "这个名字是一个文件夹。请换一个文件名",
        errno.ENAMETOOLONG: "文件名太长。请换一个短一些的文件名",
        errno.EIO: "磁盘读写出错（U盘是否已拔出？）。请检查磁盘后重试",
    }
    return reasons.get(exc.errno or 0, f"{exc.strerror or exc}。请换一个位置保存")


def write_error_message(path: Path, exc: OSError) -> str:
    """What a clerk should do when a file cannot be written (Chinese): the one message the
    command line and the window both show. ``write_atomically`` leaves nothing behind and an
    export changes nothing in the database, so the message can say so."""
    import errno

    path = Path(path)
    if path.is_dir() and exc.errno != errno.EISDIR:  # Windows says "no permission" for a folder's name
        exc = IsADirectoryError(errno.EISDIR, exc.strerror or str(exc))
    folder = f"（{path.parent}）" if str(path.parent) not in ("", ".") else ""
    return f"无法写入 {path.name}{folder}：{os_error_reason(exc)}。没有写入任何文件，数据库没有改变。"
