"""A province to measure against: 16 prefectures, 130 counties, 1,400 townships and hospitals.

    python bench/province_gen.py DB [--quarters 12] [--first 2022Q1] [--files FOLDER --period 2025Q1]

DB is a file path (SQLite) or an SQLAlchemy URL (``postgresql+psycopg://…``). The
database is made by the program (``models.db.open_database``: the real schema), then
filled in bulk through the models' tables (``Base.metadata``): the unit tree and one own
return a quarter for every unit below the province, figures that satisfy every error
rule of the template (breakdowns add up, orders hold) and move a few per cent a quarter
(no stock-change warning). What each figure is drawn from is data, keyed by the
template's codes: bench/province_profile.toml (``recipe``, ``plan``, ``figures``). Everything is drawn from a seeded generator per unit, so two
runs with the same arguments give the same figures, and a run with one more quarter
gives the same figures for the quarters both have.

``--files`` writes one quarter's Excel returns (every county bureau's and township's
own return, ~1,530 files) through the real exporter (``formats.xlsx_export``), in a
pool of worker processes; the folder is kept between runs (bench/province_files.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, insert, select, text  # noqa: E402

from models.db import open_database  # noqa: E402
from models.periods import Period  # noqa: E402
from models.schema import Base, Unit  # noqa: E402
from models.template import Template  # noqa: E402

PROVINCE = ("530000000", "云岭省卫生健康委员会")
# 16 prefectures (州、市) with their division codes.
PREFECTURES = [
    ("5301", "春城市"), ("5303", "曲源市"), ("5304", "玉湖市"), ("5305", "永昌市"),
    ("5306", "乌蒙市"), ("5307", "雪山市"), ("5308", "茶源市"), ("5309", "临江市"),
    ("5323", "彝山州"), ("5325", "红河谷州"), ("5326", "文峰州"), ("5328", "版纳州"),
    ("5329", "洱海州"), ("5331", "瑞丽州"), ("5333", "怒江谷州"), ("5334", "香格州"),
]  # fmt: skip
COUNTIES = 130
TOWNSHIPS = 1400
FIRST = "2022Q1"
PROFILE = Path(__file__).with_name("province_profile.toml")  # the recipe of the figures
_SYLLABLES = "安宁富民宜良石林嵩明禄劝寻甸陆良师宗罗平富源会泽宣威江川澄江通海华宁易门峨山新平元江施甸龙陵昌宁鲁甸巧家盐津大关永善绥江镇雄彝良威信水富永胜华坪宁蒗墨江景东景谷镇沅江城孟连澜沧西盟凤庆永德镇康双江耿马沧源双柏牟定南华姚安大姚永仁元谋武定禄丰个旧开远蒙自弥勒屏边建水石屏泸西元阳红河金平绿春河口砚山西畴麻栗丘北广南富宁勐海勐腊漾濞祥云宾川弥渡南涧巍山永平云龙洱源剑川鹤庆勐遮梁河盈江陇川泸水福贡贡山兰坪德钦维西"
_TOWN_SUFFIX = ["镇卫生院", "乡卫生院", "镇卫生院", "乡卫生院", "街道社区卫生服务中心"]
_COUNTY_UNITS = [("人民医院", "hospital"), ("中医医院", "hospital"), ("妇幼保健院", "hospital"), ("疾病预防控制中心", "other")]


@dataclass(frozen=True)
class GenUnit:
    code: str
    name: str
    level: str
    parent: str | None
    size: int  # the scale of its staff: 0 for the province (it reports nothing of its own)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        a, b = rng.randrange(0, len(_SYLLABLES) - 1, 2), rng.randrange(0, len(_SYLLABLES) - 1, 2)
        name = _SYLLABLES[a : a + 1] + _SYLLABLES[b + 1 : b + 2]
        if name not in used and a != b:
            used.add(name)
            return name


def _weighted(total: int, weights: list[float]) -> list[int]:
    """``total`` split along ``weights``, adding up exactly (the remainder to the largest part)."""
    s = sum(weights)
    shares = [int(total * w / s) for w in weights]
    shares[weights.index(max(weights))] += total - sum(shares)
    return shares


def build_units(seed: int = 17) -> list[GenUnit]:
    """The unit tree, parents before children."""
    rng = random.Random(seed)
    units = [GenUnit(PROVINCE[0], PROVINCE[1], "county", None, 0)]
    per_prefecture = _split_evenly(COUNTIES, len(PREFECTURES), rng)
    counties: list[GenUnit] = []
    used: set[str] = set()
    for (pcode, pname), n in zip(PREFECTURES, per_prefecture, strict=True):
        pref = GenUnit(f"{pcode}00000", f"{pname}卫生健康委员会", "county", PROVINCE[0], rng.randint(40, 90))
        units.append(pref)
        for c in range(n):
            cname = _name(rng, used) + ("县" if rng.random() < 0.8 else "市")
            county = GenUnit(f"{pcode}{c + 21:02d}000", f"{cname}卫生健康局", "county", pref.code, rng.randint(15, 40))
            units.append(county)
            counties.append(county)
    per_county = _split_evenly(TOWNSHIPS, len(counties), rng)
    for county, n in zip(counties, per_county, strict=True):
        cname = county.name.removesuffix("卫生健康局")
        base = county.code[:6]
        hospitals = min(n // 3, len(_COUNTY_UNITS))
        for h in range(hospitals):
            suffix, level = _COUNTY_UNITS[h]
            size = rng.randint(300, 900) if level == "hospital" and h == 0 else rng.randint(60, 250)
            units.append(GenUnit(f"{base}{h + 1:03d}", f"{cname}{suffix}", level, county.code, size))
        towns: set[str] = set()
        for t in range(n - hospitals):
            units.append(GenUnit(f"{base}{t + 101:03d}", f"{_name(rng, towns)}{rng.choice(_TOWN_SUFFIX)}", "township", county.code, rng.randint(18, 120)))
    return units


def _split_evenly(total: int, parts: int, rng: random.Random) -> list[int]:
    """About total/parts each (±30 %), adding up exactly."""
    mean = total / parts
    counts = [max(1, round(mean * rng.uniform(0.7, 1.3))) for _ in range(parts)]
    while sum(counts) != total:
        i = rng.randrange(parts)
        if sum(counts) > total and counts[i] > 1:
            counts[i] -= 1
        elif sum(counts) < total:
            counts[i] += 1
    return counts


@dataclass(frozen=True)
class Recipe:
    """bench/province_profile.toml read against a template: how each figure is made."""

    template: Template
    stock: str
    weights: dict[str, dict[str, float]]  # unit level ("" = any) -> part code -> weight
    draws: dict[str, dict[str, dict[str, Any]]]  # unit level ("" = any) -> code -> how it is drawn
    texts: dict[str, list[str]]  # numbered text code -> the sentences of its items
    part_of: dict[str, tuple[str, tuple[str, ...]]]  # part code -> (its breakdown's total, all its parts)
    upper: dict[str, tuple[str, ...]]  # code -> the codes it may not exceed (single-code order rules)
    plans: dict[str, tuple[Split | Draw, ...]] = field(default_factory=dict)  # per unit level, made once

    def for_level(self, level: str) -> tuple[dict[str, float], dict[str, dict[str, Any]]]:
        return self.weights[""] | self.weights.get(level, {}), self.draws[""] | self.draws.get(level, {})


_RECIPES: dict[tuple[str, int, Path], Recipe] = {}


def recipe(template: Template, path: Path = PROFILE) -> Recipe:
    """The recipe for ``template`` (read once per template version)."""
    key = (template.id, template.version, path)
    if key not in _RECIPES:
        _RECIPES[key] = _read_recipe(template, path)
    return _RECIPES[key]


def _read_recipe(template: Template, path: Path) -> Recipe:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    levels = raw.get("levels", {})
    weights = {"": raw["weights"]} | {k: v.get("weights", {}) for k, v in levels.items()}
    draws = {"": raw["draws"]} | {k: v.get("draws", {}) for k, v in levels.items()}
    texts = {c: list(t) for c, t in raw.get("texts", {}).items() if c in template.text_codes()}
    unknown = [c for w in (*weights.values(), *draws.values()) for c in w if not template.has_indicator(c)]
    if unknown or not template.has_indicator(raw["stock"]):
        raise SystemExit(f"{path.name}: codes the template {template.id} v{template.version} does not know: {unknown or [raw['stock']]}")
    part_of = {p: (b.total, b.parts) for b in template.breakdowns for p in b.parts}
    upper: dict[str, tuple[str, ...]] = {}
    for rule in template.orders:
        if len(rule.lesser) == len(rule.greater) == 1:
            upper[rule.lesser[0]] = (*upper.get(rule.lesser[0], ()), rule.greater[0])
    return Recipe(template, raw["stock"], weights, draws, texts, part_of, upper)


@functools.cache
def latest_template() -> Template:
    from models.template import default_registry

    return default_registry().latest()


@dataclass(frozen=True)
class Split:
    whole: str
    parts: tuple[str, ...]
    weights: list[float]


@dataclass(frozen=True)
class Draw:
    code: str
    of: str | None  # None: a whole number in ``bounds``; else a share in ``bounds`` of this figure
    bounds: tuple[float, float]
    stock: bool  # the unit keeps its share (± jitter) from quarter to quarter
    jitter: float
    decimals: int
    upper: tuple[str, ...]  # the figures it may not exceed (the template's order rules)


def plan(r: Recipe, level: str) -> tuple[Split | Draw, ...]:
    """The steps that make a unit's figures, in an order where each needs only earlier ones."""
    cached = r.plans.get(level)
    if cached is not None:
        return cached
    weights, draws = r.for_level(level)
    done = {r.stock}
    steps: list[Split | Draw] = []

    def known(code: str) -> bool:
        return code in done or code in draws or (code in r.part_of and known(r.part_of[code][0]))

    def need(code: str) -> None:
        if code in done:
            return
        if code in r.part_of:
            whole, parts = r.part_of[code]
            missing = [p for p in parts if p not in weights]
            if missing:
                raise SystemExit(f"{PROFILE.name}: no weight for {missing} (parts of {whole})")
            need(whole)
            steps.append(Split(whole, parts, [weights[p] for p in parts]))
            done.update(parts)
            return
        if code not in draws:
            raise SystemExit(f"{PROFILE.name}: {code} is neither drawn nor a part of a breakdown")
        spec = draws[code]
        indicator = r.template.indicator(code)
        upper = tuple(g for g in r.upper.get(code, ()) if known(g))
        for g in (spec.get("of"), *upper):
            if g:
                need(g)
        bounds = spec["range"] if "range" in spec else spec["share"]
        steps.append(
            Draw(
                code,
                spec.get("of") if "range" not in spec else None,
                (bounds[0], bounds[1]),
                indicator.kind == "stock",
                spec.get("jitter", 0.0),
                indicator.decimals,
                upper,
            )
        )
        done.add(code)

    for code in draws:
        need(code)
    for code in r.part_of:
        if known(code):
            need(code)
    r.plans[level] = tuple(steps)
    return r.plans[level]


def figures(unit: GenUnit, quarter_index: int, template: Template | None = None) -> dict[str, int | Decimal]:
    """One quarter's figures of a unit: stocks drift slowly, flows are drawn afresh.

    The recipe is bench/province_profile.toml: every breakdown of the template whose total
    is filled is split along its parts' weights (adding up), and every drawn figure is held
    to the template's order rules, so the returns check clean.
    """
    r = recipe(template or latest_template())
    drift = random.Random(f"{unit.code}")
    total = unit.size
    for _ in range(quarter_index):  # stocks move at most a few per cent a quarter
        total = max(8, round(total * drift.uniform(0.985, 1.03)))
    rng = random.Random(f"{unit.code}/{quarter_index}")
    v: dict[str, int | Decimal] = {r.stock: total}
    for step in plan(r, unit.level):
        if isinstance(step, Split):
            v.update(zip(step.parts, _weighted(int(v[step.whole]), step.weights), strict=True))
            continue
        lo, hi = step.bounds
        if step.of is None:
            x: float = rng.randint(int(lo), int(hi))
        elif step.stock:  # a stock only drifts: the unit keeps its share
            x = float(v[step.of]) * (random.Random(f"{unit.code}/{step.code}").uniform(lo, hi) + rng.uniform(-1, 1) * step.jitter)
        else:
            x = float(v[step.of]) * rng.uniform(lo, hi)
        for greater in step.upper:
            x = min(x, float(v[greater]))
        x = max(0.0, x)
        v[step.code] = round(x) if step.decimals == 0 else Decimal(round(x * 10**step.decimals)).scaleb(-step.decimals)
    return v


def texts(unit: GenUnit, rng: random.Random, template: Template | None = None) -> dict[str, str]:
    """Half the units write their numbered texts (存在问题 …): one or two items each."""
    sentences = recipe(template or latest_template()).texts
    if rng.random() >= 0.5:
        return {}
    return {code: "\n".join(f"{n}、{rng.choice(items)}" for n in range(1, rng.randint(1, 2) + 1)) for code, items in sentences.items()}


def quarters(first: str, count: int) -> list[str]:
    out = [Period.parse(first)]
    while len(out) < count:
        out.append(out[-1].next())
    return [str(p) for p in out]


def _rows(
    units: list[GenUnit], periods: list[str], first_index: int, unit_ids: dict[str, int], next_return: int, template: Template
) -> Iterator[tuple[dict[str, object], list[dict[str, object]], list[dict[str, object]]]]:
    now = dt.datetime(2025, 1, 1)
    for period in periods:
        qi = first_index + _quarter_number(period)
        due = Period.parse(period).due(1)
        for unit in units:
            if unit.size == 0:
                continue
            rng = random.Random(f"{unit.code}/{qi}/meta")
            rid = next_return
            next_return += 1
            received = dt.datetime.combine(due, dt.time(9)) - dt.timedelta(days=rng.randint(-6, 25))
            ret = {
                "id": rid, "unit_id": unit_ids[unit.code], "period": period, "scope": "own",
                "status": "submitted", "origin": "imported" if unit.level != "county" else "entered",
                "template_id": template.id, "template_version": template.version,
                "unit_head": "李" + "明华军芳"[rng.randrange(4)], "stats_head": "王" + "丽涛静"[rng.randrange(3)],
                "filled_by": "张" + "敏强燕"[rng.randrange(3)], "phone": f"0871-6{rng.randint(1000000, 9999999)}",
                "report_date": due - dt.timedelta(days=rng.randint(1, 20)), "source_file": "",
                "submitted_at": received, "received_at": received, "review_status": "", "edited_in_excel": False,
                "review_note": "", "created_at": now, "updated_at": now,
            }  # fmt: skip
            values: list[dict[str, object]] = [{"return_id": rid, "code": c, "value": x} for c, x in figures(unit, qi, template).items()]
            written: list[dict[str, object]] = [{"return_id": rid, "code": c, "text": t, "drafted_from": ""} for c, t in texts(unit, rng, template).items()]
            yield ret, values, written


def _quarter_number(period: str) -> int:
    """Quarters since 2020Q1: the index that keeps a unit's series the same whatever the first quarter."""
    return (int(period[:4]) - 2020) * 4 + int(period[-1]) - 1


def generate(db: str, periods: list[str], batch: int = 400) -> Engine:
    """Make the database (the program's schema) and fill it; returns its engine."""
    tpl = latest_template()
    engine = open_database(db, backup_before_upgrade=False)
    units = build_units()
    with engine.begin() as conn:
        if conn.scalar(select(func.count()).select_from(Unit)):
            raise SystemExit(f"{db} already holds units: give an empty database")
        ids: dict[str, int] = {}
        rows = []
        for n, u in enumerate(units, start=1):
            ids[u.code] = n
            rows.append({"id": n, "code": u.code, "name": u.name, "level": u.level, "parent_id": ids.get(u.parent or ""), "credit_code": "", "sort_order": 0})
        conn.execute(insert(Base.metadata.tables["units"]), rows)
    tables = Base.metadata.tables
    rets: list[dict[str, object]] = []
    vals: list[dict[str, object]] = []
    txts: list[dict[str, object]] = []

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(insert(tables["returns"]), rets)
            conn.execute(insert(tables["return_values"]), vals)
            if txts:
                conn.execute(insert(tables["return_texts"]), txts)
        rets.clear()
        vals.clear()
        txts.clear()

    for ret, values, texts in _rows(units, periods, 0, ids, 1, tpl):
        rets.append(ret)
        vals.extend(values)
        txts.extend(texts)
        if len(rets) >= batch:
            flush()
    if rets:
        flush()
    if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        with engine.begin() as conn:
            for table in ("units", "returns"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))
    return engine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", nargs="?", help="SQLite file or SQLAlchemy URL (empty database)")
    parser.add_argument("--quarters", type=int, default=12)
    parser.add_argument("--first", default=FIRST)
    parser.add_argument("--files", action="store_true", help="also write one quarter's Excel returns (cached)")
    parser.add_argument("--period", default="2025Q1", help="the quarter of the Excel files")
    args = parser.parse_args()
    if args.db:
        started = time.perf_counter()
        engine = generate(args.db, quarters(args.first, args.quarters))
        with engine.connect() as conn:
            counts = {t: conn.scalar(select(func.count()).select_from(Base.metadata.tables[t])) for t in ("units", "returns", "return_values", "return_texts")}
        engine.dispose()
        print(f"{args.db}: {counts} in {time.perf_counter() - started:.1f} s")
    if args.files:
        from province_files import cached_files

        started = time.perf_counter()
        folder = cached_files(args.period)
        print(f"{folder}: {(folder / 'done').read_text().strip()} (this call {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
