"""文件 → 导出Excel / 导出空白模板 / 导出PDF / 打印 from the window, as a clerk uses them,
and what a failed export tells the clerk (and leaves alone)."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from formats.xlsx_layout import sheet_names
from models.consolidate import annual_view, consolidate
from models.data import UnitInfo
from tests.formats.xlsx_files import cell_by_code
from tests.ui.conftest import OTHER, UNIT, Answers, WindowFactory, field, type_into
from tests.ui.files_helpers import FileDialogs, exported, result_rows, township_file, wait_for_import
from ui.main_window import MainWindow

PERIOD = "2024Q4"
Snapshot = Callable[[Path], list[str]]


def typed_return(qtbot: QtBot, window: MainWindow, total: str = "30") -> None:
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), total)
    type_into(qtbot, field(window, "staff.female"), "12")


def saved_window(qtbot: QtBot, make_window: WindowFactory) -> MainWindow:
    """A window showing a typed and saved return of our unit."""
    window = make_window()
    typed_return(qtbot, window)
    assert window.commands.save()
    return window


def pdf_text(path: Path | bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    return "".join(page.extract_text() for page in reader.pages)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


# ---- 导出Excel ---------------------------------------------------------------------------------
def test_ctrl_e_saves_the_typing_then_exports_what_is_stored(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    window = make_window()
    typed_return(qtbot, window)
    assert window.dirty
    dialogs.save_as = tmp_path / "out" / "城关镇.xlsx"
    dialogs.save_as.parent.mkdir()
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not window.dirty  # saved before exporting
    assert exported(qtbot, window) == dialogs.save_as
    assert window.service is not None
    stored = window.service.store.load(UNIT.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(30)
    # The dialog proposed the usual name, in 文档 the first time.
    assert dialogs.suggested[0].name == f"{UNIT.code}_城关镇卫生院_{PERIOD}_卫人才季报.xlsx"
    wb = load_workbook(dialogs.save_as)
    ws = wb[sheet_names(window.template)[0]]
    assert cell_by_code(ws, "staff.total").value == 30
    assert cell_by_code(ws, "staff.female").value == 12
    assert answers.told[-1][2] is False and str(dialogs.save_as) in answers.told[-1][1]
    # The next export proposes the folder used last time, and a name without .xlsx gets it.
    dialogs.save_as = tmp_path / "out" / "second"
    window.file_actions.export_xlsx_action.trigger()
    exported(qtbot, window)
    assert dialogs.suggested[1].parent == tmp_path / "out"
    assert (tmp_path / "out" / "second.xlsx").is_file()


def test_a_new_quarter_with_nothing_typed_is_not_exported_and_says_what_to_do(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    window = make_window()
    assert window.open_return(OTHER.code, "2025Q1")
    dialogs.save_as = tmp_path / "nothing.xlsx"
    assert window.file_actions.export_xlsx()
    assert exported(qtbot, window) is None
    title, text, error = answers.told[-1]
    assert error and "空白模板" in text
    assert not dialogs.save_as.exists()


def test_a_blank_template_for_the_unit_and_quarter_shown(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, tmp_path: Path) -> None:
    from formats.xlsx_import import read_xlsx
    from models.template import default_registry

    window = make_window()
    assert window.open_return(OTHER.code, "2025Q1")
    dialogs.save_as = tmp_path / "blank.xlsx"
    window.file_actions.export_blank_action.trigger()
    assert exported(qtbot, window) == dialogs.save_as
    assert dialogs.suggested[0].name == f"{OTHER.code}_新华乡卫生院_2025Q1_卫人才季报_空白模板.xlsx"
    read = read_xlsx(dialogs.save_as, default_registry())
    assert read.blank_template
    assert (read.data.unit.code, read.data.period, read.data.values) == (OTHER.code, "2025Q1", {})


# ---- failures: a clear message, no file, the database as it was --------------------------------
def failed_export(qtbot: QtBot, window: MainWindow, dialogs: FileDialogs, answers: Answers, target: Path, db_path: Path, db_snapshot: Snapshot) -> str:
    before = db_snapshot(db_path)
    dialogs.save_as = target
    assert window.file_actions.export_xlsx()
    assert exported(qtbot, window) is None
    assert db_snapshot(db_path) == before
    title, text, error = answers.told[-1]
    assert error and f"无法写入 {target.name}（{target.parent}）" in text and "数据库没有改变" in text
    return text


def test_a_read_only_folder_gives_a_message_and_leaves_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    dialogs: FileDialogs,
    answers: Answers,
    tmp_path: Path,
    db_path: Path,
    db_snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = saved_window(qtbot, make_window)
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: let the folder refuse as it would for the clerk
        import formats.files

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))

        monkeypatch.setattr(formats.files.tempfile, "mkstemp", refuse)
    try:
        text = failed_export(qtbot, window, dialogs, answers, folder / "out.xlsx", db_path, db_snapshot)
        assert "关闭" in text and "文档" in text  # close it in Excel, or save to Documents
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_target_that_is_a_folder_gives_a_message_and_leaves_nothing(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = saved_window(qtbot, make_window)
    target = tmp_path / "out.xlsx"
    target.mkdir()
    text = failed_export(qtbot, window, dialogs, answers, target, db_path, db_snapshot)
    assert "文件夹" in text and "换一个文件名" in text
    assert list(tmp_path.glob(".out.xlsx.*")) == [] and list(target.iterdir()) == []


def test_a_file_open_in_excel_is_left_as_it_was(
    qtbot: QtBot,
    make_window: WindowFactory,
    dialogs: FileDialogs,
    answers: Answers,
    tmp_path: Path,
    db_path: Path,
    db_snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows refuses to replace a workbook Excel has open (PermissionError on the rename)."""
    import formats.files

    window = saved_window(qtbot, make_window)
    target = tmp_path / "open-in-excel.xlsx"
    target.write_bytes(b"the clerk's earlier export")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process", dst)

    monkeypatch.setattr(formats.files.os, "replace", locked)
    text = failed_export(qtbot, window, dialogs, answers, target, db_path, db_snapshot)
    assert "Excel" in text and "关闭" in text
    assert target.read_bytes() == b"the clerk's earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".open-in-excel")) == []


def test_a_full_disk_gives_a_message_and_leaves_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    dialogs: FileDialogs,
    answers: Answers,
    tmp_path: Path,
    db_path: Path,
    db_snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import formats.files

    window = saved_window(qtbot, make_window)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(formats.files.os, "fsync", full)
    folder = tmp_path / "usb"
    folder.mkdir()
    text = failed_export(qtbot, window, dialogs, answers, folder / "out.xlsx", db_path, db_snapshot)
    assert "磁盘（或U盘）已满" in text
    assert list(folder.iterdir()) == []


def test_a_typed_figure_that_cannot_be_saved_is_not_exported(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.returns import ServiceError
    from models.store import Store

    window = make_window()
    typed_return(qtbot, window)

    def cannot(self: Store, data: object, action: str = "edit") -> int:
        raise ServiceError("数据库已锁定")

    monkeypatch.setattr(Store, "save", cannot)
    dialogs.save_as = tmp_path / "never.xlsx"
    assert not window.file_actions.export_xlsx()
    assert dialogs.suggested == []  # not even asked for a file name
    assert not dialogs.save_as.exists()
    assert answers.told[-1][:2] == ("未能保存", "数据库已锁定")


# ---- consolidated and annual views ----------------------------------------------------------------
def test_the_consolidated_return_shown_is_exported_as_such(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    window = make_window(units=(UnitInfo("C1", "示范县卫生健康局", "county"), UnitInfo("T01", "城关镇卫生院", "township", "C1")), our="C1")
    assert window.service is not None
    assert window.open_return(UNIT.code, PERIOD)
    type_into(qtbot, field(window, "staff.total"), "41")
    assert window.commands.save()
    # What the county view shows (ui/county_*.py): the stored 汇总表 of our unit.
    consolidate(window.service, "C1", PERIOD)
    consolidated = window.service.store.load("C1", PERIOD, "consolidated")
    assert consolidated is not None and window.show_view(consolidated, "汇总表")
    dialogs.save_as = tmp_path / "county.xlsx"
    assert window.file_actions.export_xlsx()
    assert exported(qtbot, window) == dialogs.save_as
    assert dialogs.suggested[0].name == f"C1_示范县卫生健康局_{PERIOD}_汇总_卫人才季报.xlsx"
    wb = load_workbook(dialogs.save_as)
    assert "汇总表" in wb.sheetnames
    assert cell_by_code(wb[sheet_names(window.template)[0]], "staff.total").value == 41


def test_the_whole_year_has_no_excel_return_but_a_pdf(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path) -> None:
    window = saved_window(qtbot, make_window)
    assert window.service is not None
    assert window.show_view(annual_view(window.service, UNIT.code, 2024), "全年")  # what the county view's 全年 shows
    dialogs.save_as = tmp_path / "year.xlsx"
    assert not window.file_actions.export_xlsx()
    assert not window.file_actions.export_blank()
    assert dialogs.suggested == [] and not dialogs.save_as.exists()
    title, text, error = answers.told[-1]
    assert error and "2024" in text and "季度" in text
    dialogs.save_as = tmp_path / "year.pdf"
    assert window.file_actions.export_pdf()
    assert exported(qtbot, window) == dialogs.save_as
    text = pdf_text(dialogs.save_as)
    assert "城关镇卫生院2024年" in text and "30" in text


# ---- 导出PDF and 打印 ---------------------------------------------------------------------------
def test_export_pdf_writes_the_stored_return_and_names_missing_characters(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    window = make_window()
    typed_return(qtbot, window, total="1922")
    editor = window.forms["text"].texts["text.problems"]
    editor.setPlainText("人才紧缺𠀀")  # a character no font here has
    dialogs.save_as = tmp_path / "summary"
    assert window.file_actions.export_pdf() and not window.dirty
    path = exported(qtbot, window)
    assert isinstance(path, Path) and path == tmp_path / "summary.pdf"
    assert dialogs.suggested[0].name == f"{UNIT.code}_城关镇卫生院_{PERIOD}_卫人才季报.pdf"
    text = pdf_text(path)
    assert "城关镇卫生院2024年第四季度卫生人才工作情况" in text and "1,922" in text and "人才紧缺" in text
    title, told, error = answers.told[-1]
    assert error and "𠀀" in told and "共" in told


def test_export_word_is_in_the_file_menu_and_writes_the_stored_return(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    from docx import Document

    window = make_window()
    action = window.file_actions.export_docx_action
    assert action.objectName() == "export-docx" and action.text().startswith("导出Word")
    assert action in window.menuBar().actions()[0].menu().actions()
    typed_return(qtbot, window, total="1922")
    dialogs.save_as = tmp_path / "总结"
    assert window.file_actions.export_docx() and not window.dirty
    path = exported(qtbot, window)
    assert isinstance(path, Path) and path == tmp_path / "总结.docx"
    assert dialogs.suggested[-1].name == f"{UNIT.code}_城关镇卫生院_{PERIOD}_卫人才季报_工作总结.docx"
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "城关镇卫生院2024年第四季度卫生人才工作情况"
    assert any("共有在岗职工1922人" in t for t in texts)
    title, told, _error = answers.told[-1]
    assert title == "导出Word工作总结" and str(path) in told


def test_ctrl_p_previews_exactly_the_pdf_pages(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from formats.pdf_export import summary_pdf
    from ui.print_preview import paint_pages

    window = make_window(demo=True, units=(), our=None)
    assert window.open_return("530000100", PERIOD)
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = exported(qtbot, window)
    assert preview is not None and preview is window.file_actions.preview
    qtbot.waitUntil(lambda: preview.painted > 0)
    assert window.service is not None
    expected = summary_pdf(window.service, "530000100", PERIOD)
    assert preview.preview.pageCount() == expected.pages == preview.painted > 1
    # The paper: the same pages, drawn onto a printer (here one that writes a PDF).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pages(preview.pages, printer) == expected.pages
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "printed.pdf").pages) == expected.pages
    preview.close()


def test_print_without_a_pdf_renderer_opens_the_pdf_viewer(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.print_preview import PdfPages

    window = make_window()
    typed_return(qtbot, window)
    monkeypatch.setattr(PdfPages, "available", staticmethod(lambda: False))
    assert window.file_actions.print_summary()
    assert exported(qtbot, window) is None
    assert len(dialogs.opened) == 1 and dialogs.opened[0].suffix == ".pdf"
    assert "城关镇卫生院" in pdf_text(dialogs.opened[0])


# ---- files dropped on the window -------------------------------------------------------------
def drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)  # as a real drag: enter (accepted), then the drop
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, keys))


def test_dropping_an_excel_return_on_the_window_imports_it(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    window = make_window()
    assert window.acceptDrops()
    assert window.service is not None
    assert window.service.store.load(OTHER.code, PERIOD) is None
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17})
    note = tmp_path / "mail" / "readme.txt"
    note.write_text("hello")
    drop(window, [sent, note])
    dialog = wait_for_import(qtbot, window)
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(17)
    assert [(row[0], row[3]) for row in result_rows(dialog)] == [(sent.name, "已导入"), ("readme.txt", "不是报表，已忽略")]


def test_dropping_a_folder_imports_what_is_in_it(qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path) -> None:
    window = make_window()
    assert window.service is not None
    sent = township_file(tmp_path / "made", OTHER, PERIOD, {"staff.total": 19})
    (tmp_path / "mail" / "inner").mkdir(parents=True)
    renamed = sent.rename(tmp_path / "mail" / "inner" / "附件1")  # as mail programs save it: no extension
    (tmp_path / "mail" / "readme.txt").write_text("hello")
    drop(window, [tmp_path / "mail"])
    dialog = wait_for_import(qtbot, window)
    assert [(row[0], row[3]) for row in result_rows(dialog)] == [(renamed.name, "已导入"), ("readme.txt", "不是报表，已忽略")]
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(19)


def test_dropping_only_other_files_lists_them_and_changes_nothing(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = make_window()
    note = tmp_path / "readme.txt"
    note.write_text("hello")
    before = db_snapshot(db_path)
    drop(window, [note])
    dialog = wait_for_import(qtbot, window)
    assert [(row[0], row[3]) for row in result_rows(dialog)] == [("readme.txt", "不是报表，已忽略")]
    assert db_snapshot(db_path) == before


def test_a_pdf_that_cannot_be_written_gives_the_same_message(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = saved_window(qtbot, make_window)
    target = tmp_path / "summary.pdf"
    target.mkdir()
    before = db_snapshot(db_path)
    dialogs.save_as = target
    assert window.file_actions.export_pdf()
    assert exported(qtbot, window) is None
    assert db_snapshot(db_path) == before
    title, text, error = answers.told[-1]
    assert error and title == "导出PDF" and f"无法写入 {target.name}（{target.parent}）" in text and "换一个文件名" in text
    assert list(target.iterdir()) == [] and list(tmp_path.glob(".summary.pdf.*")) == []


# ---- off the GUI thread (issue 16, item 7) ------------------------------------------------------
Held = tuple[threading.Event, threading.Event, list[bool]]


@pytest.fixture
def held_export(monkeypatch: pytest.MonkeyPatch) -> Held:
    """The Excel export waits in the worker until the test sets ``release``."""
    import formats.xlsx_export

    writing, release, on_gui_thread = threading.Event(), threading.Event(), []
    real = formats.xlsx_export.export_xlsx

    def slow(*args: object, **kwargs: object) -> object:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        writing.set()
        assert release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats.xlsx_export, "export_xlsx", slow)
    return writing, release, on_gui_thread


def test_an_export_runs_in_a_worker_and_holds_the_return_meanwhile(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, held_export: Held
) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    writing, release, on_gui_thread = held_export
    window = saved_window(qtbot, make_window)
    edit = field(window, "staff.total")
    dialogs.save_as = tmp_path / "held.xlsx"
    assert window.file_actions.export_xlsx()
    qtbot.waitUntil(writing.is_set)
    assert on_gui_thread == [False]
    try:
        # The return is held: nothing typed, nothing saved, no second long job, the window stays open.
        assert window.document.busy and edit.isReadOnly() and not window.save_action.isEnabled()
        type_into(qtbot, edit, "99")
        assert edit.text() == "30" and not window.dirty
        assert not window.file_actions.export_pdf()
        assert "请稍候" in window.statusBar().currentMessage()
        assert not window.county.consolidate()
        assert not window.close() and window.isVisible()
        # The GUI thread answers, and after a moment the progress shows, without 取消: a file is never left half-written.
        progress = window.findChild(QProgressDialog, "progress")
        assert progress is not None
        qtbot.waitUntil(progress.isVisible, timeout=5_000)
        assert "held.xlsx" in progress.labelText()
        assert [b for b in progress.findChildren(QPushButton) if b.isVisible()] == []
    finally:
        release.set()
    assert exported(qtbot, window) == dialogs.save_as and dialogs.save_as.is_file()
    assert not window.document.busy and not edit.isReadOnly() and window.save_action.isEnabled()
    type_into(qtbot, edit, "31")
    assert window.dirty and window.commands.save()


def test_a_database_error_in_the_worker_reaches_the_clerk_in_chinese(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import formats.pdf_export

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(formats.pdf_export, "export_pdf", broken)
    window = saved_window(qtbot, make_window)
    dialogs.save_as = tmp_path / "summary.pdf"
    assert window.file_actions.export_pdf()
    assert exported(qtbot, window) is None
    title, text, error = answers.told[-1]
    assert error and title == "导出PDF" and "disk I/O" not in text and "磁盘" in text
    assert not dialogs.save_as.exists() and not window.document.busy


def test_print_makes_the_pages_in_a_worker_and_previews_them_on_the_gui_thread(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    import formats.pdf_export

    made_on_gui_thread: list[bool] = []
    real = formats.pdf_export.summary_pdf

    def watched(*args: object, **kwargs: object) -> object:
        made_on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(formats.pdf_export, "summary_pdf", watched)
    from ui.print_preview import PREVIEW_DPI, PdfPages

    rendered_on_gui_thread: list[bool] = []
    real_image = PdfPages.image

    def watched_image(self: PdfPages, n: int, dpi: int = PREVIEW_DPI) -> object:
        if (n, dpi) not in self._cache:
            rendered_on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_image(self, n, dpi)

    monkeypatch.setattr(PdfPages, "image", watched_image)
    window = saved_window(qtbot, make_window)
    assert window.file_actions.print_summary()
    preview = exported(qtbot, window)
    assert made_on_gui_thread == [False]
    assert preview is not None and preview is window.file_actions.preview and preview.thread() is QApplication.instance().thread()
    qtbot.waitUntil(lambda: preview.painted > 0)
    # The screen's pages were drawn by the worker; the preview only shows them.
    assert rendered_on_gui_thread and not any(rendered_on_gui_thread)
    preview.close()
