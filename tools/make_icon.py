"""Draw the program's icon once: resources/icons/hrh.png (256 px) and hrh.ico (16–256 px).

    QT_QPA_PLATFORM=offscreen python tools/make_icon.py

A green rounded square with a white medical cross and three rising bars (a return
of figures). The files are committed; run this again only to change the drawing.
The .ico holds PNG images (Windows Vista and later read them), written by hand so
no image plugin is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.fillPath(tile, QColor("#1b7f5b"))
    white = QColor("#ffffff")
    # The cross, upper left.
    p.fillRect(QRectF(62 * s, 34 * s, 44 * s, 124 * s), white)
    p.fillRect(QRectF(22 * s, 74 * s, 124 * s, 44 * s), white)
    # Three rising bars, lower right.
    for i, height in enumerate((56, 96, 136)):
        x = (146 + i * 30) * s
        p.fillRect(QRectF(x, (222 - height) * s, 22 * s, height * s), QColor("#ffd54f"))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: list[tuple[int, bytes]]) -> bytes:
    """ICONDIR + ICONDIRENTRY per image, then the PNG data (a size of 256 is written as 0)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = [(size, png_bytes(draw(size))) for size in SIZES]
    (OUT / "hrh.png").write_bytes(pngs[-1][1])
    (OUT / "hrh.ico").write_bytes(ico_bytes(pngs))
    print(f"wrote {OUT / 'hrh.png'} and {OUT / 'hrh.ico'} ({', '.join(str(s) for s in SIZES)} px)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
