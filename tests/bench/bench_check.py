"""Benchmark of `make check` (issue 9): `make bench` runs it and prints figures.

Target: the whole fast loop (strict build, offline link check, content lint, workflow lint) in
at most 45 s on a warm virtual environment. It runs the checks REPEAT times after one warm-up
run (the first run after installing pays for compiling bytecode), each as `make check` does
(`tools.check.run_checks`, the build in its own process beside the lints), and prints the
wall-clock time of each check and of the whole. Wall-clock, because that is what a contributor
waits for; on this shared 2-core machine it swings with other people's work, so the median and
the fastest run are both printed, and the load average beside them.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT)]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from tools.check import run_checks  # noqa: E402

REPEAT = 3
TARGET = 45.0


def main() -> int:
    runs: list[tuple[float, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(REPEAT + 1):
            start = time.perf_counter()
            results = run_checks(ROOT, Path(tmp) / "site")
            total = time.perf_counter() - start
            failed = [r.name for r in results if not r.ok]
            if failed:
                print(f"checks failed ({', '.join(failed)}): fix them first (make check)")
                return 1
            if attempt:  # the first run warms up
                runs.append((total, {r.name: r.seconds for r in results}))
    totals = [total for total, _ in runs]
    for name in runs[0][1]:
        times = [each[name] for _, each in runs]
        print(f"{name:20} median {statistics.median(times):5.1f} s   fastest {min(times):5.1f} s")
    median = statistics.median(totals)
    print(f"{'make check':20} median {median:5.1f} s   fastest {min(totals):5.1f} s   "
          f"({REPEAT} runs, load average {os.getloadavg()[0]:.1f})")
    print(f"target: at most {TARGET:.0f} s: {'met' if median <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
