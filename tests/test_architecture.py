"""models/, formats/ and cli/ never import Qt: the domain runs and is tested without a display."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_never_imports_qt() -> None:
    offenders = []
    for package in ("models", "formats", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            for name in imported_modules(path):
                if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui"}:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_start_up_does_not_import_heavy_libraries() -> None:
    """openpyxl and reportlab are imported inside export/import functions, never at start."""
    for package in ("models", "cli", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    assert not (mod or "").startswith(("openpyxl", "reportlab")), f"{path} imports {mod} at module level"
