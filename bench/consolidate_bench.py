"""Consolidating 200 units over a 10-year database, next to a plain SQL GROUP BY over the same rows.

Run: .venv/bin/python bench/consolidate_bench.py  (or `make bench`)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from models.consolidate import consolidate  # noqa: E402
from models.data import UnitInfo  # noqa: E402
from models.db import open_database  # noqa: E402
from models.returns import ReturnService  # noqa: E402
from models.schema import Return, ReturnValue, Unit, utcnow  # noqa: E402

UNITS, YEARS = 200, 10


def build(service: ReturnService) -> int:
    """200 townships under one county, 40 quarters each, every indicator filled: bulk inserts."""
    tpl = service.registry.for_period("2024Q4")
    service.units.save(UnitInfo("C", "基准县卫生健康局", "county"))
    rng = random.Random(1)
    codes = [i.code for i in tpl.indicators]
    with service.engine.begin() as c:
        c.execute(
            insert(Unit),
            [{"code": f"T{i:03d}", "name": f"第{i}乡镇卫生院", "level": "township", "parent_id": 1, "credit_code": "", "sort_order": i} for i in range(UNITS)],
        )
        periods = [f"{y}Q{q}" for y in range(2015, 2015 + YEARS) for q in range(1, 5)]
        now = utcnow()
        c.execute(
            insert(Return),
            [
                {
                    "unit_id": u + 2,
                    "period": p,
                    "scope": "own",
                    "status": "submitted",
                    "origin": "imported",
                    "template_id": tpl.id,
                    "template_version": tpl.version,
                    "unit_head": "",
                    "stats_head": "",
                    "filled_by": "",
                    "phone": "",
                    "source_file": "",
                    "created_at": now,
                    "updated_at": now,
                    "review_status": "",
                    "review_note": "",
                }
                for u in range(UNITS)
                for p in periods
            ],
        )
        ids = [r for (r,) in c.execute(select(Return.id))]
        rows = [{"return_id": rid, "code": code, "value": rng.randint(0, 500)} for rid in ids for code in codes]
        for start in range(0, len(rows), 50_000):
            c.execute(insert(ReturnValue), rows[start : start + 50_000])
    return len(rows)


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        service = ReturnService(open_database(Path(tmp) / "bench.db"), who="bench")
        t = time.perf_counter()
        n = build(service)
        print(f"built {UNITS} units x {YEARS * 4} quarters, {n:,} values in {time.perf_counter() - t:.1f} s")

        def plain() -> None:
            with service.engine.connect() as c:
                c.execute(
                    select(ReturnValue.code, func.sum(ReturnValue.value))
                    .join(Return, ReturnValue.return_id == Return.id)
                    .where(Return.period == "2024Q4", Return.scope == "own")
                    .group_by(ReturnValue.code)
                ).all()

        ours = timed(lambda: consolidate(service, "C", "2024Q4"))
        floor = timed(plain)
        print(f"consolidate 200 units, one quarter: {ours * 1000:.0f} ms (median of 5)")
        print(f"plain SQL GROUP BY, same rows:      {floor * 1000:.1f} ms")
        print(f"ratio: {ours / floor:.1f}x")
        print(f"=> consolidating 200 units, 10-year database | {ours * 1000:.0f} ms | bare SQL GROUP BY {floor * 1000:.1f} ms | {ours / floor:.1f}x")
        service.engine.dispose()


if __name__ == "__main__":
    main()
