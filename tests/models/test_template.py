from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from models.paths import TEMPLATE_DIR
from models.template import Template, parse_template

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain.md"


def raw_template() -> dict:
    with (TEMPLATE_DIR / "hrh-quarterly-v1.toml").open("rb") as f:
        return tomllib.load(f)


def raw_section(data: dict, key: str) -> dict:
    """A section of the template file, as read from TOML, by its key."""
    return next(s for s in data["sections"] if s["key"] == key)


def raw_indicator(data: dict, code: str) -> dict:
    """An indicator of the template file, as read from TOML, by its code."""
    return next(i for s in data["sections"] for i in s["indicators"] if i["code"] == code)


def test_template_has_every_indicator_of_the_domain(template: Template) -> None:
    codes = {i.code for i in template.indicators}
    assert len(codes) == 70
    for expected in ["staff.total", "staff.prof.title.senior_assoc", "recruit.hired.edu.college", "train.cme.completed", "incent.funding", "incent.leaders"]:
        assert expected in codes
    assert template.indicator("incent.funding").type == "decimal"
    assert template.indicator("incent.funding").decimals == 2
    assert template.indicator("incent.leaders").kind == "stock"
    assert template.indicator("recruit.posts").kind == "flow"
    assert [s.key for s in template.sections] == ["staff", "recruit", "train", "incent", "text"]
    assert set(template.text_codes()) == {
        "text.highlights",
        "text.problems",
        "text.plans",
        "text.suggestions",
        "text.note.staff",
        "text.note.recruit",
        "text.note.train",
        "text.note.incent",
    }


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/domain.md is beside the repository only in the workplace")
def test_template_codes_match_domain_md(template: Template) -> None:
    text = DOMAIN.read_text(encoding="utf-8")
    domain_codes = set(re.findall(r"^\| ((?:staff|recruit|train|incent)\.[a-z0-9_.]+) \|", text, re.M))
    for pattern in re.findall(r"^\| ((?:recruit)\.[a-z.]+\.edu)\.\{([a-z,]+)\} \|", text, re.M):
        domain_codes |= {f"{pattern[0]}.{x}" for x in pattern[1].split(",")}
    assert domain_codes == {i.code for i in template.indicators}


def test_adding_an_indicator_is_a_template_edit() -> None:
    data = raw_template()
    data["version"] = 2
    raw_section(data, "train")["indicators"].append({"code": "train.online", "label": "网络培训", "unit": "人次", "kind": "flow", "type": "int"})
    tpl = parse_template(data, "v2.toml")
    assert tpl.version == 2
    assert tpl.indicator("train.online").section == "train"


def test_every_indicator_has_a_documented_maximum(template: Template) -> None:
    from decimal import Decimal

    by_unit = {i.unit: i.maximum for i in template.indicators}
    assert by_unit == {u: Decimal("99999999.99") if u == "万元" else Decimal(9999999) for u in by_unit}
    assert template.limits.maximum("元") == Decimal("99999999.99")  # the allowance columns
    assert template.indicator("incent.funding").consolidated_maximum == Decimal("999999999900.00")
    # An indicator may set its own maximum.
    data = raw_template()
    raw_indicator(data, "staff.total")["max"] = 50000
    assert parse_template(data, "own-max").indicator("staff.total").maximum == Decimal(50000)


def test_the_templates_come_from_the_cache_as_they_were_parsed(tmp_path: Path) -> None:
    from models.template import TemplateRegistry

    cache = tmp_path / "cache"
    parsed = TemplateRegistry.from_folder(TEMPLATE_DIR)
    first = TemplateRegistry.from_folder(TEMPLATE_DIR, cache)
    [stored] = cache.glob("templates-*.pickle")
    again = TemplateRegistry.from_folder(TEMPLATE_DIR, cache)
    assert [t.version for t in again.versions()] == [1, 2]
    for t in again.versions():
        assert t == parsed.get(t.id, t.version) == first.get(t.id, t.version)
    assert list(cache.glob("templates-*.pickle")) == [stored]


def test_a_changed_template_file_is_read_again_and_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    from models.template import TemplateRegistry

    folder, cache = tmp_path / "templates", tmp_path / "cache"
    folder.mkdir()
    source = (TEMPLATE_DIR / "hrh-quarterly-v1.toml").read_text(encoding="utf-8")
    (folder / "t.toml").write_text(source, encoding="utf-8")
    assert TemplateRegistry.from_folder(folder, cache).latest().indicator("staff.total").label == "在岗职工总数"
    (folder / "t.toml").write_text(source.replace('label = "在岗职工总数"', 'label = "职工总数"', 1), encoding="utf-8")
    assert TemplateRegistry.from_folder(folder, cache).latest().indicator("staff.total").label == "职工总数"
    [stored] = cache.glob("templates-*.pickle")  # the cache of the old file is gone
    stored.write_bytes(b"not a pickle")
    assert TemplateRegistry.from_folder(folder, cache).latest().indicator("staff.total").label == "职工总数"
    assert stored.read_bytes() != b"not a pickle"  # written again


def test_the_template_cache_is_in_the_user_s_cache_folder_unless_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.template import template_cache_dir

    monkeypatch.setenv("HRH_CACHE_DIR", str(tmp_path))
    assert template_cache_dir() == tmp_path
    monkeypatch.delenv("HRH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # where platformdirs looks on Linux
    assert template_cache_dir() == tmp_path / "xdg" / "hrh-returns"
