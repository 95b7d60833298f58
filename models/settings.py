"""Every setting, declared once with its default; stored in the database.

The database path itself is not here: it is a start-up argument (``--db``),
defaulting to the user's data folder (models.db.default_db_path).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.schema import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    label: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("our_unit", "", "本单位代码"),
    SettingSpec("unit_head", "", "单位负责人"),
    SettingSpec("stats_head", "", "统计负责人"),
    SettingSpec("filled_by", "", "填表人"),
    SettingSpec("phone", "", "联系电话"),
    SettingSpec("due_months", "1", "报送期限（季后月数）"),
)
_SPECS = {s.key: s for s in SETTINGS}


CLERK_NAME_KEY = "clerk/name"  # the window's per-PC settings (ui/screen.py window_settings)
CLERK_NAME_MAX = 100  # audit_log.who


def clerk_name(chosen: str = "") -> str:
    """Who writes, for the audit trail and the message of a refused save: the name the clerk
    chose in 单位与设置 (kept per computer and user by the window, never in the database: on a
    shared server every clerk has their own), else HRH_CLERK, else the operating-system user."""
    name = chosen.strip() or os.environ.get("HRH_CLERK", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no user name on some locked-down PCs
            name = ""
    return name[:CLERK_NAME_MAX]


class Settings:
    """Read and write settings; unknown keys are a bug, not user input. ``sessions``: the
    service's unit of work (models.returns ReturnService.session), which a read or write of
    settings inside an operation joins; otherwise each is a transaction of its own."""

    def __init__(self, engine: Engine, sessions: Callable[[], AbstractContextManager[Session]] | None = None) -> None:
        self._engine = engine
        self._sessions = sessions or self._own_session

    @contextmanager
    def _own_session(self) -> Iterator[Session]:
        with Session(self._engine) as s, s.begin():
            yield s

    def get(self, key: str) -> str:
        spec = _SPECS[key]
        with self._sessions() as s:
            row = s.get(Setting, key)
            return spec.default if row is None else row.value

    def all(self) -> dict[str, str]:
        with self._sessions() as s:
            stored = {r.key: r.value for r in s.scalars(select(Setting))}
        return {spec.key: stored.get(spec.key, spec.default) for spec in SETTINGS}

    def set(self, **values: str) -> None:
        for key in values:
            if key not in _SPECS:
                raise KeyError(key)
        with self._sessions() as s:
            for key, value in values.items():
                row = s.get(Setting, key)
                if row is None:
                    s.add(Setting(key=key, value=value))
                else:
                    row.value = value
