"""What the pages' dates cost (issue 24): the English build with and without
hooks/page_history.py, and against a bare Material build (the build bar).

Variants, built in turns (the order rotated each round), warm (`.cache/` kept), each in a fresh
process in this repository (the dates need its git history; tests/bench/bench_build.py builds a
copy without .git), strict as `mkdocs build --strict`:

- bare: the same pages as a plain Material build (tests/bench/sites.py), the build bar's
  measure: the real build at most 2.0x bare's (tests/bench/README.md);
- none: the build without the hook (the site before issue 24, but for the template);
- mkdocs.yml: the build as it is, the hook dating every page with its one `git log`;
- ko: the same two for the Korean site.

Figures: median wall and CPU seconds of ROUNDS (CPU: the build process and every process it
waited for: git, pandoc), and each variant's difference from "none" in the same round (median).
`python tests/bench/bench_history.py`; the figures go to tests/bench/README.md, "Page history".
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 9


def variants() -> dict[str, dict]:
    """name -> load_config overrides (hooks), from mkdocs.yml; `config_file` names another
    configuration (the Korean site's)."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from explainer.siteconfig import read_config
    from sites import bare_overrides

    hooks = [h for h in read_config(ROOT / "mkdocs.yml")["hooks"]
             if not h.endswith("page_history.py")]
    return {
        "bare": bare_overrides(ROOT / "mkdocs.yml"),
        "none": {"hooks": hooks},
        "mkdocs.yml": {},
        "ko: none": {"config_file": "mkdocs.ko.yml", "hooks": hooks},
        "ko: mkdocs.ko.yml": {"config_file": "mkdocs.ko.yml"},
    }


def build(overrides: dict, site_dir: Path) -> tuple[float, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, json.dumps(overrides), str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def child(overrides: str, site_dir: str) -> None:
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR)
    overrides = json.loads(overrides)
    config = load_config(str(ROOT / overrides.pop("config_file", "mkdocs.yml")),
                         site_dir=site_dir, strict=overrides.pop("strict", True), **overrides)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def main() -> int:
    subprocess.run([sys.executable, "-m", "tools.i18n", "docs", "ko"], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": f"{ROOT / 'hooks'}:{ROOT}"},
                   stdout=subprocess.DEVNULL)
    runs = variants()
    names = list(runs)
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        for name in names:  # warm-up: .cache/, bytecode, the file cache
            build(runs[name], Path(tmp) / "warm")
        for i in range(ROUNDS):
            for name in names[i % len(names):] + names[:i % len(names)]:
                figures[name].append(build(runs[name], Path(tmp) / f"{i}-{len(figures[name])}"))
    print(f"Warm builds, {ROUNDS} rounds: median wall s, CPU s; difference from 'none' of the "
          "same language (median of rounds), ms")
    for name in names:
        walls, cpus = zip(*figures[name])
        none = figures["ko: none" if name.startswith("ko:") else "none"]
        d_wall = statistics.median(w - n for (w, _), (n, _) in zip(figures[name], none))
        d_cpu = statistics.median(c - n for (_, c), (_, n) in zip(figures[name], none))
        print(f"  {name:26} {statistics.median(walls):6.3f} {statistics.median(cpus):6.3f}"
              f"   {d_wall * 1000:+6.0f} {d_cpu * 1000:+6.0f}")
    for name in ("none", "mkdocs.yml"):
        ratios = [(w / bw, c / bc) for (w, c), (bw, bc) in zip(figures[name], figures["bare"])]
        print(f"  {name} / bare (median of rounds; bar 2.0): wall "
              f"{statistics.median(r[0] for r in ratios):.2f}, CPU "
              f"{statistics.median(r[1] for r in ratios):.2f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(*sys.argv[1:])
    else:
        sys.exit(main())
