"""A logical dump of a database: every table's rows as sorted tuples, so two dumps are
equal exactly when the stored data is (whatever order SQLite keeps the rows in)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def logical_dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()
