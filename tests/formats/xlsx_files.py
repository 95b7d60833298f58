"""Helpers for the Excel tests: run the commands, find cells by code, damage files on purpose."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from main import main

VALUE_COL, PREVIOUS_COL, YTD_COL = 4, 5, 6


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def demo_database(folder: Path) -> Path:
    """The demo database, built by the ``demo`` command in ``folder``."""
    db = folder / "demo.db"
    assert run(db, "demo") == 0
    return db


# One own return, the county's consolidated one and the prefecture's (format 2, from the demo).
DEMO_RETURNS = [("530000110", "2024Q4"), ("530000100", "2024Q4"), ("530100000", "2024Q4")]


def demo_exports(folder: Path) -> dict[str, Path]:
    """The DEMO_RETURNS exported from the demo database into ``folder``, by unit code."""
    db = demo_database(folder)
    return {unit: export_xlsx(db, unit, period, folder / f"{unit}.xlsx") for unit, period in DEMO_RETURNS}


def copy_database(src: Path, dst: Path) -> Path:
    """A consistent copy of an SQLite database (the backup API copies what is still in the WAL)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dst


def export_xlsx(db: Path, unit: str, period: str, out: Path, *extra: str) -> Path:
    assert run(db, "export-xlsx", "--unit", unit, "--period", period, "-o", str(out), *extra) == 0
    return out


STABLE_COL = 7  # the hidden column G holds each row's stable code (format 2)


def row_of(ws: Any, code: str) -> int:
    """The row whose stable code (hidden column G; 代码, column B, in a format-1 file) is ``code``."""
    for col in (STABLE_COL, 2):
        for row in ws.iter_rows(min_col=col, max_col=col):
            if row[0].value == code:
                return int(row[0].row)
    raise AssertionError(f"no row with code {code} on sheet {ws.title}")


def cell_by_code(ws: Any, code: str, col: int = VALUE_COL) -> Any:
    return ws.cell(row=row_of(ws, code), column=col)


def rewrite_member(src: Path, dst: Path, member: str, change: Any) -> None:
    """Copy a zip, passing one member's text through ``change`` (str -> str)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def sheet_member(path: Path, title: str) -> str:
    """The zip member name of a worksheet, by its title."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', workbook) or re.search(
        rf'<sheet[^>]*r:id="(rId\d+)"[^>]*name="{re.escape(title)}"', workbook
    )
    assert rid, title
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def libreoffice_or_skip() -> None:
    """The tests that print with LibreOffice run in CI (.ci/run installs it); elsewhere they
    are skipped where it is not installed."""
    import os
    import shutil

    import pytest

    if not (shutil.which("libreoffice") or shutil.which("soffice")):
        if os.environ.get("HRH_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice is not installed, but CI must run this test: .ci/run installs it (package libreoffice-calc)")
        pytest.skip("LibreOffice is not installed here (Debian package libreoffice-calc; CI has it)")


def libreoffice_convert(src: Path, target: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless (own profile, so parallel runs don't clash)."""
    import shutil
    import subprocess

    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office
    profile = (outdir / "lo-profile").resolve().as_uri()
    subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return outdir / f"{src.stem}.{target.split(':')[0]}"
