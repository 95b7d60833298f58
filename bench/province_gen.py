"""A province to measure against: 16 prefectures, 130 counties, 1,400 townships and hospitals.

    python bench/province_gen.py DB [--quarters 12] [--first 2022Q1] [--files FOLDER --period 2025Q1]

DB is a file path (SQLite) or an SQLAlchemy URL (``postgresql+psycopg://…``). The
database is made by the program (``models.db.open_database``: the real schema), then
filled in bulk through the models' tables (``Base.metadata``): the unit tree and one own
return a quarter for every unit below the province, figures that satisfy every error
rule of the template (breakdowns add up, orders hold) and move a few per cent a quarter
(no stock-change warning). Everything is drawn from a seeded generator per unit, so two
runs with the same arguments give the same figures, and a run with one more quarter
gives the same figures for the quarters both have.

``--files`` writes one quarter's Excel returns (every county bureau's and township's
own return, ~1,530 files) through the real exporter (``formats.xlsx_export``), in a
pool of worker processes; the folder is kept between runs (``cached_files``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, insert, select, text  # noqa: E402

from models.db import open_database  # noqa: E402
from models.periods import Period  # noqa: E402
from models.schema import Base, Return, Unit  # noqa: E402

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
_SYLLABLES = "安宁富民宜良石林嵩明禄劝寻甸陆良师宗罗平富源会泽宣威江川澄江通海华宁易门峨山新平元江施甸龙陵昌宁鲁甸巧家盐津大关永善绥江镇雄彝良威信水富永胜华坪宁蒗墨江景东景谷镇沅江城孟连澜沧西盟凤庆永德镇康双江耿马沧源双柏牟定南华姚安大姚永仁元谋武定禄丰个旧开远蒙自弥勒屏边建水石屏泸西元阳红河金平绿春河口砚山西畴麻栗丘北广南富宁勐海勐腊漾濞祥云宾川弥渡南涧巍山永平云龙洱源剑川鹤庆勐遮梁河盈江陇川泸水福贡贡山兰坪德钦维西"
_TOWN_SUFFIX = ["镇卫生院", "乡卫生院", "镇卫生院", "乡卫生院", "街道社区卫生服务中心"]
_COUNTY_UNITS = [("人民医院", "hospital"), ("中医医院", "hospital"), ("妇幼保健院", "hospital"), ("疾病预防控制中心", "other")]
_PROBLEMS = ["专业技术人员结构性短缺，儿科、精神科医师尤为紧缺。", "基层待遇偏低，人才引进难、留住难。", "外出进修培训时间难以保证。", "编制不足，临聘人员比例偏高。"]
_PLANS = ["继续做好紧缺人才招聘引进工作。", "落实周转住房和住房补贴政策。", "加强与上级医院的对口帮扶与进修合作。", "完善绩效工资分配，向临床一线倾斜。"]


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


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole numbers, adding up exactly."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


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


def figures(unit: GenUnit, quarter_index: int) -> dict[str, int]:
    """One quarter's figures of a unit: stocks drift slowly, flows are drawn afresh.

    Every breakdown adds up to its total and every order rule holds, so the returns check clean.
    """
    drift = random.Random(f"{unit.code}")
    female_share = drift.uniform(0.55, 0.72)
    total = unit.size
    for _ in range(quarter_index):  # stocks move at most a few per cent a quarter
        total = max(8, round(total * drift.uniform(0.985, 1.03)))
    rng = random.Random(f"{unit.code}/{quarter_index}")
    v: dict[str, int] = {"staff.total": total}
    v["staff.female"] = round(total * (female_share + rng.uniform(-0.01, 0.01)))
    admin, prof, worker, other = _weighted(total, [0.06, 0.82, 0.09, 0.03] if unit.level != "county" else [0.7, 0.15, 0.12, 0.03])
    v |= {"staff.admin": admin, "staff.prof": prof, "staff.worker": worker, "staff.other": other}
    v |= dict(zip(["staff.admin.rank.zhengke", "staff.admin.rank.fuke", "staff.admin.rank.keyuan"], _weighted(admin, [0.2, 0.3, 0.5]), strict=True))
    titles = _weighted(prof, [0.01, 0.06, 0.22, 0.5, 0.21])
    v |= dict(zip(["staff.prof.title.senior_full", "staff.prof.title.senior_assoc", "staff.prof.title.mid", "staff.prof.title.junior", "staff.prof.title.none"], titles, strict=True))
    cadres = _weighted(prof, [0.3, 0.08, 0.4, 0.06, 0.08, 0.08])
    v |= dict(zip(["staff.prof.cadre.physician", "staff.prof.cadre.assistant", "staff.prof.cadre.nurse", "staff.prof.cadre.pharmacist", "staff.prof.cadre.technician", "staff.prof.cadre.other"], cadres, strict=True))
    edu = _weighted(prof, [0.002, 0.02, 0.35, 0.4, 0.228])
    v |= dict(zip(["staff.prof.edu.phd", "staff.prof.edu.master", "staff.prof.edu.bachelor", "staff.prof.edu.college", "staff.prof.edu.secondary"], edu, strict=True))
    v |= dict(zip(["staff.age.le35", "staff.age.36_40", "staff.age.41_45", "staff.age.46_54", "staff.age.ge55"], _weighted(total, [0.34, 0.2, 0.18, 0.2, 0.08]), strict=True))
    posts = rng.randint(0, max(1, total // 20))
    applicants = posts * rng.randint(3, 9)
    examinees = round(applicants * rng.uniform(0.8, 0.98))
    hired = min(posts, examinees)
    v |= {"recruit.posts": posts, "recruit.applicants": applicants, "recruit.examinees": examinees, "recruit.hired": hired}
    v |= dict(zip([f"recruit.applicants.edu.{e}" for e in ("phd", "master", "bachelor", "college", "secondary")], _weighted(applicants, [0.001, 0.02, 0.3, 0.45, 0.229]), strict=True))
    v |= dict(zip([f"recruit.hired.edu.{e}" for e in ("phd", "master", "bachelor", "college", "secondary")], _weighted(hired, [0.001, 0.03, 0.35, 0.45, 0.169]), strict=True))
    introduced = rng.randint(0, max(0, hired // 3))
    leavers = rng.randint(0, max(0, total // 40))
    v |= {"recruit.introduced": introduced, "recruit.introduced.high": rng.randint(0, introduced), "recruit.intent": rng.randint(0, 5)}
    v |= {"recruit.leavers": leavers, "recruit.leavers.mid_up": rng.randint(0, leavers)}
    sessions = rng.randint(0, 3) if unit.level in ("township", "county") else 0
    required = round(prof * rng.uniform(0.8, 1.0))
    v |= {
        "train.party": rng.randint(0, 5), "train.level.county": rng.randint(0, total // 2), "train.level.prefecture": rng.randint(0, total // 5),
        "train.level.province": rng.randint(0, total // 10), "train.level.national": rng.randint(0, 3), "train.advanced_study": rng.randint(0, 4),
        "train.village.sessions": sessions, "train.village.persons": sessions * rng.randint(20, 60), "train.gp_transfer": rng.randint(0, 2),
        "train.cme.required": required, "train.cme.completed": round(required * rng.uniform(0.85, 1.0)), "train.outreach": rng.randint(0, 12),
        "train.lectures": rng.randint(0, 6),
        "incent.promoted.senior": rng.randint(0, 2), "incent.promoted.mid": rng.randint(0, 6), "incent.promoted.junior": rng.randint(0, 10),
        "incent.housing.units": rng.randint(0, 4), "incent.housing.subsidy": rng.randint(0, 10), "incent.honors": rng.randint(0, 5),
        "incent.leaders": max(0, titles[0] + titles[1] - rng.randint(0, 1)),
    }  # fmt: skip
    return v


def funding_cents(unit: GenUnit, quarter_index: int) -> int:
    """人才工作经费投入 in 万元, as 分 (two decimals)."""
    return random.Random(f"{unit.code}/{quarter_index}/funding").randint(0, max(1, unit.size) * 40)


def quarters(first: str, count: int) -> list[str]:
    out = [str(Period.parse(first))]
    while len(out) < count:
        out.append(_next_quarter(out[-1]))
    return out


def _next_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    return f"{year + (q == 4)}Q{q % 4 + 1}"


def _rows(units: list[GenUnit], periods: list[str], first_index: int, unit_ids: dict[str, int], next_return: int, template: tuple[str, int]) -> Iterator[tuple[dict[str, object], list[dict[str, object]], list[dict[str, object]]]]:
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
                "template_id": template[0], "template_version": template[1],
                "unit_head": "李" + "明华军芳"[rng.randrange(4)], "stats_head": "王" + "丽涛静"[rng.randrange(3)],
                "filled_by": "张" + "敏强燕"[rng.randrange(3)], "phone": f"0871-6{rng.randint(1000000, 9999999)}",
                "report_date": due - dt.timedelta(days=rng.randint(1, 20)), "source_file": "",
                "submitted_at": received, "received_at": received, "review_status": "", "edited_in_excel": False,
                "review_note": "", "created_at": now, "updated_at": now,
            }  # fmt: skip
            values = [{"return_id": rid, "code": c, "value": x} for c, x in figures(unit, qi).items()]
            values.append({"return_id": rid, "code": "incent.funding", "value": _cents(funding_cents(unit, qi))})
            texts = []
            if rng.random() < 0.5:
                texts.append({"return_id": rid, "code": "text.problems", "text": f"1、{rng.choice(_PROBLEMS)}\n2、{rng.choice(_PROBLEMS)}", "drafted_from": ""})
                texts.append({"return_id": rid, "code": "text.plans", "text": f"1、{rng.choice(_PLANS)}", "drafted_from": ""})
            yield ret, values, texts


def _cents(cents: int) -> object:
    from decimal import Decimal

    return Decimal(cents).scaleb(-2)


def _quarter_number(period: str) -> int:
    """Quarters since 2020Q1: the index that keeps a unit's series the same whatever the first quarter."""
    return (int(period[:4]) - 2020) * 4 + int(period[-1]) - 1


def generate(db: str, periods: list[str], batch: int = 400) -> Engine:
    """Make the database (the program's schema) and fill it; returns its engine."""
    from models.template import default_registry

    tpl = default_registry().latest()
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
        conn.execute(insert(Unit.__table__), rows)
    tables = Base.metadata.tables
    rets: list[dict[str, object]] = []
    vals: list[dict[str, object]] = []
    txts: list[dict[str, object]] = []

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(insert(Return.__table__), rets)
            conn.execute(insert(tables["return_values"]), vals)
            if txts:
                conn.execute(insert(tables["return_texts"]), txts)
        rets.clear(), vals.clear(), txts.clear()

    for ret, values, texts in _rows(units, periods, 0, ids, 1, (tpl.id, tpl.version)):
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


def file_units(units: list[GenUnit]) -> list[GenUnit]:
    """Whose files a quarter brings: every county bureau and every township, hospital, centre."""
    prefectures = {u.code for u in units if u.parent == PROVINCE[0]}
    return [u for u in units if u.size and u.code not in prefectures]


def _export_chunk(args: tuple[str, str, list[str], str]) -> int:
    db, period, codes, folder = args
    from formats.xlsx_export import default_filename, export_xlsx
    from models.returns import ReturnService

    service = ReturnService(open_database(db, backup_before_upgrade=False), who="bench")
    for code in codes:
        data = service.load(code, period)
        assert data is not None, code
        export_xlsx(service, code, period, Path(folder) / default_filename(data))
    service.engine.dispose()
    return len(codes)


def cached_files(period: str, cache: Path | None = None, workers: int = 2) -> Path:
    """The folder of one quarter's Excel returns, made once (the exporter's code is part of the key)."""
    digest = hashlib.sha256()
    for part in (Path(__file__), ROOT / "formats" / "xlsx_export.py", ROOT / "formats" / "xlsx_layout.py"):
        digest.update(part.read_bytes())
    cache = cache or Path(os.environ.get("HRH_BENCH_CACHE", Path.home() / ".cache" / "hrh-province"))
    folder = cache / f"{period}-{digest.hexdigest()[:12]}"
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "source.db"
    for old in folder.glob("*"):
        old.unlink()
    started = time.perf_counter()
    # The series up to the quarter, so its figures continue those of the province database.
    generate(str(source), [period]).dispose()
    codes = [u.code for u in file_units(build_units())]
    chunks = [codes[i::workers] for i in range(workers)]
    xlsx = folder / "xlsx"
    xlsx.mkdir()
    with ProcessPoolExecutor(workers) as pool:
        done = sum(pool.map(_export_chunk, [(str(source), period, chunk, str(xlsx)) for chunk in chunks]))
    source.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{source}{suffix}").unlink(missing_ok=True)
    (folder / "done").write_text(f"{done} files in {time.perf_counter() - started:.1f} s\n")
    return folder


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
        started = time.perf_counter()
        folder = cached_files(args.period)
        print(f"{folder}: {(folder / 'done').read_text().strip()} (this call {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
