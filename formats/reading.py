"""Any file a township sends, to plain data for the import pipeline (models.importing).

A file is classified by its bytes, never by its name: a .xlsx renamed .xls, .et, "附件1"
or left without an extension is read as .xlsx; an old Excel file (.xls, BIFF) through
formats.xls_import; a .zip archive and a saved e-mail (.eml) give one entry per member
or attachment (shown as "archive.zip › 城关镇.xlsx"); a 退回通知 from the level above
(formats.notice_xlsx) is read as a notice; a photo, a PDF or a Word document is named
for what it is and ignored.

``read_entries(path, registry)`` gives every entry of one path (what ``reader_for``
hands to the pipeline); ``read_any(path, registry)`` reads one plain file. Each entry
carries the sha256 of its own bytes (recorded with the import).

Archives and e-mails are bounded before anything is unpacked (member and attachment
counts, sizes, compression ratio, nesting, path names); members are written, one at a
time, only into a private temporary folder that is removed at once.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from formats import json_io, notice_xlsx, xlsx_import
from formats.errors import FileProblems, NotAReturn
from formats.xlsx_container import OLE_MAGIC, ole_stream_names
from models.data import ReturnData
from models.importing import DAMAGED, NOT_A_RETURN, NOTICE_FILE, Reader, ReadFile
from models.template import TemplateRegistry

log = logging.getLogger(__name__)
SEP = " › "  # between an archive or e-mail and a file inside it
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024  # a whole .zip or .eml on disk, and a .zip unpacked
MAX_ARCHIVE_MEMBERS = 200
MAX_ATTACHMENTS = 50
MAX_MEMBER_RATIO = 200  # compression ratio of one member (a return's sheets stay well under 50)
_MAIL_HEAD = re.compile(
    rb"^(?:received|return-path|from|to|subject|date|mime-version|message-id|delivered-to|x-[\w-]+|content-type|reply-to|cc):", re.IGNORECASE
)
_IMAGES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
SAVE_AS = "请在 Excel 或 WPS 中打开并另存为“Excel 工作簿(*.xlsx)”后再导入"


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""  # the reader says why the file cannot be read
    return digest.hexdigest()


def sniff(head: bytes, name: str) -> str:
    """What a file is, from its first bytes: xlsx, zip, xls, ole, eml, json, image:JPEG,
    pdf, empty or other. A zip is "xlsx" when it holds xl/workbook.xml (decided by the caller
    that can open it; here every zip is "zip")."""
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    for magic, kind in _IMAGES:
        if head.startswith(magic):
            return f"image:{kind}"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "image:HEIC"
    if head.startswith(b"%PDF"):
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "json"
    if _MAIL_HEAD.match(text) or name.lower().endswith(".eml"):
        return "eml"
    return "other"


def read_entries(path: Path, registry: TemplateRegistry, kind: str | None = None) -> list[ReadFile]:
    """Every entry of one file: itself, or each member of an archive or e-mail."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return [_refused(path, DAMAGED, f"无法读取文件：{exc.strerror or exc}")]
    what = sniff(head, path.name)
    if what == "zip" and not _is_workbook(path):
        return list(_zip_entries(path, path, registry))
    if what == "eml" and kind != "json":
        return list(_eml_entries(path, registry))
    return [read_any(path, registry, kind)]


def read_any(path: Path, registry: TemplateRegistry, kind: str | None = None, shown: Path | None = None) -> ReadFile:
    """One plain file (not an archive): ``kind`` "json" or "xlsx", or (None) by its
    content. ``shown`` is the path the clerk sees (an archive member's)."""
    path = Path(path)
    shown = shown or path
    digest = content_hash(path)
    notes: list[str] = []
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return _refused(shown, DAMAGED, f"无法读取文件：{exc.strerror or exc}")
    what = sniff(head, path.name)
    if (
        kind == "json"
        or (kind is None and what == "json" and path.suffix.lower() in (".json", ".txt", ""))
        or (kind is None and path.suffix.lower() == ".json")
    ):
        what = "json"
    try:
        if what == "json":
            data = json_io.read_json_file(path, registry, notes)
        elif what == "ole":
            data, notes = _read_ole(path, registry)
        elif what.startswith("image:"):
            raise NotAReturn(shown.name, [f"这是图片（{what[6:]}），不是报表；请对方发送本程序导出的 Excel 报表"])
        elif what == "pdf":
            raise NotAReturn(shown.name, ["这是 PDF 文件，不是可以导入的报表；请对方发送本程序导出的 Excel 报表"])
        elif notice_xlsx.is_notice(path):  # a 退回通知 from the level above (models.notices applies it)
            return ReadFile(shown, None, content_hash=digest, kind=NOTICE_FILE, notice=notice_xlsx.read_notice(path), modified=_mtime(path))
        else:
            # Looked up on the module at call time: tests slow the reading down there.
            read = xlsx_import.read_xlsx(path, registry)
            data, notes = read.data, list(read.notes)
    except NotAReturn as exc:
        exc.filename = shown.name
        return ReadFile(shown, None, problems=list(exc.problems), content_hash=digest, message=exc.report(), kind=NOT_A_RETURN)
    except FileProblems as exc:
        exc.filename = shown.name
        return ReadFile(shown, None, problems=list(exc.problems), content_hash=digest, message=exc.report(), kind=_kind(exc))
    data.source_file = shown.name
    return ReadFile(shown, data, notes, content_hash=digest, modified=_mtime(path))


def _kind(exc: FileProblems) -> str:
    damaged = ("损坏", "不完整", "无法读取", "空的", "加密", "压缩炸弹", "太大")
    return DAMAGED if any(word in p for p in exc.problems for word in damaged) else "return"


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _refused(shown: Path, kind: str, problem: str, digest: str = "") -> ReadFile:
    exc = FileProblems(shown.name, [problem])
    return ReadFile(shown, None, problems=[problem], content_hash=digest, message=exc.report(), kind=kind)


def _read_ole(path: Path, registry: TemplateRegistry) -> tuple[ReturnData, list[str]]:
    """An OLE compound file: an old Excel workbook (read), or say what it is."""
    raw = path.read_bytes() if path.stat().st_size <= 20 * 1024 * 1024 else b""
    streams = ole_stream_names(raw)
    name = path.name
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise FileProblems(name, ["文件设置了打开密码（已加密），无法读取。请在 Excel 中打开，取消密码后保存再导入"])
    if "WordDocument" in streams:
        raise NotAReturn(name, ["这是旧版 Word 文档（.doc），不是报表；请对方发送本程序导出的 Excel 报表"])
    if "PowerPoint Document" in streams:
        raise NotAReturn(name, ["这是旧版 PowerPoint 演示文稿（.ppt），不是报表"])
    from formats.xls_import import read_xls

    if "Workbook" in streams or "Book" in streams:
        try:
            read = read_xls(path, registry)
        except FileProblems as exc:
            if path.suffix.lower() == ".et":
                raise FileProblems(name, [f"WPS 表格 .et 格式无法读取：请在WPS中另存为 .xlsx 后再导入（{exc.problems[0]}）"]) from None
            raise
        return read.data, list(read.notes)
    if path.suffix.lower() in (".et", ".ett") or any("WPS" in s or "ET" == s for s in streams):
        raise FileProblems(name, ["WPS .et 格式：请在WPS中另存为 .xlsx 后再导入"])
    raise FileProblems(name, [f"文件已损坏，或是本程序不认识的旧版 Office 文件；{SAVE_AS}"])


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist()[: MAX_ARCHIVE_MEMBERS * 10])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return True  # a damaged zip: the xlsx reader says so in its words
    return "xl/workbook.xml" in names or "[Content_Types].xml" in names


# ---- archives ----------------------------------------------------------------------------
def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its sender saw it: Chinese Windows tools write GBK without the
    zip's UTF-8 flag, which zipfile decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe(name: str) -> bool:
    parts = re.split(r"[\\/]", name)
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _zip_entries(source: Path, shown: Path, registry: TemplateRegistry) -> Iterator[ReadFile]:
    """Each member of a .zip, read as a file of its own (a zip member that is a zip is refused);
    the archive is refused whole when it is hostile (too many members, too big unpacked, a
    bomb, a name that leaves the folder)."""
    digest = content_hash(source)
    try:
        if source.stat().st_size > MAX_ARCHIVE_BYTES:
            yield _refused(shown, DAMAGED, f"压缩包太大（超过 {MAX_ARCHIVE_BYTES // 1024 // 1024} MB），未读取", digest)
            return
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ARCHIVE_MEMBERS:
                yield _refused(shown, DAMAGED, f"压缩包中有 {len(infos)} 个文件，超过 {MAX_ARCHIVE_MEMBERS} 个，未读取；请解压后导入其中的报表", digest)
                return
            files = [i for i in infos if not i.is_dir() and not _member_name(i).startswith("__MACOSX/")]
            bad = next((_member_name(i) for i in files if _unsafe(_member_name(i))), None)
            if bad is not None:
                yield _refused(shown, DAMAGED, f"压缩包中的文件名“{bad}”指向压缩包以外的位置（可能是恶意文件），整个压缩包未读取", digest)
                return
            total = sum(i.file_size for i in files)
            if total > MAX_ARCHIVE_BYTES or any(i.file_size > 1024 * 1024 and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1) for i in files):
                yield _refused(shown, DAMAGED, "压缩包解压后异常巨大（“压缩炸弹”），可能是恶意文件，未读取", digest)
                return
            with tempfile.TemporaryDirectory(prefix="hrh-zip-", ignore_cleanup_errors=True) as tmp:
                for n, info in enumerate(files):
                    member = _member_name(info)
                    member_shown = shown.with_name(shown.name + SEP + member.replace("/", SEP).replace("\\", SEP))
                    if info.flag_bits & 0x1:
                        yield _refused(member_shown, DAMAGED, "压缩包中的这个文件设置了密码，无法读取；请解压后再导入")
                        continue
                    with zf.open(info) as f:
                        raw = f.read(info.file_size + 1)
                    if len(raw) > info.file_size:
                        yield _refused(member_shown, DAMAGED, "压缩包中的这个文件大小与记录不符（可能是恶意文件），未读取")
                        continue
                    yield from _bytes_entries(raw, member, member_shown, Path(tmp) / f"m{n}", registry, inside_archive=True, modified=_zip_time(info))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError, RuntimeError):
        log.warning("archive %s refused as damaged", source, exc_info=True)
        yield _refused(shown, DAMAGED, "压缩包已损坏或不完整（可能下载或邮件传送时中断），无法打开；请对方重新发送", digest)


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    import datetime as dt

    try:
        return dt.datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return None


def _bytes_entries(
    raw: bytes, name: str, shown: Path, folder: Path, registry: TemplateRegistry, inside_archive: bool, modified: float | None
) -> Iterator[ReadFile]:
    """A file found inside an archive or e-mail: written into our temporary folder under a
    name of ours (its own name only keeps the extension), read there, removed."""
    what = sniff(raw[:4096], name)
    if what == "zip":
        folder.mkdir()
        target = folder / "archive.zip"
        target.write_bytes(raw)
        if not _is_workbook(target):
            if inside_archive:
                yield _refused(shown, DAMAGED, "压缩包里又套了压缩包，未读取；请先解开外层压缩包，再导入其中的文件", hashlib.sha256(raw).hexdigest())
            else:
                yield from _zip_entries(target, shown, registry)
            return
    if what == "eml":
        yield _refused(shown, NOT_A_RETURN, "这是邮件中附带的另一封邮件，未读取；请单独保存其中的附件后导入", hashlib.sha256(raw).hexdigest())
        return
    folder.mkdir(exist_ok=True)
    suffix = Path(name).suffix.lower()
    target = folder / ("file" + (suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""))
    target.write_bytes(raw)
    read = read_any(target, registry, shown=shown)
    if read.data is not None and modified is not None:
        read.modified = modified
    try:
        target.unlink()
    except OSError:  # Windows: a reader still holds it; the temporary folder goes at the end
        log.warning("could not remove %s", target, exc_info=True)
    yield read


# ---- e-mails -----------------------------------------------------------------------------
def _decoded_filename(part: EmailMessage) -> str:
    """The attachment's name, decoded from RFC 2047/2231 (the email package does that) and
    from raw GBK bytes some Chinese mail programs put in the header."""
    name = part.get_filename() or ""
    for header, value in part.raw_items():  # 8-bit header bytes are kept here as surrogates
        if header.lower() in ("content-disposition", "content-type") and any("\udc80" <= ch <= "\udcff" for ch in value):
            raw = value.encode("utf-8", "surrogateescape")
            for codec in ("utf-8", "gb18030"):
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    continue
                if m := re.search(r'\b(?:file)?name\s*=\s*"([^"]+)"|\b(?:file)?name\s*=\s*([^;\s]+)', text):
                    name = m.group(1) or m.group(2)
                    break
            break
    return os.path.basename(name.replace("\\", "/")).strip()


def _eml_entries(path: Path, registry: TemplateRegistry) -> Iterator[ReadFile]:
    digest = content_hash(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            yield _refused(path, DAMAGED, f"邮件文件太大（超过 {MAX_ARCHIVE_BYTES // 1024 // 1024} MB），未读取", digest)
            return
        # The MIME structure is counted before any part is parsed: a mail of a thousand parts is refused cheaply.
        raw = path.read_bytes()
        if raw.count(b"\nContent-Disposition:") + raw.count(b"\ncontent-disposition:") > MAX_ATTACHMENTS * 4:
            yield _refused(path, DAMAGED, f"邮件中的附件超过 {MAX_ATTACHMENTS} 个，未读取；请把附件另存到文件夹后导入", digest)
            return
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except (OSError, ValueError, LookupError) as exc:
        yield _refused(path, DAMAGED, f"邮件文件无法读取（{exc}）", digest)
        return
    assert isinstance(message, EmailMessage)
    parts = [
        p for p in message.walk() if isinstance(p, EmailMessage) and not p.is_multipart() and (p.get_filename() or p.get_content_disposition() == "attachment")
    ]
    if len(parts) > MAX_ATTACHMENTS:
        yield _refused(path, DAMAGED, f"邮件中有 {len(parts)} 个附件，超过 {MAX_ATTACHMENTS} 个，未读取；请把附件另存到文件夹后导入", digest)
        return
    if not parts:
        yield _refused(path, NOT_A_RETURN, "这是一封邮件，但其中没有附件；请导入邮件附带的报表文件", digest)
        return
    modified = _mail_time(message) or _mtime(path)
    with tempfile.TemporaryDirectory(prefix="hrh-eml-", ignore_cleanup_errors=True) as tmp:
        for n, part in enumerate(parts):
            name = _decoded_filename(part) or f"附件{n + 1}"
            shown = path.with_name(path.name + SEP + name)
            try:
                payload = part.get_payload(decode=True)
            except (ValueError, LookupError):
                payload = None
            if not isinstance(payload, bytes) or not payload:
                yield _refused(shown, DAMAGED, "邮件附件是空的或无法解码；请对方重新发送")
                continue
            yield from _bytes_entries(payload, name, shown, Path(tmp) / f"a{n}", registry, inside_archive=False, modified=modified)


def _mail_time(message: EmailMessage) -> float | None:
    try:
        date = message["Date"]
        return date.datetime.timestamp() if date is not None and date.datetime is not None else None
    except (AttributeError, ValueError, TypeError):
        return None


def reader_for(registry: TemplateRegistry, kind: str | None = None) -> Reader:
    """``read_entries`` with the registry filled in, for ``models.importing.plan_import``."""
    return partial(read_entries, registry=registry, kind=kind)
