"""Cells of the Excel return: user text never a formula nor what XML forbids, figures as
Excel stores them, long paragraphs cut into rows, labels saying what a figure covers."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from formats.xlsx_cells import (
    Styles,
    clean,
    coverage_line,
    covered_label,
    number,
    paragraph_pieces,
    text,
)
from formats.xlsx_layout import display_width


def test_long_paragraphs_are_split_into_rows_that_fit() -> None:
    text = "第一段" + "人才" * 2000 + "\n\n第三段"
    pieces = paragraph_pieces(text, 1000)
    assert all(display_width(p) <= 1000 for p, _ in pieces)
    rebuilt = ""
    for i, (piece, continued) in enumerate(pieces):
        rebuilt += ("" if continued or i == 0 else "\n") + piece
    assert rebuilt == text
    assert [c for _, c in pieces].count(False) == 3  # three paragraphs, the first continued over rows


def test_user_text_is_never_a_formula_and_loses_what_xml_forbids() -> None:
    ws = Workbook().active
    assert ws is not None
    c = ws.cell(row=1, column=1)
    text(c, "=SUM(A1:A2)\x07")
    assert (c.value, c.data_type, c.quotePrefix) == ("=SUM(A1:A2)", "s", True)
    plain = ws.cell(row=2, column=1)
    text(plain, "人员紧缺")
    assert (plain.value, plain.quotePrefix) == ("人员紧缺", False)
    assert clean("a\x00b\ufffec") == "abc"


def test_figures_as_excel_stores_them() -> None:
    assert number(None, 0) is None
    assert number(Decimal("12"), 0) == 12 and isinstance(number(Decimal("12"), 0), int)
    assert number(Decimal("3.50"), 2) == Decimal("3.50")
    # beyond 15 significant digits a double is not exact: the figure goes in as text
    assert number(Decimal("1234567890123.456"), 3) == "1234567890123.456"


def test_labels_say_what_a_figure_covers() -> None:
    assert covered_label("录用人数", "") == "录用人数"
    assert covered_label("其中：女性", "3/4 个单位填报") == "其中：女性（3/4 个单位填报）"
    assert covered_label("录用人数", "3/4 个单位填报", "第1、3季度") == "录用人数（3/4 个单位填报；本年累计：第1、3季度）"
    columns = [("在岗职工", ("staff.total",)), ("专技占比%", ("ratio.prof_share",))]
    assert coverage_line(columns, {}, {}) == ""
    said = coverage_line(columns, {"staff.total": "5/7 个单位填报"}, {"ratio.prof_share": "按5个单位计算"})
    assert said == "说明：合计中，在岗职工 5/7 个单位填报；专技占比 按5个单位计算；空白单元格为未填报，不是0。"


def test_equal_styles_are_made_once_and_shared() -> None:
    ws = Workbook().active
    assert ws is not None
    s = Styles()
    a, b = ws.cell(row=1, column=1), ws.cell(row=1, column=2)
    s.apply(a, s.bold, s.center, s.border, "0", s.heading_fill, locked=False)
    s.apply(b, s.bold, s.center, s.border, "0", s.heading_fill, locked=False)
    assert a._style == b._style and a._style is not b._style  # an equal record, not the same object
    assert b.font.b and b.border.left.style == "thin" and b.number_format == "0" and not b.protection.locked
    assert s.indent(2) is s.indent(2) and s.indent(2).indent == 4
