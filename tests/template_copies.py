"""Copies of the shipped templates in a test's own folder, edited on the way: a template
with its particulars filled in, or a throw-away newer version."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from models.paths import TEMPLATE_DIR
from models.template import TemplateRegistry

PARTICULARS = """[particulars]
issuer = "示范省卫生健康委员会"
approver_kind = "备案机关"
approver = "示范省统计局"
approval_number = "卫统字〔2024〕8号"
valid_until = "2027年12月"
"""


def template_folder(folder: Path, change: Callable[[str], str] | None = None) -> Path:
    """``folder`` holding the shipped templates, each passed through ``change`` (text -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(TEMPLATE_DIR.glob("*.toml")):
        shutil.copyfile(path, folder / path.name)
        if change is not None:
            (folder / path.name).write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def with_particulars(text: str) -> str:
    """A template whose [particulars] table is filled in (the shipped one leaves them blank)."""
    start = text.index("[particulars]")
    end = text.index("\n\n", start)
    return text[:start] + PARTICULARS.rstrip("\n") + text[end:]


def particulars_registry(folder: Path) -> TemplateRegistry:
    return TemplateRegistry.from_folder(template_folder(folder, with_particulars))
