"""The architecture as tests: models/, formats/ and cli/ never import Qt (the domain runs and is
tested without a display); heavy libraries load on use; tests/ mirrors the source tree."""

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


# ---- tests/ mirrors the source tree: models/X.py is tested in tests/models/test_X.py -----------
MIRRORED = ("models", "formats", "ui", "cli")
# Modules with no test file of their own, each with the reason. Pure data or glue only: a module
# with behaviour gets tests/<package>/test_<module>.py, not a line here.
NOT_MIRRORED = {
    "models/paths.py": "constants: where the bundled resources are",
}


def source_modules() -> list[str]:
    """Every module of the packages (migrations are checked by tests/models/test_db.py), and main.py."""
    found = [
        path.relative_to(ROOT).as_posix()
        for package in MIRRORED
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "__init__.py" and "migrations" not in path.relative_to(ROOT).parts
    ]
    return [*found, "main.py"]


def mirror_of(module: str) -> Path:
    """models/values.py -> tests/models/test_values.py; main.py -> tests/test_main.py."""
    path = Path(module)
    return ROOT / "tests" / path.parent / f"test_{path.name}"


def test_every_source_module_has_its_test_file() -> None:
    missing = [f"{m} -> {mirror_of(m).relative_to(ROOT)}" for m in source_modules() if m not in NOT_MIRRORED and not mirror_of(m).exists()]
    assert missing == [], "write the test file, or (pure data or glue only) add the module to NOT_MIRRORED saying why"


def test_the_exceptions_are_modules_that_exist_without_a_test_file() -> None:
    stale = [m for m in NOT_MIRRORED if m not in source_modules() or mirror_of(m).exists()]
    assert stale == [], "a module gone or now mirrored: take it off NOT_MIRRORED"
