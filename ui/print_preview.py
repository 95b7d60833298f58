"""打印: a print preview of exactly the pages 导出PDF writes.

PySide6-Essentials has no QtPdf, so the PDF bytes are rasterised with pypdfium2
(PDFium, BSD/Apache licensed, one ~4 MB wheel with no further dependencies, wheels
for Windows and Linux; it needs no network and no Chinese font on the PC because
the font is embedded in the PDF). The pages are drawn onto the printer at up to
300 dpi, one PDF page per sheet of A4, so the paper shows what the PDF shows.

When pypdfium2 is missing (a source checkout without it), ``PdfPages.available()``
is False and the window falls back to writing the PDF to a temporary file and
opening it with the PC's PDF viewer, which prints it.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from ui.screen import fit_dialog

PRINT_DPI = 300  # enough for 9-point Chinese text; a 600 dpi A4 page would be 140 MB
PREVIEW_DPI = 150  # what the preview on screen needs; these images are kept


class PdfPages:
    """The pages of one PDF, rendered on demand (and kept) at a given resolution."""

    def __init__(self, content: bytes) -> None:
        import pypdfium2

        self.document = pypdfium2.PdfDocument(content)
        self.sizes = [QSizeF(*self.document[n].get_size()) for n in range(len(self.document))]  # points
        self._cache: dict[tuple[int, int], QImage] = {}

    @staticmethod
    def available() -> bool:
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            return False
        return True

    def __len__(self) -> int:
        return len(self.sizes)

    def image(self, n: int, dpi: int = PRINT_DPI) -> QImage:
        """Page ``n`` (0-based) as an opaque RGB image at ``dpi``."""
        key = (n, dpi)
        if key in self._cache:
            return self._cache[key]
        page = self.document[n]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
        # copy(): the image must own its pixels once the PDFium bitmap is freed
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888).copy()
        bitmap.close()
        page.close()
        if dpi <= PREVIEW_DPI:  # print-resolution pages are 35 MB each: drawn, then dropped
            self._cache[key] = image
        return image

    def close(self) -> None:
        self._cache.clear()
        self.document.close()

    def render_for_screen(self) -> PdfPages:
        """Every page at the preview's resolution, kept (a worker does this before the preview
        opens; PDFium is used by one thread at a time, never two at once)."""
        for n in range(len(self)):
            self.image(n, PREVIEW_DPI)
        return self


def paint_pages(pages: PdfPages, printer: QPrinter) -> int:
    """Draw every page onto ``printer``, one per sheet, filling the paper as the PDF does.
    Returns the number of pages drawn."""
    printer.setFullPage(True)  # the PDF has its own margins
    engine = printer.paintEngine()
    # The preview records onto a picture; the paper gets print resolution.
    previewing = engine is not None and engine.type() == QPaintEngine.Type.Picture
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dpi = min(PREVIEW_DPI if previewing else PRINT_DPI, max(printer.resolution(), 96))
        for n in range(len(pages)):
            if n:
                printer.newPage()
            paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            size = pages.sizes[n]
            scale = min(paper.width() / size.width(), paper.height() / size.height())
            target = QRectF(0, 0, size.width() * scale, size.height() * scale)
            target.moveCenter(paper.center() - paper.topLeft())
            painter.drawImage(target, pages.image(n, dpi))
    finally:
        painter.end()
    return len(pages)


def a4_printer(title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    return printer


class PrintPreview(QPrintPreviewDialog):
    """The preview of a summary's pages; its 打印 button opens the system print dialog."""

    def __init__(self, content: bytes, title: str, parent: QWidget | None = None, pages: PdfPages | None = None) -> None:
        """``pages``: the PDF's pages already rendered for the screen (by a worker), else rendered here."""
        self.a4 = a4_printer(title)  # kept: the dialog does not own a printer handed to it
        super().__init__(self.a4, parent)
        self.setObjectName("print-preview")
        self.setWindowTitle(self.tr("Print preview — {title}").format(title=title))
        self.pages = pages if pages is not None else PdfPages(content)
        self.painted = 0
        self.paintRequested.connect(self.paint)
        fit_dialog(self, 900, 1000, "print-preview")  # within the screen (ui/screen.py)
        self.finished.connect(self.release)

    @property
    def preview(self) -> QPrintPreviewWidget:
        widget = self.findChild(QPrintPreviewWidget)
        assert widget is not None
        return widget

    def paint(self, printer: QPrinter) -> None:
        self.painted = paint_pages(self.pages, printer)

    def release(self) -> None:
        self.pages.close()
        self.deleteLater()
