"""The 工作总结 as a Word document (.docx), in the house style of official documents (GB/T 9704).

API (no Qt; 导出Word in the 文件 menu and ``export-docx`` call these):

- ``export_docx(service, unit_code, period, path, scope="own") -> DocxResult`` writes
  the file atomically;
- ``render_docx(view, fonts=None) -> DocxResult`` renders a models.report.ReportView.

The page: A4, margins 37/35/28/26 mm (top/bottom/left/right), 22 lines of text.
Title in 小标宋 二号 (22 pt), body in 仿宋 三号 (16 pt), 一、 headings in 黑体,
（一） headings and the lead of 1、 points in 楷体, page numbers "— 1 —" in 宋体 四号
at the outer edge (a PAGE field, so Word and WPS count the pages). Fonts are named
by their Chinese family names in ``w:eastAsia`` so Word applies them to Chinese
text; each role takes the first of its fonts installed on this PC (方正小标宋简体 →
华文中宋 → 宋体 …), else the one every Chinese Windows has. Every page's header
carries the document's marks ("草稿", "未通过审核", …) when it has any.

Content: title, opening, the outline (formats.narrative), the 落款 (unit and date,
kept on the page of the text before it), then the key tables: 主要指标 with 上期 and
上年同期, 人员结构, and for a 汇总 the units' figures with 合计 and who has not reported.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formats.docx_fonts import FONT_CHOICES, choose_fonts, installed_families
from formats.narrative import Outline, chinese_number, document_outline, plain_number
from models.periods import Period
from models.report import ReportView
from models.vocab import MemberState

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from models.data import ReturnData
    from models.returns import ReturnService

SIZE_TITLE = 22  # 二号
SIZE_BODY = 16  # 三号
SIZE_PAGE_NUMBER = 14  # 四号
SIZE_TABLE = 10.5  # 五号
SIZE_MARK = 12
LINE_PITCH = 28.95  # 22 lines on the type area of 225 mm


@dataclass
class DocxResult:
    content: bytes
    fonts: dict[str, str]  # role -> the family named in the document
    warnings: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, view: ReportView, fonts: dict[str, str]) -> None:
        from docx import Document

        self.view = view
        self.fonts = fonts
        self.doc: DocxDocument = Document()
        self.tpl = view.template

    # ---- fonts and paragraphs ----------------------------------------------------------
    def font(self, run: Any, role: str, size: float, bold: bool = False) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        name = self.fonts[role]
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), name)

    def para(self, align: str = "justify", indent: bool = True, exact: bool = True, space_before: float = 0) -> Paragraph:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        f = p.paragraph_format
        f.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[align]
        if exact:
            f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            f.line_spacing = Pt(LINE_PITCH)
        f.space_before = Pt(space_before)
        f.space_after = Pt(0)
        if indent:
            f.first_line_indent = Pt(2 * SIZE_BODY)  # two characters
        return p

    def text(self, p: Paragraph, text: str, role: str = "body", size: float = SIZE_BODY, bold: bool = False) -> None:
        run = p.add_run(text)
        if (role, size, bold) != ("body", SIZE_BODY, False):  # the Normal style is the body text
            self.font(run, role, size, bold)

    def paragraph_style(self, name: str, role: str, size: float) -> Any:
        """A paragraph style in ``role``'s font: table cells use these rather than formatting each run."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml.ns import qn
        from docx.shared import Pt

        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]
        style.font.name = self.fonts[role]
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(0)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            rfonts.set(qn(attr), self.fonts[role])
        return style

    # ---- the page ------------------------------------------------------------------------
    def page_setup(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        sec.header_distance, sec.footer_distance = Mm(15), Mm(28)
        self.doc.settings.odd_and_even_pages_header_footer = True
        normal = self.doc.styles["Normal"]
        normal.font.name = self.fonts["body"]
        normal.font.size = Pt(SIZE_BODY)
        from docx.oxml.ns import qn

        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            rfonts.set(qn(attr), self.fonts["body"])
        self.cell_style = self.paragraph_style("表格", "song", SIZE_TABLE)
        self.head_style = self.paragraph_style("表头", "heading", SIZE_TABLE)
        mark = self.view.mark_text
        # Page numbers at the outer edge: right on odd pages, left on even ones.
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            p = footer.paragraphs[0]
            p.paragraph_format.alignment = align
            self.font(p.add_run("— "), "song", SIZE_PAGE_NUMBER)
            self.page_field(p)
            self.font(p.add_run(" —"), "song", SIZE_PAGE_NUMBER)
        for header in (sec.header, sec.even_page_header):
            p = header.paragraphs[0]
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if mark:
                self.font(p.add_run(mark), "heading", SIZE_MARK, bold=True)

    def page_field(self, p: Paragraph) -> None:
        """A PAGE field: Word and WPS put each page's number in it."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        def run_with(tag: str, **attrs: str) -> None:
            run = p.add_run()
            self.font(run, "song", SIZE_PAGE_NUMBER)
            el = OxmlElement(tag)
            for k, v in attrs.items():
                el.set(qn(k), v)
            if tag == "w:instrText":
                el.set(qn("xml:space"), "preserve")
                el.text = " PAGE "
            if tag == "w:t":
                el.text = "1"
            run._element.append(el)

        run_with("w:fldChar", **{"w:fldCharType": "begin"})
        run_with("w:instrText")
        run_with("w:fldChar", **{"w:fldCharType": "separate"})
        run_with("w:t")
        run_with("w:fldChar", **{"w:fldCharType": "end"})

    # ---- the text --------------------------------------------------------------------------
    def outline(self, outline: Outline) -> Paragraph | None:
        from docx.shared import Pt

        title = self.para("center", indent=False, exact=False)
        title.paragraph_format.line_spacing = Pt(36)
        title.paragraph_format.space_after = Pt(SIZE_BODY)
        self.text(title, outline.title, "title", SIZE_TITLE)
        last: Paragraph | None = None
        for line in outline.opening:
            last = self.para()
            self.text(last, line)
        if self.view.stale is not None:
            last = self.para()
            self.text(last, "【注意】" + self.view.stale.describe() + "。请核对下列文字：" + "；".join(self.view.stale.sentences), "heading", SIZE_BODY)
        for i, sec in enumerate(outline.sections, start=1):
            h = self.para()
            h.paragraph_format.keep_with_next = True
            self.text(h, f"{chinese_number(i)}、{sec.heading}", "heading")
            last = h
            n_part = 0
            for part in sec.parts:
                if part.heading:
                    n_part += 1
                    h = self.para()
                    h.paragraph_format.keep_with_next = True
                    self.text(h, f"（{chinese_number(n_part)}）{part.heading}", "kai")
                n_point = 0
                for pt in part.points:
                    p = self.para()
                    if pt.numbered:
                        n_point += 1
                        lead = f"{n_point}、" + (f"{pt.title}。" if pt.title else "")
                        self.text(p, lead, "kai" if pt.title else "body")
                    self.text(p, pt.text)
                    last = p
        return last

    def closing(self, last: Paragraph | None) -> None:
        """The 落款: unit and date at the right, never alone on a page."""
        from docx.shared import Pt

        if last is not None:
            last.paragraph_format.keep_with_next = True
        data = self.view.data
        date = data.signatories.report_date
        when = f"{date.year}年{date.month}月{date.day}日" if date else "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
        spacer = self.para(indent=False)
        spacer.paragraph_format.keep_with_next = True
        for i, line in enumerate((data.unit.name, when)):
            p = self.para("right", indent=False)
            p.paragraph_format.right_indent = Pt(2 * SIZE_BODY)
            p.paragraph_format.keep_with_next = i == 0
            self.text(p, line)

    # ---- the tables ------------------------------------------------------------------------
    def table_heading(self, text: str, page_break: bool = False) -> None:
        from docx.enum.text import WD_BREAK

        p = self.para(indent=False)
        if page_break:
            p.add_run().add_break(WD_BREAK.PAGE)
        p.paragraph_format.keep_with_next = True
        self.text(p, text, "heading")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float], total_rows: int = 0) -> Table:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        t: Table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for col, width in zip(t.columns, widths_mm, strict=True):
            col.width = Mm(width)
        head_row = t.rows[0]
        tr_pr = head_row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for r, values in enumerate([list(header), *[list(row) for row in rows]]):
            is_head = r == 0
            is_total = r > len(rows) - total_rows
            for c, (cell, value) in enumerate(zip(t.rows[r].cells, values, strict=True)):
                p = cell.paragraphs[0]
                # By id: assigning the style object makes python-docx search every style per cell.
                p._p.style = self.head_style.style_id if is_head or is_total else self.cell_style.style_id
                if is_head:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif c:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.add_run(value)
        return t

    def num(self, code: str, values: dict[str, Decimal] | None) -> str:
        if values is None or code not in values:
            return ""
        return plain_number(values[code], self.tpl.indicator(code).decimals if self.tpl.has_indicator(code) else 0)

    def figure_text(self, codes: tuple[str, ...], values: dict[str, Decimal] | None, current: bool = False, percent: str = "%") -> str:
        if values is None:
            return ""
        value = self.view.figure(codes) if current else self.view.figure(codes, values)
        if value is None:
            return ""
        if codes[0].startswith("ratio."):
            return f"{value:.1f}{percent}"
        return plain_number(value, self.tpl.indicator(codes[0]).decimals)

    def covered(self, label: str, codes: tuple[str, ...]) -> str:
        """A row label with what its figure covers where not all (本期): "其中：女性（3/4 个单位填报）"."""
        v = self.view
        notes = [r.basis for c in codes if (r := v.ratios.get(c)) is not None and r.basis]
        notes += [t for c in codes if (t := v.coverage_text(c))]
        notes = list(dict.fromkeys(notes))
        return f"{label}（{'；'.join(notes)}）" if notes else label

    def tables(self) -> None:
        v = self.view
        n = 0
        columns: list[tuple[str, dict[str, Decimal] | None]] = [("本期", v.data.values)]
        if v.previous is not None:
            columns.append(("上期", v.previous))
        if v.last_year is not None:
            columns.append(("上年同期" if not v.is_annual else "上年", v.last_year))
        rows = []
        for kf in self.tpl.key_figures:
            cells = [self.figure_text(kf.codes, vals, current=i == 0) for i, (_, vals) in enumerate(columns)]
            if any(cells):
                rows.append([self.covered(kf.label, kf.codes), *cells])
        not_reported: list[str] = []
        if rows:
            n += 1
            self.table_heading(f"附表{n}：主要指标（{v.period.label()}）", page_break=True)
            self.table(["指标", *(c for c, _ in columns)], rows, [70] + [(156 - 70) / len(columns)] * len(columns))
        else:
            not_reported.append("主要指标")
        for b in self.tpl.breakdowns:
            if self.tpl.indicator(b.total).section != "staff":
                continue
            vals = v.data.values
            if not any(p in vals for p in b.parts):  # an empty table is left out, and named below
                not_reported.append(b.label)
                continue
            body = []
            for part in b.parts:
                share = v.share((part,), (b.total,)).value  # over a 汇总: units that gave both
                body.append([self.covered(self.tpl.label(part), (part,)), self.num(part, vals), "" if share is None else f"{share:.1f}"])
            body.append([self.covered(f"合计（{self.tpl.label(b.total)}）", (b.total,)), self.num(b.total, vals), ""])
            n += 1
            self.table_heading(f"附表{n}：{b.label}", page_break=n == 1)
            self.table(["类别", "人数", "占比（%）"], body, [86, 35, 35], total_rows=1)
        if v.unit_rows is not None:
            n += 1
            self.table_heading(f"附表{n}：各单位主要指标", page_break=n == 1)
            cols = self.tpl.unit_columns
            # The column labels say "%"; the cells hold the figures only, so they fit the narrow columns.
            body = [[u.name, *(self.figure_text(c.codes, u.values, percent="") for c in cols)] for u in v.unit_rows]
            total = ["合计"]
            for c in cols:
                if c.codes[0] in v.ratios:
                    r = v.ratios[c.codes[0]]
                    total.append("" if r.value is None else f"{r.value:.1f}" + (f"（{r.covered}/{r.of}）" if r.coverage_note else ""))
                else:
                    total.append(self.figure_text(c.codes, v.totals))
            body.append(total)
            width = (156 - 40) / len(cols)
            self.table(["单位", *(c.label for c in cols)], body, [40] + [width] * len(cols), total_rows=1)
            p = self.para(indent=False, exact=False)
            missing = "、".join(v.missing_units) if v.missing_units else "无"
            self.text(
                p, f"{MemberState.MISSING.label}单位：{missing}。合计的比率只用同时填报分子和分母的单位计算，括号内为这些单位数/单位总数。", "song", SIZE_TABLE
            )
        if not_reported:
            p = self.para(indent=False, exact=False)
            self.text(p, f"未填报，不列表：{'、'.join(not_reported)}。", "song", SIZE_TABLE)

    def build(self) -> bytes:
        self.page_setup()
        outline = document_outline(self.view)
        self.closing(self.outline(outline))
        self.tables()
        self.doc.core_properties.title = outline.title
        self.doc.core_properties.author = "hrh-returns"
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render_docx(view: ReportView, fonts: dict[str, str] | None = None) -> DocxResult:
    """The Word document of ``view`` as bytes, with the fonts it names."""
    chosen = fonts or choose_fonts()
    warnings = []
    missing = [role_font for role, role_font in chosen.items() if role_font != FONT_CHOICES[role][0] and role in ("title", "body")]
    if missing and not installed_families() & {FONT_CHOICES["title"][0], FONT_CHOICES["body"][0]}:
        warnings.append(f"本机没有公文字体（方正小标宋简体、仿宋_GB2312），已改用{'、'.join(dict.fromkeys(missing))}；在装有这些字体的电脑上打开时可改回。")
    return DocxResult(_Writer(view, chosen).build(), chosen, warnings)


def default_docx_name(data: ReturnData) -> str:
    """530000100_示范县卫生健康局_2024_工作总结.docx"""
    from formats.xlsx_export import default_filename

    return default_filename(data).removesuffix(".xlsx") + "_工作总结.docx"


def export_docx(service: ReturnService, unit_code: str, period: str, path: Path, scope: str = "own") -> DocxResult:
    """Write the Word document of (unit, period, scope) to ``path`` atomically;
    raises ServiceError (no return) or OSError (cannot write)."""
    from formats.files import write_atomically
    from models.report import gather_report

    Period.parse(period)
    result = render_docx(gather_report(service, unit_code, period, scope))
    write_atomically(Path(path), result.content)
    return result
