"""--selftest: the installed program checks itself in a temporary folder."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cli import selftest
from cli.selftest import run_selftest
from models.returns import ReturnService

ROOT = Path(__file__).resolve().parents[2]


def test_selftest_passes_in_process_with_the_window_step(qapp: QApplication) -> None:
    from ui.selftest import window_step

    out = io.StringIO()
    assert run_selftest(out, window=window_step) == 0
    report = out.getvalue()
    assert "自检通过 / self-test passed: 6/6" in report
    assert "一、基本情况和 788人" in report  # the Word 工作总结, read back with python-docx
    # Every figure of the demo county's 2024Q4 back from the Excel file: 36, the blank 正高/副高 stay blank.
    assert "36 个数值读回一致" in report
    assert "文字含单位名称和 788" in report  # the PDF's text, read with pypdf
    assert "示范报表显示 788" in report
    assert "失败" not in report


def test_selftest_runs_as_the_program_would(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "main.py", "--selftest"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "自检通过" in out.stdout and "窗口 window" in out.stdout
    assert not (tmp_path / "data").exists()  # the clerk's data folder is not touched


def test_a_failing_step_fails_the_selftest_and_says_which() -> None:
    def broken_window(service: ReturnService, folder: Path) -> str:
        raise AssertionError("窗口未能绘制")

    out = io.StringIO()
    assert run_selftest(out, window=broken_window) == 1
    report = out.getvalue()
    assert "失败 FAIL" in report and "窗口未能绘制" in report
    assert "自检失败 / self-test FAILED: 5/6" in report


def test_a_wrong_figure_in_the_excel_file_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    read = selftest.cell_by_code
    monkeypatch.setattr(selftest, "cell_by_code", lambda path, sheet, code: read(path, sheet, code) + 1)  # type: ignore[operator]
    out = io.StringIO()
    assert run_selftest(out) == 1
    assert "Excel 中在岗职工总数为 789，应为 788" in out.getvalue()
