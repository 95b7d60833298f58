"""The crash harness, short version: 50 SIGKILLs while saving, zero corruptions, zero lost saves."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "crash_bench.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_fifty_kills_lose_nothing(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("crash_bench", BENCH)
    assert spec and spec.loader
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    kills, saves, problems = harness.run(50, tmp_path / "crash.db", seed=7)
    assert problems == []
    assert kills == 50 and saves >= 50  # every kill came after at least one confirmed save
