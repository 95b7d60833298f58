"""How long one PDF summary takes: the first in a fresh process (imports and font
registration included) and the following ones, next to bare reportlab laying out
a document of the same size (same pages, same font, same kinds of flowables).

Run: python bench/pdf_bench.py [--runs N]   (each case runs in a fresh process too)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNIT, PERIOD = "530000100", "2024Q4"


def ours(db: Path, runs: int) -> dict[str, object]:
    """In this (fresh) process: the first export, then ``runs`` more."""
    t0 = time.perf_counter()
    from formats.pdf_export import summary_pdf
    from models.db import open_database
    from models.returns import ReturnService

    service = ReturnService(open_database(db))
    t1 = time.perf_counter()
    first = summary_pdf(service, UNIT, PERIOD)
    t2 = time.perf_counter()
    later = []
    for _ in range(runs):
        s = time.perf_counter()
        result = summary_pdf(service, UNIT, PERIOD)
        later.append(time.perf_counter() - s)
    return {"imports_and_open": t1 - t0, "first": t2 - t1, "later": statistics.median(later), "pages": result.pages, "bytes": len(first.content)}


def bare(pages: int, runs: int) -> dict[str, object]:
    """Plain reportlab: register the same TTC once, then build a document of ``pages`` pages
    of headings, gridded tables with repeated headers and paragraphs, with no data lookups."""
    from io import BytesIO

    t0 = time.perf_counter()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    t1 = time.perf_counter()
    pdfmetrics.registerFont(TTFont("bench-wqy", str(ROOT / "resources/fonts/wqy-microhei.ttc"), subfontIndex=0))
    t2 = time.perf_counter()
    body = ParagraphStyle("b", fontName="bench-wqy", fontSize=8.5, leading=11, wordWrap="CJK")
    head = ParagraphStyle("h", fontName="bench-wqy", fontSize=13, leading=18, wordWrap="CJK")

    def build(tables: int) -> tuple[bytes, int]:
        story = []
        for i in range(tables):
            story.append(Paragraph(f"{i + 1}、人员基本情况按职称", head))
            rows = [[Paragraph(t, body) for t in ("职称", "人数", "占比（%）", "计量单位")]]
            rows += [[Paragraph(t, body) for t in (f"中级职称{r}", "1,922", "90.2", "人")] for r in range(8)]
            t = Table(rows, colWidths=[70 * mm, 30 * mm, 30 * mm, 30 * mm], repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey")]))
            story.append(t)
        buf = BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4)
        doc.build(story)
        return buf.getvalue(), doc.page

    # Size the bare document to the same number of pages as ours.
    tables = 4
    while build(tables)[1] < pages:
        tables += 2
    s = time.perf_counter()
    content, got = build(tables)
    first = time.perf_counter() - s
    later = []
    for _ in range(runs):
        s = time.perf_counter()
        build(tables)
        later.append(time.perf_counter() - s)
    return {"imports": t1 - t0, "font": t2 - t1, "first": first, "later": statistics.median(later), "pages": got, "bytes": len(content)}


def child(kind: str, db: Path, runs: int, pages: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", str(db), "--runs", str(runs), "--pages", str(pages)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--pages", type=int, default=0)
    args = parser.parse_args()
    if args.child == "ours":
        print(json.dumps(ours(args.db, args.runs)))
        return
    if args.child == "bare":
        print(json.dumps(bare(args.pages, args.runs)))
        return
    from models.db import open_database
    from models.demo import build_demo
    from models.returns import ReturnService

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        engine = open_database(db)
        build_demo(ReturnService(engine))
        engine.dispose()
        o = child("ours", db, args.runs, 0)
        b = child("bare", db, args.runs, int(o["pages"]))  # type: ignore[call-overload]
    ms = lambda x: f"{float(x) * 1000:7.1f} ms"  # noqa: E731
    print(f"PDF summary of {UNIT} {PERIOD}: {o['pages']} pages, {int(o['bytes']) // 1024} KB (ours) / {b['pages']} pages, {int(b['bytes']) // 1024} KB (bare)")  # type: ignore[call-overload]
    print(f"  ours, imports + open database   {ms(o['imports_and_open'])}")
    print(f"  ours, first export (fonts incl.) {ms(o['first'])}")
    print(f"  ours, later exports (median)     {ms(o['later'])}")
    print(f"  bare reportlab, imports          {ms(b['imports'])}")
    print(f"  bare reportlab, font register    {ms(b['font'])}")
    print(f"  bare reportlab, first build      {ms(b['first'])}")
    print(f"  bare reportlab, later (median)   {ms(b['later'])}")
    print(f"  ratio later ours / bare          {float(o['later']) / float(b['later']):7.2f}")  # type: ignore[arg-type]
    print(f"  ratio first ours / (bare font + first build) {float(o['first']) / (float(b['font']) + float(b['first'])):5.2f}")  # type: ignore[arg-type]
    print(
        f"=> exporting one PDF ({o['pages']} pages) | {float(o['later']) * 1000:.0f} ms | bare reportlab {float(b['later']) * 1000:.0f} ms | {float(o['later']) / float(b['later']):.2f}x"
    )  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
