"""The container of an .xlsx file, judged before any XML is read.

``check_container(path)`` refuses, quickly and in bounded memory, anything that is not a
plain xlsx workbook: an empty or huge file, an old binary (.xls) or a password-protected
file (both OLE compound files), something that is not a zip, too many parts, a
"compression bomb", zip-level encryption, macros, a Word or PowerPoint file, a damaged
part (every part's CRC is checked). What it gives back is the workbook's ``Package``:
its parts' names and the XML parts, already read, so the readers after it
(formats.xlsx_visible, formats.xlsx_fast) do not unpack the file again.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from pathlib import Path

from formats.errors import FileProblems, NotAReturn
from formats.xlsx_layout import (
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_XML_BYTES,
)

log = logging.getLogger(__name__)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CORRUPT = "文件已损坏或不完整（可能下载、复制或邮件传送时中断），无法打开。请对方重新导出、重新发送"


class Package:
    """An xlsx file's parts: every name, and the XML parts' bytes (CRC-checked when read)."""

    def __init__(self, path: Path, names: set[str], parts: dict[str, bytes]) -> None:
        self.path = path
        self.names = names
        self.parts = parts

    def read(self, name: str) -> bytes:
        """One XML part (KeyError when there is none)."""
        return self.parts[name]


def check_container(path: Path) -> Package:
    """Refuse, quickly and in bounded memory, anything that is not a plain xlsx workbook;
    give its parts."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise FileProblems(name, [f"无法读取文件：{exc.strerror or exc}"]) from None
    if size == 0:
        raise FileProblems(name, ["文件是空的（0 字节），可能复制或下载时出错；请重新导出"])
    if size > MAX_FILE_BYTES:
        raise FileProblems(name, [f"文件太大（{size / 1024 / 1024:.0f} MB）。报表文件通常不到 1 MB，这不是本程序导出的报表，未读取"])
    if head == OLE_MAGIC:
        if _ole_encrypted(path):
            raise FileProblems(
                name, ["文件设置了打开密码（已加密），无法读取。请在 Excel 中打开，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）并保存后再导入"]
            )
        raise FileProblems(name, ["这是旧版 Excel 文件（.xls），本程序只读 .xlsx。请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再导入"])
    if not head.startswith(b"PK"):
        hint = "（像是文本、CSV 或网页文件）" if _looks_like_text(head) else ""
        raise NotAReturn(name, [f"不是 Excel 工作簿（.xlsx）文件{hint}，无法导入。请导入本程序导出的 Excel 报表"])
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise FileProblems(name, [f"文件内部包含 {len(infos)} 个部件，远多于报表应有的数量，可能是恶意文件，未读取"])
            total = sum(i.file_size for i in infos)
            xml = sum(i.file_size for i in infos if _is_xml(i.filename))
            if (
                total > MAX_UNCOMPRESSED_BYTES
                or xml > MAX_XML_BYTES
                or any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
            ):
                raise FileProblems(name, ["文件解压后异常巨大（“压缩炸弹”），可能是恶意文件，未读取"])
            if any(i.flag_bits & 0x1 for i in infos):  # zip-level encryption: zipfile would raise on reading
                log.warning("xlsx file %s refused: a zip member has the encrypted flag", name)
                raise FileProblems(name, ["文件内部已加密（压缩包设置了密码），无法读取。请用 Excel 打开后另存为不加密的 .xlsx 再导入，或请对方重新导出"])
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names) or _macro_content_type(zf, names):
                raise FileProblems(name, ["这是含宏的工作簿（.xlsm），为安全起见不导入。请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再导入"])
            if "xl/workbook.xml" not in names:
                kind = "Word 文档" if "word/document.xml" in names else "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "压缩包"
                raise NotAReturn(name, [f"这是{kind}，不是 Excel 工作簿（.xlsx），无法导入"])
            # Every part is read once, its CRC checked (as ZipFile.testzip does); the XML
            # parts are kept (bounded by MAX_XML_BYTES), pictures and the like are not.
            parts: dict[str, bytes] = {}
            for info in infos:
                if _is_xml(info.filename):
                    parts[info.filename] = zf.read(info)
                else:
                    with zf.open(info) as member:
                        while member.read(1 << 20):
                            pass
    except FileProblems:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError, RuntimeError):
        log.warning("xlsx file %s refused as damaged", name, exc_info=True)
        raise FileProblems(name, [CORRUPT]) from None
    return Package(path, names, parts)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _looks_like_text(head: bytes) -> bool:
    return all(32 <= b < 127 or b in (9, 10, 13) or b >= 0x80 for b in head)


def _macro_content_type(zf: zipfile.ZipFile, names: set[str]) -> bool:
    if "[Content_Types].xml" not in names:
        return False
    raw = zf.read("[Content_Types].xml")  # bounded: total size was checked
    return b"macroEnabled" in raw or b"vbaProject" in raw


def _ole_encrypted(path: Path) -> bool:
    """Does this OLE compound file hold an encrypted OOXML package (a password-protected .xlsx)?"""
    names = ole_stream_names(path.read_bytes())
    return "EncryptedPackage" in names or "EncryptionInfo" in names


def ole_stream_names(raw: bytes) -> set[str]:
    """The directory entry names of an OLE compound file (CFB), read defensively."""
    if len(raw) < 512 or raw[:8] != OLE_MAGIC:
        return set()
    sector_size = 1 << struct.unpack_from("<H", raw, 0x1E)[0]
    if sector_size not in (512, 4096):
        return set()
    first_dir = struct.unpack_from("<I", raw, 0x30)[0]
    difat = struct.unpack_from("<109I", raw, 0x4C)

    def sector(n: int) -> bytes:
        start = 512 + n * sector_size if sector_size == 512 else (n + 1) * sector_size
        return raw[start : start + sector_size]

    fat: list[int] = []
    for s in difat:
        if s >= 0xFFFFFFFA:
            break
        data = sector(s)
        fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
    names: set[str] = set()
    current, seen = first_dir, 0
    while current < len(fat) and seen < 10000:
        data = sector(current)
        for off in range(0, len(data) - 127, 128):
            length = struct.unpack_from("<H", data, off + 64)[0]
            if 2 <= length <= 64:
                names.add(data[off : off + length - 2].decode("utf-16-le", "replace"))
        current, seen = fat[current], seen + 1
    return names
