"""文件 menu's exchange block: 导出Excel, 导出空白模板, 导入Excel (and files dropped on the
window), 导出PDF, 导出Word, 打印.

Every export writes the *stored* return: the window saves first (``current_return()``),
and nothing is exported when that save fails. Files are written atomically by the
exporters (a temporary file beside the target, then a rename), so a failure leaves
neither a half-written file nor a changed database; the clerk is told which file and
what to do. File dialogs and questions are methods, so tests replace them.

Exports and the pages for 打印 are made in a worker (ui/operations.py), the window's
return held read-only meanwhile; an action returns whether it started, and ``done``
tells the outcome (the file written, the print preview, or None). The printer itself
(QPrintDialog, QPrinter) is used on the GUI thread only, from the finished PDF.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog

from ui.screen import window_settings

if TYPE_CHECKING:
    from models.data import ReturnData
    from ui.host import WindowHost
    from ui.import_dialog import ImportFlow
    from ui.operations import Progress, ProgressRun
    from ui.print_preview import PdfPages, PrintPreview

log = logging.getLogger(__name__)


class FileActions(QObject):
    """Builds the exchange actions, puts them in the window's 文件 menu and handles them."""

    done = Signal(object)  # an export or 打印 ended: the file written, the preview opened, or None

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget())
        self.window = window
        self.import_flow: ImportFlow | None = None  # made at the first import (ui/import_dialog.py is not needed to paint the window)
        self.preview: PrintPreview | None = None
        self.run: ProgressRun | None = None  # the export or print under way
        self.outcome: object = None  # what ``done`` said last
        new = window.new_action
        self.export_xlsx_action = new(self.tr("&Export Excel return…"), self.export_xlsx, "Ctrl+E")
        self.export_blank_action = new(self.tr("Export blank &template…"), self.export_blank)
        self.import_xlsx_action = new(self.tr("&Import Excel returns…"), self.import_xlsx, "Ctrl+I")
        self.import_folder_action = new(self.tr("Import a &folder…"), self.import_folder)
        self.export_pdf_action = new(self.tr("Export P&DF summary…"), self.export_pdf, "Ctrl+Shift+P")
        self.export_docx_action = new(self.tr("Export &Word summary…"), self.export_docx)
        self.print_action = new(self.tr("&Print…"), self.print_summary, QKeySequence.StandardKey.Print)
        self.actions = [
            self.export_xlsx_action,
            self.export_blank_action,
            self.import_xlsx_action,
            self.import_folder_action,
            self.export_pdf_action,
            self.export_docx_action,
            self.print_action,
        ]
        for action, name in zip(
            self.actions, ("export-xlsx", "export-blank", "import-xlsx", "import-folder", "export-pdf", "export-docx", "print"), strict=True
        ):
            action.setObjectName(name)
        window.add_file_actions(self.actions)
        window.widget().setAcceptDrops(True)  # returns (files, folders, archives, e-mails) dropped on the window are imported
        window.widget().installEventFilter(self)  # drops; the window stays open while an import is writing

    @property
    def importer(self) -> ImportFlow:
        """The import (one at a time), made when first asked for."""
        if self.import_flow is None:
            from ui.import_dialog import ImportFlow

            self.import_flow = ImportFlow(self.window)
        return self.import_flow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.window.widget():
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Close and self.window.document.busy:
            event.ignore()  # an import, an export or a consolidation is writing
            if self.import_flow is not None and self.import_flow.busy:
                self.window.show_status_message(self.tr("An import is running; close the window when it has finished."))
            else:
                self.window.show_status_message(self.tr("The program is still working; close the window when it has finished."))
            return True
        if isinstance(event, QDropEvent) and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
            if not urls or not all(u.isLocalFile() for u in urls):
                event.ignore()
                return True
            event.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                self.import_files([u.toLocalFile() for u in urls])
            return True
        return super().eventFilter(watched, event)

    # ---- dialogs (overridable; tests replace them) ---------------------------------------
    def ask_save_path(self, title: str, suggested: Path, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window.widget(), title, str(suggested), file_filter)
        return Path(name) if name else None

    def ask_open_paths(self, title: str, folder: Path, file_filter: str) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.window.widget(), title, str(folder), file_filter)
        return [Path(n) for n in names]

    def ask_folder(self, title: str, folder: Path) -> Path | None:
        name = QFileDialog.getExistingDirectory(self.window.widget(), title, str(folder))
        return Path(name) if name else None

    def settings(self) -> QSettings:
        """Per-PC choices of the window (the last folder), not the database's settings."""
        return window_settings()

    def open_file(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # ---- folders ------------------------------------------------------------------------------
    def last_folder(self, key: str) -> Path:
        """The folder used last time for this kind of file, else 文档 (Documents)."""
        stored = self.settings().value(f"folders/{key}", "")
        folder = Path(str(stored)) if stored else None
        if folder is not None and folder.is_dir():
            return folder
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents else Path.home()

    def remember_folder(self, key: str, path: Path) -> None:
        self.settings().setValue(f"folders/{key}", str(path.parent))

    # ---- the shown return -------------------------------------------------------------------
    def stored_return(self) -> ReturnData | None:
        """The shown return as stored: saved first; None (and the clerk told) when there is
        nothing to export or the save failed."""
        window = self.window
        if window.service is None or self.refused_while_busy():
            return None
        data = window.current_return()
        if data is None:
            window.inform(self.tr("Nothing to export"), self.tr("Choose a unit and a period first."), error=True)
            return None
        if window.dirty:
            return None  # the save failed and said why; never export what is not stored
        return data

    def is_annual(self, data: ReturnData) -> bool:
        from models.periods import Period

        return Period.parse(data.period).is_annual

    def refuse_annual_excel(self, data: ReturnData) -> None:
        self.window.inform(
            self.tr("Excel return not available"),
            self.tr(
                "The window shows the whole year {year}. The Excel return is sent quarterly: choose a quarter (e.g. the 4th quarter) to export it. The annual summary can be exported as PDF."
            ).format(year=data.period),
            error=True,
        )

    # ---- Excel ---------------------------------------------------------------------------------
    def export_xlsx(self) -> bool:
        """导出Excel: the stored return of the shown unit, period and scope. True when started."""
        data = self.stored_return()
        if data is None:
            return False
        if self.is_annual(data):
            self.refuse_annual_excel(data)
            return False
        from formats.xlsx_export import default_filename

        return self.write_xlsx(data, default_filename(data), blank=False)

    def export_blank(self) -> bool:
        """导出空白模板 for the unit and quarter shown (choose them in the tree and the toolbar)."""
        window = self.window
        data = window.data
        if self.refused_while_busy():
            return False
        if window.service is None or data is None:
            window.inform(self.tr("Nothing to export"), self.tr("Choose a unit and a period first."), error=True)
            return False
        if self.is_annual(data):
            self.refuse_annual_excel(data)
            return False
        from formats.xlsx_export import default_filename

        return self.write_xlsx(data, default_filename(data, blank=True), blank=True)

    def write_xlsx(self, data: ReturnData, name: str, blank: bool) -> bool:
        service = self.window.service
        assert service is not None
        title = self.tr("Export blank template") if blank else self.tr("Export Excel return")
        unit, period, scope = data.unit.code, data.period, data.scope  # plain values for the worker

        def write(path: Path) -> None:
            from formats.xlsx_export import export_xlsx

            export_xlsx(service, unit, period, path, scope=scope, blank=blank)

        def written(path: Path, _result: object) -> Path:
            done = (self.tr("Blank template saved to {path}") if blank else self.tr("Excel return saved to {path}")).format(path=path)
            self.window.show_status_message(done)
            self.window.inform(title, done)
            return path

        return self.save_file(title, "xlsx", name, self.tr("Excel workbook (*.xlsx)"), write, written)

    def save_file(self, title: str, kind: str, name: str, file_filter: str, write: Callable[[Path], object], written: Callable[[Path, Any], object]) -> bool:
        """Ask where (proposing ``name`` in the folder used last for ``kind``), then ``write``
        there in a worker; ``written(path, what write returned)`` on the GUI thread. A refusal
        (ServiceError) or a file that cannot be written is told. True when the writing started."""
        path = self.ask_save_path(title, self.last_folder(kind) / name, file_filter)
        if path is None:
            return False
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self.remember_folder(kind, path)
        target = path

        def work(_progress: Progress) -> object:
            return write(target)

        return self.start(title, self.tr("Saving {file}…").format(file=path.name), work, partial(written, path), path)

    # ---- the worker ------------------------------------------------------------------------
    def refused_while_busy(self) -> bool:
        """Another long operation runs (one at a time): the clerk is told, nothing starts."""
        if not self.window.document.busy:
            return False
        self.window.show_status_message(self.tr("Please wait: the program is still working on the previous task."))
        return True

    def start(self, title: str, label: str, work: Callable[[Progress], object], finished: Callable[[Any], object], path: Path | None = None) -> bool:
        """Run ``work`` in a worker with a progress dialog, the window's return held read-only;
        ``finished(result)`` on the GUI thread gives the outcome ``done`` announces; a failure
        is told (a file that cannot be written to ``path`` in the clerk's words)."""

        def on_done(result: object, _canceled: bool) -> None:
            self.run = None
            self.announce(finished(result))

        def on_failed(exc: BaseException) -> None:
            self.run = None
            self.window.inform(title, self.failure_text(exc, path), error=True)
            self.announce(None)

        from ui.operations import run_operation

        self.run = run_operation(self.window.widget(), label, work, on_done, on_failed, lock=self.window.document, cancelable=False)
        if self.run is None:  # another operation holds the document
            self.refused_while_busy()
            return False
        return True

    def announce(self, outcome: object) -> None:
        self.outcome = outcome
        self.done.emit(outcome)

    @property
    def busy(self) -> bool:
        return self.run is not None

    def failure_text(self, exc: BaseException, path: Path | None) -> str:
        from models.db import describe_error
        from models.returns import ServiceError

        if isinstance(exc, ServiceError):
            return str(exc)
        if isinstance(exc, OSError) and path is not None:
            from formats.files import write_error_message

            log.warning("cannot write %s: %s", path, exc)
            return write_error_message(path, exc)
        return describe_error(exc)

    def import_xlsx(self) -> bool:
        """导入Excel: choose files, then the import flow (worker, questions, result table)."""
        if self.window.service is None:
            return False
        paths = self.ask_open_paths(
            self.tr("Import Excel returns"), self.last_folder("import"), self.tr("Returns as townships send them (*.xlsx *.xls *.zip *.eml);;All files (*)")
        )
        if not paths:
            return False
        self.remember_folder("import", paths[0])
        return self.importer.start(paths)

    def import_folder(self) -> bool:
        """导入文件夹: every file under the chosen folder, each classified and reported."""
        if self.window.service is None:
            return False
        folder = self.ask_folder(self.tr("Import a folder of returns"), self.last_folder("import"))
        if folder is None:
            return False
        self.remember_folder("import", folder / "x")  # the folder itself is offered next time
        return self.importer.start([folder])

    def import_files(self, paths: list[str]) -> bool:
        """Files and folders dropped on the window: all imported the same way; each file is
        read by its content (returns, .xls, archives, e-mails), and the others are listed."""
        return self.importer.start([Path(p) for p in paths]) if paths else False

    # ---- PDF and printing ------------------------------------------------------------------
    def export_pdf(self) -> bool:
        """导出PDF: the summary of the stored return (own, consolidated or annual as shown)."""
        data = self.stored_return()
        if data is None:
            return False
        from formats.xlsx_export import default_filename

        title = self.tr("Export PDF summary")
        name = Path(default_filename(data)).with_suffix(".pdf").name

        def written(path: Path, result: Any) -> Path:
            text = self.tr("PDF summary saved to {path} ({pages} pages).").format(path=path, pages=result.pages)
            self.window.show_status_message(text)
            self.window.inform(title, "\n\n".join([text, "\n".join(result.warnings)]) if result.warnings else text, error=bool(result.warnings))
            return path

        return self.write_summary(data, title, "pdf", name, self.tr("PDF file (*.pdf)"), written)

    def export_docx(self) -> bool:
        """导出Word: the 工作总结 of the stored return (own, consolidated or annual as shown)."""
        data = self.stored_return()
        if data is None:
            return False
        from formats.docx_export import default_docx_name

        title = self.tr("Export Word summary")

        def written(path: Path, result: Any) -> Path:
            text = self.tr("Word summary saved to {path}.").format(path=path)
            self.window.show_status_message(text)
            self.window.inform(title, "\n\n".join([text, *result.warnings]))  # a font note, not an error
            return path

        return self.write_summary(data, title, "docx", default_docx_name(data), self.tr("Word document (*.docx)"), written)

    def write_summary(self, data: ReturnData, title: str, kind: str, name: str, file_filter: str, written: Callable[[Path, Any], object]) -> bool:
        """Ask where, then write the summary of ``data`` as ``kind`` (pdf, docx) in a worker."""
        service = self.window.service
        assert service is not None
        unit, period, scope = data.unit.code, data.period, data.scope

        def write(path: Path) -> object:
            if kind == "pdf":  # imported here: reportlab and python-docx load in the worker
                from formats.pdf_export import export_pdf

                return export_pdf(service, unit, period, path, scope=scope)
            from formats.docx_export import export_docx

            return export_docx(service, unit, period, path, scope=scope)

        return self.save_file(title, kind, name, file_filter, write, written)

    def print_summary(self) -> bool:
        """打印: a preview of exactly the PDF's pages, whose 打印 button opens the system dialog.
        The PDF is made in a worker; the preview and the printer are the GUI thread's."""
        data = self.stored_return()
        if data is None:
            return False
        from ui.print_preview import PdfPages

        service = self.window.service
        assert service is not None
        unit, period, scope = data.unit.code, data.period, data.scope
        if self.preview is not None:  # replaced by the new one; its pages are not drawn meanwhile
            self.preview.close()
        drawable = PdfPages.available()

        def work(_progress: Progress) -> object:
            from formats.pdf_export import summary_pdf, summary_title  # reportlab loads in the worker

            result = summary_pdf(service, unit, period, scope=scope)
            return summary_title(data), result, PdfPages(result.content).render_for_screen() if drawable else None

        return self.start(self.tr("Print"), self.tr("Preparing the pages to print…"), work, self.show_print)

    def show_print(self, made: tuple[str, Any, PdfPages | None]) -> PrintPreview | None:
        """The pages made: the preview (or the PC's PDF viewer when pages cannot be drawn here)."""
        from ui.print_preview import PrintPreview

        title, result, pages = made
        window = self.window
        if result.warnings:
            window.inform(self.tr("Print"), "\n".join(result.warnings), error=True)
        if pages is None:
            self.open_in_viewer(result.content, title)
            return None
        self.preview = PrintPreview(result.content, title, window.widget(), pages)
        self.preview.destroyed.connect(self.forget_preview)
        self.preview.open()
        return self.preview

    def forget_preview(self) -> None:
        self.preview = None

    def open_in_viewer(self, content: bytes, title: str) -> None:
        """Without a PDF renderer: the PC's PDF viewer shows and prints the file."""
        folder = Path(tempfile.mkdtemp(prefix="hrh-print-"))
        path = folder / f"{title}.pdf"
        path.write_bytes(content)
        if not self.open_file(path):
            self.window.inform(
                self.tr("Print"),
                self.tr("No program to show PDF files was found. The summary was saved to {path}; open and print it from there.").format(path=path),
                error=True,
            )
