"""``--selftest``: prove that an installed copy works, without touching the clerk's data.

In a temporary folder: create a database (Alembic upgrade from the bundled
migrations), load the demo, export the demo county's 2024Q4 return to Excel and
to PDF and read both back, then (when the caller passes one) a window step.
Prints a short Chinese/English report; the exit code is 0 only when every step
passed. ``make dist`` runs it on the built program; on a clerk's PC it is the
first thing the county IT person runs after installing.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from models.returns import ReturnService

if TYPE_CHECKING:
    from sqlalchemy import Engine

# A step gets the service and the temporary folder and returns what it found (one line);
# it raises (AssertionError or anything else) when the check fails.
StepFn = Callable[[ReturnService, Path], str]


@dataclass
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float


def step_database(engines: list[Engine], folder: Path) -> str:
    from models.db import current_revision, head_revision, open_database

    engine = open_database(folder / "selftest.db")
    engines.append(engine)
    rev, head = current_revision(engine), head_revision()
    assert rev == head, f"结构版本 {rev}，应为 {head}"
    return f"新建数据库，结构版本 {rev} / new database at schema {rev}"


def step_demo(service: ReturnService, folder: Path) -> str:
    from models.demo import build_demo, selftest_probe

    build_demo(service)
    units = service.units.list()
    returns = service.queries.list_returns()
    selftest_probe(service)  # the demo's return holds its first figure as the demo file says
    return f"{len(units)} 个单位、{len(returns)} 份报表 / {len(units)} units, {len(returns)} returns"


def cell_by_code(path: Path, sheet: str, code: str) -> object:
    """The 本期 figure of the row of ``sheet`` whose 代码 cell (as the clerk sees it) holds
    ``code``, read with plain openpyxl."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
        head = next((r for r in rows if "代码" in r and "本期" in r), None)
        if head is not None:
            code_col, value_col = head.index("代码"), head.index("本期")
            for row in rows:
                if len(row) > value_col and row[code_col] == code:
                    return row[value_col]
    finally:
        wb.close()
    raise AssertionError(f"Excel 文件的工作表“{sheet}”中找不到代码为 {code} 的行")


def step_excel(service: ReturnService, folder: Path) -> str:
    from formats.xlsx_export import export_xlsx
    from formats.xlsx_import import read_xlsx
    from models.demo import selftest_probe

    probe = selftest_probe(service)
    path = folder / "selftest.xlsx"
    export_xlsx(service, probe.unit, probe.period, path)
    value = cell_by_code(path, probe.sheet, probe.row_code)
    assert value is not None and Decimal(str(value)) == probe.expected, f"Excel 中{probe.label}为 {value!r}，应为 {probe.expected}"
    stored = service.store.load(probe.unit, probe.period)
    assert stored is not None
    back = read_xlsx(path, service.registry).data
    differ = sorted(c for c in stored.values.keys() | back.values.keys() if stored.values.get(c) != back.values.get(c))
    assert not differ, f"读回的数值与数据库不同：{', '.join(differ[:5])}"
    return f"{path.stat().st_size // 1024} KB；{probe.label} {value}，{len(back.values)} 个数值读回一致 / {len(back.values)} figures read back equal"


def pdf_text(content: bytes) -> str | None:
    """The text of the PDF (pypdf), or None when pypdf is not installed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def step_pdf(service: ReturnService, folder: Path) -> str:
    from formats.pdf_export import export_pdf
    from models.data import fmt_number
    from models.demo import selftest_probe

    probe = selftest_probe(service)
    figure = fmt_number(probe.expected)
    path = folder / "selftest.pdf"
    result = export_pdf(service, probe.unit, probe.period, path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:], "PDF 文件不完整"
    assert result.pages >= 1, "PDF 没有页面"
    text = pdf_text(content)
    if text is None:
        assert b"/Type /Page" in content, "PDF 中没有页面对象"
        return f"{result.pages} 页，{len(content) // 1024} KB（未安装 pypdf，未核对文字）/ {result.pages} pages, text not checked"
    stored = service.store.load(probe.unit, probe.period)
    assert stored is not None
    for wanted in (stored.unit.name, figure):
        assert wanted in text, f"PDF 文字中没有“{wanted}”"
    return f"{result.pages} 页、{len(content) // 1024} KB，文字含单位名称和 {figure} / {result.pages} pages, unit name and {figure} in the text"


def step_word(service: ReturnService, folder: Path) -> str:
    from docx import Document

    from formats.docx_export import export_docx
    from models.demo import selftest_probe

    probe = selftest_probe(service)
    figure = f"{probe.expected}{probe.unit_of_measure}"  # figures in prose: plain digits with the unit
    path = folder / "selftest.docx"
    export_docx(service, probe.unit, probe.period, path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    stored = service.store.load(probe.unit, probe.period)
    assert stored is not None
    for wanted in (stored.unit.name, "一、基本情况", figure):
        assert wanted in text, f"Word 文字中没有“{wanted}”"
    return f"{path.stat().st_size // 1024} KB，文字含单位名称、一、基本情况和 {figure} / unit name, outline and {figure} in the text"


def attempt(name: str, work: Callable[[], str]) -> StepResult:
    started = time.perf_counter()
    try:
        detail, ok = work(), True
    except Exception as exc:  # every failure is reported, not raised
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return StepResult(name, ok, detail, time.perf_counter() - started)


def run_selftest(out: TextIO | None = None, window: StepFn | None = None) -> int:
    """Run every step, print the report to ``out`` (stdout); 0 when all passed, 1 otherwise."""
    from models.diagnostics import VERSION

    stream = out if out is not None else sys.stdout
    started = time.perf_counter()
    results: list[StepResult] = []

    def say(text: str) -> None:
        if stream is not None:  # a windowed program on Windows has no stdout
            print(text, file=stream, flush=True)

    def report(r: StepResult) -> None:
        results.append(r)
        pad = " " * max(0, 18 - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in r.name))
        say(f"  {'通过 OK  ' if r.ok else '失败 FAIL'}  {r.name}{pad} {r.seconds:5.2f} s  {r.detail}")

    say(f"卫生人才工作季度报表 {VERSION} 自检 / self-test")
    steps: list[tuple[str, StepFn]] = [
        ("示范数据 demo", step_demo),
        ("Excel 导出 export", step_excel),
        ("PDF 导出 export", step_pdf),
        ("Word 导出 export", step_word),
    ]
    if window is not None:
        steps.append(("窗口 window", window))
    with tempfile.TemporaryDirectory(prefix="hrh-selftest-") as tmp:
        folder = Path(tmp)
        engines: list[Engine] = []
        report(attempt("数据库 database", lambda: step_database(engines, folder)))
        if engines:
            service = ReturnService(engines[0], who="selftest")
            for name, fn in steps:
                report(attempt(name, lambda: fn(service, folder)))  # noqa: B023 (called at once)
        else:
            for name, _fn in steps:
                report(StepResult(name, False, "未运行：数据库未能建立 / not run", 0.0))
        for engine in engines:
            engine.dispose()  # before the folder is removed (Windows keeps open files)
    passed = sum(r.ok for r in results)
    total = time.perf_counter() - started
    if passed == len(results):
        say(f"自检通过 / self-test passed: {passed}/{len(results)}（{total:.1f} s）")
        return 0
    say(f"自检失败 / self-test FAILED: {passed}/{len(results)} 通过（{total:.1f} s）")
    return 1
