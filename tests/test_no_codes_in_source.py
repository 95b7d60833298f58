"""The template decides: no indicator, ratio or text code of any template is named in a
.py file outside tests/ (what a code would say there belongs in the template)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", ".venv", "build", "dist", ".git"}


def template_codes() -> set[str]:
    codes: set[str] = set()
    for path in sorted((ROOT / "resources" / "templates").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section in data.get("sections", []):
            codes |= {i["code"] for i in section.get("indicators", [])}
        codes |= {t["code"] for t in data.get("texts", [])} | {r["code"] for r in data.get("ratios", [])}
    return codes


def named_codes(text: str, codes: set[str]) -> list[str]:
    """Every code of ``codes`` that ``text`` names as a whole word (staff.total, not staff.totals)."""
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True)) + r")(?![\w])")
    return pattern.findall(text)


def test_the_pattern_finds_a_code_and_only_a_whole_code() -> None:
    codes = {"staff.total", "text.problems"}
    assert named_codes('x = "staff.total"  # and text.problems', codes) == ["staff.total", "text.problems"]
    assert named_codes("mystaff.total, staff.totals, a.staff.total", codes) == []


def test_no_template_code_in_source_outside_tests() -> None:
    codes = template_codes()
    assert len(codes) > 50  # every shipped template was read
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for code in named_codes(line, codes):
                found.append(f"{path.relative_to(ROOT)}:{n}: {code}")
    assert not found, "indicator codes named in code (say it in the template instead):\n" + "\n".join(found)
