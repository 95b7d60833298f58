"""收件箱: one folder import with every outcome, listed file by file with when, which unit,
what became of it and why, and where the unit's return stands now."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from formats.reading import reader_for
from formats.xlsx_export import export_xlsx
from models.db import open_database
from models.demo import build_demo
from models.importing import import_files
from models.inbox import inbox
from models.returns import ReturnService
from models.vocab import Arrival, SubmissionState
from tests.formats.inbox_files import JPEG

PERIOD = "2024Q4"


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[ReturnService]:
    """The townships' side: the demo's returns, to be exported as the files that arrive."""
    engine = open_database(str(tmp_path / "townships.db"))
    service = ReturnService(engine, who="towns")
    build_demo(service)
    yield service
    engine.dispose()


@pytest.fixture
def county(demo_service: ReturnService) -> ReturnService:
    """The county's side: the demo's units, none of the townships' returns yet."""
    for code in ("530000110", "530000111", "530000112"):
        demo_service.workflow.delete(code, PERIOD)
    return demo_service


def test_a_folder_with_every_outcome_is_listed_file_by_file(sender: ReturnService, county: ReturnService, tmp_path: Path) -> None:
    folder = tmp_path / "附件"
    folder.mkdir()
    export_xlsx(sender, "530000110", PERIOD, folder / "城关镇.xlsx")
    shutil.copy(folder / "城关镇.xlsx", folder / "城关镇(1).xlsx")  # the mail client saved it twice
    old = sender.store.load("530000111", PERIOD)
    assert old is not None
    old.signatories.report_date = dt.date(2025, 1, 10)
    sender.store.save(old)
    export_xlsx(sender, "530000111", PERIOD, folder / "新华乡_旧.xlsx")
    old.signatories.report_date = dt.date(2025, 1, 18)
    old.texts["text.plans"] = "下季度继续招聘。"
    sender.store.save(old)
    export_xlsx(sender, "530000111", PERIOD, folder / "新华乡_新.xlsx")
    (folder / "照片.jpg").write_bytes(JPEG)
    raw = (folder / "城关镇.xlsx").read_bytes()
    (folder / "石桥镇.xlsx").write_bytes(raw[: len(raw) // 2])  # cut off in the mail
    import_files(county, [folder], reader_for(county.registry), source="test")
    # The same file again, in a second batch with 石桥镇's return: recognised, not imported twice.
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(folder / "城关镇.xlsx", again / "附件1.xlsx")
    export_xlsx(sender, "530000112", PERIOD, again / "石桥镇卫生院.xlsx")
    import_files(county, [again], reader_for(county.registry), source="test")

    box = inbox(county, PERIOD)
    got = {r.file_name: (r.unit_code, r.arrival, r.state) for r in box.rows}
    assert got == {
        "附件1.xlsx": ("530000110", Arrival.SAME, SubmissionState.IMPORTED),
        "城关镇(1).xlsx": ("530000110", Arrival.IMPORTED, SubmissionState.IMPORTED),  # the first in name order
        "城关镇.xlsx": ("530000110", Arrival.DUPLICATE, SubmissionState.IMPORTED),
        "新华乡_旧.xlsx": ("530000111", Arrival.OLDER, SubmissionState.IMPORTED),
        "新华乡_新.xlsx": ("530000111", Arrival.IMPORTED, SubmissionState.IMPORTED),
        "照片.jpg": ("", Arrival.NOT_A_RETURN, None),
        "石桥镇.xlsx": ("", Arrival.DAMAGED, None),
        "石桥镇卫生院.xlsx": ("530000112", Arrival.IMPORTED, SubmissionState.IMPORTED),
    }
    assert {r.file_name for r in box.rows[:2]} == {"附件1.xlsx", "石桥镇卫生院.xlsx"}  # the newest batch first
    why = {r.file_name: r.reason for r in box.rows}
    assert "报出日期较新（2025-01-18" in why["新华乡_旧.xlsx"]
    assert "两个文件内容完全相同" in why["城关镇.xlsx"]
    assert "图片" in why["照片.jpg"] and "损坏" in why["石桥镇.xlsx"]
    assert "逐字节相同" in why["附件1.xlsx"]
    arrived = {r.arrived_local.date() for r in box.rows}
    assert arrived == {dt.date.today()}
    assert {r.unit_name for r in box.rows if r.unit_code} == {"城关镇卫生院", "新华乡卫生院", "石桥镇卫生院"}
    assert box.count(Arrival.IMPORTED) == 3 and len(box.rows) == 8
    # The unit's state follows the return: sent back, the 收件箱 says so.
    county.workflow.review("530000111", PERIOD, accept=False, note="请核实")
    assert {r.state for r in inbox(county, PERIOD).rows if r.unit_code == "530000111"} == {SubmissionState.RETURNED}
    assert inbox(county, "2024Q3").rows == []
