"""The return template: indicators, texts and audit rules, loaded from TOML.

The template is data (``resources/templates/*.toml``). Its types are in
models.template_types, reading and checking a file in models.template_parse; this
module is the registry of every version this program knows, and the one place the
rest of the program imports them from.
Nothing here knows a particular indicator code.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from functools import cache
from pathlib import Path

from models.paths import APP_NAME, TEMPLATE_DIR
from models.template_parse import load_template_file, parse_template
from models.template_types import (
    DEFAULT_LIMITS,
    EXACT_DIGITS,
    Aggregation,
    AllowanceRule,
    Breakdown,
    Funnel,
    Heading,
    Indicator,
    Kind,
    Limits,
    OrderRule,
    Particulars,
    Ratio,
    RequiresRule,
    Section,
    Severity,
    StockChangeRule,
    SummaryColumn,
    Template,
    TemplateError,
    TextField,
    ValueType,
    quarter_key,
)

__all__ = [
    "DEFAULT_LIMITS",
    "EXACT_DIGITS",
    "Aggregation",
    "AllowanceRule",
    "Breakdown",
    "Funnel",
    "Heading",
    "Indicator",
    "Kind",
    "Limits",
    "OrderRule",
    "Particulars",
    "Ratio",
    "RequiresRule",
    "Section",
    "Severity",
    "StockChangeRule",
    "SummaryColumn",
    "Template",
    "TemplateError",
    "TemplateRegistry",
    "TextField",
    "ValueType",
    "default_registry",
    "load_template_file",
    "parse_template",
    "quarter_key",
]


class TemplateRegistry:
    """Every template version this program knows, keyed by (id, version)."""

    def __init__(self, templates: list[Template]) -> None:
        self._templates = {(t.id, t.version): t for t in templates}

    @classmethod
    def from_folder(cls, folder: Path, cache_dir: Path | None = None) -> TemplateRegistry:
        """Every ``*.toml`` template in ``folder`` (tests give their own folder). With ``cache_dir``
        the templates read are kept there, pickled, under a hash of the files and of the code
        that reads them: the next start loads them in ~1 ms instead of parsing (~20 ms)."""
        paths = sorted(Path(folder).glob("*.toml"))
        if cache_dir is None:
            return cls([load_template_file(p) for p in paths])
        stored = cache_dir / f"templates-{_cache_key(paths)}.pickle"
        try:
            templates = pickle.loads(stored.read_bytes())
            if isinstance(templates, list) and all(isinstance(t, Template) for t in templates):
                return cls(templates)
        except Exception:  # none yet, or unreadable: parse, and keep what was parsed
            pass
        templates = [load_template_file(p) for p in paths]
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for old in cache_dir.glob("templates-*.pickle"):  # of other template files or code
                old.unlink(missing_ok=True)
            partial = stored.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(pickle.dumps(templates, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(stored)
        except OSError:  # a cache that cannot be written costs only the time to parse
            pass
        return cls(templates)

    def get(self, template_id: str, version: int) -> Template | None:
        return self._templates.get((template_id, version))

    def latest(self, template_id: str = "hrh-quarterly") -> Template:
        versions = [t for (tid, _), t in self._templates.items() if tid == template_id]
        if not versions:
            raise KeyError(template_id)
        return max(versions, key=lambda t: t.version)

    def known(self, template_id: str) -> bool:
        return any(tid == template_id for tid, _ in self._templates)

    def versions(self, template_id: str = "hrh-quarterly") -> list[Template]:
        """Every version of a template, oldest first."""
        return sorted((t for (tid, _), t in self._templates.items() if tid == template_id), key=lambda t: t.version)

    def with_indicator(self, code: str, template_id: str = "hrh-quarterly") -> Template | None:
        """The newest version that has indicator ``code`` (codes are stable across versions)."""
        return next((t for t in reversed(self.versions(template_id)) if t.has_indicator(code)), None)

    def for_period(self, period: str, template_id: str = "hrh-quarterly") -> Template:
        """The version a NEW return for ``period`` is made with: the newest whose
        ``applies_from`` is not after the period (a version without it applies from the
        beginning). An annual period takes the version in force in its last quarter.
        A return already made keeps its own version (``get``)."""
        versions = self.versions(template_id)
        if not versions:
            raise KeyError(template_id)
        key = quarter_key(period)
        applicable = [t for t in versions if not t.applies_from or quarter_key(t.applies_from) <= key]
        return applicable[-1] if applicable else versions[0]


def _cache_key(paths: list[Path]) -> str:
    """A checksum of the template files and of what reads them: the source of the modules that
    parse and hold a template, or, in the installed program (no sources), the program file.
    CRC-32 and the lengths, not a cryptographic hash: zlib is loaded already, hashlib is not
    (~5 ms), and the key only tells versions of our own files apart."""
    here = Path(__file__).resolve().parent
    parts = [(path.name.encode(), path.read_bytes()) for path in paths]
    for path in (here / "template_types.py", here / "template_parse.py"):
        parts.append((path.name.encode(), path.read_bytes() if path.exists() else repr(_program_stamp()).encode()))
    crc, size = 0, 0
    for name, content in parts:
        crc = zlib.crc32(content, zlib.crc32(name, crc))
        size += len(content)
    return f"{crc:08x}-{size:x}"


def _program_stamp() -> tuple[str, int, int]:
    program = Path(sys.executable)
    stat = program.stat()
    return str(program), stat.st_size, stat.st_mtime_ns


def template_cache_dir() -> Path:
    """Where the parsed templates are kept: $HRH_CACHE_DIR (tests), else the user's cache
    folder (platformdirs, as the database's folder: the start opens that anyway)."""
    if folder := os.environ.get("HRH_CACHE_DIR"):
        return Path(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


@cache
def default_registry() -> TemplateRegistry:
    """All templates shipped in resources/templates (read once per process; from the cache
    of a previous start when the files and the code reading them are unchanged)."""
    return TemplateRegistry.from_folder(TEMPLATE_DIR, template_cache_dir())
