"""文件 → 导入Excel from the window: worker, questions, backup, result table, refresh."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from models.backup import list_backups
from models.data import UnitInfo
from tests.ui.conftest import OTHER, UNIT, Answers, WindowFactory
from tests.ui.files_helpers import FileDialogs, result_rows, township_file, wait_for_import
from ui.import_dialog import ImportResultModel
from ui.main_window import MainWindow

PERIOD = "2024Q4"
NEW = UnitInfo("T09", "东风乡卫生院", "township", None)
Snapshot = Callable[[Path], list[str]]


Held = tuple[threading.Event, threading.Event]


@pytest.fixture
def held_reading(monkeypatch: pytest.MonkeyPatch) -> Held:
    """The worker waits in each file until the test sets ``release``; ``reading`` says it is there."""
    import formats.xlsx_import

    reading, release = threading.Event(), threading.Event()
    real = formats.xlsx_import.read_xlsx

    def slow_read(path: Path, registry: object):  # type: ignore[no-untyped-def]
        reading.set()
        assert release.wait(10)
        return real(path, registry)  # type: ignore[arg-type]

    monkeypatch.setattr(formats.xlsx_import, "read_xlsx", slow_read)
    return reading, release


def import_via_menu(window: MainWindow, dialogs: FileDialogs, paths: list[Path]) -> None:
    dialogs.open_paths = paths
    window.file_actions.import_xlsx_action.trigger()


def unit_names(window: MainWindow) -> dict[str, str]:
    return {item.data(0, Qt.ItemDataRole.UserRole): item.text(0) for item in window.chooser.unit_items()}


def test_ctrl_i_imports_a_new_units_return_under_our_unit_and_refreshes_the_window(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path
) -> None:
    window = make_window()
    sent = township_file(tmp_path / "mail", NEW, PERIOD, {"staff.total": 23, "staff.female": 11})
    dialogs.open_paths = [sent]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_for_import(qtbot, window)
    assert dialogs.questions == ["new_units:T09->城关镇卫生院（T01）"]
    assert window.service is not None
    unit = window.service.units.get(NEW.code)
    assert unit is not None and unit.parent == UNIT.code
    stored = window.service.store.load(NEW.code, PERIOD)
    assert stored is not None and stored.values == {"staff.total": Decimal(23), "staff.female": Decimal(11)}
    [row] = result_rows(dialog)
    assert row[:4] == [sent.name, "东风乡卫生院（T09）", "2024年第四季度", "已导入"]
    assert "新单位，已添加到 城关镇卫生院（T01） 下" in row[4]
    assert NEW.code in unit_names(window)  # the units tree shows it
    # A backup was taken before anything was written.
    backups = list_backups(db_path.parent / "backups", db_path.stem)
    assert [b.reason for b in backups] == ["import"]
    assert str(backups[0].path) in dialog.summary.text()


def test_a_new_unit_refused_is_not_imported(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = make_window()
    sent = township_file(tmp_path / "mail", NEW, PERIOD, {"staff.total": 23})
    dialogs.new_units = False
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, [sent])
    dialog = wait_for_import(qtbot, window)
    assert db_snapshot(db_path) == before
    [row] = result_rows(dialog)
    assert row[3] == "未导入" and "未添加" in row[4]
    assert not (db_path.parent / "backups").exists()  # nothing to write, nothing backed up


def test_reimporting_asks_and_no_leaves_the_database_unchanged(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = make_window()
    first = township_file(tmp_path / "first", OTHER, PERIOD, {"staff.total": 17})
    import_via_menu(window, dialogs, [first])
    wait_for_import(qtbot, window).close()
    qtbot.waitUntil(lambda: window.file_actions.importer.result_dialog is None)
    again = township_file(tmp_path / "again", OTHER, PERIOD, {"staff.total": 19})
    dialogs.replace = False
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, [again])
    dialog = wait_for_import(qtbot, window)
    assert dialogs.questions == ["replace:T02"]
    assert db_snapshot(db_path) == before
    [row] = result_rows(dialog)
    assert row[3] == "未导入" and "未替换" in row[4]


def test_reimporting_with_yes_replaces_and_the_shown_return_is_reloaded(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    window = make_window()
    assert window.service is not None
    assert window.open_return(OTHER.code, PERIOD)
    window.forms["staff"].fields["staff.total"].type_text("17")
    window.forms["staff"].fields["staff.total"].normalise()
    # Typed but not yet saved: the import saves it first, then asks to replace it.
    assert window.dirty
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 19}, {"text.plans": "明年继续引进人才"})
    import_via_menu(window, dialogs, [sent])
    dialog = wait_for_import(qtbot, window)
    assert dialogs.questions == ["replace:T02"]
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(19)
    assert [row[3] for row in result_rows(dialog)] == ["已替换"]
    # The window shows what is now stored, and the old figure is in the history.
    assert window.forms["staff"].fields["staff.total"].text() == "19"
    assert window.forms["text"].texts["text.plans"].toPlainText() == "明年继续引进人才"
    assert [(a.old, a.new) for a in window.service.store.audit(OTHER.code, PERIOD, "staff.total") if a.action == "import"] == [("17", "19")]


def test_our_submitted_return_is_never_overwritten(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot
) -> None:
    window = make_window()
    assert window.service is not None
    assert window.open_return(UNIT.code, PERIOD)
    window.forms["staff"].fields["staff.total"].type_text("0")
    window.forms["staff"].fields["staff.total"].normalise()
    assert window.commands.submit()
    sent = township_file(tmp_path / "mail", UNIT, PERIOD, {"staff.total": 99})
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, [sent])
    dialog = wait_for_import(qtbot, window)
    assert dialogs.questions == []  # nothing to ask: it is refused
    assert db_snapshot(db_path) == before
    [row] = result_rows(dialog)
    assert row[3] == "未导入" and "本单位已报送的报表，导入不会覆盖它" in row[4]


def test_a_bad_file_and_an_edited_file_each_get_their_row(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from formats.xlsx_layout import sheet_names
    from tests.formats.xlsx_files import cell_by_code

    window = make_window()
    bad = tmp_path / "mail" / "坏文件.xlsx"
    bad.parent.mkdir()
    bad.write_text("this is not a workbook")
    edited = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17, "staff.female": 3})
    wb = load_workbook(edited)
    ws = wb[sheet_names(window.template)[0]]
    cell_by_code(ws, "staff.female").value = 30  # more women than staff: a check error
    wb.save(edited)
    import_via_menu(window, dialogs, [bad, edited])
    dialog = wait_for_import(qtbot, window)
    rows = result_rows(dialog)
    assert [r[0] for r in rows] == ["坏文件.xlsx", edited.name]
    assert rows[0][3] == "不是报表，已忽略" and "不是 Excel 工作簿" in rows[0][5]
    assert rows[1][3] == "已导入" and "已在Excel中修改" in rows[1][4]
    assert "错误：" in rows[1][6] and "大于" in rows[1][6]
    assert window.service is not None
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.female"] == Decimal(30)
    # 复制 puts the whole table on the clipboard, one line per file.
    dialog.copy_button.click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:4] == ["文件", "单位", "报告期", "结果"]
    assert lines[1].startswith("坏文件.xlsx\t") and lines[2].startswith(edited.name + "\t")
    assert dialog.summary.text().startswith("共 2 个文件：1 个已导入或替换，1 个未导入。")


def test_the_result_table_model(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from models.importing import FileReport

    reports = [
        FileReport(tmp_path / "a.xlsx", "imported", "甲 已导入", "T1", "甲", "2024Q4", notes=["已在Excel中修改"]),
        FileReport(tmp_path / "b.xlsx", "rejected", "文件 b.xlsx 未导入", problems=["人员基本情况 D7：不是整数"]),
    ]
    model = ImportResultModel(reports)
    qtmodeltester.check(model)
    assert model.cell(1, 5) == "人员基本情况 D7：不是整数"
    assert model.cell(0, 2) == "2024年第四季度"


def test_cancel_while_reading_imports_nothing_and_the_window_keeps_working(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path, db_snapshot: Snapshot, held_reading: Held
) -> None:
    window = make_window()
    files = [township_file(tmp_path / f"m{n}", UnitInfo(f"T2{n}", f"乡{n}卫生院", "township"), PERIOD, {"staff.total": n}) for n in range(3)]
    reading, release = held_reading
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, files)
    flow = window.file_actions.importer
    assert flow.busy
    qtbot.waitUntil(reading.is_set)
    # The worker is busy reading; the window still answers (events are processed).
    qtbot.waitUntil(
        lambda: window.findChild(QProgressDialog, "progress") is not None and window.findChild(QProgressDialog, "progress").isVisible(), timeout=5000
    )
    progress = window.findChild(QProgressDialog, "progress")
    assert progress is not None
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # 取消
    release.set()
    qtbot.waitUntil(lambda: not flow.busy, timeout=10_000)
    assert flow.result_dialog is None
    assert answers.told[-1][0] == "导入已取消"
    assert db_snapshot(db_path) == before


def test_a_failed_backup_imports_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    dialogs: FileDialogs,
    answers: Answers,
    tmp_path: Path,
    db_path: Path,
    db_snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import models.backup

    window = make_window()
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17})

    def no_backup(db: Path, reason: str) -> Path:
        raise models.backup.BackupError("备份失败（backups）：磁盘已满。请检查磁盘空间或换一个位置。")

    monkeypatch.setattr(models.backup, "make_backup", no_backup)
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, [sent])
    flow = window.file_actions.importer
    qtbot.waitUntil(lambda: not flow.busy and bool(answers.told), timeout=10_000)
    title, text, error = answers.told[-1]
    assert error and title == "导入失败" and "没有导入任何文件" in text and "磁盘已满" in text
    assert db_snapshot(db_path) == before


def test_the_same_return_twice_in_one_import_takes_the_newer(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    import os

    window = make_window()
    first = township_file(tmp_path / "a", OTHER, PERIOD, {"staff.total": 17})
    second = township_file(tmp_path / "b", OTHER, PERIOD, {"staff.total": 18})
    os.utime(first, (2_000_000_000, 2_000_000_000))  # the first in the list is the newer file
    os.utime(second, (1_900_000_000, 1_900_000_000))
    import_via_menu(window, dialogs, [second, first])
    dialog = wait_for_import(qtbot, window)
    rows = result_rows(dialog)
    assert [r[3] for r in rows] == ["未导入（本批另有新版本）", "已导入"]
    assert "另一个文件的单位和报告期与此相同" in rows[0][4] and "那个文件较新" in rows[0][4]
    assert window.service is not None
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(17)


def test_the_window_stays_open_while_an_import_runs(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, held_reading: Held
) -> None:
    window = make_window()
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17})
    reading, release = held_reading
    import_via_menu(window, dialogs, [sent])
    qtbot.waitUntil(reading.is_set)
    assert not window.close()
    assert window.isVisible() and "正在导入" in window.statusBar().currentMessage()
    release.set()
    wait_for_import(qtbot, window)
    assert window.close()


def test_an_unexpected_error_while_reading_is_told_and_changes_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    dialogs: FileDialogs,
    answers: Answers,
    tmp_path: Path,
    db_path: Path,
    db_snapshot: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import models.importing

    window = make_window()
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17})

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(models.importing, "plan_import", broken)
    before = db_snapshot(db_path)
    import_via_menu(window, dialogs, [sent])
    flow = window.file_actions.importer
    qtbot.waitUntil(lambda: not flow.busy and bool(answers.told), timeout=10_000)
    title, text, error = answers.told[-1]
    assert error and title == "导入失败" and "a bug" in text and "数据库没有改变" in text
    assert db_snapshot(db_path) == before


class Killed(BaseException):
    """Stands for the import process being killed."""


def interrupted_import(db_path: Path, tmp_path: Path) -> None:
    """An import of three files into ``db_path`` killed after the first was committed."""
    from formats.reading import reader_for
    from models.db import open_database
    from models.importing import Decisions, apply_plan, plan_import
    from models.returns import ReturnService

    files = [township_file(tmp_path / f"k{n}", UnitInfo(f"T3{n}", f"中断乡{n}卫生院", "township"), PERIOD, {"staff.total": n}) for n in range(3)]
    engine = open_database(db_path)
    try:
        service = ReturnService(engine, who="tester")
        plan = plan_import(service, files, reader_for(service.registry))
        assert plan is not None

        def kill_after_first(done: int, total: int, name: str) -> bool:
            if done == 1:
                raise Killed
            return True

        from models import import_apply

        # Files are committed a chunk at a time: here each one, so the first is in when the kill comes.
        with pytest.raises(Killed), pytest.MonkeyPatch.context() as patch:
            patch.setattr(import_apply, "COMMIT_FILES", 1)
            apply_plan(service, plan, Decisions(), kill_after_first, source="import-xlsx")
    finally:
        engine.dispose()


def test_an_interrupted_import_is_told_at_the_next_start_once(make_window: WindowFactory, answers: Answers, tmp_path: Path, db_path: Path) -> None:
    interrupted_import(db_path, tmp_path)
    window = make_window()
    [(title, text, error)] = [t for t in answers.told if t[0] == "上次导入被中断"]
    assert error and "T30_中断乡0卫生院_2024Q4_卫人才季报.xlsx" in text.split("已导入：")[1].split("\n")[0]
    assert "T31_中断乡1卫生院_2024Q4_卫人才季报.xlsx、T32_中断乡2卫生院_2024Q4_卫人才季报.xlsx" in text.split("未导入：")[1]
    assert "请把未导入的文件重新导入" in text
    window.close()
    make_window()
    assert len([t for t in answers.told if t[0] == "上次导入被中断"]) == 1  # told once


def test_an_interrupted_import_is_told_at_the_next_import(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path, db_path: Path
) -> None:
    window = make_window()
    interrupted_import(db_path, tmp_path)  # recorded after the window started: told at the import too
    sent = township_file(tmp_path / "mail", OTHER, PERIOD, {"staff.total": 17})
    import_via_menu(window, dialogs, [sent])
    wait_for_import(qtbot, window)
    [(title, text, error)] = [t for t in answers.told if t[0] == "上次导入被中断"]
    assert "已导入：T30_中断乡0卫生院_2024Q4_卫人才季报.xlsx" in text


def test_import_a_folder_from_the_menu_lists_every_file(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    from tests.formats.inbox_files import JPEG, xls_copy, zip_of

    window = make_window()
    assert window.service is not None
    sent = township_file(tmp_path / "made", OTHER, PERIOD, {"staff.total": 21})
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    xls_copy(sent, inbox / "新华乡.xls")
    zip_of(inbox / "打包.zip", {"说明.txt": "请查收".encode("gbk")})
    (inbox / "照片.jpg").write_bytes(JPEG)
    (inbox / "坏的.xlsx").write_bytes(sent.read_bytes()[:2000])
    dialogs.folder = inbox
    action = window.file_actions.import_folder_action
    assert action.text() == "导入文件夹(&F)…"
    action.trigger()
    dialog = wait_for_import(qtbot, window)
    rows = {r[0]: r[3] for r in result_rows(dialog)}
    assert rows == {"坏的.xlsx": "已损坏，未导入", "打包.zip › 说明.txt": "不是报表，已忽略", "新华乡.xls": "已导入", "照片.jpg": "不是报表，已忽略"}
    stored = window.service.store.load(OTHER.code, PERIOD)
    assert stored is not None and stored.values["staff.total"] == Decimal(21)
    if os.environ.get("HRH_SHOTS"):
        dialog.resize(1100, 360)
        dialog.grab().save(os.environ["HRH_SHOTS"])


def test_after_an_import_the_tree_completeness_and_the_shown_return_follow_by_themselves(
    qtbot: QtBot, make_window: WindowFactory, dialogs: FileDialogs, answers: Answers, tmp_path: Path
) -> None:
    """Issue 16, item 7: the import announces document.changed(unit, period); the tree, 报送情况
    and the form showing that return refresh from it (the test never asks them to)."""
    from ui.completeness_dialog import STATE

    county = UnitInfo("C00", "示范县卫生健康局", "county")
    kid = UnitInfo("C01", "一号镇卫生院", "township", "C00")
    window = make_window(units=(county, kid), our="C00")
    assert window.open_return(county.code, PERIOD)
    window.county.completeness_action.trigger()
    completeness = window.county.dialog
    assert completeness is not None and completeness.isVisible()
    assert window.open_return(kid.code, PERIOD)  # the county clerk looks at C01's (empty) return

    def state_in_table(code: str) -> str:
        return next(completeness.model.cell(c, STATE) for c in completeness.model.rows if c.unit.code == code)

    def state_in_tree(code: str) -> str:
        return next(i.text(1) for i in window.chooser.unit_items() if i.data(0, Qt.ItemDataRole.UserRole) == code)

    assert (state_in_table(kid.code), state_in_tree(kid.code)) == ("未报", "—")
    changed: list[tuple[str, str]] = []
    window.document.changed.connect(lambda unit, period: changed.append((unit, period)))
    sent = township_file(tmp_path / "mail", kid, PERIOD, {"staff.total": 17})
    newcomer = township_file(tmp_path / "mail2", UnitInfo("C02", "二号乡卫生院", "township", "C00"), PERIOD, {"staff.total": 9})
    import_via_menu(window, dialogs, [sent, newcomer])
    wait_for_import(qtbot, window)
    assert sorted(changed) == [(kid.code, PERIOD), ("C02", PERIOD)]
    assert state_in_tree(kid.code) == state_in_table(kid.code) == "已导入"
    assert state_in_tree("C02") == state_in_table("C02") == "已导入"  # a unit the import added
    field = window.forms["staff"].fields["staff.total"]
    assert field.text() == "17" and window.data is not None and window.data.values["staff.total"] == Decimal(17)
