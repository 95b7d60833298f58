from __future__ import annotations

import logging
from pathlib import Path

from main import main
from models.db import head_revision, open_database
from models.diagnostics import configure_logging, diagnostics


def test_errors_go_to_a_rotating_log_in_the_data_folder(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("hrh.test").error("导出失败：磁盘已满")
        assert path is not None
        assert "导出失败：磁盘已满" in path.read_text(encoding="utf-8")
    finally:
        configure_logging(None)


def test_command_line_logs_beside_the_database(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert main(["--db", str(db), "demo"]) == 0
    configure_logging(None)
    assert (tmp_path / "logs").is_dir()


def test_diagnostics_text(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    engine = open_database(db)
    text = diagnostics(engine, str(db))
    engine.dispose()
    assert f"数据库: {db}" in text
    assert f"结构版本: {head_revision()}（程序 {head_revision()}）" in text  # the newest migration
    assert "程序版本:" in text
