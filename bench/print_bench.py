"""How long 打印 takes to show its preview and to draw the paper: the demo county's
summary (5 pages) rendered by ui.print_preview at 150 dpi (screen) and 300 dpi (paper),
next to bare pypdfium2 rendering the same pages at the same resolutions (no Qt image),
and poppler's pdftoppm when it is installed.

Run: QT_QPA_PLATFORM=offscreen python bench/print_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

UNIT, PERIOD = "530000100", "2024Q4"


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import pypdfium2
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinter

    from formats.pdf_export import summary_pdf
    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService
    from ui.print_preview import PdfPages, paint_pages

    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 - QImage and QPrinter need it
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "demo.db")
        service = ReturnService(engine)
        build_demo(service)
        content = summary_pdf(service, UNIT, PERIOD).content
        engine.dispose()
        pdf = Path(tmp) / "summary.pdf"
        pdf.write_bytes(content)

        def ours(dpi: int) -> None:
            pages = PdfPages(content)
            for n in range(len(pages)):
                pages.image(n, dpi)
            pages.close()

        def bare(dpi: int) -> None:
            doc = pypdfium2.PdfDocument(content)
            for n in range(len(doc)):
                page = doc[n]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
                bitmap.close()
                page.close()
            doc.close()

        def paper() -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(Path(tmp) / "printed.pdf"))
            pages = PdfPages(content)
            paint_pages(pages, printer)
            pages.close()

        n = len(PdfPages(content))
        print(f"summary of {UNIT} {PERIOD}: {n} pages; median of {args.runs} runs")
        for dpi in (150, 300):
            print(
                f"  {dpi} dpi: ui.print_preview {median_ms(lambda d=dpi: ours(d), args.runs):7.0f} ms   bare pypdfium2 {median_ms(lambda d=dpi: bare(d), args.runs):7.0f} ms"
            )
        print(f"  paper (all pages drawn onto a 1200 dpi QPrinter writing a PDF): {median_ms(paper, max(1, args.runs // 2)):7.0f} ms")
        if shutil.which("pdftoppm"):
            for dpi in (150, 300):
                ms = median_ms(lambda d=dpi: subprocess.run(["pdftoppm", "-r", str(d), "-png", str(pdf), str(Path(tmp) / "p")], check=True), args.runs)
                print(f"  {dpi} dpi: pdftoppm (PNG files, for comparison) {ms:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
