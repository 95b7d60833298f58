"""The bench scripts stay runnable: each imports and has a main, and `make bench` knows them all."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(BENCH.glob("*_bench.py"))


def load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_figure_the_issue_asks_for_has_a_script() -> None:
    names = {p.stem for p in SCRIPTS}
    assert {"gui_bench", "xlsx_bench", "pdf_bench", "consolidate_bench", "crash_bench", "docx_bench", "import_kill_bench"} <= names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_bench_script_imports_and_has_main(path: Path) -> None:
    assert callable(getattr(load(path), "main", None))


def test_run_py_arguments_name_existing_scripts() -> None:
    run = load(BENCH / "run.py")
    assert set(run.ARGS) <= {p.name for p in SCRIPTS}  # type: ignore[attr-defined]
    assert run.ARGS["crash_bench.py"] == ["--kills", "20"]  # type: ignore[attr-defined]


def test_callgrind_total_reads_the_count_callgrind_prints() -> None:
    gui = load(BENCH / "gui_bench.py")
    report = "==26312== Events    : Ir\n==26312== Collected : 775184229\n==26312==\n==26312== I   refs:      775,184,229\n"
    assert gui.callgrind_total(report) == 775184229  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="no instruction count"):
        gui.callgrind_total("==1== valgrind: failed to start tool 'callgrind'\n")  # type: ignore[attr-defined]


def test_a_paint_only_child_ends_once_painted(tmp_path: Path) -> None:
    """What --instructions counts: the child paints the window and ends there (no figures printed,
    no database opened)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    db = tmp_path / "never.db"
    done = subprocess.run(
        [sys.executable, str(BENCH / "gui_bench.py"), "--child", "window", "--db", str(db), "--paint-only"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
    assert not db.exists()
