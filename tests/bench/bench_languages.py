"""Every language's build against the English build alone (issue 23: at most 3.5 times).

`make build` builds English into site/, then each translation (`tools.i18n docs LANG`, then
`mkdocs build -f mkdocs.LANG.yml` into site/LANG/); `make serve` and `make check` build English
alone. Both sequences run here as `make build` runs them, alternating, warm (`.cache/` kept), in
fresh processes; wall time and the CPU time of the processes (median of ROUNDS). The figures go
to tests/bench/README.md, "Translations".
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


def timed(commands: list[list[str]]) -> tuple[float, float]:
    """(wall, CPU) of running `commands` one after the other, each a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as tmp:
        site = Path(tmp) / "site"
        english = [[*MKDOCS, "--site-dir", str(site)]]
        every = english + [step for lang in languages() for step in (
            [PYTHON, "-m", "tools.i18n", "docs", lang],
            [*MKDOCS, "-f", f"mkdocs.{lang}.yml", "--site-dir", str(site / lang)])]
        timed(every)  # warm: .cache/, bytecode
        runs: dict[str, list[tuple[float, float]]] = {"en": [], "all": []}
        for _ in range(ROUNDS):
            runs["en"].append(timed(english))
            runs["all"].append(timed(every))
    en_wall = statistics.median(w for w, _ in runs["en"])
    en_cpu = statistics.median(c for _, c in runs["en"])
    all_wall = statistics.median(w for w, _ in runs["all"])
    all_cpu = statistics.median(c for _, c in runs["all"])
    ratio = all_wall / en_wall
    print(f"languages: en + {', '.join(languages())}; median of {ROUNDS}, warm")
    print(f"English alone:  {en_wall:.2f} s wall, {en_cpu:.2f} s CPU")
    print(f"every language: {all_wall:.2f} s wall, {all_cpu:.2f} s CPU")
    print(f"ratio: {ratio:.2f} wall, {all_cpu / en_cpu:.2f} CPU (target: at most {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
