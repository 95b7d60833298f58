"""The printable PDF summary of one return (卫生人才工作情况): what is printed, signed, stamped and filed.

API (no Qt; the window's 导出PDF and 打印 call these):

- ``export_pdf(service, unit_code, period, path, scope="own", subordinates=None) -> PdfResult``
  writes the file atomically (temp file beside it, then rename);
- ``summary_pdf(service, unit_code, period, scope="own", subordinates=None) -> PdfResult``
  gives the bytes, e.g. for a print preview of exactly the exported pages;
- ``render_summary(SummaryInput(...)) -> PdfResult`` lays out plain data, no database.

``PdfResult.warnings`` lists what the clerk should know (characters no font
has, printed as "?"). ``subordinates`` is an optional list of (unit name,
figures) rows for a consolidated return: a table of each unit's key figures
with a 合计 row (counts added, ratios recomputed from the sums). Without it, a
consolidated export lists the children's returns found in the database.

Content, in order: the form's particulars (top right), title, unit and period;
key figures; then every section of the template with figures, in template order:
the breakdowns the template charts (shares and bars), its funnel with the rate,
a table of the other indicators (with the "按…分" headings), ratios, the 说明,
the allowance list where the section has one; comparison with the previous
period and the same period last year; the narrative the clerk kept; the
signature block. What is charted and the funnel's rows are the template's
``[summary]``; no indicator code is named here. Blank figures are printed
blank, never 0. The parts, in that order, are formats.pdf_summary; the tables
they draw, formats.pdf_tables; the page, fonts and styles, formats.pdf_layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from formats.pdf_layout import Layout, build_document
from formats.pdf_summary import Summary
from formats.pdf_tables import SummaryInput, summary_title
from models.periods import Period
from models.report import ReportView
from models.returns import ReturnService, ServiceError

__all__ = ["PdfResult", "SummaryInput", "export_pdf", "gather", "render_summary", "summary_input", "summary_pdf", "summary_title"]


@dataclass
class PdfResult:
    content: bytes
    pages: int
    warnings: list[str]


def render_summary(inp: SummaryInput) -> PdfResult:
    """The summary of ``inp`` as PDF bytes, with its page count and warnings."""
    sober = inp.sober if inp.sober is not None else (inp.data.scope == "consolidated" or Period.parse(inp.data.period).is_annual)
    layout = Layout(sober=sober)
    story = Summary(inp, layout).build()
    content, pages = build_document(
        story,
        layout,
        mark="　".join(inp.marks),
        header_left=inp.data.unit.name,
        header_right=f"{Period.parse(inp.data.period).label()}　{inp.template.form_number}　卫生人才工作情况",
        title=summary_title(inp.data),
        page_label=lambda n, total: f"第 {n} 页 共 {total} 页",
    )
    warnings = []
    if layout.missing:
        chars = "".join(sorted(layout.missing))
        warnings.append(f"字体中没有这些字符，PDF 中已用“?”代替：{chars}。请改用常用字，或在装有宋体/黑体的 Windows 电脑上导出。")
    return PdfResult(content, pages, warnings)


def summary_input(view: ReportView, sober: bool | None = None) -> SummaryInput:
    """What the summary shows, from the report view (models.report)."""
    return SummaryInput(
        template=view.template,
        data=view.data,
        previous=view.previous,
        last_year=view.last_year,
        year_to_date=view.year_to_date,
        subordinates=None if view.unit_rows is None else [(u.name, u.values) for u in view.unit_rows],
        missing_units=list(view.missing_units),
        marks=[m.text for m in view.marks],
        stale="" if view.stale is None else view.stale.describe(),
        stale_sentences=[] if view.stale is None else list(view.stale.sentences),
        sober=sober,
        totals=view.totals if view.unit_rows is not None else None,
        total_ratios=view.ratio_values() if view.unit_rows is not None else None,
        coverage={code: view.coverage_text(code) for code in view.coverage},
        ytd_coverage={code: view.coverage_text(code, ytd=True) for code in view.ytd_coverage},
        ratio_basis={code: r.basis for code, r in view.ratios.items() if r.basis},
    )


def gather(
    service: ReturnService, unit_code: str, period: str, scope: str = "own", subordinates: list[tuple[str, dict[str, Decimal]]] | None = None
) -> SummaryInput:
    """Read from the database what the summary of one return shows; ServiceError when there is no return.

    An annual period (``2024``) prints the annual view, compared with the year before.
    """
    from models.report import gather_report

    try:
        view = gather_report(service, unit_code, period, scope, subordinates)
    except ServiceError as exc:
        raise ServiceError(f"{exc}，无法导出PDF") from None
    return summary_input(view)


def summary_pdf(
    service: ReturnService, unit_code: str, period: str, scope: str = "own", subordinates: list[tuple[str, dict[str, Decimal]]] | None = None
) -> PdfResult:
    """The summary as bytes (for 打印's preview: exactly the pages 导出PDF writes)."""
    return render_summary(gather(service, unit_code, period, scope, subordinates))


def export_pdf(
    service: ReturnService,
    unit_code: str,
    period: str,
    path: Path,
    scope: str = "own",
    subordinates: list[tuple[str, dict[str, Decimal]]] | None = None,
) -> PdfResult:
    """Write the summary to ``path`` atomically; raises ServiceError (no return) or OSError (cannot write)."""
    from formats.files import write_atomically

    result = summary_pdf(service, unit_code, period, scope, subordinates)
    write_atomically(Path(path), result.content)
    return result
