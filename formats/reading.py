"""Any return file to plain data for the import pipeline (models.importing).

``read_any(path, registry)`` reads an Excel (.xlsx) or JSON return: the return, or
every problem found, plus the sha256 of the file's bytes (recorded with the import).
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from formats import json_io, xlsx_import
from formats.errors import FileProblems
from models.importing import Reader, ReadFile
from models.template import TemplateRegistry


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""  # the reader says why the file cannot be read
    return digest.hexdigest()


def read_any(path: Path, registry: TemplateRegistry, kind: str | None = None) -> ReadFile:
    """One file: ``kind`` "json" or "xlsx", or (None) by its extension: .json is JSON,
    anything else is read as Excel (which says clearly what a file is when it is not one)."""
    path = Path(path)
    digest = content_hash(path)
    notes: list[str] = []
    try:
        if kind == "json" or (kind is None and path.suffix.lower() == ".json"):
            data = json_io.read_json_file(path, registry, notes)
        else:
            # Looked up on the module at call time: tests slow the reading down there.
            read = xlsx_import.read_xlsx(path, registry)
            data, notes = read.data, list(read.notes)
    except FileProblems as exc:
        return ReadFile(path, None, problems=list(exc.problems), content_hash=digest, message=exc.report())
    return ReadFile(path, data, notes, content_hash=digest)


def reader_for(registry: TemplateRegistry, kind: str | None = None) -> Reader:
    """``read_any`` with the registry filled in, for ``models.importing.plan_import``."""
    return partial(read_any, registry=registry, kind=kind)
