"""Old Excel (.xls, BIFF) returns (formats/xls_import.py): read through the .xlsx rules, so
an .xls gives exactly what its .xlsx gives, fails the same checks, and a damaged or
oversized one is refused saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats.errors import FileProblems
from formats.reading import read_any
from formats.xls_import import DAMAGED, NOTE_XLS, read_xls
from formats.xlsx_layout import MAX_FILE_BYTES
from models.importing import RETURN
from models.template import TemplateRegistry, default_registry
from tests.formats.inbox_files import xls_copy
from tests.formats.xlsx_files import DEMO_RETURNS, demo_exports


@pytest.fixture(scope="module")
def registry() -> TemplateRegistry:
    return default_registry()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo_exports(tmp_path_factory.mktemp("inbox"))


@pytest.mark.parametrize("unit", [u for u, _ in DEMO_RETURNS])
def test_an_xls_made_by_old_excel_imports_exactly_like_the_xlsx(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path, unit: str) -> None:
    original = read_any(exported[unit], registry)
    old = read_any(xls_copy(exported[unit], tmp_path / "城关镇.xls"), registry)
    assert original.data is not None and old.data is not None, old.message
    assert old.data.source_file == "城关镇.xls"
    old.data.source_file = original.data.source_file
    assert old.data == original.data  # every figure, text, allowance, signatory: the same
    assert old.notes == [NOTE_XLS] + original.notes  # the checksum matched: not "edited in Excel"


def test_an_xls_goes_through_the_same_checks(exported: dict[str, Path], registry: TemplateRegistry, tmp_path: Path) -> None:
    import openpyxl

    from formats.xlsx_layout import sheet_names
    from tests.formats.xlsx_files import cell_by_code

    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(exported["530000110"])
    ws = wb[sheet_names(registry.for_period("2024Q4"))[0]]
    cell_by_code(ws, "staff.female").value = "很多"  # not a number
    wb["meta"].sheet_state = "visible"
    wb.save(edited)
    read = read_any(xls_copy(edited, tmp_path / "edited.xls"), registry)
    assert read.data is None and read.kind == RETURN
    assert any("staff.female" in p or "其中：女性" in p or "很多" in p for p in read.problems), read.problems


def test_a_damaged_xls_is_refused_saying_what_to_do(registry: TemplateRegistry, tmp_path: Path) -> None:
    broken = tmp_path / "城关镇.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # the OLE signature, nothing behind it
    with pytest.raises(FileProblems) as refused:
        read_xls(broken, registry)
    assert refused.value.problems == [DAMAGED] and "另存为 .xlsx" in DAMAGED


def test_an_oversized_xls_is_not_read(registry: TemplateRegistry, tmp_path: Path) -> None:
    big = tmp_path / "大.xls"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(FileProblems) as refused:
        read_xls(big, registry)
    assert "文件太大" in refused.value.problems[0]
