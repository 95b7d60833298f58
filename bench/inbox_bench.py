"""收件箱 speed: importing a folder of returns through the real pipeline, beside bare
openpyxl and bare python-calamine reading the same cells, in the same run.

    python bench/inbox_bench.py [--files 100] [--repeat 3]

The folder holds ``--files`` returns exported by the program (named as mail clients
save them: 城关镇.xlsx, 附件3.xlsx …). Ours: ``models.importing.import_files`` on the
folder (walked, every file told by its content, read with every check, planned, stored one
transaction per file, checks run, the batch recorded), into a fresh database each time;
then the 收件箱 query (``models.inbox.inbox``) over what arrived. Bare: openpyxl
``read_only=True`` and python-calamine reading every cell of every sheet of the same files,
values only, nothing checked or stored. Figures are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baselines import bare_calamine, bare_openpyxl, median_time  # noqa: E402
from formats.reading import reader_for  # noqa: E402
from formats.xlsx_export import export_xlsx  # noqa: E402
from models.data import ReturnData, UnitInfo  # noqa: E402
from models.db import open_database  # noqa: E402
from models.demo import build_demo, load_demo  # noqa: E402
from models.importing import import_files  # noqa: E402
from models.inbox import inbox  # noqa: E402
from models.returns import ReturnService  # noqa: E402

PERIOD = "2024Q4"


def make_folder(service: ReturnService, folder: Path, files: int) -> list[Path]:
    tpl = service.registry.for_period(PERIOD)  # the demo's township returns are of this quarter
    townships = load_demo().townships()  # the benches cycle through the demo's township returns
    numbered = [t.code for t in tpl.texts if t.numbered]  # 存在问题 and the like, from the template
    folder.mkdir()
    paths = []
    for i in range(files):
        code = f"B{i:05d}"
        unit = UnitInfo(code, f"基准卫生院{i:03d}", "township", "530000100")
        service.units.save(unit)
        values = dict(townships[i % len(townships)].values)
        texts = {c: f"1、第{i}个单位的第{n + 1}项。\n2、人员紧缺。" for n, c in enumerate(numbered)}
        service.store.save(ReturnData(unit, PERIOD, tpl.id, tpl.version, values=values, texts=texts))
        name = f"附件{i}.xlsx" if i % 3 == 0 else f"基准卫生院{i:03d}({i % 2}).xlsx"
        export_xlsx(service, code, PERIOD, folder / name)
        paths.append(folder / name)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = ReturnService(open_database(tmp / "townships.db"), who="bench")
        build_demo(source)
        folder = tmp / "收件"
        paths = make_folder(source, folder, args.files)
        source.engine.dispose()

        n_openpyxl = bare_openpyxl(paths[:2]) and bare_openpyxl(paths)  # warm up, then count
        n_calamine = bare_calamine(paths)
        t_openpyxl = median_time(lambda: bare_openpyxl(paths), args.repeat)
        t_calamine = median_time(lambda: bare_calamine(paths), args.repeat)

        boxes: list[float] = []

        def import_folder() -> None:
            target = tmp / f"county{time.perf_counter_ns()}.db"
            engine = open_database(target)
            county = ReturnService(engine, who="bench")
            build_demo(county)
            reports = import_files(county, [folder], reader_for(county.registry), source="bench").files
            assert len(reports) == args.files and all(r.action == "imported" for r in reports), [r.message for r in reports if r.action != "imported"][:3]
            start = time.perf_counter()
            box = inbox(county, PERIOD)
            boxes.append(time.perf_counter() - start)
            assert len(box.rows) == args.files
            engine.dispose()

        import_folder()  # warm up (imports, fonts, template)
        boxes.clear()
        t_ours = median_time(import_folder, args.repeat)
        t_box = statistics.median(boxes)
        per = 1000 / args.files
        print(f"import a folder of {args.files} returns ({n_openpyxl} non-empty cells by openpyxl, {n_calamine} by calamine):")
        print(f"  import pipeline (sniff, read with every check, plan, store, checks, batch record): {t_ours:6.2f} s  ({t_ours * per:5.1f} ms/file)")
        print(f"  bare openpyxl read_only, every cell of every sheet:                               {t_openpyxl:6.2f} s  ({t_openpyxl * per:5.1f} ms/file)")
        print(f"  bare python-calamine, every cell of every sheet:                                  {t_calamine:6.2f} s  ({t_calamine * per:5.1f} ms/file)")
        print(
            f"  ratio ours / bare openpyxl: {t_ours / t_openpyxl:.2f}x; ours / bare calamine: {t_ours / t_calamine:.2f}x; openpyxl / calamine: {t_openpyxl / t_calamine:.2f}x"
        )
        print(f"  收件箱 query over the {args.files} files that arrived: {t_box * 1000:.0f} ms")
        print(f"=> importing a folder of {args.files} returns | {t_ours:.1f} s | bare openpyxl {t_openpyxl:.1f} s | {t_ours / t_openpyxl:.2f}x")
        print(f"=> importing a folder of {args.files} returns vs calamine | {t_ours:.1f} s | bare calamine {t_calamine:.2f} s | {t_ours / t_calamine:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
