"""The record of import batches (models/import_journal.py): every file written with its planned
outcome before the first is stored, outcomes set as files go in, and a batch that never
finished told file by file (in Chinese, on this PC's clock) until the clerk has been told."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.import_journal import (
    BatchFile,
    BatchReport,
    acknowledge,
    batch_report,
    describe_interrupted,
    finish_batch,
    interrupted_batches,
    set_outcomes,
    start_batch,
)
from models.importing import FileReport
from models.returns import ReturnService, ServiceError


def planned(service: ReturnService) -> tuple[int, list[int]]:
    files = [
        FileReport(Path("/mail/t1.xlsx"), "import", unit_code="T01", period="2024Q4", content_hash="h1"),
        FileReport(Path("/mail/t2.xlsx"), "replace", unit_code="T02", period="2024Q4"),
        FileReport(Path("/mail/bad.xlsx"), "rejected", message="不是报表"),
        FileReport(Path("/mail/t3.xlsx"), "import", unit_code="T03", period="2024Q4"),
    ]
    batch_id, rows = start_batch(service, files, "import-xlsx")
    return batch_id, [rows[id(f)] for f in files]


def test_a_batch_is_recorded_before_any_file_is_stored_and_its_outcomes_as_they_happen(service: ReturnService) -> None:
    batch_id, rows = planned(service)
    report = batch_report(service.engine, batch_id)
    assert (report.source, report.status) == ("import-xlsx", "running")
    assert [(f.file_name, f.unit_code, f.outcome) for f in report.files] == [
        ("t1.xlsx", "T01", "pending"),
        ("t2.xlsx", "T02", "pending"),
        ("bad.xlsx", "", "rejected"),  # not to be stored: its outcome is known already
        ("t3.xlsx", "T03", "pending"),
    ]
    assert [b.batch_id for b in interrupted_batches(service.engine)] == [batch_id]  # running: interrupted if we stop now
    set_outcomes(service.engine, [(rows[0], "imported", ""), (rows[1], "failed", "磁盘已满")])
    report = batch_report(service.engine, batch_id)
    assert [f.file_name for f in report.went_in] == ["t1.xlsx"]
    assert [f.file_name for f in report.not_in] == ["t2.xlsx", "bad.xlsx", "t3.xlsx"]
    assert [f.file_name for f in report.cut_off] == ["t3.xlsx"]
    assert report.files[1].message == "磁盘已满"
    finish_batch(service.engine, batch_id, "finished")
    assert batch_report(service.engine, batch_id).status == "finished"
    assert interrupted_batches(service.engine) == []


def test_an_interrupted_batch_is_told_until_acknowledged_and_the_next_batch_closes_it(service: ReturnService) -> None:
    first, _ = planned(service)
    second, _ = planned(service)  # starting a batch marks the one left running as interrupted
    assert batch_report(service.engine, first).status == "interrupted"
    assert [b.batch_id for b in interrupted_batches(service.engine)] == [second]
    acknowledge(service.engine, [])
    assert [b.batch_id for b in interrupted_batches(service.engine)] == [second]
    acknowledge(service.engine, [second])
    assert interrupted_batches(service.engine) == []
    assert batch_report(service.engine, second).status == "interrupted"
    finish_batch(service.engine, first, "finished")
    acknowledge(service.engine, [first])  # only a running batch is marked
    assert batch_report(service.engine, first).status == "finished"


def test_an_unknown_batch_is_a_clear_message(service: ReturnService) -> None:
    with pytest.raises(ServiceError, match="没有编号为 42 的导入记录"):
        batch_report(service.engine, 42)


def test_the_lines_about_an_interrupted_batch_name_each_file_and_the_local_start(in_beijing: None) -> None:
    files = [
        BatchFile("t1.xlsx", "T01", "2024Q4", "imported", ""),
        BatchFile("n.xlsx", "T02", "2024Q4", "reopened", ""),
        BatchFile("bad.xlsx", "", "", "rejected", "不是报表"),
        BatchFile("t3.xlsx", "T03", "2024Q4", "pending", ""),
    ]
    report = BatchReport(7, dt.datetime(2026, 12, 1, 1, 5), "window", "running", files)
    assert report.started_local == dt.datetime(2026, 12, 1, 9, 5)
    lines = describe_interrupted(report)
    assert lines[0] == "注意：上次的导入（2026-12-01 09:05 开始，共 4 个文件）被中断，没有做完。"
    assert lines[1].endswith("的 2 个文件：t1.xlsx、n.xlsx")
    assert lines[2] == "  未导入的 2 个文件：bad.xlsx、t3.xlsx"
    assert lines[3].startswith("  其中因中断而未导入、请重新导入的：t3.xlsx（")
    done = describe_interrupted(BatchReport(8, dt.datetime(2026, 12, 1, 1, 5), "window", "running", files[:1]))
    assert done[1:] == [done[1], "  未导入的 0 个文件：无"]  # nothing cut off: no line to import again
