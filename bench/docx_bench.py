"""How long one Word 工作总结 takes, next to bare python-docx writing the same paragraphs
and tables (same text, same cells, default styles: no fonts, page setup, fields or marks).

Ours includes gathering the report view (the database reads) and drafting the outline;
the bare run gets the finished text. Both in this process, after one warm-up each.

Run: python bench/docx_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = (("530000100", "2024Q4", "own"), ("530000100", "2024Q4", "consolidated"), ("530000100", "2024", "own"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    from docx import Document

    from formats.docx_export import render_docx
    from formats.docx_fonts import choose_fonts
    from models.consolidate import consolidate
    from models.db import open_database
    from models.demo import build_demo
    from models.report import gather_report
    from models.returns import ReturnService

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "bench.db")
        service = ReturnService(engine, who="bench")
        build_demo(service)
        consolidate(service, "530000100", "2024Q4")
        fonts = choose_fonts()

        def ours(case: tuple[str, str, str]) -> bytes:
            return render_docx(gather_report(service, *case), fonts).content

        def bare(paragraphs: list[str], tables: list[list[list[str]]]) -> bytes:
            doc = Document()
            for text in paragraphs:
                doc.add_paragraph(text)
            for rows in tables:
                t = doc.add_table(rows=len(rows), cols=len(rows[0]))
                t.style = "Table Grid"
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        t.rows[r].cells[c].text = value
            buf = io.BytesIO()
            doc.save(buf)
            return buf.getvalue()

        print(f"{'case':<28}{'ours ms':>10}{'bare ms':>10}{'ratio':>8}{'paras':>7}{'tables':>7}")
        ratios = []
        for case in CASES:
            content = ours(case)  # warm-up
            doc = Document(io.BytesIO(content))
            paragraphs = [p.text for p in doc.paragraphs]
            tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]
            bare(paragraphs, tables)
            t_ours, t_bare = [], []
            for _ in range(args.runs):
                s = time.perf_counter()
                ours(case)
                t_ours.append(time.perf_counter() - s)
                s = time.perf_counter()
                bare(paragraphs, tables)
                t_bare.append(time.perf_counter() - s)
            a, b = statistics.median(t_ours) * 1000, statistics.median(t_bare) * 1000
            ratios.append(a / b)
            name = "/".join(case)
            print(f"{name:<28}{a:>10.1f}{b:>10.1f}{a / b:>8.2f}{len(paragraphs):>7}{len(tables):>7}")
            print(f"=> Word 工作总结 {name} | {a:.0f} ms | {b:.0f} ms | {a / b:.2f}x")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
