"""Page layout of the PDF summary: A4 portrait, styles, tables, in-cell bars, page numbers.

Knows nothing of indicators: pdf_export.py decides what goes on the page,
this module how it looks. Every piece of text goes through ``Layout.p`` so it
is escaped, set in a font that has its characters, and checked for characters
no font has (collected in ``Layout.missing``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from formats.pdf_fonts import FontSet, load_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
GRID = colors.HexColor("#8C8C8C")
HEADER_FILL = colors.HexColor("#E6ECF2")
TOTAL_FILL = colors.HexColor("#F3F3F3")
BAR_FILL = colors.HexColor("#4A7DB5")
BOX_FILL = colors.HexColor("#F4F8FB")
CHINESE_NUMERALS = "一二三四五六七八九十"


def section_number(n: int) -> str:
    """1 -> 一, 11 -> 十一 (enough for the sections of one summary)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11] if n < 20 else str(n)


class Layout:
    """Styles and flowable builders for one document."""

    def __init__(self, fonts: FontSet | None = None, sober: bool = False) -> None:
        self.fonts = fonts or load_fonts()
        # The sober layout reads as an official document: black on white, ruled tables, no tiles or bars.
        self.sober = sober
        self.missing: set[str] = set()
        body, head, narr = (self.fonts.names[r] for r in ("body", "heading", "narrative"))

        def style(name: str, font: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)

        self.styles: dict[str, tuple[ParagraphStyle, str]] = {
            "title": (style("title", head, 17, 24, alignment=TA_CENTER, spaceAfter=4), "heading"),
            "subtitle": (style("subtitle", body, 10, 15, alignment=TA_CENTER, textColor=colors.HexColor("#333333")), "body"),
            "h1": (style("h1", head, 13, 18, spaceBefore=10, spaceAfter=5), "heading"),
            "h2": (style("h2", head, 10.5, 15, spaceBefore=6, spaceAfter=3), "heading"),
            "body": (style("body", body, 10, 15), "body"),
            "narrative": (style("narrative", narr, 11.5, 19, firstLineIndent=23, spaceAfter=2), "narrative"),
            "note": (style("note", body, 9, 13, textColor=colors.HexColor("#333333")), "body"),
            "cell": (style("cell", body, 8.5, 11), "body"),
            "cell_right": (style("cell_right", body, 8.5, 11, alignment=TA_RIGHT), "body"),
            "cell_center": (style("cell_center", body, 8.5, 11, alignment=TA_CENTER), "body"),
            "cell_head": (style("cell_head", head, 8.5, 11, alignment=TA_CENTER), "heading"),
            "key_value": (style("key_value", head, 15, 19, alignment=TA_CENTER, textColor=colors.HexColor("#1F4E79")), "heading"),
            "key_label": (style("key_label", body, 8.5, 11, alignment=TA_CENTER), "body"),
            "key_value_sober": (style("key_value_sober", head, 13, 17, alignment=TA_CENTER), "heading"),
            "sign": (style("sign", body, 10.5, 22), "body"),
        }
        for level in (1, 2, 3):
            self.styles[f"cell_l{level}"] = (style(f"cell_l{level}", body, 8.5, 11, leftIndent=9 * level), "body")
        for level in (0, 1, 2, 3):
            self.styles[f"cell_g{level}"] = (style(f"cell_g{level}", head, 8.5, 11, leftIndent=9 * level), "heading")
        self.styles["particulars"] = (style("particulars", body, 8, 11), "body")

    # ---- text ----------------------------------------------------------------
    def p(self, text: str, style: str = "body") -> Paragraph:
        st, role = self.styles[style]
        return Paragraph(self.fonts.markup(text, role, self.missing), st)

    def lines(self, text: str, style: str = "narrative") -> list[Flowable]:
        """A multi-line text as one paragraph per line (blank lines dropped)."""
        return [self.p(line.strip(), style) for line in text.splitlines() if line.strip()]

    def group_heading(self, text: str, level: int) -> Paragraph:
        """A "按职称分" row's first cell: heading type, indented as the rows it groups."""
        return self.p(text, f"cell_g{min(max(level, 0), 3)}")

    def particulars(self, lines: Sequence[tuple[str, str]], width: float = 64 * mm) -> Table:
        """The form's particulars (表号, 制定机关 …) as a block at the top right of the first page."""
        t = Table([[self.p(f"{label}：{value}", "particulars")] for label, value in lines], colWidths=[width], hAlign="RIGHT")
        t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return t

    # ---- tables ----------------------------------------------------------------
    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        align: Sequence[str] | None = None,
        total_rows: int = 0,
        indents: Sequence[int] | None = None,
    ) -> Table:
        """A gridded table whose header row repeats on every page it runs onto.

        Cells may be text (set as wrapped paragraphs; ``align`` per column: l/r/c)
        or flowables (bars). The last ``total_rows`` rows are shaded as 合计 rows;
        ``indents`` gives a per-row indentation level for the first column.
        """
        align = align or ["l"] + ["r"] * (len(header) - 1)
        styles = {"l": "cell", "r": "cell_right", "c": "cell_center"}
        data: list[list[object]] = [[self.p(h, "cell_head") for h in header]]
        for i, row in enumerate(rows):
            cells: list[object] = []
            for j, cell in enumerate(row):
                if isinstance(cell, str):
                    st = styles[align[j]]
                    if j == 0 and indents and indents[i]:
                        st = f"cell_l{min(indents[i], 3)}"
                    cells.append(self.p(cell, st))
                else:
                    cells.append(cell)
            data.append(cells)
        t = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        cmds: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black if self.sober else GRID),
            ("BACKGROUND", (0, 0), (-1, 0), colors.white if self.sober else HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if total_rows and not self.sober:
            cmds.append(("BACKGROUND", (0, -total_rows), (-1, -1), TOTAL_FILL))
        elif total_rows:
            cmds.append(("LINEABOVE", (0, -total_rows), (-1, -total_rows), 1.2, colors.black))
        t.setStyle(TableStyle(cmds))
        return t

    def key_box(self, items: Sequence[tuple[str, str]], columns: int = 4) -> Table:
        """The key-figure box: big figures with their labels beneath, ``columns`` per row."""
        width = FRAME_WIDTH / columns
        cells = [[self.p(value, "key_value_sober" if self.sober else "key_value"), self.p(label, "key_label")] for value, label in items]
        rows: list[list[object]] = []
        for start in range(0, len(cells), columns):
            chunk = cells[start : start + columns]
            chunk += [["", ""]] * (columns - len(chunk))
            rows.append([Table([[v], [lab]], colWidths=[width - 8], style=[("ALIGN", (0, 0), (-1, -1), "CENTER")]) for v, lab in chunk])
        t = Table(rows, colWidths=[width] * columns, hAlign="LEFT")
        ink = colors.black if self.sober else colors.HexColor("#1F4E79")
        t.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1 if not self.sober else 0.5, ink),
                    ("INNERGRID", (0, 0), (-1, -1), 0.3 if not self.sober else 0.5, colors.black if self.sober else colors.HexColor("#B8C7D6")),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.white if self.sober else BOX_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return t

    @staticmethod
    def bar(share: Decimal | None, width: float, height: float = 7) -> Drawing:
        """A horizontal bar of ``share`` percent (0-100) of ``width``; empty for a blank."""
        d = Drawing(width, height)
        d.add(Line(0, 0, 0, height, strokeColor=GRID, strokeWidth=0.5))
        if share is not None and share > 0:
            length = float(min(share, Decimal(100))) / 100 * (width - 1)
            d.add(Rect(0, 0.5, max(length, 0.8), height - 1, fillColor=BAR_FILL, strokeColor=None))
        return d

    def signature_block(self, fields: Sequence[tuple[str, str]], stamp_label: str) -> KeepTogether:
        """Signatories on the left (blank ones as a line to sign on), the stamp space on the right."""
        left_rows = []
        for label, value in fields:
            left_rows.append([self.p(f"{label}：", "sign"), self.p(value or "", "sign")])
        left = Table(left_rows, colWidths=[28 * mm, 62 * mm])
        left.setStyle(
            TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
        )
        stamp = Table([[self.p(stamp_label, "cell_center")]], colWidths=[48 * mm], rowHeights=[48 * mm])
        stamp.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#BBBBBB")), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        outer = Table([[left, stamp]], colWidths=[FRAME_WIDTH - 56 * mm, 56 * mm], hAlign="LEFT")
        outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        return KeepTogether([Spacer(1, 8 * mm), outer])


def build_document(
    story: list[Flowable],
    layout: Layout,
    header_left: str,
    header_right: str,
    title: str,
    page_label: Callable[[int, int], str],
    mark: str = "",
) -> tuple[bytes, int]:
    """Lay out ``story`` on A4 pages with a running header and "第 X 页 共 Y 页"; return (pdf, pages).

    ``mark`` ("草稿　未通过审核") is printed boxed at the top of every page, so no printed
    page can pass for a clean submitted return."""
    fonts = layout.fonts
    body_font = fonts.names["body"]
    # The header and footer are drawn straight on the canvas, in one font.
    header_left = fonts.plain(header_left, "body", layout.missing)
    header_right = fonts.plain(header_right, "body", layout.missing)
    mark = fonts.plain(mark, "heading", layout.missing) if mark else ""
    head_font = fonts.names["heading"]
    # A very long unit name is shortened in the running header rather than run into the right part.
    room = FRAME_WIDTH - stringWidth(header_right, body_font, 8) - 12
    while header_left and stringWidth(header_left, body_font, 8) > room:
        header_left = header_left[:-2] + "…"
    pages: list[int] = []

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds every page until the end, so each footer can say how many pages there are."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            pages.append(total)
            super().save()

        def _decorate(self, total: int) -> None:
            self.saveState()
            self.setFont(body_font, 8)
            self.setFillColor(colors.HexColor("#555555"))
            top = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
            self.drawString(MARGIN_X, top, header_left)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, top, header_right)
            self.setStrokeColor(colors.HexColor("#AAAAAA"))
            self.setLineWidth(0.5)
            self.line(MARGIN_X, top - 2, PAGE_WIDTH - MARGIN_X, top - 2)
            if mark:
                self.setFont(head_font, 11)
                self.setFillColor(colors.black)
                width = stringWidth(mark, head_font, 11)
                y = PAGE_HEIGHT - 9 * mm
                self.drawCentredString(PAGE_WIDTH / 2, y, mark)
                self.setStrokeColor(colors.black)
                self.setLineWidth(0.8)
                self.rect(PAGE_WIDTH / 2 - width / 2 - 4, y - 3.5, width + 8, 15)
                self.setFillColor(colors.HexColor("#555555"))
            self.setFont(body_font, 9)
            self.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 9 * mm, page_label(self._pageNumber, total))
            self.restoreState()

    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="hrh-returns",
        subject=title,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buf.getvalue(), pages[0] if pages else 0
