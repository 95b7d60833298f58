"""打印 (ui/print_preview.py): the PDF's pages rendered as images of exactly the PDF's page,
drawn one per sheet onto a printer, and the preview dialog that shows them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from formats.pdf_export import summary_pdf
from models.returns import ReturnService
from ui.print_preview import PdfPages, PrintPreview, a4_printer, paint_pages

PERIOD = "2024Q4"


@pytest.fixture
def summary(demo_service: ReturnService) -> bytes:
    """The county's summary PDF (more than one page)."""
    return summary_pdf(demo_service, "530000100", PERIOD).content


def test_the_rendered_page_is_the_pdfs_a4_page_with_its_text_drawn(summary: bytes) -> None:
    pages = PdfPages(summary)
    try:
        assert len(pages) == len(PdfReader(io.BytesIO(summary)).pages) > 1
        image = pages.image(0, 72)
        assert pages.image(0, 72) is image  # a preview-resolution page is kept, not rendered again
    finally:
        pages.close()
    assert abs(image.width() - 595.3) < 1 and abs(image.height() - 841.9) < 1  # A4 in points
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3) if image.pixelColor(x, y).lightness() < 128)
    assert dark > 200  # text, not a blank page


def test_every_page_is_drawn_on_its_own_sheet(summary: bytes, tmp_path: Path) -> None:
    pages = PdfPages(summary)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a PDF
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    try:
        assert paint_pages(pages, printer) == len(pages)
    finally:
        pages.close()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == len(pages)


def test_the_a4_printer_prints_the_whole_page_without_margins() -> None:
    printer = a4_printer("城关镇卫生院 2024年第四季度")
    assert printer.docName() == "城关镇卫生院 2024年第四季度" and printer.fullPage()
    layout = printer.pageLayout()
    assert layout.pageSize().id() == layout.pageSize().PageSizeId.A4 and layout.margins().isNull()


def test_the_preview_paints_the_pages_rendered_for_the_screen(qtbot: QtBot, summary: bytes) -> None:
    pages = PdfPages(summary).render_for_screen()  # as the worker does before the preview opens
    preview = PrintPreview(summary, "示范县卫生健康局", pages=pages)
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "打印预览 — 示范县卫生健康局"
    preview.show()
    qtbot.waitUntil(lambda: preview.painted > 0)
    assert preview.painted == preview.preview.pageCount() == len(pages)
    preview.close()
