"""Files as townships send them, made in the tests: .xls from old Excel (xlwt), zip archives
with GBK member names, saved e-mails with GBK attachment names, photos, hostile archives."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from pathlib import Path
from urllib.parse import quote as url_quote

# A real JPEG header (SOI, APP0 JFIF) and some bytes: enough for any sniffer.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200) + b"\xff\xd9"


def xls_copy(src: Path, dst: Path) -> Path:
    """Write an exported .xlsx again as an old Excel .xls (BIFF8, xlwt): every sheet and
    cell, merged ranges, and the hidden meta sheet hidden."""
    import openpyxl
    import xlwt

    wb = openpyxl.load_workbook(src)
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for ws in wb.worksheets:
        out = book.add_sheet(ws.title)
        out.visibility = {"visible": 0, "hidden": 1, "veryHidden": 2}[ws.sheet_state]
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if isinstance(c.value, (dt.datetime, dt.date)):
                    out.write(c.row - 1, c.column - 1, c.value, date_style)
                else:
                    out.write(c.row - 1, c.column - 1, c.value)
        for m in ws.merged_cells.ranges:
            out.merge(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
    book.save(str(dst))
    return dst


class GbkInfo(zipfile.ZipInfo):
    """A member name written in GBK without the UTF-8 flag, as Chinese Windows zip tools do."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits


def zip_of(dst: Path, members: dict[str, bytes], gbk: bool = True) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = GbkInfo(name) if gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return dst


def eml_with(dst: Path, attachments: list[tuple[str, bytes, str]]) -> Path:
    """A saved e-mail; each attachment (name, bytes, how its name is written): "rfc2047"
    (=?GBK?B?...?=), "rfc2231" (filename*=gbk''%..) or "raw" (GBK bytes in the header)."""
    boundary = "----=_Part_0_1234"
    out = io.BytesIO()
    out.write(
        b"From: =?GBK?B?" + base64.b64encode("城关镇卫生院".encode("gbk")) + b"?= <town@example.cn>\r\n"
        b"To: county@example.cn\r\nSubject: =?GBK?B?" + base64.b64encode("报表".encode("gbk")) + b"?=\r\n"
        b"Date: Fri, 10 Jan 2025 09:30:00 +0800\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="' + boundary.encode() + b'"\r\n\r\n'
        b"--"
        + boundary.encode()
        + b"\r\nContent-Type: text/plain; charset=GBK\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode("请查收附件。".encode("gbk"))
        + b"\r\n"
    )
    for name, data, how in attachments:
        if how == "rfc2047":
            param = b'filename="=?GBK?B?' + base64.b64encode(name.encode("gbk")) + b'?="'
        elif how == "rfc2231":
            param = b"filename*=gbk''" + url_quote(name.encode("gbk")).encode()
        else:
            param = b'filename="' + name.encode("gbk") + b'"'
        out.write(
            b"--" + boundary.encode() + b"\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Disposition: attachment; " + param + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data).replace(b"\n", b"\r\n")
        )
    out.write(b"--" + boundary.encode() + b"--\r\n")
    dst.write_bytes(out.getvalue())
    return dst
