"""The import kill bench, short version: 8 SIGKILLs of a 30-file import-xlsx, and after
each one no unit without its return, no partial file, and a true record and report."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "import_kill_bench.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_eight_kills_of_a_thirty_file_import_leave_whole_files_only(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("import_kill_bench", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures, setup = bench.run(8, tmp_path, seed=3, notices=2)
    assert figures.problems == []
    assert figures.kills == 8 and len(setup.files) == 30 and setup.new_units == 27
    assert figures.units_without_return == figures.partial_files == figures.record_mismatches == figures.report_mismatches == 0
    assert figures.mid_batch >= 1  # at least one kill landed while files were being stored
    assert figures.notices_checked >= 1
