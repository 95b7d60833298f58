"""Two clerks, two processes, one database (PostgreSQL with HRH_TEST_PG_URL, see
``make test-pg``; SQLite otherwise): they load and save the same return in every
interleaving. Whenever both loaded the same version, the first save wins, the second is
refused with a message naming the winner, and nothing is lost: the database holds exactly
the winner's figures and the loser gets their own typed figures back."""

from __future__ import annotations

import itertools
import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from models.data import UnitInfo
from models.db import open_database
from models.returns import ReturnService

ROOT = Path(__file__).resolve().parents[2]
UNIT = UnitInfo("T01", "城关镇卫生院", "township")
EDITS = {"张三": {"staff.total": "11", "staff.female": "3"}, "李四": {"staff.total": "22", "staff.admin": "2"}}
BEFORE = {"staff.total": "10", "staff.worker": "1"}


def interleavings() -> list[tuple[tuple[str, str], ...]]:
    """Every order of (load, save) of 张三 with (load, save) of 李四, each clerk loading first: 6."""
    steps = [("张三", "load"), ("张三", "save"), ("李四", "load"), ("李四", "save")]
    orders = [
        order
        for order in itertools.permutations(steps)
        if order.index(("张三", "load")) < order.index(("张三", "save")) and order.index(("李四", "load")) < order.index(("李四", "save"))
    ]
    assert len(orders) == 6
    return orders


class Clerk:
    """A clerk's process (tests/models/clerk_process.py), driven one command at a time."""

    def __init__(self, url: str, name: str) -> None:
        self.name = name
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.models.clerk_process", url, name, UNIT.code],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.answer() == {"ready": True}

    def send(self, **command: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def answer(self, timeout: float = 60) -> dict[str, object]:
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise AssertionError(f"{self.name}'s process did not answer within {timeout} s")
        line = self.proc.stdout.readline()
        assert line, f"{self.name}'s process ended (exit code {self.proc.wait()})"
        answer = json.loads(line)
        assert isinstance(answer, dict)
        return answer

    def do(self, op: str, period: str) -> dict[str, object]:
        self.send(op=op, period=period, values=EDITS[self.name])
        return self.answer()

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.send(op="quit")
        self.proc.stdin.close()
        code = self.proc.wait(30)
        self.proc.stdout.close()
        assert code == 0


@pytest.fixture
def setup(db_url: str) -> Iterator[tuple[ReturnService, dict[str, Clerk]]]:
    service = ReturnService(open_database(db_url), who="准备")
    service.units.save(UNIT)
    clerks = {name: Clerk(db_url, name) for name in EDITS}
    yield service, clerks
    for clerk in clerks.values():
        clerk.close()
    service.engine.dispose()


def prepare(service: ReturnService, period: str) -> None:
    data = service.store.new_return(UNIT.code, period)
    data.values = {k: Decimal(v) for k, v in BEFORE.items()}
    service.store.save(data)


def stored(service: ReturnService, period: str) -> dict[str, str]:
    data = service.store.load(UNIT.code, period)
    assert data is not None
    return {k: str(v) for k, v in data.values.items()}


def test_every_interleaving_one_wins_the_other_is_told_nothing_is_lost(setup: tuple[ReturnService, dict[str, Clerk]]) -> None:
    service, clerks = setup
    for n, order in enumerate(interleavings()):
        period = f"{2020 + n // 4}Q{n % 4 + 1}"
        prepare(service, period)
        loaded: dict[str, dict[str, object]] = {}
        saved: dict[str, dict[str, object]] = {}
        for name, op in order:
            (loaded if op == "load" else saved)[name] = clerks[name].do(op, period)
        first_saver = next(name for name, op in order if op == "save")
        second_saver = next(name for name in EDITS if name != first_saver)
        first = {**BEFORE, **EDITS[first_saver]}
        steps = " → ".join(f"{name}{'载入' if op == 'load' else '保存'}" for name, op in order)
        assert saved[first_saver]["saved"] is True, steps
        if order.index((second_saver, "load")) > order.index((first_saver, "save")):
            # The second clerk loaded after the first save: saw it, and builds on it.
            assert loaded[second_saver]["values"] == first, steps
            assert saved[second_saver]["saved"] is True, steps
            assert stored(service, period) == {**first, **EDITS[second_saver]}, steps
        else:
            # Both edited the same version: the first save wins, the second is told by whom.
            loser = saved[second_saver]
            assert loser["saved"] is False, steps
            assert loser["who"] == first_saver and f"已被 {first_saver} 于 " in str(loser["message"]), steps
            assert "您的修改未保存" in str(loser["message"]), steps
            assert stored(service, period) == first, steps  # exactly the winner's figures
            assert loser["unsaved"] == {**BEFORE, **EDITS[second_saver]}, steps  # the loser's figures, handed back
        editors = {r.who for r in service.store.audit(UNIT.code, period) if r.action == "edit"} - {service.who}
        assert editors == ({first_saver} if saved[second_saver]["saved"] is False else set(EDITS)), steps  # the audit names who saved


def test_two_saves_at_the_same_moment_one_wins(setup: tuple[ReturnService, dict[str, Clerk]]) -> None:
    """Both press 保存 at once: the database decides (the row lock on PostgreSQL, the
    one-writer lock on SQLite); the version check then refuses the later one."""
    service, clerks = setup
    for round_ in range(3):
        period = f"2030Q{round_ + 1}"
        prepare(service, period)
        for clerk in clerks.values():
            clerk.do("load", period)
        for clerk in clerks.values():
            clerk.send(op="save", period=period, values=EDITS[clerk.name])
        answers = {name: clerk.answer() for name, clerk in clerks.items()}
        winners = [name for name, a in answers.items() if a["saved"] is True]
        assert len(winners) == 1, answers
        (loser,) = [a for a in answers.values() if a["saved"] is False]
        assert loser["who"] == winners[0]
        assert stored(service, period) == {**BEFORE, **EDITS[winners[0]]}
