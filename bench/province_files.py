"""One quarter's Excel returns of the generated province (bench/province_gen.py), written
once through the real exporter by a pool of worker processes and kept in a cache folder
(~/.cache/hrh-province, or $HRH_BENCH_CACHE) keyed by the generator's and the exporter's code."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from province_gen import PROFILE, PROVINCE, GenUnit, build_units, generate  # noqa: E402

from models.db import open_database  # noqa: E402


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
        data = service.store.load(code, period)
        assert data is not None, code
        export_xlsx(service, code, period, Path(folder) / default_filename(data))
    service.engine.dispose()
    return len(codes)


def cached_files(period: str, cache: Path | None = None, workers: int = 2) -> Path:
    """The folder of one quarter's Excel returns, made once (the exporter's code is part of the key)."""
    digest = hashlib.sha256()
    for part in (
        Path(__file__),
        Path(__file__).with_name("province_gen.py"),
        PROFILE,
        *(ROOT / "formats" / f"xlsx_{m}.py" for m in ("export", "sections", "sheet", "cells", "layout")),
    ):
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
