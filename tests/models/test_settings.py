"""Settings: the clerk's name for the audit trail (models/settings.py clerk_name)."""

from __future__ import annotations

import getpass

import pytest

from models.settings import clerk_name


def test_the_chosen_name_then_hrh_clerk_then_the_system_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "zhangsan")
    monkeypatch.delenv("HRH_CLERK", raising=False)
    assert clerk_name() == "zhangsan"
    monkeypatch.setenv("HRH_CLERK", " 李四 ")
    assert clerk_name() == "李四"
    assert clerk_name("  王五 ") == "王五"
    assert clerk_name("张" * 150) == "张" * 100  # audit_log.who holds 100 characters


def test_no_system_user_is_no_name_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    monkeypatch.delenv("HRH_CLERK", raising=False)
    assert clerk_name() == ""
