"""Crash safety, proven: kill a process saving returns (SIGKILL) at random moments, then check.

After every kill: ``PRAGMA integrity_check`` must say ok, and every return whose
save the worker had reported complete must be there, intact. The test suite runs
a short version (tests/models/test_crash.py); `make crash-bench` runs 200 kills (~3 min),
`make bench` 20 so that the whole bench stays under 5 minutes.

Usage: python bench/crash_bench.py [--kills N] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import sys
sys.path.insert(0, sys.argv[2])
sys.path.insert(0, sys.argv[2] + "/bench")
from crash_bench import slot
from decimal import Decimal
from models.db import open_database
from models.returns import ReturnService
from models.data import ReturnData, UnitInfo
from sqlalchemy import text

service = ReturnService(open_database(sys.argv[1]), who="crash")
tpl = service.registry.for_period("2000Q1")
codes = [i.code for i in tpl.indicators if i.is_int]
with service.engine.connect() as c:
    i = c.execute(text("SELECT count(*) FROM returns")).scalar()
while True:
    code, period = slot(i)
    unit = UnitInfo(code, "断电测试卫生院", "township")
    if service.units.get(code) is None:
        service.units.save(unit)
    data = ReturnData(unit=unit, period=period, template_id=tpl.id, template_version=tpl.version)
    data.values = {code: Decimal(i + n) for n, code in enumerate(codes)}
    data.texts = {tpl.texts[0].code: f"第{i}份报表" * 50}
    service.store.save(data)
    print(f"SAVED {i}", flush=True)
    i += 1
"""


def slot(i: int) -> tuple[str, str]:
    """Where the i-th save goes: 400 quarters (2000–2099) of one unit, then the next unit."""
    return f"CRASH{i // 400}", f"{2000 + i % 400 // 4}Q{i % 4 + 1}"


def expected_ok(db: Path, saved: int) -> list[str]:
    """Problems found: integrity, and any reported-saved return missing or altered."""
    problems = []
    con = sqlite3.connect(db)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"integrity_check: {result}")
        rows = con.execute(
            "SELECT u.code, r.period, count(v.code), min(v.value) / 100, max(v.value) / 100 FROM returns r JOIN units u ON u.id = r.unit_id JOIN return_values v ON v.return_id = r.id GROUP BY r.id"  # stored in 分
        ).fetchall()
    finally:
        con.close()
    by_period = {(u, p): (n, lo, hi) for u, p, n, lo, hi in rows}
    for i in range(saved + 1):
        code, period = slot(i)
        got = by_period.get((code, period))
        if got is None:
            problems.append(f"lost save {i} ({period})")
        elif got[0] != 69 or got[1] != i or got[2] != i + 68:
            problems.append(f"save {i} ({period}) altered: {got}")
    return problems


def run(kills: int, db: Path, seed: int = 1) -> tuple[int, int, list[str]]:
    """Returns (kills done, saves confirmed, problems)."""
    rng = random.Random(seed)
    saved = -1
    problems: list[str] = []
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is saving, then kill at a random moment
        if first.startswith("SAVED"):
            saved = max(saved, int(first.split()[1]))
        time.sleep(rng.uniform(0, 0.15))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        for line in out.splitlines():
            if line.startswith("SAVED"):
                saved = max(saved, int(line.split()[1]))
        if not first.startswith("SAVED"):
            problems.append(f"worker did not start: {err.strip()[-300:]}")
            break
        problems += expected_ok(db, saved)
        if problems:
            break
    return kills, saved + 1, problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "crash.db"
        t = time.perf_counter()
        kills, saves, problems = run(args.kills, db)
        print(f"{kills} kills (SIGKILL while saving), {saves} saves confirmed, {len(problems)} problems, {time.perf_counter() - t:.0f} s")
        for p in problems[:20]:
            print("  " + p)
        print("corruptions: 0, lost saves: 0" if not problems else "FAILED")
        print(f"=> crash safety, {kills} kills while saving | {len(problems)} problems | - | -")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
