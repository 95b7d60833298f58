"""Start-up (main.py): a command runs with its log beside the database, no command starts the
window (a data folder that cannot be written: tests/cli/test_errors.py, as a separate process)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

import main as start
from models.diagnostics import configure_logging


@pytest.fixture(autouse=True)
def own_log() -> Iterator[None]:
    yield
    configure_logging(None)  # the log handler main() installed goes with the test


def test_a_command_logs_beside_its_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "data" / "returns.db"
    assert start.main(["--db", str(db), "demo"]) == 0
    assert start.main(["--db", str(db), "units"]) == 0
    assert "示范县卫生健康局" in capsys.readouterr().out
    logging.getLogger("test").error("见日志")
    assert "见日志" in (tmp_path / "data" / "logs" / "hrh.log").read_text(encoding="utf-8")


def test_no_command_starts_the_window_with_the_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app

    started: list[argparse.Namespace] = []
    monkeypatch.setattr(ui.app, "run_gui", lambda args: started.append(args) or 0)
    assert start.main(["--db", str(tmp_path / "returns.db")]) == 0
    [args] = started
    assert args.command is None and args.db == str(tmp_path / "returns.db")


def test_no_collection_while_starting_and_collection_on_for_the_command_and_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import cli
    import ui.app

    seen: dict[str, bool] = {}
    real_parse = cli.parse

    def parse(argv: list[str] | None) -> argparse.Namespace:
        seen["starting"] = gc.isenabled()
        return real_parse(argv)

    monkeypatch.setattr(cli, "parse", parse)
    monkeypatch.setattr(cli, "run", lambda args: seen.setdefault("command", gc.isenabled()) and 0)
    assert gc.isenabled()
    assert start.main(["--db", str(tmp_path / "returns.db"), "units"]) == 0
    assert seen == {"starting": False, "command": True} and gc.isenabled()
    # The window: started without collection too; on again afterwards however it ends.
    monkeypatch.setattr(ui.app, "run_gui", lambda args: seen.__setitem__("window", gc.isenabled()) or 0)
    assert start.main(["--db", str(tmp_path / "returns.db")]) == 0
    assert seen["window"] is False and gc.isenabled()
    monkeypatch.setattr(ui.app, "run_gui", lambda args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        start.main(["--db", str(tmp_path / "returns.db")])
    assert gc.isenabled()
