"""Every language's build against the English build alone (issue 23: at most 3.5 times).

`make build` builds English into site/, then writes every translation's docs in one process
(`tools.i18n docs ko ja`) and builds the translations side by side (`mkdocs build -f
mkdocs.LANG.yml` into site/LANG/); `make serve` and `make check` build English alone. Both run
here as `make build` runs them, alternating, warm (`.cache/` kept), in fresh processes; wall
time and the CPU time of the processes (median of ROUNDS), and the same with the translations
built one after the other. The figures go to tests/bench/README.md, "Translations".
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5
TARGET = 3.5
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'hooks'}:{ROOT}", "NO_MKDOCS_2_WARNING": "1",
       "PYTHONDONTWRITEBYTECODE": ""}
MKDOCS = [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet"]


def languages() -> list[str]:
    return sorted(p.name.split(".")[1] for p in ROOT.glob("mkdocs.*.yml"))


def timed(steps: list[list[list[str]]]) -> tuple[float, float]:
    """(wall, CPU) of running `steps` one after the other, the commands of a step side by side,
    each a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for step in steps:
        running = [subprocess.Popen(c, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
                   for c in step]
        if any(process.wait() for process in running):
            raise SystemExit(f"failed: {step}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as tmp:
        site = Path(tmp) / "site"
        english = [[[*MKDOCS, "--site-dir", str(site)]]]
        builds = [[*MKDOCS, "-f", f"mkdocs.{lang}.yml", "--site-dir", str(site / lang)]
                  for lang in languages()]
        docs = [[PYTHON, "-m", "tools.i18n", "docs", *languages()]]
        every = [*english, docs, builds]  # as `make build`
        serial = [*english, docs, *([b] for b in builds)]
        timed(every)  # warm: .cache/, bytecode
        runs: dict[str, list[tuple[float, float]]] = {"en": [], "all": [], "serial": []}
        for _ in range(ROUNDS):
            runs["en"].append(timed(english))
            runs["all"].append(timed(every))
            runs["serial"].append(timed(serial))
    en_wall = statistics.median(w for w, _ in runs["en"])
    en_cpu = statistics.median(c for _, c in runs["en"])
    all_wall = statistics.median(w for w, _ in runs["all"])
    all_cpu = statistics.median(c for _, c in runs["all"])
    serial_wall = statistics.median(w for w, _ in runs["serial"])
    ratio = all_wall / en_wall
    print(f"languages: en + {', '.join(languages())}; median of {ROUNDS}, warm")
    print(f"English alone:  {en_wall:.2f} s wall, {en_cpu:.2f} s CPU")
    print(f"every language: {all_wall:.2f} s wall, {all_cpu:.2f} s CPU "
          f"(translations one after the other: {serial_wall:.2f} s wall)")
    print(f"ratio: {ratio:.2f} wall ({serial_wall / en_wall:.2f} one after the other), "
          f"{all_cpu / en_cpu:.2f} CPU (target: at most {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
