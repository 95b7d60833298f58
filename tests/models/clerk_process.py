"""One clerk in a process of its own, for tests/models/test_two_clerks.py: reads one JSON
command a line on stdin and answers one JSON line on stdout.

    {"op": "load", "period": "2024Q1"}                 -> {"version": 3, "values": {...}}
    {"op": "save", "values": {"staff.total": "11"}}    -> {"saved": true, "version": 4}
                                                       or {"saved": false, "message": ..., "who": ..., "unsaved": {...}}

Run as ``python -m tests.models.clerk_process DATABASE_URL CLERK_NAME UNIT_CODE``.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

from models.data import ReturnData
from models.db import open_database
from models.returns import ReturnConflict, ReturnService


def main(url: str, who: str, unit_code: str) -> None:
    service = ReturnService(open_database(url), who=who)
    data: ReturnData | None = None
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "load":
            data = service.store.load(unit_code, command["period"])
            assert data is not None
            answer: dict[str, object] = {"version": data.version, "values": {k: str(v) for k, v in data.values.items()}}
        elif command["op"] == "save":
            assert data is not None
            data.values.update({k: Decimal(v) for k, v in command["values"].items()})
            try:
                service.store.save(data)
                answer = {"saved": True, "version": data.version}
            except ReturnConflict as exc:
                # What the clerk typed is handed back, not lost: the window keeps it to re-apply.
                answer = {"saved": False, "message": str(exc), "who": exc.who, "unsaved": {k: str(v) for k, v in data.values.items()}}
        else:
            break
        print(json.dumps(answer), flush=True)
    service.engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
