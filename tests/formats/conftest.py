"""Fixtures shared by the tests of the Excel export's modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from formats.xlsx_export import export_xlsx
from models.db import open_database
from models.demo import build_demo
from models.returns import ReturnService
from tests.template_copies import particulars_registry


@pytest.fixture(scope="module")
def county_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo county's 2024Q4 return, exported once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("county")
    engine = open_database(folder / "demo.db")
    service = ReturnService(engine, registry=particulars_registry(folder / "templates"), who="tester")
    build_demo(service)
    path = folder / "county.xlsx"
    export_xlsx(service, "530000100", "2024Q4", path)
    yield path
    engine.dispose()
