"""Helpers for the window's file tests: file dialogs that answer without blocking, a
township's Excel return made in its own database, and waiting for an import."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from models.data import UnitInfo
from models.db import open_database
from models.returns import ReturnService
from models.template import default_registry
from tests.factories import make_return
from ui.file_actions import FileActions
from ui.import_dialog import ImportFlow, ImportResultDialog
from ui.main_window import MainWindow
from ui.narrative_draft import NarrativeDrafting


@dataclass
class FileDialogs:
    """What the window's file dialogs and import questions answer, and what they were asked."""

    save_as: Path | None = None  # the answer of the save dialog (None: 取消)
    open_paths: list[Path] = field(default_factory=list)
    folder: Path | None = None  # the answer of 导入文件夹's folder dialog (None: 取消)
    suggested: list[Path] = field(default_factory=list)  # the paths the save dialog proposed
    replace: bool = True
    new_units: bool = True
    existing_text: str = "replace"
    questions: list[str] = field(default_factory=list)
    opened: list[Path] = field(default_factory=list)  # files handed to the PC's viewer


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FileDialogs]:
    d = FileDialogs()
    ini = tmp_path / "ui-settings.ini"

    def ask_save_path(self: FileActions, title: str, suggested: Path, file_filter: str) -> Path | None:
        d.suggested.append(suggested)
        return d.save_as

    def ask_open_paths(self: FileActions, title: str, folder: Path, file_filter: str) -> list[Path]:
        return list(d.open_paths)

    def ask_folder(self: FileActions, title: str, folder: Path) -> Path | None:
        return d.folder

    def ask_replace(self: ImportFlow, reports: list) -> bool:  # type: ignore[type-arg]
        d.questions.append("replace:" + ",".join(r.unit_code for r in reports))
        return d.replace

    def ask_new_units(self: ImportFlow, reports: list, parent_name: str) -> bool:  # type: ignore[type-arg]
        d.questions.append("new_units:" + ",".join(r.unit_code for r in reports) + "->" + parent_name)
        return d.new_units

    def ask_existing(self: NarrativeDrafting) -> str:
        d.questions.append("existing_text")
        return d.existing_text

    def open_file(self: FileActions, path: Path) -> bool:
        d.opened.append(path)
        return True

    monkeypatch.setattr(FileActions, "ask_save_path", ask_save_path)
    monkeypatch.setattr(FileActions, "ask_open_paths", ask_open_paths)
    monkeypatch.setattr(FileActions, "ask_folder", ask_folder)
    monkeypatch.setattr(FileActions, "settings", lambda self: QSettings(str(ini), QSettings.Format.IniFormat))
    monkeypatch.setattr(FileActions, "open_file", open_file)
    monkeypatch.setattr(ImportFlow, "ask_replace", ask_replace)
    monkeypatch.setattr(ImportFlow, "ask_new_units", ask_new_units)
    monkeypatch.setattr(NarrativeDrafting, "ask_existing", ask_existing)
    yield d


def township_file(folder: Path, unit: UnitInfo, period: str, values: dict[str, int], texts: dict[str, str] | None = None) -> Path:
    """The Excel return a township sends: made in the township's own database."""
    from formats.xlsx_export import default_filename, export_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    engine = open_database(folder / f"{unit.code}.db")
    try:
        service = ReturnService(engine, who="township")
        if unit.parent:
            service.units.save(UnitInfo(unit.parent, "上级单位", "county"))
        service.units.save(unit)
        tpl = default_registry().for_period("2024Q4")
        data = make_return(tpl, values, unit=unit, period=period, texts=dict(texts or {}))
        service.store.save(data)
        path = folder / default_filename(data)
        export_xlsx(service, unit.code, period, path)
        return path
    finally:
        engine.dispose()


def wait_for_import(qtbot: QtBot, window: MainWindow) -> ImportResultDialog:
    """Until the import has finished and shows its result table."""
    flow = window.file_actions.importer
    qtbot.waitUntil(lambda: not flow.busy and flow.result_dialog is not None, timeout=20_000)
    assert flow.result_dialog is not None
    return flow.result_dialog


def exported(qtbot: QtBot, window: MainWindow) -> object:
    """Until the export or 打印 started has ended (it runs in a worker); what it made (the
    file written, the print preview) or None when it failed (and said why)."""
    actions = window.file_actions
    qtbot.waitUntil(lambda: not actions.busy, timeout=20_000)
    return actions.outcome


def result_rows(dialog: ImportResultDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.cell(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]
