"""The printable 催报 notice: one A4 page naming the units that have not reported and the deadline.

The same words as the chat text (models.notices.reminder_text), laid out as a notice:
title, deadline, a table of the units (序号 | 单位名称 | 单位代码 | 情况), the request,
contact and the issuing unit with the date. Fonts and page furniture are the PDF
summary's (formats.pdf_layout, formats.pdf_fonts); reportlab is loaded only here.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from formats.files import write_atomically
from formats.pdf_export import PdfResult
from formats.pdf_layout import FRAME_WIDTH, Layout, build_document
from models.notices import Reminder, reminder_contact, reminder_deadline, reminder_request
from models.periods import Period
from models.vocab import MemberState, Review


def render_reminder(r: Reminder) -> PdfResult:
    layout = Layout(sober=True)
    body, _ = layout.styles["body"]
    layout.styles["body_right"] = (ParagraphStyle("body_right", parent=body, alignment=TA_RIGHT), "body")  # the issuing unit and date
    label = Period.parse(r.period).label()
    story: list[Flowable] = [layout.p(f"关于报送{label}卫生人才工作季度报表的通知", "title"), Spacer(1, 4 * mm)]
    story.append(layout.p(reminder_deadline(r), "h2"))
    if r.units:
        rows = [[str(n), u.name, u.code, MemberState.MISSING.label] for n, u in enumerate(r.missing, 1)]
        rows += [[str(n), u.name, u.code, f"{Review.RETURNED.label}：{reason}"] for n, (u, reason) in enumerate(r.returned, len(r.missing) + 1)]
        story.append(layout.p(f"截至 {r.today:%Y年%m月%d日}，以下 {len(r.units)} 个单位还没有报送（共应报 {r.expected} 个）：", "body"))
        story.append(Spacer(1, 2 * mm))
        story.append(layout.table(["序号", "单位名称", "单位代码", "情况"], rows, [12 * mm, 62 * mm, 34 * mm, FRAME_WIDTH - 108 * mm], ["c", "l", "l", "l"]))
        story.append(Spacer(1, 4 * mm))
    story.append(layout.p(reminder_request(r), "body"))
    if contact := reminder_contact(r):
        story.append(layout.p(contact, "body"))
    story += [Spacer(1, 12 * mm), layout.p(r.unit.name, "body_right"), layout.p(f"{r.today:%Y年%m月%d日}", "body_right")]
    content, pages = build_document(
        story,
        layout,
        header_left=r.unit.name,
        header_right=f"{label}　催报",
        title=f"{label}催报通知",
        page_label=lambda n, total: f"第 {n} 页 共 {total} 页",
    )
    warnings = []
    if layout.missing:
        warnings.append(f"字体中没有这些字符，PDF 中已用“?”代替：{''.join(sorted(layout.missing))}")
    return PdfResult(content, pages, warnings)


def export_reminder(r: Reminder, path: Path) -> PdfResult:
    """Write the printable 催报 page atomically."""
    result = render_reminder(r)
    write_atomically(path, result.content)
    return result
