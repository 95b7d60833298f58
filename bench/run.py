"""`make bench`: run every bench/*_bench.py in its own process, print its figures, then a summary.

Each script prints its figures beside the bare library doing the same work in the
same run, and one line per headline figure starting with ``=>``
(what | ours | bare | ratio); those lines are gathered into the summary table.
The crash bench runs 20 kills here (`make crash-bench` runs 200) and the import kill
bench 10 (alone it runs 100), so that the whole run stays under 5 minutes on a 2-core machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Arguments that keep `make bench` short; each script alone keeps its fuller defaults.
ARGS = {
    "crash_bench.py": ["--kills", "20"],
    "gui_bench.py": ["--runs", "5", "--instructions"],
    "import_kill_bench.py": ["--kills", "10"],
    "inbox_bench.py": ["--repeat", "1"],
    "pdf_bench.py": ["--runs", "5"],
}
# Too long for `make bench`: run alone (`make bench-province`, ~10 minutes).
ALONE = {"province_bench.py"}


def main(argv: list[str] | None = None) -> int:
    scripts = sorted(HERE.glob("*_bench.py"))
    wanted = set(argv if argv is not None else sys.argv[1:])
    if wanted:
        scripts = [s for s in scripts if s.stem in wanted or s.name in wanted]
    else:
        scripts = [s for s in scripts if s.name not in ALONE]
    failed = 0
    summary: list[list[str]] = []
    started = time.perf_counter()
    for script in scripts:
        print(f"== {script.name} {' '.join(ARGS.get(script.name, []))}", flush=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script), *ARGS.get(script.name, [])], capture_output=True, text=True)
        print(proc.stdout, end="", flush=True)
        if proc.returncode != 0:
            failed = 1
            print(proc.stderr[-2000:], flush=True)
            summary.append([script.name, "FAILED", "", ""])
        for line in proc.stdout.splitlines():
            if line.startswith("=> "):
                summary.append([p.strip() for p in line[3:].split("|")])
        print(f"   ({time.perf_counter() - t:.0f} s)", flush=True)
    print(f"\n== summary (ours | the bare library, same work, same run | ratio), {time.perf_counter() - started:.0f} s in all")
    width = max((len(row[0]) for row in summary), default=0)
    for row in summary:
        print("  " + row[0].ljust(width) + "  " + "  ".join(p.rjust(12) if i == 0 else p for i, p in enumerate(row[1:])))
    return failed


if __name__ == "__main__":
    sys.exit(main())
