"""import-xlsx on a county clerk's inbox folder (issue 15, done-when): every file classified
and reported, the database holding exactly the expected returns."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from formats.reading import SEP
from models.data import Signatories, UnitInfo
from models.db import open_database
from models.returns import ReturnService
from tests.factories import make_return
from tests.formats.inbox_files import JPEG, eml_with, xls_copy, zip_of
from tests.formats.xlsx_files import run

PERIOD = "2024Q4"


def town(n: int) -> UnitInfo:
    return UnitInfo(f"T{n:02d}", f"第{n}乡卫生院", "township")


def township_files(folder: Path, totals: dict[int, int], report_date: dt.date | None = None) -> dict[int, Path]:
    """Each town's return exported by its own program (one source database)."""
    from formats.xlsx_export import export_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    engine = open_database(folder / "source.db")
    try:
        service = ReturnService(engine)
        template = service.registry.for_period("2024Q4")
        out = {}
        for n, total in totals.items():
            service.units.save(town(n))
            data = make_return(template, {"staff.total": total}, unit=town(n), period=PERIOD, signatories=Signatories(report_date=report_date))
            service.store.save(data)
            out[n] = folder / f"T{n:02d}.xlsx"
            export_xlsx(service, f"T{n:02d}", PERIOD, out[n])
    finally:
        engine.dispose()
    return out


def stored_totals(db: Path) -> dict[str, Decimal]:
    engine = open_database(db)
    try:
        service = ReturnService(engine)
        out = {}
        for unit in service.units.list():
            data = service.store.load(unit.code, PERIOD)
            if data is not None:
                out[unit.code] = data.values["staff.total"]
        return out
    finally:
        engine.dispose()


def test_one_import_of_the_inbox_folder_gives_the_right_outcome_for_each_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = township_files(tmp_path / "made", {n: 100 + n for n in range(1, 20)})
    older = township_files(tmp_path / "older", {16: 50})[16]
    db = tmp_path / "county.db"
    # Already in the county's database: T15 (this very file) and an older T16.
    assert run(db, "import-xlsx", str(made[15]), str(older)) == 0

    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    renamed = {1: "附件1.xlsx", 2: "城关镇(1).xlsx", 3: "第3乡报表.xls", 4: "第4乡报表"}  # three renamed, one without extension
    for n in range(1, 11):
        shutil.copy(made[n], inbox / renamed.get(n, f"T{n:02d}_第{n}乡卫生院_{PERIOD}_卫人才季报.xlsx"))
    (inbox / "旧Excel").mkdir()
    xls_copy(made[11], inbox / "旧Excel" / "第11乡.xls")
    xls_copy(made[12], inbox / "旧Excel" / "第12乡.xls")
    zip_of(inbox / "三个乡.zip", {"第13乡.xlsx": made[13].read_bytes(), "第14乡.xlsx": made[14].read_bytes(), "第17乡.xlsx": made[17].read_bytes()})
    eml_with(inbox / "两个乡.eml", [("第18乡卫生院.xlsx", made[18].read_bytes(), "rfc2047"), ("第19乡卫生院.xlsx", made[19].read_bytes(), "rfc2231")])
    shutil.copy(made[15], inbox / "第15乡(再次发送).xlsx")  # the same content as the one in
    shutil.copy(made[16], inbox / "第16乡(修改后).xlsx")  # a newer version of the one in
    (inbox / "IMG_0001.jpg").write_bytes(JPEG)
    (inbox / "城关镇(2).xlsx").write_bytes(made[1].read_bytes()[:3000])

    capsys.readouterr()
    assert run(db, "import-xlsx", str(inbox)) == 2  # not everything went in: said per file
    out, err = capsys.readouterr()
    lines = out + err
    imported = [
        "附件1.xlsx", "城关镇(1).xlsx", "第3乡报表.xls", "第4乡报表", *[f"T{n:02d}_第{n}乡卫生院_{PERIOD}_卫人才季报.xlsx" for n in range(5, 11)],
        "第11乡.xls", "第12乡.xls", f"三个乡.zip{SEP}第13乡.xlsx", f"三个乡.zip{SEP}第14乡.xlsx", f"三个乡.zip{SEP}第17乡.xlsx",
        f"两个乡.eml{SEP}第18乡卫生院.xlsx", f"两个乡.eml{SEP}第19乡卫生院.xlsx",
    ]  # fmt: skip
    for name in imported:
        assert any(line.startswith(f"{name}：") and line.endswith(" 已导入") for line in out.splitlines()), name
    assert "第15乡(再次发送).xlsx：第15乡卫生院（T15） 2024年第四季度 已导入过相同内容，跳过" in err
    assert "第16乡(修改后).xlsx：第16乡卫生院（T16） 2024年第四季度 未导入" in err  # without --replace: kept, as before
    assert "IMG_0001.jpg" in err and "这是图片（JPEG），不是报表" in err
    assert "城关镇(2).xlsx" in err and "已损坏" in err
    assert len([line for line in lines.splitlines() if "：" in line and not line.startswith(" ")]) >= 21

    expected = {f"T{n:02d}": Decimal(100 + n) for n in range(1, 20)}
    expected["T16"] = Decimal(50)  # the newer version waits for the clerk's yes
    assert stored_totals(db) == expected
    assert sorted(p.name for p in inbox.rglob("*")) == sorted(
        [*(renamed[n] for n in range(1, 5)), *(f"T{n:02d}_第{n}乡卫生院_{PERIOD}_卫人才季报.xlsx" for n in range(5, 11)), "旧Excel", "第11乡.xls", "第12乡.xls",
         "三个乡.zip", "两个乡.eml", "第15乡(再次发送).xlsx", "第16乡(修改后).xlsx", "IMG_0001.jpg", "城关镇(2).xlsx"]
    )  # fmt: skip  # nothing unpacked beside the files

    # The clerk says yes to the newer version: one more import with --replace.
    assert run(db, "import-xlsx", "--replace", str(inbox / "第16乡(修改后).xlsx")) == 0
    assert stored_totals(db)["T16"] == Decimal(116)


def test_the_newer_report_date_wins_in_one_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    early = township_files(tmp_path / "early", {1: 10}, report_date=dt.date(2025, 1, 12))[1]
    late = township_files(tmp_path / "late", {1: 20}, report_date=dt.date(2025, 1, 10))[1]
    late.touch()  # the file time says otherwise: the 报出日期 decides first
    db = tmp_path / "county.db"
    capsys.readouterr()
    assert run(db, "import-xlsx", str(late), str(early)) == 2
    _, err = capsys.readouterr()
    assert "那个文件的报出日期较新（2025-01-12，这个文件是 2025-01-10）" in err
    assert stored_totals(db) == {"T01": Decimal(10)}


def test_import_xlsx_applies_a_send_back_notice_and_refuses_one_for_another_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from formats.notice_xlsx import write_notice
    from models.notices import SendBackNotice
    from tests.formats.xlsx_files import demo_database

    db = demo_database(tmp_path)
    engine = open_database(db)
    ReturnService(engine).settings.set(our_unit="530000111")  # the township's program
    engine.dispose()
    notice = SendBackNotice("530000111", "新华乡卫生院", "2024Q4", "请核实录用人数", "王芳", dt.datetime(2025, 2, 3, 1, 0), "530000100", "示范县卫生健康局")
    write_notice(notice, tmp_path / "退回通知.xlsx")
    capsys.readouterr()
    assert run(db, "import-xlsx", str(tmp_path / "退回通知.xlsx")) == 0
    out = capsys.readouterr()
    assert "退回通知：报表已重新打开修改" in out.out and "请核实录用人数" in out.out, out
    write_notice(
        SendBackNotice("530000110", "城关镇卫生院", "2024Q4", "请核实", "王芳", dt.datetime(2025, 2, 3), "530000100", "示范县卫生健康局"),
        tmp_path / "别人的.xlsx",
    )
    assert run(db, "import-xlsx", str(tmp_path / "别人的.xlsx")) == 2
    assert "不是本单位的" in capsys.readouterr().err
