"""The return template: indicators, texts and audit rules, loaded from TOML.

The template is data (``resources/templates/*.toml``). Its types are in
models.template_types, reading and checking a file in models.template_parse; this
module is the registry of every version this program knows, and the one place the
rest of the program imports them from.
Nothing here knows a particular indicator code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from models.paths import TEMPLATE_DIR
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
    def from_folder(cls, folder: Path) -> TemplateRegistry:
        """Every ``*.toml`` template in ``folder`` (tests give their own folder)."""
        return cls([load_template_file(p) for p in sorted(Path(folder).glob("*.toml"))])

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


@cache
def default_registry() -> TemplateRegistry:
    """All templates shipped in resources/templates (read once per process)."""
    return TemplateRegistry.from_folder(TEMPLATE_DIR)
