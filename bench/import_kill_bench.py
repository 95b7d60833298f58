"""Each file all or nothing, proven: SIGKILL a 30-file ``import-xlsx`` at random moments, then check.

Setup: the demo database stands for the county; 30 Excel returns are made with the
demo's township figures (each with texts and an allowance row) in another database and
written by ``formats.xlsx_export``: 6 new health centres under the demo county, 21 new
townships under them (children before parents on the command line, so the import must
store parents first), and new returns of the 3 townships the county already has.
27 of the 30 files create a unit.

Each kill: a copy of the county database, ``python main.py import-xlsx --db COPY FILES…``
started as a process and SIGKILLed at a random moment — a quarter of the moments
anywhere in the run, the rest at a random moment after the batch is recorded, within
the time an unkilled control run took to store the files. Then, on the copy:

- ``PRAGMA integrity_check`` is ok;
- units without their return, among the units the import created: must be 0;
- partial files: every return in the database that came from a file equals that file
  exactly (figures, texts, allowances, explanations, signatories): must be 0;
- the import record: every file it says is in is in, and every file that is in is
  recorded as in;
- the report of the interrupted batch (``models.importing.interrupted_batches``, and the
  notice ``import-xlsx --dry-run`` prints at the next start) names exactly the files that
  are in, and the others as not in.

Usage: python bench/import_kill_bench.py [--kills 100] [--seed 1]
"""

# No ``from __future__ import annotations``: the dataclasses below must work when the
# script is loaded by path without a sys.modules entry (tests/bench does that).
import argparse
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.data import Allowance, ReturnData, UnitInfo  # noqa: E402
from models.vocab import SubmissionState  # noqa: E402

COUNTY = "530000100"
PERIOD = "2025Q1"
FILES = 30


@dataclass
class Setup:
    base: Path  # the county's database before the import
    files: list[Path]  # in command-line order
    expected: dict[tuple[str, str], tuple[str, ReturnData]]  # (unit, period) -> (file name, what the file holds)
    base_units: set[str]
    new_units: int = 0
    batch_window: tuple[float, float] = (0.0, 0.0)  # seconds after launch: first store .. batch finished
    full_run: float = 0.0


@dataclass
class Figures:
    kills: int = 0
    before_batch: int = 0
    mid_batch: int = 0
    after_batch: int = 0
    files_in: int = 0
    units_without_return: int = 0
    partial_files: int = 0
    record_mismatches: int = 0
    report_mismatches: int = 0
    notices_checked: int = 0
    notice_limit: int | None = None
    problems: list[str] = field(default_factory=list)


def build(folder: Path) -> Setup:
    """The county database and the 30 files the townships sent."""
    from formats.xlsx_export import default_filename, export_xlsx
    from formats.xlsx_import import read_xlsx
    from models.db import open_database
    from models.demo import build_demo, load_demo
    from models.returns import ReturnService

    base = folder / "county.db"
    county = ReturnService(open_database(base), who="县卫健局")
    build_demo(county)
    base_units = {u.code for u in county.units.list()}
    existing = [u for u in county.units.list() if u.level == "township"][:5]  # the demo has 3
    county.engine.dispose()

    senders = ReturnService(open_database(folder / "senders.db"), who="乡镇")
    senders.units.save(UnitInfo(COUNTY, "示范县卫生健康局", "county"))
    tpl = senders.registry.for_period(PERIOD)
    centres = [UnitInfo(f"K{c}", f"第{c}片区中心卫生院", "township", COUNTY) for c in range(6)]
    towns = [UnitInfo(f"K{c}T{t}", f"第{c}片区第{t}卫生室", "township", f"K{c}") for c in range(6) for t in range(4)][: FILES - len(centres) - len(existing)]
    order = towns + centres + existing  # children first on the command line
    for u in centres + towns + existing:
        senders.units.save(u)
    files: list[Path] = []
    townships = load_demo().townships()
    county_texts = load_demo().get(*load_demo().selftest).texts  # the demo county's narrative: one text per code
    for n, unit in enumerate(order):
        data = ReturnData(unit=unit, period=PERIOD, template_id=tpl.id, template_version=tpl.version)
        data.values = dict(townships[n % len(townships)].values)
        data.texts = {code: f"{unit.name}（{n}）：{body}" for code, body in county_texts.items()}
        data.allowances = [Allowance("基层津贴", n + 1, Decimal("300.00"), None, Decimal(900 * (n + 1)))]
        senders.store.save(data)
        path = folder / "mail" / default_filename(data)
        path.parent.mkdir(exist_ok=True)
        export_xlsx(senders, unit.code, PERIOD, path)
        files.append(path)
    senders.engine.dispose()
    expected = {}
    for path in files:
        read = read_xlsx(path, county.registry)
        expected[(read.data.unit.code, read.data.period)] = (path.name, read.data)
    assert len(files) == FILES
    return Setup(base, files, expected, base_units, new_units=len(centres) + len(towns))


def command(db: Path, files: list[Path], *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--db", str(db), "import-xlsx", *extra, *map(str, files)]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("QT_QPA_PLATFORM", None)
    return env


def fresh_copy(setup: Setup, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "county.db"
    shutil.copy(setup.base, db)
    return db


def measure(setup: Setup, folder: Path) -> list[str]:
    """The unkilled control run: everything goes in; when the storing happens."""
    db = fresh_copy(setup, folder)
    start_wall = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    t = time.perf_counter()
    proc = subprocess.run(command(db, setup.files), env=environment(), capture_output=True, text=True)
    setup.full_run = time.perf_counter() - t
    problems = [] if proc.returncode == 0 else [f"control run exit {proc.returncode}: {proc.stderr[-500:]}"]
    con = sqlite3.connect(db)
    try:
        started, finished = con.execute("SELECT started_at, finished_at FROM import_batches").fetchone()
    finally:
        con.close()
    first = (dt.datetime.fromisoformat(started) - start_wall).total_seconds()
    last = (dt.datetime.fromisoformat(finished) - start_wall).total_seconds()
    setup.batch_window = (first, last)
    figures = Figures()
    problems += check(setup, db, figures, notice=False)
    if figures.files_in != len(setup.files):
        problems.append(f"control run: {figures.files_in} of {len(setup.files)} files in")
    return problems


def same(a: ReturnData, b: ReturnData) -> bool:
    return (a.values, a.texts, a.allowances, a.explanations, a.signatories, a.unit.code, a.period, a.scope) == (
        b.values,
        b.texts,
        b.allowances,
        b.explanations,
        b.signatories,
        b.unit.code,
        b.period,
        b.scope,
    )


def check(setup: Setup, db: Path, figures: Figures, notice: bool = True) -> list[str]:
    """Everything the issue asks of the database after a kill; the problems found."""
    from models.db import open_database
    from models.importing import interrupted_batches
    from models.returns import ReturnService

    problems: list[str] = []
    con = sqlite3.connect(db)
    try:
        if (result := con.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            return [f"integrity_check: {result}"]
        batches = con.execute("SELECT id, status FROM import_batches").fetchall()
        recorded = {name: outcome for name, outcome in con.execute("SELECT file_name, outcome FROM import_files")}
    finally:
        con.close()
    engine = open_database(db)
    try:
        service = ReturnService(engine, who="bench")
        units = {u.code for u in service.units.list()}
        created = units - setup.base_units
        in_db: set[str] = set()
        for (unit, period), (name, data) in setup.expected.items():
            stored = service.store.load(unit, period)
            if stored is None:
                continue
            in_db.add(name)
            if not same(stored, data):
                figures.partial_files += 1
                problems.append(f"{name}: the return in the database differs from the file")
        for code in created:
            if not service.queries.list_returns(code):
                figures.units_without_return += 1
                problems.append(f"unit {code} without its return")
        said_in = {name for name, outcome in recorded.items() if outcome in ("imported", "replaced")}
        if said_in != in_db:
            figures.record_mismatches += 1
            problems.append(f"import record says in {sorted(said_in - in_db)} not in; in but not recorded {sorted(in_db - said_in)}")
        figures.files_in = len(in_db)
        if not batches:
            figures.before_batch += 1
            if in_db or created:
                problems.append("files in without a batch record")
            return problems
        status = batches[-1][1]
        reports = interrupted_batches(engine)
        if status == "running":
            figures.mid_batch += 1
            if len(reports) != 1:
                figures.report_mismatches += 1
                problems.append(f"{len(reports)} interrupted batches reported, 1 expected")
                return problems
            report = reports[0]
            names = {p.name for p in setup.files}
            went = {f.file_name for f in report.went_in}
            not_in = {f.file_name for f in report.not_in}
            if went != in_db or not_in != names - in_db:
                figures.report_mismatches += 1
                problems.append(f"interrupted batch report: in {sorted(went)}, database has {sorted(in_db)}")
            if notice and (figures.notice_limit is None or figures.notices_checked < figures.notice_limit):
                problems += check_notice(setup, db, in_db, figures)
        else:
            figures.after_batch += 1
            if reports:
                figures.report_mismatches += 1
                problems.append(f"a {status} batch reported as interrupted")
            if len(in_db) != len(setup.files):
                problems.append(f"batch {status} with {len(in_db)} of {len(setup.files)} files in")
    finally:
        engine.dispose()
    return problems


def check_notice(setup: Setup, db: Path, in_db: set[str], figures: Figures) -> list[str]:
    """What the clerk reads at the next start: ``import-xlsx --dry-run`` prints the notice."""
    proc = subprocess.run(command(db, setup.files[:1], "--dry-run"), env=environment(), capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    figures.notices_checked += 1
    went_line = next((ln for ln in lines if ln.strip().startswith(f"{SubmissionState.IMPORTED.label}的")), None)
    if not any("被中断" in ln for ln in lines) or went_line is None:
        figures.report_mismatches += 1
        return [f"no notice of the interrupted batch: {proc.stdout[:300]} {proc.stderr[-300:]}"]
    listed = went_line.split("：", 1)[1]
    said = set() if listed == "无" else set(listed.split("、"))
    if said != in_db:
        figures.report_mismatches += 1
        return [f"notice says in {sorted(said)}, database has {sorted(in_db)}"]
    return []


def wait_for_batch(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the import has recorded its batch (it stores the files next), or has ended."""
    while proc.poll() is None:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            if con.execute("SELECT count(*) FROM import_batches").fetchone()[0]:
                return
        except sqlite3.OperationalError:
            pass  # busy for a moment: ask again
        finally:
            con.close()
        time.sleep(0.005)


def run(kills: int, folder: Path, seed: int = 1, setup: Setup | None = None, notices: int | None = None) -> tuple[Figures, Setup]:
    """``notices``: at most this many interrupted batches are also checked through the
    notice of the next ``import-xlsx`` (a process each); None: all."""
    rng = random.Random(seed)
    setup = setup or build(folder)
    figures = Figures(notice_limit=notices)
    figures.problems += measure(setup, folder / "control")
    if figures.problems:
        return figures, setup
    first, last = setup.batch_window
    for n in range(kills):
        db = fresh_copy(setup, folder / "kill")
        anywhere = rng.random() < 0.25
        at = rng.uniform(0, setup.full_run) if anywhere else rng.uniform(0, last - first + 0.05)
        proc = subprocess.Popen(command(db, setup.files), env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not anywhere:
            wait_for_batch(db, proc)  # the moment is measured from the start of storing
        time.sleep(at)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        figures.kills += 1
        problems = check(setup, db, figures)
        if proc.returncode not in (-signal.SIGKILL, 0):
            problems.append(f"kill {n}: exit {proc.returncode}: {err.decode(errors='replace')[-300:]}")
        figures.problems += [f"kill {n} at {at:.2f} s: {p}" for p in problems]
    return figures, setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        figures, setup = run(args.kills, Path(tmp), args.seed)
        first, last = setup.batch_window
        print(
            f"{len(setup.files)} Excel files, {setup.new_units} of them for units new to the county's database; unkilled import {setup.full_run:.2f} s, storing from {first:.2f} s to {last:.2f} s"
        )
        print(
            f"{figures.kills} kills (SIGKILL): {figures.before_batch} before storing began, {figures.mid_batch} mid-batch, {figures.after_batch} after it finished"
        )
        print(f"units without their return: {figures.units_without_return}")
        print(f"partial files (a return differing from its file): {figures.partial_files}")
        print(f"import record wrong (a file said in not in, or in but not recorded): {figures.record_mismatches}")
        print(
            f"interrupted-batch report wrong: {figures.report_mismatches} (of {figures.mid_batch} interrupted batches; {figures.notices_checked} notices at the next start read)"
        )
        print(f"{len(figures.problems)} problems, {time.perf_counter() - t:.0f} s")
        for p in figures.problems[:20]:
            print("  " + p)
        print("=> import kills, " + f"{figures.kills} kills of a 30-file import | {len(figures.problems)} problems | - | -")
    return 1 if figures.problems else 0


if __name__ == "__main__":
    sys.exit(main())
